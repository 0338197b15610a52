"""
Reading a department budget disclosure from the text of the published document.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest

from perftarget import TableError, datasets
from perftarget.cli import main
from perftarget.io._disclosure_text import read_disclosure_file, read_disclosure_text
from perftarget.io._doctext import text_tables

#: SHA-256 of the shared seed ``seeds/000_ef952e87abc0737c.txt`` the package copies, recorded
#: here so the check needs no file outside the repository.
SEED_SHA256 = "6da9645cb60af2d8082b2ecccd07ee71e3be03b679bb6c0431d89fd164245c2b"


def amounts(breakdown: object) -> list[tuple[str, Decimal]]:
    parts = breakdown.parts  # type: ignore[attr-defined]
    return [(p.label, p.money.amount) for p in parts]


class TestSeed:
    """The bundled 曲阳县信访局 2020 disclosure reads with every figure of the document."""

    budget = datasets.quyang_2020_budget()

    def test_header(self) -> None:
        """Department and year come from the title."""
        assert ("曲阳县信访局", 2020) == (self.budget.name, self.budget.year)

    def test_income_and_expenditure(self) -> None:
        """Income 193.23 from four sources; expenditure 193.23 = basic 104.22 + projects 89.01."""
        assert Decimal("193.23") == self.budget.income.total.money.amount
        assert [
            ("一般公共预算收入", Decimal("193.23")),
            ("基金预算收入", Decimal("0")),
            ("财政专户核拨收入", Decimal("0")),
            ("其他来源收入", Decimal("0")),
        ] == amounts(self.budget.income)
        assert Decimal("193.23") == self.budget.expenditure.total.money.amount
        assert [("基本支出", Decimal("104.22")), ("项目支出", Decimal("89.01"))] == amounts(
            self.budget.expenditure
        )
        assert [("人员经费", Decimal("86")), ("日常公用经费", Decimal("18.22"))] == amounts(
            self.budget.basic
        )
        assert [
            ("群众工作中心运行", Decimal("30")),
            ("驻访专项业务经费", Decimal("29.58")),
            ("劳务派遣人员经费", Decimal("29.43")),
        ] == amounts(self.budget.projects)
        assert all(p.money.unit == "万元" for p in self.budget.projects.parts)

    def test_change_from_last_year(self) -> None:
        """The change from 2019 is +45.24 = basic +17.24 + projects +28."""
        change = self.budget.change
        assert change is not None
        assert Decimal("45.24") == change.change.money.amount
        assert [("基本支出", Decimal("17.24")), ("项目支出", Decimal("28"))] == amounts(change)

    def test_operating_costs_and_three_public(self) -> None:
        """机关运行经费 18.22; 三公 1.2 = 0 + 1.2 (0 + 1.2) + 0, unchanged from last year."""
        assert self.budget.operating_costs is not None
        assert Decimal("18.22") == self.budget.operating_costs.money.amount
        three = self.budget.three_public
        assert three is not None
        assert [Decimal("1.2"), Decimal("0"), Decimal("1.2"), Decimal("0"), Decimal("1.2")] == [
            three.total.money.amount,
            three.abroad.money.amount,
            three.vehicles.money.amount,
            three.vehicle_purchase.money.amount,
            three.vehicle_running.money.amount,
        ]
        assert Decimal("0") == three.reception.money.amount
        assert "持平" in three.change_note

    def test_procurement(self) -> None:
        """Ten procurement lines with catalogue code, unit, quantity, unit price and amount."""
        lines = self.budget.procurement
        assert 10 == len(lines)
        first = lines[0]
        assert ("驻访专项业务经费", "其他办公消耗用品及类似物品", "A0999", "箱") == (
            first.project,
            first.item,
            first.catalogue_code,
            first.unit,
        )
        assert (Decimal("50.00"), Decimal("0.02"), Decimal("1.00")) == (
            first.quantity,
            first.unit_price.amount,
            first.amount.amount,
        )
        assert "增值电信服务" == lines[-1].item
        assert self.budget.procurement_total is not None
        assert Decimal("4.39") == self.budget.procurement_total.money.amount

    def test_targets_units_assets_glossary(self) -> None:
        """Three target tables, two units, fixed assets 52.60, nine duties, ten glossary terms."""
        assert self.budget.targets is not None
        assert ["群众工作中心日常经费", "信访局劳务派遣人员经费", "驻访专项业务经费"] == [
            p.name for p in self.budget.targets.projects
        ]
        assert ["曲阳县信访局", "曲阳县信访局事业"] == [u.name for u in self.budget.units]
        assert self.budget.fixed_assets_total is not None
        assert Decimal("52.60") == self.budget.fixed_assets_total.money.amount
        assert 9 == len(self.budget.duties)
        assert 10 == len(self.budget.glossary)
        assert "“三公”经费" == self.budget.glossary[6][0]

    def test_published_strings_are_kept(self) -> None:
        """Target texts keep the source's spelling: ≥95百分之比 and the typo 数站."""
        projects = self.budget.targets.projects  # type: ignore[union-attr]
        texts = [i.target.text for p in projects for i in p.indicators]
        assert "≥95百分之比" in texts
        descriptions = [i.description for p in projects for i in p.indicators]
        assert any("数站" in d for d in descriptions)

    def test_bundled_copy_is_the_seed(self) -> None:
        """The packaged document is the shared seed, byte for byte (same SHA-256)."""
        data = datasets.quyang_2020_text().encode("utf-8")
        assert SEED_SHA256 == hashlib.sha256(data).hexdigest()


class TestErrors:
    """A document that is not a disclosure reports every missing statement at once."""

    def test_missing_statements_are_all_listed(self) -> None:
        """Missing income and expenditure statements are both reported, naming what was expected."""
        text = "某某局\n2021年部门预算信息公开情况说明\n没有数字。\n"
        with pytest.raises(TableError) as caught:
            read_disclosure_text(text, source="x.txt")
        messages = [p.message for p in caught.value.problems]
        assert any("预算收入" in m for m in messages)
        assert any("支出预算" in m for m in messages)
        assert all(p.where.file == "x.txt" for p in caught.value.problems)

    def test_gb18030_file_reads(self, tmp_path: Path) -> None:
        """A GB18030-encoded file reads like its UTF-8 original."""
        path = tmp_path / "seed.txt"
        path.write_bytes(datasets.quyang_2020_text().encode("gb18030"))
        assert datasets.quyang_2020_budget().income == read_disclosure_file(path).income


class TestTextTables:
    """Tables in the text form of a converted document."""

    def test_rows_cells_and_continuations(self) -> None:
        """Tab lines are cells, a blank line ends a row, an untabbed line continues a cell."""
        doc = "标题\n\t一级指标\n\t指标值\n\n\t产出指标\n\t8人\n第二段\n\n正文\n"
        tables = list(text_tables(doc))
        assert [(("一级指标", "指标值"), ("产出指标", "8人\n第二段"))] == [t.rows for t in tables]
        assert (2, 5) == tables[0].row_lines

    def test_heading_ends_a_table(self) -> None:
        """A section heading right after a row is not swallowed into the last cell."""
        doc = "\ta\n\tb\n 七、国有资产信息\n\tc\n"
        tables = list(text_tables(doc))
        assert [(("a", "b"),), (("c",),)] == [t.rows for t in tables]


class TestCommand:
    """``perftarget audit``."""

    def test_bundled_audit_passes(self) -> None:
        """Without a file the bundled disclosure is audited and the command exits 0."""
        out = StringIO()
        assert 0 == main(["audit", "--format", "json"], out=out)
        data = json.loads(out.getvalue())
        assert data["passed"] is True
        assert [] == data["findings"]
        assert {"code", "title", "equation", "left", "right", "passed", "where"} <= set(
            data["checks"][0]
        )

    def test_broken_file_exits_1_with_findings(self, tmp_path: Path) -> None:
        """A disclosure whose basic expenditure does not add up exits 1 with a PT204 finding."""
        text = datasets.quyang_2020_text().replace("基本支出104.22万元", "基本支出105.22万元")
        path = tmp_path / "broken.txt"
        path.write_text(text, encoding="utf-8")
        out = StringIO()
        assert 1 == main(["audit", str(path), "--format", "json"], out=out)
        findings = json.loads(out.getvalue())["findings"]
        assert {"PT203", "PT204"} <= {f["code"] for f in findings}
        assert {"code", "severity", "message", "where", "location"} == set(findings[0])

    def test_unreadable_file_exits_2(self, tmp_path: Path) -> None:
        """A file that is no disclosure exits 2."""
        path = tmp_path / "empty.txt"
        path.write_text("nothing here", encoding="utf-8")
        assert 2 == main(["audit", str(path)], out=StringIO())

    def test_english_text_output(self) -> None:
        """--lang en labels the checks in English."""
        out = StringIO()
        main(["audit", "--lang", "en"], out=out)
        assert "basic = personnel + public expenditure" in out.getvalue()
