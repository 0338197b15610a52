"""
The types of the review rules: what a check may consult (:class:`ReviewContext`),
what it returns (:class:`Hit`) and the rule itself (:class:`Rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Literal

from attrs import field, frozen

from perftarget.core._categories import Level1, Level2
from perftarget.core._findings import Severity
from perftarget.core._lang import current_language
from perftarget.core._model import Department, Project, Target

__all__ = ["Hit", "ReviewContext", "Rule"]


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
