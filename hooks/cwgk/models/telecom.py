"""中层领导通讯费: per-person (or per-tier) allowance rows checked against the standard."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import model_validator

from .envelope import ImportTable, sum_mismatch
from .fields import Count, Money, RecordModel, RuleViolation, rule_error, zh
from .period import PeriodicReport


class AllowanceRow(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("姓名", "职务档次")
    name: str | None = zh("姓名", "姓名（与“职务档次”二选一）", person=True, default=None)
    tier: str | None = zh(
        "职务档次", "按档次公开时填写，例如 中层正职（与“姓名”二选一）", default=None
    )
    department: str = zh("部门", "所在部门", min_length=1)
    position: str | None = zh("职务", "职务，例如 主任、副经理", default=None)
    standard: Money = zh("标准", "每月标准（元/月），例如 中层正职 180、副职 100")
    months: Count = zh("月数", "本期月数", ge=1, le=12)
    amount: Money = zh("金额", "本期实际发生的通讯费（元）")
    self_paid: Money = zh("超标自担", "超出标准、由本人承担的部分（元）", default=Decimal(0))

    @model_validator(mode="after")
    def _who(self) -> AllowanceRow:
        if not self.name and not self.tier:
            raise rule_error("这一行既没有姓名也没有职务档次", "写“姓名”或“职务档次”其中之一")
        return self

    @property
    def limit(self) -> Decimal:
        return self.standard * self.months

    @property
    def reimbursed(self) -> Decimal:
        return self.amount - self.self_paid


# An amount over this many times 标准 × 月数 is first questioned as a typing slip.
FAR_ABOVE = 3


class CommunicationAllowance(PeriodicReport):
    kind_slug: ClassVar[str] = "telecom"
    kind_title: ClassVar[str] = "中层领导通讯费"
    import_table: ClassVar[ImportTable] = ImportTable("明细", "金额", "合计")
    default_category: ClassVar[str] = "财务公开"

    kind: Literal["中层领导通讯费"] = zh("类型", "记录类型")
    basis: str | None = zh(
        "依据文件", "标准依据的制度文件，例如 《通讯费管理办法》（司发〔2023〕8号）", default=None
    )
    payment: Literal["包干", "实报实销"] = zh("发放方式", "包干 / 实报实销", default="实报实销")
    rows: list[AllowanceRow] = zh("明细", "每人（或每档）一行", min_length=1)
    stated_total: Money | None = zh(
        "合计", "明细金额合计（元）；可以不写，会自动计算并核对", default=None
    )

    @property
    def total(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal(0))

    @property
    def total_self_paid(self) -> Decimal:
        return sum((r.self_paid for r in self.rows), Decimal(0))

    @property
    def total_reimbursed(self) -> Decimal:
        return self.total - self.total_self_paid

    def kind_violations(self) -> list[RuleViolation]:
        found: list[RuleViolation] = []
        for index, row in enumerate(self.rows):
            excess = row.amount - row.limit
            who = row.name or row.tier
            if excess > 0 and row.self_paid < excess and row.amount > FAR_ABOVE * row.limit:
                # 1.2万 → 12000 on a 180 元/月 line: a typing slip far likelier than a real bill.
                found.append(
                    RuleViolation(
                        ("明细", index, "金额"),
                        f"{who}：金额 {row.amount:.2f} 元是标准 {row.standard:.2f} 元 × {row.months}"
                        f" 个月 = {row.limit:.2f} 元的 {row.amount / row.limit:.0f} 倍，很可能是录入错误"
                        "（多写了位数，或把万元、角当成了元）",
                        "先核对原始单据（发票、话费清单）：金额有误就改正金额；确实发生了这么多，"
                        f"再写 超标自担: {excess:.2f}",
                    )
                )
            elif excess > 0 and row.self_paid < excess:
                found.append(
                    RuleViolation(
                        ("明细", index, "超标自担"),
                        f"{who}：金额 {row.amount:.2f} 元超过标准 {row.standard:.2f} 元 × {row.months} 个月"
                        f" = {row.limit:.2f} 元，超出的 {excess:.2f} 元未标明由本人承担",
                        f"超标自担: {excess:.2f}（或改正金额）",
                    )
                )
            if row.self_paid > row.amount:
                found.append(
                    RuleViolation(
                        ("明细", index, "超标自担"),
                        f"{who}：超标自担 {row.self_paid:.2f} 元大于金额 {row.amount:.2f} 元",
                        f"不超过 {row.amount:.2f} 的金额",
                    )
                )
        if self.stated_total is not None and self.stated_total != self.total:
            found.append(
                sum_mismatch(("合计",), "合计", self.stated_total, self.total, "明细的金额")
            )
        return found

    def headline_amount(self) -> Decimal:
        return self.total
