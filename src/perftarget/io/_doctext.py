"""
Tables in the plain-text form of a converted Word document.

In that form (the text export of a .docx, as in the bundled seed) every cell
stands on its own line, indented by a tab; a blank line ends a row; a line
without the tab continues the cell above (a cell with several paragraphs);
a section heading (``七、国有资产信息``) or a paragraph after a blank line
ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrs import frozen

__all__ = ["TextTable", "text_tables"]

_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分|\[bookmark)")


@frozen(kw_only=True)
class TextTable:
    """
    A table found in a text document.

    Attributes:
        line: 1-based line number where the table starts.
        rows: The rows, each a list of cell strings (stripped).
        row_lines: The 1-based line number where each row starts.
    """

    line: int
    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]


def text_tables(text: str) -> Iterator[TextTable]:
    """
    Yield every table in ``text``, in document order.

    Examples:
        >>> doc = "title\\n\\ta\\n\\tb\\n\\n\\t1\\n\\t2\\nmore\\n\\nparagraph\\n"
        >>> [t.rows for t in text_tables(doc)]
        [(('a', 'b'), ('1', '2\\nmore'))]
    """
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    # each cell as its paragraphs, joined once when the row ends: appending
    # to a string would copy it for every line of a long cell
    cells: list[list[str]] = []
    blank_before = False

    def close_row() -> None:
        nonlocal cells
        if cells:
            rows.append(tuple("\n".join(parts).strip() for parts in cells))
            cells = []

    def emit() -> TextTable | None:
        nonlocal rows, row_lines
        close_row()
        table = None
        if rows:
            table = TextTable(line=row_lines[0], rows=tuple(rows), row_lines=tuple(row_lines))
        rows, row_lines = [], []
        return table

    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("\t"):
            if not cells:
                row_lines.append(number)
            cells.append([line[1:]])
            blank_before = False
        elif not line.strip():
            close_row()
            blank_before = True
        elif cells and not blank_before and not _HEADING.match(line):
            cells[-1].append(line.strip())
        else:
            table = emit()
            if table is not None:
                yield table
            blank_before = False
    table = emit()
    if table is not None:
        yield table
