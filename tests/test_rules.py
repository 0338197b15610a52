"""
Tests of rule sets: shipped TOML files, user overrides, validation and grades.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perftarget import RuleSetError, available_rules, load_rules
from perftarget.rules import (
    BudgetFormula,
    Denominator,
    LowerFormula,
    RoundingMode,
    RoundingRule,
    RuleSet,
)

D = Decimal
SHIPPED = ("guangxi_pmkpi", "hubei2020", "mof2020_selfeval", "sichuan2023", "yunnan2020")


class TestShipped:
    def test_all_required_rule_sets_ship(self) -> None:
        """The central default and the four regional variants are available."""
        assert set(SHIPPED) <= set(available_rules())

    @pytest.mark.parametrize("name", SHIPPED)
    def test_each_cites_its_source_and_marks_m_values(self, name: str) -> None:
        """Every shipped rule set names its source and says which values are [M]."""
        rules = load_rules(name)
        assert (name, True, True) == (
            rules.id,
            "domain-rules.md" in rules.source,
            "[M]" in rules.source,
        )

    @pytest.mark.parametrize("name", SHIPPED)
    def test_weights_add_up(self, name: str) -> None:
        """Budget weight plus indicator total is the full 100 in every shipped set."""
        rules = load_rules(name)
        assert D(100) == rules.budget.weight + rules.indicator_total

    def test_central_defaults(self) -> None:
        """mof2020_selfeval: 10/50/30/10, V1 proportional capped, half-up to 0.01."""
        rules = load_rules()
        expected = {"output": D(50), "effect": D(30), "satisfaction": D(10)}
        assert expected == rules.level1_weights
        assert (D(10), True, BudgetFormula.PROPORTIONAL) == (
            rules.budget.weight,
            rules.budget.cap,
            rules.budget.formula,
        )
        assert (rules.rounding.mode, rules.rounding.places) == (RoundingMode.HALF_UP, 2)

    def test_regional_differences(self) -> None:
        """Sichuan, Hubei and Guangxi differ from the default where domain-rules says."""
        sichuan, hubei, guangxi = (
            load_rules(n) for n in ("sichuan2023", "hubei2020", "guangxi_pmkpi")
        )
        assert (Denominator.ADJUSTED, D("0.9"), {}) == (
            sichuan.budget.denominator,
            sichuan.budget.reason_below,
            sichuan.level1_weights,
        )
        assert (D(20), D(80)) == (hubei.budget.weight, hubei.indicator_total)
        assert (LowerFormula.LINEAR, D("1.3"), D(30)) == (
            guangxi.lower_formula,
            guangxi.deviation.over_ratio,
            guangxi.deviation.over_zero_target,
        )

    def test_toml_floats_become_decimals(self) -> None:
        """Fractional values in TOML are read as exact Decimals, never floats."""
        high, low = load_rules().qualitative_bands
        assert (D("0.8"), D("0.6"), Decimal, Decimal) == (high, low, type(high), type(low))


class TestGrades:
    @pytest.mark.parametrize(
        ("total", "grade"),
        [
            ("100", "优"),
            ("90", "优"),
            ("89.99", "良"),
            ("80", "良"),
            ("79.99", "中"),
            ("60", "中"),
            ("59.99", "差"),
            ("0", "差"),
        ],
    )
    def test_half_open_bands(self, total: str, grade: str) -> None:
        """Grades are half-open intervals: 优 ≥ 90, 良 [80, 90), 中 [60, 80), 差 < 60."""
        assert grade == load_rules().grade(D(total)).zh


class TestRounding:
    def test_half_up_is_exact(self) -> None:
        """2.675 rounds half-up to 2.68 (a float would give 2.67)."""
        assert D("2.68") == RoundingRule().apply(D("2.675"))

    def test_integer_rounding(self) -> None:
        """Zero places rounds 8.62 to 9."""
        assert D("9") == RoundingRule(places=0).apply(D("8.62"))


class TestUserFiles:
    def test_extends_and_overrides(self, tmp_path: Path) -> None:
        """A user file extends a shipped set and overrides single nested values."""
        path = tmp_path / "mine.toml"
        path.write_text(
            'extends = "mof2020_selfeval"\nid = "mine"\n'
            "[rounding]\nplaces = 0\n[budget]\ncap = false\n",
            encoding="utf-8",
        )
        rules = load_rules(path)
        assert ("mine", 0, "half_up", False, D(10)) == (
            rules.id,
            rules.rounding.places,
            rules.rounding.mode.value,
            rules.budget.cap,
            rules.budget.weight,
        )

    def test_standalone_file(self) -> None:
        """A TOML text without extends takes the built-in defaults for missing fields."""
        rules = RuleSet.from_toml('id = "bare"\nlower_formula = "linear"\n')
        assert (LowerFormula.LINEAR, D(100)) == (rules.lower_formula, rules.total)

    def test_invalid_value_names_field_expected_and_found(self) -> None:
        """A bad enum value is refused with the field, the allowed values and the value found."""
        with pytest.raises(RuleSetError) as info:
            RuleSet.from_toml('id = "x"\nlower_formula = "quadratic"\n')
        assert list(info.value.problems) == [
            ("lower_formula", "one of 'ratio', 'linear'", "'quadratic'")
        ]

    def test_every_problem_reported(self) -> None:
        """Several bad fields are all reported, with nested paths."""
        text = 'id = "x"\n[budget]\nweight = "ten"\nbogus = 1\n[rounding]\nplaces = 1.5\n'
        with pytest.raises(RuleSetError) as info:
            RuleSet.from_toml(text)
        fields = sorted(p[0] for p in info.value.problems)
        assert fields == ["budget", "budget.weight", "rounding.places"]

    def test_error_is_a_value_error(self) -> None:
        """RuleSetError is caught by ``except ValueError``."""
        with pytest.raises(ValueError, match="expected a string"):
            RuleSet.from_toml("id = 3\n")

    def test_inconsistent_weights_refused(self) -> None:
        """indicator_total must equal total − budget weight."""
        with pytest.raises(RuleSetError, match="indicator_total"):
            RuleSet.from_toml('id = "x"\nindicator_total = 80\n')

    def test_unknown_level1_key_refused(self) -> None:
        """level1_weights keys must be level-1 categories."""
        with pytest.raises(RuleSetError, match=r"level1_weights\.outputs"):
            RuleSet.from_toml('id = "x"\n[level1_weights]\noutputs = 50\n')

    def test_unknown_parent_refused(self) -> None:
        """extends must name a shipped rule set."""
        with pytest.raises(RuleSetError, match="extends"):
            RuleSet.from_toml('extends = "atlantis"\nid = "x"\n')

    def test_unknown_name_refused(self) -> None:
        """An unknown name that is no file lists the shipped names."""
        with pytest.raises(RuleSetError, match="mof2020_selfeval"):
            load_rules("nowhere2020")

    def test_malformed_toml_refused(self) -> None:
        """Broken TOML is a RuleSetError, not a tomllib error."""
        with pytest.raises(RuleSetError, match="valid TOML"):
            RuleSet.from_toml("id = \n")
