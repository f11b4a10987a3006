"""奖金分配方案: total, basis, principles, grade coefficients and the department split."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from .envelope import Envelope, ImportTable, sum_mismatch
from .fields import Count, IsoDate, Money, RecordModel, RuleViolation, TextList, Year, zh

Coefficient = Decimal


class StaffCategory(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("类别",)
    name: str = zh("类别", "人员类别，例如 管理人员、生产人员、辅助人员", min_length=1)
    description: str | None = zh("说明", "该类人员的范围或分配办法", prose=True, default=None)


class GradeCoefficient(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("等次",)
    grade: str = zh("等次", "考核等次，例如 优秀、称职、基本称职", min_length=1)
    coefficient: Coefficient = zh(
        "系数", "该等次的个人系数，例如 1.2", gt=0, max_digits=5, decimal_places=3
    )
    share_limit: str | None = zh("比例", "该等次人数比例限制，例如 不超过20%", default=None)


class DepartmentShare(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("部门",)
    department: str = zh("部门", "部门名称", min_length=1)
    headcount: Count = zh("人数", "参与分配人数")
    coefficient: Coefficient = zh(
        "系数", "部门系数，例如 1.05", gt=0, max_digits=5, decimal_places=3
    )
    amount: Money = zh("金额", "部门奖金（元）")


class Approval(RecordModel):
    meeting: str = zh("会议", "审议会议，例如 第五届职代会第三次会议", min_length=1)
    date: IsoDate = zh("日期", "审议日期")
    result: str | None = zh(
        "结果", "审议结果，例如 表决通过（赞成86票，反对0票，弃权2票）", default=None
    )


class BonusPlan(Envelope):
    kind_slug: ClassVar[str] = "bonus"
    kind_title: ClassVar[str] = "奖金分配方案"
    import_table: ClassVar[ImportTable] = ImportTable("部门分配", "金额", "奖金总额")
    default_category: ClassVar[str] = "分配公开"

    kind: Literal["奖金分配方案"] = zh("类型", "记录类型")
    applies_to: str = zh("适用期间", "方案适用的期间，例如 2024年度、2024年第三季度", min_length=2)
    fiscal_year: Year = zh("年度", "所属年度，用于计算同比")
    stated_total: Money | None = zh(
        "奖金总额", "奖金总额（元）；会与部门分配金额之和核对", default=None
    )
    basis: str = zh(
        "提取依据", "奖金总额如何确定，例如 按利润总额的3%提取", prose=True, min_length=2
    )
    principles: TextList = zh("分配原则", "分配原则，一条一行", prose=True, min_length=1)
    categories: list[StaffCategory] = zh("人员分类", "参与分配的人员类别", default_factory=list)
    grades: list[GradeCoefficient] = zh("考核系数", "考核等次与个人系数对照", default_factory=list)
    departments: list[DepartmentShare] = zh("部门分配", "各部门的人数、系数、金额", min_length=1)
    formula: str = zh(
        "计算公式",
        "个人奖金计算方法",
        default="个人奖金 = 部门奖金 × 个人系数 ÷ 部门内个人系数之和",
    )
    coefficient_range: tuple[Decimal, Decimal] = zh(
        "系数范围",
        "部门系数和个人系数允许的范围 [最小, 最大]",
        default=(Decimal("0.5"), Decimal("2.0")),
    )
    approval: Approval | None = zh("审议程序", "审议通过该方案的会议", default=None)
    pay_date: str | None = zh("发放时间", "例如 2025年1月随工资发放", default=None)

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.departments), Decimal(0))

    @property
    def total_headcount(self) -> int:
        return sum(d.headcount for d in self.departments)

    def kind_violations(self) -> list[RuleViolation]:
        found: list[RuleViolation] = []
        low, high = self.coefficient_range
        for index, dept in enumerate(self.departments):
            if not low <= dept.coefficient <= high:
                found.append(
                    RuleViolation(
                        ("部门分配", index, "系数"),
                        f"{dept.department}的系数 {dept.coefficient} 不在允许范围 {low}–{high} 内",
                        f"{low} 到 {high} 之间的数（或调整“系数范围”）",
                    )
                )
        for index, grade in enumerate(self.grades):
            if not low <= grade.coefficient <= high:
                found.append(
                    RuleViolation(
                        ("考核系数", index, "系数"),
                        f"等次“{grade.grade}”的系数 {grade.coefficient} 不在允许范围 {low}–{high} 内",
                        f"{low} 到 {high} 之间的数（或调整“系数范围”）",
                    )
                )
        if low > high:
            found.append(
                RuleViolation(("系数范围",), f"最小值 {low} 大于最大值 {high}", "[最小, 最大]")
            )
        if self.stated_total is not None and self.stated_total != self.total:
            found.append(
                sum_mismatch(
                    ("奖金总额",), "奖金总额", self.stated_total, self.total, "部门分配金额"
                )
            )
        if self.approval and self.approval.date > self.published_on:
            found.append(
                RuleViolation(
                    ("审议程序", "日期"),
                    f"审议日期 {self.approval.date.isoformat()} 晚于发布日期 {self.published_on.isoformat()}",
                    "方案应先审议后公开：不晚于发布日期的日期",
                )
            )
        return found

    def series_key(self) -> tuple[str, ...]:
        return (
            self.kind_slug,
            self.series or self.issuers[0],
            self.applies_to.replace(str(self.fiscal_year), "").strip(),
        )

    def series_year(self) -> int:
        return self.fiscal_year

    def headline_amount(self) -> Decimal:
        return self.total

    def period_label(self) -> str:
        return self.applies_to
