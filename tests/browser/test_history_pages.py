"""What an employee sees of a record's history: dates, every update with its field changes, the raw
change one click away, earlier versions at their own address, the 更新记录 page and the feed."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from browser_helpers import screenshot

pytestmark = pytest.mark.browser
RECORD = "records/gh-2026-00006/"


def test_record_edited_three_times_shows_three_dated_updates(page, base_url):
    page.goto(urljoin(base_url, RECORD))
    dates = page.locator(".cwgk-dates > span").all_inner_texts()
    assert dates == ["发布于 2026年7月13日", "最后更新于 2026年11月20日"]

    # A recent correction is announced on top, in the 原…现更正为… form, with its note.
    notice = page.locator(".cwgk-correction")
    assert notice.is_visible()
    assert (
        "本公开事项于2026年11月20日更正：部门明细「销售部」人次原为28，现更正为30"
        in notice.inner_text()
    )
    assert "销售部接待人次统计有误" in notice.inner_text()

    updates = page.locator("details.cwgk-updates")
    summary = updates.locator("summary").first
    assert summary.inner_text() == "查看全部 3 次更新"
    items = updates.locator("li.cwgk-update")
    assert not items.first.is_visible()  # collapsed until asked for
    summary.click()
    assert items.count() == 4  # three updates and the first publication
    heads = [h.strip() for h in updates.locator(".cwgk-update__head").all_inner_texts()]
    assert [h.split()[0:2] for h in heads] == [
        ["2026年11月20日", "更正"],
        ["2026年8月3日", "文字修订"],
        ["2026年7月20日", "更正"],
        ["2026年7月13日", "首次发布"],
    ]
    first_fix = items.nth(2)
    fields = first_fix.locator(".cwgk-update__fields li").all_inner_texts()
    assert "实际支出：168,740.36元 → 169,240.36元" in fields
    assert "部门明细「采购部」金额：11,071.20元 → 11,571.20元" in fields
    assert "主要开支项目「礼品及其他」金额：11,811.83元 → 12,311.83元" in fields
    assert "采购部一笔 500.00 元的接待费漏记" in first_fix.inner_text()
    wording = items.nth(1)
    assert "合规说明" in wording.inner_text() and "票据齐全" in wording.inner_text()
    assert wording.locator(".cwgk-update__fields li").count() == 1

    # The raw text change is one click away.
    raw = first_fix.locator("details.cwgk-rawdiff")
    assert not raw.locator("pre").is_visible()
    raw.locator("summary").click()
    added = raw.locator(".cwgk-diff--add").all_inner_texts()
    assert "+实际支出: 169240.36" in added
    assert "-实际支出: 168740.36" in raw.locator(".cwgk-diff--del").all_inner_texts()
    screenshot(page, "record-history")

    # Each earlier version has its own page.
    first_fix.locator("a.cwgk-update__link").click()
    page.wait_for_load_state()
    assert re.search(r"/records/gh-2026-00006/versions/2026-07-20-[0-9a-f]{7}/$", page.url)
    banner = page.locator(".cwgk-old-version")
    assert "这是本记录的历史版本（第2版，2026年7月20日），不是现行版本" in banner.inner_text()
    assert "169,240.36" in page.locator("article").inner_text()  # that version's figures
    banner.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(RECORD)
    assert page.outside == []


def test_updates_page_and_feed(page, base_url):
    page.goto(base_url)
    page.get_by_role("link", name="更新记录").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/updates/")
    first = page.locator(".cwgk-news__item").first
    assert (
        "更正" in first.inner_text() and "2026年上半年业务招待费使用情况公示" in first.inner_text()
    )
    assert "销售部接待人次统计有误" in first.inner_text()
    # The wording fix is not news.
    assert "2026年8月3日" not in page.locator(".cwgk-news").inner_text()
    assert page.locator(".cwgk-pager").count() == 1  # 42 publications + 2 corrections > 30
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    response = page.request.get(urljoin(page.url, feed))
    assert response.ok and "【更正】2026年上半年业务招待费使用情况公示" in response.text()
    assert page.outside == []
