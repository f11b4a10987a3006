"""The browser's copy of the date rules (assets/cwgk/workdays.js) on the same table of vectors as
date_rules.py (tests/test_date_rules.py), in Chromium, with the calendar data the build ships."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from cwgk.workdays import WorkCalendar

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "date_vectors.json").read_text(encoding="utf-8"))


def instant(text: str) -> str:
    """A vector's moment as an instant (without an offset it is Beijing time)."""
    return text if datetime.fromisoformat(text).tzinfo else text + ":00+08:00"


@pytest.fixture(scope="module")
def rules(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><title>rules</title>")
    page.add_script_tag(path=str(ROOT / "theme_overrides" / "assets" / "cwgk" / "workdays.js"))
    data = WorkCalendar().for_browser(range(2024, 2029), 480)
    page.evaluate("data => { window.cal = cwgkWorkdays(data); }", data)
    yield page
    page.close()


def test_status_vectors_in_chromium(rules):
    cases = [
        {**VECTORS["periods"][name], "now": instant(now), "expect": [key, text, remaining]}
        for name, now, key, text, remaining in VECTORS["status"]
    ]
    got = rules.evaluate(
        """cases => cases.map(c => {
             const s = cal.status(c.start, c.end, c.end_time, Date.parse(c.now));
             return [s.key, s.text, s.remaining === undefined ? null : s.remaining];
           })""",
        cases,
    )
    wrong = [
        (c["start"], c["now"], g, c["expect"])
        for c, g in zip(cases, got, strict=True)
        if g != c["expect"]
    ]
    assert not wrong


def test_overdue_vectors_in_chromium(rules):
    cases = [
        {"due": due, "now": instant(now), "days": days} for due, now, days in VECTORS["overdue"]
    ]
    got = rules.evaluate(
        "cases => cases.map(c => c.due ? cal.overdue(c.due, Date.parse(c.now)) : 0)", cases
    )
    assert got == [c["days"] for c in cases]


def test_kiosk_order_vectors_in_chromium(rules):
    for case in VECTORS["kiosk_order"]:
        items = [
            {"index": i["index"], "start": i["start"], "end": i["end"], "endTime": i["end_time"]}
            for i in case["given"]
        ]
        got = rules.evaluate(
            "([items, now]) => cal.order(items, Date.parse(now)).map(i => i.index)",
            [items, instant(case["now"])],
        )
        assert got == case["order"], case["now"]
