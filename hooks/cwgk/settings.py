"""Site settings: `extra.cwgk` in mkdocs.yml, read the same way by the hook and the command line."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .models.envelope import Contact


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
    objection_rule: str = Field(
        "公示期间，如有异议，请以书面形式（署真实姓名）向{department}反映。",
        description="异议受理说明；{department} 处填入受理部门",
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


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without executing its !!python tags (we only need `extra`)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def settings_from_extra(extra: dict[str, Any] | None) -> SiteSettings:
    raw = dict((extra or {}).get("cwgk") or {})
    return SiteSettings.model_validate(raw)


def load_settings(mkdocs_yml: Path) -> SiteSettings:
    return settings_from_extra(read_mkdocs_yml(mkdocs_yml).get("extra"))


def history_mode(settings: SiteSettings) -> str:
    """CWGK_HISTORY=off builds without history (e.g. from an exported copy with no .git)."""
    return os.environ.get("CWGK_HISTORY") or settings.history


def now(settings: SiteSettings) -> datetime:
    """The build's moment in the site's timezone; CWGK_TODAY pins the date (noon of that day)."""
    zone = ZoneInfo(settings.timezone)
    pinned = os.environ.get("CWGK_TODAY")
    if pinned:
        return datetime.combine(date.fromisoformat(pinned), datetime.min.time(), zone).replace(
            hour=12
        )
    return datetime.now(zone)


def today(settings: SiteSettings) -> date:
    """The build's 'today' in the site's timezone; CWGK_TODAY=YYYY-MM-DD pins it (tests, rebuilds)."""
    pinned = os.environ.get("CWGK_TODAY")
    if pinned:
        return date.fromisoformat(pinned)
    return datetime.now(ZoneInfo(settings.timezone)).date()
