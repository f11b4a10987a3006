"""Opinions and answers as an employee finds them: on the disclosure, and on the 意见答复 page."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from browser_helpers import screenshot

pytestmark = pytest.mark.browser

HOSPITALITY = "records/gh-2026-00006/"  # edited in the demo repo; YJ/2026-900 led to its correction


def test_disclosure_page_counts_opinions_and_links_the_correction_they_led_to(page, base_url):
    page.goto(base_url + HOSPITALITY)
    summary = page.locator("details.cwgk-opinions > summary")
    assert summary.inner_text() == "收到意见 2 条，已答复 2 条"
    opinion = page.locator("#yj-2026-900")
    assert not opinion.is_visible()  # folded until asked for
    summary.click()
    assert opinion.is_visible()
    assert "已采纳" in opinion.inner_text() and "漏记" in opinion.inner_text()
    assert "未采纳" in page.locator("#yj-2026-001").inner_text()
    # The opinion leads to the correction in the record's history, and back.
    opinion.locator(".cwgk-opinion__correction a").click()
    assert page.url.split("#", 1)[1].startswith("update-2026-07-20-")
    target = page.locator(f"#{page.url.split('#', 1)[1]}")
    assert target.is_visible()  # the history list opened itself at the right update
    assert "采购部一笔 500.00 元的接待费漏记" in target.inner_text()
    back = target.locator(".cwgk-update__opinion")
    assert back.inner_text() == "（据职工意见 YJ/2026-900 更正）"
    back.click()
    assert page.url.endswith("#yj-2026-900")
    screenshot(page, "opinions-on-record")
    assert page.outside == []


def test_prepared_mail_carries_the_index_number_and_title(page, base_url):
    page.goto(base_url + "records/gh-2026-00009/")
    href = page.locator(".cwgk-notice a.cwgk-mailto").get_attribute("href")
    assert href.startswith("mailto:gonghui@mjzj.example.cn?subject=")
    subject = unquote(href.split("subject=", 1)[1].split("&", 1)[0])
    assert subject == "对《2026年高校毕业生招聘拟聘人员名单公示》（GH/2026-00009）的意见"
    assert "索引号：GH/2026-00009" in unquote(href.split("body=", 1)[1])


def test_opinions_page_filters_by_status_and_kind_and_keeps_them_in_the_address(page, base_url):
    page.goto(base_url + "opinions/")
    items = page.locator(".cwgk-opinion-item")
    total = items.count()
    assert total >= 8
    counts = page.locator("#cwgk-opinion-counts tbody tr").first.inner_text().split()
    assert counts[0] == "2026年"
    page.select_option("select[name=status]", "办理中")
    visible = page.locator(".cwgk-opinion-item:visible")
    assert visible.count() == 2
    assert all(
        s in ("已收到", "已转交")
        for s in visible.locator(".cwgk-opinion__status").all_inner_texts()
    )
    assert unquote(page.url).endswith("?status=办理中")
    assert page.locator(".cwgk-filter__count").inner_text() == f"显示 2 条，共 {total} 条"
    page.select_option("select[name=kind]", "bonus")
    assert [t.split()[0] for t in visible.all_inner_texts()] == ["YJ/2026-005"]
    page.reload()  # the filter is in the address: a reload (or a shared link) keeps it
    assert page.locator("select[name=status]").input_value() == "办理中"
    assert page.locator("select[name=kind]").input_value() == "bonus"
    assert page.locator(".cwgk-opinion-item:visible").count() == 1
    page.select_option("select[name=status]", "未采纳")
    assert page.locator(".cwgk-opinion-item:visible").count() == 0
    assert page.locator(".cwgk-filter__none").is_visible()
    page.select_option("select[name=kind]", "")
    page.select_option("select[name=status]", "")
    assert page.locator(".cwgk-opinion-item:visible").count() == total
    assert "?" not in page.url
    link = page.locator(".cwgk-opinion-item", has_text="YJ/2026-002").locator("a.cwgk-item__title")
    link.click()
    assert page.url.endswith("records/gh-2026-00010/#yj-2026-002")
    screenshot(page, "opinions-page")
    assert page.outside == []
