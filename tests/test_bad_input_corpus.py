"""A corpus of broken records, each with the message it must produce (file, line, field, text).

Every case is written into a fresh project and checked the way the build checks; the case passes
only if its file is refused with exactly that field at exactly the line the case names, and a
message containing the text. The line is named by its text where it can be: the first line of the
broken file that contains the case's `at` (the offending key and value), so a case says which line
is wrong the way a clerk would point at it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest
from cwgk.cli import EXIT_INVALID, main
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
    # Where the problem must be reported: the first line of `text` containing this string, or a
    # line number (a problem of the whole file, or a missing key: the record's first line); None
    # only for a file that has no line at all.
    at: str | int | None
    others: dict[str, str] = field(default_factory=dict)  # files it needs beside it

    def line(self) -> int | None:
        if not isinstance(self.at, str):
            return self.at
        assert isinstance(self.text, str)
        lines = [n for n, text in enumerate(self.text.splitlines(), 1) if self.at in text]
        assert lines, f"{self.name}: no line contains {self.at!r}"
        return lines[0]


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
    Case("full-width colon", env("标题: ", "标题："), "标题", "中文全角冒号", "标题："),
    Case(
        "tab indentation",
        hosp("  开始: 2024-07-10", "\t开始: 2024-07-10"),
        "",
        "制表符",
        "\t开始: 2024-07-10",
    ),
    Case(
        "unclosed quote",
        env("标题: 关于职工体检安排的通知", '标题: "关于职工体检安排的通知'),
        "",
        "引号或括号闭合之前就结束了",
        8,  # where the file ends (after its 7 lines): the quote opened on line 3 never closes
    ),
    Case(
        "list where a mapping is",
        "- 类型: 通知公告\n- 标题: x\n",
        "",
        "不是“字段名: 值”的记录",
        "- 类型: 通知公告",
    ),
    Case(  # issue 17, item 11: it was reported on the next line, without the cause
        "no space after the colon",
        env("发布机构: 公司工会\n", "发布机构: 公司工会\n文号:工字〔2024〕3号\n"),
        "文号",
        "冒号“:”之后缺少空格",
        "文号:工字〔2024〕3号",
    ),
    Case(  # issue 17, item 11: it was reported on the next line, in English
        "unclosed bracket",
        env("发布机构: 公司工会", "发布机构: [公司工会, 财务部"),
        "",
        "“[”没有闭合",
        "发布机构: [公司工会, 财务部",
    ),
    Case(
        "correction appended to a file that has an empty one",
        env("发布机构: 公司工会\n", "发布机构: 公司工会\n更正说明: []\n")
        + "更正说明:\n- 日期: 2024-03-06\n  说明: 原体检时间有误，现更正。\n",
        "更正说明",
        "删去第 5 行空的「更正说明: []」",
        9,  # the second one, appended at the end as the manual says
    ),
    Case("empty file", "", "", "文件是空的", None),  # no line to point at
    Case("GBK encoding", ENVELOPE.encode("gbk"), "", "文件不是 UTF-8 编码", 1),  # 类型 on line 1
    Case("UTF-16 encoding", ENVELOPE.encode("utf-16"), "", "UTF-8", 1),
    Case(
        "duplicate key",
        env("发布机构: 公司工会\n", "发布机构: 公司工会\n发布机构: 财务部\n"),
        "发布机构",
        "重复",
        "发布机构: 财务部",  # the second one
    ),
    Case(
        "oversized file",
        env("正文: 体检于3月中旬进行。", "正文: " + "体检" * 400_000),
        "",
        "文件太大",
        1,  # the whole file
    ),
    # --- kinds and keys ------------------------------------------------------------------------
    Case("no kind", env("类型: 通知公告\n", ""), "", "缺少「类型」", 1),  # the record's first line
    Case(
        "unknown kind",
        env("类型: 通知公告", "类型: 招待费"),
        "类型",
        "是不是“业务招待费使用情况”",
        "类型: 招待费",
    ),
    Case("misspelt key", env("标题: ", "标提: "), "标提", "是不是“标题”", "标提: "),
    Case("missing title", env("标题: 关于职工体检安排的通知\n", ""), "标题", "缺少必填字段", 1),
    Case(
        "empty title", env("标题: 关于职工体检安排的通知", "标题:"), "标题", "还没有填写", "标题:"
    ),
    Case(
        "private key",
        env("正文:", "身份证号: '1'\n正文:"),
        "身份证号",
        "不得公开身份证号码",
        "身份证号: '1'",
    ),
    # --- types ---------------------------------------------------------------------------------
    Case(
        "text where a number is",
        hosp("核定额: 180000", "核定额: 待定"),
        "核定额",
        "不是金额",
        "核定额: 待定",
    ),
    Case(
        "amount in 万",
        hosp("核定额: 180000", "核定额: 18万"),
        "核定额",
        "以万元为单位",
        "核定额: 18万",
    ),
    Case(
        "three decimals",
        hosp("核定额: 180000", "核定额: 180000.505"),
        "核定额",
        "小数位太多",
        "核定额: 180000.505",
    ),
    Case("negative amount", hosp("核定额: 180000", "核定额: -5"), "核定额", "太小", "核定额: -5"),
    Case(
        "mapping where text is",
        env("标题: 关于职工体检安排的通知", "标题: {a: b}"),
        "标题",
        "应为文字",
        "标题: {a: b}",
    ),
    Case(
        "bad validity",
        env("正文:", "有效性: 有郊\n正文:"),
        "有效性",
        "不是可选的值",
        "有效性: 有郊",
    ),
    Case(
        "bad audience",
        env("正文:", "公开范围: 全体员工\n正文:"),
        "公开范围",
        "不是可选的值",
        "公开范围: 全体员工",
    ),
    Case(
        "title too long",
        env("标题: 关于职工体检安排的通知", "标题: " + "很长" * 41),
        "标题",
        "太长",
        "标题: 很长",
    ),
    Case(
        "summary too long",
        env("内容概述: 公布2024年职工体检的时间和地点安排。", "内容概述: " + "说" * 101),
        "内容概述",
        "最多 100 字",
        "内容概述: 说",
    ),
    Case(
        "bad index number",
        env("索引号: GH/2024-00001", "索引号: 2024第一号"),
        "索引号",
        "格式不对",
        "索引号: 2024第一号",
    ),
    Case(
        "lower-case index number",
        env("索引号: GH/2024-00001", "索引号: gh/2024-00001"),
        "索引号",
        "写法不规范",
        "索引号: gh/2024-00001",
    ),
    Case(
        "wrong brackets in 文号",
        env("正文:", "文号: 工字[2024]12号\n正文:"),
        "文号",
        "六角括号",
        "文号: 工字[2024]12号",
    ),
    Case(
        "months over 12",
        tel("  月数: 3\n  金额: 451.68", "  月数: 13\n  金额: 451.68"),
        "明细[1].月数",
        "太大",
        "  月数: 13",
    ),
    # --- dates ---------------------------------------------------------------------------------
    Case(
        "impossible date",
        env("发布日期: 2024-03-05", "发布日期: 2024-02-30"),
        "发布日期",
        "2024年2月没有30日",
        "发布日期: 2024-02-30",
    ),
    Case(
        "month 13",
        env("发布日期: 2024-03-05", "发布日期: 2024-13-05"),
        "发布日期",
        "月份应在 1–12 之间",
        "发布日期: 2024-13-05",
    ),
    Case(
        "day-first date",
        env("发布日期: 2024-03-05", "发布日期: 5/3/2024"),
        "发布日期",
        "YYYY-MM-DD",
        "发布日期: 5/3/2024",
    ),
    Case(
        "written after published",
        env("发布日期: 2024-03-05", "发布日期: 2024-03-05\n成文日期: 2024-03-09"),
        "成文日期",
        "晚于发布日期",
        "成文日期: 2024-03-09",
    ),
    Case(
        "notice ends before it starts",
        hosp("结束: 2024-07-16", "结束: 2024-07-01"),
        "公示期.结束",
        "早于开始日期",
        "  结束: 2024-07-01",
    ),
    Case(
        "end against working days",
        hosp("  结束: 2024-07-16", "  结束: 2024-07-18\n  工作日: 5"),
        "公示期.结束",
        "两者不一致",
        "  结束: 2024-07-18",
    ),
    Case(
        "bad end time",
        hosp("  结束: 2024-07-16", "  结束: 2024-07-16\n  截止时间: '25:00'"),
        "公示期.截止时间",
        "不是时刻",
        "  截止时间: '25:00'",
    ),
    Case(
        "full birth date",
        RESULT.replace("出生年月: 2004-06", "出生年月: 2004-06-15", 1),
        "人员[1].出生年月",
        "出生年月只公布年和月",
        "  出生年月: 2004-06-15",
        others={"plan.yaml": PLAN},
    ),
    Case(
        "year 9999",
        env("发布日期: 2024-03-05", "发布日期: 9999-12-31"),
        "发布日期",
        "年份不合理",
        "发布日期: 9999-12-31",
    ),
    # --- sums and rules ------------------------------------------------------------------------
    Case(
        "stated total off",
        hosp("实际支出: 119950", "实际支出: 120000"),
        "实际支出",
        "相差 +50.00 元",
        "实际支出: 120000",
    ),
    Case(
        "telecom total off",
        tel("合计: 6136.55", "合计: 6136.50"),
        "合计",
        "相差 -0.05 元",
        "合计: 6136.50",
    ),
    Case(
        "over the standard",
        tel("  金额: 451.68", "  金额: 751.68"),
        "明细[1].超标自担",
        "未标明由本人承担",
        "- 姓名: 罗晨子",  # the row that lacks the field: where it starts
    ),
    Case(
        "bonus total off",
        BONUS.replace("奖金总额: 479800", "奖金总额: 480000"),
        "奖金总额",
        "部门分配金额",
        "奖金总额: 480000",
    ),
    Case(
        "post not in the plan",
        RESULT.replace("拟聘岗位: 铸造工艺员", "拟聘岗位: 厨师", 1),
        "人员[1].拟聘岗位",
        "不在招聘方案",
        "  拟聘岗位: 厨师",
        others={"plan.yaml": PLAN},
    ),
    Case(
        "plan does not exist",
        RESULT.replace("招聘方案: GH/2026-00008", "招聘方案: GH/2026-00099"),
        "招聘方案",
        "找不到索引号",
        "招聘方案: GH/2026-00099",
        others={"plan.yaml": PLAN},
    ),
    Case(
        "duplicate index number",
        env("标题: 关于职工体检安排的通知", "标题: 关于职工疗养安排的通知"),
        "索引号",
        "重复",
        "索引号: GH/2024-00001",
        others={"other.yaml": ENVELOPE},
    ),
    Case(
        "missing attachment",
        env("正文:", "附件:\n- {名称: 细则.pdf, 文件: files/x.pdf}\n正文:"),
        "附件[1].文件",
        "不存在",
        "文件: files/x.pdf",
    ),
    Case(
        "external attachment",
        env("正文:", "附件:\n- {名称: 细则.pdf, 文件: 'https://x.cn/a.pdf'}\n正文:"),
        "附件[1].文件",
        "外部链接",
        "文件: 'https://x.cn/a.pdf'",
    ),
    # --- personal data -------------------------------------------------------------------------
    Case(
        "ID number in text",
        env("正文: 体检于3月中旬进行。", "正文: 张伟，身份证11010519491231002X。"),
        "正文",
        "11*************02X",
        "正文: 张伟，身份证",
    ),
    Case(
        "mobile in a table",
        tel("  职务: 主任\n", "  职务: 主任 13812345678\n"),
        "明细[1].职务",
        "138****5678",
        "  职务: 主任 13812345678",  # the first of the rows it went into: 明细[1]
    ),
    Case(
        "home address",
        env("正文: 体检于3月中旬进行。", "正文: 住五四路128号3栋502室。"),
        "正文",
        "疑似家庭住址",
        "正文: 住五四路",
    ),
    Case(
        "private e-mail",
        env("正文: 体检于3月中旬进行。", "正文: 回执发 zhangwei88@qq.com"),
        "正文",
        "个人电子邮箱",
        "正文: 回执发",
    ),
    Case(
        "name without consent",
        OPINION.replace("渠道: 电话", "渠道: 电话\n署名: 张伟"),
        "署名",
        "不得公开职工姓名",
        "署名: 张伟",
        others={"r.yaml": RESULT, "plan.yaml": PLAN},
    ),
    Case(
        "opinion on nothing",
        OPINION.replace("GH/2026-00009", "GH/2026-00098"),
        "公开事项",
        "找不到索引号",
        "公开事项: GH/2026-00098",
        others={"r.yaml": RESULT, "plan.yaml": PLAN},
    ),
]


def write_case(mini, case: Case) -> None:
    for name, text in case.others.items():
        mini.write(name, text)
    path = mini.root / "data" / "case.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.text if isinstance(case.text, bytes) else case.text.encode("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_broken_record_is_refused_with_file_line_field_and_message(mini, case):
    write_case(mini, case)
    problems = [p for p in mini.problems() if p.file == "data/case.yaml"]
    assert problems, f"{case.name}: not refused"
    matching = [
        p for p in problems if p.field == case.field and case.message in p.message + p.expected
    ]
    assert matching, [p.format() for p in problems]
    assert [p.line for p in matching] == [case.line()], [p.format() for p in matching]
    assert matching[0].severity == "错误"


def check_command(mini) -> int:
    """`cwgk check` as a clerk (or the pre-commit hook) runs it on the mini project: → its exit
    status (what it printed is in capsys)."""
    config = mini.root / "mkdocs.yml"
    config.write_text(
        "site_name: 厂务公开\ndocs_dir: site_src\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'theme_overrides'}\n",
        encoding="utf-8",
    )
    return main(["-f", str(config), "check"])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cwgk_check_refuses_every_case_and_prints_file_line_and_field(mini, capsys, case):
    write_case(mini, case)
    capsys.readouterr()
    status = check_command(mini)
    err = capsys.readouterr().err
    assert status == EXIT_INVALID, err
    line = case.line()
    where = "data/case.yaml" + (rf":{line}(?::\d+)?" if line is not None else "")
    field = rf" 字段「{re.escape(case.field)}」" if case.field else ""
    wanted = rf"^{where}: 错误{field}：.*{re.escape(case.message)}"
    assert re.search(wanted, err, re.M), (wanted, err)


def test_the_records_the_cases_break_pass_the_same_check_unbroken(mini, capsys):
    """Every case is one change to one of these records: what refuses a case is its change."""
    for name, text in {
        "envelope.yaml": ENVELOPE,
        "hospitality.yaml": HOSPITALITY,
        "telecom.yaml": TELECOM,
        "bonus.yaml": BONUS,
        "plan.yaml": PLAN,
        "result.yaml": RESULT,
        "opinion.yaml": OPINION,
    }.items():
        mini.write(name, text)
    capsys.readouterr()
    status = check_command(mini)
    out = capsys.readouterr()
    assert status == 0, out.err
    assert out.out.startswith("检查通过：6 条记录、1 条意见与答复，没有发现错误"), out.out


def test_a_link_out_of_the_data_folder_is_not_read(mini, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(ENVELOPE, encoding="utf-8")
    (mini.root / "data").mkdir(exist_ok=True)
    os.symlink(outside, mini.root / "data" / "link.yaml")
    (problem,) = mini.problems()
    assert problem.file == "data/link.yaml" and problem.line == 1
    assert "指向 data/ 以外的链接" in problem.message and str(outside) in problem.message
