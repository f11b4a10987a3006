"""Every record kind, and the list pages (groups) they appear on."""

from __future__ import annotations

from dataclasses import dataclass

from .bonus import BonusPlan
from .envelope import Envelope
from .hospitality import HospitalityReport
from .recruitment import RecruitmentPlan, RecruitmentResult
from .simple_kinds import BusinessPlan, Notice, Regulation
from .telecom import CommunicationAllowance

KINDS: tuple[type[Envelope], ...] = (
    BonusPlan,
    HospitalityReport,
    CommunicationAllowance,
    RecruitmentPlan,
    RecruitmentResult,
    BusinessPlan,
    Regulation,
    Notice,
)
KIND_BY_TITLE: dict[str, type[Envelope]] = {k.kind_title: k for k in KINDS}
# Short names people write for 类型: the error for an unknown 类型 suggests the full one.
KIND_ALIASES: dict[str, str] = {
    "奖金分配": "奖金分配方案",
    "奖金": "奖金分配方案",
    "部门奖金": "奖金分配方案",
    "部门奖金分配": "奖金分配方案",
    "业务招待费": "业务招待费使用情况",
    "招待费": "业务招待费使用情况",
    "通讯费": "中层领导通讯费",
    "招聘方案": "招聘人员方案",
    "招聘结果": "招聘人员结果",
    "生产经营计划": "年度生产经营计划",
    "规章制度": "重要规章制度",
    "通知": "通知公告",
    "公告": "通知公告",
}


@dataclass(frozen=True)
class KindGroup:
    """A list page: one or more kinds shown together (招聘 plan and result share one)."""

    slug: str
    title: str
    intro: str
    kinds: tuple[type[Envelope], ...]


GROUPS: tuple[KindGroup, ...] = (
    KindGroup(
        "bonus", "奖金分配方案", "奖金总额、提取依据、分配原则及各部门分配情况。", (BonusPlan,)
    ),
    KindGroup(
        "hospitality",
        "业务招待费使用情况",
        "业务招待费核定额、实际支出、结余及各部门明细。",
        (HospitalityReport,),
    ),
    KindGroup(
        "telecom", "中层领导通讯费", "中层领导人员通讯费标准及发放情况。", (CommunicationAllowance,)
    ),
    KindGroup(
        "recruitment",
        "招聘人员方案及结果",
        "招聘岗位、条件、程序及拟聘人员名单。",
        (RecruitmentPlan, RecruitmentResult),
    ),
    KindGroup("plan", "年度生产经营计划", "年度主要经营指标及完成措施。", (BusinessPlan,)),
    KindGroup(
        "regulation",
        "重要规章制度",
        "经职代会审议的重要规章制度的制定、修订和废止。",
        (Regulation,),
    ),
    KindGroup(
        "notice", "通知公告", "工会经费收支、困难补助、换届选举结果等其他公开事项。", (Notice,)
    ),
)
GROUP_OF_KIND: dict[type[Envelope], KindGroup] = {k: g for g in GROUPS for k in g.kinds}
