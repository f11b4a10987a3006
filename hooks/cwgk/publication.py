"""What the public site leaves out: internal records, internal tables, and lists of people after
their take-down date. The internal site (edition 内部) shows everything.

Decided here once; the pipeline applies it to everything that is published — pages, version pages,
history diffs (the withheld tables are taken out of every version before comparing, and raw text
diffs are not shown), 更新记录, feeds, the kiosk, statistics, search and the sitemap (pages that are
not made are in neither). Totals computed from a withheld table stay: the aggregates are public.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any, Literal

from .formatting import long_date
from .models import Envelope

Edition = Literal["公开", "内部"]
INTERNAL_ONLY = "本项只在内部网站公开，这里只显示汇总数"


def edition_of(setting: str) -> str:
    """CWGK_EDITION=内部 (or 公开) overrides the setting: one switch for two builds."""
    chosen = os.environ.get("CWGK_EDITION") or setting
    return chosen if chosen in ("公开", "内部") else "公开"


def is_published(record: Envelope, edition: str) -> bool:
    return edition == "内部" or not record.internal


def withheld(record: Envelope, edition: str, today: date) -> dict[str, str]:
    """Table (YAML key) → the sentence shown instead of it."""
    if edition == "内部":
        return {}
    out = {key: INTERNAL_ONLY for key in record.internal_fields}
    names = record.person_list()
    if record.take_down_on and names and today > record.take_down_on:
        out[names] = f"名单已于{long_date(record.take_down_on)}从公开网站撤下"
    return out


def redact(data: Any, keys: dict[str, str]) -> Any:
    """Parsed YAML without the withheld tables (for history diffs)."""
    if not keys or not isinstance(data, dict):
        return data
    return {k: v for k, v in data.items() if k not in keys}
