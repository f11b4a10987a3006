"""招聘人员方案及结果: the plan (posts, conditions, procedure, scoring) and the result list.

The result list holds personal data: only what the domain brief allows (出生年月 as year and month,
never ID number, phone or address — unknown keys like 身份证号 are rejected with a privacy message).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar, Literal

from pydantic import field_validator

from .envelope import Envelope, ImportTable
from .fields import Count, RecordModel, RuleViolation, TextList, YearMonth, rule_error, zh

Score = Decimal


class ScoreWeights(RecordModel):
    written: Decimal = zh("笔试", "笔试成绩所占百分比，例如 50", ge=0, le=100)
    interview: Decimal = zh("面试", "面试成绩所占百分比，例如 50", ge=0, le=100)

    def violations(self) -> list[RuleViolation]:
        if self.written + self.interview != 100:
            return [
                RuleViolation(
                    (),
                    f"笔试 {self.written}% + 面试 {self.interview}% = {self.written + self.interview}%",
                    "两者相加为 100",
                )
            ]
        return []

    def combine(self, written: Decimal, interview: Decimal) -> Decimal:
        total = (written * self.written + interview * self.interview) / 100
        return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Post(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("岗位",)
    post: str = zh("岗位", "招聘岗位名称", min_length=1)
    count: Count = zh("人数", "招聘人数", ge=1)
    major: str | None = zh("专业", "专业要求", default=None)
    conditions: str | None = zh("条件", "学历、年龄、资格等报名条件", prose=True, default=None)


class ScheduleItem(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("事项",)
    step: str = zh("事项", "例如 报名、笔试、面试、体检", min_length=1)
    when: str = zh("时间", "例如 2024年4月10日至4月16日", min_length=1)


class RecruitmentPlan(Envelope):
    kind_slug: ClassVar[str] = "recruitment-plan"
    kind_title: ClassVar[str] = "招聘人员方案"
    default_category: ClassVar[str] = "人事公开"

    kind: Literal["招聘人员方案"] = zh("类型", "记录类型")
    posts: list[Post] = zh("岗位", "招聘岗位、人数和条件", min_length=1)
    procedure: TextList = zh("程序", "招聘程序，一步一行", prose=True, min_length=1)
    weights: ScoreWeights | None = zh("成绩计算", "笔试、面试成绩所占百分比", default=None)
    schedule: list[ScheduleItem] = zh("时间安排", "各环节时间", default_factory=list)

    @property
    def total_posts(self) -> int:
        return sum(p.count for p in self.posts)

    def kind_violations(self) -> list[RuleViolation]:
        if not self.weights:
            return []
        return [
            RuleViolation(("成绩计算", *v.path), v.message, v.expected)
            for v in self.weights.violations()
        ]


_OUTCOME = re.compile(r"^(拟录用|替补(\d+))$")
# Outcomes of candidates a result list does not publish (only 拟录用 and 替补 are listed).
NOT_LISTED = ("未录用", "不录用", "不予录用", "未通过", "落选", "放弃", "自愿放弃")


class Candidate(RecordModel):
    row_key: ClassVar[tuple[str, ...]] = ("姓名", "拟聘岗位")
    number: Count | None = zh("序号", "名单中的序号；不写则按顺序自动编号", default=None)
    name: str = zh("姓名", "姓名", person=True, min_length=2, max_length=20)
    gender: Literal["男", "女"] = zh("性别", "男 / 女")
    born: YearMonth | None = zh(
        "出生年月", "只写年月，例如 1998-07（不得公开具体日期）", default=None
    )
    education: str | None = zh("学历", "例如 本科、硕士研究生", default=None)
    degree: str | None = zh("学位", "例如 学士、硕士", default=None)
    school: str | None = zh("毕业院校", "毕业院校", default=None)
    major: str | None = zh("专业", "所学专业", default=None)
    employer: str | None = zh("原单位", "社会招聘人员的原工作单位", default=None)
    post: str = zh("拟聘岗位", "拟聘岗位名称", min_length=1)
    exam_no: str | None = zh("准考证号", "准考证号", default=None)
    written: Score | None = zh("笔试成绩", "笔试成绩", default=None, ge=0, le=100)
    interview: Score | None = zh("面试成绩", "面试成绩", default=None, ge=0, le=100)
    stated_score: Score | None = zh(
        "总成绩", "总成绩；写了“成绩计算”时由笔试、面试成绩算出", default=None, ge=0, le=100
    )
    outcome: str = zh("录用情况", "拟录用 / 替补1 / 替补2 …（每个岗位的替补从 1 开始编号）")
    relatives: str | None = zh(
        "亲属关系说明", "与本单位职工的亲属关系（按公司规定需要说明时填写）", default=None
    )

    @field_validator("outcome")
    @classmethod
    def _outcome(cls, value: str) -> str:
        if value.strip() in NOT_LISTED:
            raise rule_error(
                f"录用情况为“{value.strip()}”的人员不列入公示名单",
                "删去这一行：公示名单只列拟录用和替补人员",
            )
        if not _OUTCOME.match(value):
            raise rule_error(f"录用情况“{value}”无法识别", "拟录用，或 替补1、替补2 …")
        return value

    @property
    def substitute_rank(self) -> int | None:
        match = _OUTCOME.match(self.outcome)
        return int(match.group(2)) if match and match.group(2) else None


class RecruitmentResult(Envelope):
    kind_slug: ClassVar[str] = "recruitment-result"
    kind_title: ClassVar[str] = "招聘人员结果"
    import_table: ClassVar[ImportTable] = ImportTable("人员", left_out=("录用情况", NOT_LISTED))
    default_category: ClassVar[str] = "人事公开"

    kind: Literal["招聘人员结果"] = zh("类型", "记录类型")
    plan_index_no: str | None = zh(
        "招聘方案", "对应招聘方案的索引号，例如 GH/2024-00003", default=None
    )
    weights: ScoreWeights | None = zh(
        "成绩计算", "笔试、面试成绩所占百分比；写了则自动计算总成绩", default=None
    )
    candidates: list[Candidate] = zh("人员", "拟聘人员名单，一人一项", min_length=1)

    def score(self, candidate: Candidate) -> Decimal | None:
        if self.weights and candidate.written is not None and candidate.interview is not None:
            return self.weights.combine(candidate.written, candidate.interview)
        return candidate.stated_score

    def kind_violations(self) -> list[RuleViolation]:
        found: list[RuleViolation] = []
        if self.weights:
            found += [
                RuleViolation(("成绩计算", *v.path), v.message, v.expected)
                for v in self.weights.violations()
            ]
        next_rank: dict[str, int] = {}
        for index, person in enumerate(self.candidates):
            rank = person.substitute_rank
            if rank is not None:
                want = next_rank.get(person.post, 1)
                if rank != want:
                    found.append(
                        RuleViolation(
                            ("人员", index, "录用情况"),
                            f"{person.name}（{person.post}）是“替补{rank}”，但该岗位上一位替补是“替补{want - 1}”"
                            if want > 1
                            else f"{person.name}（{person.post}）是“替补{rank}”，但该岗位的替补应从 1 开始",
                            f"替补{want}（每个岗位的替补从 1 开始连续编号）",
                        )
                    )
                next_rank[person.post] = rank + 1
            if (
                self.weights
                and person.stated_score is not None
                and person.written is not None
                and person.interview is not None
            ):
                computed = self.weights.combine(person.written, person.interview)
                if computed != person.stated_score:
                    found.append(
                        RuleViolation(
                            ("人员", index, "总成绩"),
                            f"{person.name}的总成绩写的是 {person.stated_score}，按成绩计算规则应为 {computed}",
                            f"{computed}（或删去总成绩，由系统计算）",
                        )
                    )
            if person.number is not None and person.number != index + 1:
                found.append(
                    RuleViolation(
                        ("人员", index, "序号"),
                        f"序号是 {person.number}，但这是名单第 {index + 1} 人",
                        f"{index + 1}（或删去序号，自动编号）",
                    )
                )
        return found
