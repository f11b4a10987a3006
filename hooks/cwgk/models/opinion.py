"""意见与答复: an employee's opinion on a published disclosure, as the union records it, and the answer.

Not a disclosure itself: it has no 索引号 of its own and is shown on the page of the disclosure it
concerns (and on the site-wide 意见答复 page). The summary is written by union staff; the employee's
name is personal data and is published only when they asked for it (署名 + 同意公开署名).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import field_validator

from .fields import IsoDate, RecordModel, RuleViolation, YesNo, checked_code, zh

Channel = Literal[
    "意见箱", "座谈会", "职工代表组长会", "电话", "电子邮件", "当面反映", "书面意见", "其他"
]
OpinionStatus = Literal["已收到", "已转交", "已答复", "已采纳", "未采纳"]
ANSWERED: tuple[str, ...] = ("已答复", "已采纳", "未采纳")
OPEN: tuple[str, ...] = ("已收到", "已转交")
NUMBER_PATTERN = r"^YJ/\d{4}-\d{3,5}$"  # a large group may record thousands a year


class Opinion(RecordModel):
    kind_title: ClassVar[str] = "意见与答复"

    kind: Literal["意见与答复"] = zh("类型", "记录类型")
    number: str = zh("编号", "意见编号，唯一且不变：YJ/年份-序号（三至五位），例如 YJ/2026-001")
    about: str = zh("公开事项", "意见针对的公开事项的索引号，例如 GH/2026-00010")
    channel: Channel = zh(
        "渠道", "意见箱 / 座谈会 / 职工代表组长会 / 电话 / 电子邮件 / 当面反映 / 书面意见 / 其他"
    )
    received_on: IsoDate = zh("收到日期", "工会收到意见的日期")
    published_on: IsoDate = zh("发布日期", "在本站公布这条意见（及答复）的日期")
    summary: str = zh(
        "意见摘要",
        "工会整理的意见要点：不照录原文，不写职工姓名、电话等个人信息",
        prose=True,
        min_length=4,
        max_length=300,
    )
    signed: str | None = zh(
        "署名", "只有职工本人要求公开署名时才写，并同时写“同意公开署名: 是”", default=None
    )
    consent: YesNo = zh("同意公开署名", "职工本人书面同意公开其署名时写 是", default=False)
    status: OpinionStatus = zh("状态", "已收到 / 已转交 / 已答复 / 已采纳 / 未采纳")
    forwarded_to: str | None = zh("转交部门", "工会把意见转交的部门，例如 财务部", default=None)
    forwarded_on: IsoDate | None = zh("转交日期", "转交的日期", default=None)
    answer: str | None = zh(
        "答复", "对意见的答复或解释；状态为已答复、已采纳、未采纳时必须写", prose=True, default=None
    )
    answered_by: str | None = zh("答复部门", "作出答复的部门，例如 财务部", default=None)
    answered_on: IsoDate | None = zh("答复日期", "作出答复的日期", default=None)
    correction_on: IsoDate | None = zh(
        "据此更正",
        "意见被采纳并据此更正了公开事项时，写公开事项中那条“更正说明”的日期",
        default=None,
    )

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        return checked_code(
            value, NUMBER_PATTERN, "编号", "YJ/年份-序号（三至五位），例如 YJ/2026-001"
        )

    @property
    def answered(self) -> bool:
        return self.status in ANSWERED

    @property
    def anchor(self) -> str:
        """Its place on the disclosure's page: yj-2026-001."""
        return self.number.lower().replace("/", "-")

    def violations(self) -> list[RuleViolation]:
        found: list[RuleViolation] = []
        if self.signed and not self.consent:
            found.append(
                RuleViolation(
                    ("署名",),
                    "不得公开职工姓名：职工本人没有要求公开署名（个人信息保护法）",
                    "删去“署名”；职工书面同意公开署名时，再加一行 同意公开署名: 是",
                )
            )
        if self.answered:
            for key, value, what in (
                ("答复", self.answer, "答复内容"),
                ("答复部门", self.answered_by, "作出答复的部门"),
                ("答复日期", self.answered_on, "答复的日期"),
            ):
                if not value:
                    found.append(
                        RuleViolation(
                            (key,), f"状态为“{self.status}”，但没有写{key}", f"{key}: {what}"
                        )
                    )
        elif self.answer or self.answered_on:
            found.append(
                RuleViolation(
                    ("状态",),
                    f"已经写了答复，状态却是“{self.status}”",
                    "已答复 / 已采纳 / 未采纳",
                )
            )
        if self.status == "已转交" and not self.forwarded_to:
            found.append(
                RuleViolation(
                    ("转交部门",), "状态为“已转交”，但没有写转交部门", "转交部门: 部门名称"
                )
            )
        if self.correction_on and self.status != "已采纳":
            found.append(
                RuleViolation(
                    ("据此更正",), f"状态为“{self.status}”的意见不会引起更正", "状态: 已采纳"
                )
            )
        found += self._date_order()
        return found

    def _date_order(self) -> list[RuleViolation]:
        found = []
        steps = [
            ("收到日期", self.received_on),
            ("转交日期", self.forwarded_on),
            ("答复日期", self.answered_on),
        ]
        last_key, last = steps[0]
        for key, day in steps[1:]:
            if day is None:
                continue
            if day < last:
                found.append(
                    RuleViolation(
                        (key,),
                        f"{key} {day.isoformat()} 早于{last_key} {last.isoformat()}",
                        f"不早于 {last.isoformat()} 的日期",
                    )
                )
            last_key, last = key, day
        if self.published_on < self.received_on:
            found.append(
                RuleViolation(
                    ("发布日期",),
                    f"发布日期 {self.published_on.isoformat()} 早于收到日期 {self.received_on.isoformat()}",
                    f"不早于 {self.received_on.isoformat()} 的日期",
                )
            )
        return found
