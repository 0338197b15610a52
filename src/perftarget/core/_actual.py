"""
Reading actual values (实际完成值) into :class:`Actual`: numbers read as
targets are, a comparator copied from the target kept and flagged, and
achievement phrases (达成年度指标, 未完成 …).
"""

from __future__ import annotations

from typing import Final

from perftarget.core._lang import say
from perftarget.core._model import Achievement, Actual, Comparator, TargetKind
from perftarget.core._parse import _error, _undecorate, parse_target
from perftarget.core._text import normalize
from perftarget.core._textcache import _text_cache

__all__ = ["parse_actual"]


_ACHIEVEMENT_WORDS: Final[dict[str, Achievement]] = {
    "达成年度指标": Achievement.ACHIEVED,
    "达成预期指标": Achievement.ACHIEVED,
    "达到预期指标": Achievement.ACHIEVED,
    "达到预期": Achievement.ACHIEVED,
    "达成预期": Achievement.ACHIEVED,
    "达成": Achievement.ACHIEVED,
    "已达成": Achievement.ACHIEVED,
    "完成": Achievement.ACHIEVED,
    "已完成": Achievement.ACHIEVED,
    "全部完成": Achievement.ACHIEVED,
    "按时完成": Achievement.ACHIEVED,
    "如期完成": Achievement.ACHIEVED,
    "达标": Achievement.ACHIEVED,
    "已达标": Achievement.ACHIEVED,
    "合格": Achievement.ACHIEVED,
    "是": Achievement.ACHIEVED,
    "部分达成年度指标并具有一定效果": Achievement.PARTLY,
    "部分达成": Achievement.PARTLY,
    "部分完成": Achievement.PARTLY,
    "基本达到": Achievement.PARTLY,
    "基本达成": Achievement.PARTLY,
    "基本完成": Achievement.PARTLY,
    "未达成年度指标且效果较差": Achievement.NOT_ACHIEVED,
    "未达成": Achievement.NOT_ACHIEVED,
    "未完成": Achievement.NOT_ACHIEVED,
    "未达标": Achievement.NOT_ACHIEVED,
    "未达到": Achievement.NOT_ACHIEVED,
    "不合格": Achievement.NOT_ACHIEVED,
    "否": Achievement.NOT_ACHIEVED,
}


def parse_actual(text: str) -> Actual:
    """
    Read an actual value (实际完成值).

    Actuals are often copies of the target with its comparator (``≥266米``):
    the number is read and the comparator kept in ``copied_comparator``, with
    a warning.  Achievement phrases (达成年度指标, 基本达到, 未完成 …) become
    an :class:`Achievement`.  Results are cached as :func:`parse_target`'s
    are: equal cells of up to :data:`CACHED_TEXT_LONGEST` characters give
    the same (immutable) value.

    Raises:
        TargetParseError: As :func:`parse_target`, or for a range.

    Examples:
        >>> a = parse_actual("≥266米")
        >>> a.value, a.unit, a.copied_comparator
        (Decimal('266'), '米', <Comparator.GE: '>='>)
        >>> parse_actual("达成预期指标").achievement
        <Achievement.ACHIEVED: '达成年度指标'>
    """
    # warnings come in the language in force: it keys the cache
    return _read_actual(text, say("zh", "en"))


@_text_cache(maxsize=65536)
def _read_actual(text: str, lang: str = "") -> Actual:
    """Read one actual; ``lang`` only keys the cache (warnings are in that language)."""
    norm = (normalize(text) and _undecorate(normalize(text))) if isinstance(text, str) else text
    achievement = _ACHIEVEMENT_WORDS.get(norm) if isinstance(norm, str) else None
    if achievement is not None:
        return Actual(kind=TargetKind.QUALITATIVE, achievement=achievement, phrase=norm, text=text)
    target = parse_target(text)
    warnings = list(target.warnings)
    if target.kind is TargetKind.DEADLINE and target.date is not None:
        if target.comparator is Comparator.RANGE:
            raise _error(text, norm, 0, "a single completion date, not a period")
        return Actual(
            kind=TargetKind.DEADLINE, date=target.date, text=text, warnings=tuple(warnings)
        )
    if target.value is None:
        return Actual(
            kind=target.kind,
            unit=target.unit,
            phrase=target.phrase,
            text=text,
            warnings=tuple(warnings),
        )
    if target.comparator is Comparator.RANGE:
        raise _error(text, norm, 0, "a single actual value, not a range")
    copied: Comparator | None = None
    if not target.implicit and target.comparator is not None:
        copied = target.comparator
        warnings.append(
            f"the actual repeats a comparator ({target.comparator.symbol}): "
            f"read as {target.value}; the real outcome may differ"
        )
    return Actual(
        kind=target.kind,
        value=target.value,
        unit=target.unit,
        copied_comparator=copied,
        text=text,
        warnings=tuple(warnings),
    )
