"""
Compact HTML for notebooks: an escaped table, and findings as one.

Shared by the ``_repr_html_`` of departments, scorecards, review results and
audit reports, so every text they show is escaped in one place.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from perftarget.core._findings import Finding
from perftarget.core._lang import say

__all__ = ["HTML_ROWS", "Cell", "findings_html", "html_table", "plain"]

#: Rows a notebook table shows before it says how many more there are.
HTML_ROWS = 200


#: One table cell: its text and the text shown on hover ("" for none).
Cell = tuple[str, str]


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, limit: int = HTML_ROWS
) -> str:
    """
    A compact HTML table for a notebook, every text escaped.

    Each cell is ``(text, hover)``; a non-empty hover becomes the cell's
    ``title`` attribute.  Past ``limit`` rows, a last row says how many
    more there are.

    Args:
        headers: The column headings.
        rows: The cells, row by row.
        limit: Rows shown at most.

    Returns:
        The ``<table>`` element.

    Examples:
        >>> table = html_table(["a<b"], [[("x & y", "why")]])
        >>> table[table.index("<th>") : table.index("</thead>")]
        '<th>a&lt;b</th></tr>'
        >>> table[table.index("<td") : table.index("</tr></tbody>")]
        '<td title="why">x &amp; y</td>'
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for row in rows[:limit]:
        cells = "".join(
            f'<td title="{html.escape(hover)}">{html.escape(text)}</td>'
            if hover
            else f"<td>{html.escape(text)}</td>"
            for text, hover in row
        )
        body.append(f"<tr>{cells}</tr>")
    if len(rows) > limit:
        more = len(rows) - limit
        note = say(f"另有 {more} 行未显示", f"{more} more rows not shown")
        body.append(f'<tr><td colspan="{len(headers)}">{html.escape(note)}</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def plain(value: Decimal | None) -> str:
    """A decimal as fixed-point text; empty for None."""
    return "" if value is None else format(value, "f")


def findings_html(findings: Sequence[Finding]) -> str:
    """
    The findings as a compact HTML table (code, severity, where, message);
    empty when there are none.

    Examples:
        >>> from perftarget.core._findings import Severity
        >>> from perftarget.exceptions import Location
        >>> found = Finding(code="PT304", severity=Severity.ERROR, message="<b>",
        ...     where=Location(row=7))
        >>> "&lt;b&gt;" in findings_html([found]), findings_html([])
        (True, '')
    """
    if not findings:
        return ""
    headers = [
        say("代码", "code"),
        say("严重程度", "severity"),
        say("位置", "where"),
        say("说明", "message"),
    ]
    rows: list[list[Cell]] = [
        [(f.code, f.cause or ""), (f.severity.value, ""), (str(f.where), ""), (f.message, "")]
        for f in findings
    ]
    title = say(f"发现 {len(findings)} 项", f"{len(findings)} findings")
    return f"<p>{html.escape(title)}</p>{html_table(headers, rows)}"
