"""
Findings: what a check (scoring, reconciliation, review, audit) noticed.

One shape for all of them, so reports and other tools handle them alike:
``{"code", "severity", "message", "where"}``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import field, frozen

from perftarget.exceptions import Location

__all__ = ["Finding", "FindingCode", "Severity", "registry_page"]


class Severity(enum.Enum):
    """Severity of a finding; commands exit 1 at or above a chosen one."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for info."""
        return {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}[self]


@frozen(kw_only=True)
class Finding:
    """
    Something a check noticed.

    Attributes:
        code: Stable code such as ``PT201``.
        severity: error, warning or info.
        message: What was found, with the numbers.
        where: Where in the input.
        cause: For reconciliation findings, the likely cause (a short key
            such as ``docked although met``); None otherwise.
    """

    code: str
    severity: Severity
    message: str
    where: Location = field(factory=Location)
    cause: str | None = None


def exit_status(findings: Iterable[Finding], fail_on: str) -> int:
    """
    A command's exit status: 1 if any finding is at or above ``fail_on``
    (``error``, ``warning`` or ``info``), else 0.
    """
    threshold = Severity(fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in findings) else 0


@frozen(kw_only=True)
class FindingCode:
    """
    One kind of finding in a registry (reading ``PT0xx``, scoring ``PT3xx``,
    monitoring ``PT4xx``): its code, severity and wording in both languages.

    Attributes:
        code: The stable code (``PT001``).
        severity: The default severity.
        zh, en: The message templates, with ``str.format`` fields.
        explanation: What it means and what to do, for the reference page.
        source: The rule or reference behind it, if any.

    Examples:
        >>> from perftarget.core._lang import language
        >>> spec = FindingCode(code="PT999", severity=Severity.INFO, zh="{n} 行",
        ...     en="{n} rows", explanation="x")
        >>> with language("zh"):
        ...     spec.finding(n=3).message
        '3 行'
    """

    code: str
    severity: Severity
    zh: str
    en: str
    explanation: str
    source: str = ""

    def message(self, **fields: object) -> str:
        """The message in the language in force, its template filled from ``fields``."""
        from perftarget.core._lang import current_language

        return (self.zh if current_language() == "zh" else self.en).format(**fields)

    def finding(self, where: Location | None = None, **fields: object) -> Finding:
        """A finding of this code at ``where``, its message filled from ``fields``."""
        return Finding(
            code=self.code,
            severity=self.severity,
            message=self.message(**fields),
            where=where or Location(),
        )


def registry_page(title: str, intro: Iterable[str], codes: Iterable[FindingCode]) -> str:
    """
    The reference page of a registry: a title, an introduction, and per code its
    severity, explanation and both templates.  The docs pages of the reading and
    monitoring findings are generated with it and pinned by tests.
    """
    lines = [f"# {title}", "", *intro, ""]
    for spec in codes:
        lines += [
            f"## {spec.code}",
            "",
            f"Severity: {spec.severity.value}.",
            "",
            spec.explanation,
            "",
            f"- zh: {spec.zh}",
            f"- en: {spec.en}",
            "",
        ]
    return "\n".join(lines)
