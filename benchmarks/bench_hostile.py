"""
Time and peak memory of the heavy hostile inputs, each run in a fresh process.

Run:  python benchmarks/bench_hostile.py [--keep DIR] [--budget SECONDS] [--only TEXT]

The unit tests (``tests/test_hostile.py``) keep their files small; the cases
here are large on purpose, and each must be refused (or read) within the time
budget (default 5 s) without growing memory with the input:

* an ``.xlsx`` with a million formula rows and a dimension that declares them;
* the same without a ``<dimension>`` (the row count is found by the scan);
* a CSV with one 10 MB line, and a ``.txt`` with one 10 MB line (``read_table``);
* ``perftarget audit`` on a disclosure with one 10 MB line (once a hang);
* a JSON document nested 1,000,000 deep, and one number of a million digits;
* a bare value of a million digits given to ``parse_target`` and
  ``parse_actual`` (once quadratic in ``int()``; budget 1 s);
* ``perftarget convert`` of a 17 MB text dump of a Word document (the bundled
  disclosure repeated: 6,000 tables; once quadratic in finding each table's
  heading; budget 10 s), and ``read_table`` of a text dump whose one cell runs
  over 200,000 lines (once quadratic in joining the lines).

Each case prints its outcome (the first line of our error, or "read"), the
wall time, the CPU time and the peak resident memory of the process that ran
it.  The budget is checked against the CPU time, which a busy shared machine
does not inflate.  The exit code is 1 when a case escaped with something
other than our error or used more than its budget.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

_RUNNER = r"""
import io, os, resource, sys, time
from perftarget.io import read_table
from perftarget.io._disclosure_text import read_disclosure_file
from perftarget.exceptions import TableError, TargetParseError
from perftarget import parse_actual, parse_target
from perftarget.cli import main

def parse(path):
    text = open(path, encoding="utf-8").read()
    for reader in (parse_target, parse_actual):
        try:
            reader(text)
        except TargetParseError as error:
            return "refused: " + str(error)[:60]
    return "read"

def convert(path):
    saved, sys.stderr = sys.stderr, io.StringIO()
    try:
        code = main(["convert", path, path + ".json"], out=io.StringIO())
    finally:
        sys.stderr = saved
    size = os.path.getsize(path + ".json") if code == 0 else 0
    return f"exit {code}, {size / 1e6:.1f} MB of JSON"

start = time.perf_counter()
try:
    how = sys.argv[2]
    if how == "parse":
        outcome = parse(sys.argv[1])
    elif how == "convert":
        outcome = convert(sys.argv[1])
    else:
        reader = read_disclosure_file if how == "audit" else read_table
        reader(sys.argv[1])
        outcome = "read"
except TableError as error:
    outcome = "refused: " + str(error.problems[0].message)[:70]
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = usage.ru_maxrss / 1024
print(f"{seconds:.3f}\t{usage.ru_utime + usage.ru_stime:.3f}\t{peak:.0f}\t{outcome}")
"""


def _sheet(rows: int, dimension: bool) -> bytes:
    head = f'<dimension ref="A1:B{rows}"/>' if dimension else ""
    body = "".join(
        f'<row r="{n}"><c r="A{n}"><f>B{n}*2</f><v>{n}</v></c></row>' for n in range(1, rows + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{head}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def _xlsx(folder: Path, name: str, rows: int, dimension: bool) -> Path:
    import openpyxl

    base = folder / "base.xlsx"
    openpyxl.Workbook().save(base)
    path = folder / name
    with zipfile.ZipFile(base) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _sheet(rows, dimension)
            new.writestr(info.filename, data)
    return path


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _word_text(folder: Path, megabytes: int = 17) -> Path:
    """The bundled disclosure's Word text repeated to ``megabytes`` (about 6,000 tables)."""
    from perftarget import datasets

    page = datasets.quyang_2020_text().encode()
    return _write(folder, "big.txt", page * (megabytes * 1_000_000 // len(page) + 1))


def _long_cell(folder: Path, lines: int = 200_000) -> Path:
    """A text dump whose one cell is continued over ``lines`` lines."""
    head = "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n"
    cell = "\t产出指标\n\t数量指标\n\t覆盖人数\n\t≥95%\n" + "说明文字\n" * lines + "\n"
    return _write(folder, "long-cell.txt", (head + cell).encode())


def _cases(folder: Path) -> list[tuple[str, Callable[[], Path], str, float | None]]:
    """Each case: label, how to write its file, how to read it, its own budget (or None)."""
    line = "一级指标" * 2_500_000 + "\n"  # 10 M characters
    disclosure = ("x" * 10_000_000 + "2020年部门预算信息公开\n").encode()
    return [
        (
            "xlsx, 10^6 formula rows, declared",
            lambda: _xlsx(folder, "m1.xlsx", 1_000_000, True),
            "read",
            None,
        ),
        (
            "xlsx, 10^6 formula rows, no dimension",
            lambda: _xlsx(folder, "m2.xlsx", 1_000_000, False),
            "read",
            None,
        ),
        ("csv, one 10 MB line", lambda: _write(folder, "long.csv", line.encode()), "read", None),
        ("txt, one 10 MB line", lambda: _write(folder, "long.txt", line.encode()), "read", None),
        (
            "audit, one 10 MB line",
            lambda: _write(folder, "disclosure.txt", disclosure),
            "audit",
            None,
        ),
        (
            "json, nested 10^6 deep",
            lambda: _write(folder, "deep.json", b"[" * 10**6 + b"]" * 10**6),
            "read",
            None,
        ),
        (
            "json, a number of 10^6 digits",
            lambda: _write(folder, "digits.json", b"9" * 10**6),
            "read",
            None,
        ),
        ("value of 10^6 digits", lambda: _write(folder, "digits.txt", b"9" * 10**6), "parse", 1.0),
        (
            "value of 10^6 digits and a unit",
            lambda: _write(folder, "unit.txt", b"9" * 10**6 + "人".encode()),
            "parse",
            1.0,
        ),
        # reading, checking and writing 6,000 tables: about 5 CPU s here, a quarter of
        # the text 1.9 s (it was 17.6 s, and 1.9 s for the quarter, while quadratic)
        ("convert, 17 MB Word text", lambda: _word_text(folder), "convert", 10.0),
        ("txt, one cell of 200,000 lines", lambda: _long_cell(folder), "read", None),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--budget", type=float, default=5.0, help="CPU seconds allowed per case")
    parser.add_argument("--only", help="run only the cases whose label contains this text")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    folder.mkdir(parents=True, exist_ok=True)
    failed = False
    print(f"{'case':40} {'seconds':>8} {'CPU s':>7} {'budget':>6} {'peak MiB':>9}  outcome")
    for label, make, how, budget in _cases(folder):
        if args.only and args.only not in label:
            continue
        allowed = budget if budget is not None else args.budget
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(make()), how],
            capture_output=True,
            text=True,
            timeout=max(60.0, args.budget * 10),
            check=False,
        )
        if done.returncode != 0:
            failed = True
            print(f"{label:40} escaped: {done.stderr.strip().splitlines()[-1:]}")
            continue
        seconds, cpu, peak, outcome = done.stdout.strip().split("\t", 3)
        slow = float(cpu) > allowed
        failed = failed or slow
        print(
            f"{label:40} {seconds:>8} {cpu:>7} {allowed:>6} {peak:>9}  {outcome}"
            f"{'  (over budget)' if slow else ''}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
