"""A workshop screen under a server that misbehaves (issue 23): never dead, frozen or cut off.

Every test runs the kiosk against its own copy of the built kiosk pages on `KioskServer`, which can
serve a stale page, a cut-off one, garbled bytes, a wrong charset label or a 500. The screen must
keep rotating the last good content, say that something is wrong (离线 / 待更新), and come back by
itself once the server is healthy. The numbered tests are the failures of issue 23.

Time is Playwright's clock, stopped on Tuesday 2026-11-24 10:00 (a working morning).
"""

from __future__ import annotations

import hashlib
import re
from itertools import pairwise

import pytest
from kiosk_server import (
    KioskServer,
    Rule,
    cut_after,
    cut_before,
    failing,
    garbage,
    labelled,
    overwrite,
    settle,
    stale,
    track_requests,
)
from pinned_clock import stop_at

pytestmark = pytest.mark.browser

SLIDE_MS = 20_000  # extra.cwgk.kiosk.slide_seconds in mkdocs.yml
POLL_MS = 60_000
WATCHDOG_MS = 30_000  # boot.js: a page whose script has not started by then is fetched again
MORNING = "2026-11-24T10:00:00+08:00"
TITLE = "2026年第三季度安全生产奖分配方案公示"  # the first slide at MORNING
REVISED = "2026年第三季度安全生产奖分配方案（修订）公示"
PAGE = "/kiosk/"
SCRIPT = "<script>\n/* Working days"  # the page's own script (workdays.js, then kiosk.js)

STATE = """() => {
  const slide = document.querySelector('#k-stage .k-slide');
  const mark = document.querySelector('.k-offline');
  const count = (document.querySelector('.k-count') || {}).textContent || '';
  return {
    index: slide ? slide.dataset.indexNo : null,
    part: slide ? (slide.dataset.part || '') : null,
    title: slide ? slide.querySelector('.k-slide__title').textContent : null,
    count: count,
    number: +(count.match(/第(\\d+)\\//) || [0, 0])[1],
    of: +(count.match(/\\/(\\d+)张/) || [0, 0])[1],
    clock: (document.querySelector('.k-clock') || {}).textContent || '',
    off: document.body.classList.contains('k-off'),
    mark: mark && mark.getClientRects().length && getComputedStyle(mark).visibility === 'visible'
      ? mark.textContent : '',
    version: (document.querySelector('meta[name=cwgk-kiosk-version]') || {}).content || '',
    shell: (document.querySelector('meta[name=cwgk-kiosk-shell]') || {}).content || '',
    titles: [...document.querySelectorAll('#k-source .k-slide__title')].map(t => t.textContent),
  };
}"""


@pytest.fixture
def server(built_site, tmp_path):
    server = KioskServer(built_site, tmp_path)
    yield server
    server.close()


@pytest.fixture
def screen(browser, server):
    """The default screen at MORNING (the box's zone is UTC), opened on the healthy server."""
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN", timezone_id="UTC"
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    track_requests(page)
    stop_at(page, MORNING)
    page.goto(server.url + "kiosk/")
    page.clock.run_for(1000)
    yield page
    context.close()


def state(page) -> dict:
    return page.evaluate(STATE)


def step(page, ms: int = SLIDE_MS) -> dict:
    """Let the screen run for `ms`, let it handle what the server answered, say what it shows."""
    page.clock.run_for(ms)
    settle(page)
    return state(page)


def rounds(page, count: int = 2, ms: int = SLIDE_MS) -> list[dict]:
    """What the screen shows, every `ms`, for `count` rounds' worth of slides."""
    return [step(page, ms) for _ in range(count * state(page)["of"] * SLIDE_MS // ms)]


def assert_rotates(seen: list[dict], version: str, mark: str, marked_from: int = 3) -> None:
    """Slide after slide, every one of the round, on the same content; the mark showing from the
    first poll (60 s: the third step) on."""
    numbers = [s["number"] for s in seen]
    of = seen[0]["of"]
    assert of > 3 and all(s["of"] == of for s in seen)
    assert all(b == a % of + 1 for a, b in pairwise(numbers)), numbers
    assert set(numbers) == set(range(1, of + 1))
    assert not any(s["off"] for s in seen)
    assert all(s["version"] == version for s in seen), {s["version"] for s in seen}
    marks = [s["mark"] for s in seen[marked_from:]]
    assert marks == [mark] * len(marks), marks


def recover(page, version: str, limit_ms: int = 20 * 60_000) -> list[dict]:
    """Run the screen until it shows `version` with no mark; → what it showed on the way."""
    seen = []
    for _ in range(limit_ms // SLIDE_MS):
        seen.append(step(page))
        if seen[-1]["version"] == version and not seen[-1]["mark"] and seen[-1]["index"]:
            return seen
    raise AssertionError(f"not recovered: {seen[-1]}")


def revise(html: str) -> str:
    return html.replace(TITLE, REVISED)


def new_software(html: str) -> str:
    """A build with changed styles: the shell's hash changes, the screen must load it whole."""
    shell = re.search(r'name="cwgk-kiosk-shell" content="(\w+)"', html).group(1)
    return revise(html.replace(shell, "0newshell0a1")).replace("<style>", "<style>/* v2 */", 1)


def test_1_a_stale_page_under_a_new_version_keeps_the_round_going_and_says_so(screen, server):
    """A caching proxy serves the old page under the new version.json: the screen must not
    restart at slide 1 every poll; it shows every slide, marks 待更新 and catches up later."""
    page = screen
    old, shown = server.page(), state(page)["version"]
    new = server.publish(revise)
    server.faults[PAGE] = Rule(stale(old))
    seen = rounds(page)
    assert_rotates(seen, shown, "待更新")  # first poll at 60 s
    assert all(TITLE in s["titles"] for s in seen)
    polls = [t for t in server.log if t.startswith("/kiosk/version.json")]
    assert 3 <= len(polls) <= 2 * state(page)["of"] * SLIDE_MS // POLL_MS  # backs off
    del server.faults[PAGE]
    after = recover(page, new)
    assert REVISED in after[-1]["titles"] and after[-1]["number"] == 1
    assert page.errors == []


def test_2_new_content_waits_for_the_end_of_the_round(screen, server):
    """Content that changes more often than a round: every slide keeps its full time, the round
    is never cut, and the newest content starts the next round."""
    page = screen
    first = state(page)
    versions = []
    seen = [first]
    for n in range(first["of"] * SLIDE_MS // 5_000):  # a round, watched every 5 s
        if n % 8 == 5 and n * 5_000 < (first["of"] - 3) * SLIDE_MS:  # a build every 40 s
            versions.append(server.publish(lambda h, n=n: h.replace(TITLE, f"{TITLE}（第{n}版）")))
        seen.append(step(page, 5_000))
    # Each slide of the round, in order, each for its 20 s: the round is the old content.
    numbers = [s["number"] for s in seen[:-1]]
    assert numbers == [n for n in range(1, first["of"] + 1) for _ in range(4)], numbers
    assert {s["version"] for s in seen[:-1]} == {first["version"]}
    # The round over, the newest build starts the next one.
    last = seen[-1]
    assert last["number"] == 1 and last["version"] == versions[-1]
    assert last["title"].startswith(TITLE + "（第")
    assert not last["mark"] and page.errors == []


@pytest.mark.parametrize("fault", ["cut-off", "500 on reload"])
def test_3_new_software_is_loaded_only_as_a_verified_page(screen, server, fault):
    """New software used to mean a reload: into a cut-off page (no script: no clock, no slides,
    no polling, dead for good) or a 500 page. Now the screen writes the page it has verified,
    without a second request, and keeps rotating the old one until it gets a whole one."""
    page = screen
    before = state(page)
    new = server.publish(new_software)
    if fault == "cut-off":  # metas, slides and settings whole; the script missing
        server.faults[PAGE] = Rule(cut_before(SCRIPT))
        seen = rounds(page)
        assert_rotates(seen, before["version"], "待更新")
        assert len({s["clock"] for s in seen}) > 5  # the clock runs
        del server.faults[PAGE]
    else:  # the screen's fetch gets the whole page; a reload would get a 500
        server.faults[PAGE] = Rule(failing(500), fetches=False)
    start = len(server.log)
    after = recover(page, new)
    assert after[-1]["shell"] == "0newshell0a1" and REVISED in after[-1]["titles"]
    assert server.loads(start) == []  # the screen never navigated
    later = rounds(page, 1)  # the new software runs: slides, clock, polls
    assert {s["number"] for s in later} == set(range(1, later[0]["of"] + 1))
    assert later[-1]["clock"] != after[-1]["clock"] and not later[-1]["mark"]
    assert any(t.startswith("/kiosk/version.json") for t in server.log[start:][-3:])
    assert page.errors == []


@pytest.mark.parametrize("fault", ["cut-off", "cut-off in the header", "iso-8859-1"])
def test_3_a_screen_started_on_a_bad_page_recovers_by_itself(browser, server, fault):
    """The browser itself lands on a bad page (start-up, a crash restart): cut off before the
    script or inside the header, or labelled with the wrong charset (the settings in mojibake:
    dark on a working morning). The bootstrap in the head notices, fetches a verified page and
    shows it; nobody presses F5. (An error page at start-up runs nothing of ours: the start
    script waits for a whole page, see the README.)"""
    rule = {
        "cut-off": Rule(cut_before(SCRIPT), fetches=False, times=1),
        "cut-off in the header": Rule(
            cut_after('<div class="k-top__time">'), fetches=False, times=1
        ),
        "iso-8859-1": Rule(labelled("iso-8859-1"), fetches=False, times=1),
    }[fault]
    server.faults[PAGE] = rule
    context = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="zh-CN", timezone_id="UTC"
    )
    page = context.new_page()
    track_requests(page)
    stop_at(page, MORNING)
    page.goto(server.url + "kiosk/")
    page.clock.run_for(1000)
    settle(page)
    page.clock.run_for(WATCHDOG_MS)
    settle(page)
    shown = state(page)
    assert shown["title"].startswith(TITLE) and not shown["off"] and shown["clock"] == "10:00"
    assert server.loads() == ["/kiosk/"]  # one load by the browser; the rest were fetches
    seen = rounds(page, 1)
    assert {s["number"] for s in seen} == set(range(1, shown["of"] + 1))
    assert not any(s["mark"] or s["off"] for s in seen)
    context.close()


@pytest.mark.parametrize("fault", ["0xFF bytes", "iso-8859-1"])
def test_4_a_garbled_or_mislabelled_page_is_never_adopted(screen, server, fault):
    """12 bytes of 0xFF inside the slides, or the page labelled iso-8859-1 once: the old screen
    took either and kept it (lost records; mojibake settings, dark on a working morning)."""
    page = screen
    before = state(page)
    new = server.publish(revise)
    if fault == "0xFF bytes":
        server.faults[PAGE] = Rule(overwrite('<h1 class="k-slide__title">'))
        seen = rounds(page, 1)
        assert_rotates(seen, before["version"], "待更新")
        assert all(s["titles"] == before["titles"] for s in seen)
        del server.faults[PAGE]
    else:
        server.faults[PAGE] = Rule(labelled("iso-8859-1"), times=1)
    after = recover(page, new) + rounds(page, 1)
    assert not any(s["off"] for s in after)  # never dark on a working morning
    assert after[-1]["titles"] == [revise(t) for t in before["titles"]]  # every record, intact
    assert page.errors == []


BAD = {
    "page 500": (PAGE, failing(500), "离线"),
    "page truncated": (PAGE, cut_after("</section>"), "待更新"),
    "page stale": (PAGE, None, "待更新"),
    "version.json 500": ("/kiosk/version.json", failing(503), "离线"),
    "version.json broken": ("/kiosk/version.json", garbage('{"version": "7be08'), "离线"),
    "version.json not ours": ("/kiosk/version.json", garbage('{"version": "v3"}'), "离线"),
}


@pytest.mark.parametrize("case", BAD)
def test_any_bad_answer_keeps_the_last_good_content_and_heals_by_itself(screen, server, case):
    page = screen
    before = state(page)
    path, fault, mark = BAD[case]
    old = server.page()
    new = server.publish(revise)
    server.faults[path] = Rule(fault or stale(old))
    seen = rounds(page, 1)
    assert_rotates(seen, before["version"], mark)
    del server.faults[path]
    after = recover(page, new)
    assert REVISED in after[-1]["titles"] and page.errors == []


def test_a_new_build_is_swapped_in_place_without_a_reload(screen, server):
    page = screen
    page.evaluate("window.__sameDocument = true")
    assert step(page, POLL_MS)["number"] == 4  # a poll with nothing new: kept rotating
    # The page the browser loaded is checked once against a verified copy, then only polled.
    assert [t.split("=")[0] for t in server.log[1:]] == ["/kiosk/version.json?t", "/kiosk/?t"]
    assert step(page, POLL_MS)["number"] == 7 and len(server.log) == 4
    new = server.publish(revise)
    start = len(server.log)
    after = recover(page, new)
    assert after[-1]["title"].startswith(REVISED) and after[-1]["number"] == 1
    assert page.evaluate("window.__sameDocument") is True
    assert server.loads(start) == []
    assert page.errors == []
    # The screen's SHA-256 is the build's, at the block edges and beyond the BMP.
    for text in ("", "abc", "a" * 55, "b" * 56, "c" * 64, "公示" * 40 + "𠀀"):
        digest = hashlib.sha256(text.encode()).hexdigest()
        assert page.evaluate("t => cwgkKiosk.sha256(t)", text) == digest, text
