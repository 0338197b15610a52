"""
Errors raised by perftarget.

Every error derives from :class:`PerftargetError` and also from the builtin
exception a caller would naturally catch (``ValueError`` for bad input text,
``TypeError`` for mixing incompatible quantities), so ``except ValueError``
keeps working for code that does not know about perftarget.

Every error pickles and unpickles equal (same type, message, ``args`` and
attributes), so errors raised in a worker process (multiprocessing, Dask)
reach the caller intact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, TypeVar

from attrs import frozen

from perftarget.core._lang import say

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "ChartsUnavailableError",
    "ConfigError",
    "FrameError",
    "LabelAliasError",
    "LabelError",
    "Location",
    "ModelError",
    "NoTableError",
    "NotFoundError",
    "PerftargetError",
    "Problem",
    "ProfileError",
    "ReviewConfigError",
    "RuleSetError",
    "TableError",
    "TargetParseError",
    "UnitMismatchError",
]

_E = TypeVar("_E", bound=BaseException)


def _restore(cls: type[_E], args: tuple[Any, ...], state: dict[str, Any]) -> _E:
    """Rebuild a pickled error from its ``args`` and attributes, without ``__init__``."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class PerftargetError(Exception):
    """
    Root of every error perftarget raises.

    An error pickles with its message, ``args`` and every attribute, whatever
    its constructor takes, so it crosses process boundaries unchanged.

    Examples:
        >>> import pickle
        >>> error = TargetParseError("≥9x", 2, "a unit")
        >>> copy = pickle.loads(pickle.dumps(error))
        >>> (type(copy), str(copy), copy.position) == (type(error), str(error), 2)
        True

    .. versionchanged:: Unreleased
       Every error pickles (``TargetParseError``, ``UnitMismatchError`` and
       ``LabelError`` did not).
    """

    def __reduce__(
        self,
    ) -> tuple[Any, tuple[type[PerftargetError], tuple[Any, ...], dict[str, Any]]]:
        return _restore, (type(self), self.args, dict(self.__dict__))


class ArgumentError(PerftargetError, ValueError):
    """
    An argument of a call is not one the function accepts (a format, a
    language, an empty list where one item is needed).

    The message names the argument, what was expected and what was given.
    """


class ArgumentTypeError(PerftargetError, TypeError):
    """
    An argument of a call is of a type the function does not take.

    The message names the type expected and the type given.
    """


class ModelError(PerftargetError, ValueError):
    """
    A model object was built with values that break its invariants.

    The message names the class, the field, what was expected and what was
    given.
    """


class TargetParseError(PerftargetError, ValueError):
    """
    A value string (指标值 or 实际完成值) could not be read.

    Attributes:
        text: The text as given.
        position: Index into ``text`` where reading failed (0-based).
        expected: What the parser expected at that position.
    """

    def __init__(self, text: str, position: int, expected: str, found: str | None = None) -> None:
        self.text = text
        self.position = position
        self.expected = expected
        if found is None:
            found = repr(text[position]) if 0 <= position < len(text) else "end of text"
        self.found = found
        super().__init__(
            f"cannot read value {text!r}: at position {position} expected {expected}, found {found}"
        )


class UnitMismatchError(PerftargetError, TypeError):
    """
    Two quantities of different dimensions were combined or compared.

    ``8人 + 3次`` raises this: people and visits are different things and no
    conversion exists between them.
    """

    def __init__(self, left: str, right: str, operation: str) -> None:
        self.left = left
        self.right = right
        self.operation = operation
        super().__init__(
            f"cannot {operation} {left!r} and {right!r}: the units measure different things; "
            "convert one side first or compare like with like"
        )


class LabelError(PerftargetError, ValueError):
    """
    An indicator-level label (一级/二级指标) is not one perftarget knows.
    """

    def __init__(self, label: str, level: int, expected: Iterable[str]) -> None:
        self.label = label
        self.level = level
        self.expected = tuple(expected)
        super().__init__(
            f"unknown level-{level} indicator label {label!r}; expected one of: "
            + ", ".join(self.expected)
        )


@frozen(kw_only=True)
class Location:
    """
    Where something was found in an input file.

    Every field is optional: a table read from memory has no file, a CSV has
    no sheet.  Rows and columns are 1-based, as a spreadsheet shows them.

    Examples:
        >>> str(Location(file="a.xlsx", sheet="自评表", row=7, column="年度指标值"))
        'a.xlsx, sheet 自评表, row 7, column 年度指标值'
    """

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file)
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts) or "(no location)"


@frozen(kw_only=True)
class Problem:
    """
    One thing wrong with an input, with where it was and the offending text.
    """

    where: Location
    message: str
    text: str = ""

    def __str__(self) -> str:
        suffix = f" (found {self.text!r})" if self.text else ""
        return f"{self.where}: {self.message}{suffix}"


def _where_zh(where: Location) -> str:
    parts = [] if where.file is None else [where.file]
    if where.sheet is not None:
        parts.append(f"工作表 {where.sheet}")
    if where.row is not None:
        parts.append(f"第 {where.row} 行")
    if where.column is not None:
        parts.append(f"列 {where.column}")
    return "，".join(parts) or "（无位置）"


def _problem_line(problem: Problem) -> str:
    """One problem in the current language (the English form is ``str(problem)``)."""
    suffix = f"（原文 {problem.text!r}）" if problem.text else ""
    return say(f"{_where_zh(problem.where)}：{problem.message}{suffix}", str(problem))


def _refusal(problems: Sequence[Problem]) -> str:
    """
    The message of a refused input, in the current language.

    Args:
        problems: What was wrong, each with its location.

    Returns:
        A header that counts the problems, then one line per problem.

    Examples:
        >>> from perftarget.core._lang import language
        >>> found = [Problem(where=Location(file="a.csv", row=3), message="not a number")]
        >>> print(_refusal(found))
        1 problem in the input:
          - a.csv, row 3: not a number
        >>> with language("zh"):
        ...     print(_refusal(found))
        输入中有 1 个问题：
          - a.csv，第 3 行：not a number
    """
    count = len(problems)
    lines = "\n".join(f"  - {_problem_line(p)}" for p in problems)
    header = say(
        f"输入中有 {count} 个问题：", f"{count} problem{'s' if count != 1 else ''} in the input:"
    )
    return f"{header}\n{lines}"


class TableError(PerftargetError, ValueError):
    """
    An input table could not be turned into model objects.

    All problems found are reported at once in :attr:`problems`, each with
    its location, so a user can fix a file in one pass.

    The message is written in the language that is current when the error
    is raised, like the problems' own messages (:func:`perftarget.core._lang.say`):
    English by default, Chinese inside ``language("zh")``, which the
    command line sets for ``--lang zh``.  Header, locations and problems
    therefore read in one language; programs read :attr:`problems`.

    .. versionchanged:: Unreleased
       The message follows the current language (it was always English),
       and the error pickles with its problems.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(_refusal(self.problems))


class NoTableError(TableError):
    """
    A file holds no table with a recognisable header at all.

    Raised by the readers instead of a plain :class:`TableError` so that a
    caller can tell "nothing here looks like a table" (and, say, name the
    columns it expected) from problems inside a table, without reading the
    message, which follows the current language.

    .. versionadded:: Unreleased
    """


class ConfigError(PerftargetError, ValueError):
    """
    A configuration file (TOML) is invalid or cannot be read.

    Every problem is reported at once; each names the field (a dotted path
    such as ``lower.formula`` or ``level1."项目完成指标"``), what was
    expected and what was found.  Rule sets, review configurations, label
    aliases and monitoring profiles raise a subclass that names the kind of
    file; ``except ConfigError`` catches them all.

    Attributes:
        source: Where the configuration came from (a name or a file path).
        problems: ``(field, expected, found)`` triples.

    Examples:
        >>> print(ConfigError("mine.toml", [("lower.formula", "'ratio'", "'square'")]))
        invalid configuration mine.toml:
          - lower.formula: expected 'ratio', found 'square'

    .. versionadded:: Unreleased
    """

    #: What kind of file this is, in Chinese and in English.
    kind: ClassVar[tuple[str, str]] = ("配置", "configuration")

    def __init__(self, source: str, problems: Iterable[tuple[str, str, str]]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(
            f"  - {field}: expected {expected}, found {found}"
            for field, expected, found in self.problems
        )
        zh, en = self.kind
        header = say(f"{zh} {source} 无效：", f"invalid {en} {source}:")
        super().__init__(f"{header}\n{lines}")


class RuleSetError(ConfigError):
    """
    A scoring rule set (TOML) is invalid or cannot be found.

    Every problem is reported at once; each names the field (a dotted path
    such as ``lower.formula``), what was expected and what was found.

    Attributes:
        source: Where the rule set came from (a name or a file path).
        problems: ``(field, expected, found)`` triples.

    .. versionchanged:: Unreleased
       A :class:`ConfigError`.
    """

    kind: ClassVar[tuple[str, str]] = ("规则集", "rule set")


class LabelAliasError(RuleSetError):
    """
    A label-alias file (TOML) is invalid or cannot be read.

    A :class:`RuleSetError`, which label-alias files raised before.

    .. versionadded:: Unreleased
    """

    kind: ClassVar[tuple[str, str]] = ("标签别名文件", "label aliases")


class ProfileError(RuleSetError):
    """
    A monitoring profile (TOML) is invalid or cannot be found.

    The same shape as :class:`RuleSetError`: every problem names the field
    (a dotted path), what was expected and what was found.

    .. versionchanged:: Unreleased
       Defined here; ``perftarget.monitor.ProfileError`` is the same class.
    """

    kind: ClassVar[tuple[str, str]] = ("监控方案", "monitoring profile")


class ReviewConfigError(ConfigError):
    """
    A review configuration is invalid.

    Every problem is reported at once, each naming the key (a dotted path
    such as ``severity.PT112``), what was expected and what was found.

    Attributes:
        source: Where the configuration came from.
        problems: ``(key, expected, found)`` triples.

    .. versionchanged:: Unreleased
       Defined here and a :class:`ConfigError`; importable from
       ``perftarget.checks._review`` as before.
    """

    kind: ClassVar[tuple[str, str]] = ("审核配置", "review configuration")


class NotFoundError(PerftargetError, KeyError):
    """
    A name was looked up and nothing has it (a project of a department).

    A ``KeyError`` whose message reads as a sentence (a plain ``KeyError``
    shows its message in quotes).

    Attributes:
        name: The name looked up.
        known: The names there are.

    Examples:
        >>> print(NotFoundError("no project named '丙'", name="丙", known=["甲", "乙"]))
        no project named '丙'

    .. versionadded:: Unreleased
    """

    def __init__(self, message: str, *, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = tuple(known)
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ChartsUnavailableError(PerftargetError, RuntimeError):
    """
    Charts cannot be drawn: matplotlib or a CJK font is missing.

    The message names what to install.

    .. versionchanged:: Unreleased
       Defined here; ``perftarget.report.ChartsUnavailableError`` is the same class.
    """


class FrameError(PerftargetError, TypeError):
    """
    An object cannot be turned into a frame.

    Attributes:
        type_name: The name of the object's type.

    .. versionchanged:: Unreleased
       Defined here; ``perftarget.frames.FrameError`` is the same class.
    """

    def __init__(self, type_name: str, message: str) -> None:
        self.type_name = type_name
        super().__init__(message)
