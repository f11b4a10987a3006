"""Dates as employees read them: live 公示 status with working days, and the filtered archive.

The demo site was built on 2026-11-23; every status below is worked out by the browser's clock."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import unquote

import pytest
from browser_helpers import screenshot
from pinned_clock import stop_at

pytestmark = pytest.mark.browser

RESULT = "records/gh-2026-00009/"  # 公示期 2026-11-20 … 11-30 17:30
BONUS = "GH/2026-00011"  # 公示期 2026-11-18 … 11-24


def visible_numbers(page) -> list[str]:
    return page.locator(".cwgk-item:visible .cwgk-item__no").all_inner_texts()


def test_status_counts_working_days_and_ends_at_the_stated_time(page, base_url):
    stop_at(page, "2026-11-25T09:00:00+08:00")
    page.goto(base_url + RESULT)
    status = page.locator(".cwgk-notice .cwgk-status")
    assert status.inner_text() == "公示中（剩余4个工作日）"  # Wed, Thu, Fri, Mon
    assert "（7个工作日）" in page.locator(".cwgk-notice__period").inner_text()
    page.clock.pause_at(datetime.fromisoformat("2026-11-30T17:00:00+08:00"))
    page.clock.run_for(61_000)
    assert status.inner_text() == "公示中（今天17:30截止）"
    page.clock.run_for(31 * 60_000)  # past 17:30, no reload
    assert status.inner_text() == "公示期满"
    assert "cwgk-status--closed" in status.get_attribute("class")


def test_without_javascript_the_dates_are_shown(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + RESULT)
    assert page.locator(".cwgk-notice .cwgk-status").inner_text() == "公示11月20日至11月30日"
    assert "2026年11月20日至2026年11月30日17:30止" in page.locator(".cwgk-notice").inner_text()
    context.close()


def test_archive_filters_by_live_status_unit_and_year_and_keeps_them(page, base_url, entries):
    stop_at(page, "2026-11-25T09:00:00+08:00")
    page.goto(base_url + "archive/")
    total = page.locator(".cwgk-item").count()
    assert total == len(entries)
    page.select_option("select[name=status]", "open")
    # The bonus plan was in 公示 on the build day; on the reader's day it has ended.
    assert sorted(visible_numbers(page)) == ["GH/2026-00009", "GH/2026-00014"]
    assert unquote(page.url).endswith("archive/?status=open")
    assert page.locator("h3:visible").all_inner_texts() == ["2026年11月"]
    page.select_option("select[name=status]", "")
    page.select_option("select[name=unit]", "财务部")
    finance = [e.index_no for e in entries if "财务部" in e.record.issuers]
    assert sorted(visible_numbers(page)) == sorted(finance)
    assert (
        page.locator(".cwgk-filter__count").inner_text() == f"显示 {len(finance)} 条，共 {total} 条"
    )
    page.select_option("select[name=year]", "2024")
    assert sorted(visible_numbers(page)) == sorted(
        e.index_no
        for e in entries
        if "财务部" in e.record.issuers and e.record.published_on.year == 2024
    )
    assert page.locator("h2:visible", has_text="年").all_inner_texts() == ["2024年"]
    page.reload()  # kept in the address
    assert page.locator("select[name=unit]").input_value() == "财务部"
    assert page.locator("select[name=year]").input_value() == "2024"
    page.select_option("select[name=kind]", "recruitment")
    page.select_option("select[name=status]", "open")
    assert visible_numbers(page) == []
    assert page.locator(".cwgk-filter__none").is_visible()
    screenshot(page, "archive-filtered")
    assert page.outside == []


def test_a_kind_page_opened_with_a_year_in_its_address_shows_that_year(page, base_url, entries):
    page.goto(base_url + "kinds/telecom/?year=2025")
    assert page.locator("select[name=year]").input_value() == "2025"
    shown = visible_numbers(page)
    assert shown and sorted(shown) == sorted(
        e.index_no
        for e in entries
        if e.group.slug == "telecom" and e.record.published_on.year == 2025
    )
    headings = page.locator(".md-content h2:visible").all_inner_texts()
    assert headings == ["2025年"]
    assert BONUS not in shown


def test_catalogue_flags_an_item_that_became_overdue_after_the_build(page, base_url):
    page.goto(base_url + "catalogue/")
    row = page.locator("#cwgk-catalogue tbody tr", has_text="中层领导通讯费")
    assert row.locator(".cwgk-due").inner_text() == "按期"
    assert "2027年1月15日前" in row.inner_text()
    assert "2026年第三季度中层领导通讯费发放情况公示" in row.inner_text()


def test_catalogue_overdue_by_the_readers_date(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    stop_at(page, "2027-02-01T09:00:00+08:00")
    page.goto(base_url + "catalogue/")
    due = page.locator("#cwgk-catalogue tbody tr", has_text="中层领导通讯费").locator(".cwgk-due")
    assert due.inner_text() == "逾期17天"
    assert "cwgk-due--overdue" in due.get_attribute("class")
    event = page.locator("#cwgk-catalogue tbody tr", has_text="奖金分配方案").locator(".cwgk-due")
    assert event.inner_text() == "按需"
    screenshot(page, "catalogue-overdue")
    context.close()


def test_stats_page_charts_read_on_a_pc_and_scroll_on_a_phone(browser, base_url, entries):
    for width, phone in ((1366, False), (390, True)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base_url + "stats/")
        counts = page.locator(".cwgk-table tfoot").first.locator("td").all_inner_texts()
        assert counts[-1] == str(len(entries))  # counted from the records
        chart = page.locator("#chart-telecom")
        bars = chart.locator("rect.cwgk-chart__bar")
        telecom = [e for e in entries if e.group.slug == "telecom"]
        assert bars.count() == len(telecom)
        assert "2026年三季度 发生金额" in bars.last.locator("title").text_content()
        scroll = chart.locator(".cwgk-chart__scroll")
        overflow = scroll.evaluate("el => el.scrollWidth > el.clientWidth + 1")
        assert overflow is phone  # a phone scrolls the chart sideways instead of shrinking it
        label_px = chart.locator("text.cwgk-chart__cat").first.evaluate(
            "el => el.getBoundingClientRect().height"
        )
        assert label_px >= 11, label_px
        screenshot(page, f"stats-{'phone' if phone else 'pc'}")
        context.close()
