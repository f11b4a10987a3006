from datetime import date

import pytest
from cwgk.workdays import WorkCalendar, calendar_from_settings

OFFICIAL = WorkCalendar()


@pytest.mark.parametrize(
    ("start", "days", "end"),
    [
        # The domain brief's vectors (counting the start day).
        (date(2018, 5, 28), 7, date(2018, 6, 5)),
        (date(2023, 3, 23), 7, date(2023, 3, 31)),
        (date(2025, 9, 26), 5, date(2025, 10, 9)),  # Sunday 9/28 is a make-up workday
        # Spring Festival 2026: Sat 2/14 is worked, 2/15–2/23 off.
        (date(2026, 2, 13), 3, date(2026, 2, 24)),
        # National Day 2026: 10/1–10/7 off; Sun 9/20 and Sat 10/10 are worked.
        (date(2026, 9, 30), 2, date(2026, 10, 8)),
        (date(2026, 9, 19), 2, date(2026, 9, 21)),  # starts on a Saturday; Sunday 9/20 counts
        (date(2026, 10, 9), 2, date(2026, 10, 10)),
        (date(2026, 11, 24), 1, date(2026, 11, 24)),
    ],
)
def test_add_workdays_follows_the_official_schedule(start, days, end):
    assert OFFICIAL.add_workdays(start, days) == end
    assert OFFICIAL.count_workdays(start, end) == days


def test_count_workdays_is_zero_when_the_end_is_before_the_start():
    assert OFFICIAL.count_workdays(date(2026, 11, 30), date(2026, 11, 24)) == 0
    with pytest.raises(ValueError):
        OFFICIAL.add_workdays(date(2026, 11, 24), 0)


def test_a_year_the_package_does_not_know_is_estimated_monday_to_friday():
    assert OFFICIAL.source(2027) == "estimate"
    assert not OFFICIAL.is_known(2027)
    assert OFFICIAL.is_workday(date(2027, 1, 1))  # a Friday: New Year unknown without a schedule
    assert not OFFICIAL.is_workday(date(2027, 1, 2))


def test_the_sites_own_schedule_fills_a_year_in():
    own = calendar_from_settings({2027: ([date(2027, 1, 1)], [date(2027, 2, 6)])})
    assert own.source(2027) == "site" and own.is_known(2027)
    assert not own.is_workday(date(2027, 1, 1))
    assert own.is_workday(date(2027, 2, 6))  # a Saturday worked
    assert own.source(2026) == "official"


def test_exceptions_list_what_differs_from_monday_to_friday():
    data = OFFICIAL.exceptions([2026, 2027])
    assert "2026-10-01" in data["off"] and "2026-10-03" not in data["off"]  # Saturday: no exception
    assert "2026-10-10" in data["on"] and "2026-09-20" in data["on"]
    assert data["known_years"] == ["2026"]
    assert not any(d.startswith("2027") for d in data["off"] + data["on"])
