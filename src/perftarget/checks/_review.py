"""
Review of performance-target tables (绩效目标审核), like a linter.

:func:`review` runs the rules of :data:`~perftarget.REVIEW_RULES` over a
project or a whole department and returns :class:`~perftarget.Finding`
values.  :class:`ReviewConfig` selects and ignores rules by code (prefixes
work, as in linters), per project too, overrides severities and sets the
thresholds; it loads from the ``[review]`` table of ``perftarget.toml``
(or ``[tool.perftarget.review]`` of ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import field, frozen

from perftarget.checks._review_rules import RULES
from perftarget.checks._review_types import Hit, ReviewContext, Rule
from perftarget.core._categories import Level1, Level2
from perftarget.core._config import config_converter, load_toml, refuse, structure
from perftarget.core._findings import Finding, Severity
from perftarget.core._html import findings_html
from perftarget.core._lang import current_language, say
from perftarget.core._levellabel import LevelLabel, parse_level1, parse_level2
from perftarget.core._model import Department, Project, Target
from perftarget.exceptions import ArgumentTypeError, LabelError, Location, ReviewConfigError

if TYPE_CHECKING:
    import cattrs

__all__ = ["ReviewConfig", "ReviewConfigError", "ReviewFindings", "review"]

_DEFAULT_LEVEL1_WEIGHTS: dict[Level1, Decimal] = {
    Level1.OUTPUT: Decimal(50),
    Level1.EFFECT: Decimal(30),
    Level1.SATISFACTION: Decimal(10),
}


def _codes(value: Iterable[str]) -> frozenset[str]:
    return frozenset(str(v).strip().upper() for v in value)


def _ignores(value: Mapping[str, Iterable[str]]) -> Mapping[str, frozenset[str]]:
    return {name: _codes(codes) for name, codes in value.items()}


def _severities(value: Mapping[str, Severity]) -> Mapping[str, Severity]:
    return {str(code).strip().upper(): severity for code, severity in value.items()}


@frozen(kw_only=True)
class ReviewConfig:
    """
    Which rules run, how severe they are, and the thresholds they use.

    Codes in ``select`` and ``ignore`` may be prefixes (``PT1``, ``PT11``):
    a rule runs when its code starts with a selected prefix and with no
    ignored one.

    Attributes:
        select: Codes or prefixes to run (default: every rule).
        ignore: Codes or prefixes to skip.
        per_project_ignore: Project name → codes or prefixes to skip there.
        severity: Code → severity, overriding the rule's default.
        satisfaction_floor: PT112 fires below this percentage.
        weight_total: PT115: what the level-3 weights should add up to.
        level1_weights: PT116: expected weight of each level-1 category.
        expected_level2: PT102: level-2 categories every table should have.

    .. versionadded:: 0.1.0
    """

    select: frozenset[str] = field(default=frozenset({"PT"}), converter=_codes)
    ignore: frozenset[str] = field(default=frozenset(), converter=_codes)
    per_project_ignore: Mapping[str, frozenset[str]] = field(factory=dict, converter=_ignores)
    severity: Mapping[str, Severity] = field(factory=dict, converter=_severities)
    satisfaction_floor: Decimal = Decimal(80)
    weight_total: Decimal = Decimal(90)
    level1_weights: Mapping[Level1, Decimal] = field(factory=lambda: dict(_DEFAULT_LEVEL1_WEIGHTS))
    expected_level2: tuple[Level2, ...] = (Level2.TIMELINESS, Level2.COST)

    def __attrs_post_init__(self) -> None:
        problems = [
            (key, "a rule code or prefix such as PT105 or PT1", code)
            for key, codes in (("select", self.select), ("ignore", self.ignore))
            for code in sorted(codes)
            if not any(c.startswith(code) for c in RULES)
        ]
        problems += [
            ("severity", "a rule code", code) for code in self.severity if code not in RULES
        ]
        if problems:
            raise ReviewConfigError("ReviewConfig", problems)

    def enabled(self, code: str, project: str | None = None) -> bool:
        """
        Tell whether rule ``code`` runs (for ``project``, if given).

        Examples:
            >>> ReviewConfig(ignore={"PT12"}).enabled("PT121")
            False
        """
        if not any(code.startswith(p) for p in self.select):
            return False
        ignored = self.ignore | (
            self.per_project_ignore.get(project, frozenset()) if project else frozenset()
        )
        return not any(code.startswith(p) for p in ignored)

    def severity_of(self, rule: Rule) -> Severity:
        """Return the severity ``rule`` reports with under this configuration."""
        return self.severity.get(rule.code, rule.severity)

    @classmethod
    def from_toml(cls, path: str | Path) -> ReviewConfig:
        """
        Load the ``[review]`` table of a TOML file.

        ``pyproject.toml`` is read from ``[tool.perftarget.review]``.  Keys:
        ``select``, ``ignore`` (lists of codes), ``per-project-ignores``
        (table: project name → list of codes), ``severity`` (table: code →
        ``error`` / ``warning`` / ``info``), ``satisfaction-floor``,
        ``weight-total`` (numbers), ``level1-weights`` (table: level-1
        label → number) and ``expected-level2`` (list of level-2 labels).

        Args:
            path: The TOML file.

        Returns:
            The configuration; defaults for every key not given.

        Raises:
            ReviewConfigError: Every invalid or unknown key, at once.
            OSError: The file cannot be read.
        """
        text = Path(path).read_text(encoding="utf-8")
        if Path(path).name == "pyproject.toml":
            where: tuple[str, ...] = ("tool", "perftarget", "review")
        else:
            where = ("review",)
        return load_toml(
            text,
            cls,
            source=str(path),
            error=ReviewConfigError,
            converter=_converter(),
            keys=_KEYS,
            prepare=lambda data: _table(data, where),
        )

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any], *, source: str = "mapping") -> ReviewConfig:
        """
        Build a configuration from the keys of a ``[review]`` table.

        Args:
            table: The keys as in :meth:`from_toml`.
            source: Named in error messages.

        Returns:
            The configuration.

        Raises:
            ReviewConfigError: Every invalid or unknown key, at once.
        """
        return structure(
            table, cls, source=source, error=ReviewConfigError, converter=_converter(), keys=_KEYS
        )


#: Attribute → key as ``[review]`` writes it, where they differ.
_KEYS: Final = {
    "per_project_ignore": "per-project-ignores",
    "satisfaction_floor": "satisfaction-floor",
    "weight_total": "weight-total",
    "level1_weights": "level1-weights",
    "expected_level2": "expected-level2",
}


def _table(data: Mapping[str, Any], where: tuple[str, ...]) -> Mapping[str, Any]:
    """The table at ``where`` (``tool.perftarget.review``), empty when missing."""
    table: object = data
    for key in where:
        table = table.get(key, {}) if isinstance(table, Mapping) else {}
    if not isinstance(table, Mapping):
        raise ReviewConfigError(".".join(where), [(".".join(where), "a table", repr(table))])
    return table


def _level_hook(
    parse: Callable[[str], LevelLabel], expected: str
) -> Callable[[object, object], Any]:
    def hook(value: object, _: object) -> Any:
        if not isinstance(value, str):
            raise refuse(expected, value)
        try:
            return parse(value).category
        except LabelError:
            raise refuse(expected, value) from None

    return hook


@cache
def _converter() -> cattrs.Converter:
    from cattrs.gen import make_dict_structure_fn, override

    conv = config_converter()
    conv.register_structure_hook(
        Level1, _level_hook(parse_level1, "a level-1 label such as 产出指标")
    )
    conv.register_structure_hook(
        Level2, _level_hook(parse_level2, "a level-2 label such as 时效指标")
    )
    renames: dict[str, Any] = {name: override(rename=key) for name, key in _KEYS.items()}
    conv.register_structure_hook(
        ReviewConfig,
        make_dict_structure_fn(ReviewConfig, conv, _cattrs_forbid_extra_keys=True, **renames),
    )
    return conv


class ReviewFindings(tuple[Finding, ...]):
    """
    The findings of :func:`review`: a tuple of :class:`~perftarget.Finding`
    that a notebook shows as a table.

    It is a tuple in every other way: it compares equal to a plain tuple of
    the same findings, slices, pickles and serialises as one.

    .. versionadded:: 0.1.0
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        """The findings as a compact HTML table (code, severity, where, message), escaped."""
        return findings_html(self) or f"<p>{say('没有发现', 'no findings')}</p>"


def _finding(rule: Rule, hit: Hit, config: ReviewConfig, lang: str) -> Finding:
    return Finding(
        code=rule.code,
        severity=config.severity_of(rule),
        message=rule.message(hit, lang),
        where=Location(sheet=hit.project, row=hit.row, column=hit.column),
    )


def review(
    subject: Project | Department,
    *,
    config: ReviewConfig | None = None,
    baselines: Mapping[tuple[str, str], Target] | None = None,
    lang: str | None = None,
) -> ReviewFindings:
    """
    Review a project's or a department's performance-target tables.

    Project rules run on each project; department rules (PT119, an
    indicator copied across projects) need a :class:`~perftarget.Department`.
    Findings come project by project in table order, then the department's.
    Each is located as ``Location(sheet=<project>, row=<1-based indicator
    index>, column=<column concerned>)``; ``row`` is None for a finding
    about the whole table.

    Args:
        subject: A project or a department.
        config: Rule selection, severities and thresholds.
        baselines: Baseline or previous year's actual for PT114, keyed by
            ``(project name, level-3 indicator name)``; an entry wins over
            the indicator's own last-year actual (:attr:`Indicator.baseline`).
        lang: ``zh`` or ``en`` for the messages.

    Returns:
        The findings, as a tuple that notebooks show as a table.

    Raises:
        TypeError: ``subject`` is neither a Project nor a Department.

    Examples:
        >>> from perftarget import datasets, review
        >>> findings = review(datasets.quyang_2020(), lang="en")
        >>> sorted({f.code for f in findings})
        ['PT102', 'PT105', 'PT106', 'PT119', 'PT120']
        >>> first = [f for f in findings if f.code == "PT105"][0]
        >>> print(first.message)  # doctest: +ELLIPSIS
        群体性事件成功处置率: a rate (≥85百分比) under quantity; ...
        >>> print(first.where)
        sheet 驻访专项业务经费, row 1, column 二级指标
    """
    lang = current_language(lang)
    config = config if config is not None else ReviewConfig()
    if isinstance(subject, Department):
        department = subject
    elif isinstance(subject, Project):
        department = None
    else:
        raise ArgumentTypeError(
            f"review expects a Project or a Department, got {type(subject).__name__}"
        )
    projects = department.projects if department is not None else (subject,)
    ctx = ReviewContext(
        satisfaction_floor=config.satisfaction_floor,
        weight_total=config.weight_total,
        level1_weights=config.level1_weights,
        expected_level2=config.expected_level2,
        baselines=baselines or {},
    )
    findings: list[Finding] = []
    project_rules = [r for r in RULES.values() if r.scope == "project"]
    for project in projects:
        for rule in project_rules:
            if not config.enabled(rule.code, project.name):
                continue
            hits = rule.check(project, ctx)  # type: ignore[arg-type]
            findings.extend(_finding(rule, hit, config, lang) for hit in hits)
    if department is not None:
        for rule in (r for r in RULES.values() if r.scope == "department"):
            if not config.enabled(rule.code):
                continue
            for hit in rule.check(department, ctx):  # type: ignore[arg-type]
                if config.enabled(rule.code, hit.project):
                    findings.append(_finding(rule, hit, config, lang))
    return ReviewFindings(findings)
