"""
One-to-one matching of two lists of rows: equal keys first, then close names.

The same procedure pairs the projects of two tables and the indicators of
two matched projects.  Each row offers a few keys, tried in turn (for an
indicator: its level 1, level 2 and name together, then its name alone);
rows left over are paired by name similarity, best pairs first.

Matching is symmetric: swapping the two lists swaps every pair.  Rows with
one key pair in order (the first old row with key *k* with the first new row
with key *k*); pairs of equal similarity are taken in the order of their
contents, not of their positions.  Similarity is computed only among the
rows no key paired; when there are many of them, only within a block (an
indicator's level 1), and never more than a budget of comparisons: past it
the rest stay unmatched and the budget says it was reached.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Hashable, Iterator, Sequence
from fractions import Fraction
from typing import Final

from attrs import define, frozen

from perftarget.compare._names import Name, similarity

__all__ = ["BLOCK_ABOVE", "Budget", "Item", "Pair", "match"]

#: Leftover pairs above which similarity is computed only within a block.
BLOCK_ABOVE: Final = 10_000


@frozen(kw_only=True)
class Item:
    """
    What matching needs of one row.

    Attributes:
        keys: The keys tried in turn; rows with an equal key pair.
        name: The name compared by similarity.
        block: Rows of different blocks are not compared when there are many.
        tie: The row's contents as text: orders pairs of equal similarity.
    """

    keys: tuple[Hashable, ...]
    name: Name
    block: Hashable = None
    tie: str = ""


@define(kw_only=True)
class Budget:
    """
    How many similarity comparisons are left, shared by a whole diff.

    Attributes:
        limit: The most comparisons allowed.
        used: The comparisons made so far.
        reached: Whether some pair was not compared for want of budget.

    Examples:
        >>> budget = Budget(limit=3)
        >>> budget.take(5), budget.reached
        (3, True)
    """

    limit: int
    used: int = 0
    reached: bool = False

    def take(self, wanted: int) -> int:
        """Take up to ``wanted`` comparisons; return how many were granted."""
        granted = max(min(wanted, self.limit - self.used), 0)
        self.used += granted
        if granted < wanted:
            self.reached = True
        return granted


@frozen(kw_only=True)
class Pair:
    """
    One outcome of matching.

    Attributes:
        old: The index of the old row, None for a row only in the new list.
        new: The index of the new row, None for a row only in the old list.
        stage: Which key paired them (0 the first), ``len(keys)`` for a
            similarity match, None for an unmatched row.
        similarity: The similarity of the names of a similarity match.
    """

    old: int | None
    new: int | None
    stage: int | None = None
    similarity: Fraction | None = None


def _by_key(
    old: Sequence[Item], new: Sequence[Item], old_left: list[int], new_left: list[int], stage: int
) -> Iterator[Pair]:
    """Pair the rows whose key of ``stage`` is equal, in order of appearance."""
    waiting: defaultdict[Hashable, deque[int]] = defaultdict(deque)
    for j in new_left:
        waiting[new[j].keys[stage]].append(j)
    for i in old_left:
        queue = waiting.get(old[i].keys[stage])
        if queue:
            yield Pair(old=i, new=queue.popleft(), stage=stage)


def _groups(
    old: Sequence[Item], new: Sequence[Item], old_left: list[int], new_left: list[int]
) -> list[tuple[list[int], list[int]]]:
    if len(old_left) * len(new_left) <= BLOCK_ABOVE:
        return [(old_left, new_left)]
    blocks: dict[Hashable, tuple[list[int], list[int]]] = {}
    for i in old_left:
        blocks.setdefault(old[i].block, ([], []))[0].append(i)
    for j in new_left:
        blocks.setdefault(new[j].block, ([], []))[1].append(j)
    return [group for group in blocks.values() if group[0] and group[1]]


def _similar(
    old: Sequence[Item],
    new: Sequence[Item],
    old_left: list[int],
    new_left: list[int],
    *,
    threshold: Fraction,
    budget: Budget,
) -> Iterator[Pair]:
    """Pair leftover rows by similarity, best first, each row at most once."""
    candidates: list[tuple[Fraction, str, str, int, int]] = []
    for olds, news in _groups(old, new, old_left, new_left):
        for i in olds:
            granted = budget.take(len(news))
            for j in news[:granted]:
                found = similarity(old[i].name, new[j].name, threshold)
                if found is not None:
                    low, high = sorted((old[i].tie, new[j].tie))
                    candidates.append((found, low, high, i, j))
            if granted < len(news):
                break
    candidates.sort(key=lambda c: (-c[0], c[1], c[2], c[3], c[4]))
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    stage = len(old[old_left[0]].keys) if old_left else 0
    for found, _, _, i, j in candidates:
        if i not in taken_old and j not in taken_new:
            taken_old.add(i)
            taken_new.add(j)
            yield Pair(old=i, new=j, stage=stage, similarity=found)


def match(
    old: Sequence[Item], new: Sequence[Item], *, threshold: Fraction, budget: Budget
) -> list[Pair]:
    """
    Match two lists of rows one to one.

    Args:
        old: The rows of the old table (each with as many keys as the new ones).
        new: The rows of the new table.
        threshold: The least similarity of a match by name.
        budget: The similarity comparisons left.

    Returns:
        Every row once: the matched pairs, then the old rows left unmatched,
        then the new ones.

    Examples:
        >>> def item(name: str) -> Item:
        ...     return Item(keys=(name,), name=Name.of(name), tie=name)
        >>> old = [item("服务对象满意度"), item("化解矛盾率")]
        >>> new = [item("服务对象满意率"), item("化解矛盾率")]
        >>> [(p.old, p.new, p.stage) for p in match(old, new,
        ...     threshold=Fraction(3, 4), budget=Budget(limit=100))]
        [(1, 1, 0), (0, 0, 1)]
    """
    pairs: list[Pair] = []
    old_left = list(range(len(old)))
    new_left = list(range(len(new)))
    stages = len(old[0].keys) if old else len(new[0].keys) if new else 0
    for stage in range(stages):
        found = list(_by_key(old, new, old_left, new_left, stage))
        pairs += found
        old_left = _without(old_left, {p.old for p in found})
        new_left = _without(new_left, {p.new for p in found})
    if old_left and new_left:
        found = list(_similar(old, new, old_left, new_left, threshold=threshold, budget=budget))
        pairs += found
        old_left = _without(old_left, {p.old for p in found})
        new_left = _without(new_left, {p.new for p in found})
    pairs += [Pair(old=i, new=None) for i in old_left]
    pairs += [Pair(old=None, new=j) for j in new_left]
    return pairs


def _without(indexes: list[int], taken: set[int | None]) -> list[int]:
    return [i for i in indexes if i not in taken]
