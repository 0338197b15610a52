"""
How-to: review a department's targets (docs/howto/review-targets.md).

Run the review rules over a department's target tables, ignore a rule for one
project, and print the findings as a table and as counts per rule.
"""

from __future__ import annotations

from collections import Counter

from perftarget import ReviewConfig, datasets, review
from perftarget.report import FindingsRenderer


def main() -> None:
    """Review the bundled 曲阳县信访局 2020 target tables."""
    department = datasets.quyang_2020()
    config = ReviewConfig(
        ignore=frozenset({"PT120"}),
        per_project_ignore={"信访局劳务派遣人员经费": frozenset({"PT106"})},
    )
    findings = review(department, config=config, lang="en")
    print(FindingsRenderer(lang="en")(findings))
    print()
    for code, count in Counter(f.code for f in findings).most_common():
        print(f"{code}: {count}")


if __name__ == "__main__":
    main()
