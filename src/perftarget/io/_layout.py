"""
What the rows of a sheet mean: headers, blocks and label rows.

Every reader (Excel, Word, CSV, text) turns its file into sheets of cell
strings; this module recognises, by meaning, the parts of the layouts real
tables use (domain-rules §3.1): the indicator header (in any column order,
possibly over two rows when 年度指标值 is split into 指标性质 | 指标值 |
度量单位), the funding block (年初预算数 / 全年预算数 / 全年执行数 / 分值 /
执行率 / 得分), label rows (项目名称, 主管部门, 年度, 年度目标), the 总分 row,
notes under a table and placeholder rows (``……``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from perftarget.core import text_cache
from perftarget.core._text import normalize
from perftarget.exceptions import Location, Problem

__all__ = [
    "FUNDING_ROLES",
    "HEADER_ROLES",
    "INDICATOR_ROLES",
    "REQUIRED_ROLES",
    "REVISION_ROLES",
    "cell_key",
    "clean_title",
    "funding_roles",
    "header_problem",
    "header_role",
    "indicator_roles",
    "is_placeholder",
    "label_of",
    "missing_roles",
    "revision_header",
    "revision_role",
]

#: Column roles of a target table and the headers (normalised) that name them.
HEADER_ROLES: Final[dict[str, tuple[str, ...]]] = {
    "level1": ("一级指标", "level1", "level-1indicator", "level1indicator"),
    "level2": ("二级指标", "level2", "level-2indicator", "level2indicator"),
    "level3": (
        "三级指标",
        "指标内容",
        "指标名称",
        "绩效指标",
        "level3",
        "level-3indicator",
        "indicator",
    ),
    "description": ("绩效指标描述", "指标解释", "指标说明", "description"),
    "target": (
        "指标值",
        "年度指标值",
        "指标值及单位",
        "目标值",
        "预期指标值",
        "target",
        "targetvalue",
        # the original target beside an adjusted one (调整后指标值)
        "年初指标值",
        "调整前指标值",
        "originaltarget",
    ),
    "basis": ("指标值确定依据", "指标值设定依据", "确定依据", "basis"),
    "weight": ("分值", "权重", "指标分值", "权重占比", "权重占比(%)", "指标权重", "weight"),
    "unit": ("度量单位", "计量单位", "单位", "unit"),
    # Time on the indicator: the baseline (上年值) and the adjustments of the year.
    "baseline_target": ("上年指标值", "上年度指标值", "上年目标值", "baselinetarget"),
    "baseline_actual": (
        "上年实际值",
        "上年完成值",
        "上年自评值",
        "上年实际完成值",
        "上年度实际完成值",
        "上年值",
        "基期值",
        "基线值",
        "baselineactual",
        "baseline",
    ),
    "baseline_year": ("基期年度", "上年年度", "基线年度", "baselineyear"),
    "baseline_reason": (
        "变动原因",
        "较上年变动原因",
        "指标值变动原因",
        "变动说明",
        "baselinereason",
    ),
    "revised_target": (
        "调整后指标值",
        "调整指标值",
        "调整后目标值",
        "调整后指标",
        "revisedtarget",
        "adjustedtarget",
    ),
    "revision_reason": ("调整原因", "调整理由", "调整说明", "revisionreason"),
    "revision_date": ("调整时间", "调整日期", "revisiondate"),
}
#: The roles of one adjustment (调整后指标值, 调整原因, 调整时间).  The n-th
#: adjustment's columns say so (``第2次调整后指标值``) and take the role with
#: the suffix ``_n`` (``revised_target_2``); the first has none.
REVISION_ROLES: Final = ("revised_target", "revision_reason", "revision_date")
#: The roles a target table cannot do without.
REQUIRED_ROLES: Final = ("level1", "level2", "level3", "target")

#: Column roles of the indicator header, with their headers (normalised); the
#: first roles are :data:`HEADER_ROLES`.  Earlier
#: headers win: ``三级指标`` beats ``绩效指标`` (the merged label column of the
#: official self-evaluation layout).
INDICATOR_ROLES: Final[dict[str, tuple[str, ...]]] = {
    **HEADER_ROLES,
    "actual": (
        "实际完成值",
        "全年实际值",
        "实际值",
        "实际完成情况",
        "完成值",
        "actual",
        "actualvalue",
    ),
    "score": ("得分", "自评得分", "单项指标折算得分", "折算得分", "评价得分", "score"),
    "reason": (
        "偏差原因分析及改进措施",
        "偏差原因分析及整改措施",
        "偏差原因及整改措施",
        "偏差原因",
        "未完成原因分析",
        "deviationreason",
        "reason",
    ),
    "operator": ("指标性质", "计算符号", "运算符号", "符号", "operator", "comparator"),
    "direction": ("指标方向", "指标方向性", "正反向", "direction"),
    "criteria": ("评分标准", "评分规则", "评分办法", "计分方法", "评分细则", "criteria"),
    "project": ("项目名称", "project", "projectname"),
    "project_code": ("项目编码", "项目代码", "projectcode"),
}
#: Columns of the funding block (资金情况).
FUNDING_ROLES: Final[dict[str, tuple[str, ...]]] = {
    "initial": ("年初预算数", "年初预算", "initialbudget"),
    "adjusted": ("调整后预算数", "调整预算数", "adjustedbudget"),
    "budget": ("全年预算数", "全年预算", "预算数", "budget"),
    "executed": ("全年执行数", "执行数", "实际支出", "executed"),
    "weight": ("分值", "weight"),
    "rate": ("执行率", "预算执行率", "rate"),
    "score": ("得分", "score"),
    "reason": ("偏差原因分析及改进措施", "偏差原因", "reason"),
}
_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "project": ("项目名称", "project", "projectname"),
    "department": ("主管部门", "预算部门", "部门", "部门名称", "department"),
    "unit": ("实施单位", "预算单位", "执行单位"),
    "year": ("年度", "预算年度", "year"),
    "goal": (
        "年度目标",
        "本年度绩效目标",
        "年度绩效目标",
        "绩效目标",
        "年度总体目标",
        "总体目标",
        "goal",
    ),
    "amount": (
        "年度资金总额",
        "项目资金",
        "资金总额",
        "资金情况",
        "项目金额",
        "年度本级预算金额",
        "本级预算金额",
        "年度预算金额",
        "项目总金额",
        "amount",
    ),
    "total": ("总分", "合计", "总计", "total"),
    "note": ("注", "说明", "备注", "填报", "填表", "审核", "联系人", "单位负责人", "note"),
}
_INDEXES: Final[dict[int, dict[str, tuple[str, int]]]] = {}
_PAREN_TAIL: Final = re.compile(r"\([^()]*\)$")
_PLACEHOLDER: Final = re.compile(r"^[.…。·\-—_/、]+$")


@text_cache(maxsize=4096)
def cell_key(text: str) -> str:
    """
    The comparison key of a header or label cell: normalised, lower case.

    Examples:
        >>> cell_key(" 一级 指标 ")
        '一级指标'
    """
    return normalize(text).lower().replace("_", "")


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    return {name: (role, rank) for role, names in table.items() for rank, name in enumerate(names)}


def header_role(text: str, table: dict[str, tuple[str, ...]]) -> tuple[str, int] | None:
    """
    Find the role a header cell names in a table of roles, and the rank of its spelling.

    A trailing parenthesis (a unit: ``全年预算数(万元)``) and colon are ignored
    when the cell as written names no role.

    Args:
        text: The header cell.
        table: Roles and their headers, as :data:`HEADER_ROLES` or :data:`FUNDING_ROLES`.

    Returns:
        ``(role, rank)``, the rank being the spelling's place in the role's
        list (0: the official header); None when the cell names no role.

    Example:
        >>> header_role("全年预算数(万元)", FUNDING_ROLES)
        ('budget', 0)
    """
    index = _INDEXES[id(table)]
    key = cell_key(text)
    found = index.get(key)
    if found is None:
        found = index.get(_PAREN_TAIL.sub("", key).rstrip(":"))
    if found is None and table is INDICATOR_ROLES:
        found = _nth_revision(key)
    return found


_NTH: Final = re.compile(r"^第([0-9]{1,2}|[一二三四五六七八九十]{1,2})次(.+)$")
_CHINESE_DIGITS: Final = "一二三四五六七八九"


def _count(text: str) -> int:
    """
    ``2`` or ``二`` (up to 九十九) as a number.

    Examples:
        >>> _count("3"), _count("十"), _count("十二"), _count("二十一")
        (3, 10, 12, 21)
    """
    if text.isdigit():
        return int(text)
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CHINESE_DIGITS.index(text) + 1
    value = (_CHINESE_DIGITS.index(tens) + 1 if tens else 1) * 10
    return value + (_CHINESE_DIGITS.index(ones) + 1 if ones else 0)


def _nth_revision(key: str) -> tuple[str, int] | None:
    """
    The role of a numbered adjustment column (``第2次调整后指标值``).

    Examples:
        >>> _nth_revision("第2次调整原因"), _nth_revision("第一次调整后指标值")
        (('revision_reason_2', 0), ('revised_target', 0))
    """
    match = _NTH.match(key)
    if match is None:
        return None
    found = header_role(match.group(2), INDICATOR_ROLES)
    if found is None or found[0] not in REVISION_ROLES:
        return None
    try:
        number = _count(match.group(1))
    except ValueError:  # 十十: no number
        return None
    if number < 1:
        return None
    role, rank = found
    return (role if number == 1 else f"{role}_{number}"), rank


def revision_role(role: str, number: int) -> str:
    """
    The role of the ``number``-th adjustment's column (1-based).

    Examples:
        >>> revision_role("revised_target", 1), revision_role("revision_date", 3)
        ('revised_target', 'revision_date_3')
    """
    return role if number == 1 else f"{role}_{number}"


def revision_header(header: str, number: int) -> str:
    """
    The header of the ``number``-th adjustment's column, as the writers write it.

    Examples:
        >>> revision_header("调整原因", 1), revision_header("调整原因", 2)
        ('调整原因', '第2次调整原因')
    """
    return header if number == 1 else f"第{number}次{header}"


def _roles(cells: Sequence[str], table: dict[str, tuple[str, ...]]) -> dict[str, int]:
    best: dict[str, tuple[int, int]] = {}
    for index, cell in enumerate(cells):
        found = header_role(cell, table) if cell.strip() else None
        if found is None:
            continue
        role, rank = found
        if role not in best or rank < best[role][0]:
            best[role] = (rank, index)
    return {role: index for role, (_, index) in best.items()}


def indicator_roles(
    cells: Sequence[str], below: Sequence[str] | None = None
) -> tuple[dict[str, int], bool] | None:
    """
    Recognise an indicator header row, possibly continued by the row below.

    Args:
        cells: The candidate header row.
        below: The next row, which may hold sub-headers (指标性质 | 指标值 |
            度量单位 under a merged 年度指标值).

    Returns:
        ``(roles, used_below)``: column index by role and whether the row
        below was part of the header; None when the row names neither
        level-1 nor level-2 indicators.
    """
    if not any("级" in cell or "level" in cell.lower() for cell in cells):
        return None
    roles = _roles(cells, INDICATOR_ROLES)
    if "level1" not in roles and "level2" not in roles:
        return None
    if below is not None:
        sub = _roles(below, INDICATOR_ROLES)
        if "operator" in sub or ("unit" in sub and "target" in sub):
            width = max(len(cells), len(below))
            merged = [
                below[i]
                if i < len(below) and header_role(below[i], INDICATOR_ROLES)
                else (cells[i] if i < len(cells) else "")
                for i in range(width)
            ]
            roles = _roles(merged, INDICATOR_ROLES)
            if "target" not in roles and "target" in sub:
                roles["target"] = sub["target"]
            return roles, True
    return roles, False


def missing_roles(roles: dict[str, int]) -> list[str]:
    """The required roles (level-1, level-2, level-3, target) a header lacks."""
    return [role for role in REQUIRED_ROLES if role not in roles]


def expected_headers(roles: Sequence[str]) -> str:
    """Name the headers expected for ``roles``, for error messages."""
    return "; ".join(f"{role}: {' / '.join(INDICATOR_ROLES[role][:3])}" for role in roles)


def header_problem(where: Location, missing: Sequence[str], found: Sequence[str]) -> Problem:
    """The problem of a header row that lacks the ``missing`` required roles."""
    return Problem(
        where=where,
        message=f"header not recognised: missing {', '.join(missing)} "
        f"({expected_headers(missing)})",
        text=" | ".join(found),
    )


def funding_roles(cells: Sequence[str]) -> dict[str, int] | None:
    """
    Recognise the header row of the funding block.

    Returns:
        Column index by funding role, or None when the row is not one (it
        needs a budget and an executed column).
    """
    roles = _roles(cells, FUNDING_ROLES)
    if "executed" in roles and ("budget" in roles or "initial" in roles):
        return roles
    return None


@text_cache(maxsize=4096)
def label_of(text: str) -> str | None:
    """
    Tell what a label cell introduces: ``project``, ``department``, ``year``,
    ``goal``, ``amount``, ``total``, ``note`` or ``unit``; None for other text.

    Examples:
        >>> label_of("项目名称："), label_of("资金情况(万元)"), label_of("注：本表…")
        ('project', 'amount', 'note')
    """
    key = cell_key(text)
    found = header_role(text, _LABELS)
    if found is not None:
        return found[0]
    if key.startswith(_LABELS["note"]) and not key.startswith("注册"):
        return "note"
    if key.startswith(("年度资金总额", "项目资金", "资金情况")):
        return "amount"
    return None


@text_cache(maxsize=4096)
def is_placeholder(text: str) -> bool:
    """
    Tell whether a cell holds a placeholder (``……``, ``...``, ``—``).

    Examples:
        >>> is_placeholder("……"), is_placeholder("≥95%")
        (True, False)
    """
    key = normalize(text)
    return bool(key) and _PLACEHOLDER.match(key) is not None


_BOOKMARK: Final = re.compile(r"\[bookmark:[^\]]*\]")
_NUMBERING: Final = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)\s*[、.．)）]\s*")
_TITLE_TAIL: Final = ("项目支出绩效自评表", "绩效目标申报表", "绩效目标表", "绩效自评表", "绩效表")


def clean_title(text: str, limit: int = 80) -> str:
    """
    The project name a heading above a table gives, or "" when it is too long.

    Examples:
        >>> clean_title("[bookmark: _Toc1]  1、群众工作中心日常经费绩效目标表")
        '群众工作中心日常经费'
    """
    title = _NUMBERING.sub("", _BOOKMARK.sub("", text).strip()).strip()
    for tail in _TITLE_TAIL:
        if title.endswith(tail) and len(title) > len(tail):
            title = title.removesuffix(tail)
            break
    return title if len(title) <= limit else ""


def money_unit(text: str, default: str = "万元") -> str:
    """
    The money unit a label or header states (``资金情况(万元)``, ``单位：元``).

    Examples:
        >>> money_unit("项目资金（元）"), money_unit("资金情况")
        ('元', '万元')
    """
    key = normalize(text)
    for unit in ("亿元", "万元", "千元"):
        if unit in key:
            return unit
    if re.search(r"(?:\(|单位:?)元", key):
        return "元"
    return default


for _table in (INDICATOR_ROLES, FUNDING_ROLES, _LABELS):
    _INDEXES[id(_table)] = _index(_table)
