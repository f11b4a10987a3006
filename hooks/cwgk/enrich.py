"""Enrich valid records with what is derived from several of them: URLs, series, 同比, status."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from .date_rules import ENDED_VALIDITY, Status, notice_reading
from .history import Histories, RecordHistory
from .models import GROUP_OF_KIND, Envelope, KindGroup
from .models.opinion import ANSWERED, Opinion
from .models.simple_kinds import Regulation
from .name_policy import NameDisplay, mask_record
from .publication import is_published, withheld
from .urls import record_src_path, record_url
from .validate import ValidRecord
from .workdays import WorkCalendar


@dataclass
class Entry:
    """A record with everything the pages need that is not in its own file."""

    record: Envelope
    file: str
    url: str
    src_path: str
    group: KindGroup
    previous: Entry | None = None  # the same series' record for the previous period
    status: Status = "无公示期"
    history: RecordHistory | None = None  # None: the site is built without history
    opinions: list[Opinion] = field(default_factory=list)  # oldest first
    withheld: dict[str, str] = field(default_factory=dict)  # table → what is shown instead
    # Regulations linked by 替代索引号, both ways (a cycle: kept out of repr and ==).
    replaces: Entry | None = field(default=None, repr=False, compare=False)
    replaced_by: Entry | None = field(default=None, repr=False, compare=False)

    @property
    def answered_count(self) -> int:
        return sum(o.status in ANSWERED for o in self.opinions)

    @property
    def index_no(self) -> str:
        return self.record.index_no

    @property
    def published_on(self) -> date:
        """发布于 — one fact, shown the same on the record page, every list, 更新记录, the feeds
        and 统计: the record's own 发布日期, which is authoritative. A commit date says only when
        the site learned of the record (its history says 收录到本站 on that day when later)."""
        return self.record.published_on

    @property
    def year_over_year(self) -> tuple[Decimal, Decimal] | None:
        """(current, previous) amounts for the 同比 sentence, where the kind has one."""
        if self.previous is None:
            return None
        current, previous = self.record.headline_amount(), self.previous.record.headline_amount()
        if current is None or previous is None:
            return None
        return current, previous


def notice_status(record: Envelope, moment: datetime, calendar: WorkCalendar) -> Status:
    period = record.notice_period
    if period is None:
        return "无公示期"
    if record.validity in ENDED_VALIDITY:
        return "已终止"
    return notice_reading(period.start, period.last_day, period.end_time, moment, calendar).status


def sort_key(entry: Entry) -> tuple[date, str]:
    """Newest first everywhere: by 发布日期, then 索引号 for a stable order on one day."""
    return (entry.published_on, entry.record.index_no)


def enrich(
    records: list[ValidRecord],
    moment: datetime,
    calendar: WorkCalendar,
    histories: Histories | None = None,
    opinions: list[Opinion] | None = None,
    names: NameDisplay = "全名",
    edition: str = "内部",
) -> list[Entry]:
    """`names`: the site's way of showing people's names (a record may set its own).
    `edition`: 公开 leaves internal records out and withholds internal tables (publication.py).
    `moment`: the run's now (clock.py), in the site's zone; statuses are read at it."""
    today = moment.date()
    records = [item for item in records if is_published(item.record, edition)]
    entries = [
        Entry(
            record=mask_record(item.record, item.record.name_display or names),
            file=item.file,
            url=record_url(item.record.index_no),
            src_path=record_src_path(item.record.index_no),
            group=GROUP_OF_KIND[type(item.record)],
            status=notice_status(item.record, moment, calendar),
            history=histories.of(item) if histories else None,
            withheld=withheld(item.record, edition, today),
        )
        for item in records
    ]
    series: dict[tuple[str, ...], dict[int, Entry]] = defaultdict(dict)
    for entry in entries:
        key = entry.record.series_key()
        if key is None or entry.record.validity in ("已撤回", "已废止"):
            continue
        year = entry.record.series_year()
        current = series[key].get(year)
        # Two records for one period (e.g. a 已修订 one and its replacement): the later one counts.
        if current is None or sort_key(current) < sort_key(entry):
            series[key][year] = entry
    for by_year in series.values():
        for year, entry in by_year.items():
            entry.previous = by_year.get(year - 1)
    by_index = {e.index_no: e for e in entries}
    for entry in entries:
        named = entry.record.replaces_index_no if isinstance(entry.record, Regulation) else None
        if named in by_index:  # validated; absent when internal (public site)
            entry.replaces, by_index[named].replaced_by = by_index[named], entry
    for opinion in sorted(opinions or [], key=lambda o: (o.received_on, o.number)):
        if opinion.about in by_index:  # validated to exist; absent when internal (public site)
            by_index[opinion.about].opinions.append(opinion)
    entries.sort(key=sort_key, reverse=True)
    return entries
