"""What an employee sees: the home page, a record page, Chinese search, navigation, offline."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser_helpers import screenshot

pytestmark = pytest.mark.browser


def by_title(entries, part):
    return next(e for e in entries if part in e.record.title)


def test_home_lists_latest_records_newest_first(page, base_url, entries):
    page.goto(base_url)
    latest = page.locator("h2#最新公开 + ul.cwgk-list .cwgk-item__title")
    titles = latest.all_inner_texts()
    assert titles == [e.record.title for e in entries[:12]]
    open_now = page.locator(".cwgk-open .cwgk-item:visible .cwgk-item__title").all_inner_texts()
    assert "2026年第三季度安全生产奖分配方案公示" in open_now
    screenshot(page, "home-pc")
    assert page.outside == []


def test_record_page_shows_metadata_tables_and_notice_period(page, base_url, entries):
    entry = by_title(entries, "2025年上半年业务招待费")
    page.goto(base_url + entry.url)
    meta = page.locator("table.cwgk-meta")
    assert meta.locator("td.cwgk-index-no").inner_text() == entry.index_no
    assert "2025年7月14日" in meta.inner_text()
    rows = page.locator("h2#部门明细 + .cwgk-table tbody tr")
    assert rows.count() == len(entry.record.departments)
    assert (
        page.locator("h2#部门明细 + .cwgk-table tfoot")
        .inner_text()
        .count(f"{entry.record.spent:,.2f}")
        == 1
    )
    notice = page.locator(".cwgk-notice").inner_text()
    assert "2025年7月14日至2025年7月18日17:30止" in notice and "公司工会" in notice
    assert "比上年" in page.locator(".cwgk-summary").inner_text()
    assert page.locator(".cwgk-closing").inner_text().startswith("特此公示。")
    screenshot(page, "record-hospitality")


def search(page, base_url, query):
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # fill() sends no key events; the theme's search listens for them
    # The meta line reads 正在初始化… until the index is loaded, then "N 个符合条件的结果".
    page.locator(".md-search-result__meta").filter(has_text="结果").wait_for()
    # On a loaded machine the list can be filled a moment after the count line: give it that.
    items = page.locator(".md-search-result__item > a")
    if not items.count() and "没有" not in page.locator(".md-search-result__meta").inner_text():
        items.first.wait_for(timeout=5000)
    # Result links carry ?h=<query> (search.highlight) and #section: compare site paths only.
    return [
        urlparse(a.get_attribute("href") or "").path.lstrip("/")
        for a in page.locator(".md-search-result__item > a").all()
    ]


@pytest.mark.parametrize(
    ("query", "title_part"),
    [
        ("招待费", "业务招待费使用情况公示"),
        ("第三季度", "2025年第三季度中层领导通讯费"),
        ("季度", "季度中层领导通讯费"),  # tail of the compound 第三季度
        ("考核", "员工绩效考核管理办法"),  # tail of 绩效考核
        ("安全生产奖", "安全生产奖分配方案"),
    ],
)
def test_chinese_search_finds_words_and_compound_tails(page, base_url, entries, query, title_part):
    hrefs = search(page, base_url, query)
    wanted = {e.url for e in entries if title_part in e.record.title}
    assert wanted & set(hrefs), hrefs
    assert page.outside == []


def test_search_finds_person_department_and_index_number(page, base_url, entries):
    telecom = by_title(entries, "2026年第三季度中层领导通讯费")
    person = telecom.record.rows[3].name
    hits = search(page, base_url, person)
    assert telecom.url in hits, (person, hits)

    hits = search(page, base_url, "铸造车间")
    assert any(h.startswith("records/") for h in hits), hits

    hits = search(page, base_url, telecom.index_no)
    assert hits and hits[0] == telecom.url, hits
    screenshot(page, "search-index-no")


def test_phone_navigation_reaches_a_kind_list(browser, base_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(base_url)
    page.locator("label.md-header__button[for=__drawer]").click()
    page.locator(".md-nav--primary label.md-nav__link", has_text="公开栏目").click()
    link = page.locator(".md-nav--primary a.md-nav__link", has_text="中层领导通讯费")
    # The drawer slides the section's panel in (a CSS transition of its position and opacity):
    # click once the panel has come to rest, opaque, with the link inside the screen.
    page.wait_for_function(
        """link => {
            const panel = link.closest('nav.md-nav'), box = link.getBoundingClientRect();
            return panel.getAnimations().length === 0 && getComputedStyle(panel).opacity === '1'
                && box.left >= 0 && box.top >= 0
                && box.right <= innerWidth && box.bottom <= innerHeight;
        }""",
        arg=link.element_handle(),
    )
    link.click()
    page.wait_for_url("**/kinds/telecom/")
    assert page.locator("h1").inner_text() == "中层领导通讯费"
    assert page.locator(".cwgk-item").count() == 11
    screenshot(page, "phone-kind-list")
    context.close()


def test_status_follows_the_browser_clock_not_the_build_day(page, base_url, entries):
    entry = by_title(entries, "2026年第三季度安全生产奖")
    page.clock.install(time="2026-12-10T09:00:00+08:00")
    page.goto(base_url)
    assert (
        page.locator(".cwgk-open .cwgk-item:visible").filter(has_text=entry.record.title).count()
        == 0
    )
    page.goto(base_url + entry.url)
    assert page.locator(".cwgk-notice .cwgk-status").inner_text() == "公示期满"


def test_no_request_leaves_the_site(page, base_url, entries):
    pages = ["", entries[0].url, "kinds/bonus/", "years/2025/", "guide/", "manual/", "archive/",
             "stats/", "catalogue/", "opinions/", "kiosk/", "kiosk/workshop-1/"]  # fmt: skip
    for url in pages:
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
    assert page.outside == []
