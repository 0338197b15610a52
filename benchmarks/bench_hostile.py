"""
Time and peak memory of the heavy hostile inputs, each run in a fresh process.

Run:  python benchmarks/bench_hostile.py [--keep DIR] [--budget SECONDS]

The unit tests (``tests/test_hostile.py``) keep their files small; the cases
here are large on purpose, and each must be refused (or read) within the time
budget (default 5 s) without growing memory with the input:

* an ``.xlsx`` with a million formula rows and a dimension that declares them;
* the same without a ``<dimension>`` (the row count is found by the scan);
* a CSV with one 10 MB line, and a ``.txt`` with one 10 MB line (``read_table``);
* ``perftarget audit`` on a disclosure with one 10 MB line (once a hang);
* a JSON document nested 1,000,000 deep, and one number of a million digits.

Each case prints its outcome (the first line of our error, or "read"), the
wall time and the peak resident memory of the process that ran it.  The exit
code is 1 when a case escaped with something other than our error or took
longer than the budget.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

_RUNNER = r"""
import resource, sys, time
from perftarget.io import read_table
from perftarget.io._disclosure_text import read_disclosure_file
from perftarget.exceptions import TableError
start = time.perf_counter()
try:
    reader = read_disclosure_file if sys.argv[2] == "audit" else read_table
    reader(sys.argv[1])
    outcome = "read"
except TableError as error:
    outcome = "refused: " + str(error.problems[0].message)[:70]
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{seconds:.3f}\t{peak:.0f}\t{outcome}")
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds allowed per case")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    folder.mkdir(parents=True, exist_ok=True)
    line = "一级指标" * 2_500_000 + "\n"  # 10 M characters
    cases = [
        ("xlsx, 10^6 formula rows, declared", _xlsx(folder, "m1.xlsx", 1_000_000, True), "read"),
        (
            "xlsx, 10^6 formula rows, no dimension",
            _xlsx(folder, "m2.xlsx", 1_000_000, False),
            "read",
        ),
        ("csv, one 10 MB line", _write(folder, "long.csv", line.encode()), "read"),
        ("txt, one 10 MB line", _write(folder, "long.txt", line.encode()), "read"),
        (
            "audit, one 10 MB line",
            _write(
                folder, "disclosure.txt", ("x" * 10_000_000 + "2020年部门预算信息公开\n").encode()
            ),
            "audit",
        ),
        (
            "json, nested 10^6 deep",
            _write(folder, "deep.json", b"[" * 10**6 + b"]" * 10**6),
            "read",
        ),
        ("json, a number of 10^6 digits", _write(folder, "digits.json", b"9" * 10**6), "read"),
    ]
    failed = False
    print(f"{'case':40} {'seconds':>8} {'peak MiB':>9}  outcome")
    for label, path, how in cases:
        done = subprocess.run(
            [sys.executable, "-c", _RUNNER, str(path), how],
            capture_output=True,
            text=True,
            timeout=max(60.0, args.budget * 10),
            check=False,
        )
        if done.returncode != 0:
            failed = True
            print(f"{label:40} escaped: {done.stderr.strip().splitlines()[-1:]}")
            continue
        seconds, peak, outcome = done.stdout.strip().split("\t", 2)
        slow = float(seconds) > args.budget
        failed = failed or slow
        print(f"{label:40} {seconds:>8} {peak:>9}  {outcome}{'  (over budget)' if slow else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
