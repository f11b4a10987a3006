"""Reading a disclosure on a phone, a PC and paper: WCAG 2.1 AA on every page type (axe-core),
tables whose every amount and name a phone shows without sideways scrolling, right-aligned
amounts and unbroken names on a PC, and printed notices with every column and page numbers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import axe_playwright_python
import pytest
from browser_helpers import ARTIFACTS, screenshot

# Geometry, contrast and print at a pinned clock: not repeated in the moved-clock pass (test.sh).
pytestmark = [pytest.mark.browser, pytest.mark.layout]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LISTS = ["", "kinds/telecom/", "years/2026/", "archive/", "catalogue/", "stats/", "opinions/",
         "updates/", "guide/", "404.html"]  # fmt: skip
SIZES = {"pc": (1366, 768), "phone": (390, 844)}


def one_record_of_each_kind(entries) -> list[str]:
    seen: dict[str, str] = {}
    for entry in entries:
        seen.setdefault(entry.record.kind_title, entry.url)
    return list(seen.values())


def violations(page) -> list[str]:
    page.add_script_tag(content=AXE)
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AA)[
        "violations"
    ]
    return [
        f"{v['id']} ({v['impact']}): {n['target']} {n['failureSummary']}"
        for v in found
        for n in v["nodes"]
    ]


@pytest.mark.parametrize("size", SIZES)
def test_every_page_type_passes_axe_at_both_sizes(browser, base_url, entries, size):
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    for url in LISTS + one_record_of_each_kind(entries):
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        found = violations(page)
        assert not found, f"{url or '/'} at {width}×{height}: {found[0]}"
    page.close()


def test_the_closed_drawer_is_out_of_the_tab_order_on_a_phone(browser, base_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(base_url)
    for _ in range(12):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "() => { const r = document.activeElement.getBoundingClientRect();"
            " return [r.left, r.right, r.width, r.height, document.activeElement.outerHTML.slice(0, 80)] }"
        )
        left, right, width, height, what = box
        assert width > 0 and height > 0 and right > 0 and left < 390, what  # on screen, visible
    page.close()


def amounts_and_names(page) -> list[dict]:
    """Every cell of every data table with where it is on screen."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table[data-stack] td')]
             .filter(td => td.textContent.trim() && getComputedStyle(td).display !== 'none')
             .map(td => { const r = td.getBoundingClientRect(), text = document.createRange();
                          text.selectNodeContents(td);
                          const lines = new Set([...text.getClientRects()].filter(x => x.width > 0)
                                                .map(x => Math.round(x.top))).size;
                          return {text: td.textContent.trim(), left: r.left, right: r.right,
                                  label: td.dataset.label || '', num: td.classList.contains('cwgk-num'),
                                  align: getComputedStyle(td).textAlign, lines: lines} })"""
    )


def test_on_a_phone_every_amount_and_name_is_on_screen(browser, base_url, entries):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    checked = 0
    for entry in entries:
        page.goto(base_url + entry.url)
        for cell in amounts_and_names(page):
            assert cell["left"] >= 0 and cell["right"] <= 390, (entry.url, cell)
            checked += 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, entry.url
    assert checked > 500  # the demo's tables, all of them
    page.goto(base_url + next(e.url for e in entries if e.record.kind_title == "中层领导通讯费"))
    screenshot(page, "reading-telecom-phone")
    page.close()


def test_on_a_pc_amounts_are_right_aligned_and_names_never_wrap(browser, base_url, entries):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    for entry in entries:
        page.goto(base_url + entry.url)
        for cell in amounts_and_names(page):
            if cell["num"]:
                assert cell["align"] == "right", (entry.url, cell)
            if cell["label"] in ("姓名", "准考证号", "出生年月", "序号"):
                assert cell["lines"] == 1, (entry.url, cell)  # never broken inside
    page.goto(base_url + next(e.url for e in entries if e.record.kind_title == "中层领导通讯费"))
    # The nine-column 通讯费 table fits the 720-px column: no sideways scrolling on a PC.
    assert page.evaluate(
        "() => [...document.querySelectorAll('.md-typeset__scrollwrap')].every(w => w.scrollWidth <= w.clientWidth + 1)"
    )
    screenshot(page, "reading-telecom-pc")
    page.close()


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout


def test_every_printed_notice_has_every_column_and_amount_and_page_numbers(
    browser, base_url, entries, tmp_path
):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    for n, entry in enumerate(entries):
        page.goto(base_url + entry.url)
        headers = page.evaluate(
            "() => [...document.querySelectorAll('.md-typeset table[data-stack] thead th')].map(t => t.textContent.trim())"
        )
        amounts = page.evaluate(
            "() => [...document.querySelectorAll('.md-typeset table td.cwgk-num')].map(t => t.textContent.trim()).filter(Boolean)"
        )
        pdf = tmp_path / f"{n}.pdf"
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True)
        text = pdf_text(pdf)
        flat = "".join(text.split())
        for header in headers:
            assert "".join(header.split()) in flat, (entry.url, header)
        for amount in amounts:
            assert amount in flat, (entry.url, amount)
        pages = text.count("\f") or 1
        assert f"第1页共{pages}页" in flat, entry.url
        if entry.record.kind_title == "中层领导通讯费" and n < 20:
            ARTIFACTS.mkdir(exist_ok=True)
            pdf.replace(ARTIFACTS / "print-telecom.pdf")
    page.close()


def test_a_finished_portal(page, base_url):
    page.goto(base_url)
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    footer = page.locator("footer.cwgk-footer").inner_text()
    assert "闽江重型机械有限公司" in footer and "0591-87650305" in footer and "公开指南" in footer
    assert not page.locator(".md-sidebar--primary").is_visible()  # no sidebar holding only 首页
    assert (
        "操作手册" not in page.locator(".md-tabs").inner_text()
    )  # staff pages are not the public's
    assert (
        "反映；查找往期内容" in page.locator(".md-content").inner_text()
    )  # no space between lines
    page.goto(base_url + "guide/")
    page.locator("a", has_text="操作手册").click()
    assert page.locator("h1").first.inner_text().startswith("操作手册")
    page.goto(base_url + "404.html")
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.locator("a", has_text="返回首页").count() == 1
    screenshot(page, "reading-404")


def test_the_menu_button_works_from_the_keyboard_on_a_phone(browser, base_url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(base_url)
    menu = page.locator("label.md-header__button[for=__drawer]")
    assert (
        menu.get_attribute("tabindex") == "0" and menu.get_attribute("aria-label") == "打开导航菜单"
    )
    menu.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    page.close()
