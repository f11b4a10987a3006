"""The public site: internal records, internal tables and taken-down lists appear in no file of it
— pages, version pages, search index, sitemap, feeds, kiosk — while the internal site has them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from cwgk.cli import atomic_build
from pinned_clock import pinned_env

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from demo_repo import make_demo_repo  # noqa: E402


def output_text(site: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json", ".js", ".txt")
    )


def unique_values(path: Path, pattern: str) -> list[str]:
    """Values from one demo file that no other demo file contains (so seeing them means a leak)."""
    mine = re.findall(pattern, path.read_text(encoding="utf-8"), flags=re.M)
    others = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*.yaml") if p != path
    )
    return [v for v in dict.fromkeys(mine) if v not in others]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    config = make_demo_repo(tmp_path_factory.mktemp("publication"))
    built = {}
    for edition in ("公开", "内部"):
        site = config.parent / f"site-{edition}"
        # Both set for the build only; whatever the environment held before is put back.
        with pinned_env("2026-11-24"), pytest.MonkeyPatch.context() as env:
            env.setenv("CWGK_EDITION", edition)
            assert atomic_build(config, site) == 0
        built[edition] = output_text(site)
    return built


def leaks() -> dict[str, list[str]]:
    bonus = ROOT / "data" / "bonus" / "2026-q4.yaml"
    result = ROOT / "data" / "recruitment" / "2024-result.yaml"
    amounts = unique_values(bonus, r"^  金额: (\d+(?:\.\d+)?)$")
    return {
        "internal record": ["巡视检查问题清单", "除尘罩吸风量不足", "装配车间夜班休息室"],
        "internal table": [f"{float(a):,.2f}" for a in amounts],
        "taken-down list": unique_values(result, r"^  (?:姓名|准考证号): '?([^'\n]+)'?$"),
    }


def occurs(value: str, text: str) -> bool:
    """As a whole value: 9,600.00 is not found inside 739,600.00."""
    return re.search(rf"(?<![\d,.]){re.escape(value)}(?![\d])", text) is not None


def test_the_values_checked_exist_in_the_internal_site(sites):
    for what, values in leaks().items():
        assert len(values) >= 2, what
        for value in values:
            assert occurs(value, sites["内部"]), (what, value)


def test_no_internal_value_occurs_anywhere_in_the_public_site(sites):
    for what, values in leaks().items():
        for value in values:
            assert not occurs(value, sites["公开"]), (what, value)


def test_the_public_site_says_what_was_withheld_and_keeps_totals(sites):
    public = sites["公开"]
    assert "名单已于2024年12月31日从公开网站撤下" in public
    assert "本项只在内部网站公开，这里只显示汇总数" in public
    bonus = (ROOT / "data" / "bonus" / "2026-q4.yaml").read_text(encoding="utf-8")
    total = sum(float(a) for a in re.findall(r"^  金额: (\d+(?:\.\d+)?)$", bonus, flags=re.M))
    assert f"{total:,.2f}" in public  # the aggregate is public


def test_take_down_applies_after_its_day_and_only_on_the_public_site(mini):
    from datetime import date

    from cwgk import pipeline
    from cwgk.settings import SiteSettings

    result = (ROOT / "data" / "recruitment" / "2026-result.yaml").read_text(encoding="utf-8")
    plan = (ROOT / "data" / "recruitment" / "2026-plan.yaml").read_text(encoding="utf-8")
    mini.write("plan.yaml", plan)
    mini.write("result.yaml", result + "名单撤下日期: 2026-12-31\n")
    page = "records/gh-2026-00009.md"
    before = pipeline.build(mini.project, on=date(2026, 12, 31)).site.pages[page]
    after = pipeline.build(mini.project, on=date(2027, 1, 1)).site.pages[page]
    assert "洪凯" in before and "名单已于" not in before
    assert "洪凯" not in after and "名单已于2026年12月31日从公开网站撤下" in after
    mini.project.settings = SiteSettings(edition="内部")
    assert "洪凯" in pipeline.build(mini.project, on=date(2027, 1, 1)).site.pages[page]


def test_what_may_be_withheld_is_checked(mini):
    from record_samples import ENVELOPE, HOSPITALITY

    mini.write("h.yaml", HOSPITALITY + "内部字段: [明细]\n")
    mini.write("n.yaml", ENVELOPE + "名单撤下日期: 2024-12-31\n")
    messages = sorted(p.format() for p in mini.problems())
    assert any(
        "字段「内部字段[1]」：“明细”不是本类型的表格" in m and "主要开支项目、部门明细" in m
        for m in messages
    ), messages
    assert any("字段「名单撤下日期」：“通知公告”没有人员名单可撤下" in m for m in messages), (
        messages
    )
