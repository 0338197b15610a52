"""
Targets adjusted during the year (年初指标值 → 调整后指标值), as scoring sees them.

The original target stays on the row; :func:`in_force` gives the row as
scored, its target the one the rule set's ``adjusted_targets`` chooses, and
the scorecard says what happened: an info finding (``PT314``,
:func:`revision_finding`) and a note at the end of the row's trace
(:func:`scored_note`).
"""

from __future__ import annotations

from attrs import evolve

from perftarget.core._findings import Finding
from perftarget.core._format import format_target
from perftarget.core._lang import say
from perftarget.core._model import Target
from perftarget.rules import AdjustedTargets, RuleSet
from perftarget.score._codes import finding, part
from perftarget.score._scorecard import EvaluationRow

__all__ = ["in_force", "revision_finding", "scored_note"]


def in_force(row: EvaluationRow, rules: RuleSet) -> EvaluationRow:
    """
    The row as scored: its indicator's target replaced by the one in force.

    An indicator adjusted during the year is scored against its last
    adjusted target when the rule set's ``adjusted_targets`` is ``use``
    (a problem reading the original target no longer stands in the way),
    against its original target otherwise.

    Args:
        row: The indicator row.
        rules: The rule set.

    Returns:
        ``row`` itself when the target in force is the original one.

    Example:
        >>> from perftarget import EvaluationRow, Indicator, Level1, Level2, parse_target
        >>> from perftarget.core._model import Revision
        >>> from perftarget.rules import load_rules
        >>> row = EvaluationRow(indicator=Indicator(level1=Level1.OUTPUT,
        ...     level2=Level2.QUANTITY, name="培训人次", target=parse_target("≥1100人次"),
        ...     revisions=[Revision(target=parse_target("≥900人次"))]))
        >>> in_force(row, load_rules()).indicator.target.value
        Decimal('900')

    .. versionadded:: Unreleased
    """
    indicator = row.indicator
    used = indicator.target_in_force(rules.adjusted_targets)
    if used is indicator.target:
        return row
    return evolve(row, indicator=evolve(indicator, target=used, problem=""))


def revision_finding(row: EvaluationRow, rules: RuleSet) -> Finding:
    """
    ``PT314``: the row's target was adjusted during the year; which target was scored.

    Args:
        row: An indicator row with at least one revision.
        rules: The rule set, whose ``adjusted_targets`` chose the target.

    Returns:
        The info finding naming the original and the last adjusted target,
        the adjustment's date and reason, and the target scored.

    .. versionadded:: Unreleased
    """
    indicator = row.indicator
    last = indicator.revisions[-1]
    use = AdjustedTargets(rules.adjusted_targets) is AdjustedTargets.USE
    original, adjusted = _shown(indicator.target), _shown(last.target)
    count = len(indicator.revisions)
    return finding(
        "PT314",
        row.where,
        name=indicator.name,
        when=part("PT314", "when", date=last.date.isoformat()) if last.date is not None else "",
        original=original,
        adjusted=adjusted,
        why=part("PT314", "why", reason=last.reason.strip())
        if last.reason.strip()
        else part("PT314", "no reason"),
        which=part("PT314", "use" if use else "original"),
        used=adjusted if use else original,
        count=part("PT314", "count", n=count) if count > 1 else "",
    )


def _shown(target: Target) -> str:
    """A target as written, else in canonical spelling."""
    return target.text.strip() or format_target(target)


def scored_note(row: EvaluationRow, rules: RuleSet) -> tuple[Target, str]:
    """
    The target an adjusted row was scored against, and the note the trace ends with.

    Args:
        row: An indicator row with at least one revision.
        rules: The rule set.

    Returns:
        The target in force and the note (in the language in force).

    .. versionadded:: Unreleased
    """
    indicator = row.indicator
    used = indicator.target_in_force(rules.adjusted_targets)
    if AdjustedTargets(rules.adjusted_targets) is AdjustedTargets.USE:
        note = say(
            f"（按调整后指标值「{_shown(used)}」计分）",
            f" (scored against the adjusted target {_shown(used)})",
        )
    else:
        adjusted = indicator.revisions[-1].target
        note = say(
            f"（按年初指标值「{_shown(used)}」计分，未采用调整后指标值「{_shown(adjusted)}」）",
            f" (scored against the original target {_shown(used)}, "
            f"not the adjusted {_shown(adjusted)})",
        )
    return used, note
