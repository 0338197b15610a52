"""
The open label vocabulary: level-1 / level-2 labels resolved through aliases,
normalisation, stems and close matches, each step reported.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perftarget.core._categories import Level1, Level2
from perftarget.core._labels import (
    LabelAliases,
    Resolution,
    ResolutionStep,
    load_label_aliases,
    resolve_level1,
    resolve_level2,
)
from perftarget.core._lang import language
from perftarget.core._levellabel import parse_level1, parse_level2
from perftarget.core._text import is_cjk
from perftarget.exceptions import LabelError, RuleSetError

D = Decimal
N, A, S, C = (
    ResolutionStep.NORMALISED,
    ResolutionStep.ALIAS,
    ResolutionStep.STEM,
    ResolutionStep.CLOSE,
)

#: The closed alias tables as they were before labels became data (0.1.0),
#: kept here so every label they accepted keeps resolving the same way.
OLD_LEVEL1_ALIASES: dict[str, Level1] = {
    "产出": Level1.OUTPUT,
    "预期产出指标": Level1.OUTPUT,
    "产出(工作量)指标": Level1.OUTPUT,
    "效益": Level1.EFFECT,
    "效果指标": Level1.EFFECT,
    "效果": Level1.EFFECT,
    "满意度": Level1.SATISFACTION,
    "成本": Level1.COST,
    "outputs": Level1.OUTPUT,
    "outputindicators": Level1.OUTPUT,
    "effects": Level1.EFFECT,
    "benefit": Level1.EFFECT,
    "benefits": Level1.EFFECT,
    "outcome": Level1.EFFECT,
    "outcomes": Level1.EFFECT,
    "effectindicators": Level1.EFFECT,
    "satisfactionindicators": Level1.SATISFACTION,
    "costindicators": Level1.COST,
}
OLD_LEVEL2_ALIASES: dict[str, Level2] = {
    "进度指标": Level2.TIMELINESS,
    "预算控制指标": Level2.COST,
    "预算(或投资规模)控制指标": Level2.COST,
    "社会、经济、生态效益指标": Level2.COMBINED_EFFECT,
    "社会公众或服务对象满意度指标": Level2.SATISFACTION,
    "满意度指标": Level2.SATISFACTION,
    "time": Level2.TIMELINESS,
    "economicbenefit": Level2.ECONOMIC,
    "socialbenefit": Level2.SOCIAL,
    "ecologicalbenefit": Level2.ECOLOGICAL,
    "sustainability": Level2.SUSTAINABILITY,
    "satisfaction": Level2.SATISFACTION,
}


def _old_table(level: int) -> dict[str, Level1 | Level2]:
    """Every label the old table accepted verbatim, own labels included."""
    members: tuple[Level1 | Level2, ...] = tuple(Level1 if level == 1 else Level2)
    table: dict[str, Level1 | Level2] = {}
    table.update(OLD_LEVEL1_ALIASES if level == 1 else OLD_LEVEL2_ALIASES)
    for member in members:
        table.setdefault(member.zh, member)
        table.setdefault(member.en.replace(" ", "").lower(), member)
    return table


def _resolve(level: int, label: str, aliases: LabelAliases | None = None) -> Resolution:
    return (resolve_level1 if level == 1 else resolve_level2)(label, aliases=aliases)


def _old_cases() -> list[tuple[int, str, Level1 | Level2]]:
    cases: list[tuple[int, str, Level1 | Level2]] = []
    for level in (1, 2):
        for label, member in _old_table(level).items():
            cases.append((level, label, member))
            # The old lookup also tried the label with 指标 added.
            if label.endswith("指标") and len(label) > 2:
                cases.append((level, label[:-2], member))
    return cases


class TestOldVocabulary:
    @pytest.mark.parametrize(("level", "label", "member"), _old_cases())
    def test_every_old_label_resolves_as_before(
        self, level: int, label: str, member: Level1 | Level2
    ) -> None:
        """Every label the closed table accepted resolves to the same member."""
        assert member == _resolve(level, label).category

    @pytest.mark.parametrize(("level", "label", "member"), _old_cases())
    def test_old_parse_functions_agree(
        self, level: int, label: str, member: Level1 | Level2
    ) -> None:
        """parse_level1 / parse_level2 and from_label return the same member."""
        parse = parse_level1 if level == 1 else parse_level2
        from_label = Level1.from_label if level == 1 else Level2.from_label
        assert (member, member) == (parse(label).category, from_label(label))

    def test_builtin_table_ships_as_package_data(self) -> None:
        """The alias table is package data readable through importlib.resources."""
        text = resources.files("perftarget").joinpath("_data", "labels.toml").read_text("utf-8")
        aliases = LabelAliases.from_toml(text)
        assert ("预期产出指标", Level1.OUTPUT) in aliases.level1
        assert ("进度指标", Level2.TIMELINESS) in aliases.level2


class TestResolution:
    def test_own_label_has_no_steps(self) -> None:
        """A member's own label resolves with no step and matches itself."""
        expected = Resolution(
            written="数量指标", category=Level2.QUANTITY, weight=None, steps=(), matched="数量指标"
        )
        assert expected == resolve_level2("数量指标")

    def test_alias_is_reported(self) -> None:
        """A known alias other than the member's own label is reported as ALIAS."""
        found = resolve_level2("进度指标")
        assert (Level2.TIMELINESS, (A,), "进度指标") == (found.category, found.steps, found.matched)

    def test_unresolved_keeps_text_and_weight(self) -> None:
        """An unknown label resolves to no category but keeps its weight."""
        found = resolve_level1("投入指标(20分)")
        assert (None, D(20), "", False) == (
            found.category,
            found.weight,
            found.matched,
            found.resolved,
        )

    def test_explain_in_both_languages(self) -> None:
        """explain() says how a label was read, in the current language only."""
        found = resolve_level2("数量目标")
        with language("en"):
            english = found.explain()
        with language("zh"):
            chinese = found.explain()
        assert "'数量目标' read as quantity (stem: '数量')" == english
        assert "“数量目标”读作数量指标（词干：“数量”）" == chinese

    def test_explain_unresolved_and_plain(self) -> None:
        """explain() names an unresolved label and a plain one."""
        with language("zh"):
            assert "“投入”未对应任何已知类别" == resolve_level1("投入").explain()
            assert "“产出指标”即产出指标" == resolve_level1("产出指标").explain()

    def test_step_names(self) -> None:
        """Each step has a Chinese and an English name."""
        with language("zh"):
            chinese = [step.describe() for step in ResolutionStep]
        english = [step.describe() for step in ResolutionStep]
        assert (
            ["规范化", "别名", "词干", "近似匹配"],
            ["normalised", "alias", "stem", "close match"],
        ) == (
            chinese,
            english,
        )


class TestNormalisation:
    @pytest.mark.parametrize(
        ("label", "weight"),
        [
            ("产出指标(50分)", D(50)),
            ("产出指标 （15分）", D(15)),
            ("产出指标(0-20)分", D(20)),
            ("产出指标（0～20分）", D(20)),
            ("产出指标 13 分", D(13)),
            ("产出指标50分", D(50)),
            ("产出指标(50)", D(50)),
            ("产出指标(12.5分)", D("12.5")),
            ("产出指标（分值：30）", D(30)),
            ("产出指标(50分)等", D(50)),
            ("产出指标(50分)：", D(50)),
            ("（30分）产出指标", D(30)),
            ("产出指标", None),
        ],
    )
    def test_weight_in_any_shape(self, label: str, weight: Decimal | None) -> None:
        """The weight is read in every shape tables use; a range weighs its upper bound."""
        found = resolve_level1(label)
        assert (Level1.OUTPUT, weight) == (found.category, found.weight)

    def test_canonical_weight_is_not_a_step(self) -> None:
        """Taking off a weight written (50分) is not reported as normalisation."""
        assert () == resolve_level1("效益指标(30分)").steps

    @pytest.mark.parametrize(
        "label",
        ["效益指标（30分）", "效益指标30分", "效益指标 (30分)", "效益指标(0-30)分"],
    )
    def test_other_weight_shapes_are_a_step(self, label: str) -> None:
        """A weight in any other shape is reported as normalisation."""
        assert (N,) == resolve_level1(label).steps

    @pytest.mark.parametrize(
        "label",
        [
            "一、产出指标",
            "1、产出指标",
            "1.产出指标",
            "1.1 产出指标",
            "（一）产出指标",
            "(1)产出指标",
            "①产出指标",
            "⑴产出指标",
            "第一部分 产出指标",
            "★产出指标",
            "产出指标★",
            "产 出 指 标",
            "产出指标：",
            "产出指标等",
            "“产出指标”",
            "【产出指标】",
            "产出指标（含工作量）",
            "一级指标：产出指标",
            "ＯＵＴＰＵＴ",
        ],
    )
    def test_decoration_is_removed(self, label: str) -> None:
        """Numbering, marks, spaces, quotes, brackets, 等 and full-width forms are removed."""
        found = resolve_level1(label)
        assert (Level1.OUTPUT, (N,)) == (found.category, found.steps)

    def test_unclosed_bracket_drops_the_rest(self) -> None:
        """An unclosed bracket drops the text after it, not the label before it."""
        assert Level2.QUANTITY == resolve_level2("数量指标（或建筑规模").category

    def test_weight_digits_beyond_the_tail_are_not_a_weight(self) -> None:
        """A number longer than the weight window is not read as a truncated weight."""
        assert resolve_level1("产出" + "9" * 40 + "分").weight is None


class TestStems:
    @pytest.mark.parametrize(
        ("label", "member"),
        [
            ("项目完成指标", Level1.OUTPUT),
            ("项目完成情况", Level1.OUTPUT),
            ("产出目标", Level1.OUTPUT),
            ("项目产出", Level1.OUTPUT),
            ("项目效益指标", Level1.EFFECT),
            ("效益目标", Level1.EFFECT),
            ("项目效益", Level1.EFFECT),
            ("服务对象满意度", Level1.SATISFACTION),
            ("成本目标", Level1.COST),
            ("决策", Level1.DECISION),
            ("项目决策", Level1.DECISION),
            ("过程", Level1.PROCESS),
            ("项目过程", Level1.PROCESS),
            ("项目管理", Level1.PROCESS),
            ("output indicator", Level1.OUTPUT),
        ],
    )
    def test_level1_stems(self, label: str, member: Level1) -> None:
        """Older and framework level-1 labels resolve through their stems."""
        found = resolve_level1(label)
        assert (member, S) == (found.category, found.steps[-1])

    @pytest.mark.parametrize(
        ("label", "member"),
        [
            ("数量目标", Level2.QUANTITY),
            ("质量目标", Level2.QUALITY),
            ("时效目标", Level2.TIMELINESS),
            ("产出数量", Level2.QUANTITY),
            ("产出质量", Level2.QUALITY),
            ("产出时效", Level2.TIMELINESS),
            ("产出成本", Level2.COST),
            ("工程进度", Level2.TIMELINESS),
            ("环境效益", Level2.ECOLOGICAL),
            ("经济效益", Level2.ECONOMIC),
            ("社会效益", Level2.SOCIAL),
            ("生态效益", Level2.ECOLOGICAL),
            ("可持续影响", Level2.SUSTAINABILITY),
            ("满意度", Level2.SATISFACTION),
            ("服务对象满意度", Level2.SATISFACTION),
            ("群众满意度", Level2.SATISFACTION),
            ("学生满意度指标", Level2.SATISFACTION),
            ("受益对象满意度", Level2.SATISFACTION),
            ("经济成本", Level2.ECONOMIC_COST),
            ("生态环境成本", Level2.ECO_COST),
            ("经济社会效益指标", Level2.COMBINED_EFFECT),
            ("立项依据", Level2.PROJECT_APPROVAL),
            ("立项依据充分性", Level2.PROJECT_APPROVAL),
            ("资金落实", Level2.FUND_INPUT),
            ("财务管理", Level2.FUND_MANAGEMENT),
            ("业务管理", Level2.IMPLEMENTATION),
            ("实施效益", Level2.PROJECT_EFFECT),
            ("数量类指标", Level2.QUANTITY),
            ("Quality indicators", Level2.QUALITY),
        ],
    )
    def test_level2_stems(self, label: str, member: Level2) -> None:
        """Short forms, 目标 for 指标, framework and user-named level 2s resolve through stems."""
        found = resolve_level2(label)
        assert (member, S) == (found.category, found.steps[-1])

    @pytest.mark.parametrize("label", ["项目立项", "绩效目标", "资金投入", "资金管理", "组织实施"])
    def test_framework_level2_own_labels(self, label: str) -> None:
        """The framework level 2s are members' own labels: no step at all."""
        assert () == resolve_level2(label).steps

    def test_generic_header_word_is_not_performance_goals(self) -> None:
        """绩效指标, the generic header word, is not read as 绩效目标 with 目标 for 指标."""
        assert (None, Level2.PERFORMANCE_GOALS) == (
            resolve_level2("绩效指标").category,
            resolve_level2("绩效目标类指标").category,
        )

    def test_longer_stem_wins(self) -> None:
        """A stem contained in another matching stem gives way (经济成本 over 成本)."""
        assert Level2.ECONOMIC_COST == resolve_level2("项目经济成本").category

    @pytest.mark.parametrize(
        ("level", "label"),
        [
            (1, "产出效益指标"),
            (1, "成本效益"),
            (2, "数量质量指标"),
            (2, "社会效益满意度"),
            (2, "效益指标"),
            (1, "投入指标"),
        ],
    )
    def test_ambiguous_or_unknown_stays_unresolved(self, level: int, label: str) -> None:
        """Text holding stems of two categories, or none, names no category."""
        assert _resolve(level, label).category is None

    def test_alias_beats_stem(self) -> None:
        """An exact alias wins over the stem the text also contains."""
        aliases = LabelAliases(level2={"质量进度指标": Level2.TIMELINESS})
        found = resolve_level2("质量进度指标", aliases=aliases)
        assert (Level2.TIMELINESS, (A,)) == (found.category, found.steps)


class TestClose:
    @pytest.mark.parametrize(
        ("label", "member", "matched"),
        [
            ("数量量指标", Level2.QUANTITY, "数量指标"),
            ("质质量指标", Level2.QUALITY, "质量指标"),
            ("数最指标", Level2.QUANTITY, "数量指标"),
            ("时郊指标", Level2.TIMELINESS, "时效指标"),
            ("数最目标", Level2.QUANTITY, "数量指标"),
            ("quantiy", Level2.QUANTITY, "quantity"),
        ],
    )
    def test_one_character_off(self, label: str, member: Level2, matched: str) -> None:
        """A doubled, wrong, missing or extra character still finds the one close label."""
        found = resolve_level2(label)
        assert (member, (C,), matched) == (found.category, found.steps, found.matched)

    def test_close_to_an_alias_reports_both(self) -> None:
        """A close match to an alias reports the correction and the alias."""
        found = resolve_level2("进渡指标")
        assert (Level2.TIMELINESS, (C, A)) == (found.category, found.steps)

    def test_typo_with_stem_reads_the_stem(self) -> None:
        """A typo that leaves a stem intact resolves through the stem, which comes first."""
        found = resolve_level2("时效指示")
        assert (Level2.TIMELINESS, (S,)) == (found.category, found.steps)

    def test_equally_close_to_two_categories(self) -> None:
        """A label one character from two categories (效果, 成本) stays unresolved."""
        assert resolve_level1("成果指标").category is None

    def test_short_label_is_not_close_matched(self) -> None:
        """Labels under four characters are not close matched."""
        assert resolve_level2("数最").category is None

    def test_short_latin_label_is_not_close_matched(self) -> None:
        """Latin text needs six characters for a close match ('tide' is not 'time')."""
        assert resolve_level2("tide").category is None

    def test_long_label_is_not_close_matched(self) -> None:
        """Labels over forty characters are not close matched, even by doubled characters."""
        assert (Level2.TIMELINESS, None) == (
            resolve_level2("tiiime").category,
            resolve_level2("t" + "i" * 45 + "me").category,
        )


class TestUserAliases:
    def _write(self, tmp_path: Path, text: str) -> Path:
        path = tmp_path / "labels.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def test_load_and_merge(self, tmp_path: Path) -> None:
        """A user file, keyed by English label, name or Chinese label, extends the table."""
        path = self._write(
            tmp_path,
            '[level1]\n"工作完成指标" = "output"\n"实效指标" = "EFFECT"\n'
            '[level2]\n"工程推进指标" = "时效指标"\n',
        )
        aliases = load_label_aliases(path)
        found = [
            resolve_level1("工作完成指标", aliases=aliases).category,
            resolve_level1("实效指标", aliases=aliases).category,
            resolve_level2("工程推进指标", aliases=aliases).category,
            resolve_level1("效果指标", aliases=aliases).category,
        ]
        assert [Level1.OUTPUT, Level1.EFFECT, Level2.TIMELINESS, Level1.EFFECT] == found

    def test_user_entry_wins_over_builtin(self) -> None:
        """A user entry for a built-in alias replaces it."""
        aliases = LabelAliases(level2={"进度指标": Level2.OTHER})
        assert Level2.OTHER == resolve_level2("进度指标", aliases=aliases).category

    def test_without_aliases_the_builtin_table_alone(self) -> None:
        """A user alias applies only where it is passed."""
        aliases = LabelAliases(level1={"工作完成指标": Level1.OUTPUT})
        assert (Level1.OUTPUT, None) == (
            parse_level1("工作完成指标", aliases=aliases).category,
            resolve_level1("工作完成指标").category,
        )

    def test_keys_are_normalised(self) -> None:
        """A key matches whatever its full-width, spacing or case."""
        aliases = LabelAliases.from_toml('[level1]\n"Work Done" = "output"\n')
        assert Level1.OUTPUT == resolve_level1("ＷＯＲＫ　ＤＯＮＥ", aliases=aliases).category

    def test_equal_content_is_equal(self) -> None:
        """Two tables with the same entries are equal and hash alike (one cache key)."""
        one = LabelAliases(level1={"甲": Level1.OUTPUT})
        two = LabelAliases(level1=[("甲", Level1.OUTPUT)])
        assert (one, hash(one)) == (two, hash(two))

    @pytest.mark.parametrize(
        ("text", "field"),
        [
            ('[level1]\n"甲" = "inputs"\n', 'level1."甲"'),
            ('[level1]\n"甲" = 3\n', 'level1."甲"'),
            ('[level3]\n"甲" = "output"\n', "level3"),
            ('level1 = "output"\n', "level1"),
            ('[level2]\n" " = "quality"\n', 'level2." "'),
            ('[level1]\n"甲 乙" = "output"\n"甲乙" = "cost"\n', 'level1."甲乙"'),
            ("[level1\n", "(file)"),
        ],
    )
    def test_bad_entries_name_the_field(self, text: str, field: str) -> None:
        """An invalid file raises RuleSetError naming the field that is wrong."""
        with pytest.raises(RuleSetError) as info:
            LabelAliases.from_toml(text, source="mine.toml")
        assert [field] == [problem[0] for problem in info.value.problems]

    def test_every_problem_at_once(self) -> None:
        """All invalid entries are reported together."""
        text = '[level1]\n"甲" = "inputs"\n[level2]\n"乙" = "outputs"\n'
        with pytest.raises(RuleSetError) as info:
            LabelAliases.from_toml(text)
        assert ['level1."甲"', 'level2."乙"'] == [p[0] for p in info.value.problems]

    def test_unknown_category_lists_choices(self) -> None:
        """The error for an unknown category lists the categories of that level."""
        with pytest.raises(RuleSetError, match="'output', 'effect', 'satisfaction'"):
            LabelAliases.from_toml('[level1]\n"甲" = "inputs"\n')

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file raises RuleSetError naming the file."""
        with pytest.raises(RuleSetError) as info:
            load_label_aliases(tmp_path / "none.toml")
        assert (str(tmp_path / "none.toml"), "(file)") == (
            info.value.source,
            info.value.problems[0][0],
        )


class TestParse:
    def test_unresolved_raises_label_error(self) -> None:
        """parse_level2 raises LabelError, listing the level's labels, when nothing resolves."""
        with pytest.raises(LabelError) as info:
            parse_level2("数量质量指标")
        assert (2, tuple(member.zh for member in Level2)) == (info.value.level, info.value.expected)

    def test_parse_keeps_weight(self) -> None:
        """parse_level1 keeps the weight of a label resolved through a stem."""
        found = parse_level1("一、项目产出（40分）")
        assert (Level1.OUTPUT, D(40)) == (found.category, found.weight)


# ----------------------------------------------------------------- properties

#: Clean labels with the category each names, per level: own labels and
#: Chinese built-in aliases.
_CLEAN: dict[int, list[tuple[str, Level1 | Level2]]] = {
    level: [
        (label, member)
        for label, member in _old_table(level).items()
        if any(is_cjk(char) for char in label)
    ]
    for level in (1, 2)
}
#: Known synonyms with the clean label of the same category.
_SYNONYMS: dict[int, list[tuple[str, str]]] = {
    1: [
        ("项目完成指标", "产出指标"),
        ("产出目标", "产出指标"),
        ("项目产出", "产出指标"),
        ("效益目标", "效益指标"),
        ("项目效益指标", "效益指标"),
        ("项目决策", "决策指标"),
        ("项目过程", "过程指标"),
        ("项目管理", "过程指标"),
        ("满意度目标", "满意度指标"),
    ],
    2: [
        ("数量目标", "数量指标"),
        ("质量目标", "质量指标"),
        ("产出时效", "时效指标"),
        ("产出数量", "数量指标"),
        ("产出成本", "成本指标"),
        ("环境效益", "生态效益指标"),
        ("经济效益", "经济效益指标"),
        ("可持续影响", "可持续影响指标"),
        ("群众满意度", "服务对象满意度指标"),
        ("学生满意度", "服务对象满意度指标"),
        ("立项依据", "项目立项"),
        ("实施效益", "项目效益"),
    ],
}

_NUMBERINGS = st.sampled_from(["", "一、", "1、", "1.", "（一）", "(1)", "①", "2.3 ", "★"])
_WEIGHTS = st.sampled_from(
    ["", "(50分)", " （15分）", "(0-20)分", " 13 分", "50分", "(50)", "（分值：10）"]
)
_ENDINGS = st.sampled_from(["", "等", "：", ":", "★", " "])


@st.composite
def _perturbed(draw: st.DrawFn, label: str) -> str:
    """
    ``label`` with numbering, a weight, spaces, full-width brackets, an ending
    or a doubled character.
    """
    if draw(st.booleans()):
        cjk = [i for i, char in enumerate(label) if is_cjk(char)]
        if cjk:
            i = draw(st.sampled_from(cjk))
            label = label[: i + 1] + label[i] + label[i + 1 :]
    if draw(st.booleans()):
        label = label.replace("(", "（").replace(")", "）")
    if draw(st.booleans()) and len(label) > 1:
        i = draw(st.integers(min_value=1, max_value=len(label) - 1))
        label = label[:i] + draw(st.sampled_from([" ", "\u3000", "  "])) + label[i:]
    return draw(_NUMBERINGS) + label + draw(_ENDINGS) + draw(_WEIGHTS)


@st.composite
def _clean_and_perturbed(draw: st.DrawFn) -> tuple[int, Level1 | Level2, str]:
    level = draw(st.sampled_from((1, 2)))
    if draw(st.booleans()):
        label, member = draw(st.sampled_from(_CLEAN[level]))
    else:
        label, clean = draw(st.sampled_from(_SYNONYMS[level]))
        found = _resolve(level, clean).category
        assert found is not None
        member = found
    return level, member, draw(_perturbed(label))


class TestProperties:
    @given(_clean_and_perturbed())
    def test_perturbed_label_keeps_its_category(
        self, case: tuple[int, Level1 | Level2, str]
    ) -> None:
        """
        Numbering, weights, spacing, full-width brackets, a doubled character
        or a known synonym leave the category unchanged.
        """
        level, member, label = case
        assert member == _resolve(level, label).category

    @given(
        st.decimals(min_value=0, max_value=100, places=1),
        st.sampled_from(["({}分)", "（{}分）", "(0-{})分", "{}分", "({})", " {} 分", "(分值:{})"]),
        st.sampled_from((1, 2)),
    )
    def test_weight_read_in_every_shape(self, weight: Decimal, shape: str, level: int) -> None:
        """Every weight shape gives the weight written (a range: its upper bound)."""
        label = ("成本指标" if level == 1 else "经济成本指标") + shape.format(weight)
        assert weight == _resolve(level, label).weight

    @settings(deadline=timedelta(milliseconds=500), max_examples=300)
    @given(st.text(max_size=200), st.sampled_from((1, 2)))
    def test_never_raises_on_any_text(self, text: str, level: int) -> None:
        """Any text resolves without raising, to a category or to none."""
        found = _resolve(level, text)
        assert text == found.written

    @settings(deadline=timedelta(milliseconds=500), max_examples=50)
    @given(
        st.text(alphabet="产出数量质满意度指标目(（)）0123456789分.、一★ 等", max_size=60),
        st.sampled_from((1, 2)),
    )
    def test_label_like_text_never_raises(self, text: str, level: int) -> None:
        """Text built from label pieces resolves without raising."""
        assert text == _resolve(level, text).written

    @pytest.mark.parametrize(
        ("piece", "level"),
        [("指标", 1), ("指标", 2), ("目标", 2), ("(1", 2), ("1", 1), ("一、", 2), ("效益", 1)],
    )
    def test_long_text_is_linear(self, piece: str, level: int) -> None:
        """Eight times the text takes about eight times as long, never sixty-four."""

        def seconds(size: int) -> float:
            text = piece * (size // len(piece))
            start = time.perf_counter()
            _resolve(level, text)
            return time.perf_counter() - start

        small, large = seconds(37_500), seconds(300_000)
        assert large < 2.0
        assert large < 24 * small + 0.02
