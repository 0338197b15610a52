"""
Tests of mid-year monitoring: the model, the computation, the profiles and
their rules, the findings registry, the JSON contract and the bundled round.

Reading monitoring tables and the command line are in ``test_monitor_io.py``.
"""

from __future__ import annotations

import pickle
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from perftarget import (
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    Money,
    evaluate,
    parse_actual,
    parse_target,
)
from perftarget.core._lang import language
from perftarget.exceptions import ModelError
from perftarget.monitor import (
    MONITORING_CODES,
    DeviationCategory,
    ForecastRule,
    IndicatorSnapshot,
    Light,
    Likelihood,
    Period,
    Profile,
    ProfileError,
    ProjectSnapshot,
    TimeBasis,
    available_profiles,
    deviation_category,
    load_profile,
    monitor,
    monitoring_record,
    projected_attainment,
    projected_value,
    time_progress,
)
from perftarget.score._scorecard import BudgetRow

YEAR = 2020


def row(
    target: str,
    current: str | None = None,
    *,
    name: str = "培训人次",
    level2: Level2 = Level2.QUANTITY,
    weight: str | None = None,
    **fields: object,
) -> IndicatorSnapshot:
    """An indicator row of a monitoring table."""
    indicator = Indicator(
        level1=Level1.OUTPUT,
        level2=level2,
        name=name,
        target=parse_target(target, level2=level2),
        weight=weight,
    )
    actual = None if current is None else parse_actual(current)
    return IndicatorSnapshot(indicator=indicator, current=actual, **fields)  # type: ignore[arg-type]


def project(
    *rows: IndicatorSnapshot,
    month: int = 6,
    budget: str | None = "100",
    executed: str | None = "50",
    as_of: date | None = None,
    **fields: object,
) -> ProjectSnapshot:
    """A project of a monitoring table, as of the end of ``month``."""
    return ProjectSnapshot(
        name="p",
        year=YEAR,
        period=Period.of_year(YEAR, month=month, as_of=as_of),
        budget=None if budget is None else Money.parse(budget),
        executed=None if executed is None else Money.parse(executed),
        indicators=rows,
        **fields,  # type: ignore[arg-type]
    )


def codes(result: object) -> list[str]:
    """The codes of a result's findings."""
    return [f.code for f in result.findings]  # type: ignore[attr-defined]


ON_PACE: dict[str, str] = {"budget": "100", "executed": "50"}
#: A reported full-year forecast of the whole budget: no early warning.
FULL = Money.parse("100")
YEAR_END: dict[str, object] = {"month": 12, "budget": "100", "executed": "100"}


class TestPeriod:
    def test_month_end_is_the_as_of_date(self) -> None:
        """of_year(month=6) is 30 June, and six whole months have elapsed."""
        period = Period.of_year(YEAR, month=6)
        assert (date(2020, 6, 30), 6, 182) == (
            period.as_of,
            period.elapsed_months,
            period.elapsed_days,
        )

    def test_a_month_not_finished_does_not_count(self) -> None:
        """15 July counts six whole months."""
        assert 6 == Period.of_year(YEAR, as_of=date(2020, 7, 15)).elapsed_months

    def test_as_of_outside_the_period_is_refused(self) -> None:
        """An as-of date in another year breaks the period."""
        with pytest.raises(ModelError, match="as_of"):
            Period(as_of=date(2021, 1, 1), start=date(2020, 1, 1), end=date(2020, 12, 31))

    def test_a_row_without_a_current_value_is_normal(self) -> None:
        """Rule M7: a future period has no actual; the row is kept, unprojected, unlit."""
        result = monitor(project(row("≥1100人次")))
        assert (None, None, None) == (
            result.indicators[0].projected,
            result.indicators[0].attainment,
            result.indicators[0].light,
        )


class TestTimeProgress:
    def test_rule_m1_example(self) -> None:
        """3.12 of 19.3 at 30 June 2019 is 16.17 % against 49.59 %: a 33.42 point gap."""
        snapshot = ProjectSnapshot(
            name="p",
            year=2019,
            period=Period.of_year(2019, month=6),
            budget=Money.parse("19.3"),
            executed=Money.parse("3.12"),
        )
        result = monitor(snapshot)
        assert (Decimal("16.17"), Decimal("49.59"), Decimal("33.42")) == (
            result.execution_rate,
            result.time_progress,
            result.gap,
        )

    def test_by_months(self) -> None:
        """By months, 30 June is 6/12 = 50.00 %."""
        assert Decimal("50.00") == time_progress(Period.of_year(2019, month=6), TimeBasis.MONTHS)

    def test_rule_m3_linear_forecast(self) -> None:
        """3.12 at month 6 projects 6.24 by months, 32.33 % of 19.3: an early warning."""
        snapshot = ProjectSnapshot(
            name="p",
            year=2019,
            period=Period.of_year(2019, month=6),
            budget=Money.parse("19.3"),
            executed=Money.parse("3.12"),
        )
        result = monitor(snapshot, profile="ningxia")
        assert (Money.parse("6.24"), "projected", Decimal("32.33")) == (
            result.forecast,
            result.forecast_source,
            result.projected_rate,
        )
        assert "PT404" in codes(result)

    @given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30)))
    def test_time_progress_grows_with_the_date(self, day: date) -> None:
        """A later as-of date never has a smaller time progress, by days or months."""
        later = day + timedelta(days=1)
        assume(later.year == day.year)
        for basis in TimeBasis:
            assert time_progress(Period.of_year(day.year, as_of=day), basis) <= time_progress(
                Period.of_year(day.year, as_of=later), basis
            )


class TestProjection:
    def test_a_count_is_projected_by_the_elapsed_share(self) -> None:
        """500 people trained by June project 1000 by months: 90.91 % of ≥1100."""
        item = row("≥1100人次", "500人次")
        value, source = projected_value(item, Period.of_year(YEAR, month=6), basis=TimeBasis.MONTHS)
        assert (Decimal("1000"), "projected") == (value.value if value else None, source)

    def test_a_rate_is_not_projected(self) -> None:
        """A percent is a level, not a sum: 93 % stays 93 %."""
        item = row("≥95%", "93%", level2=Level2.QUALITY)
        value, _ = projected_value(item, Period.of_year(YEAR, month=6))
        assert Decimal("93") == (value.value if value else None)

    def test_a_stock_is_not_projected(self) -> None:
        """An implicit = count (8人 paid) is a stock: 8 stays 8."""
        item = row("8人", "8人")
        value, _ = projected_value(item, Period.of_year(YEAR, month=6))
        assert Decimal("8") == (value.value if value else None)

    def test_the_project_takes_its_worst_light(self) -> None:
        """Execution on pace and one red indicator: the project is red."""
        result = monitor(project(row("≥100%", "70%", level2=Level2.QUALITY), **ON_PACE))
        assert (Light.GREEN, Light.RED) == (result.execution_light, result.light)

    def test_the_reported_forecast_wins(self) -> None:
        """A reported 全年预计完成情况 is used as it is."""
        item = row("≥1100人次", "500人次", forecast=parse_actual("1200人次"))
        value, source = projected_value(item, Period.of_year(YEAR, month=6))
        assert (Decimal("1200"), "reported") == (value.value if value else None, source)

    def test_a_cost_cap_projected_to_be_breached(self) -> None:
        """20万元 spent of a ≤30万元 cap by June projects 40万元: red."""
        item = row("≤30万元", "20万元", name="培训成本", level2=Level2.COST)
        result = monitor(project(item), profile="ningxia")
        assert (Decimal("75.00"), Light.RED) == (
            result.indicators[0].attainment,
            result.indicators[0].light,
        )

    def test_an_implicit_cost_is_a_cap(self) -> None:
        """An implicit 80万元 cost is a cap: 60万元 by June projects 120万元, red."""
        item = row("80万元", "60万元", name="成本", level2=Level2.COST)
        result = monitor(project(item), profile="ningxia")
        assert Light.RED == result.indicators[0].light

    def test_a_deadline_passed_is_at_risk(self) -> None:
        """A 3月底前 deadline with nothing reported by June: attainment 0, PT407."""
        item = row("2020年3月底前", name="完成时间", level2=Level2.TIMELINESS)
        result = monitor(project(item))
        assert (Decimal(0), ["PT407"]) == (
            result.indicators[0].attainment,
            [c for c in codes(result) if c.startswith("PT40") and c > "PT404"],
        )

    def test_a_deadline_ahead_is_not_judged(self) -> None:
        """A 10月底前 deadline in June with nothing reported has no light yet."""
        item = row("2020年10月底前", name="完成时间", level2=Level2.TIMELINESS)
        result = monitor(project(item))
        assert (None, "PT407" in codes(result)) == (result.indicators[0].light, False)

    def test_a_deadline_met_by_the_forecast(self) -> None:
        """A forecast date before the deadline attains it."""
        target = parse_target("2020年10月底前")
        assert Decimal(100) == projected_attainment(
            target, parse_actual("2020年9月"), year=YEAR, as_of=date(2020, 6, 30)
        )

    def test_a_range_target(self) -> None:
        """Inside a range attains 100, outside the nearer bound's ratio."""
        target = parse_target("80-90%")
        day = date(2020, 6, 30)
        assert (Decimal(100), Decimal("93.75")) == (
            projected_attainment(target, parse_actual("85%"), year=YEAR, as_of=day),
            projected_attainment(target, parse_actual("96%"), year=YEAR, as_of=day),
        )

    @given(
        st.integers(min_value=0, max_value=5000),
        st.integers(min_value=0, max_value=5000),
        st.integers(min_value=1, max_value=12),
        st.sampled_from(["≥1100人次", "≤30万元"]),
    )
    def test_monotone_in_the_current_value(
        self, low: int, high: int, month: int, text: str
    ) -> None:
        """More done raises the attainment of ≥ and lowers that of ≤ (never the reverse)."""
        low, high = min(low, high), max(low, high)
        unit = "人次" if "人次" in text else "万元"
        level2 = Level2.QUANTITY if unit == "人次" else Level2.COST

        def attainment(value: int) -> Decimal:
            result = monitor(project(row(text, f"{value}{unit}", level2=level2), month=month))
            found = result.indicators[0].attainment
            assert found is not None
            return found

        if text.startswith("≥"):
            assert attainment(low) <= attainment(high)
        else:
            assert attainment(low) >= attainment(high)

    @given(
        st.integers(min_value=0, max_value=5000),
        st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 12, 30)),
        st.integers(min_value=1, max_value=200),
        st.sampled_from(["≥1100人次", "≤30万元"]),
    )
    def test_monotone_in_elapsed_time(self, value: int, day: date, more: int, text: str) -> None:
        """The same value later in the year projects less: ≥ falls behind, ≤ gains room."""
        later = min(day + timedelta(days=more), date(2020, 12, 31))
        unit = "人次" if "人次" in text else "万元"
        level2 = Level2.QUANTITY if unit == "人次" else Level2.COST

        def attainment(when: date) -> Decimal:
            item = row(text, f"{value}{unit}", level2=level2)
            found = monitor(project(item, as_of=when)).indicators[0].attainment
            assert found is not None
            return found

        if text.startswith("≥"):
            assert attainment(day) >= attainment(later)
        else:
            assert attainment(day) <= attainment(later)

    @given(
        st.sampled_from(sorted(available_profiles())),
        st.integers(min_value=1, max_value=12),
        st.integers(min_value=1, max_value=10**6),
        st.integers(min_value=12, max_value=10**5),
    )
    def test_a_project_on_pace_is_green_under_every_profile(
        self, name: str, month: int, budget: int, target: int
    ) -> None:
        """Execution and a count exactly at time progress, a rate at its target: green."""
        profile = load_profile(name)
        period = Period.of_year(YEAR, month=month)
        if profile.time_progress is TimeBasis.MONTHS:
            elapsed, total = period.elapsed_months, period.total_months
        else:
            elapsed, total = period.elapsed_days, period.total_days
        share = Decimal(elapsed) / Decimal(total)
        snapshot = ProjectSnapshot(
            name="p",
            year=YEAR,
            period=period,
            budget=Money(amount=Decimal(budget), unit="元"),
            executed=Money(amount=Decimal(budget) * share, unit="元"),
            indicators=[
                row(f"≥{target}人次", f"{Decimal(target) * share}人次"),
                row("≥95%", "95%", name="合格率", level2=Level2.QUALITY),
            ],
        )
        result = monitor(snapshot, profile=profile)
        assert (Light.GREEN, [], Decimal("0.00")) == (
            result.light,
            [f.code for f in result.findings if f.code != "PT404"],
            result.gap,
        )

    @given(
        st.lists(
            st.tuples(
                st.integers(min_value=1, max_value=3000),
                st.integers(min_value=0, max_value=3000),
                st.integers(min_value=1, max_value=40),
                st.booleans(),
            ),
            min_size=1,
            max_size=5,
        ),
        st.integers(min_value=1, max_value=10**6),
        st.integers(min_value=0, max_value=10**6),
        st.sampled_from(["mof2020_selfeval", "sichuan2023", "hubei2020"]),
    )
    def test_year_end_projection_scores_as_the_self_evaluation(
        self,
        items: list[tuple[int, int, int, bool]],
        budget: int,
        executed: int,
        rules: str,
    ) -> None:
        """At 31 December with forecast = actual, the projected score is the self-evaluation's."""
        rows = []
        snapshots = []
        for index, (goal, actual, weight, higher) in enumerate(items):
            text = f"≥{goal}人次" if higher else f"≤{goal}人次"
            snap = row(
                text,
                f"{actual}人次",
                name=f"指标{index}",
                weight=str(weight),
                forecast=parse_actual(f"{actual}人次"),
            )
            snapshots.append(snap)
            rows.append(EvaluationRow(indicator=snap.indicator, actual=snap.current))
        money, spent = Money(amount=Decimal(budget)), Money(amount=Decimal(executed))
        snapshot = ProjectSnapshot(
            name="p",
            year=YEAR,
            period=Period.of_year(YEAR, month=12),
            budget=money,
            executed=spent,
            forecast=spent,
            indicators=snapshots,
        )
        expected = evaluate(rows, rules=rules, budget=BudgetRow(budget=money, executed=spent))
        assert expected.total == monitor(snapshot, rules=rules).scorecard.total


class TestProfileRules:
    """Every rule of a profile: one case that triggers it, one that shows it silent."""

    def test_red_gap_triggers(self) -> None:
        """A gap above execution.red_gap lights red (PT401)."""
        result = monitor(project(executed="20"))
        assert (Light.RED, "PT401") == (result.execution_light, codes(result)[0])

    def test_red_gap_silent(self) -> None:
        """A gap of 19.73 points (under 20) is not red."""
        result = monitor(project(executed="30"))
        assert ("PT401" not in codes(result), Light.YELLOW) == (True, result.execution_light)

    def test_yellow_gap_triggers(self) -> None:
        """A gap above execution.yellow_gap lights yellow (PT402)."""
        assert "PT402" in codes(monitor(project(executed="35")))

    def test_yellow_gap_silent(self) -> None:
        """A gap of 9.73 points lights green."""
        result = monitor(project(executed="40", forecast=FULL))
        assert (Light.GREEN, []) == (result.execution_light, codes(result))

    def test_min_rate_triggers(self) -> None:
        """july40: 35 % at 31 July is red (PT403), though the gap alone is only yellow."""
        result = monitor(project(month=7, executed="50"), profile="july40")
        more = monitor(project(month=7, executed="35"), profile="july40")
        assert (Light.RED, True) == (more.execution_light, "PT403" in codes(more))
        assert "PT403" not in codes(result)

    def test_min_rate_silent_before_its_month(self) -> None:
        """july40: 35 % at 30 June is judged by the gap only."""
        result = monitor(project(month=6, executed="35"), profile="july40")
        assert ("PT403" in codes(result), Light.YELLOW) == (False, result.execution_light)

    def test_min_rate_silent_in_central(self) -> None:
        """central has no checkpoint: 35 % at 31 July is not PT403."""
        assert "PT403" not in codes(monitor(project(month=7, executed="35")))

    def test_reason_below_triggers(self) -> None:
        """A reported forecast of 85 % of the budget warns (PT404)."""
        result = monitor(project(forecast=Money.parse("85")))
        assert (["PT404"], "reported") == (codes(result), result.forecast_source)

    def test_reason_below_silent(self) -> None:
        """A reported forecast of 90 % does not warn."""
        assert [] == codes(monitor(project(forecast=Money.parse("90"))))

    def test_reason_below_off(self) -> None:
        """forecast.reason_below unset turns the warning off."""
        quiet = Profile(id="x", forecast=ForecastRule(reason_below=None))
        assert [] == codes(monitor(project(forecast=Money.parse("10")), profile=quiet))

    def test_red_below_triggers(self) -> None:
        """A projected 70 % of the target lights red (PT405) and needs a reason (PT410)."""
        result = monitor(project(row("≥100%", "70%", level2=Level2.QUALITY), **ON_PACE))
        assert ["PT405", "PT410"] == codes(result)

    def test_yellow_below_triggers(self) -> None:
        """A projected 90 % of the target lights yellow (PT406)."""
        result = monitor(project(row("≥100%", "90%", level2=Level2.QUALITY), **ON_PACE))
        assert ["PT406", "PT410"] == codes(result)

    def test_attainment_silent(self) -> None:
        """A projected 100 % is green, without findings."""
        result = monitor(project(row("≥100%", "100%", level2=Level2.QUALITY), **ON_PACE))
        assert ([], Light.GREEN) == (codes(result), result.indicators[0].light)

    def test_likelihood_triggers(self) -> None:
        """有可能 without forecast and reason needs both (PT408)."""
        item = row("≥95%", "96%", level2=Level2.QUALITY, likelihood=Likelihood.POSSIBLE)
        result = monitor(project(item, **ON_PACE))
        assert ["PT408"] == codes(result)
        assert "forecast and a deviation reason" in result.findings[0].message

    def test_likelihood_silent(self) -> None:
        """完全不可能 with forecast, reason and explanation is complete; 确定能 needs none."""
        complete = row(
            "≥95%",
            "96%",
            level2=Level2.QUALITY,
            likelihood=Likelihood.IMPOSSIBLE,
            forecast=parse_actual("96%"),
            deviation=DeviationCategory.STAFF,
            explanation="人员调整",
        )
        certain = row("≥95%", "96%", level2=Level2.QUALITY, likelihood=Likelihood.CERTAIN)
        assert [] == codes(monitor(project(complete, certain, **ON_PACE)))

    def test_on_deviation_triggers(self) -> None:
        """A deviation reason without 原因说明 is an error (PT409)."""
        item = row("≥95%", "96%", level2=Level2.QUALITY, deviation_text="资金未到位")
        assert ["PT409"] == codes(monitor(project(item, **ON_PACE)))

    def test_on_deviation_silent(self) -> None:
        """With on_deviation off, a bare deviation reason is accepted."""
        profile = Profile.from_toml(
            'id = "x"\nextends = "central"\n[explanation]\non_deviation = false'
        )
        item = row("≥95%", "96%", level2=Level2.QUALITY, deviation_text="资金未到位")
        assert [] == codes(monitor(project(item, **ON_PACE), profile=profile))

    def test_on_deviation_budget_line(self) -> None:
        """A budget-line deviation reason needs an explanation too."""
        assert ["PT409"] == codes(monitor(project(deviation_text="资金未到位", **ON_PACE)))

    def test_on_lights_triggers_on_yellow_in_central(self) -> None:
        """central: a yellow execution light needs a deviation reason (PT410)."""
        assert ["PT402", "PT410"] == codes(monitor(project(executed="35", forecast=FULL)))

    def test_on_lights_silent_on_yellow_in_ningxia(self) -> None:
        """ningxia: only red needs a reason; a reason given silences it anywhere."""
        yellow = project(executed="35", forecast=FULL)
        assert ["PT402"] == codes(monitor(yellow, profile="ningxia"))
        explained = project(
            executed="35",
            forecast=FULL,
            deviation=DeviationCategory.FUNDING,
            explanation="资金下达晚",
        )
        assert ["PT402"] == codes(monitor(explained))

    def test_over_percent_triggers(self) -> None:
        """hebei: 130 % of a ≥ target, 30 % over the 20 % standard, needs an explanation."""
        item = row("≥100人次", "130人次")
        assert ["PT411"] == codes(monitor(project(item, **YEAR_END), profile="hebei"))

    def test_over_percent_silent(self) -> None:
        """hebei: 115 % is within the standard; central has no standard; an explanation suffices."""
        within = row("≥100人次", "115人次")
        over = row("≥100人次", "130人次")
        explained = row("≥100人次", "130人次", explanation="需求增加")
        assert ([], [], []) == (
            codes(monitor(project(within, **YEAR_END), profile="hebei")),
            codes(monitor(project(over, **YEAR_END))),
            codes(monitor(project(explained, **YEAR_END), profile="hebei")),
        )

    def test_over_cap_triggers(self) -> None:
        """hebei: a ≤30万元 cost at 32万元 needs an explanation (rule M5 example)."""
        item = row("≤30万元", "32万元", name="成本", level2=Level2.COST, explanation="")
        found = codes(monitor(project(item, **YEAR_END), profile="hebei"))
        assert "PT411" in found

    def test_over_cap_silent(self) -> None:
        """hebei: 28万元 is under the cap; central does not check it."""
        under = row("≤30万元", "28万元", name="成本", level2=Level2.COST)
        over = row("≤30万元", "32万元", name="成本", level2=Level2.COST)
        assert "PT411" not in codes(monitor(project(under, **YEAR_END), profile="hebei"))
        assert "PT411" not in codes(monitor(project(over, **YEAR_END)))

    def test_time_progress_basis(self) -> None:
        """central counts days (49.73 % on 30 June 2020), ningxia months (50.00 %)."""
        assert (Decimal("49.73"), Decimal("50.00")) == (
            monitor(project()).time_progress,
            monitor(project(), profile="ningxia").time_progress,
        )


class TestProfiles:
    def test_every_shipped_profile_cites_a_source(self) -> None:
        """Each shipped profile names its source; the uncertain numbers are marked [M]."""
        for name in available_profiles():
            profile = load_profile(name)
            assert (name, True, True) == (profile.id, bool(profile.source), "[" in profile.source)

    def test_a_bad_field_is_named(self) -> None:
        """Every problem names its field, what was expected and what was found."""
        text = 'id = "x"\n[execution]\nyellow_gap = "ten"\n[attainment]\nred_below = 120'
        with pytest.raises(ProfileError) as caught:
            Profile.from_toml(text)
        assert ["execution.yellow_gap"] == [p[0] for p in caught.value.problems]

    def test_checks_after_structure(self) -> None:
        """Thresholds out of order are reported with their field."""
        text = 'id = "x"\n[execution]\nyellow_gap = 30\nred_gap = 20\n[attainment]\nred_below = 120'
        with pytest.raises(ProfileError) as caught:
            Profile.from_toml(text)
        assert ["execution.yellow_gap", "attainment.red_below"] == [
            p[0] for p in caught.value.problems
        ]

    def test_unknown_values_in_lists(self) -> None:
        """A likelihood or a light that does not exist is refused by its index."""
        text = 'id = "x"\n[explanation]\nlikelihoods = ["也许"]\non_lights = ["blue"]'
        with pytest.raises(ProfileError) as caught:
            Profile.from_toml(text)
        assert ["explanation.likelihoods[0]", "explanation.on_lights[0]"] == [
            p[0] for p in caught.value.problems
        ]

    def test_unknown_name(self, tmp_path: Path) -> None:
        """An unknown name lists the shipped ones; the error is a ValueError and pickles."""
        with pytest.raises(ValueError, match="central") as caught:
            load_profile("nowhere")
        copy = pickle.loads(pickle.dumps(caught.value))
        assert caught.value.problems == copy.problems

    def test_a_user_file_extends_a_shipped_one(self, tmp_path: Path) -> None:
        """A TOML file overrides single values of the profile it extends."""
        path = tmp_path / "mine.toml"
        path.write_text('id = "mine"\nextends = "july40"\n[execution]\nred_gap = 30\n', "utf-8")
        profile = load_profile(path)
        assert (Decimal(30), Decimal(40)) == (profile.execution.red_gap, profile.execution.min_rate)

    def test_extends_must_name_a_shipped_profile(self) -> None:
        """extends names a shipped profile."""
        with pytest.raises(ProfileError, match="extends"):
            Profile.from_toml('id = "x"\nextends = "mof2020_selfeval"')


class TestDeviationCategories:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("资金未到位", DeviationCategory.FUNDING),
            ("审批制度调整", DeviationCategory.SYSTEM),
            ("人手不足", DeviationCategory.STAFF),
            ("场地未落实", DeviationCategory.HARDWARE),
            ("疫情影响", DeviationCategory.OTHER),
        ],
    )
    def test_rule_m6_keywords(self, text: str, expected: DeviationCategory) -> None:
        """Free text maps to its category by keyword; unmapped text is 其他."""
        assert (expected, True) == deviation_category(text)

    @given(st.sampled_from(list(DeviationCategory)))
    def test_a_category_name_maps_to_itself(self, category: DeviationCategory) -> None:
        """The five names read as themselves, not through a keyword."""
        assert (category, False) == deviation_category(f" {category.value} ")

    def test_an_empty_cell_is_no_reason(self) -> None:
        """An empty cell or 无 is no deviation reason."""
        assert [(None, False), (None, False)] == [deviation_category(""), deviation_category("无")]


class TestRegistry:
    def test_reference_page_is_generated_from_the_registry(self) -> None:
        """docs/reference/monitoring-findings.md is the registry's rendering."""
        from perftarget.monitor._codes import reference_page

        page = Path(__file__).parents[1] / "docs" / "reference" / "monitoring-findings.md"
        assert reference_page() == page.read_text(encoding="utf-8")

    def test_every_message_is_in_one_language(self) -> None:
        """The English template has no Chinese outside its fields, the Chinese one has Chinese."""
        han = re.compile(r"[\u4e00-\u9fff]")
        for spec in MONITORING_CODES.values():
            assert not han.search(re.sub(r"\{[^}]*\}", "", spec.en)), spec.code
            assert han.search(spec.zh), spec.code

    def test_messages_follow_the_language(self) -> None:
        """monitor(lang="zh") writes Chinese messages, lang="en" English ones."""
        snapshot = project(executed="10")
        with language("en"):
            chinese = monitor(snapshot, lang="zh").findings[0].message
        english = monitor(snapshot, lang="en").findings[0].message
        assert (True, False) == ("红灯" in chinese, "红灯" in english)


RATE = re.compile(r"^-?\d+\.\d{2}$")


class TestJsonContract:
    def record(self) -> dict[str, object]:
        """The record of a project with every kind of value."""
        snapshot = project(
            row("≥1100人次", "400人次", likelihood=Likelihood.POSSIBLE),
            row("≥95%", None, name="满意度", level2=Level2.SATISFACTION),
            budget="19.3",
            executed="3.12",
        )
        return monitoring_record([monitor(snapshot)], profile="central")

    def test_keys(self) -> None:
        """The keys are exactly the contract's."""
        record = self.record()
        projects = record["projects"]
        assert isinstance(projects, list)
        first = projects[0]
        assert ["profile", "as_of", "projects", "summary"] == list(record)
        assert [
            "name",
            "budget",
            "executed",
            "execution_rate",
            "time_progress",
            "gap",
            "forecast",
            "forecast_source",
            "projected_rate",
            "light",
            "indicators",
            "findings",
        ] == list(first)
        assert [
            "level1",
            "level2",
            "level3",
            "target",
            "current",
            "forecast",
            "likelihood",
            "deviation_category",
            "explanation",
            "projected_attainment",
            "light",
        ] == list(first["indicators"][0])
        assert ["code", "severity", "message", "where"] == list(first["findings"][0])

    def test_formats(self) -> None:
        """Money in the table's unit, rates in percent to 2 places, lights as words or null."""
        record = self.record()
        first = record["projects"][0]  # type: ignore[index]
        assert ("19.3", "3.12", "2020-06-30") == (
            first["budget"],
            first["executed"],
            record["as_of"],
        )
        for key in ("execution_rate", "time_progress", "gap", "projected_rate"):
            assert RATE.match(first[key]), key
        assert "projected" == first["forecast_source"]
        assert ("red", None) == (first["indicators"][0]["light"], first["indicators"][1]["light"])
        assert RATE.match(first["indicators"][0]["projected_attainment"])
        assert None is first["indicators"][1]["projected_attainment"]

    def test_summary(self) -> None:
        """The summary counts projects by light and sums the budget of red projects."""
        green = monitor(project(**ON_PACE))
        red = monitor(project(budget="20", executed="1"))
        summary = monitoring_record([green, red], profile="central")["summary"]
        assert ({"red": 1, "yellow": 0, "green": 1, "none": 0}, "20") == (
            summary["lights"],
            summary["amount_at_risk"],
        )


class TestDataset:
    def test_the_round_uses_the_seed_projects_and_targets(self) -> None:
        """The bundled round holds the seed's three projects with their published targets."""
        from perftarget import datasets

        seed = datasets.quyang_2020()
        found = datasets.quyang_2020_monitoring()
        assert [p.name for p in seed.projects] == [p.name for p in found.projects]
        for original, snapshot in zip(seed.projects, found.projects, strict=True):
            assert [i.target for i in original.indicators] == [
                r.indicator.target for r in snapshot.indicators
            ]
            assert original.amount == snapshot.budget

    def test_the_round_has_one_project_of_each_light(self) -> None:
        """Green, yellow and red, as the docs describe."""
        from perftarget import datasets

        lights = [monitor(p).light for p in datasets.quyang_2020_monitoring().projects]
        assert [Light.GREEN, Light.YELLOW, Light.RED] == lights


class TestLanguage:
    def test_findings_follow_the_language_in_force(self) -> None:
        """monitor() without lang writes in the language of a perftarget.language block."""
        import perftarget
        from perftarget import datasets
        from perftarget.monitor import monitor

        project = datasets.quyang_2020_monitoring().projects[2]
        with perftarget.language("zh"):
            chinese = monitor(project).findings[0].message
        english = monitor(project).findings[0].message
        assert chinese.startswith("预算执行率")
        assert english.startswith("budget execution")


class TestHugeRatios:
    def test_a_ratio_past_28_digits_is_computed_not_raised(self) -> None:
        """A tiny target against a huge current value gives a number, not InvalidOperation."""
        from datetime import date as day

        from perftarget import (
            Indicator,
            IndicatorSnapshot,
            Level1,
            Level2,
            Period,
            ProjectSnapshot,
            parse_actual,
            parse_target,
        )
        from perftarget.monitor import monitor, percent

        assert Decimal("92233720368547758000000000000.00") == percent(
            Decimal("922337203685477580000"), Decimal("0.000001")
        )
        row = IndicatorSnapshot(
            indicator=Indicator(
                level1=Level1.OUTPUT,
                level2=Level2.QUANTITY,
                name="x",
                target=parse_target("≥0.000001"),
            ),
            current=parse_actual("922337203685477580000"),
        )
        project = ProjectSnapshot(
            name="p",
            year=2020,
            period=Period.of_year(2020, as_of=day(2020, 6, 30)),
            indicators=[row],
        )
        [result] = monitor(project).indicators
        assert result.attainment is not None
        assert result.attainment > Decimal(10) ** 20
