"""Site settings: `extra.cwgk` in mkdocs.yml, read the same way by the hook and the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .catalogue import CatalogueItem
from .kiosk_settings import KioskSettings
from .models.envelope import Contact
from .models.fields import IsoDate, rule_error
from .problems import Problem, ValidationFailed, format_field_path
from .workdays import NoticeRules, WorkCalendar, calendar_from_settings


class OwnHolidays(BaseModel):
    """A year's holiday schedule the calendar package does not know yet (published each November)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    days_off: list[IsoDate] = Field(
        default_factory=list, description="放假的日期（含周末中的假日），例如 2027-01-01"
    )
    workdays: list[IsoDate] = Field(default_factory=list, description="调休上班的周末日期")


class SiteSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_name: str = Field("某某有限公司", description="单位名称：页头、落款和看板上显示")
    union_name: str = Field("公司工会", description="发布公开事项的工会名称")
    data_dir: str = Field("data", description="记录所在目录，相对于 mkdocs.yml")
    timezone: str = Field("Asia/Shanghai", description="判断公示状态所用时区")
    default_contact: Contact = Field(
        default_factory=lambda: Contact.model_validate({"部门": "公司工会"}),
        description="记录没有写“受理”时使用的受理部门和联系方式",
    )
    edition: Literal["公开", "内部"] = Field(
        "公开",
        description="生成公开网站（不含内部记录、内部字段和已撤下的名单）或内部网站（全部）；环境变量 CWGK_EDITION 可临时改变",
    )
    name_display: Literal["全名", "张*", "张某某"] = Field(
        "全名",
        description="人员姓名在网站、看板、搜索和订阅中的显示方式：全名 / 张* / 张某某（记录可以单独设置）",
    )
    official_contacts: list[str] = Field(
        default_factory=list,
        description="对外公布的办公电话、邮箱、地址：记录中出现时不算个人信息，例如 [13905910305, 办公楼三楼305室]",
    )
    objection_rule: str = Field(
        "公示期间，如有异议，请以书面形式（署真实姓名）向{department}反映。",
        description="异议受理说明；{department} 处填入受理部门",
    )
    feedback_url: str | None = Field(
        None,
        pattern=r"^(https?://|mailto:)\S+$",
        description="公司自己的意见征集表单或意见信箱的网址（内网）；设置后每条公开事项页面上都有链接",
    )
    latest_count: int = Field(12, ge=1, le=100, description="首页“最新公开”显示条数")
    history: Literal["git", "off"] = Field(
        "git",
        description="修改记录的来源：git（默认，需要完整的仓库历史）或 off（不显示发布、更新时间）",
    )
    correction_notice_days: int = Field(
        30, ge=0, le=3650, description="更正后多少天内在记录页顶部显示醒目的更正提示"
    )
    updates_per_page: int = Field(30, ge=5, le=500, description="“更新记录”每页条数")
    feed_size: int = Field(50, ge=5, le=1000, description="订阅源（Atom）中的条目数")
    notice_workdays: int = Field(
        5,
        ge=1,
        le=60,
        description="公示期默认几个工作日（含发布当天）；记录写了“结束”或“工作日”时以记录为准",
    )
    notice_workdays_by_kind: dict[str, int] = Field(
        default_factory=dict,
        description="按类型设定的默认工作日数，例如 {招聘人员结果: 7}",
    )
    catalogue: list[CatalogueItem] = Field(
        default_factory=list,
        description="公开目录：定期公开的事项、频次和时限；“公开目录”页据此显示下次应公开日期和逾期",
    )
    holidays: dict[int, OwnHolidays] = Field(
        default_factory=dict,
        description="日历包尚未收录的年份的放假安排：年份 → {days_off: [...], workdays: [...]}",
    )
    kiosk: KioskSettings = Field(
        default_factory=KioskSettings, description="车间看板（kiosk/）的设置和各车间的方案"
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ValueError, ZoneInfoNotFoundError):
            raise rule_error(f"不认识的时区“{value}”", "IANA 时区名，例如 Asia/Shanghai") from None
        return value

    @field_validator("notice_workdays_by_kind")
    @classmethod
    def _known_kinds(cls, value: dict[str, int]) -> dict[str, int]:
        from .models import KIND_BY_TITLE

        for kind, days in value.items():
            if kind not in KIND_BY_TITLE:
                raise rule_error(f"不认识的类型“{kind}”", "以下之一：" + "、".join(KIND_BY_TITLE))
            if not 1 <= days <= 60:
                raise rule_error(f"{kind}的公示期“{days}”个工作日不在 1–60 之间", "1–60 的整数")
        return value

    @property
    def notice_rules(self) -> NoticeRules:
        return NoticeRules(self.calendar, self.notice_workdays, dict(self.notice_workdays_by_kind))

    @property
    def calendar(self) -> WorkCalendar:
        return calendar_from_settings(
            {year: (h.days_off, h.workdays) for year, h in self.holidays.items()}
        )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python tags (we only need `extra`)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def settings_from_extra(
    extra: dict[str, Any] | None, config_file: Path | None = None
) -> SiteSettings:
    """`extra.cwgk` as typed settings; wrong settings raise ValidationFailed with Chinese messages
    that name mkdocs.yml, the line and the setting."""
    raw = dict((extra or {}).get("cwgk") or {})
    try:
        return SiteSettings.model_validate(raw)
    except ValidationError as error:
        raise ValidationFailed(_settings_problems(error, raw, config_file)) from None


def load_settings(mkdocs_yml: Path) -> SiteSettings:
    return settings_from_extra(read_mkdocs_yml(mkdocs_yml).get("extra"), mkdocs_yml)


def _inherited(loc: tuple[Any, ...], raw: dict[str, Any]) -> bool:
    """A kiosk profile's error on a value it only inherited: the default's own error says it."""
    if loc[:2] != ("kiosk", "profiles") or len(loc) < 4:
        return False
    written = ((raw.get("kiosk") or {}).get("profiles") or {}).get(loc[2])
    return isinstance(written, dict) and loc[3] != "[key]" and loc[3] not in written


def _settings_problems(
    error: ValidationError, raw: dict[str, Any], config_file: Path | None
) -> list[Problem]:
    from .validate import translate_error  # the same wording as for records

    text = config_file.read_text(encoding="utf-8") if config_file and config_file.is_file() else ""
    problems = []
    for item in error.errors():
        if _inherited(tuple(item["loc"]), raw):
            continue
        loc, message, expected = translate_error(dict(item), SiteSettings)
        path = ("extra", "cwgk", *loc)
        line = _line_of(text, path) if text else None
        problems.append(
            Problem(
                file=config_file.name if config_file else "mkdocs.yml",
                line=line,
                field=format_field_path(path),
                message=message,
                expected=expected,
            )
        )
    return problems


def _line_of(text: str, path: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the setting at `path` in mkdocs.yml, or of its nearest parent."""
    try:
        node = yaml.compose(text, Loader=_TolerantLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if str(k.value) == str(part)), None)
            key = next((k for k, v in node.value if str(k.value) == str(part)), None)
            if found is None:
                break
            line, node = key.start_mark.line + 1, found
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def history_mode(settings: SiteSettings) -> str:
    """CWGK_HISTORY=off builds without history (e.g. from an exported copy with no .git)."""
    return os.environ.get("CWGK_HISTORY") or settings.history
