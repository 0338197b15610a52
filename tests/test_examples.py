"""
Every example script and notebook in ``examples/`` runs, so none can rot.

Notebooks are executed with nbclient and an ipykernel (the ``test`` extra).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_examples() -> None:
    """examples/ holds at least five scripts and three notebooks."""
    assert len(SCRIPTS) >= 5
    assert len(NOTEBOOKS) >= 3


def test_frames_notebook_shows_polars_and_pandas() -> None:
    """The frames notebook is run with the others and calls to_polars and to_pandas."""
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]'")
    book = nbformat.read(EXAMPLES / "frames.ipynb", as_version=4)
    code = "\n".join(cell.source for cell in book.cells if cell.cell_type == "code")
    assert EXAMPLES / "frames.ipynb" in NOTEBOOKS
    assert "to_polars(" in code
    assert "to_pandas(" in code


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_script_runs(script: Path, tmp_path: Path) -> None:
    """The script exits 0 and prints something."""
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert 0 == result.returncode, result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_notebook_runs(notebook: Path, tmp_path: Path) -> None:
    """Every cell of the notebook executes without error."""
    nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[test]'")
    nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[test]'")
    pytest.importorskip("ipykernel", reason="pip install -e '.[test]'")
    book = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    errors = [o for cell in book.cells for o in cell.get("outputs", ()) if o.output_type == "error"]
    assert [] == errors
