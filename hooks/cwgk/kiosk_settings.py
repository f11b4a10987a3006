"""Kiosk settings (`extra.cwgk.kiosk` in mkdocs.yml): the default screen and named profiles.

A profile is the default settings with some of them changed, e.g. a workshop screen that also shows
the 本部门 items of 一车间. Each profile gets its own page: kiosk/ and kiosk/<profile>/.
"""

from __future__ import annotations

import math
from datetime import time
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from .models.envelope import Audience
from .models.fields import rule_error
from .models.registry import GROUPS, KIND_BY_TITLE

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
DayRule = Literal["工作日", "每天", "周一至周五", "休息日"]
DAY_RULES: tuple[str, ...] = ("工作日", "每天", "周一至周五", "休息日")


def _clock(value: Any) -> Any:
    if isinstance(value, time):
        return value
    # YAML 1.1 (which mkdocs.yml is read with) turns an unquoted 07:30 into 450 (minutes).
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60:
        return time(0, 0) if value == 24 * 60 else time(value // 60, value % 60)
    text = str(value).strip().replace("：", ":")
    parts = text.split(":")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        hour, minute = int(parts[0]), int(parts[1])
        if hour == 24 and minute == 0:
            return time(0, 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise rule_error(f"“{value}”不是时刻", '24 小时制 HH:MM，加引号，例如 "07:30"')


Clock = Annotated[time, BeforeValidator(_clock)]


def _days(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item not in (*DAY_RULES, *WEEKDAYS):
            raise rule_error(
                f"“{item}”不是可选的日子",
                "工作日、休息日、每天、周一至周五，或列出 周一…周日 中的几天，例如 [周六, 周日]",
            )
    return items


def _kinds(value: Any) -> Any:
    items = value if isinstance(value, list) else [value]
    slugs = {g.slug for g in GROUPS}
    titles = {g.title: g.slug for g in GROUPS}
    out = []
    for item in items:
        text = str(item).strip()
        if text in slugs:
            out.append(text)
        elif text in titles:
            out.append(titles[text])
        elif text in KIND_BY_TITLE:  # 招聘人员结果 → its group
            out.append(next(g.slug for g in GROUPS if KIND_BY_TITLE[text] in g.kinds))
        else:
            raise rule_error(
                f"不认识的公开栏目“{text}”",
                "以下之一：" + "、".join(f"{g.title}（{g.slug}）" for g in GROUPS),
            )
    return out


class ShowWindow(BaseModel):
    """One time window in which the screen shows content, e.g. 工作日 07:30–19:30."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    days: Annotated[list[str], BeforeValidator(_days)] = Field(
        default_factory=lambda: ["工作日"],
        description="哪些日子：工作日（按国家法定节假日和调休）、休息日、每天、周一至周五，或 [周六, 周日] 这样的列表",
    )
    start: Clock = Field(time(7, 30), description='开始显示的时刻，例如 "07:30"')
    end: Clock = Field(time(19, 30), description='结束显示的时刻，例如 "19:30"；早于开始表示跨午夜')


ProfileSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class KioskProfile(BaseModel):
    """What one screen shows, when, and how large."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(
        "厂务公开栏", min_length=1, max_length=20, description="看板页头显示的栏目名称"
    )
    slide_seconds: int = Field(20, ge=5, le=600, description="每张幻灯片显示的秒数")
    kinds: Annotated[list[str], BeforeValidator(_kinds)] = Field(
        default_factory=lambda: [g.slug for g in GROUPS],
        description="显示哪些公开栏目（栏目名称或英文代号，例如 业务招待费使用情况 或 hospitality）；不写则全部",
    )
    audiences: list[Audience] = Field(
        default_factory=lambda: ["全体职工"],
        min_length=1,
        description="显示哪些公开范围的事项：全体职工 / 职工代表 / 中层以上 / 本部门",
    )
    departments: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="公开范围为“本部门”的事项，只显示发布机构在此列表中的，例如 [第一车间]",
    )
    latest: int = Field(8, ge=0, le=50, description="正在公示的事项之后，再轮播几条最新公开")
    schedule: list[ShowWindow] = Field(
        default_factory=lambda: [ShowWindow()],
        min_length=1,
        description="显示时段；时段以外屏幕熄灭（或只显示时钟）",
    )
    off_screen: Literal["dark", "clock"] = Field(
        "dark", description="显示时段以外：dark 全黑，clock 只显示时钟"
    )
    poll_seconds: int = Field(60, ge=10, le=3600, description="每隔多少秒检查一次网站有没有更新")
    shift_minutes: int = Field(
        10, ge=1, le=240, description="防烧屏：每隔多少分钟把画面挪动几个像素"
    )
    viewing_distance_m: float = Field(
        5, ge=1, le=20, description="最远观看距离（米），决定字号：字高约为距离的 1/200"
    )
    screen_inches: float = Field(55, ge=15, le=150, description="屏幕对角线尺寸（英寸，16:9）")

    @property
    def body_vmin(self) -> float:
        """Body text size as a share of the screen's short side (CSS vmin), from viewing distance.

        Legibility guidance for signage puts the character height at about 1/200 of the farthest
        viewing distance (5 m → 25 mm). A 16:9 screen's short side is diagonal × 9/√337."""
        char_mm = self.viewing_distance_m * 1000 / 200
        short_side_mm = self.screen_inches * 25.4 * 9 / math.sqrt(16**2 + 9**2)
        return round(100 * char_mm / short_side_mm, 2)


class KioskSettings(KioskProfile):
    """The default screen (kiosk/) plus named profiles (kiosk/<name>/), each a set of changes."""

    profiles: dict[ProfileSlug, KioskProfile] = Field(
        default_factory=dict,
        description="各车间自己的看板：名称（小写字母、数字和“-”）→ 与默认设置不同的项",
    )

    @model_validator(mode="before")
    @classmethod
    def _inherit(cls, raw: Any) -> Any:
        # A profile starts from the default settings written beside it, then changes some.
        if not isinstance(raw, dict) or not isinstance(raw.get("profiles"), dict):
            return raw
        base = {k: v for k, v in raw.items() if k != "profiles"}
        profiles = {
            name: {**base, **changes} if isinstance(changes, dict) else changes
            for name, changes in raw["profiles"].items()
        }
        return {**raw, "profiles": profiles}

    def pages(self) -> list[tuple[str, KioskProfile]]:
        """(profile name, settings) for every kiosk page; the default one is named ''."""
        return [("", KioskProfile(**self.model_dump(exclude={"profiles"}))), *self.profiles.items()]
