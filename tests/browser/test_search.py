"""Search as employees use it: keys typed into the theme's search box on the demo site, in
Chromium; what comes first, what a result shows, what the page downloads."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browser_helpers import screenshot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "search_vectors.json").read_text(encoding="utf-8"))

RESULTS = ".md-search-result__item"
META = ".md-search-result__meta"


@pytest.fixture(scope="module")
def searching(browser, base_url):
    """One page with the search open; `ask(query)` types a query and returns the results."""
    page = browser.new_page()
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")

    def ask(query: str) -> list[dict[str, str]]:
        box.fill("")
        page.locator(META).filter(has_text="键入").wait_for()
        box.fill(query)  # one input, as an input method or a paste gives it
        box.press("End")
        page.locator(META).filter(has_text="结果").wait_for()
        if "没有" not in page.locator(META).inner_text():
            page.locator(RESULTS).first.wait_for()
            # Results show at once and their quotes a moment later (worker.js): wait for those.
            page.wait_for_function(
                "() => document.querySelector('.md-search-result__item article:last-of-type p')",
                timeout=5000,
            )
        return page.evaluate(
            """sel => [...document.querySelectorAll(sel)].map(item => {
                 const first = item.querySelector('article');
                 const articles = item.querySelectorAll('article');
                 const last = articles[articles.length - 1];
                 return {
                   href: new URL(item.querySelector('a').href).pathname.replace(/^\\//, ''),
                   title: first.querySelector('h1,h2').textContent,
                   tags: [...item.querySelectorAll('.md-tag')].map(t => t.textContent),
                   text: last.innerHTML.replace(/^.*<\\/h[12]>/s, '').replace(/<nav.*$/s, ''),
                 };
               })""",
            RESULTS,
        )

    ask.page = page  # type: ignore[attr-defined]
    yield ask
    page.close()


# (query as typed, a part of the first result's title) — what employees asked for and failed to
# find, or found too low, in the first search.
FIRST = [
    ("2025年", "2025年"),
    ("2024年度", "2024年度"),
    ("司发〔2026〕17号", "员工绩效考核管理办法》（2026年修订）"),
    ("司发2026第17号", "员工绩效考核管理办法》（2026年修订）"),
    ("司发[2026]17号", "员工绩效考核管理办法》（2026年修订）"),
    ("工字〔2026〕34号", "2026年第三季度中层领导通讯费"),
    ("工字（2026）34号", "2026年第三季度中层领导通讯费"),
    ("2025-00012", "《业务招待费管理办法》（2025年修订）"),
    ("GH/2026-00009", "2026年高校毕业生招聘拟聘人员名单"),
    ("戴军子", "2026年高校毕业生招聘拟聘人员名单"),
    ("超标", "2024年上半年业务招待费"),
    ("超支", "2024年上半年业务招待费"),
    ("奖金", "年终奖金"),
    ("年终奖", "2025年度年终奖金"),
    ("招待费", "2026年上半年业务招待费"),
    ("2024年上半年招待费", "2024年上半年业务招待费"),
    ("通信费", "2026年第三季度中层领导通讯费"),
    ("话费", "2026年第三季度中层领导通讯费"),
    ("招工", "招聘"),
    ("铸造工艺员", "2026年高校毕业生招聘拟聘人员名单"),
    ("华侨大学", "2026年高校毕业生招聘拟聘人员名单"),
    ("2026020101", "2026年高校毕业生招聘拟聘人员名单"),
    ("6838.60", "2024年上半年业务招待费"),
    ("绩效考核", "员工绩效考核管理办法》（2026年修订）"),
    ("安全生产奖", "2026年第三季度安全生产奖"),
    ("第三季度", "2026年第三季度"),
    ("季度", "季度"),
    ("意见反映", "公开指南"),
]


def test_realistic_queries_put_the_right_record_first(searching):
    wrong = []
    for query, expected in FIRST:
        results = searching(query)
        if not results or expected not in results[0]["title"]:
            wrong.append((query, expected, [r["title"] for r in results[:3]]))
    assert not wrong


def test_a_bare_doc_number_finds_every_record_with_it(searching, entries):
    results = searching("17号")
    wanted = {e.url for e in entries if (e.record.doc_no or "").endswith("〕17号")}
    assert len(wanted) == 2 and {r["href"] for r in results[:2]} == wanted


def test_a_full_name_never_matches_a_masked_one(searching):
    results = searching("戴军子")
    assert all("帮扶" not in r["title"] for r in results), results


def test_current_versions_rank_above_revised_ones(searching, entries):
    results = [r["title"] for r in searching("员工绩效考核管理办法")]
    revised = next(t for t in results if "2026年修订" not in t)
    assert results.index(revised) > 0
    assert "已修订" in next(
        r["tags"] for r in searching("员工绩效考核管理办法") if r["title"] == revised
    )


def test_a_result_shows_clean_title_status_kind_date_index_and_the_one_row_it_is_in(searching):
    first = searching("戴军子")[0]
    assert "\u200b" not in first["title"]
    assert first["title"] == "2026年高校毕业生招聘拟聘人员名单公示"
    assert first["tags"][0].startswith("公示中")  # live, from the browser's (pinned) clock
    assert first["tags"][1:] == ["招聘人员方案及结果", "2026年11月20日", "GH/2026-00009"]
    assert "<mark>戴军子</mark>" in first["text"]
    assert first["text"].count("姓名：") == 1  # one row, never the flattened table
    screenshot(searching.page, "search-full-name")


def test_doc_number_hit_is_marked_where_it_is_written(searching):
    first = searching("工字[2026]34号")[0]
    assert "文号 <mark>工字</mark>〔<mark>2026</mark>〕<mark>34</mark>号" in first["text"]


def test_status_follows_the_readers_clock(browser, base_url):
    page = browser.new_page(now="2026-12-10T09:00:00+08:00")
    page.goto(base_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.type("戴军子")
    box.press("End")
    page.locator(RESULTS).first.wait_for()
    assert page.locator(f"{RESULTS} .md-tag").first.inner_text() == "公示期满"
    page.close()


def test_a_page_downloads_no_index_until_someone_searches(browser, base_url, built_site):
    page = browser.new_page()
    fetched: list[tuple[str, int]] = []

    def done(response):
        path = urlparse(response.url).path
        if path.startswith("/search/"):
            fetched.append((path, len(response.body())))

    page.on("response", done)
    page.goto(base_url + "kinds/telecom/")
    page.wait_for_load_state("networkidle")
    assert [p for p, _ in fetched] == ["/search/search_index.json"]
    assert fetched[0][1] < 2_000  # the theme's own index: a stub
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.type("通讯费")
    box.press("End")
    page.locator(RESULTS).first.wait_for()
    paths = [p for p, _ in fetched]
    assert "/search/cwgk/meta.json" in paths
    # Then, in the background, the rest of the term shards: later answers need no download.
    shards = json.loads((built_site / "search" / "cwgk" / "meta.json").read_text())["shards"]
    for _ in range(100):
        if len({p for p, _ in fetched if "/t/" in p}) == shards:
            break
        page.wait_for_timeout(100)
    assert len({p for p, _ in fetched if "/t/" in p}) == shards
    assert sum(size for _, size in fetched) < 2_000_000
    page.close()


def test_the_text_rules_match_the_build_in_chromium(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>search text</title>")
    page.add_script_tag(
        path=str(ROOT / "theme_overrides" / "assets" / "cwgk" / "search" / "text.js")
    )
    got = page.evaluate(
        """cases => cases.map(c => {
             const n = cwgkSearchText.normalise(c.text);
             return [n, cwgkSearchText.terms(n)];
           })""",
        VECTORS["cases"],
    )
    wrong = [
        (c["text"], g)
        for c, g in zip(VECTORS["cases"], got, strict=True)
        if g != [c["normalised"], c["terms"]]
    ]
    assert not wrong
    from cwgk.search_index import term_hash

    terms = ["司发", "2026-17", "gh-2025-00012", "戴军", "超"]
    assert page.evaluate("ts => ts.map(cwgkSearchText.termHash)", terms) == [
        term_hash(t) for t in terms
    ]
    page.close()


def _search_box(page, base_url):
    page.goto(base_url)
    if page.viewport_size["width"] < 960:  # a phone: the header's search button
        page.locator("label[for=__search]").first.click()
    else:
        page.locator("label.md-search__icon, .md-search__input").first.click()
    return page.locator("input.md-search__input")


def test_pasted_or_dictated_text_is_searched_without_a_key(browser, base_url):
    page = browser.new_page()
    box = _search_box(page, base_url)
    box.focus()
    page.keyboard.insert_text("戴军子")  # a paste, an input method's choice: no key events
    page.locator(RESULTS).first.wait_for(timeout=10_000)
    assert "拟聘人员名单" in page.locator(RESULTS).first.inner_text()
    page.close()


def test_a_result_opens_its_page_at_the_highlighted_words(browser, base_url):
    page = browser.new_page()
    box = _search_box(page, base_url)
    box.type("戴军子")
    box.press("End")
    page.locator(f"{RESULTS} a").first.click()
    page.wait_for_url("**/records/gh-2026-00009/**")
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-content mark');
                   if (!m) return false;
                   const box = m.getBoundingClientRect();
                   return box.top >= 0 && box.bottom <= innerHeight; }"""
    )
    page.close()


def test_opinions_and_answers_are_searched_with_their_record(searching, entries):
    about = next(e for e in entries if any(o.number == "YJ/2025-001" for o in e.opinions))
    results = searching("车间公告栏同时张贴")
    assert results and results[0]["href"] == about.url
    assert "<mark>" in results[0]["text"]


def test_staff_manuals_are_not_in_employees_results(searching):
    for query in ("更正说明", "撤回", "罗晨子"):
        assert all(not r["href"].startswith(("manual/", "deploy/")) for r in searching(query))


def test_an_index_number_typed_without_its_slash(searching):
    assert searching("GH2026-00009")[0]["title"] == "2026年高校毕业生招聘拟聘人员名单公示"


def test_a_partial_match_names_the_missing_words_as_typed(searching):
    results = searching("2024年第三季度业务招待费")
    assert results
    missing = searching.page.locator(f"{RESULTS} .md-search-result__terms").first
    if missing.count():  # pieces of the query as typed, not character pairs (度业)
        named = missing.inner_text().split(":", 1)[1].split()
        assert named and set(named) <= {"2024", "第三季度业务招待费"}, named


# The result list is written by search/results.js, not the theme's renderer: the same markup, the
# first batch only what fits, the rest as the reader scrolls; the theme's keys still work on it.
_ITEMS = "() => [...document.querySelectorAll('.md-search-result__item')].map(i => i.outerHTML)"


def _answer(page: Any, base_url: str, query: str, ours: bool = True) -> list[str]:
    if not ours:  # the theme renders the results itself
        page.route("**/assets/cwgk/search/results.js", lambda route: route.abort())
    box = _search_box(page, base_url)
    box.fill(query)
    box.press("End")
    page.locator(META).filter(has_text="结果").wait_for()
    page.locator(RESULTS).first.wait_for()
    page.wait_for_timeout(800)  # quotes, and anything rendered late
    # Quotes are put in by our script only (without it the theme shows none): compared without.
    return [re.sub(r"<p>.*?</p>", "", item) for item in page.evaluate(_ITEMS)]


@pytest.mark.parametrize("query", ["招待费", "戴军子", "意见反映", "2024年第三季度业务招待费"])
def test_the_result_list_is_the_themes_own_markup(browser, base_url, query):
    ours, theirs = browser.new_page(), browser.new_page()
    written, rendered = _answer(ours, base_url, query), _answer(theirs, base_url, query, False)
    assert written and rendered
    count = min(len(written), len(rendered))
    assert written[:count] == rendered[:count]
    assert ours.locator(META).inner_text() == theirs.locator(META).inner_text()
    ours.close()
    theirs.close()


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["pc", "phone"])
def test_the_first_results_fill_the_list_and_more_come_as_the_reader_scrolls(
    browser, base_url, size
):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    box = _search_box(page, base_url)
    box.fill("2025年")
    box.press("End")
    page.locator(RESULTS).first.wait_for()
    total = int(re.search(r"\d+", page.locator(META).inner_text())[0])
    page.wait_for_timeout(300)
    shown = page.locator(RESULTS).count()
    assert 3 <= shown < total  # not all at once
    # The list is full: its last result reaches the bottom of the visible list.
    assert page.evaluate(
        """() => { const wrap = document.querySelector('.md-search__scrollwrap');
                   const items = document.querySelectorAll('.md-search-result__item');
                   return items[items.length - 1].getBoundingClientRect().bottom
                          >= wrap.getBoundingClientRect().bottom - 2; }"""
    )
    for _ in range(20):  # the reader scrolls to the end, again and again
        if page.locator(RESULTS).count() == total:
            break
        page.evaluate(
            "() => { const w = document.querySelector('.md-search__scrollwrap');"
            " w.scrollTop = w.scrollHeight; }"
        )
        page.wait_for_timeout(150)
    assert page.locator(RESULTS).count() == total
    # Those further down are quoted too, once shown (the worker quotes ten at once).
    page.wait_for_function(
        """() => [...document.querySelectorAll('.md-search-result__item')]
                 .every(i => i.querySelector('article:last-of-type p'))""",
        timeout=10_000,
    )
    page.close()


def test_the_clear_button_empties_the_results_too(browser, base_url):
    page = browser.new_page()
    box = _search_box(page, base_url)
    box.type("年终奖")
    page.locator(RESULTS).first.wait_for()
    page.locator("button[type=reset].md-search__icon").click()
    page.locator(META).filter(has_text="键入").wait_for(timeout=5000)
    assert page.locator(RESULTS).count() == 0
    page.close()


def test_enter_and_arrow_keys_work_on_the_written_list(browser, base_url):
    page = browser.new_page()
    box = _search_box(page, base_url)
    box.type("戴军子")
    page.locator(RESULTS).first.wait_for()
    box.press("ArrowDown")  # the theme's keys: into the results
    assert page.evaluate(
        "() => document.activeElement.classList.contains('md-search-result__link')"
    )
    box.focus()
    box.press("Enter")  # the best result opens
    page.wait_for_url("**/records/gh-2026-00009/**")
    page.close()


def test_scrolling_past_the_last_result_leaves_the_page_behind_where_it_was(browser, base_url):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    box = _search_box(page, base_url)
    box.fill("季度")
    box.press("End")
    page.locator(RESULTS).first.wait_for()
    wrap = page.locator(".md-search__scrollwrap").bounding_box()
    page.mouse.move(wrap["x"] + wrap["width"] / 2, wrap["y"] + wrap["height"] / 2)
    for _ in range(12):  # well past the end of the list
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('.md-search__scrollwrap').scrollTop") > 0
    assert page.evaluate("window.scrollY") == 0
    page.close()
