"""
The scoring and reconciliation findings (``PT3xx``): codes, severities and wording.

One registry, as for the reading (``PT0xx``), review (``PT1xx``), audit
(``PT2xx``) and monitoring (``PT4xx``) findings: every scoring finding is made
through :func:`finding`, so a code's severity, cause and wording live here
only, and the reference page ``docs/reference/scoring-findings.md`` is
generated from it (:func:`reference_page`).

A code has one main wording; a code raised at a second kind of site (the
budget line as well as an indicator row) has a named *variant*; and a
template field that is itself a sentence (why a row is not scorable) takes
one of the code's named *parts*, rendered with :func:`part`, so that no
wording of either language is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from attrs import field, frozen

from perftarget.core._findings import Finding, FindingCode, Severity
from perftarget.core._lang import current_language
from perftarget.exceptions import Location
from perftarget.score._bulk import new_finding

__all__ = [
    "SCORING_CODES",
    "ScoringCode",
    "Wording",
    "finding",
    "part",
    "reference_page",
    "rule_finding",
]


@frozen
class Wording:
    """
    A message template in both languages, with ``str.format`` fields.

    Attributes:
        zh: The Chinese template.
        en: The English template.
    """

    zh: str
    en: str

    def render(self, **fields: object) -> str:
        """
        Fill the template of the current language.

        Args:
            fields: The template's fields.

        Returns:
            The text, in the language in force (see :func:`~perftarget.core._lang.say`).

        Example:
            >>> from perftarget.core._lang import language
            >>> with language("en"):
            ...     Wording("{n} 行", "{n} rows").render(n=3)
            '3 rows'
        """
        # Only the template of the language in force is filled.
        return (self.zh if current_language() == "zh" else self.en).format(**fields)


@frozen(kw_only=True)
class ScoringCode(FindingCode):
    """
    One kind of scoring or reconciliation finding.

    Attributes:
        code: The stable code (``PT305``).
        severity: The default severity: ``error`` for a row or line that
            cannot be scored, ``warning`` for a published value that departs
            from the rule or a table that breaks its own arithmetic, ``info``
            for what was converted or inferred.  ``PT304`` and ``PT312`` take
            the rule set's ``deviation.severity`` instead.
        zh, en: The main message templates, with ``str.format`` fields.
        explanation: What it means and what to do, for the reference page.
        source: The domain-rules section or rule-set field behind it, if any.
        cause: The short key of the likely cause that reconciliation
            findings carry (:attr:`Finding.cause`); None for the others.
        variants: Other wordings of the code, by site (``budget``).
        parts: Wordings of a template field that is a sentence of its own
            (the ``{reason}`` of a row that is not scorable), by key.
    """

    cause: str | None = None
    variants: Mapping[str, Wording] = field(factory=dict)
    parts: Mapping[str, Wording] = field(factory=dict)

    @property
    def wordings(self) -> dict[str, Wording]:
        """Every wording of the code: the main one (key ``""``), variants, parts."""
        return {
            "": Wording(self.zh, self.en),
            **{f"variant {k}": v for k, v in self.variants.items()},
            **{f"part {k}": v for k, v in self.parts.items()},
        }


_NOT_SCORABLE_ZH: Final = "{name}：无法计分：{reason}"
_NOT_SCORABLE_EN: Final = "{name}: not scorable: {reason}"
_RANGE_ZH: Final = "超出可计分的范围（非零数的绝对值须在 1E-{digits} 与 1E+{digits} 之间）"
_RANGE_EN: Final = (
    "is out of the range a score can use (a nonzero number's magnitude must lie between "
    "1E-{digits} and 1E+{digits})"
)

_CODES: Final = (
    ScoringCode(
        code="PT301",
        severity=Severity.ERROR,
        zh=_NOT_SCORABLE_ZH,
        en=_NOT_SCORABLE_EN,
        parts={
            "units": Wording(
                "实际完成值的单位是「{actual_unit}」，指标值的单位是「{target_unit}」，"
                "二者计量的不是同一种东西",
                "the actual is in {actual_unit!r} but the target in {target_unit!r}, "
                "which measure different things",
            )
        },
        explanation="The actual and the target are in units of different kinds (人次 against "
        "万元): no conversion compares them. Fix the unit of one of the cells.",
        source="domain-rules §3.3",
    ),
    ScoringCode(
        code="PT302",
        severity=Severity.INFO,
        zh="{name}：实际完成值 {value}{actual_unit} 换算为 {converted}{target_unit} 后与指标值比较",
        en="{name}: actual {value}{actual_unit} converted to {converted}{target_unit} "
        "to compare with the target",
        explanation="The actual is in another unit of the same kind as the target (万元 "
        "against 元) and was converted before scoring. Nothing to fix.",
        source="domain-rules §3.3",
    ),
    ScoringCode(
        code="PT303",
        severity=Severity.WARNING,
        zh="{name}：实际完成值「{actual}」照抄了指标值的符号（{symbol}），按 {value} 计，"
        "真实完成情况不明",
        en="{name}: the actual {actual!r} copies the target's comparator ({symbol}); "
        "read as {value}, the real outcome is unknown",
        explanation="The actual repeats the target's comparator (≥95% against ≥95%), as tables "
        "often do when the target was met without saying by how much. The number is scored; "
        "write the outcome itself.",
        source="domain-rules §4.12",
    ),
    ScoringCode(
        code="PT304",
        severity=Severity.ERROR,
        zh="{name}：{reason}，但未填写偏差原因",
        en="{name}: {reason}, but no deviation reason is given",
        parts={
            "shortfall": Wording("指标未完全达成", "the target was not fully met"),
            "over": Wording(
                "实际完成值 {actual} 达到指标值的 {percent}% 以上",
                "the actual {actual} is at least {percent}% of the target",
            ),
            "over zero": Wording(
                "指标值为 0，实际完成值 {actual} ≥ {limit}",
                "the target is 0 and the actual {actual} ≥ {limit}",
            ),
        },
        explanation="A shortfall, or an over-completion beyond the rule set's threshold, "
        "without a deviation reason (偏差原因分析及改进措施). Its severity is the rule "
        "set's `deviation.severity`. Write the reason.",
        source="domain-rules §4.11; rule set `deviation`",
    ),
    ScoringCode(
        code="PT305",
        severity=Severity.ERROR,
        zh=_NOT_SCORABLE_ZH,
        en=_NOT_SCORABLE_EN,
        parts={
            "no actual": Wording("未填写实际完成值", "no actual value is given"),
            "not a date": Wording(
                "实际完成值「{actual}」不是完成日期",
                "the actual {actual!r} is no completion date",
            ),
            "dates": Wording("无法比较日期：{error}", "cannot compare dates: {error}"),
            "not a number": Wording(
                "指标值是数值，但实际完成值「{actual}」不是",
                "the target is a number but the actual {actual!r} is not",
            ),
        },
        explanation="The actual is missing, or is not of the target's kind (a date for a "
        "deadline, a number for a numeric target). The row is not scored; fill in the actual.",
    ),
    ScoringCode(
        code="PT306",
        severity=Severity.WARNING,
        zh=_NOT_SCORABLE_ZH,
        en=_NOT_SCORABLE_EN,
        parts={
            "undetermined": Wording(
                "无法判断定性指标「{target}」是否由「{actual}」达成；"
                "请填写 达成年度指标 / 部分达成 / 未达成",
                "cannot tell whether the qualitative target {target!r} was achieved by "
                "{actual!r}; write '达成年度指标', '部分达成' or '未达成'",
            )
        },
        explanation="A qualitative actual that says neither achieved, partly achieved nor not "
        "achieved, and does not repeat the target. Write one of the three.",
        source="domain-rules §3.5, §4.7; rule set `qualitative_bands`",
    ),
    ScoringCode(
        code="PT307",
        severity=Severity.ERROR,
        zh=_NOT_SCORABLE_ZH,
        en=_NOT_SCORABLE_EN,
        parts={
            "zero target": Wording(
                "指标值为 0，而规则集不为指标值为 0 的行计分",
                "the target is 0 and the rule set scores no zero target",
            )
        },
        explanation="A target of 0 under a rule set whose `zero_target` is `not scorable`.",
        source="rule set `zero_target`",
    ),
    ScoringCode(
        code="PT308",
        severity=Severity.ERROR,
        zh="{name}：本行的标签、指标值或数字无法读取，不计分",
        en="{name}: a label, the target or a number of the row cannot be read; not scored",
        explanation="Batch scoring only: a row the per-object path cannot even build (an "
        "unknown label, a target that is no value, a number of more than 4,300 digits). The "
        "row is marked not scorable.",
    ),
    ScoringCode(
        code="PT309",
        severity=Severity.ERROR,
        zh="{name}：指标值无法读取（{problem}），本行不计分",
        en="{name}: the target could not be read ({problem}); the row is not scored",
        explanation="Reading kept a row whose target it could not read (`Indicator.problem`). "
        "The row is not scored but its weight counts, so the total is a lower bound (PT344).",
    ),
    ScoringCode(
        code="PT310",
        severity=Severity.ERROR,
        zh="预算数为 {budget}：执行率无法计算",
        en="the budget is {budget}: the execution rate is undefined",
        explanation="A budget of zero or less: the budget-execution line is not scored.",
        source="domain-rules §4.2",
    ),
    ScoringCode(
        code="PT311",
        severity=Severity.WARNING,
        zh="没有预算数和执行数：预算执行率不计分（可用 --budget 和 --executed 给出）",
        en="no budget and executed amounts: the budget-execution line is not scored "
        "(give --budget and --executed)",
        explanation="The rule set has a budget line but the table gives no amounts. Give them "
        "(`budget=`, `executed=`, or `--budget` and `--executed`).",
        source="domain-rules §4.2; rule set `budget.weight`",
    ),
    ScoringCode(
        code="PT312",
        severity=Severity.ERROR,
        zh="预算执行率 {rate}% 低于 {limit}%，但未说明原因",
        en="budget execution {rate}% is below {limit}%, but no reason is given",
        explanation="Budget execution below the rule set's threshold without a reason. Its "
        "severity is the rule set's `deviation.severity`.",
        source="domain-rules §4.2, §4.11; rule set `budget.reason_below`",
    ),
    ScoringCode(
        code="PT313",
        severity=Severity.ERROR,
        zh=_NOT_SCORABLE_ZH,
        en=_NOT_SCORABLE_EN,
        variants={
            "budget": Wording(
                "预算执行：金额 {amount} " + _RANGE_ZH + "，不计分",
                "budget execution: the amount {amount} " + _RANGE_EN + "; not scored",
            )
        },
        parts={
            "range": Wording("{field} {value} " + _RANGE_ZH, "the {field} {value} " + _RANGE_EN),
            "weight": Wording("分值", "weight"),
            "published": Wording("公布得分", "published score"),
            "target": Wording("指标值", "target"),
            "upper": Wording("指标值上限", "target's upper bound"),
            "actual": Wording("实际完成值", "actual"),
        },
        explanation="A number no score can use (a weight of 30 nines, an amount of 1E-40): "
        "the row or the budget line is not scored.",
    ),
    ScoringCode(
        code="PT314",
        severity=Severity.INFO,
        zh="{name}：指标值{when}由「{original}」调整为「{adjusted}」，{why}；按{which}「{used}」计分"
        "{count}",
        en="{name}: the target was adjusted{when} from {original!r} to {adjusted!r}, {why}; "
        "scored against the {which} {used!r}{count}",
        parts={
            "when": Wording("于 {date} ", " on {date}"),
            "why": Wording("调整原因：{reason}", "reason: {reason}"),
            "no reason": Wording("未说明调整原因", "no reason given"),
            "use": Wording("调整后指标值", "adjusted target"),
            "original": Wording("年初指标值", "original target"),
            "count": Wording(
                "（共调整 {n} 次，以最后一次为准）", " (adjusted {n} times; the last one counts)"
            ),
        },
        explanation="The target was adjusted during the year (年初指标值 → 调整后指标值). The "
        "row is scored against the adjusted target when the rule set's `adjusted_targets` is "
        "`use`, against the original one when it is `original`; the trace names the target "
        "used. Check that the adjustment went through its procedure; an adjustment without a "
        "reason is also a review finding.",
        source="monitoring.md §4; rule set `adjusted_targets`",
    ),
    ScoringCode(
        code="PT319",
        severity=Severity.WARNING,
        zh="{project}：预算金额无法使用（同一项目的两行金额不同，或金额不是 ≥ 0 的数），"
        "预算执行率不计分",
        en="{project}: the budget amounts cannot be used (two rows of the project differ, or "
        "an amount is no number ≥ 0); the budget-execution line is not scored",
        explanation="Batch scoring only: the project's budget line is not scored (so PT311 too).",
    ),
    ScoringCode(
        code="PT320",
        severity=Severity.WARNING,
        zh="表中有{levels}（评价指标体系框架的一级指标），而规则集 {rules} 按通用目标表计分；"
        "可改用 mof2020_framework",
        en="the table has {levels_en} rows (level 1 of the evaluation framework) but rule set "
        "{rules} scores the common tree; consider mof2020_framework",
        variants={
            "framework": Wording(
                "表中没有决策、过程指标，不是评价指标体系框架，而规则集 {rules} 按该框架计分；"
                "可改用 mof2020_selfeval",
                "the table has no decision or process rows, so it is no evaluation-framework "
                "tree, but rule set {rules} scores that framework; consider mof2020_selfeval",
            )
        },
        explanation="The table's tree is of the other family than the rule set's. It is scored "
        "all the same; use the rule set the message names.",
        source="domain-rules §2.3; rule set `family`",
        cause="tree of the other family",
    ),
    ScoringCode(
        code="PT321",
        severity=Severity.WARNING,
        zh="{label}分值为 {stated}，规则集 {rules} 规定为 {expected}",
        en="{label} weighs {stated} but rule set {rules} gives it {expected}",
        variants={
            "budget": Wording(
                "预算执行：公布分值 {published}，规则集 {rules} 规定 {expected}",
                "budget execution: published weight {published}, rule set {rules} says {expected}",
            )
        },
        explanation="A level-1 weight, or the budget line's, differs from the rule set's.",
        source="domain-rules §4.1; rule set `level1_weights`, `budget.weight`",
        cause="weight differs from rule set",
    ),
    ScoringCode(
        code="PT322",
        severity=Severity.WARNING,
        zh="{label}标注 {stated} 分，但其下各行分值合计 {weight}",
        en="{label} is labelled {stated} but its rows' weights sum to {weight}",
        explanation="A level-1 label writes a weight (`产出指标(50分)`) its rows do not add up to.",
        source="domain-rules §4.1",
        cause="weights do not sum",
    ),
    ScoringCode(
        code="PT331",
        severity=Severity.WARNING,
        zh="{name}：指标已达成，公布得分却为 {published}/{weight}{unexplained}；按规则应为 {trace}",
        en="{name}: the target is met but published {published} of {weight}{unexplained}; "
        "the rule gives {trace}",
        parts={"unexplained": Wording("，且未说明原因", " and no reason is given")},
        explanation="A met row published below its full weight: a judgement deduction no "
        "formula reproduces.",
        source="domain-rules §4.12",
        cause="docked although met",
    ),
    ScoringCode(
        code="PT332",
        severity=Severity.WARNING,
        zh="{name}：公布得分 {published} 超过分值 {weight}：{weight} × {ratio} 未封顶；"
        "按规则应为 {trace}",
        en="{name}: published {published} exceeds the weight {weight}: {weight} × {ratio} "
        "not capped; the rule gives {trace}",
        explanation="Over-completion paid beyond the weight (weight × actual/target uncapped).",
        source="domain-rules §4.4; rule set `higher_cap`",
        cause="over-completion not capped",
    ),
    ScoringCode(
        code="PT333",
        severity=Severity.WARNING,
        zh="{name}：公布得分 {published} 是 {exact} {way}的结果；按规则应为 {trace}",
        en="{name}: published {published} is {exact} rounded {way}; the rule gives {trace}",
        variants={
            "budget": Wording(
                "预算执行：公布得分 {published} 是 {exact} 取整的结果；规则：{trace}",
                "budget execution: published {published} is {exact} rounded to an integer; "
                "rule: {trace}",
            )
        },
        parts={
            "down": Wording("向下取整", "down"),
            "nearest": Wording("四舍五入取整", "to the nearest integer"),
        },
        explanation="The published score is the rule's, rounded to an integer.",
        source="domain-rules §4.9; rule set `rounding`",
        cause="integer rounding",
    ),
    ScoringCode(
        code="PT334",
        severity=Severity.WARNING,
        zh="预算执行：公布得分 {published} = {weight} × 执行率 {rate}，未封顶；规则：{trace}",
        en="budget execution: published {published} = {weight} × rate {rate} without the cap; "
        "rule: {trace}",
        explanation="The budget line was scored proportionally beyond a rate of 100%.",
        source="domain-rules §4.2; rule set `budget.cap`",
        cause="proportional but uncapped",
    ),
    ScoringCode(
        code="PT335",
        severity=Severity.WARNING,
        zh="{name}：公布得分 {published} = {weight} × {actual}%（用了 分值 × 实际完成值%，"
        "而非 分值 × 实际/指标值）；按规则应为 {trace}",
        en="{name}: published {published} = {weight} × {actual}% (weight × actual% instead "
        "of weight × actual/target); the rule gives {trace}",
        explanation="The published score is the weight times the actual percentage, not "
        "times the completion ratio.",
        source="domain-rules §4.3, §4.12",
        cause="weight × actual%",
    ),
    ScoringCode(
        code="PT336",
        severity=Severity.WARNING,
        zh="预算执行：公布执行率 {published}%，但金额算得 {rate}%（{trace}）",
        en="budget execution: published rate {published}% but the amounts give {rate}% ({trace})",
        explanation="The published execution rate contradicts the published amounts.",
        source="domain-rules §4.2",
        cause="rate contradicts the amounts",
    ),
    ScoringCode(
        code="PT337",
        severity=Severity.WARNING,
        zh="公布总分 {published} 不等于各项公布得分之和 {summed}",
        en="published total {published} is not the sum of the published scores {summed}",
        explanation="The table's total is not the sum of its own parts.",
        source="domain-rules §4.9",
        cause="total not the sum",
    ),
    ScoringCode(
        code="PT338",
        severity=Severity.WARNING,
        zh="分值合计 {total}（指标 {rows} + 预算执行 {budget}），不是 {full}",
        en="weights sum to {total} (indicators {rows} + budget {budget}), not {full}",
        explanation="The weights of the rows and the budget line do not add up to the rule "
        "set's total.",
        source="domain-rules §4.1; rule set `total`",
        cause="weights do not sum to 100",
    ),
    ScoringCode(
        code="PT339",
        severity=Severity.WARNING,
        zh="{name}：公布得分 {published} 与规则得分 {score} 相差 {difference}，原因不明；"
        "按规则应为 {trace}",
        en="{name}: published {published} differs from the rule score {score} by "
        "{difference} with no known cause; the rule gives {trace}",
        variants={
            "budget": Wording(
                "预算执行：公布得分 {published} 与规则得分不同；规则：{trace}",
                "budget execution: published {published} differs from the rule score; "
                "rule: {trace}",
            )
        },
        explanation="The published score differs from the rule's beyond the tolerance and no "
        "known cause explains it.",
        cause="differs from the rule",
    ),
    ScoringCode(
        code="PT340",
        severity=Severity.WARNING,
        zh="{name}：指标未达成，公布得分却为满分 {published}；按规则应为 {trace}",
        en="{name}: the target is not met but the published score is the full {published}; "
        "the rule gives {trace}",
        explanation="A row that is not met published with its full weight.",
        source="domain-rules §4.12",
        cause="full score although not met",
    ),
    ScoringCode(
        code="PT341",
        severity=Severity.WARNING,
        zh="{name}：公布得分 {published} 不在「{status}」档 [{low}, {high}] 内（分值 {weight}）",
        en="{name}: published {published} is outside the {status_en} band [{low}, {high}] "
        "of weight {weight}",
        explanation="A qualitative row's published score lies outside its achievement band.",
        source="domain-rules §4.7; rule set `qualitative_bands`",
        cause="outside qualitative band",
    ),
    ScoringCode(
        code="PT342",
        severity=Severity.WARNING,
        zh="{name}：公布得分 {published} 超过分值 {weight}；按规则应为 {trace}",
        en="{name}: published {published} exceeds the weight {weight}; the rule gives {trace}",
        explanation="A published score above the weight that no known formula explains.",
        cause="score above weight",
    ),
    ScoringCode(
        code="PT343",
        severity=Severity.WARNING,
        zh="公布得分与完成率不单调：{pairs} 对分值相同的行中，完成率较低的得分反而较高",
        en="published scores are not monotone in the completion ratio: {pairs} pair(s) of "
        "equally weighted rows where the lower ratio scores higher",
        explanation="Among rows of equal weight, a lower completion ratio was published with "
        "a higher score.",
        cause="not monotone",
    ),
    ScoringCode(
        code="PT344",
        severity=Severity.WARNING,
        zh="总分不完整：{count} 行无法读取或无判定得分（分值合计 {weight}）未计分，"
        "规则总分 {total} 只是下限{comparison}",
        en="the total is incomplete: {count} row(s) that could not be read or judged "
        "(weights {weight}) are not scored, so the rule total {total} is a lower bound"
        "{comparison}",
        parts={
            "comparison": Wording(
                "，公布总分 {published} 无法与之比较",
                "; the published total {published} cannot be compared with it",
            )
        },
        explanation="Rows that could not be read or judged are not scored: the rule total is "
        "a lower bound and is not compared with the published total (no PT345).",
        cause="total incomplete",
    ),
    ScoringCode(
        code="PT345",
        severity=Severity.INFO,
        zh="公布总分 {published}，规则总分 {total}",
        en="published total {published}, rule total {total}",
        explanation="The published total differs from the rule total beyond the tolerance.",
        cause="total differs from the rule",
    ),
    ScoringCode(
        code="PT346",
        severity=Severity.WARNING,
        zh="{name}：评价人判定的公布得分 {published} 超出 [0, {top}]，按 {bound} 计",
        en="{name}: the judged score {published} is outside [0, {top}]; counted as {bound}",
        explanation="A checklist row's published score lies outside [0, weight]; it counts at "
        "the nearer bound.",
        source="domain-rules §2.3",
        cause="judged score outside the weight",
    ),
    ScoringCode(
        code="PT347",
        severity=Severity.ERROR,
        zh=_NOT_SCORABLE_ZH,
        en=_NOT_SCORABLE_EN,
        parts={
            "unpublished": Wording(
                "这是由评价人判定的核查项，但没有公布得分",
                "this checklist row is judged by the evaluator, but no score is published",
            )
        },
        explanation="A checklist row of the evaluation framework without a published score: "
        "nothing to take as the evaluator's judgement.",
        source="domain-rules §2.3",
    ),
    ScoringCode(
        code="PT348",
        severity=Severity.WARNING,
        zh="分值合计 {weights}（指标 {rows} + 预算执行 {budget}），不是规则集 {rules} 的满分 "
        "{full}：总分 {total} 不在评级的分制上，不评等级",
        en="the weights add to {weights} (indicators {rows} + budget {budget}), not the "
        "{full} of rule set {rules}: the total {total} is off the grading scale, so no grade "
        "is given",
        explanation="The weights present do not add up to the rule set's total: the total is "
        "scored but not graded.",
        source="domain-rules §4.10; rule set `total`, `grades`",
        cause="off the grading scale",
    ),
    ScoringCode(
        code="PT349",
        severity=Severity.WARNING,
        zh="{name}：分值 {weight} 比得分的舍入单位 {quantum} 更细，舍入后的得分 {rounded} "
        "会超过分值，按不超过分值的 {score} 计",
        en="{name}: the weight {weight} is finer than the rounding step {quantum} of scores; "
        "the rounded score {rounded} would exceed it, so it counts as {score}",
        explanation="A weight finer than the rounding step (6.667 with two places): the score "
        "is capped at the step below the weight.",
        source="domain-rules §4.9; rule set `rounding`",
        cause="weight finer than the rounding",
    ),
    ScoringCode(
        code="PT350",
        severity=Severity.INFO,
        zh="分值按公布得分推断（每行都已达成）：{names}",
        en="weights inferred from the published scores (every row is met): {names}",
        explanation="Rows without a weight took their published score as the weight, since "
        "every scored row is met (`infer_missing_weights`).",
        cause="weights inferred",
    ),
    ScoringCode(
        code="PT351",
        severity=Severity.WARNING,
        zh="{names} 没有分值；未推断分值（{reason}）",
        en="no weight for {names}; weights not inferred ({reason})",
        parts={
            "off": Wording("未开启推断", "inference is off"),
            "not met": Wording("并非每行都已达成", "not every row is met"),
        },
        explanation="Rows without a weight are not scored: inference is off, or not every "
        "scored row is met.",
        cause="missing weights",
    ),
)

#: Every scoring and reconciliation finding, by code.
SCORING_CODES: Final[dict[str, ScoringCode]] = {c.code: c for c in _CODES}


def finding(
    code: str,
    where: Location | None = None,
    *,
    variant: str = "",
    **fields: object,
) -> Finding:
    """
    Make finding ``code``, its message filled from ``fields`` in the current language.

    Args:
        code: A code of :data:`SCORING_CODES`.
        where: Where in the input.
        variant: The name of one of the code's variants; the main wording
            when empty.
        fields: The template fields.

    Returns:
        The finding, with the code's severity and :attr:`~ScoringCode.cause`
        (where the rule set sets the severity, as for ``PT304`` and
        ``PT312``, the caller replaces it with :func:`attrs.evolve`).

    Raises:
        KeyError: ``code`` or ``variant`` is not registered.

    Example:
        >>> from perftarget.core._lang import language
        >>> with language("en"):
        ...     finding("PT345", published="90", total="88.5").message
        'published total 90, rule total 88.5'
    """
    return _make(code, where, variant, None, fields)


def rule_finding(
    code: str, where: Location | None, severity: Severity, **fields: object
) -> Finding:
    """
    Make finding ``code`` with the severity the rule set gives it (``PT304``,
    ``PT312``: ``deviation.severity``) instead of the code's own.
    """
    return _make(code, where, "", severity, fields)


def _make(
    code: str,
    where: Location | None,
    variant: str,
    severity: Severity | None,
    fields: Mapping[str, object],
) -> Finding:
    spec = SCORING_CODES[code]
    if variant:
        message = spec.variants[variant].render(**fields)
    else:
        message = (spec.zh if current_language() == "zh" else spec.en).format(**fields)
    return new_finding(
        code,
        spec.severity if severity is None else severity,
        message,
        where or Location(),
        spec.cause,
    )


def part(code: str, key: str, **fields: object) -> str:
    """
    Render part ``key`` of ``code`` in the current language.

    Args:
        code: A code of :data:`SCORING_CODES`.
        key: The name of one of its parts.
        fields: The part's template fields.

    Returns:
        The text.

    Raises:
        KeyError: ``code`` or ``key`` is not registered.

    Example:
        >>> from perftarget.core._lang import language
        >>> with language("zh"):
        ...     part("PT305", "no actual")
        '未填写实际完成值'
    """
    return SCORING_CODES[code].parts[key].render(**fields)


def reference_page() -> str:
    """
    The reference page of the scoring findings (``docs/reference/scoring-findings.md``),
    generated from :data:`SCORING_CODES` so the two cannot drift apart.

    Returns:
        The page's Markdown text.
    """
    lines = [
        "# Scoring findings (PT3xx)",
        "",
        "What `evaluate()`, `reconcile()`, `perftarget score` and batch scoring report (see",
        "[How scores are computed](../explanation/scoring.md)). PT301–PT314 and PT346–PT349",
        "come from scoring a row or the budget line, PT320–PT345 from reconciling what a table",
        "publishes with its rule set (they carry a `cause`), PT350 and PT351 from inferring",
        "missing weights; PT308 and PT319 are given by batch scoring only. A *variant* is the",
        "wording at another kind of site; a *part* is a phrase that fills one of the",
        "template's fields (`{reason}`, `{way}`). Sources are sections of `domain-rules.md`",
        "and fields of the rule set. This page is generated from the registry in",
        "`perftarget/score/_codes.py`.",
        "",
    ]
    for spec in _CODES:
        lines += [f"## {spec.code}", "", f"Severity: {spec.severity.value}."]
        if spec.cause is not None:
            lines.append(f"Cause: `{spec.cause}`.")
        if spec.source:
            lines.append(f"Source: {spec.source}.")
        lines += ["", spec.explanation, "", f"- zh: {spec.zh}", f"- en: {spec.en}"]
        for kind, wordings in (("variant", spec.variants), ("part", spec.parts)):
            for key, wording in wordings.items():
                lines += [
                    f"- {kind} `{key}`, zh: {wording.zh}",
                    f"- {kind} `{key}`, en: {wording.en}",
                ]
        lines.append("")
    return "\n".join(lines)
