"""The run's one "now": read once per command or build, to the minute, in the site's time zone.

Nothing else in cwgk reads the system clock: every stage is handed the moment made here.
`CWGK_NOW` pins the moment (``2026-11-24T17:31``, optionally with an offset; tests, rebuilds of an
old day); `CWGK_TODAY=YYYY-MM-DD` pins only the day (noon of it). A wrong value is an error, never
silently the real time: a rebuild "as of" a day must not quietly become a build as of today.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .problems import Problem, ValidationFailed

PINNED_HOUR = time(12, 0)  # CWGK_TODAY: the middle of the working day


def _bad(name: str, value: str, expected: str) -> ValidationFailed:
    return ValidationFailed(
        [Problem(file=f"环境变量 {name}", message=f"无法识别的时间“{value}”", expected=expected)]
    )


def run_moment(timezone: str, environ: dict[str, str] | None = None) -> datetime:
    """The moment this run treats as now, in `timezone`, seconds dropped."""
    env = os.environ if environ is None else environ
    zone = ZoneInfo(timezone)
    if env.get("CWGK_NOW"):
        value = env["CWGK_NOW"]
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _bad(
                "CWGK_NOW", value, "例如 2026-11-24T17:31 或 2026-11-24T17:31+08:00"
            ) from None
        moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    elif env.get("CWGK_TODAY"):
        value = env["CWGK_TODAY"]
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise _bad("CWGK_TODAY", value, "例如 2026-11-24") from None
        moment = at_day(day, timezone)
    else:
        moment = datetime.now(zone)
    return moment.replace(second=0, microsecond=0)


def at_day(day: date, timezone: str) -> datetime:
    """The moment a run pinned to `day` (CWGK_TODAY, a test's build day) treats as now."""
    return datetime.combine(day, PINNED_HOUR, ZoneInfo(timezone))
