"""
A tiny progress bar for long batch work: rows done and rows per second on
standard error, redrawn at most five times a second, silent when standard
error is not a terminal.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """
    Rows done and rows per second, on one redrawn terminal line.

    Args:
        stream: Where to draw (standard error by default).
        enabled: Force drawing on or off; by default only on a terminal.

    Example:
        >>> import io
        >>> bar = Progress(io.StringIO())
        >>> bar.advance(10)
        >>> bar.rows, bar.enabled
        (10, False)
    """

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = self._stream.isatty() if enabled is None else enabled
        self.rows = 0
        self._start = time.perf_counter()
        self._drawn = 0.0

    def advance(self, rows: int) -> None:
        """
        Count ``rows`` more rows and redraw if a fifth of a second has passed.

        Args:
            rows: Rows just finished.
        """
        self.rows += rows
        now = time.perf_counter()
        if self.enabled and now - self._drawn >= 0.2:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self._start, 1e-9)
        self._stream.write(f"\r{self.rows:>13,} rows  {self.rows / elapsed:>11,.0f} rows/s")
        self._stream.flush()

    def close(self) -> None:
        """Draw the final figures and end the line."""
        if self.enabled:
            self._draw(time.perf_counter())
            self._stream.write("\n")
            self._stream.flush()
