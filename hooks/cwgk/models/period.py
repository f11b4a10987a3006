"""期间: the reporting period of a periodic disclosure (half-year, quarter, month, year)."""

from __future__ import annotations

from typing import Literal

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

    def previous_year(self) -> Period:
        return Period.model_validate({"年度": self.year - 1, "区间": self.span})
