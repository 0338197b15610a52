"""
The main job, ``perftarget demo``, run in a fresh process as the README says.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run_demo(out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m perftarget.cli demo --out OUT`` in a new interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "perftarget.cli", "demo", "--out", str(out), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The demo's result and its output directory."""
    out = tmp_path_factory.mktemp("demo") / "report"
    return run_demo(out), out


class TestDemo:
    """``perftarget demo`` with no other argument."""

    def test_exits_zero_without_errors(
        self, demo: tuple[subprocess.CompletedProcess[str], Path]
    ) -> None:
        """The demo exits 0 and writes nothing to standard error."""
        result, _ = demo
        assert (0, "") == (result.returncode, result.stderr)

    def test_prints_every_part_of_the_job(
        self, demo: tuple[subprocess.CompletedProcess[str], Path]
    ) -> None:
        """The output has the three target tables, the review, the audit and the scorecard."""
        text = demo[0].stdout
        for expected in (
            "曲阳县信访局 2020 绩效目标表 (3 个项目)",
            "群众工作中心日常经费 (30.00万元)",
            "信访局劳务派遣人员经费 (29.43万元)",
            "驻访专项业务经费 (29.58万元)",
            "== 2. 目标审核 ==",
            "PT105",
            "== 3. 公开数据核算",
            "193.23 = 104.22 + 89.01 (= 193.23)",
            "24 项检查，0 项不符，0 条发现。",
            "义务教育营养改善计划专项资金",
            "总分: 99.80",
            "公布总分: 96.00",
            "等级: 优",
            "PT331",
            "== 5. 绩效运行监控：2020年1-6月（构造数据） ==",
            "驻访专项业务经费 [红灯]",
            "PT402 警告: 预算执行率 39.08%",
            "红灯项目预算 29.58万元",
        ):
            assert expected in text

    def test_writes_the_monitoring_record(
        self, demo: tuple[subprocess.CompletedProcess[str], Path]
    ) -> None:
        """monitoring.json holds the round in the monitor command's JSON contract."""
        import json

        record = json.loads((demo[1] / "monitoring.json").read_text(encoding="utf-8"))
        assert ["profile", "as_of", "projects", "summary"] == list(record)
        assert ("central", "2020-06-30") == (record["profile"], record["as_of"])
        assert ["green", "yellow", "red"] == [p["light"] for p in record["projects"]]

    def test_ends_with_the_report_path(
        self, demo: tuple[subprocess.CompletedProcess[str], Path]
    ) -> None:
        """The last line names the HTML report, which exists in --out."""
        result, out = demo
        last = result.stdout.rstrip().splitlines()[-1]
        assert f"HTML 报告已写入: {out.resolve() / 'index.html'}" == last
        assert (out / "index.html").is_file()

    def test_html_report_is_self_contained(
        self, demo: tuple[subprocess.CompletedProcess[str], Path]
    ) -> None:
        """The page has the tables, a print style, and charts inline or a note why not."""
        page = (demo[1] / "index.html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert "@media print" in page
        assert page.count("<table>") >= 7
        assert "义务教育营养改善计划专项资金" in page
        assert "99.80" in page
        assert "绩效运行监控：2020年1-6月（构造数据）" in page
        assert "驻访专项业务经费" in page
        assert 'src="http' not in page
        assert "<link" not in page
        assert ("<svg" in page) or ("图表不可用" in page)

    def test_english(self, tmp_path: Path) -> None:
        """--lang en labels the whole job in English."""
        result = run_demo(tmp_path / "en", "--lang", "en")
        assert 0 == result.returncode
        assert "total: 99.80" in result.stdout
        assert "grade: excellent" in result.stdout
        assert result.stdout.rstrip().endswith(str((tmp_path / "en" / "index.html").resolve()))


def test_html_opens_in_headless_chromium(tmp_path: Path) -> None:
    """scripts/check_html.py renders the report in Chromium with every glyph present."""
    import shutil

    if shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed: apt-get install chromium fonts-noto-cjk")
    script = Path(__file__).parents[1] / "scripts" / "check_html.py"
    shot = tmp_path / "report.png"
    result = subprocess.run(
        [sys.executable, str(script), "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert 0 == result.returncode, result.stdout + result.stderr
    assert shot.stat().st_size > 10_000
