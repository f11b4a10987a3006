"""统计: what the union puts in its annual work summary, counted from the records themselves.

Counts are always made from the records (never a quoted total: sources get those wrong), and the
spending charts from the amounts the records carry. Withdrawn records are counted as published
(they were) but left out of spending.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import get_args

from .charts import BarChart, Series, bar_chart
from .enrich import Entry
from .models import GROUPS
from .models.bonus import BonusPlan
from .models.hospitality import HospitalityReport
from .models.opinion import Opinion
from .models.period import PeriodicReport, Span
from .models.telecom import CommunicationAllowance
from .news import NewsItem

_SPAN_ORDER = {span: n for n, span in enumerate(get_args(Span))}
WITHDRAWN = ("已撤回", "已废止")  # no longer in force: out of spending, counted as withdrawn


@dataclass(frozen=True)
class CountRow:
    label: str
    counts: tuple[int, ...]  # one per year of the table

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class CountTable:
    years: tuple[int, ...]
    rows: tuple[CountRow, ...]

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(r.counts[i] for r in self.rows) for i in range(len(self.years)))

    @property
    def total(self) -> int:
        return sum(self.totals)


def publications_by_kind(entries: list[Entry]) -> CountTable:
    """Records published per 栏目 and year of 发布日期."""
    years = tuple(sorted({e.published_on.year for e in entries}))
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for entry in entries:
        counts[entry.group.slug, entry.published_on.year] += 1
    rows = tuple(CountRow(g.title, tuple(counts[g.slug, y] for y in years)) for g in GROUPS)
    return CountTable(years, rows)


def changes_by_year(
    entries: list[Entry], news: list[NewsItem], years: tuple[int, ...]
) -> CountTable:
    """Publications (by 发布于), corrections (from the history) and withdrawals per year.

    撤回、废止 counts every record whose 有效性 now says so, once, in the year it happened: the
    version that set 有效性 to 已撤回 or 已废止 when the history has it; otherwise (the record
    reached the site already withdrawn — e.g. an older disclosure collected later — or the site
    is built without history) the year of its 发布日期, the only date the record itself vouches
    for: the withdrawal happened on or after it, and the 各栏目 table counts it in that year too.
    Counting records rather than 撤回 news also keeps a record withdrawn, restored and withdrawn
    again to one."""
    labels = ("新发布", "更正", "撤回、废止")
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for entry in entries:
        counts["新发布", entry.published_on.year] += 1
        validity = entry.record.validity
        if validity in WITHDRAWN:
            change = entry.history.validity_change(validity) if entry.history else None
            counts["撤回、废止", (change.when.date() if change else entry.published_on).year] += 1
    for item in news:
        if item.label == "更正":
            counts["更正", item.when.year] += 1
    all_years = tuple(sorted(set(years) | {y for _, y in counts}))
    return CountTable(
        all_years,
        tuple(CountRow(label, tuple(counts[label, y] for y in all_years)) for label in labels),
    )


def _in_force(entries: list[Entry], kind: type) -> list[Entry]:
    return [e for e in entries if isinstance(e.record, kind) and e.record.validity not in WITHDRAWN]


def _periods(entries: list[Entry]) -> list[tuple[int, str]]:
    keys = set()
    for entry in entries:
        assert isinstance(entry.record, PeriodicReport)
        keys.add((entry.record.period.year, entry.record.period.span))
    return sorted(keys, key=lambda k: (k[0], _SPAN_ORDER[k[1]]))


def _label(year: int, span: str) -> tuple[str, str]:
    # Short second lines so eleven quarters fit a phone-width chart: 第三季度 → 三季度.
    return (f"{year}年", span.removeprefix("第"))


def _latest_per_period(entries: list[Entry]) -> dict[tuple[str, int, str], Entry]:
    """One report per issuer and period: a 已修订 one gives way to the one that replaced it."""
    chosen: dict[tuple[str, int, str], Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.published_on, e.index_no)):
        record = entry.record
        assert isinstance(record, PeriodicReport)
        chosen[record.series or record.issuers[0], record.period.year, record.period.span] = entry
    return chosen


def hospitality_chart(entries: list[Entry]) -> BarChart | None:
    """业务招待费 per period: 核定额 against 实际支出."""
    reports = list(_latest_per_period(_in_force(entries, HospitalityReport)).values())
    if not reports:
        return None
    periods = _periods(reports)
    budget: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    spent: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for entry in reports:
        record = entry.record
        assert isinstance(record, HospitalityReport)
        key = (record.period.year, record.period.span)
        budget[key] += record.budget
        spent[key] += record.spent
    return bar_chart(
        "业务招待费：核定额与实际支出",
        [_label(*p) for p in periods],
        [
            Series("核定额", "budget", tuple(budget[p] for p in periods)),
            Series("实际支出", "actual", tuple(spent[p] for p in periods)),
        ],
    )


def telecom_chart(entries: list[Entry]) -> BarChart | None:
    """中层领导通讯费: the amount of each period (quarter)."""
    reports = list(_latest_per_period(_in_force(entries, CommunicationAllowance)).values())
    if not reports:
        return None
    periods = _periods(reports)
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for entry in reports:
        record = entry.record
        assert isinstance(record, CommunicationAllowance)
        totals[record.period.year, record.period.span] += record.total
    return bar_chart(
        "中层领导通讯费：各期发生金额",
        [_label(*p) for p in periods],
        [Series("发生金额", "actual", tuple(totals[p] for p in periods))],
    )


def bonus_chart(entries: list[Entry]) -> BarChart | None:
    """奖金: the totals of every plan for a year (annual and quarterly plans added up)."""
    plans = _in_force(entries, BonusPlan)
    if not plans:
        return None
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for entry in plans:
        record = entry.record
        assert isinstance(record, BonusPlan)
        totals[record.fiscal_year] += record.total
    years = sorted(totals)
    return bar_chart(
        "奖金分配方案：各年度奖金总额",
        [(f"{y}年", "") for y in years],
        [Series("奖金总额", "actual", tuple(totals[y] for y in years))],
    )


def opinion_items(entries: list[Entry]) -> list[tuple[Opinion, Entry]]:
    """Every published opinion with the disclosure it concerns."""
    return [(o, e) for e in entries for o in e.opinions]


@dataclass(frozen=True)
class OpinionYear:
    year: int
    received: int
    answered: int
    adopted: int
    declined: int
    open: int


def opinion_counts(items: list[tuple[Opinion, Entry]]) -> list[OpinionYear]:
    """Per year of receipt: the figures a union reports in its annual summary."""
    by_year: dict[int, list[Opinion]] = defaultdict(list)
    for opinion, _ in items:
        by_year[opinion.received_on.year].append(opinion)
    return [
        OpinionYear(
            year=year,
            received=len(found),
            answered=sum(o.answered for o in found),
            adopted=sum(o.status == "已采纳" for o in found),
            declined=sum(o.status == "未采纳" for o in found),
            open=sum(not o.answered for o in found),
        )
        for year, found in sorted(by_year.items(), reverse=True)
    ]
