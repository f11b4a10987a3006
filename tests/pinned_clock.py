"""The one "now" every test sees unless it sets its own moment.

The build (CWGK_TODAY, read by cwgk.clock) and the browser (Playwright's clock, installed before a
page loads) are pinned to the same moment, so no test ever sees the machine's date. A test of live
status, overdue items, the kiosk schedule or the preview sets the moments it tests explicitly.
`scripts/test.sh` runs the suite a second time with the whole process tree's clock moved (faketime)
to prove it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from cwgk.clock import at_day

ZONE = "Asia/Shanghai"
BUILD_DAY = date(2026, 11, 23)  # the demo data has items in 公示 around this day
NOW: datetime = at_day(BUILD_DAY, ZONE)  # what a build pinned to BUILD_DAY treats as now


@contextmanager
def pinned_env(when: date | datetime | str = BUILD_DAY) -> Iterator[None]:
    """The run's moment pinned for a block: a day (CWGK_TODAY, noon of it) or a moment
    (CWGK_NOW); the environment restored after."""
    saved = {name: os.environ.get(name) for name in ("CWGK_TODAY", "CWGK_NOW")}
    for name in saved:
        os.environ.pop(name, None)
    if isinstance(when, datetime):
        os.environ["CWGK_NOW"] = when.isoformat()
    else:
        os.environ["CWGK_TODAY"] = str(when)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def moment_of(when: date | datetime | str) -> datetime:
    """What a run pinned with `pinned_env(when)` treats as now."""
    if isinstance(when, datetime):
        return when
    return at_day(date.fromisoformat(when) if isinstance(when, str) else when, ZONE)


def pin_browser(context: object, moment: datetime | str = NOW) -> None:
    """Install Playwright's clock at `moment` (it then runs on from there) before any page loads."""
    context.clock.install(time=moment)  # type: ignore[attr-defined]


def stop_at(page: object, when: datetime | str) -> None:
    """The page's clock moved to `when` and held there: time moves only when the test says so
    (`page.clock.run_for`), however slow the machine."""
    moment = datetime.fromisoformat(when) if isinstance(when, str) else when
    page.clock.install(time=moment - timedelta(seconds=5))  # type: ignore[attr-defined]
    page.clock.pause_at(moment)  # type: ignore[attr-defined]


def server_env() -> dict[str, str]:
    """The environment for a server process a test starts (`cwgk serve`).

    Under the test command's moved clock (libfaketime 0.9.10), the monotonic clock is shifted too,
    but the deadlines of Python's timed waits (`Event.wait(timeout)`: sem_clockwait) are not
    translated, so a server's watcher threads would wait for good — a fault of the tool, not a
    date dependence. A server has no use for time.sleep (which fails the other way round), so it
    keeps the moved wall clock and the real monotonic one."""
    env = dict(os.environ)
    if "FAKETIME" in env:
        env["FAKETIME_DONT_FAKE_MONOTONIC"] = "1"
    return env
