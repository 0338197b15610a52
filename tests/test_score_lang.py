"""
Scoring findings are written in the language asked for.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest

from perftarget import datasets, evaluate, load_rules, reconcile
from perftarget.cli import main
from perftarget.io import write_table


class TestLanguage:
    """evaluate(lang=...) and score --lang choose the language of the messages."""

    def test_chinese_and_english_messages(self) -> None:
        """The same finding reads in Chinese under zh and in English under en."""
        zh = datasets.yongde_2022_scorecard("zh")
        en = datasets.yongde_2022_scorecard("en")
        assert [f.code for f in zh.findings] == [f.code for f in en.findings]
        missing_zh = next(f for f in zh.findings if f.code == "PT304")
        missing_en = next(f for f in en.findings if f.code == "PT304")
        assert "未填写偏差原因" in missing_zh.message
        assert "no deviation reason" in missing_en.message

    def test_reconcile_follows_or_sets_the_language(self) -> None:
        """reconcile() writes in the language given, and in English by default."""
        card = datasets.yongde_2022_scorecard()
        rules = load_rules("mof2020_selfeval")
        zh = {f.code: f.message for f in reconcile(card, rules, lang="zh")}
        en = {f.code: f.message for f in reconcile(card, rules)}
        assert "向下取整" in zh["PT333"]
        assert "rounded down" in en["PT333"]

    def test_unknown_language_is_refused(self) -> None:
        """A language other than zh or en raises ValueError naming it."""
        table = datasets.selfevaluation("yongde_2022_nutrition")
        with pytest.raises(ValueError, match="'fr'"):
            evaluate(table.rows, lang="fr")

    def test_command_line_languages(self, tmp_path: Path) -> None:
        """perftarget score writes Chinese messages by default and English with --lang en."""
        path = tmp_path / "yongde.csv"
        write_table(datasets.selfevaluation("yongde_2022_nutrition"), path)
        messages = {}
        for lang in ("zh", "en"):
            out = StringIO()
            argv = ["score", str(path), "--format", "json"]
            main(argv + (["--lang", "en"] if lang == "en" else []), out=out)
            messages[lang] = " ".join(f["message"] for f in json.loads(out.getvalue())["findings"])
        assert "偏差原因" in messages["zh"]
        assert "deviation reason" in messages["en"]
