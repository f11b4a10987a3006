"""Each date rule, defined once in date_rules.py, on the shared table of vectors (also run by the
browser's copy in tests/browser/test_date_rules_in_browser.py)."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cwgk.date_rules import kiosk_rank, notice_reading, overdue_days
from cwgk.workdays import WorkCalendar

VECTORS = json.loads((Path(__file__).parent / "date_vectors.json").read_text(encoding="utf-8"))
ZONE = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar()


def site_moment(text: str) -> datetime:
    """A vector's moment in the site's zone (without an offset it is Beijing time)."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=ZONE) if moment.tzinfo is None else moment.astimezone(ZONE)


def period(name: str) -> tuple[date, date, time | None]:
    p = VECTORS["periods"][name]
    end_time = time.fromisoformat(p["end_time"]) if p["end_time"] else None
    return date.fromisoformat(p["start"]), date.fromisoformat(p["end"]), end_time


def test_the_table_is_large_and_covers_what_it_promises():
    cases = VECTORS["status"]
    assert len(cases) + len(VECTORS["overdue"]) >= 50
    keys = {c[2] for c in cases}
    assert keys == {"pending", "open", "closed"}
    assert any("约" in c[3] for c in cases) and any("今天17:30截止" in c[3] for c in cases)
    days = {site_moment(c[1]).date() for c in cases}
    assert date(2026, 10, 1) in days  # a public holiday
    assert date(2026, 10, 10) in days  # a 调休 working Saturday


@pytest.mark.parametrize("case", VECTORS["status"], ids=lambda c: f"{c[0]}@{c[1]}")
def test_status_vectors(case):
    name, now, key, text, remaining = case
    reading = notice_reading(*period(name), site_moment(now), CALENDAR)
    assert (reading.key, reading.text, reading.remaining) == (key, text, remaining)


@pytest.mark.parametrize("case", VECTORS["overdue"], ids=lambda c: f"{c[0]}@{c[1]}")
def test_overdue_vectors(case):
    due, now, days = case
    assert overdue_days(date.fromisoformat(due) if due else None, site_moment(now).date()) == days


@pytest.mark.parametrize("case", VECTORS["kiosk_order"], ids=lambda c: c["now"])
def test_kiosk_order_vectors(case):
    moment = site_moment(case["now"])

    def rank(pair: tuple[int, dict]) -> tuple:
        position, item = pair
        if not item["start"]:
            return kiosk_rank(None, None, None, item["index"], position)
        start, end = date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
        end_time = time.fromisoformat(item["end_time"]) if item["end_time"] else None
        key = notice_reading(start, end, end_time, moment, CALENDAR).key
        return kiosk_rank(key, start, end, item["index"], position)

    ordered = sorted(enumerate(case["given"]), key=rank)
    assert [item["index"] for _, item in ordered] == case["order"]
