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

__all__ = ["Finding", "Severity"]


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
