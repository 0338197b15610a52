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
    "perftarget.core._categories",
    "perftarget.core._labels",
    "perftarget.core._levellabel",
    "perftarget.core._dates",
    "perftarget.core._model",
    "perftarget.core._parse",
    "perftarget.core._actual",
    "perftarget.core._format",
    "perftarget.core._unfilled",
    "perftarget.core._quantity",
    "perftarget.core._text",
    "perftarget.core._units",
    "perftarget.exceptions",
)

#: Public-looking names that are deliberately not exported, and why.
INTERNAL: dict[str, str] = {
    "perftarget.core._dates.DeadlineParse": "parser plumbing for parse_target",
    "perftarget.core._dates.parse_deadline": "parser plumbing for parse_target",
    "perftarget.core._dates.is_excel_serial": "parser plumbing for parse_target",
    "perftarget.core._text.normalize": "text folding used by the parsers",
    "perftarget.core._text.is_cjk": "text helper",
    "perftarget.core._text.plain_number": "decimal text of messages and traces",
    "perftarget.core._text.says_not_applicable": "reader plumbing (不适用 cells)",
    "perftarget.core._units.UnitInfo": "unit catalogue internals; Quantity is the API",
    "perftarget.core._units.canonical_unit": "unit catalogue internals; Quantity is the API",
    "perftarget.core._units.unit_info": "unit catalogue internals; Quantity is the API",
    "perftarget.core._units.unknown_words": "reported as Target.warnings",
    "perftarget.core._units.conversion_factor": "Quantity.to and Money.to are the API",
    "perftarget.core._units.convert": "Quantity.to and Money.to are the API",
    "perftarget.core._units.same_dimension": "unit catalogue internals",
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
    from perftarget.core._parse import parse_target

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


def _facade() -> tuple[set[str], set[str], set[str]]:
    """Names the façade imports eagerly, lazily (the table), and under TYPE_CHECKING."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(perftarget.__file__).read_text(encoding="utf-8"))
    eager: set[str] = set()
    typing_block: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("perftarget"):
            eager |= {alias.asname or alias.name for alias in node.names}
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    typing_block |= {alias.asname or alias.name for alias in inner.names}
    return eager, set(perftarget._LAZY), typing_block


def test_facade_lists_agree() -> None:
    """``__all__`` is exactly the eager imports plus the lazy table, and the typing block
    names every lazy name, so a name added in one place cannot be missing from another."""
    eager, lazy, typing_block = _facade()
    assert set() == eager & lazy
    assert set(perftarget.__all__) - {"__version__"} == eager | lazy
    assert lazy == typing_block


def test_version_comes_from_the_installed_metadata() -> None:
    """``__version__`` is the installed distribution's version, not a second copy."""
    from importlib.metadata import version

    assert version("perftarget") == perftarget.__version__


@pytest.mark.parametrize("name", [n for n in perftarget.__all__ if not n.startswith("__")])
def test_every_public_name_is_documented(name: str) -> None:
    """Every name in ``__all__`` has an entry in the API reference, its own or its public
    module's (``::: perftarget.exceptions`` documents every error)."""
    from pathlib import Path

    reference = (Path(__file__).parents[1] / "docs" / "reference" / "api.md").read_text(
        encoding="utf-8"
    )
    home = getattr(getattr(perftarget, name), "__module__", "") or ""
    entries = (
        {f"::: perftarget.{name}\n", f"::: {home}\n"}
        if "._" not in home
        else {f"::: perftarget.{name}\n"}
    )
    assert any(entry in reference + "\n" for entry in entries)
