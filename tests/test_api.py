"""
The public surface: a sorted ``__all__`` naming everything users need, and a
cheap import.
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import perftarget

#: Modules whose public names make up the API.
MODULES = (
    "perftarget._categories",
    "perftarget._dates",
    "perftarget._model",
    "perftarget._parse",
    "perftarget._quantity",
    "perftarget._text",
    "perftarget._units",
    "perftarget.exceptions",
)

#: Public-looking names that are deliberately not exported, and why.
INTERNAL: dict[str, str] = {
    "perftarget._dates.DeadlineParse": "parser plumbing for parse_target",
    "perftarget._dates.parse_deadline": "parser plumbing for parse_target",
    "perftarget._dates.is_excel_serial": "parser plumbing for parse_target",
    "perftarget._text.normalize": "text folding used by the parsers",
    "perftarget._text.is_cjk": "text helper",
    "perftarget._text.plain_number": "decimal text of messages and traces",
    "perftarget._text.says_not_applicable": "reader plumbing (不适用 cells)",
    "perftarget._units.UnitInfo": "unit catalogue internals; Quantity is the API",
    "perftarget._units.canonical_unit": "unit catalogue internals; Quantity is the API",
    "perftarget._units.unit_info": "unit catalogue internals; Quantity is the API",
    "perftarget._units.unknown_words": "reported as Target.warnings",
    "perftarget._units.conversion_factor": "Quantity.to and Money.to are the API",
    "perftarget._units.convert": "Quantity.to and Money.to are the API",
    "perftarget._units.same_dimension": "unit catalogue internals",
}


def _defined_public_names(module_name: str) -> set[str]:
    module = importlib.import_module(module_name)
    return {
        f"{module_name}.{name}"
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(obj) or callable(obj))
        and getattr(obj, "__module__", None) == module_name
    }


def _isort_key(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then everything else."""
    if name.isupper():
        return 0, name
    if name[0].isupper():
        return 1, name
    return 2, name


def test_all_is_sorted() -> None:
    """``__all__`` is sorted the way ruff's RUF022 sorts it (constants, classes, functions)."""
    assert sorted(perftarget.__all__, key=_isort_key) == perftarget.__all__


def test_all_has_no_duplicates() -> None:
    """Each name appears once in ``__all__``."""
    assert len(set(perftarget.__all__)) == len(perftarget.__all__)


@pytest.mark.parametrize("name", perftarget.__all__)
def test_every_name_exists(name: str) -> None:
    """Every name in ``__all__`` is an attribute of the package."""
    assert hasattr(perftarget, name)


@pytest.mark.parametrize("module_name", MODULES)
def test_public_names_are_exported(module_name: str) -> None:
    """Every public class and function of the modules is exported or listed as internal."""
    missing = {
        qualified
        for qualified in _defined_public_names(module_name)
        if qualified.rsplit(".", 1)[1] not in perftarget.__all__ and qualified not in INTERNAL
    }
    assert set() == missing


@pytest.mark.parametrize("module_name", MODULES)
def test_module_all_is_exported(module_name: str) -> None:
    """A module's own ``__all__`` is part of the package's ``__all__``."""
    module = importlib.import_module(module_name)
    assert set() == set(getattr(module, "__all__", ())) - set(perftarget.__all__)


def test_internal_list_is_current() -> None:
    """Every name listed as internal still exists, so the list cannot rot."""
    defined = set().union(*(_defined_public_names(m) for m in MODULES))
    assert set() == set(INTERNAL) - defined


def test_exports_are_the_modules_objects() -> None:
    """The package re-exports the modules' objects, not copies."""
    from perftarget._parse import parse_target

    assert perftarget.parse_target is parse_target


def test_import_is_light() -> None:
    """``import perftarget`` does not import pint, tabulate or cattrs."""
    code = (
        "import sys, perftarget\n"
        "print(','.join(sorted(m for m in ('pint', 'tabulate', 'cattrs') if m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_parsing_does_not_import_pint() -> None:
    """Parsing a value never touches pint."""
    code = (
        "import sys, perftarget\n"
        "perftarget.parse_target('≥95%'); perftarget.parse_target('≤90万元')\n"
        "print('pint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
