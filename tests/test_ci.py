"""CI runs the commands the README documents, exactly."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _docs_command(text: str) -> str:
    match = re.search(r"python3 -m pip install -e \"\.\[docs\]\"[^`\n]*mkdocs build --strict", text)
    assert match is not None, "no docs build command found"
    return match.group()


class TestCiScript:
    def test_docs_build_is_the_readmes(self) -> None:
        """CI builds the docs with the README's command, pinned by the shared constraints."""
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        command = _docs_command(readme)
        assert "-c docs/constraints.txt" in command
        assert command in ci

    def test_docs_build_does_not_hide_warnings(self) -> None:
        """Strict mode's warnings are shown: no --quiet on the docs build."""
        ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
        for line in ci.splitlines():
            if "mkdocs build" in line:
                assert "--quiet" not in line
                assert "-q " not in line

    def test_constraints_pin_every_docs_tool(self) -> None:
        """Every docs tool is pinned to one version."""
        lines = (ROOT / "docs" / "constraints.txt").read_text(encoding="utf-8").splitlines()
        pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
        assert {"mkdocs", "mkdocstrings", "mkdocstrings-python", "griffelib"} <= set(pins)
