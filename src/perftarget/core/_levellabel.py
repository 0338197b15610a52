"""
Parsing a level label strictly: the category and weight it names, or
:class:`~perftarget.LabelError` when it names none.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import frozen

from perftarget.core._categories import Level1, Level2
from perftarget.core._labels import LabelAliases, Resolution, resolve_level1, resolve_level2
from perftarget.exceptions import LabelError

__all__ = ["LevelLabel", "parse_level1", "parse_level2"]


# ----------------------------------------------------------------- parsing


@frozen(kw_only=True)
class LevelLabel:
    """
    A level label as read from a table: the category and, where the label
    carries one (``产出指标(50分)``), its weight.
    """

    category: Level1 | Level2
    weight: Decimal | None = None


def parse_level1(label: str, *, aliases: LabelAliases | None = None) -> LevelLabel:
    """
    Read a level-1 label, with any weight it carries.

    Built on :func:`resolve_level1`, for callers that want an error rather
    than an unresolved label.

    Args:
        label: The cell text.
        aliases: Variant labels merged over the built-in table.

    Returns:
        The category and weight.

    Raises:
        LabelError: The label names no level-1 category.

    Examples:
        >>> parse_level1("产出指标(50分)")
        LevelLabel(category=<Level1.OUTPUT: ('产出指标', 'output')>, weight=Decimal('50'))
        >>> parse_level1("效果指标").category
        <Level1.EFFECT: ('效益指标', 'effect')>
    """
    return _checked(resolve_level1(label, aliases=aliases), 1)


def parse_level2(label: str, *, aliases: LabelAliases | None = None) -> LevelLabel:
    """
    Read a level-2 label, with any weight it carries.

    Variant labels of real templates are accepted: ``进度指标`` (时效),
    ``社会公众或服务对象满意度指标``, a trailing ``等``, and a parenthesised
    alternative such as ``数量指标（或建筑规模指标）``; see :func:`resolve_level2`.

    Args:
        label: The cell text.
        aliases: Variant labels merged over the built-in table.

    Returns:
        The category and weight.

    Raises:
        LabelError: The label names no level-2 category.
    """
    return _checked(resolve_level2(label, aliases=aliases), 2)


def _checked(found: Resolution, level: int) -> LevelLabel:
    if found.category is None:
        members: tuple[Level1 | Level2, ...] = tuple(Level1 if level == 1 else Level2)
        raise LabelError(found.written, level, [member.zh for member in members])
    return LevelLabel(category=found.category, weight=found.weight)
