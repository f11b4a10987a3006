"""What is news: new disclosures, corrections, withdrawals — for 更新记录 and the Atom feeds.

Wording fixes (minor changes) are not news. A publication is dated by 发布于 (Entry.published_on,
the record's 发布日期), as on its page and in every list, never by the commit that brought it to
the site; corrections, withdrawals and restorations by their commits (that is when they happened).
Without history (history: off) only publications are known.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from .enrich import Entry
from .history import Version

_NAMESPACE = uuid.UUID("5b0c8f1e-7a43-4c1e-9a55-2f6a1d8c3e10")


@dataclass(frozen=True)
class NewsItem:
    entry: Entry
    when: datetime
    label: str  # 新发布 / 更正 / 撤回 / 废止 / 恢复发布 / 标注已修订
    note: str  # the 更正说明, or the record's 内容概述 for a publication
    changes: tuple[str, ...]  # field-level sentences of a correction
    key: str  # stable across builds: the 索引号 and the commit

    @property
    def atom_id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, self.key)}"


def published_at(entry: Entry, zone: ZoneInfo, first_commit: datetime | None = None) -> datetime:
    """The moment of 发布于 for 更新记录 and the feeds: its day is always Entry.published_on; its
    time that of the first commit when that was made on the same day, else the day's start."""
    day = entry.published_on
    if first_commit is not None and first_commit.astimezone(zone).date() == day:
        return first_commit
    return datetime.combine(day, time(0, 0), zone)


def _from_version(entry: Entry, version: Version, zone: ZoneInfo) -> NewsItem:
    first = version.number == 1
    sha = version.commit.sha if version.commit else "uncommitted"
    return NewsItem(
        entry=entry,
        when=published_at(entry, zone, version.when) if first else version.when,
        label="新发布" if first else version.event,
        note=entry.record.summary if first else "；".join(n.text for n in version.notes),
        changes=() if first else tuple(c.sentence() for c in version.changes if c.major),
        key=f"cwgk:{entry.index_no}:{sha}",
    )


def collect_news(entries: list[Entry], timezone: str) -> list[NewsItem]:
    """Newest first; ties (one commit, several records) in 索引号 order for a stable listing."""
    items: list[NewsItem] = []
    zone = ZoneInfo(timezone)
    for entry in entries:
        if entry.history is None:
            when = published_at(entry, zone)
            items.append(
                NewsItem(entry, when, "新发布", entry.record.summary, (), f"cwgk:{entry.index_no}")
            )
            continue
        items += [_from_version(entry, v, zone) for v in entry.history.versions if v.is_news]
    items.sort(key=lambda n: (n.when, n.entry.index_no), reverse=True)
    return items
