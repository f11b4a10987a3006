"""Working days by China's official holiday schedule (法定节假日 and 调休 weekend workdays).

The schedule comes from the `chinesecalendar` package, which knows the years up to its release;
the State Council publishes the next year's schedule around November. For a year the package
does not know, the site's own list (`extra.cwgk.holidays` in mkdocs.yml) is used when present;
otherwise days are counted Monday–Friday and the result is marked provisional.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import chinese_calendar

_KNOWN_FROM = 2004  # chinesecalendar's first year


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to Monday–Friday: weekday holidays and weekend make-up workdays."""

    days_off: frozenset[date] = frozenset()
    make_up_workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class WorkCalendar:
    """The one interface to working days; everything else asks it, never the package."""

    own_years: Mapping[int, YearSchedule] = field(default_factory=dict)
    # Answers already counted: thousands of records and versions share a few 公示期 (start, length).
    _memo: dict[tuple[str, date, Any], Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def source(self, year: int) -> str:
        """'official' (the package), 'site' (mkdocs.yml) or 'estimate' (Monday–Friday)."""
        if year in self.own_years:
            return "site"
        if _KNOWN_FROM <= year <= _package_last_year():
            return "official"
        return "estimate"

    def is_known(self, year: int) -> bool:
        return self.source(year) != "estimate"

    def is_workday(self, day: date) -> bool:
        source = self.source(day.year)
        if source == "official":
            schedule = _official_year(day.year)  # set lookups: a build asks thousands of times
        else:
            schedule = self.own_years.get(day.year, YearSchedule())
        if day in schedule.make_up_workdays:
            return True
        return day.weekday() < 5 and day not in schedule.days_off

    def count_workdays(self, start: date, end: date) -> int:
        """Working days from `start` to `end`, both included (0 when end is before start)."""
        key = ("count", start, end)
        if key not in self._memo:
            self._memo[key] = self._count(start, end)
        return self._memo[key]

    def _count(self, start: date, end: date) -> int:
        count, day = 0, start
        while day <= end:
            count += self.is_workday(day)
            day += timedelta(days=1)
        return count

    def add_workdays(self, start: date, days: int) -> date:
        """The last day of a period of `days` working days counted from, and including, `start`
        (如 2025-09-26 起 5 个工作日 → 2025-10-09)."""
        if days < 1:
            raise ValueError("days must be at least 1")
        key = ("add", start, days)
        if key not in self._memo:
            self._memo[key] = self._add(start, days)
        return self._memo[key]

    def _add(self, start: date, days: int) -> date:
        day, left = start, days
        while True:
            if self.is_workday(day):
                left -= 1
                if left == 0:
                    return day
            day += timedelta(days=1)

    def for_browser(self, years: Iterable[int], utc_offset_minutes: int) -> dict[str, Any]:
        """The data assets/cwgk/workdays.js counts with: the exceptions and the site's UTC offset."""
        return {**self.exceptions(years), "utc_offset_minutes": utc_offset_minutes}

    def exceptions(self, years: Iterable[int]) -> dict[str, list[str]]:
        """What a browser needs to count working days itself: for the given years, the weekdays
        that are off and the weekend days that are worked (ISO dates), and the years it may trust.
        Everything else is Monday–Friday."""
        off: list[str] = []
        on: list[str] = []
        known: list[int] = []
        for year in sorted(set(years)):
            if not self.is_known(year):
                continue
            known.append(year)
            day = date(year, 1, 1)
            while day.year == year:
                if self.is_workday(day) != (day.weekday() < 5):
                    (on if day.weekday() >= 5 else off).append(day.isoformat())
                day += timedelta(days=1)
        return {"off": off, "on": on, "known_years": [str(y) for y in known]}


def utc_offset_minutes(moment: datetime) -> int:
    """The site's offset from UTC at `moment` (Asia/Shanghai: 480), for clocks in the browser."""
    offset = moment.utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


@cache
def _official_year(year: int) -> YearSchedule:
    """The package's schedule for one year as two sets (its own is_workday is 25 µs a call)."""
    days_off = frozenset(d for d in chinese_calendar.holidays if d.year == year and d.weekday() < 5)
    worked = frozenset(d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5)
    return YearSchedule(days_off, worked)


@cache
def _package_last_year() -> int:
    return max(d.year for d in chinese_calendar.holidays)


def calendar_from_settings(
    own: Mapping[int, tuple[Iterable[date], Iterable[date]]],
) -> WorkCalendar:
    """Build the calendar from the site's own lists: year → (放假日期, 调休上班日期)."""
    return WorkCalendar(
        {
            year: YearSchedule(frozenset(days_off), frozenset(workdays))
            for year, (days_off, workdays) in own.items()
        }
    )


@dataclass(frozen=True)
class NoticeRules:
    """How long a 公示期 is when a record gives only its start: the record's own 工作日, else the
    kind's default, else the site's; counted on `calendar`. Handed to validation as context."""

    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    default_days: int = 5
    days_by_kind: Mapping[str, int] = field(default_factory=dict)

    def days_for(self, kind_title: str | None) -> int:
        return self.days_by_kind.get(kind_title or "", self.default_days)


DEFAULT_RULES = NoticeRules()
