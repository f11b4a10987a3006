"""The kinds with simpler schemas: 年度生产经营计划, 重要规章制度, and the generic 通知/公告."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import field_validator

from .bonus import Approval
from .envelope import INDEX_NO_PATTERN, Envelope
from .fields import IsoDate, RecordModel, RuleViolation, Year, checked_code, zh


class Indicator(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("指标",)
    name: str = zh("指标", "指标名称，例如 营业收入", min_length=1)
    unit: str = zh("单位", "计量单位，例如 万元、吨、%", min_length=1)
    last_year: Decimal | None = zh("上年完成", "上年实际完成值", default=None)
    plan: Decimal = zh("本年计划", "本年计划值")

    @property
    def change_ratio(self) -> Decimal | None:
        """同比 as a fraction (0.052 = 增长5.2%); None when it cannot be computed."""
        if self.last_year in (None, 0) or self.unit == "%":
            return None
        return (self.plan - self.last_year) / abs(self.last_year)


class BusinessPlan(Envelope):
    kind_slug: ClassVar[str] = "plan"
    kind_title: ClassVar[str] = "年度生产经营计划"
    default_category: ClassVar[str] = "经营公开"

    kind: Literal["年度生产经营计划"] = zh("类型", "记录类型")
    plan_year: Year = zh("年度", "计划年度")
    indicators: list[Indicator] = zh(
        "指标", "主要经营指标：指标、单位、上年完成、本年计划", min_length=1
    )
    measures: str | None = zh(
        "主要措施", "完成计划的主要措施（可用 Markdown）", prose=True, markdown=True, default=None
    )
    approval: Approval | None = zh("审议程序", "审议通过该计划的会议", default=None)

    def kind_violations(self) -> list[RuleViolation]:
        seen: dict[str, int] = {}
        found = []
        for index, ind in enumerate(self.indicators):
            if ind.name in seen:
                found.append(
                    RuleViolation(
                        ("指标", index, "指标"),
                        f"指标“{ind.name}”与第 {seen[ind.name] + 1} 项重复",
                        "每个指标只写一次",
                    )
                )
            seen[ind.name] = index
        return found

    def series_key(self) -> tuple[str, ...]:
        return (self.kind_slug, self.series or self.issuers[0])

    def series_year(self) -> int:
        return self.plan_year

    def period_label(self) -> str:
        return f"{self.plan_year}年度"


class Regulation(Envelope):
    kind_slug: ClassVar[str] = "regulation"
    kind_title: ClassVar[str] = "重要规章制度"
    default_category: ClassVar[str] = "制度公开"

    kind: Literal["重要规章制度"] = zh("类型", "记录类型")
    name: str = zh("制度名称", "制度全称，例如 《员工绩效考核管理办法》", min_length=2)
    action: Literal["制定", "修订"] = zh("制定或修订", "制定 / 修订")
    approval: Approval | None = zh("审议程序", "职代会或职工代表组长会的审议", default=None)
    effective_on: IsoDate = zh("生效日期", "制度开始施行的日期")
    replaces: str | None = zh(
        "废止或替代", "本制度替代或废止的制度，例如 《员工绩效考核办法》（2019版）", default=None
    )
    replaces_index_no: str | None = zh(
        "替代索引号",
        "本制度替代的原制度在本站的索引号，例如 GH/2024-00011（原制度的记录应标为“有效性: 已修订”"
        "或“已废止”）；两条记录的页面互相链接",
        default=None,
    )
    revision_notes: str | None = zh(
        "修订说明", "修订了哪些内容（可用 Markdown）", prose=True, markdown=True, default=None
    )
    body: str | None = zh(
        "正文", "制度正文或要点（可用 Markdown）", prose=True, markdown=True, default=None
    )

    @field_validator("replaces_index_no", mode="before")
    @classmethod
    def _replaces_index_no(cls, value: Any) -> Any:
        if value is None:  # left empty, as `cwgk new` writes optional fields
            return None
        return checked_code(
            value,
            INDEX_NO_PATTERN,
            "替代索引号",
            "原制度记录的索引号：单位代码/年份-五位序号，例如 GH/2024-00011",
        )

    def kind_violations(self) -> list[RuleViolation]:
        if self.replaces_index_no == self.index_no:
            return [
                RuleViolation(
                    ("替代索引号",),
                    f"替代索引号“{self.replaces_index_no}”就是本记录自己的索引号",
                    "被本制度替代的原制度记录的索引号，或删去这一行",
                )
            ]
        if self.action == "修订" and not self.revision_notes:
            return [RuleViolation(("修订说明",), "修订的制度没有写修订说明", "说明修订了哪些条款")]
        return []


class Notice(Envelope):
    kind_slug: ClassVar[str] = "notice"
    kind_title: ClassVar[str] = "通知公告"
    default_category: ClassVar[str] = "其他公开事项"

    kind: Literal["通知公告"] = zh("类型", "记录类型")
    body: str = zh(
        "正文",
        "公告正文（Markdown：空行分段，“- ”开头为列表，“|”画表格）",
        prose=True,
        markdown=True,
        min_length=2,
    )
