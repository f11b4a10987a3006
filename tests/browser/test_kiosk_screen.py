"""The kiosk as a workshop screen shows it: rotation, long tables, live status, schedule, updates.

Time is Playwright's controlled clock; the demo site was built on 2026-11-23, so every status seen
here after that day is computed by the screen itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import ARTIFACTS
from cwgk.settings import load_settings
from cwgk.urls import kiosk_url
from pinned_clock import stop_at
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

SLIDE_MS = 20_000  # extra.cwgk.kiosk.slide_seconds in mkdocs.yml
POLL_MS = 60_000
BONUS = "GH/2026-00011"  # 2026年第三季度安全生产奖: 公示期 2026-11-18 … 11-24
RESULT = "GH/2026-00009"  # 2026年招聘拟聘人员名单: 公示期 2026-11-20 … 11-30 17:30
TELECOM = "GH/2026-00010"  # 2026年第三季度通讯费: 16 rows and a 合计 row

STATE = """() => {
  const slide = document.querySelector('#k-stage .k-slide');
  const status = slide && slide.querySelector('.k-notice__status');
  return {
    index: slide ? slide.dataset.indexNo : null,
    part: slide ? (slide.dataset.part || '') : null,
    title: slide ? slide.querySelector('.k-slide__title').textContent : null,
    status: status ? status.textContent : '',
    count: document.querySelector('.k-count').textContent,
    rows: slide ? [...slide.querySelectorAll('table.k-table tbody tr')].map(r => r.textContent) : [],
    foot: slide ? !!slide.querySelector('table.k-table tfoot') : false,
    off: document.body.classList.contains('k-off'),
    contact: slide ? !!slide.querySelector('.k-contact:not([hidden])') : false,
  };
}"""

OVERFLOW = """() => {
  const bad = [], vw = innerWidth, vh = innerHeight;
  const stage = document.getElementById('k-stage').getBoundingClientRect();
  for (const el of document.querySelectorAll('#k-root *')) {
    if (!el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const name = el.tagName + '.' + el.className + ' ' + (el.textContent || '').slice(0, 20);
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
      bad.push('outside the screen: ' + name);
    else if (el.closest('#k-stage') && r.bottom > stage.bottom + 0.5)
      bad.push('cut off at the bottom: ' + name);
  }
  for (const el of document.querySelectorAll('.k-top, .k-slide__main, .k-slide__side, .k-bottom'))
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)
      bad.push('overflowing: ' + el.className);
  return bad;
}"""


# Every box and every line of text inside what can be seen of it: the screen and each ancestor
# that clips (overflow). Hidden elements (the 离线 mark's kept place) are skipped.
FIT = """() => {
  const vw = innerWidth, vh = innerHeight, bad = [];
  let widest = 0;
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' «' + (el.textContent || '').trim().slice(0, 16) + '»';
  function box(el) {  // what of `el` can be seen: the screen and every clipping ancestor
    let l = 0, r = vw, t = 0, b = vh;
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const q = a.getBoundingClientRect();
      l = Math.max(l, q.left); r = Math.min(r, q.right); t = Math.max(t, q.top); b = Math.min(b, q.bottom);
    }
    return {l, r, t, b};
  }
  function check(r, el, what) {
    if (!r.width || !r.height) return;
    widest = Math.max(widest, r.right);
    const c = box(el);
    if (r.left < c.l - 0.5 || r.right > c.r + 0.5) bad.push(`${what} cut at the side (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(c.l)}–${Math.round(c.r)}): ${name(el)}`);
    else if (r.top < c.t - 0.5 || r.bottom > c.b + 0.5) bad.push(`${what} cut at top/bottom (${Math.round(r.top)}–${Math.round(r.bottom)} of ${Math.round(c.t)}–${Math.round(c.b)}): ${name(el)}`);
  }
  const root = document.getElementById('k-root');
  for (const el of root.querySelectorAll('*')) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    check(el.getBoundingClientRect(), el, 'box');
  }
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim() || !n.parentElement.getClientRects().length) continue;
    if (getComputedStyle(n.parentElement).visibility === 'hidden') continue;
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) check(r, n.parentElement, 'text');
  }
  for (const qr of document.querySelectorAll('#k-stage .k-qr svg')) {
    const r = qr.getBoundingClientRect();
    if (r.width < 80 || Math.abs(r.width - r.height) > 1) bad.push(`QR code ${r.width}×${r.height}`);
  }
  return {bad, widest: Math.round(widest * 10) / 10};
}"""
SIZES = [(1080, 1920), (1920, 1080), (1366, 768), (1280, 720)]
PROFILES = [kiosk_url(name) for name, _ in load_settings(ROOT / "mkdocs.yml").kiosk.pages()]


def open_kiosk(browser, url, when, size=(1920, 1080)):
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, locale="zh-CN", timezone_id="UTC"
    )  # the box's own zone is UTC: the screen must still show Beijing time
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.requested = []
    page.on("request", lambda r: page.requested.append(r.url))
    stop_at(page, when)
    page.goto(url)
    page.clock.run_for(1000)
    return page


def state(page):
    return page.evaluate(STATE)


def pages_in_round(page) -> int:
    return int(re.search(r"/(\d+)张", state(page)["count"]).group(1))


def walk(page) -> list[dict]:
    """Every page of one round, in order, from the one shown now."""
    seen = []
    for _ in range(pages_in_round(page)):
        seen.append(state(page))
        page.clock.run_for(SLIDE_MS)
    return seen


def wait_until(page, script: str, timeout: float = 10) -> None:
    """Wait, in real time, until `script` holds in the page.

    The page's clock stays paused where the test put it: a network reply and the handler it
    calls need no page time, so the wait does not move the screen's clock (which would shift
    what it shows by however long the machine took). Playwright polls with its own timers,
    which the page's paused clock does not hold back."""
    page.wait_for_function(script, timeout=timeout * 1000)


def go_offline(page) -> None:
    """With version.json failing, the page's clock moved on a poll at a time until the screen
    shows it is offline. More than one: a check started while the slides were being stepped
    through may still be on its way when the clock moves, and it schedules the next check
    from its own start once it lands (on a loaded machine, after the first move)."""
    for _ in range(3):
        page.clock.run_for(POLL_MS)
        try:
            wait_until(page, "document.documentElement.dataset.online === 'no'", timeout=5)
            return
        except PlaywrightTimeout:
            continue
    wait_until(page, "document.documentElement.dataset.online === 'no'")


def test_slides_advance_on_time_and_screens_in_notice_come_first(browser, base_url):
    page = open_kiosk(browser, base_url + "kiosk/", "2026-11-24T10:00:00+08:00")
    first = state(page)
    assert first["index"] == BONUS and first["count"].startswith("第1/")
    assert first["status"] == "公示中（今天截止）"
    contact = page.locator("#k-stage .k-contact")  # where to object, while one still may
    assert (
        contact.inner_text() == "有异议请在公示期内向公司工会反映，电话 0591-87650305，或投意见箱"
    )
    page.clock.run_for(SLIDE_MS - 1500)
    assert state(page)["count"] == first["count"]  # not before its time
    page.clock.run_for(1000)
    second = state(page)
    assert second["count"].startswith("第2/") and second != first
    # Header: unit, Chinese date and Beijing time although the box runs on UTC.
    assert page.locator(".k-date").inner_text() == "2026年11月24日 星期二"
    assert page.locator(".k-clock").inner_text() == "10:00"
    assert page.locator(".k-top__name").inner_text() == "闽江重型机械有限公司"
    assert page.errors == []
    # Weak devices: the search index and the theme are not loaded, nothing leaves the server.
    assert not [u for u in page.requested if "search" in u or "assets/" in u]
    assert all(u.startswith(base_url) or u.startswith("data:") for u in page.requested)
    page.context.close()


def test_remaining_working_days_are_counted_by_the_screen(browser, base_url):
    page = open_kiosk(browser, base_url + "kiosk/", "2026-11-25T09:00:00+08:00")
    seen = {s["index"]: s for s in walk(page)}
    # Wednesday 11-25 … Monday 11-30: Wed, Thu, Fri, Mon.
    assert seen[RESULT]["status"] == "公示中（剩余4个工作日）"
    assert seen[BONUS]["status"] == "公示期满"
    assert seen[BONUS]["contact"] is False and seen[RESULT]["contact"] is True
    assert state(page)["index"] == RESULT  # the one still in 公示 leads the round
    page.context.close()


def test_status_changes_on_the_right_day_without_a_rebuild(browser, base_url):
    page = open_kiosk(browser, base_url + "kiosk/", "2026-11-30T17:00:00+08:00")
    first = state(page)
    assert first["index"] == RESULT and first["status"] == "公示中（今天17:30截止）"
    page.clock.run_for(35 * 60_000)  # past 17:30; the round re-dates and re-orders its slides
    seen = walk(page)
    assert seen[0]["index"] != RESULT
    assert {s["status"] for s in seen if s["index"] == RESULT} == {"公示期满"}
    page.context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_long_tables_become_several_slides_and_nothing_is_cut_off(browser, base_url, size):
    page = open_kiosk(browser, base_url + "kiosk/", "2026-11-24T10:00:00+08:00", size)
    source_rows = page.evaluate(
        """i => [...document.querySelectorAll('#k-source .k-slide')]
             .find(s => s.dataset.indexNo === i)
             .querySelectorAll('table.k-table tbody tr').length""",
        TELECOM,
    )
    assert source_rows == 16
    ARTIFACTS.mkdir(exist_ok=True)
    rounds = []
    for number in range(pages_in_round(page)):
        shown = state(page)
        problems = page.evaluate(OVERFLOW)
        page.screenshot(path=str(ARTIFACTS / f"kiosk-{size[0]}x{size[1]}-{number + 1:02d}.png"))
        assert problems == [], (shown["title"], problems)
        rounds.append(shown)
        page.clock.run_for(SLIDE_MS)
    parts = [s for s in rounds if s["index"] == TELECOM]
    assert len(parts) >= 2  # 16 rows at reading size do not fit one screen
    assert [s["part"] for s in parts] == [f"{i}/{len(parts)}" for i in range(1, len(parts) + 1)]
    assert "（续）" in parts[1]["title"]
    rows = [row for s in parts for row in s["rows"]]
    assert len(rows) == 16 and len(set(rows)) == 16  # every row once, none lost
    assert [s["foot"] for s in parts] == [False] * (len(parts) - 1) + [True]  # 合计 at the end
    assert page.errors == []
    page.context.close()


def test_outside_the_schedule_the_screen_is_dark(browser, base_url):
    dark = """() => document.body.classList.contains('k-off') &&
        getComputedStyle(document.getElementById('k-root')).display === 'none' &&
        getComputedStyle(document.querySelector('.k-offscreen')).backgroundColor === 'rgb(0, 0, 0)'"""
    # Default screen: 工作日 07:30–19:30.
    for when in (
        "2026-11-24T21:00:00+08:00",  # evening
        "2026-11-28T10:00:00+08:00",  # Saturday
        "2026-10-01T10:00:00+08:00",  # National Day, a Thursday
    ):
        page = open_kiosk(browser, base_url + "kiosk/", when)
        assert page.evaluate(dark), when
        assert not page.locator(".k-offscreen__clock").is_visible()
        page.context.close()
    page = open_kiosk(browser, base_url + "kiosk/", "2026-10-10T10:00:00+08:00")  # Saturday worked
    assert not state(page)["off"] and state(page)["index"]
    page.context.close()
    # Lights up by itself at 07:30 and goes dark at 19:30.
    page = open_kiosk(browser, base_url + "kiosk/", "2026-11-25T07:29:00+08:00")
    assert state(page)["off"]
    page.clock.run_for(60_000)  # 07:30:01
    shown = state(page)
    assert not shown["off"] and shown["index"] == RESULT
    assert page.evaluate(OVERFLOW) == []  # laid out although it started dark
    page.clock.fast_forward(12 * 3600_000)  # 19:31, the hours between skipped (like a box asleep)
    page.clock.run_for(1000)
    assert state(page)["off"]
    page.context.close()


def test_a_workshop_profile_keeps_its_own_hours_items_and_clock_screen(browser, base_url):
    page = open_kiosk(browser, base_url + "kiosk/workshop-1/", "2026-11-24T21:00:00+08:00")
    assert not state(page)["off"]  # 两班倒: this screen runs until 23:30
    indexes = [s["index"] for s in walk(page)]
    assert "GH/2026-00014" in indexes  # 第一车间's own 本部门 notice
    assert page.locator(".k-top__title").inner_text() == "第一车间公开栏"
    page.clock.pause_at("2026-11-24T23:45:00+08:00")
    page.clock.run_for(1500)
    assert state(page)["off"]
    assert page.locator(".k-offscreen__clock").inner_text() == "23:45"
    page.context.close()


def test_content_shifts_a_few_pixels_against_burn_in(browser, base_url):
    page = open_kiosk(browser, base_url + "kiosk/", "2026-11-24T10:00:00+08:00")
    assert page.evaluate("document.getElementById('k-root').style.transform") == ""
    page.clock.run_for(10 * 60_000)
    assert (
        page.evaluate("document.getElementById('k-root').style.transform") == "translate(4px, 0px)"
    )
    page.clock.run_for(10 * 60_000)
    assert (
        page.evaluate("document.getElementById('k-root').style.transform") == "translate(4px, 4px)"
    )
    page.context.close()


def fit_round(page) -> tuple[list[str], float]:
    """Every page of a round measured: (what does not fit, the rightmost edge of anything)."""
    problems, widest = [], 0.0
    for _ in range(pages_in_round(page)):
        shown = state(page)
        fit = page.evaluate(FIT)
        problems += [f"{shown['index']} {shown['part']}: {p}" for p in fit["bad"]]
        widest = max(widest, fit["widest"])
        page.clock.run_for(SLIDE_MS)
    return problems, widest


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("profile", PROFILES)
def test_5_every_screen_fits_with_and_without_the_offline_mark(browser, base_url, profile, size):
    """Portrait and landscape, 720p to 1080p (4K is 1080p in vmin), every profile: no box and no
    line of text wider than the screen or cut by its container, the QR code whole — online and
    with the 离线 mark showing."""
    page = open_kiosk(browser, base_url + profile, "2026-11-24T10:00:00+08:00", size)
    online, widest = fit_round(page)
    assert online == [], online
    page.route(re.compile(r".*/version\.json.*"), lambda route: route.abort())
    go_offline(page)
    assert page.locator(".k-offline").is_visible()
    offline, widest_offline = fit_round(page)
    assert offline == [], offline
    assert max(widest, widest_offline) <= size[0]
    assert page.errors == []
    page.context.close()
