"""The common envelope every disclosure record carries (government-site metadata conventions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, ClassVar, Literal, get_origin

from pydantic import (
    BeforeValidator,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..workdays import DEFAULT_RULES, NoticeRules
from .fields import (
    Correction,
    IsoDate,
    RecordModel,
    RuleViolation,
    TextList,
    YesNo,
    checked_code,
    rule_error,
    zh,
)
from .schema import field_by_alias, field_extra, inner_model

Validity = Literal["有效", "已修订", "已废止", "已撤回"]
Audience = Literal["全体职工", "职工代表", "中层以上", "本部门"]

INDEX_NO_PATTERN = r"^[A-Z0-9]+(?:-[A-Z0-9]+)*/\d{4}-\d{5}$"
_BRACKET_YEAR = re.compile(r"[\[【（(\{〈<《]\s*(\d{4})\s*[\]】）)\}〉>》]")


def _time_of_day(value: Any) -> Any:
    text = str(value).strip().replace("：", ":")
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise rule_error(f"“{value}”不是时刻", '24 小时制 HH:MM，例如 "17:30"')
    return time(int(match.group(1)), int(match.group(2)))


TimeOfDay = Annotated[
    time, BeforeValidator(_time_of_day), Field(json_schema_extra={"examples": ["17:30"]})
]


class NoticePeriod(RecordModel):
    """公示期: the window during which employees may raise objections.

    Either explicit dates, or a start and a number of working days (counted from and including the
    start, on the official holiday schedule); without either, the kind's or the site's default
    number of working days. After validation `end` is always set."""

    start: IsoDate = zh("开始", "公示期第一天（含当天），一般为发布日期")
    end: IsoDate | None = zh(
        "结束", "公示期最后一天（含当天）；不写则从开始日起按工作日数推算", default=None
    )
    workdays: int | None = zh(
        "工作日",
        "公示几个工作日（含开始当天，按国家法定节假日和调休计算）；不写则用站点默认（一般为5个）",
        default=None,
        ge=1,
        le=60,
    )
    end_time: TimeOfDay | None = zh(
        "截止时间", '最后一天的截止时刻，例如 "17:30"；不写则到当天结束', default=None
    )
    _computed_end: date | None = PrivateAttr(None)
    _estimated: bool = PrivateAttr(False)
    _workday_count: int = PrivateAttr(0)

    @model_validator(mode="after")
    def _resolve_end(self, info: ValidationInfo) -> NoticePeriod:
        context = info.context or {}
        rules: NoticeRules = context.get("notice_rules", DEFAULT_RULES)
        calendar = rules.calendar
        days = self.workdays or rules.days_for(context.get("kind"))
        self._computed_end = calendar.add_workdays(self.start, days)
        if self.end is None:
            object.__setattr__(self, "end", self._computed_end)  # frozen model: set once, here
            years = range(self.start.year, self._computed_end.year + 1)
            self._estimated = not all(calendar.is_known(y) for y in years)
        assert self.end is not None
        self._workday_count = calendar.count_workdays(self.start, self.end)
        return self

    @property
    def last_day(self) -> date:
        assert self.end is not None  # filled in by validation
        return self.end

    @property
    def estimated(self) -> bool:
        """The end was computed Monday–Friday: the year's holiday schedule is not known yet."""
        return self._estimated

    @property
    def workday_count(self) -> int:
        return self._workday_count

    def violations(self) -> list[RuleViolation]:
        if self.last_day < self.start:
            return [
                RuleViolation(
                    ("结束",),
                    f"公示期结束日期 {self.last_day.isoformat()} 早于开始日期 {self.start.isoformat()}",
                    f"不早于 {self.start.isoformat()} 的日期",
                )
            ]
        if self.workdays and "end" in self.model_fields_set and self.end != self._computed_end:
            assert self._computed_end is not None
            return [
                RuleViolation(
                    ("结束",),
                    f"写了“工作日: {self.workdays}”又写了结束日期 {self.last_day.isoformat()}，两者不一致"
                    f"（{self.workdays}个工作日应到 {self._computed_end.isoformat()}）",
                    f"结束: {self._computed_end.isoformat()}，或删去其中一项",
                )
            ]
        return []


class Contact(RecordModel):
    """受理部门: where objections and questions go."""

    department: str = zh("部门", "受理意见的部门，例如 公司工会", min_length=1)
    address: str | None = zh("地址", "办公地点，例如 办公楼3楼305室", default=None)
    phone: str | None = zh("电话", "办公电话，例如 0591-87654321", default=None)
    email: str | None = zh("邮箱", "办公邮箱", default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    mailbox: str | None = zh("意见箱", "意见箱位置，例如 食堂门口", default=None)


class Attachment(RecordModel):
    """附件: a file published with the record, stored under site_src/files/."""

    row_key: ClassVar[tuple[str, ...]] = ("文件",)

    name: str = zh("名称", "附件显示名称，例如 考核细则.pdf", min_length=1)
    file: str = zh("文件", "附件路径，相对于 site_src/，例如 files/2024/考核细则.pdf", min_length=1)

    @field_validator("file")
    @classmethod
    def _local_path(cls, value: str) -> str:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("//"):
            raise rule_error(
                f"附件“{value}”是外部链接；站点须离线可用，不能引用外部文件",
                "把文件放进 site_src/files/ 下，写相对路径，例如 files/2024/考核细则.pdf",
            )
        if value.startswith("/") or ".." in value.split("/") or "\\" in value:
            raise rule_error(
                f"附件路径“{value}”不合规",
                "相对于 site_src/ 的路径，用正斜杠“/”，例如 files/2024/a.pdf",
            )
        return value


@dataclass(frozen=True)
class ImportTable:
    """Where `cwgk import` puts a spreadsheet's rows: the list field (YAML key), the column whose
    total row (合计) is kept, and the field that total goes to (checked against the rows)."""

    rows: str
    amount: str | None = None
    total: str | None = None
    # Rows a sheet may hold that the disclosure does not list: (row field, its values), e.g.
    # the candidates 未录用 in a recruitment result list. Left out on import, counted once.
    left_out: tuple[str, tuple[str, ...]] | None = None


class Envelope(RecordModel):
    """Fields common to every kind. Subclasses add `kind` (类型) and their own fields."""

    kind_slug: ClassVar[str]
    import_table: ClassVar[ImportTable | None] = None  # kinds whose table a sheet can fill
    kind_title: ClassVar[str]  # 类型 as written in the YAML
    default_category: ClassVar[str]

    index_no: str = zh(
        "索引号", "唯一且永不改变的编号：单位代码/年份-五位序号，例如 GH/2024-00012；网址由它生成"
    )
    title: str = zh("标题", "公开事项标题", prose=True, min_length=4, max_length=80)
    category: str | None = zh("分类", "公开目录中的分类；不写则用类型名称", default=None)
    issuers: TextList = zh(
        "发布机构", "发布单位，一个或多个，例如 [公司工会, 财务部]", min_length=1
    )
    written_on: IsoDate | None = zh("成文日期", "文件签发日期", default=None)
    published_on: IsoDate = zh("发布日期", "在公开栏发布的日期")
    doc_no: str | None = zh("文号", "发文字号，年份用六角括号，例如 工字〔2024〕12号", default=None)
    validity: Validity = zh("有效性", "有效 / 已修订 / 已废止 / 已撤回", default="有效")
    audience: Audience = zh(
        "公开范围", "全体职工 / 职工代表 / 中层以上 / 本部门", default="全体职工"
    )
    summary: str = zh(
        "内容概述",
        "一两句话说明公开了什么，不超过 100 字",
        prose=True,
        min_length=4,
        max_length=100,
    )
    notice_period: NoticePeriod | None = zh(
        "公示期", "公示的起止日期；需要职工监督的事项必须写", default=None
    )
    contact: Contact | None = zh(
        "受理", "受理意见的部门和联系方式；不写则用站点默认设置", default=None
    )
    attachments: list[Attachment] = zh("附件", "随公开发布的文件", default_factory=list)
    series: str | None = zh(
        "系列", "同一系列的记录用于计算同比；不写则按发布机构和期间自动归组", default=None
    )
    keywords: TextList = zh(
        "关键词", "额外的检索词，例如人名简称、部门别称", prose=True, default_factory=list
    )
    internal: YesNo = zh(
        "内部", "写“是”：只在内部网站公开，公开网站上不出现这条记录", default=False
    )
    internal_fields: TextList = zh(
        "内部字段",
        "只在内部网站公开的表格（公开网站只显示合计等汇总数），例如 [明细]",
        default_factory=list,
    )
    take_down_on: IsoDate | None = zh(
        "名单撤下日期",
        "这天以后人员名单从公开网站撤下（页面注明撤下日期），常用于公示期满后",
        default=None,
    )
    name_display: Literal["全名", "张*", "张某某"] | None = zh(
        "姓名显示",
        "本记录中人员姓名的显示方式：全名 / 张* / 张某某；不写则用站点设置",
        default=None,
    )
    corrections: list[Correction] = zh(
        "更正说明",
        "已发布的记录有重大修改（数字、姓名、日期、名单、表格）时，每次修改写一条，页面上公开显示",
        later=True,
        default_factory=list,
    )

    @field_validator("index_no", mode="before")
    @classmethod
    def _index_no(cls, value: Any) -> Any:
        return checked_code(
            value,
            INDEX_NO_PATTERN,
            "索引号",
            "单位代码/年份-五位序号，单位代码为大写字母或数字，例如 GH/2024-00012",
        )

    @field_validator("doc_no")
    @classmethod
    def _doc_no(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = _BRACKET_YEAR.search(value)
        if match and value[match.start()] != "〔":
            fixed = value[: match.start()] + f"〔{match.group(1)}〕" + value[match.end() :]
            raise rule_error(f"文号“{value}”中的年份括号应为六角括号〔〕", fixed)
        return value

    # ---- rules across fields -------------------------------------------------------------

    def violations(self) -> list[RuleViolation]:
        found: list[RuleViolation] = []
        if self.written_on and self.written_on > self.published_on:
            found.append(
                RuleViolation(
                    ("成文日期",),
                    f"成文日期 {self.written_on.isoformat()} 晚于发布日期 {self.published_on.isoformat()}",
                    f"不晚于 {self.published_on.isoformat()} 的日期",
                )
            )
        if self.notice_period:
            found += [
                RuleViolation(("公示期", *v.path), v.message, v.expected)
                for v in self.notice_period.violations()
            ]
        for number, key in enumerate(self.internal_fields):
            if key not in self.table_fields():
                tables = "、".join(self.table_fields()) or "（本类型没有表格）"
                found.append(
                    RuleViolation(
                        ("内部字段", number), f"“{key}”不是本类型的表格", f"以下之一：{tables}"
                    )
                )
        if self.take_down_on and self.person_list() is None:
            found.append(
                RuleViolation(
                    ("名单撤下日期",), f"“{self.kind_title}”没有人员名单可撤下", "删去这一行"
                )
            )
        found += self.kind_violations()
        return found

    @classmethod
    def table_fields(cls) -> list[str]:
        """YAML keys of the record's tables (lists of rows): what may be held back."""
        return [
            info.alias or name
            for name, info in cls.model_fields.items()
            if get_origin(info.annotation) is list
            and inner_model(info.annotation) is not None
            and name not in ("attachments", "corrections")
        ]

    @classmethod
    @cache  # asked for every record and version; a fact of the kind
    def person_list(cls) -> str | None:
        """The YAML key of the kind's list of named people (名单), if it has one."""
        table = cls.import_table.rows if cls.import_table else None
        info = field_by_alias(cls, table) if table else None
        rows = inner_model(info.annotation) if info else None
        if rows is None:
            return None
        has_names = any(field_extra(i).get("x-person") for i in rows.model_fields.values())
        return table if has_names else None

    def kind_violations(self) -> list[RuleViolation]:
        """Rules of the kind itself; overridden by kinds that have tables and totals."""
        return []

    # ---- derived -------------------------------------------------------------------------

    @property
    def display_category(self) -> str:
        return self.category or self.default_category

    def series_key(self) -> tuple[str, ...] | None:
        """Records of one series are compared with each other (同比). None: not a series kind."""
        return None

    def series_year(self) -> int:
        """The year a record stands for within its series (the previous year is its 同比 base)."""
        return self.published_on.year

    def headline_amount(self) -> Decimal | None:
        """The amount 同比 compares, for kinds that have one."""
        return None

    def period_label(self) -> str | None:
        return None


def sum_mismatch(
    path: tuple[str | int, ...], label: str, stated: Any, computed: Any, rows_label: str
) -> RuleViolation:
    return RuleViolation(
        path,
        f"{label}写的是 {stated:,.2f} 元，但{rows_label}相加是 {computed:,.2f} 元，相差 {stated - computed:+,.2f} 元",
        f"{computed:.2f}（或改正明细中的金额）；合计可以不写，系统会自动计算",
    )
