"""
The core layer: the domain model, units and money, the indicator hierarchy and
its labels, dates, text folding, the message language, findings, the value
parser and the department-budget disclosure model.

The user-facing names are re-exported by :mod:`perftarget`.  The core imports
nothing from the other layers, and they take only public names from it.  The
seams they reuse beyond the user API are exported here: the value grammar the
batch engine's vectorised reader shares with :func:`~perftarget.parse_target`
(:data:`VALUE_GRAMMAR`, :func:`month_under_timeliness`) and the text cache,
bounded in entries and bytes, of the readers' label lookups (:func:`text_cache`).
"""

from perftarget.core._grammar import VALUE_GRAMMAR, ValueGrammar, month_under_timeliness
from perftarget.core._textcache import CACHED_TEXT_LONGEST
from perftarget.core._textcache import _text_cache as text_cache

__all__ = [
    "CACHED_TEXT_LONGEST",
    "VALUE_GRAMMAR",
    "ValueGrammar",
    "month_under_timeliness",
    "text_cache",
]
