"""
The review rules for performance-target tables (绩效目标审核), as data.

Each :class:`Rule` has a stable code (``PT101`` …), a default severity, a
short title and a one-line message template in Chinese and English, the
source it rests on, and a check function.  Project rules look at one
:class:`~perftarget.Project`; department rules (boilerplate copied across
projects) look at the whole :class:`~perftarget.Department`.  The checks
return :class:`Hit` values; :func:`perftarget.review` turns them into
:class:`~perftarget.Finding` values with the configured severity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final, Literal

from attrs import evolve, field, frozen

from perftarget.core._categories import Level1, Level2
from perftarget.core._change import Change, compare_targets, target_from_actual
from perftarget.core._dates import excel_serial_to_date, is_excel_serial
from perftarget.core._findings import Severity
from perftarget.core._lang import current_language
from perftarget.core._model import (
    Baseline,
    Comparator,
    Department,
    Direction,
    Indicator,
    Project,
    Target,
    TargetKind,
)
from perftarget.core._parse import format_actual, format_target
from perftarget.core._text import is_cjk, normalize
from perftarget.core._units import same_dimension, unit_info
from perftarget.exceptions import NotFoundError, PerftargetError

__all__ = ["RULES", "Hit", "ReviewContext", "Rule", "gives_reason", "rule"]

Scope = Literal["project", "department"]


@frozen(kw_only=True)
class ReviewContext:
    """
    What the checks may consult besides the table itself.

    Attributes:
        satisfaction_floor: Lowest acceptable satisfaction target, in percent.
        weight_total: What the level-3 weights of one table should add up to.
        level1_weights: Expected weight of each level-1 category (empty: no check).
        expected_level2: Level-2 categories every table should have.
        baselines: Baseline or previous year's actual, keyed by
            ``(project name, level-3 indicator name)``; an entry wins over
            the indicator's own :attr:`~perftarget.Indicator.baseline`.
    """

    satisfaction_floor: Decimal
    weight_total: Decimal
    level1_weights: Mapping[Level1, Decimal]
    expected_level2: tuple[Level2, ...]
    baselines: Mapping[tuple[str, str], Target]


@frozen(kw_only=True)
class Hit:
    """
    One place a rule fired, before severity and language are applied.

    Attributes:
        project: The project's name (becomes ``Location.sheet``).
        row: 1-based indicator index in the project, None for the whole table.
        column: The column concerned (一级指标, 指标值 …).
        params: Values for the message template.
    """

    project: str
    row: int | None
    column: str | None
    params: Mapping[str, str] = field(factory=dict)


ProjectCheck = Callable[[Project, ReviewContext], Iterable[Hit]]
DepartmentCheck = Callable[[Department, ReviewContext], Iterable[Hit]]


@frozen(kw_only=True)
class Rule:
    """
    One review rule.

    Attributes:
        code: Stable code, ``PT1xx``.
        severity: Default severity.
        title_zh, title_en: Short title.
        message_zh, message_en: One-line message template (``str.format``
            fields filled from :attr:`Hit.params`).
        source: What the rule rests on (a section of the domain notes, a document).
        scope: ``project`` or ``department``.
        check: The check function.
    """

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    source: str
    scope: Scope
    check: ProjectCheck | DepartmentCheck = field(eq=False, repr=False)

    def title(self, lang: str | None = None) -> str:
        """Return the title in ``lang`` (``zh`` or ``en``)."""
        lang = current_language(lang)
        return self.title_zh if lang == "zh" else self.title_en

    def message(self, hit: Hit, lang: str | None = None) -> str:
        """Return the message of ``hit`` in ``lang`` (``zh`` or ``en``)."""
        lang = current_language(lang)
        template = self.message_zh if lang == "zh" else self.message_en
        return template.format(**hit.params)


# ----------------------------------------------------------------- helpers

_TRAILING_PAREN = re.compile(r"\([^()]*\)$")
_RATE_ENDINGS: Final = ("率", "比例", "占比", "比率")
_TIME_WORDS: Final = ("时间", "日期", "时限", "期限", "完成时", "工期")
_COST_LEVEL2: Final = frozenset(
    {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECO_COST}
)
_UPWARD: Final = frozenset({Comparator.GE, Comparator.GT, Comparator.EQ})
# Characters that say nothing about what an indicator measures.
_STOP: Final = frozenset("率数量的指标情况度性及等和与是否在内之其按人次个项年月日")


def _name(indicator: Indicator) -> str:
    return _TRAILING_PAREN.sub("", normalize(indicator.name))


def implied_unit(name: str) -> str | None:
    """
    Return the unit an indicator name implies: ``%`` for …率 / …比例,
    ``人`` / ``人次`` for …人数 / …人次; None when the name implies none.

    Examples:
        >>> implied_unit("群体性事件成功处置率"), implied_unit("培训参加人数")
        ('%', '人')
    """
    text = _TRAILING_PAREN.sub("", normalize(name))
    if text.endswith(_RATE_ENDINGS):
        return "%"
    if text.endswith("人次"):
        return "人次"
    if text.endswith("人数"):
        return "人"
    return None


def _unit(indicator: Indicator) -> str:
    return indicator.target.unit or indicator.declared_unit or ""


def _kind(unit: str) -> str:
    return unit_info(unit).kind


def _is_percent(unit: str) -> bool:
    return _kind(unit) in ("percent", "percent_point")


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return same_dimension(a, b)
    except PerftargetError:
        return False


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _shown(target: Target) -> str:
    return target.text or target.phrase


def _rows(project: Project) -> Iterable[tuple[int, Indicator]]:
    return enumerate(project.indicators, start=1)


def _serial_deadline(indicator: Indicator) -> int | None:
    """The Excel serial a timing indicator's target holds instead of a date, if any."""
    text = normalize(indicator.target.text)
    if not text.isdigit() or not is_excel_serial(int(text)):
        return None
    timely = indicator.level2 is Level2.TIMELINESS or indicator.target.kind is TargetKind.DEADLINE
    if timely or any(word in indicator.name for word in _TIME_WORDS):
        return int(text)
    return None


def _is_satisfaction(indicator: Indicator) -> bool:
    return indicator.level2 is Level2.SATISFACTION or "满意" in indicator.name


def _hit(project: Project, row: int | None, column: str | None, **params: str) -> Hit:
    return Hit(project=project.name, row=row, column=column, params=params)


# ----------------------------------------------------------------- checks


def _level1_missing(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    present = {item.level1 for item in project.indicators}
    satisfaction_elsewhere = any(_is_satisfaction(item) for item in project.indicators)
    for level1 in (Level1.OUTPUT, Level1.EFFECT, Level1.SATISFACTION):
        if level1 in present:
            continue
        if level1 is Level1.SATISFACTION and satisfaction_elsewhere:
            continue  # reported by PT104 where it sits
        yield _hit(project, None, "一级指标", zh=level1.zh, en=level1.en)


def _level2_missing(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    present = {item.level2 for item in project.indicators}
    has_cost = any(_is_cost(item) for item in project.indicators)
    for level2 in ctx.expected_level2:
        found = has_cost if level2 in _COST_LEVEL2 else level2 in present
        if not found:
            yield _hit(project, None, "二级指标", zh=level2.zh, en=level2.en)


def _level2_misplaced(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.level1 in item.level2.parents:
            continue
        if item.level2 is Level2.SATISFACTION and item.level1 is Level1.EFFECT:
            continue  # PT104
        yield _hit(
            project,
            row,
            "二级指标",
            name=item.name,
            level2=item.level2.zh,
            level1=item.level1.zh,
            parent=item.level2.parents[0].zh,
            level2_en=item.level2.en,
            level1_en=item.level1.en,
            parent_en=item.level2.parents[0].en,
        )


def _satisfaction_misplaced(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.level1 is Level1.SATISFACTION:
            continue
        if item.level2 is Level2.SATISFACTION or (
            "满意" in item.name and item.level1 is Level1.EFFECT
        ):
            yield _hit(
                project,
                row,
                "二级指标",
                name=item.name,
                where=f"{item.level1.zh}/{item.level2.zh}",
                where_en=f"{item.level1.en}/{item.level2.en}",
            )


def _rate_under_quantity(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.level2 is not Level2.QUANTITY or not item.target.is_numeric:
            continue
        unit = _unit(item)
        if _is_percent(unit) or (not unit and implied_unit(item.name) == "%"):
            yield _hit(project, row, "二级指标", name=item.name, target=_shown(item.target))


def _qualitative_where_numeric(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.target.kind is TargetKind.QUALITATIVE and item.level2.expects_number:
            yield _hit(
                project,
                row,
                "指标值",
                name=item.name,
                target=_shown(item.target),
                level2=item.level2.zh,
                level2_en=item.level2.en,
            )


def _no_unit(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if not target.is_numeric or target.kind is TargetKind.DEADLINE or _unit(item):
            continue
        if _serial_deadline(item) is not None:
            continue  # PT111
        implied = implied_unit(item.name)
        yield _hit(
            project,
            row,
            "指标值",
            name=item.name,
            target=_shown(target),
            hint=f"（名称提示单位为 {implied}）" if implied else "",
            hint_en=f" (the name implies {implied})" if implied else "",
        )


def _unit_vs_column(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        declared, written = item.declared_unit or "", item.target.unit
        if declared and written and not _compatible(declared, written):
            yield _hit(
                project, row, "度量单位", name=item.name, target=_shown(item.target), unit=declared
            )


def _unit_vs_name(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        implied = implied_unit(item.name)
        unit = _unit(item)
        if implied is None or not unit or not item.target.is_numeric:
            continue
        kind = _kind(unit)
        wrong = (
            kind not in ("percent", "percent_point", "none")
            if implied == "%"
            else kind not in ("count", "none")
        )
        if wrong:
            yield _hit(
                project, row, "指标值", name=item.name, target=_shown(item.target), implied=implied
            )


def _degenerate_bound(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if target.value is None or not _is_percent(_unit(item)):
            continue
        if (target.comparator is Comparator.GE and target.value == 100) or (
            target.comparator is Comparator.GT and target.value >= 100
        ):
            yield _hit(project, row, "指标值", name=item.name, target=_shown(target))


def _excel_serial(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        serial = _serial_deadline(item)
        if serial is not None:
            day = excel_serial_to_date(serial).isoformat()
            yield _hit(project, row, "指标值", name=item.name, serial=str(serial), date=day)


def _satisfaction_floor(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if not _is_satisfaction(item) or target.value is None:
            continue
        if not _is_percent(_unit(item)) or target.comparator not in _UPWARD:
            continue
        if target.value < ctx.satisfaction_floor:
            yield _hit(
                project,
                row,
                "指标值",
                name=item.name,
                target=_shown(target),
                floor=_number(ctx.satisfaction_floor),
            )


def _is_cost(item: Indicator) -> bool:
    return item.level2 in _COST_LEVEL2 or item.level1 is Level1.COST


def _cost_as_minimum(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        minimum = target.comparator in (Comparator.GE, Comparator.GT)
        if minimum and _is_cost(item) and _kind(_unit(item)) == "money":
            yield _hit(project, row, "指标值", name=item.name, target=_shown(target))


def _cost_without_comparator(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if _is_cost(item) and _kind(_unit(item)) == "money" and target.implicit:
            yield _hit(project, row, "指标值", name=item.name, target=_shown(target))


def _way(item: Indicator) -> Direction | None:
    """
    Which way is better when review compares two targets of ``item``: the
    indicator's own, so a bare value (last year's ``65人``) is read the same way.

    A written or implicit ``=`` reads as at least (as PT114 always read it),
    except an implicit one under a cost category, which is a cap (PT123).
    """
    target = item.target
    if target.direction_override is not None or target.comparator is not Comparator.EQ:
        return target.direction
    if target.implicit and _is_cost(item):
        return Direction.LOWER_IS_BETTER
    return Direction.HIGHER_IS_BETTER


def _compared(item: Indicator) -> Target:
    """The target as review compares it: a bare number takes the 度量单位 column's unit."""
    target = item.target
    if target.unit or not item.declared_unit or target.value is None:
        return target
    return evolve(target, unit=item.declared_unit)


def _written(target: Target) -> str:
    """A target as the table writes it, else in canonical spelling."""
    return target.text.strip() or format_target(target)


def _years_since(project: Project, last: Baseline) -> int:
    """Years from the baseline to the table (1, last year, unless both years are known)."""
    if project.year is not None and last.year is not None:
        return project.year - last.year
    return 1


#: Cells that give no reason.
_NO_REASON: Final = frozenset({"", "无", "-", "--", "—", "——", "/", "\\", "不适用"})


def gives_reason(text: str) -> bool:
    """
    Tell whether a reason cell (调整原因, 变动原因) says something.

    Examples:
        >>> gives_reason("场地改造，培训推迟"), gives_reason(" 无 "), gives_reason("")
        (True, False, False)
    """
    return normalize(text) not in _NO_REASON


def _explained(item: Indicator) -> bool:
    """A lowered target is explained by a reason for the change or for an adjustment."""
    last = item.baseline
    if last is not None and gives_reason(last.reason):
        return True
    return any(gives_reason(change.reason) for change in item.revisions)


def _baseline(
    project: Project, item: Indicator, ctx: ReviewContext
) -> tuple[Target, str, int] | None:
    """
    The value PT114 compares with, as a target, how to show it, and the
    years between: the ``baselines`` entry, else the indicator's own
    last-year actual.
    """
    given = ctx.baselines.get((project.name, item.name))
    if given is not None:
        number = f"{_number(given.value)}{given.unit}" if given.value is not None else ""
        return given, given.text or number or _written(given), 1
    last = item.baseline
    actual = None if last is None else last.actual
    if last is None or actual is None:
        return None
    achieved = target_from_actual(actual, item.target)
    if achieved is None:
        return None
    return achieved, actual.text.strip() or format_actual(actual), _years_since(project, last)


def _not_above_baseline(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        found = _baseline(project, item, ctx)
        if found is None:
            continue
        base, shown, years = found
        compared = compare_targets(base, _compared(item), direction=_way(item), year_shift=years)
        if compared.comparable and compared.change in (Change.SAME, Change.LOOSER):
            yield _hit(
                project, row, "指标值", name=item.name, target=_shown(item.target), baseline=shown
            )


def _lowered_from_last_year(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        last = item.baseline
        if last is None or last.target is None or item.problem or _explained(item):
            continue
        compared = compare_targets(
            last.target,
            _compared(item),
            direction=_way(item),
            year_shift=_years_since(project, last),
        )
        if compared.change is Change.LOOSER:
            yield _hit(
                project,
                row,
                "指标值",
                name=item.name,
                target=_written(item.target),
                last=_written(last.target),
            )


def _adjusted_without_reason(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        for change in item.revisions:
            if gives_reason(change.reason):
                continue
            compared = compare_targets(item.target, change.target, direction=_way(item))
            if compared.change is not Change.SAME:
                yield _hit(
                    project,
                    row,
                    "调整原因",
                    name=item.name,
                    original=_written(item.target),
                    adjusted=_written(change.target),
                )


def _adjustment_loosens(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        before = item.target
        for change in item.revisions:
            if compare_targets(before, change.target, direction=_way(item)).change is Change.LOOSER:
                yield _hit(
                    project,
                    row,
                    "调整后指标值",
                    name=item.name,
                    before=_written(before),
                    after=_written(change.target),
                )
            before = change.target


def _weights_total(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    weights = [item.weight for item in project.indicators]
    given = [w for w in weights if w is not None]
    if not given:
        return
    missing = len(weights) - len(given)
    total = sum(given, Decimal(0))
    if missing or total != ctx.weight_total:
        yield _hit(
            project,
            None,
            "分值",
            total=_number(total),
            expected=_number(ctx.weight_total),
            missing=str(missing),
        )


def _weights_level1(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    if not any(item.weight is not None for item in project.indicators):
        return
    for level1, expected in ctx.level1_weights.items():
        rows = project.by_level1(level1)
        if not rows:
            continue
        total = sum((item.weight or Decimal(0) for item in rows), Decimal(0))
        if total != expected:
            yield _hit(
                project,
                None,
                "分值",
                level1=level1.zh,
                level1_en=level1.en,
                total=_number(total),
                expected=_number(expected),
            )


def _has_basis(project: Project) -> bool:
    return any(item.basis.strip() for item in project.indicators)


def _basis_empty(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    if not _has_basis(project):
        return  # PT118
    for row, item in _rows(project):
        if not item.basis.strip():
            yield _hit(project, row, "指标值确定依据", name=item.name)


def _basis_absent(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    if project.indicators and not _has_basis(project):
        yield _hit(project, None, "指标值确定依据")


def _boilerplate(department: Department, ctx: ReviewContext) -> Iterable[Hit]:
    groups: dict[tuple[str, str, str], list[tuple[Project, int]]] = defaultdict(list)
    for project in department.projects:
        for row, item in _rows(project):
            if not item.description.strip():
                continue
            key = (
                normalize(item.name),
                normalize(item.description),
                normalize(_shown(item.target)),
            )
            groups[key].append((project, row))
    for (name, _, target), places in groups.items():
        names = list(dict.fromkeys(p.name for p, _ in places))
        if len(names) < 2:
            continue
        first, row = places[0]
        yield _hit(
            first, row, "三级指标", name=name, target=target, projects="、".join(names),
            count=str(len(names)),
        )  # fmt: skip


def _same_value(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    groups: dict[tuple[object, ...], list[tuple[int, Indicator]]] = defaultdict(list)
    for row, item in _rows(project):
        target = item.target
        if target.value is None or target.comparator is Comparator.RANGE:
            continue
        unit = _unit(item)
        if _is_percent(unit) and target.value == 100:
            continue  # 100% is the natural value of completion rates
        groups[(target.comparator, target.value, unit)].append((row, item))
    for places in groups.values():
        level2s = {item.level2 for _, item in places}
        if len(places) >= 3 and len(level2s) >= 2:
            row, first = places[0]
            yield _hit(
                project,
                row,
                "指标值",
                target=_shown(first.target),
                count=str(len(places)),
                names="、".join(item.name for _, item in places),
            )


def _significant(text: str) -> set[str]:
    return {c for c in normalize(text) if is_cjk(c) and c not in _STOP}


def _description_unrelated(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        description = item.description.strip()
        name_chars = _significant(_name(item))
        if len(description) < 4 or len(name_chars) < 2:
            continue
        if not name_chars & _significant(description):
            yield _hit(project, row, "绩效指标描述", name=item.name, description=description)


def _parser_warning(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        for warning in item.target.warnings:
            if warning.startswith("degenerate bound"):
                continue  # PT110
            if "Excel serial date" in warning and _serial_deadline(item) is not None:
                continue  # PT111
            yield _hit(
                project, row, "指标值", name=item.name, target=item.target.text, warning=warning
            )


# ----------------------------------------------------------------- registry

_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO


def _rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    message: tuple[str, str],
    source: str,
    check: ProjectCheck | DepartmentCheck,
    scope: Scope = "project",
) -> Rule:
    return Rule(
        code=code,
        severity=severity,
        title_zh=title[0],
        title_en=title[1],
        message_zh=message[0],
        message_en=message[1],
        source=source,
        scope=scope,
        check=check,
    )


#: Every review rule, by code.
RULES: Final[Mapping[str, Rule]] = {
    r.code: r
    for r in (
        _rule(
            "PT101", _E, ("缺少一级指标", "level-1 category missing"),
            ("缺少一级指标「{zh}」", "no level-1 category {en} ({zh})"),
            "domain-rules §2.1, §9 rule 2; 财预〔2015〕88号 完整性", _level1_missing,
        ),
        _rule(
            "PT102", _W, ("缺少二级指标", "expected level-2 category missing"),
            ("没有「{zh}」类指标", "no {en} indicator ({zh})"),
            "中发〔2018〕34号 (targets cover 产出, 成本 …); domain-rules §2.1", _level2_missing,
        ),
        _rule(
            "PT103", _E, ("二级指标不属于其一级指标", "level 2 not under its level 1"),
            (
                "「{name}」：二级指标「{level2}」应在「{parent}」下，而不是「{level1}」",
                "{name}: level 2 {level2_en} belongs under {parent_en}, not {level1_en}",
            ),
            "domain-rules §2.1, §9 rule 1", _level2_misplaced,
        ),
        _rule(
            "PT104", _W, ("满意度指标放错位置", "satisfaction indicator outside 满意度指标"),
            (
                "「{name}」是满意度指标，却放在「{where}」下（旧模板写法）",
                "{name}: a satisfaction indicator filed under {where_en} (old template)",
            ),
            "domain-rules §2.4 (湘潭 2023, 青山 2020); §2.1", _satisfaction_misplaced,
        ),
        _rule(
            "PT105", _W, ("数量指标用了比率", "rate under 数量指标"),
            (
                "「{name}」是比率（{target}），不是数量；应放在质量/时效等指标下或改为绝对数",
                "{name}: a rate ({target}) under quantity; a quantity should be an absolute count",
            ),
            "domain-rules §5 lint heuristics, §9 rule 11", _rate_under_quantity,
        ),
        _rule(
            "PT106", _W, ("应量化而未量化", "qualitative target where a number is expected"),
            (
                "「{name}」的指标值「{target}」是定性表述，而「{level2}」应量化",
                "{name}: target {target!r} is qualitative, but {level2_en} expects a number",
            ),
            "财预〔2015〕88号 细化量化; domain-rules §3.5, §5", _qualitative_where_numeric,
        ),
        _rule(
            "PT107", _W, ("数值缺少单位", "numeric target without a unit"),
            (
                "「{name}」的指标值「{target}」没有单位{hint}",
                "{name}: target {target!r} has no unit{hint_en}",
            ),
            "domain-rules §2.5 (platform validation [C]), §9 rule 5", _no_unit,
        ),
        _rule(
            "PT108", _E, ("单位与度量单位列矛盾", "unit contradicts the unit column"),
            (
                "「{name}」的指标值「{target}」与度量单位「{unit}」矛盾",
                "{name}: target {target!r} contradicts the unit column {unit!r}",
            ),
            "domain-rules §5 (岳阳楼区 2023), §9 rule 10", _unit_vs_column,
        ),
        _rule(
            "PT109", _W, ("单位与指标名称矛盾", "unit contradicts the indicator name"),
            (
                "「{name}」的名称意味着单位 {implied}，但指标值是「{target}」",
                "{name}: the name implies {implied}, but the target is {target!r}",
            ),
            "domain-rules §2.5 (how 三级指标 are written)", _unit_vs_name,
        ),
        _rule(
            "PT110", _W, ("退化的界限", "degenerate bound"),
            (
                "「{name}」的指标值「{target}」只能恰好达到 100%，应写作 =100%",
                "{name}: target {target!r} can only be met at exactly 100%; write =100%",
            ),
            "domain-rules §5 (池州 2022), §9 rule 8", _degenerate_bound,
        ),
        _rule(
            "PT111", _W, ("Excel 序列号日期", "Excel serial date as a deadline"),
            (
                "「{name}」的指标值 {serial} 是 Excel 日期序列号（{date}）",
                "{name}: target {serial} is an Excel serial date ({date})",
            ),
            "domain-rules §3.4 (乌海 2021), §9 rule 9", _excel_serial,
        ),
        _rule(
            "PT112", _W, ("满意度目标偏低", "satisfaction target below the floor"),
            (
                "「{name}」的满意度目标「{target}」低于 {floor}%",
                "{name}: satisfaction target {target!r} is below {floor}%",
            ),
            "no regulation: a project choice (domain-rules §5); values seen 85–95%",
            _satisfaction_floor,
        ),
        _rule(
            "PT113", _W, ("成本指标写成下限", "cost target written as a minimum"),
            (
                "「{name}」是成本指标，指标值「{target}」却是下限；应写作 ≤",
                "{name}: a cost target written as a minimum ({target!r}); write ≤",
            ),
            "domain-rules §3.6 (反向指标 are ≤)", _cost_as_minimum,
        ),
        _rule(
            "PT114", _W, ("目标不高于基线", "target not beyond the baseline"),
            (
                "「{name}」的指标值「{target}」不优于基线/上年实际「{baseline}」",
                "{name}: target {target!r} is not beyond the baseline {baseline!r}",
            ),
            "财预〔2015〕88号 合理可行; 2021 核心指标 历史标准 (domain-rules §5)",
            _not_above_baseline,
        ),
        _rule(
            "PT115", _W, ("分值合计不符", "weights do not sum"),
            (
                "三级指标分值合计 {total}，应为 {expected}（{missing} 行无分值）",
                "level-3 weights sum to {total}, expected {expected} ({missing} rows unweighted)",
            ),
            "domain-rules §4.1 (platform [C]), §5, §9 rule 13", _weights_total,
        ),
        _rule(
            "PT116", _I, ("一级指标分值不符", "level-1 weight differs"),
            (
                "「{level1}」下分值合计 {total}，通常为 {expected}",
                "weights under {level1_en} sum to {total}, usually {expected}",
            ),
            "财预〔2020〕10号 50/30/10 (adjustable in special cases); domain-rules §4.1",
            _weights_level1,
        ),
        _rule(
            "PT117", _W, ("指标值确定依据为空", "empty 指标值确定依据"),
            ("「{name}」没有填写指标值确定依据", "{name}: no basis for the target value"),
            "2021 核心指标指引 (计划/行业/历史标准); domain-rules §5", _basis_empty,
        ),
        _rule(
            "PT118", _I, ("未给出指标值确定依据", "no basis column"),
            ("本表没有任何指标值确定依据", "the table gives no basis for any target value"),
            "2021 核心指标指引 (计划/行业/历史标准); domain-rules §5", _basis_absent,
        ),
        _rule(
            "PT119", _W, ("跨项目套用的指标", "indicator copied across projects"),
            (
                "「{name}」（{target}）连同描述在 {count} 个项目中相同：{projects}",
                "{name} ({target}) is copied, description and all, in {count} projects: "
                "{projects}",
            ),
            "财预〔2015〕88号 指向明确/相关性; domain-rules §5", _boilerplate, "department",
        ),
        _rule(
            "PT120", _I, ("不同指标同一目标值", "same target for unrelated indicators"),
            (
                "{count} 个不同类别的指标都写「{target}」：{names}",
                "{count} indicators of different categories all say {target!r}: {names}",
            ),
            "domain-rules §5 (井研 2023)", _same_value,
        ),
        _rule(
            "PT121", _I, ("描述与名称无关", "description unrelated to the name"),
            (
                "「{name}」的描述「{description}」没有提到它衡量的内容",
                "{name}: the description {description!r} does not mention what it measures",
            ),
            "财预〔2015〕88号 相关性; domain-rules §2.5 (指标解释)", _description_unrelated,
        ),
        _rule(
            "PT122", _W, ("指标值可能已损坏", "doubtful target value"),
            (
                "「{name}」的指标值「{target}」有疑问：{warning}",
                "{name}: target {target!r} is doubtful: {warning}",
            ),
            "domain-rules §3 (parser warnings)", _parser_warning,
        ),
        _rule(
            "PT123", _I, ("成本上限未写比较符", "cost cap without a comparator"),
            (
                "「{name}」的成本指标值「{target}」没有比较符，应写作 ≤",
                "{name}: cost target {target!r} has no comparator; a cap is written ≤",
            ),
            "domain-rules §3.1, §3.6 (东莞 2019, 湘潭 2023)", _cost_without_comparator,
        ),
        _rule(
            "PT124", _W,
            ("指标值较上年放宽且未说明原因", "target lowered from last year without a reason"),
            (
                "「{name}」的指标值「{target}」较上年指标值「{last}」放宽，但未说明原因",
                "{name}: target {target!r} is looser than last year's {last!r}, and no reason "
                "is given",
            ),
            "monitoring.md §4 (上年指标值 kept beside the target [C]); issue #15 (lowered "
            "targets are a classic audit finding)",
            _lowered_from_last_year,
        ),
        _rule(
            "PT125", _W, ("指标值调整未说明原因", "adjustment without a reason"),
            (
                "「{name}」的指标值由「{original}」调整为「{adjusted}」，但未填写调整原因",
                "{name}: the target was adjusted from {original!r} to {adjusted!r} without a "
                "reason",
            ),
            "monitoring.md §4 (年初指标值 → 调整指标值 with a reason [C]; an adjustment without "
            "a reason is a finding)",
            _adjusted_without_reason,
        ),
        _rule(
            "PT126", _I, ("调整放宽了指标值", "adjustment loosens the target"),
            (
                "「{name}」的指标值由「{before}」调整为更宽松的「{after}」",
                "{name}: the adjustment from {before!r} to {after!r} loosens the target",
            ),
            "monitoring.md §4 (targets adjusted during the year [C])", _adjustment_loosens,
        ),
    )
}  # fmt: skip


def rule(code: str) -> Rule:
    """
    Return the rule with ``code``.

    Raises:
        KeyError: No rule has that code; the message lists the codes.

    Examples:
        >>> rule("PT105").title_en
        'rate under 数量指标'
    """
    try:
        return RULES[code]
    except KeyError:
        raise NotFoundError(
            f"no review rule {code!r}; known: {', '.join(RULES)}", name=code, known=RULES
        ) from None
