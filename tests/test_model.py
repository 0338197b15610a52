"""
Model invariants: frozen, keyword-only objects that are valid once built.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perftarget import (
    Comparator,
    Deadline,
    Department,
    Indicator,
    LabelError,
    Level1,
    Level2,
    ModelError,
    Project,
    QualitativeLevel,
    Target,
    TargetKind,
    excel_serial_to_date,
    parse_level1,
    parse_level2,
)

D = Decimal


def _target() -> Target:
    return Target(kind=TargetKind.PERCENT, comparator=Comparator.GE, value=D(95), unit="%")


def _indicator(name: str = "培训人数") -> Indicator:
    return Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY, name=name, target=_target())


def _project(name: str = "职业技能培训") -> Project:
    return Project(name=name, indicators=[_indicator()])


class TestTarget:
    def test_frozen(self) -> None:
        """Assigning to a field raises."""
        target = _target()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            target.value = D(90)  # type: ignore[misc]

    def test_keyword_only(self) -> None:
        """Positional arguments are refused."""
        with pytest.raises(TypeError):
            Target(TargetKind.PERCENT)  # type: ignore[misc]

    def test_float_value_refused(self) -> None:
        """A float value is refused with ModelError."""
        with pytest.raises(ModelError, match="float"):
            Target(kind=TargetKind.PERCENT, comparator=Comparator.GE, value=95.0)  # type: ignore[arg-type]

    def test_float_upper_refused(self) -> None:
        """A float upper bound is refused."""
        with pytest.raises(ModelError):
            Target(kind=TargetKind.QUANTITY, comparator=Comparator.RANGE, value=D(1), upper=2.0)  # type: ignore[arg-type]

    def test_infinite_value_refused(self) -> None:
        """An infinite value is refused."""
        with pytest.raises(ModelError):
            Target(kind=TargetKind.QUANTITY, comparator=Comparator.GE, value=D("Infinity"))

    def test_range_upper_below_value_refused(self) -> None:
        """A range whose upper bound is below its value is refused."""
        with pytest.raises(ModelError, match="value <= upper"):
            Target(kind=TargetKind.QUANTITY, comparator=Comparator.RANGE, value=D(5), upper=D(3))

    def test_range_needs_upper(self) -> None:
        """A numeric range without an upper bound is refused."""
        with pytest.raises(ModelError):
            Target(kind=TargetKind.QUANTITY, comparator=Comparator.RANGE, value=D(5))

    def test_upper_without_range_refused(self) -> None:
        """Only a range has an upper bound."""
        with pytest.raises(ModelError, match="only a range"):
            Target(kind=TargetKind.QUANTITY, comparator=Comparator.GE, value=D(1), upper=D(2))

    def test_period_needs_both_dates(self) -> None:
        """A period target needs a start and an end."""
        with pytest.raises(ModelError):
            Target(kind=TargetKind.DEADLINE, comparator=Comparator.RANGE, date=Deadline(year=2023))

    def test_qualitative_with_value_refused(self) -> None:
        """A qualitative target has no number."""
        with pytest.raises(ModelError):
            Target(kind=TargetKind.QUALITATIVE, value=D(1))

    def test_text_and_warnings_not_compared(self) -> None:
        """Targets differing only in text and warnings are equal."""
        assert _target() == attrs.evolve(_target(), text="≥95%", warnings=("x",))

    def test_is_numeric(self) -> None:
        """A target with a number is numeric; a phrase is not."""
        phrase = Target(kind=TargetKind.QUALITATIVE, phrase="效果明显")
        assert (_target().is_numeric, phrase.is_numeric) == (True, False)


class TestEnums:
    def test_comparator_symbol(self) -> None:
        """Comparators print as the symbols Chinese tables use."""
        assert [c.symbol for c in Comparator] == ["≥", "≤", "=", ">", "<", "~"]

    def test_qualitative_levels_are_ordered(self) -> None:
        """Qualitative levels compare by rank."""
        assert sorted(QualitativeLevel, reverse=True) == [
            QualitativeLevel.EXCELLENT,
            QualitativeLevel.GOOD,
            QualitativeLevel.PASS,
            QualitativeLevel.POOR,
        ]

    def test_level2_parents(self) -> None:
        """Level-2 categories sit under their level-1 category."""
        assert Level2.TIMELINESS.parents == (Level1.OUTPUT,)


class TestIndicator:
    def test_empty_name_refused(self) -> None:
        """An indicator needs a level-3 name."""
        with pytest.raises(ModelError, match="name"):
            _indicator(name="  ")

    def test_float_weight_refused(self) -> None:
        """A float weight is refused."""
        with pytest.raises(ModelError, match="float"):
            attrs.evolve(_indicator(), weight=10.0)

    def test_negative_weight_refused(self) -> None:
        """A weight cannot be negative."""
        with pytest.raises(ModelError):
            attrs.evolve(_indicator(), weight=D(-1))

    def test_keyword_only(self) -> None:
        """Positional arguments are refused."""
        with pytest.raises(TypeError):
            Indicator(Level1.OUTPUT, Level2.QUANTITY, "x", _target())  # type: ignore[misc]

    def test_frozen(self) -> None:
        """Assigning to a field raises."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            _indicator().name = "x"  # type: ignore[misc]


class TestProjectAndDepartment:
    def test_indicators_become_tuple(self) -> None:
        """A list of indicators is stored as a tuple."""
        assert (_indicator(),) == _project().indicators

    def test_wrong_indicator_type_refused(self) -> None:
        """A project holds only Indicators; the error names the index."""
        with pytest.raises(ModelError, match=r"indicators\[1\]"):
            Project(name="p", indicators=[_indicator(), "培训人数"])  # type: ignore[list-item]

    def test_wrong_project_type_refused(self) -> None:
        """A department holds only Projects; the error names the index."""
        with pytest.raises(ModelError, match=r"projects\[0\]"):
            Department(name="d", projects=[_indicator()])  # type: ignore[list-item]

    def test_by_level1(self) -> None:
        """``by_level1`` selects the indicators of one level-1 category."""
        project = _project()
        assert ((_indicator(),), ()) == (
            project.by_level1(Level1.OUTPUT),
            project.by_level1(Level1.EFFECT),
        )

    def test_department_project(self) -> None:
        """``project`` finds a project by name."""
        department = Department(name="人社局", projects=[_project("甲"), _project("乙")])
        assert _project("乙") == department.project("乙")

    def test_department_missing_project_lists_names(self) -> None:
        """A missing project raises KeyError listing the names there are."""
        department = Department(name="人社局", projects=[_project("甲"), _project("乙")])
        with pytest.raises(KeyError, match="甲, 乙"):
            department.project("丙")


class TestDeadline:
    def test_needs_year_or_month(self) -> None:
        """A deadline needs a year or a month."""
        with pytest.raises(ModelError):
            Deadline()

    def test_invalid_day_refused(self) -> None:
        """February 30th is refused."""
        with pytest.raises(ModelError):
            Deadline(year=2021, month=2, day=30)

    def test_last_day_with_default_year(self) -> None:
        """A deadline without a year takes the budget year given."""
        assert Deadline(month=12).last_day(2021).isoformat() == "2021-12-31"

    def test_last_day_without_year_raises(self) -> None:
        """Asking the last day of a yearless deadline without a year raises."""
        with pytest.raises(ModelError, match="budget year"):
            Deadline(month=12).last_day()

    def test_excel_serial(self) -> None:
        """Excel serial 44561 is 2021-12-31."""
        assert excel_serial_to_date(44561).isoformat() == "2021-12-31"


class TestLabels:
    @pytest.mark.parametrize(
        ("label", "category", "weight"),
        [
            ("产出指标(50分)", Level1.OUTPUT, D(50)),
            ("产出指标（50分）", Level1.OUTPUT, D(50)),
            ("成本指标30分", Level1.COST, D(30)),
            ("产出指标", Level1.OUTPUT, None),
            ("预期产出指标", Level1.OUTPUT, None),
            ("效果指标", Level1.EFFECT, None),
            ("效益", Level1.EFFECT, None),
            ("满意度指标等", Level1.SATISFACTION, None),
            ("Output Indicators", Level1.OUTPUT, None),
            ("effect", Level1.EFFECT, None),
        ],
    )
    def test_level1(self, label: str, category: Level1, weight: Decimal | None) -> None:
        """Level-1 labels, their variants and weights are read."""
        found = parse_level1(label)
        assert (category, weight) == (found.category, found.weight)

    @pytest.mark.parametrize(
        ("label", "category"),
        [
            ("数量指标", Level2.QUANTITY),
            ("进度指标", Level2.TIMELINESS),
            ("社会公众或服务对象满意度指标", Level2.SATISFACTION),
            ("服务对象满意度指标等", Level2.SATISFACTION),
            ("数量指标（或建筑规模指标）", Level2.QUANTITY),
            ("社会、经济、生态效益指标", Level2.COMBINED_EFFECT),
            ("Timeliness", Level2.TIMELINESS),
            ("economic benefit", Level2.ECONOMIC),
        ],
    )
    def test_level2(self, label: str, category: Level2) -> None:
        """Level-2 labels and their variants are read."""
        assert category == parse_level2(label).category

    def test_level2_weight(self) -> None:
        """A level-2 label may carry a weight."""
        assert D(20) == parse_level2("数量指标(20分)").weight

    def test_unknown_level1_lists_expected(self) -> None:
        """An unknown level-1 label raises LabelError listing the known labels."""
        with pytest.raises(LabelError) as info:
            parse_level1("投入指标")
        assert tuple(c.zh for c in Level1) == info.value.expected
        assert "产出指标, 效益指标, 满意度指标, 成本指标" in str(info.value)

    def test_unknown_level2_is_value_error(self) -> None:
        """LabelError is a ValueError naming the level."""
        with pytest.raises(ValueError, match="level-2"):
            parse_level2("投入指标")

    def test_english_labels(self) -> None:
        """Every category has a Chinese and an English label; without ``lang`` the label is
        in the language in force (English outside a ``language("zh")`` block)."""
        from perftarget import language

        assert (Level1.OUTPUT.label("zh"), Level1.OUTPUT.label("en")) == ("产出指标", "output")
        assert "output" == Level1.OUTPUT.label()
        with language("zh"):
            assert "产出指标" == Level1.OUTPUT.label()

    @pytest.mark.parametrize("category", list(Level1), ids=lambda c: c.name)
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_level1_own_labels_parse(self, category: Level1, lang: str) -> None:
        """Each level-1 category's own Chinese and English labels parse back to it."""
        assert category == parse_level1(category.label(lang)).category

    @pytest.mark.parametrize("category", list(Level2), ids=lambda c: c.name)
    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_level2_own_labels_parse(self, category: Level2, lang: str) -> None:
        """Each level-2 category's own Chinese and English labels parse back to it."""
        assert category == parse_level2(category.label(lang)).category
