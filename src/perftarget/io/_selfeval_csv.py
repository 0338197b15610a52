"""
Self-evaluation readers (绩效自评表): :func:`read_selfeval_csv` for a CSV
holding one, :func:`read_selfevaluation` for any format.  The record they
return, :class:`SelfEvaluation`, lives in :mod:`perftarget.io._selfeval`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from perftarget.core._lang import say
from perftarget.exceptions import Location, NoTableError, Problem, TableError
from perftarget.io import read_table
from perftarget.io._csvtext import read_csv
from perftarget.io._selfeval import SelfEvaluation
from perftarget.io._sheets import Contents

__all__ = ["SelfEvaluation", "read_selfeval_csv", "read_selfevaluation"]


def read_selfeval_csv(path: str | Path) -> SelfEvaluation:
    """
    Read a self-evaluation CSV.

    The file goes through the layout reader every format shares
    (:func:`perftarget.io.read_table`): headers by meaning, split
    指标性质 | 指标值 | 度量单位 columns, merged level cells, the funding block
    and the 总分 row.

    Args:
        path: The CSV file (UTF-8, UTF-8 with BOM, or GB18030).

    Returns:
        The rows, the funding block and the published total.

    Raises:
        TableError: Every problem found, each with file, row and column;
            also when the file holds no self-evaluation (no 实际完成值
            column) or more than one.
        OSError: The file cannot be read.
    """
    return _one(lambda: read_csv(path), path)


def read_selfevaluation(
    path: str | Path, *, strict: bool = False, year: int | None = None
) -> SelfEvaluation:
    """
    Read the one self-evaluation a file holds, whatever its format.

    Args:
        path: A ``.xlsx``, ``.docx``, ``.csv``, ``.json`` or ``.txt`` file.
        strict: Refuse the file when reading noticed anything of warning or
            error severity, as :func:`perftarget.io.read_table` does.
        year: The budget year (年度) when the table does not state one.

    Returns:
        The rows, the funding block and the published total.

    Raises:
        TableError: As :func:`read_selfeval_csv`, for any format; with
            ``strict``, also every warning or error reading noticed.
        OSError: The file cannot be read.

    .. versionchanged:: Unreleased
        Added ``strict`` and ``year``.
    """
    return _one(lambda: read_table(path, strict=strict, year=year), path)


def _one(read: Callable[[], Contents], path: str | Path) -> SelfEvaluation:
    try:
        contents = read()
    except NoTableError as error:  # its last problem says no header was found
        *before, last = error.problems
        raise NoTableError([*before, _for_selfeval(last)]) from None
    if len(contents.evaluations) != 1:
        found = len(contents.evaluations)
        raise TableError(
            [
                Problem(
                    where=Location(file=str(path)),
                    message=(
                        f"expected one self-evaluation table, found {found}; a self-evaluation "
                        "has the columns 一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值"
                    ),
                )
            ]
        )
    return contents.evaluations[0]


def _for_selfeval(problem: Problem) -> Problem:
    """The no-header problem, naming the self-evaluation columns."""
    columns = "一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值"
    message = say(
        f"没有可识别的自评表表头；应有 {columns} 列（得分、偏差原因可选）",
        f"no self-evaluation header recognised; expected the columns {columns} "
        "(得分 and 偏差原因 optional)",
    )
    return Problem(where=problem.where, message=message, text=problem.text)
