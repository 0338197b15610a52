"""The registry of scoring findings (PT3xx), and the one default language of the API."""

from __future__ import annotations

import re
import string
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perftarget import EvaluationRow, Indicator, Level1, Level2, parse_actual, parse_target
from perftarget.core._lang import DEFAULT_LANG, LANGUAGES, current_language, language
from perftarget.score._codes import SCORING_CODES, Wording, finding, part, reference_page
from perftarget.score._evaluate import evaluate
from perftarget.score._reconcile import reconcile

ROOT = Path(__file__).parents[1]
SOURCE = ROOT / "src" / "perftarget"
REGISTRY = SOURCE / "score" / "_codes.py"
HAN = re.compile(r"[\u4e00-\u9fff]")
FIELD = re.compile(r"\{([a-z_]*)(?:![rs])?\}")
QUOTED = re.compile(r"'[^']*'")
NO_ACTUAL_ZH = "培训：无法计分：未填写实际完成值"
NO_ACTUAL_EN = "培训: not scorable: no actual value is given"


def _wordings() -> list[tuple[str, str, Wording]]:
    return [
        (spec.code, key, wording)
        for spec in SCORING_CODES.values()
        for key, wording in spec.wordings.items()
    ]


WORDINGS = _wordings()
IDS = [f"{code} {key}".strip() for code, key, _ in WORDINGS]


def _fields(wording: Wording) -> set[str]:
    return set(FIELD.findall(wording.zh)) | set(FIELD.findall(wording.en))


def _row(name: str, target: str, actual: str | None, *, weight: str = "20") -> EvaluationRow:
    return EvaluationRow(
        indicator=Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name=name,
            target=parse_target(target),
            weight=Decimal(weight),
        ),
        actual=None if actual is None else parse_actual(actual),
        reason="",
    )


def _used_in_source() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py") if path != REGISTRY
    )


class TestRegistry:
    def test_reference_page_is_generated_from_the_registry(self) -> None:
        """docs/reference/scoring-findings.md is the registry's rendering, code for code."""
        page = ROOT / "docs" / "reference" / "scoring-findings.md"
        assert reference_page() == page.read_text(encoding="utf-8")

    def test_reference_page_is_in_the_navigation(self) -> None:
        """The page is listed in mkdocs.yml beside the other findings pages."""
        nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        assert "reference/scoring-findings.md" in nav

    def test_every_code_in_the_source_is_registered_and_every_registered_code_used(self) -> None:
        """The PT3xx literals of src/ outside the registry are exactly the registered codes."""
        used = set(re.findall(r"PT3\d\d", _used_in_source()))
        assert sorted(SCORING_CODES) == sorted(used)

    def test_every_variant_and_part_is_used(self) -> None:
        """Each variant and part key is named somewhere in src/ outside the registry."""
        source = _used_in_source()
        unused = [
            f"{spec.code} {key}"
            for spec in SCORING_CODES.values()
            for key in (*spec.variants, *spec.parts)
            if f'"{key}"' not in source
        ]
        assert [] == unused

    def test_codes_are_in_order_and_have_explanations(self) -> None:
        """Codes are PT3 and three digits, listed in order, each explained."""
        codes = list(SCORING_CODES)
        assert sorted(codes) == codes
        assert all(re.fullmatch(r"PT3\d\d", code) for code in codes)
        assert [] == [c for c, spec in SCORING_CODES.items() if len(spec.explanation) < 20]


class TestWording:
    @pytest.mark.parametrize(("code", "key", "wording"), WORDINGS, ids=IDS)
    def test_english_has_no_chinese_outside_fields_and_quoted_data(
        self, code: str, key: str, wording: Wording
    ) -> None:
        """Rendered with ASCII field values, the English text has no Han outside quotes."""
        values = dict.fromkeys(_fields(wording), "sample")
        with language("en"):
            text = wording.render(**values)
        assert not HAN.search(QUOTED.sub("", text)), text

    @pytest.mark.parametrize(("code", "key", "wording"), WORDINGS, ids=IDS)
    def test_chinese_is_written_in_chinese(self, code: str, key: str, wording: Wording) -> None:
        """The Chinese template has Han characters of its own, outside its fields."""
        values = dict.fromkeys(_fields(wording), "")
        with language("zh"):
            text = wording.render(**values)
        assert HAN.search(text), (code, key)

    @pytest.mark.parametrize(("code", "key", "wording"), WORDINGS, ids=IDS)
    def test_both_languages_fill_the_same_data(self, code: str, key: str, wording: Wording) -> None:
        """A field of one language is in the other, or in its ``_en`` twin."""
        zh = set(FIELD.findall(wording.zh))
        en = {name.removesuffix("_en") for name in FIELD.findall(wording.en)}
        assert zh == en

    @given(
        code=st.sampled_from(sorted(SCORING_CODES)),
        value=st.text(alphabet=string.ascii_letters + string.digits + "汉字。", min_size=1),
        lang=st.sampled_from(LANGUAGES),
    )
    def test_every_field_value_reaches_the_message(self, code: str, value: str, lang: str) -> None:
        """Whatever the data, the message of either language shows every field's value."""
        spec = SCORING_CODES[code]
        template = spec.zh if lang == "zh" else spec.en
        fields = {name: f"<{name}:{value}>" for name in _fields(Wording(spec.zh, spec.en))}
        with language(lang):
            message = finding(code, None, **fields).message
        for name, shown in fields.items():
            if f"{{{name}}}" in template:
                assert shown in message
            elif f"{{{name}!r}}" in template:
                assert repr(shown) in message

    def test_finding_takes_severity_and_cause_from_the_registry(self) -> None:
        """A finding's severity and cause are those of its code."""
        made = finding("PT337", published="90", summed="88")
        spec = SCORING_CODES["PT337"]
        assert (spec.severity, spec.cause) == (made.severity, made.cause)

    def test_unknown_code_or_part_is_refused(self) -> None:
        """An unregistered code, variant or part raises KeyError."""
        with pytest.raises(KeyError):
            finding("PT399")
        with pytest.raises(KeyError):
            finding("PT313", variant="nowhere")
        with pytest.raises(KeyError):
            part("PT305", "nowhere")


class TestSites:
    def test_missing_actual_is_said_in_one_language(self) -> None:
        """A row without an actual reads wholly in Chinese or wholly in English (issue 14)."""
        row = _row("培训", "≥100人次", None)
        zh = evaluate([row], lang="zh").findings
        en = evaluate([row], lang="en").findings
        expected = (
            "培训：无法计分：未填写实际完成值",
            "培训: not scorable: no actual value is given",
        )
        assert expected == (
            next(f.message for f in zh if f.code == "PT305"),
            next(f.message for f in en if f.code == "PT305"),
        )

    def test_deviation_finding_has_no_chinese_gloss_in_english(self) -> None:
        """PT304 in English names the deviation reason without 偏差原因."""
        card = evaluate([_row("培训人次", "≥1100人次", "1000人次")], lang="en")
        message = next(f.message for f in card.findings if f.code == "PT304")
        assert "培训人次: the target was not fully met, but no deviation reason is given" == message

    def test_findings_of_a_scored_table_keep_the_registry_severity_and_cause(self) -> None:
        """evaluate()'s findings have their code's cause and severity (PT304, PT312: the rules')."""
        rows = [
            _row("培训人次", "≥1100人次", "1000人次"),
            _row("培训", "≥100人次", None),
            _row("资金", "≤80万元", "100人次"),
            _row("完成时间", "12月底前", "已完成项目"),
        ]
        card = evaluate(rows, published_total=Decimal("50"))
        codes = {f.code for f in card.findings}
        assert {"PT301", "PT304", "PT305", "PT311"} <= codes
        for found in card.findings:
            spec = SCORING_CODES[found.code]
            assert spec.cause == found.cause
            if found.code not in ("PT304", "PT312"):
                assert spec.severity == found.severity


class TestDefaultLanguage:
    def test_default_is_one_of_the_languages(self) -> None:
        """DEFAULT_LANG is a language messages are written in."""
        assert DEFAULT_LANG in LANGUAGES

    def test_outside_any_block_the_default_is_in_force(self) -> None:
        """Without a language block, the language in force is DEFAULT_LANG."""
        assert DEFAULT_LANG == current_language()

    def test_evaluate_and_reconcile_write_in_the_default(self) -> None:
        """evaluate() and reconcile() without lang write in DEFAULT_LANG."""
        row = _row("培训", "≥100人次", None)
        card = evaluate([row])
        expected = evaluate([row], lang=DEFAULT_LANG)
        assert [f.message for f in expected.findings] == [f.message for f in card.findings]
        from perftarget.rules import load_rules

        rules = load_rules()
        with language(DEFAULT_LANG):
            same = reconcile(card, rules)
        assert same == reconcile(card, rules)

    def test_evaluate_follows_the_language_in_force(self) -> None:
        """Inside language("zh"), evaluate() without lang writes Chinese; lang= wins."""
        row = _row("培训", "≥100人次", None)
        with language("zh"):
            followed = evaluate([row]).findings[0].message
            chosen = evaluate([row], lang="en").findings[0].message
        assert (
            "培训：无法计分：未填写实际完成值",
            "培训: not scorable: no actual value is given",
        ) == (
            followed,
            chosen,
        )

    def test_unknown_language_is_refused(self) -> None:
        """A language other than zh and en is refused."""
        with pytest.raises(ValueError, match="lang"):
            current_language("fr")
