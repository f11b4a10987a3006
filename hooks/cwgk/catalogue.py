"""公开目录: the union's checklist of regular disclosures — for each item its latest publication,
the next due date, and 逾期 when it has passed.

The rule for "which period did a publication report on": the earliest period whose due date is on
or after the publication (a 第三季度 report published on 10月12日 fulfils the period due 10月15日).
The next due date is that of the following period. Items published 按需 (event-driven) have none.
"""

from __future__ import annotations

import calendar as month_lengths
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .date_rules import overdue_days
from .models import KIND_BY_TITLE, Envelope
from .models.fields import rule_error
from .models.registry import GROUPS
from .problems import Problem

Frequency = Literal["每月", "每季度", "每半年", "每年", "按需"]
_MONTHS = {"每月": 1, "每季度": 3, "每半年": 6, "每年": 12}


def _kind_titles(value: Any) -> Any:
    """Kinds by their 类型 or by the 栏目 that holds them (招聘人员方案及结果 → plan and result)."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        text = str(item).strip()
        group = next((g for g in GROUPS if text in (g.title, g.slug)), None)
        if text in KIND_BY_TITLE:
            out.append(text)
        elif group is not None:
            out += [k.kind_title for k in group.kinds]
        else:
            raise rule_error(f"不认识的类型“{text}”", "以下之一：" + "、".join(KIND_BY_TITLE))
    return out


class CatalogueItem(BaseModel):
    """One regular item of the 公开目录 (set once in mkdocs.yml under extra.cwgk.catalogue)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str = Field(min_length=2, max_length=30, description="事项名称，例如 中层领导通讯费")
    kinds: Annotated[list[str], BeforeValidator(_kind_titles)] = Field(
        min_length=1, description="哪些类型的记录算作该事项的公开，例如 [中层领导通讯费]"
    )
    title_contains: str | None = Field(
        None, description="只算标题含此词的记录（同一类型下的不同事项），例如 经费收支"
    )
    frequency: Frequency = Field(description="公开频次：每月 / 每季度 / 每半年 / 每年 / 按需")
    due_months: int = Field(
        1, ge=0, le=12, description="期满后第几个月内公开：0 为当期最后一个月，1 为次月"
    )
    due_day: int = Field(15, ge=1, le=31, description="该月几日前（含当日）公开")
    basis: str | None = Field(None, description="依据，例如 公司厂务公开实施办法第八条")

    @property
    def due_rule(self) -> str:
        """The rule in words: 每季度，期满后次月15日前 / 每年，次年3月31日前 / 事项发生后及时公开."""
        if self.frequency == "按需":
            return "事项发生后及时公开"
        if self.frequency == "每年":
            month = "当年12月" if self.due_months == 0 else f"次年{self.due_months}月"
            return f"每年，{month}{self.due_day}日前"
        if self.due_months == 0:
            return f"{self.frequency}，当期最后一个月{self.due_day}日前"
        when = "次月" if self.due_months == 1 else f"第{self.due_months}个月"
        return f"{self.frequency}，期满后{when}{self.due_day}日前"

    def matches(self, record: Envelope) -> bool:
        return (
            record.kind_title in self.kinds
            and record.validity != "已撤回"
            and (not self.title_contains or self.title_contains in record.title)
        )

    def due_after(self, day: date) -> date:
        """The earliest due date on or after `day`."""
        step = _MONTHS[self.frequency]
        # Start a few periods back: a period that ended before `day` may still be due after it.
        first_month = (day.month - 1) // step * step + 1
        year, month = _add_months(day.year, first_month, -(self.due_months // step + 2) * step)
        while True:
            due = self._due_of(year, month)
            if due >= day:
                return due
            year, month = _add_months(year, month, step)

    def _due_of(self, year: int, month: int) -> date:
        """Due date of the period that starts in year-month."""
        step = _MONTHS[self.frequency]
        end_year, end_month = _add_months(year, month, step - 1)
        due_year, due_month = _add_months(end_year, end_month, self.due_months)
        last = month_lengths.monthrange(due_year, due_month)[1]
        return date(due_year, due_month, min(self.due_day, last))

    def next_due(self, latest: date) -> date:
        """Due date of the period after the one the publication on `latest` fulfilled."""
        fulfilled = self.due_after(latest)
        return self.due_after(date.fromordinal(fulfilled.toordinal() + 1))


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True)
class CatalogueRow:
    item: CatalogueItem
    latest: Envelope | None
    count: int  # publications of this item in all
    next_due: date | None

    def overdue_days(self, today: date) -> int:
        return overdue_days(self.next_due, today)


def catalogue(
    items: list[CatalogueItem], records: list[Envelope], today: date
) -> list[CatalogueRow]:
    rows = []
    for item in items:
        found = [r for r in records if item.matches(r)]
        latest = max(found, key=lambda r: (r.published_on, r.index_no), default=None)
        if item.frequency == "按需":
            due = None
        elif latest is None:
            due = item.due_after(today)  # nothing yet: the first due date ahead
        else:
            due = item.next_due(latest.published_on)
        rows.append(CatalogueRow(item, latest, len(found), due))
    return rows


def overdue_problems(rows: list[CatalogueRow], today: date) -> list[Problem]:
    """Overdue regular items, as advice printed by check and build (never failing them)."""
    problems = []
    for number, row in enumerate(rows):
        days = row.overdue_days(today)
        if not days or row.next_due is None:
            continue
        last = f"，上次公开为 {row.latest.published_on.isoformat()}" if row.latest else ""
        problems.append(
            Problem(
                file="mkdocs.yml",
                field=f"extra.cwgk.catalogue[{number + 1}]",
                message=f"定期公开事项「{row.item.item}」应于 {row.next_due.isoformat()} 前公开"
                f"（{row.item.due_rule}），已逾期 {days} 天{last}",
                expected="尽快发布该期公开事项",
                severity="提示",
            )
        )
    return problems
