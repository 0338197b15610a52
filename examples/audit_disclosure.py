"""
How-to: audit a disclosure (docs/howto/audit-a-disclosure.md).

Check every arithmetic identity of a department budget disclosure, then break
one amount and see the audit catch it with the equation on both sides.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from perftarget import audit, datasets, read_disclosure_file
from perftarget.report import AuditRenderer


def main() -> None:
    """Audit the bundled disclosure and a copy with one wrong amount."""
    report = audit(datasets.quyang_2020_budget())
    print(AuditRenderer(lang="en")(report).splitlines()[-1])

    broken = datasets.quyang_2020_text().replace("基本支出104.22万元", "基本支出105.22万元")
    path = Path(tempfile.mkdtemp()) / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    report = audit(read_disclosure_file(path))
    for finding in report.findings:
        print(finding.code, finding.message)
    assert not report.passed


if __name__ == "__main__":
    main()
