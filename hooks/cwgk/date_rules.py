"""Every date question the site answers, each defined once, to the minute.

The browser answers the same questions with its own clock (assets/cwgk/workdays.js, used by the
pages, status.js and the kiosk); both copies are run on one table of vectors
(tests/date_vectors.json) by tests/test_date_rules.py, in Python and in Chromium.

- 公示 status: 未开始 before the first day, 公示中 until the last day's 截止时间 (end of the day when
  none is given), then 公示期满 — with the words employees read and the working days left.
- Overdue days of a 公开目录 item: whole calendar days after its due date.
- Kiosk order: in 公示 first (soonest end first), then about to start (soonest start first), then
  the rest as given (newest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from .workdays import WorkCalendar

StatusKey = Literal["pending", "open", "closed"]
Status = Literal["公示中", "公示期满", "未开始", "无公示期", "已终止"]
# A record withdrawn or repealed is never 公示中, whatever its dates say, and invites no objection.
ENDED_VALIDITY = ("已撤回", "已废止")
STATUS_OF_KEY: dict[StatusKey, Status] = {
    "pending": "未开始",
    "open": "公示中",
    "closed": "公示期满",
}


@dataclass(frozen=True)
class NoticeReading:
    """A 公示期 read at one moment."""

    key: StatusKey
    text: str  # as the page, the home list and the kiosk show it
    remaining: int | None = None  # working days left, today included (公示中 only)
    sure: bool = True  # False when a year of the remaining days has no official schedule yet

    @property
    def status(self) -> Status:
        return STATUS_OF_KEY[self.key]


def closes_at(end: date, end_time: time | None) -> datetime:
    """The last moment of a 公示期 (naive, site-local): its 截止时间, else the day's last minute."""
    return datetime.combine(end, end_time or time(23, 59, 59))


def notice_reading(
    start: date, end: date, end_time: time | None, moment: datetime, calendar: WorkCalendar
) -> NoticeReading:
    """The status of a 公示期 at `moment`, a time in the site's zone (its date and time of day
    are read as they stand)."""
    local = moment.replace(tzinfo=None)
    if local < datetime.combine(start, time()):
        return NoticeReading("pending", f"未开始（{start.month}月{start.day}日起公示）")
    if local > closes_at(end, end_time):
        return NoticeReading("closed", "公示期满")
    today = local.date()
    if today == end:
        cut = f"{end_time.hour:02d}:{end_time.minute:02d}" if end_time else ""
        return NoticeReading("open", f"公示中（今天{cut}截止）", remaining=1)
    left = calendar.count_workdays(today, end)
    sure = all(calendar.is_known(year) for year in range(today.year, end.year + 1))
    return NoticeReading(
        "open", f"公示中（剩余{'' if sure else '约'}{left}个工作日）", remaining=left, sure=sure
    )


def overdue_days(due: date | None, today: date) -> int:
    """Calendar days a 公开目录 item is late on `today` (0: on time, or nothing due)."""
    if due is None or today <= due:
        return 0
    return (today - due).days


def kiosk_rank(
    key: StatusKey | None, start: date | None, end: date | None, tie: str, position: int
) -> tuple[int, str, str, int]:
    """Sort key of a screen: in 公示 first (soonest end first), then about to start (soonest
    start first), then the rest in the order given (`position`: newest first). `tie`: the 索引号,
    for screens ending or starting on the same day."""
    if key is None or key == "closed" or start is None or end is None:
        return (2, "", "", position)
    if key == "open":
        return (0, end.isoformat(), tie, position)
    return (1, start.isoformat(), tie, position)
