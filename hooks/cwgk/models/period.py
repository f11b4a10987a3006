"""期间: the reporting period of a periodic disclosure (half-year, quarter, month, year)."""

from __future__ import annotations

from typing import Literal

from .envelope import Envelope
from .fields import RecordModel, Year, zh

Span = Literal[
    "全年", "上半年", "下半年", "第一季度", "第二季度", "第三季度", "第四季度",
    "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
]  # fmt: skip


class Period(RecordModel):
    year: Year = zh("年度", "所属年度，例如 2024")
    span: Span = zh("区间", "全年 / 上半年 / 下半年 / 第一季度…第四季度 / 1月…12月", default="全年")

    @property
    def label(self) -> str:
        return f"{self.year}年度" if self.span == "全年" else f"{self.year}年{self.span}"


class PeriodicReport(Envelope):
    """A report about one 期间 (招待费 half-years, 通讯费 quarters): one series per issuer and span."""

    period: Period = zh("期间", "报告期间：年度和区间（全年 / 上半年 / 下半年 / 季度 / 月份）")

    def series_key(self) -> tuple[str, ...]:
        return (self.kind_slug, self.series or self.issuers[0], self.period.span)

    def series_year(self) -> int:
        return self.period.year

    def period_label(self) -> str:
        return self.period.label
