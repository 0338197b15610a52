"""
The ``perftarget`` command line.

The entry point is :func:`main` (``perftarget = "perftarget.cli:main"``); the
sub-commands live in private modules of this package, one each.  The helpers
other tools call (:func:`target_record`, the reading options) are re-exported
here from :mod:`perftarget.cli._main`.
"""

from perftarget.cli._main import (
    EXIT_INTERNAL,
    EXIT_PIPE,
    YEARS,
    add_reading_options,
    build_parser,
    main,
    reading_labels,
    reading_output,
    target_record,
    year_option,
)

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_PIPE",
    "YEARS",
    "add_reading_options",
    "build_parser",
    "main",
    "reading_labels",
    "reading_output",
    "target_record",
    "year_option",
]
