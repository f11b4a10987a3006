"""Kiosk pages: what each screen shows, the page it gets and the version file it polls."""

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cwgk import pipeline
from cwgk.kiosk import KioskRenderer, calendar_years, select
from cwgk.kiosk_settings import KioskSettings
from cwgk.render import make_environment
from cwgk.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
DAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo():
    """The demo records built for 2026-11-24 without history (the kiosk does not use it)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CWGK_HISTORY", "off")
        project = pipeline.Project(
            root=ROOT,
            settings=load_settings(ROOT / "mkdocs.yml"),
            docs_dir=ROOT / "site_src",
            site_url="http://cwgk.example.cn/",
        )
        return project, pipeline.build(project, on=DAY)


def profile(**changes):
    return KioskSettings(**changes).pages()[0][1]


def test_records_in_notice_come_first_soonest_ending_first_then_the_latest(demo):
    _, result = demo
    chosen = select(result.entries, profile(latest=3))
    heads = [(e.record.title, e.status) for e in chosen[:2]]
    assert heads == [
        ("2026年第三季度安全生产奖分配方案公示", "公示中"),  # ends 11-24
        ("2026年高校毕业生招聘拟聘人员名单公示", "公示中"),  # ends 11-30
    ]
    rest = chosen[2:]
    assert len(rest) == 3
    assert all(e.status not in ("公示中", "未开始") for e in rest)
    assert [e.record.published_on for e in rest] == sorted(
        (e.record.published_on for e in rest), reverse=True
    )


def test_screens_show_only_records_in_force_for_their_audience_and_kinds(demo):
    _, result = demo
    everything = select(result.entries, profile(latest=50))
    assert all(e.record.validity == "有效" for e in everything)
    assert all(e.record.audience == "全体职工" for e in everything)
    assert not any("疗休养" in e.record.title for e in everything)  # 已撤回
    workshop = select(
        result.entries,
        profile(latest=50, audiences=["全体职工", "本部门"], departments=["第一车间"]),
    )
    local = [e for e in workshop if e.record.audience == "本部门"]
    assert [e.record.title for e in local] == ["第一车间2026年10月班组绩效考核结果公示"]
    other = select(
        result.entries,
        profile(latest=50, audiences=["全体职工", "本部门"], departments=["第二车间"]),
    )
    assert not [e for e in other if e.record.audience == "本部门"]
    only = select(result.entries, profile(latest=50, kinds=["业务招待费使用情况"]))
    assert only and {e.group.slug for e in only} == {"hospitality"}


def test_calendar_years_cover_every_period_shown_and_the_year_ahead(demo):
    _, result = demo
    chosen = select(result.entries, profile(latest=50))
    years = calendar_years(chosen, DAY)
    periods = [e.record.notice_period for e in chosen if e.record.notice_period is not None]
    assert len(periods) >= 30
    for period in periods:  # every day of every 公示期 shown lies in a year the screen has
        assert {period.start.year, period.end.year} <= set(years), (period.start, period.end)
    # The demo's periods run from 2024-01-22 to 2026-11-30 (one across 2024/25); then 2027 ahead.
    assert years == [2024, 2025, 2026, 2027]
    # A screen showing only one old 公示期 across a new year gets both its years, and no other
    # than this year and the next.
    old = next(e for e in chosen if e.record.notice_period is not None)
    across = old.record.notice_period.model_copy(
        update={"start": date(2019, 12, 30), "end": date(2020, 1, 3)}
    )
    shown = replace(old, record=old.record.model_copy(update={"notice_period": across}))
    assert calendar_years([shown], DAY) == [2019, 2020, 2026, 2027]
    assert calendar_years([], DAY) == [2026, 2027]


def test_build_writes_a_page_and_version_file_per_profile(demo):
    _, result = demo
    files = result.site.files
    for name in ("kiosk/", "kiosk/workshop-1/"):
        page, version = files[name + "index.html"], json.loads(files[name + "version.json"])
        assert f'<meta name="cwgk-kiosk-version" content="{version["version"]}">' in page
        assert "<svg" in page  # QR codes, made at build time
    assert "第一车间公开栏" in files["kiosk/workshop-1/index.html"]
    assert "第一车间2026年10月班组绩效考核" in files["kiosk/workshop-1/index.html"]
    assert "第一车间2026年10月班组绩效考核" not in files["kiosk/index.html"]
    config = json.loads(
        re.search(r'<script type="application/json" id="k-config">(.*?)</script>',
                  files["kiosk/workshop-1/index.html"], re.S).group(1)
    )  # fmt: skip
    assert config["off_screen"] == "clock" and config["calendar"]["utc_offset_minutes"] == 480
    assert config["schedule"][0] == {"days": ["工作日"], "start": "07:00", "end": "23:30"}
    assert "2026-10-01" in config["calendar"]["off"]


def _render(project, entries, **changes):
    settings = replace_settings(project.settings, **changes)
    renderer = KioskRenderer(
        settings, make_environment(project.templates_dir), _moment(), "http://cwgk.example.cn/"
    )
    return renderer.render(entries)


def replace_settings(settings, **changes):
    return settings.model_copy(update=changes)


def _moment():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(2026, 11, 24, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_version_changes_only_when_what_a_screen_shows_changes(demo):
    project, result = demo
    first = _render(project, result.entries)
    again = _render(project, result.entries)
    assert first["kiosk/version.json"] != ""
    assert (
        json.loads(first["kiosk/version.json"])["version"]
        == json.loads(again["kiosk/version.json"])["version"]
    )
    shown = select(result.entries, project.settings.kiosk.pages()[0][1])[0]
    edited = [
        replace(e, record=e.record.model_copy(update={"title": e.record.title + "（更正）"}))
        if e is shown
        else e
        for e in result.entries
    ]
    changed = _render(project, edited)
    assert json.loads(changed["kiosk/version.json"]) != json.loads(first["kiosk/version.json"])
    # A record no screen shows (withdrawn) changes nothing for the screens.
    hidden = next(e for e in result.entries if e.record.validity == "已撤回")
    quiet = [
        replace(e, record=e.record.model_copy(update={"summary": "另一段概述文字。"}))
        if e is hidden
        else e
        for e in result.entries
    ]
    assert _render(project, quiet)["kiosk/version.json"] == first["kiosk/version.json"]


def test_page_is_self_contained_light_and_loads_no_search_index(demo):
    _, result = demo
    page = result.site.files["kiosk/index.html"]
    assert "<script src" not in page and 'rel="stylesheet"' not in page
    assert "search_index" not in page and "http" not in page.split('<div id="k-source"')[0]
    # "Before QR codes and data": without the slides and the settings/calendar JSON.
    shell = re.sub(
        r'<div id="k-source" hidden>.*?(?=<p class="k-empty-template")', "", page, flags=re.S
    )
    shell = re.sub(r'(id="k-config">).*?(?=</script>)', r"\1", shell, flags=re.S)
    assert len(shell.encode()) < 200 * 1024, len(shell.encode())
    # In fact far below the limit (the bootstrap that verifies pages included): keep it that way.
    assert len(shell.encode()) < 40 * 1024
    assert len(page.encode()) < 300 * 1024  # with 20 slides, their QR codes and the calendar


def test_without_a_site_address_slides_show_the_path_and_check_says_why(demo, tmp_path):
    project, result = demo
    renderer = KioskRenderer(project.settings, make_environment(project.templates_dir), _moment())
    page = renderer.render(result.entries)["kiosk/index.html"]
    assert "<svg" not in page and "全文见本站：../records/gh-2026-00011/" in page
    advice = pipeline.advice(replace(project, site_url=""))
    assert advice and advice[0].severity == "提示" and "二维码" in advice[0].message
    assert advice[0].format().startswith("mkdocs.yml: 提示 字段「site_url」")
    assert pipeline.advice(project) == []


def test_a_page_carries_what_a_screen_checks_before_adopting_it(demo):
    """boot.js adopts a fetched page only when it ends with the end marker, its version is the
    announced one and the SHA-256 of the page with the version blanked, and it holds as many
    slides as its settings say."""
    import hashlib

    from cwgk.kiosk import seal, unseal

    _, result = demo
    for name in ("kiosk/", "kiosk/workshop-1/"):
        page = result.site.files[name + "index.html"]
        version = json.loads(result.site.files[name + "version.json"])["version"]
        assert re.fullmatch(r"[0-9a-f]{16}", version)
        end = re.search(
            r'<i id="k-end" hidden data-version="([0-9a-f]{16})"></i>\s*</body>\s*</html>\s*$', page
        )  # the expression boot.js uses
        assert end and end.group(1) == version
        blank = unseal(page, version)
        assert hashlib.sha256(blank.encode()).hexdigest()[:16] == version
        assert seal(blank) == (page, version)
        config = json.loads(re.search(r'id="k-config">(.*?)</script>', page, re.S).group(1))
        assert config["slides"] == page.count('<section class="k-slide"') > 0
        # The bootstrap runs first, before anything a cut-off could take away.
        assert page.index("cwgkKiosk") < page.index("<style>") < page.index('id="k-source"')
