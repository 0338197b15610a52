"""
The ``perftarget`` command line.

Commands:
    parse   read value strings and show how perftarget understands them
    demo    run the main job on the bundled example department

Exit codes: 0 success, 1 some input could not be read (``parse``) or error
findings (``score``), 2 usage or unusable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from perftarget._model import Target
from perftarget._parse import parse_target
from perftarget.exceptions import TargetParseError

__all__ = ["main", "target_record"]


def _decimal_text(value: object) -> str | None:
    return None if value is None else format(value, "f")


def target_record(text: str) -> dict[str, object]:
    """
    Parse one value string into the ``perftarget parse --format json`` record.

    The keys are a contract: ``text``, ``comparator`` (``">="``, ``"<="``,
    ``"="``, ``">"``, ``"<"``, ``"range"`` or None), ``implicit``, ``value``
    and ``upper`` (decimal strings or None), ``unit``, ``kind``,
    ``warnings``, ``error``; ``date`` and ``date_upper`` (ISO 8601 at the
    precision written, or None) are added for deadlines.

    Examples:
        >>> target_record("≥95百分之比")["value"]
        '95'
        >>> target_record("≥≥5")["error"] is not None
        True
    """
    try:
        target: Target = parse_target(text)
    except TargetParseError as error:
        return {
            "text": text,
            "comparator": None,
            "implicit": False,
            "value": None,
            "upper": None,
            "unit": "",
            "kind": None,
            "warnings": [],
            "error": str(error),
            "date": None,
            "date_upper": None,
        }
    return {
        "text": text,
        "comparator": target.comparator.value if target.comparator is not None else None,
        "implicit": target.implicit,
        "value": _decimal_text(target.value),
        "upper": _decimal_text(target.upper),
        "unit": target.unit,
        "kind": target.kind.value,
        "warnings": list(target.warnings),
        "error": None,
        "date": target.date.iso() if target.date is not None else None,
        "date_upper": target.date_upper.iso() if target.date_upper is not None else None,
    }


def _inputs(values: Sequence[str], stdin: TextIO) -> Iterable[str]:
    if values:
        yield from values
        return
    for line in stdin:
        line = line.rstrip("\r\n")
        if line.strip():
            yield line


def _cmd_parse(args: argparse.Namespace, out: TextIO) -> int:
    records = [target_record(text) for text in _inputs(args.values, sys.stdin)]
    if args.format == "json":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        from tabulate import tabulate

        rows = [
            [
                r["text"],
                r["comparator"] or "",
                r["value"] or "",
                r["upper"] or "",
                r["unit"],
                r["kind"] or "",
                r["date"] or "",
                r["error"] or "; ".join(r["warnings"]),  # type: ignore[arg-type]
            ]
            for r in records
        ]
        headers = ["text", "comparator", "value", "upper", "unit", "kind", "date", "notes"]
        out.write(tabulate(rows, headers=headers, disable_numparse=True) + "\n")
    return 1 if any(r["error"] for r in records) else 0


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget._demo import run_demo

    run_demo(args.out, out, lang=args.lang)
    return 0


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    if args.batch:
        from perftarget._cli_batch import run_batch

        return run_batch(args, out)
    from decimal import Decimal, InvalidOperation

    from attrs import evolve

    from perftarget._quantity import Money
    from perftarget._score import evaluate
    from perftarget.exceptions import ModelError, RuleSetError, TableError
    from perftarget.io._selfeval_csv import read_selfevaluation
    from perftarget.report import ScorecardRenderer
    from perftarget.rules import load_rules

    try:
        rules = load_rules(args.rules)
        table = read_selfevaluation(args.file)
        tolerance = Decimal(args.tolerance)
        if not tolerance.is_finite() or tolerance < 0:
            raise InvalidOperation
        budget_row = evolve(
            table.budget,
            budget=Money.parse(args.budget) if args.budget else table.budget.budget,
            executed=Money.parse(args.executed) if args.executed else table.budget.executed,
        )
    except (RuleSetError, TableError, ModelError, OSError) as error:
        sys.stderr.write(f"perftarget score: {error}\n")
        return 2
    except InvalidOperation:
        sys.stderr.write(f"perftarget score: --tolerance must be a number >= 0: {args.tolerance}\n")
        return 2
    card = evaluate(
        table.rows,
        rules=rules,
        budget=budget_row,
        published_total=table.published_total,
        tolerance=tolerance,
        year=table.year,
        lang=args.lang,
    )
    out.write(ScorecardRenderer(fmt=args.format, lang=args.lang)(card))
    return 1 if card.has_errors else 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for documentation tools)."""
    parser = argparse.ArgumentParser(
        prog="perftarget",
        description="Parse, score, review and report public-budget performance targets.",
    )
    from perftarget import __version__

    parser.add_argument("--version", action="version", version=f"perftarget {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="read value strings (指标值) and show how they are understood",
        description="Read value strings given as arguments, or one per line on standard input.",
    )
    parse.add_argument("values", nargs="*", metavar="VALUE", help="value strings, e.g. '≥95%%'")
    parse.add_argument("--format", choices=["table", "json"], default="table")
    parse.set_defaults(run=_cmd_parse)

    score = commands.add_parser(
        "score",
        help="score a self-evaluation table (绩效自评表) and reconcile its published scores",
        description="Score a self-evaluation CSV under a rule set. Exit 0 when scored, "
        "1 when error findings exist, 2 on unusable input.",
    )
    score.add_argument(
        "file", metavar="FILE", help="self-evaluation table: .xlsx, .docx, .csv, .json or .txt"
    )
    score.add_argument("--budget", help="full-year budget, e.g. 300万元 (bare numbers: 万元)")
    score.add_argument("--executed", help="executed amount, e.g. 278.4449万元")
    score.add_argument(
        "--rules", default="mof2020_selfeval", metavar="NAME|FILE", help="rule set name or TOML"
    )
    score.add_argument("--tolerance", default="0.1", help="score difference not reported")
    score.add_argument("--lang", choices=["zh", "en"], default="zh")
    score.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    from perftarget._cli_batch import add_batch_options

    add_batch_options(score)
    score.set_defaults(run=_cmd_score)

    from perftarget._cli_audit import add_audit_command

    add_audit_command(commands)

    from perftarget._cli_convert import add_convert_command

    add_convert_command(commands)

    demo = commands.add_parser(
        "demo",
        help="run the main job on the bundled example and write an HTML report",
        description="Show the bundled department's target tables with their review and the "
        "disclosure audit, score a published self-evaluation, and write an HTML report.",
    )
    demo.add_argument("--out", default="perftarget-report", metavar="DIR", help="report directory")
    demo.add_argument("--lang", choices=["zh", "en"], default="zh")
    demo.set_defaults(run=_cmd_demo)

    from perftarget._cli_review import add_review_command

    add_review_command(commands)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """
    Run the command line; return the exit code.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    code: int = args.run(args, stream)
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
