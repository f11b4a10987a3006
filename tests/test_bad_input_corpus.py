"""A corpus of broken records, each with the message it must produce (file, line, field, text).

Every case is written into a fresh project and checked the way the build checks; the case passes
only if its file is refused with exactly that field at a line, and a message containing the text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest
from record_samples import ENVELOPE, HOSPITALITY, ROOT

TELECOM = (ROOT / "data" / "telecom" / "2026-q3.yaml").read_text(encoding="utf-8")
RESULT = (ROOT / "data" / "recruitment" / "2026-result.yaml").read_text(encoding="utf-8")
PLAN = (ROOT / "data" / "recruitment" / "2026-plan.yaml").read_text(encoding="utf-8")
BONUS = (ROOT / "data" / "bonus" / "2026-q3.yaml").read_text(encoding="utf-8")
OPINION = (ROOT / "data" / "opinions" / "2026-004.yaml").read_text(encoding="utf-8")


@dataclass
class Case:
    name: str
    text: str | bytes  # the broken file, data/case.yaml
    field: str  # "" for a problem with the whole file
    message: str
    line: int | None = None  # the line, where the case pins it
    others: dict[str, str] = field(default_factory=dict)  # files it needs beside it


def env(old: str, new: str) -> str:
    assert old in ENVELOPE, old
    return ENVELOPE.replace(old, new)


def hosp(old: str, new: str) -> str:
    assert old in HOSPITALITY, old
    return HOSPITALITY.replace(old, new)


def tel(old: str, new: str) -> str:
    assert old in TELECOM, old
    return TELECOM.replace(old, new)


CASES = [
    # --- syntax and encoding -------------------------------------------------------------------
    Case("full-width colon", env("标题: ", "标题："), "标题", "中文全角冒号", 3),
    Case("tab indentation", hosp("  开始: 2024-07-10", "\t开始: 2024-07-10"), "", "制表符"),
    Case(
        "unclosed quote",
        env("标题: 关于职工体检安排的通知", '标题: "关于职工体检安排的通知'),
        "",
        "引号或括号闭合之前就结束了",
        8,
    ),
    Case("list where a mapping is", "- 类型: 通知公告\n- 标题: x\n", "", "不是“字段名: 值”的记录"),
    Case("empty file", "", "", "文件是空的"),
    Case("GBK encoding", ENVELOPE.encode("gbk"), "", "文件不是 UTF-8 编码", 1),
    Case("UTF-16 encoding", ENVELOPE.encode("utf-16"), "", "UTF-8", 1),
    Case(
        "duplicate key",
        env("发布机构: 公司工会\n", "发布机构: 公司工会\n发布机构: 财务部\n"),
        "发布机构",
        "重复",
    ),
    Case(
        "oversized file",
        env("正文: 体检于3月中旬进行。", "正文: " + "体检" * 400_000),
        "",
        "文件太大",
        1,
    ),
    # --- kinds and keys ------------------------------------------------------------------------
    Case("no kind", env("类型: 通知公告\n", ""), "", "缺少「类型」"),
    Case(
        "unknown kind",
        env("类型: 通知公告", "类型: 招待费"),
        "类型",
        "是不是“业务招待费使用情况”",
        1,
    ),
    Case("misspelt key", env("标题: ", "标提: "), "标提", "是不是“标题”"),
    Case("missing title", env("标题: 关于职工体检安排的通知\n", ""), "标题", "缺少必填字段"),
    Case("empty title", env("标题: 关于职工体检安排的通知", "标题:"), "标题", "还没有填写"),
    Case("private key", env("正文:", "身份证号: '1'\n正文:"), "身份证号", "不得公开身份证号码"),
    # --- types ---------------------------------------------------------------------------------
    Case(
        "text where a number is", hosp("核定额: 180000", "核定额: 待定"), "核定额", "不是金额", 13
    ),
    Case("amount in 万", hosp("核定额: 180000", "核定额: 18万"), "核定额", "以万元为单位"),
    Case("three decimals", hosp("核定额: 180000", "核定额: 180000.505"), "核定额", "小数位太多"),
    Case("negative amount", hosp("核定额: 180000", "核定额: -5"), "核定额", "太小"),
    Case(
        "mapping where text is",
        env("标题: 关于职工体检安排的通知", "标题: {a: b}"),
        "标题",
        "应为文字",
    ),
    Case("bad validity", env("正文:", "有效性: 有郊\n正文:"), "有效性", "不是可选的值"),
    Case("bad audience", env("正文:", "公开范围: 全体员工\n正文:"), "公开范围", "不是可选的值"),
    Case(
        "title too long",
        env("标题: 关于职工体检安排的通知", "标题: " + "很长" * 41),
        "标题",
        "太长",
    ),
    Case(
        "summary too long",
        env("内容概述: 公布2024年职工体检的时间和地点安排。", "内容概述: " + "说" * 101),
        "内容概述",
        "最多 100 字",
    ),
    Case(
        "bad index number", env("索引号: GH/2024-00001", "索引号: 2024第一号"), "索引号", "格式不对"
    ),
    Case(
        "lower-case index number",
        env("索引号: GH/2024-00001", "索引号: gh/2024-00001"),
        "索引号",
        "写法不规范",
    ),
    Case("wrong brackets in 文号", env("正文:", "文号: 工字[2024]12号\n正文:"), "文号", "六角括号"),
    Case(
        "months over 12",
        tel("  月数: 3\n  金额: 451.68", "  月数: 13\n  金额: 451.68"),
        "明细[1].月数",
        "太大",
    ),
    # --- dates ---------------------------------------------------------------------------------
    Case(
        "impossible date",
        env("发布日期: 2024-03-05", "发布日期: 2024-02-30"),
        "发布日期",
        "2024年2月没有30日",
    ),
    Case(
        "month 13",
        env("发布日期: 2024-03-05", "发布日期: 2024-13-05"),
        "发布日期",
        "月份应在 1–12 之间",
    ),
    Case(
        "day-first date",
        env("发布日期: 2024-03-05", "发布日期: 5/3/2024"),
        "发布日期",
        "YYYY-MM-DD",
    ),
    Case(
        "written after published",
        env("发布日期: 2024-03-05", "发布日期: 2024-03-05\n成文日期: 2024-03-09"),
        "成文日期",
        "晚于发布日期",
    ),
    Case(
        "notice ends before it starts",
        hosp("结束: 2024-07-16", "结束: 2024-07-01"),
        "公示期.结束",
        "早于开始日期",
    ),
    Case(
        "end against working days",
        hosp("  结束: 2024-07-16", "  结束: 2024-07-18\n  工作日: 5"),
        "公示期.结束",
        "两者不一致",
    ),
    Case(
        "bad end time",
        hosp("  结束: 2024-07-16", "  结束: 2024-07-16\n  截止时间: '25:00'"),
        "公示期.截止时间",
        "不是时刻",
    ),
    Case(
        "full birth date",
        RESULT.replace("出生年月: 2004-06", "出生年月: 2004-06-15", 1),
        "人员[1].出生年月",
        "出生年月只公布年和月",
        others={"plan.yaml": PLAN},
    ),
    Case(
        "year 9999", env("发布日期: 2024-03-05", "发布日期: 9999-12-31"), "发布日期", "年份不合理"
    ),
    # --- sums and rules ------------------------------------------------------------------------
    Case(
        "stated total off",
        hosp("实际支出: 119950", "实际支出: 120000"),
        "实际支出",
        "相差 +50.00 元",
    ),
    Case("telecom total off", tel("合计: 6136.55", "合计: 6136.50"), "合计", "相差 -0.05 元"),
    Case(
        "over the standard",
        tel("  金额: 451.68", "  金额: 751.68"),
        "明细[1].超标自担",
        "未标明由本人承担",
    ),
    Case(
        "bonus total off",
        BONUS.replace("奖金总额: 479800", "奖金总额: 480000"),
        "奖金总额",
        "部门分配金额",
    ),
    Case(
        "post not in the plan",
        RESULT.replace("拟聘岗位: 铸造工艺员", "拟聘岗位: 厨师", 1),
        "人员[1].拟聘岗位",
        "不在招聘方案",
        others={"plan.yaml": PLAN},
    ),
    Case(
        "plan does not exist",
        RESULT.replace("招聘方案: GH/2026-00008", "招聘方案: GH/2026-00099"),
        "招聘方案",
        "找不到索引号",
        others={"plan.yaml": PLAN},
    ),
    Case(
        "duplicate index number",
        env("标题: 关于职工体检安排的通知", "标题: 关于职工疗养安排的通知"),
        "索引号",
        "重复",
        others={"other.yaml": ENVELOPE},
    ),
    Case(
        "missing attachment",
        env("正文:", "附件:\n- {名称: 细则.pdf, 文件: files/x.pdf}\n正文:"),
        "附件[1].文件",
        "不存在",
    ),
    Case(
        "external attachment",
        env("正文:", "附件:\n- {名称: 细则.pdf, 文件: 'https://x.cn/a.pdf'}\n正文:"),
        "附件[1].文件",
        "外部链接",
    ),
    # --- personal data -------------------------------------------------------------------------
    Case(
        "ID number in text",
        env("正文: 体检于3月中旬进行。", "正文: 张伟，身份证11010519491231002X。"),
        "正文",
        "11*************02X",
        7,
    ),
    Case(
        "mobile in a table",
        tel("  职务: 主任\n", "  职务: 主任 13812345678\n"),
        "明细[1].职务",
        "138****5678",
    ),
    Case(
        "home address",
        env("正文: 体检于3月中旬进行。", "正文: 住五四路128号3栋502室。"),
        "正文",
        "疑似家庭住址",
    ),
    Case(
        "private e-mail",
        env("正文: 体检于3月中旬进行。", "正文: 回执发 zhangwei88@qq.com"),
        "正文",
        "个人电子邮箱",
    ),
    Case(
        "name without consent",
        OPINION.replace("渠道: 电话", "渠道: 电话\n署名: 张伟"),
        "署名",
        "不得公开职工姓名",
        others={"r.yaml": RESULT, "plan.yaml": PLAN},
    ),
    Case(
        "opinion on nothing",
        OPINION.replace("GH/2026-00009", "GH/2026-00098"),
        "公开事项",
        "找不到索引号",
        others={"r.yaml": RESULT, "plan.yaml": PLAN},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_broken_record_is_refused_with_file_line_field_and_message(mini, case):
    for name, text in case.others.items():
        mini.write(name, text)
    path = mini.root / "data" / "case.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.text if isinstance(case.text, bytes) else case.text.encode("utf-8"))
    problems = [p for p in mini.problems() if p.file == "data/case.yaml"]
    assert problems, f"{case.name}: not refused"
    matching = [
        p for p in problems if p.field == case.field and case.message in p.message + p.expected
    ]
    assert matching, [p.format() for p in problems]
    problem = matching[0]
    assert problem.line is not None or case.field == "", problem.format()
    if case.line is not None:
        assert problem.line == case.line, problem.format()
    assert problem.severity == "错误"


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def test_a_link_out_of_the_data_folder_is_not_read(mini, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(ENVELOPE, encoding="utf-8")
    (mini.root / "data").mkdir(exist_ok=True)
    os.symlink(outside, mini.root / "data" / "link.yaml")
    (problem,) = mini.problems()
    assert problem.file == "data/link.yaml" and problem.line == 1
    assert "指向 data/ 以外的链接" in problem.message and str(outside) in problem.message
