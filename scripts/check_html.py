"""
Open the demo's HTML report in headless Chromium, save a screenshot, and check
that every character of the page has a glyph in an installed font.

Usage::

    python scripts/check_html.py [REPORT.html] [--screenshot PNG]

Without REPORT, runs ``perftarget demo`` into a temporary directory first.
Needs Debian's ``chromium`` package and a CJK font (``fonts-noto-cjk``).
Exit codes: 0 the page rendered and no character lacks a glyph; 1 some
characters have no font (they would show as boxes); 2 Chromium or fontconfig
is missing, or Chromium failed.

Look at the screenshot too: a glyph check cannot see layout.
"""

from __future__ import annotations

import argparse
import html.parser
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


class _Text(html.parser.HTMLParser):
    """Collect the visible text of a page (not styles, scripts or SVG paths)."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks.append(data)


def missing_glyphs(page: str) -> list[str]:
    """Return the characters of the page's text that no installed font covers."""
    parser = _Text()
    parser.feed(page)
    chars = sorted({c for c in "".join(parser.chunks) if ord(c) > 0x7E and not c.isspace()})
    missing = []
    for char in chars:
        found = subprocess.run(
            ["fc-list", f":charset={ord(char):x}", "family"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if not found:
            missing.append(char)
    return missing


def screenshot(page: Path, png: Path, chromium: str) -> None:
    """Render the page with headless Chromium into ``png``."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--window-size=1400,5600",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("report", nargs="?", type=Path, help="HTML file (default: run the demo)")
    parser.add_argument("--screenshot", type=Path, default=Path("perftarget-report.png"))
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or shutil.which("fc-list") is None:
        print("check_html: needs `chromium` and fontconfig (apt-get install chromium)")
        return 2
    report: Path = args.report
    if report is None:
        out = Path(tempfile.mkdtemp(prefix="perftarget-report-"))
        subprocess.run(
            [sys.executable, "-m", "perftarget.cli", "demo", "--out", str(out)],
            check=True,
            capture_output=True,
        )
        report = out / "index.html"
    cjk = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    if not cjk.stdout.strip():
        print(
            "check_html: no font for Chinese (fc-list :lang=zh is empty): "
            "apt-get install fonts-noto-cjk"
        )
        return 1
    try:
        screenshot(report, args.screenshot, chromium)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        print(f"check_html: chromium failed: {error}")
        return 2
    missing = missing_glyphs(report.read_text(encoding="utf-8"))
    print(f"report: {report}\nscreenshot: {args.screenshot.resolve()}")
    if missing:
        print(f"characters without a glyph in any font: {''.join(missing)}")
        return 1
    print("every character of the page has a glyph")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
