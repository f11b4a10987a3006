"""业务招待费使用情况: budget, actual spending, per-department rows; 结余 and 同比 are derived."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from .envelope import ImportTable, sum_mismatch
from .fields import Count, Money, RecordModel, RuleViolation, zh
from .period import PeriodicReport


class ExpenseItem(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("项目",)
    item: str = zh("项目", "开支项目，例如 餐费、住宿、礼品", min_length=1)
    amount: Money = zh("金额", "该项目支出（元）")


class DepartmentSpending(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("部门",)
    department: str = zh("部门", "部门名称", min_length=1)
    batches: Count | None = zh("批次", "接待批次", default=None)
    persons: Count | None = zh("人次", "接待人次", default=None)
    amount: Money = zh("金额", "该部门支出（元）")
    reason: str | None = zh("事由", "主要接待事由", prose=True, default=None)


class HospitalityReport(PeriodicReport):
    kind_slug: ClassVar[str] = "hospitality"
    kind_title: ClassVar[str] = "业务招待费使用情况"
    import_table: ClassVar[ImportTable] = ImportTable("部门明细", "金额", "实际支出")
    default_category: ClassVar[str] = "财务公开"

    kind: Literal["业务招待费使用情况"] = zh("类型", "记录类型")
    budget: Money = zh("核定额", "核定的业务招待费指标（元）")
    actual: Money | None = zh(
        "实际支出", "实际支出（元）；有部门明细时可以不写，由明细相加", default=None
    )
    items: list[ExpenseItem] = zh("主要开支项目", "按项目分列的支出", default_factory=list)
    departments: list[DepartmentSpending] = zh("部门明细", "按部门分列的支出", default_factory=list)
    compliance: str | None = zh(
        "合规说明", "开支是否符合制度、手续是否完备", prose=True, default=None
    )
    review: str | None = zh("审议意见", "职代会或监督小组的审议意见", prose=True, default=None)

    @property
    def spent(self) -> Decimal:
        if self.departments:
            return sum((d.amount for d in self.departments), Decimal(0))
        return self.actual if self.actual is not None else Decimal(0)

    @property
    def balance(self) -> Decimal:
        """结余 (positive) or 超支 (negative)."""
        return self.budget - self.spent

    def kind_violations(self) -> list[RuleViolation]:
        found: list[RuleViolation] = []
        if self.actual is None and not self.departments:
            found.append(
                RuleViolation(
                    ("实际支出",), "没有写实际支出，也没有部门明细", "实际支出的金额，或部门明细"
                )
            )
        if self.actual is not None and self.departments and self.actual != self.spent:
            found.append(
                sum_mismatch(("实际支出",), "实际支出", self.actual, self.spent, "部门明细的金额")
            )
        if self.items:
            items_total = sum((i.amount for i in self.items), Decimal(0))
            if self.actual is not None and items_total != self.actual:  # against what is written
                found.append(
                    sum_mismatch(
                        ("主要开支项目",),
                        "实际支出",
                        self.actual,
                        items_total,
                        "主要开支项目的金额",
                    )
                )
            elif self.actual is None and items_total != self.spent:  # no total: two sums
                found.append(
                    RuleViolation(
                        ("主要开支项目",),
                        f"部门明细的金额相加是 {self.spent:,.2f} 元，但主要开支项目的金额相加是 "
                        f"{items_total:,.2f} 元，相差 {self.spent - items_total:+,.2f} 元",
                        "两处的合计相等：改正部门明细或主要开支项目中写错的金额",
                    )
                )
        return found

    def headline_amount(self) -> Decimal:
        return self.spent
