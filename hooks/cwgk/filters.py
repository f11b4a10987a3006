"""List filters that work offline: which choices a list page offers, from the entries it lists.

The page carries the values on each item (data-kind, data-year, …; see partials/item_list.html) and
assets/cwgk/filter.js hides what does not match, keeping the choice in the address (?kind=…).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .enrich import Entry
from .models import GROUPS
from .models.envelope import Audience

STATUS_CHOICES = (
    ("open", "公示中"),
    ("pending", "未开始"),
    ("closed", "公示期满"),
    ("ended", "已撤回或废止"),
    ("none", "无公示期"),
)
AUDIENCES: tuple[str, ...] = Audience.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Filter:
    name: str  # the item's data-<name> and the address parameter
    label: str
    choices: tuple[tuple[str, str], ...]  # (value, label)


def filters_for(entries: list[Entry], names: tuple[str, ...]) -> list[Filter]:
    """The filters `names` with only the choices that occur among `entries` (no dead ends)."""
    made = {
        "kind": lambda: Filter(
            "kind",
            "栏目",
            tuple(
                (g.slug, g.title) for g in GROUPS if any(e.group.slug == g.slug for e in entries)
            ),
        ),
        "year": lambda: Filter(
            "year",
            "年度",
            tuple(
                (str(y), f"{y}年")
                for y in sorted({e.published_on.year for e in entries}, reverse=True)
            ),
        ),
        "status": lambda: Filter("status", "公示状态", STATUS_CHOICES),
        "audience": lambda: Filter(
            "audience",
            "公开范围",
            tuple((a, a) for a in AUDIENCES if any(e.record.audience == a for e in entries)),
        ),
        "unit": lambda: Filter(
            "unit",
            "发布机构",
            tuple(
                (unit, f"{unit}（{count}）")
                for unit, count in Counter(
                    unit for e in entries for unit in e.record.issuers
                ).most_common()
            ),
        ),
    }
    return [made[name]() for name in names]


def unit_value(issuers: list[str]) -> str:
    """Several issuing units in one attribute: |公司工会|财务部| (matched as a set)."""
    return "|" + "|".join(issuers) + "|"
