"""Every bad input the foundation must reject, with the message a union clerk would read."""

from record_samples import ENVELOPE, HOSPITALITY


def only(mini):
    problems = mini.problems()
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def test_valid_records_pass(mini):
    mini.write("a.yaml", ENVELOPE)
    mini.write("b.yaml", HOSPITALITY)
    assert mini.problems() == []


def test_unknown_kind_suggests_the_right_one(mini):
    mini.write("k.yaml", ENVELOPE.replace("类型: 通知公告", "类型: 招待费"))
    p = only(mini)
    assert (p.line, p.field) == (1, "类型")
    assert p.message == "未知的类型“招待费”是不是“业务招待费使用情况”？"


def test_missing_required_field(mini):
    mini.write("m.yaml", ENVELOPE.replace("内容概述: 公布2024年职工体检的时间和地点安排。\n", ""))
    p = only(mini)
    assert (p.field, p.line, p.message) == ("内容概述", 1, "缺少必填字段")  # line 1: the record
    # The field's own description tells what goes there.
    assert p.expected == "一两句话说明公开了什么，不超过 100 字"


def test_wrong_type_names_field_and_line(mini):
    mini.write("t.yaml", HOSPITALITY.replace("核定额: 180000", "核定额: 待定"))
    p = only(mini)
    assert (p.field, p.line) == ("核定额", 13)
    assert "不是金额" in p.message


def test_amount_in_wan_yuan_is_rejected_with_the_unit_named(mini):
    mini.write("w.yaml", HOSPITALITY.replace("核定额: 180000", "核定额: 18万"))
    p = only(mini)
    assert (p.file, p.line, p.field) == ("data/w.yaml", 13, "核定额")
    assert p.message == "金额“18万”以万元为单位；本字段以元为单位"
    assert p.expected == "180000（以元为单位：18万 = 180000 元）"  # the amount in 元, worked out


def test_impossible_date(mini):
    mini.write("d.yaml", ENVELOPE.replace("发布日期: 2024-03-05", "发布日期: 2024-02-30"))
    p = only(mini)
    assert (p.field, p.line) == ("发布日期", 5)
    assert "不存在" in p.message and "2月没有30日" in p.message


def test_invalid_date_format(mini):
    mini.write("d.yaml", ENVELOPE.replace("发布日期: 2024-03-05", "发布日期: 3/5/2024"))
    p = only(mini)
    assert (p.field, p.line) == ("发布日期", 5)
    assert p.message == "“3/5/2024”不是 YYYY-MM-DD 格式的日期"
    assert p.expected == "例如 2024-03-05"


def test_notice_period_end_before_start(mini):
    mini.write("p.yaml", HOSPITALITY.replace("结束: 2024-07-16", "结束: 2024-07-01"))
    p = only(mini)
    assert (p.field, p.line) == ("公示期.结束", 9)
    assert "早于开始日期" in p.message


def test_stated_total_differs_from_rows(mini):
    mini.write("s.yaml", HOSPITALITY.replace("实际支出: 119950", "实际支出: 120000"))
    p = only(mini)
    assert (p.field, p.line) == ("实际支出", 14)
    assert "120,000.00" in p.message and "119,950.00" in p.message and "+50.00" in p.message
    assert "119950.00" in p.expected


def test_two_records_with_one_index_number_both_reported(mini):
    mini.write("a.yaml", ENVELOPE)
    mini.write("b.yaml", ENVELOPE.replace("关于职工体检", "关于职工疗养"))
    problems = mini.problems()
    assert sorted(p.file for p in problems) == ["data/a.yaml", "data/b.yaml"]
    assert all(p.field == "索引号" and p.line == 2 and "重复" in p.message for p in problems)
    assert "data/b.yaml" in problems[0].message


def test_all_errors_of_all_files_in_one_run(mini):
    mini.write("a.yaml", ENVELOPE.replace("发布日期: 2024-03-05", "发布日期: 2024-13-01"))
    mini.write(
        "b.yaml",
        HOSPITALITY.replace("核定额: 180000", "核定额: abc").replace("区间: 上半年", "区间: 上半"),
    )
    mini.write("c.yaml", "标题：x\n")
    problems = mini.problems()
    assert {p.file for p in problems} == {"data/a.yaml", "data/b.yaml", "data/c.yaml"}
    assert {p.field for p in problems if p.file == "data/b.yaml"} == {"核定额", "期间.区间"}


def test_unknown_field_suggests_the_closest_one(mini):
    mini.write("u.yaml", ENVELOPE.replace("内容概述:", "内容概要:"))
    messages = " ".join(mini.messages())
    assert "不认识的字段「内容概要」" in messages and "是不是“内容概述”" in messages


def test_private_field_is_refused(mini):
    text = ENVELOPE.replace("类型: 通知公告", "类型: 通知公告\n身份证号: 350102199001011234")
    mini.write("id.yaml", text)
    p = only(mini)
    assert p.field == "身份证号" and "不得公开身份证号码" in p.message


def test_doc_number_bracket_shows_corrected_value(mini):
    mini.write("n.yaml", ENVELOPE + "文号: 工字[2024]12号\n")
    p = only(mini)
    assert p.field == "文号" and p.expected == "工字〔2024〕12号"


def test_index_number_case_is_corrected(mini):
    mini.write("i.yaml", ENVELOPE.replace("GH/2024-00001", "gh/2024-00001"))
    p = only(mini)
    assert p.field == "索引号" and p.expected == "GH/2024-00001"


def test_row_path_is_one_based_with_line(mini):
    mini.write(
        "r.yaml",
        HOSPITALITY.replace("金额: 43500", "金额: 43500.123").replace("实际支出: 119950\n", ""),
    )
    p = only(mini)
    assert p.field == "部门明细[2].金额" and p.line == 18
    assert "小数位" in p.message


def test_telecom_excess_must_be_self_paid(mini):
    mini.write(
        "t.yaml",
        ENVELOPE.replace("类型: 通知公告", "类型: 中层领导通讯费").replace(
            "正文: 体检于3月中旬进行。\n", ""
        )
        + "期间: {年度: 2024, 区间: 第一季度}\n明细:\n  - 姓名: 王伟\n    部门: 销售部\n    标准: 180\n    月数: 3\n    金额: 600\n",
    )
    p = only(mini)
    assert p.field == "明细[1].超标自担"
    assert "超出的 60.00 元" in p.message and "超标自担: 60.00" in p.expected


def test_recruitment_substitutes_restart_per_post(mini):
    result = (
        ENVELOPE.replace("类型: 通知公告", "类型: 招聘人员结果").replace(
            "正文: 体检于3月中旬进行。\n", ""
        )
        + "人员:\n"
        + "  - {姓名: 王伟, 性别: 男, 拟聘岗位: 工艺员, 录用情况: 拟录用}\n"
        + "  - {姓名: 李娜, 性别: 女, 拟聘岗位: 工艺员, 录用情况: 替补2}\n"
    )
    mini.write("r.yaml", result)
    p = only(mini)
    assert p.field == "人员[2].录用情况" and "替补1" in p.expected


def test_birth_date_must_be_year_and_month_only(mini):
    result = (
        ENVELOPE.replace("类型: 通知公告", "类型: 招聘人员结果").replace(
            "正文: 体检于3月中旬进行。\n", ""
        )
        + "人员:\n  - {姓名: 王伟, 性别: 男, 出生年月: 1998-07-15, 拟聘岗位: 工艺员, 录用情况: 拟录用}\n"
    )
    mini.write("r.yaml", result)
    p = only(mini)
    assert p.field == "人员[1].出生年月" and "最小化" in p.message and "1998-07" in p.expected


def test_result_must_point_to_an_existing_plan(mini):
    result = (
        ENVELOPE.replace("类型: 通知公告", "类型: 招聘人员结果").replace(
            "正文: 体检于3月中旬进行。\n", ""
        )
        + "招聘方案: GH/2024-00099\n人员:\n  - {姓名: 王伟, 性别: 男, 拟聘岗位: 工艺员, 录用情况: 拟录用}\n"
    )
    mini.write("r.yaml", result)
    p = only(mini)
    assert p.field == "招聘方案" and "GH/2024-00099" in p.message


def test_missing_attachment_file(mini):
    mini.write("a.yaml", ENVELOPE + "附件:\n  - 名称: 细则.pdf\n    文件: files/细则.pdf\n")
    p = only(mini)
    assert p.field == "附件[1].文件" and "不存在" in p.message


def test_external_attachment_link_refused(mini):
    mini.write("a.yaml", ENVELOPE + "附件:\n  - 名称: 细则\n    文件: https://example.com/a.pdf\n")
    p = only(mini)
    assert "外部链接" in p.message


def test_demo_data_is_valid():
    from pathlib import Path

    from cwgk import pipeline
    from cwgk.settings import load_settings

    root = Path(__file__).resolve().parents[1]
    project = pipeline.Project(
        root=root, settings=load_settings(root / "mkdocs.yml"), docs_dir=root / "site_src"
    )
    checked = pipeline.check(project)
    assert checked.problems == []
    assert len(checked.records) >= 40
    kinds = {type(r.record).__name__ for r in checked.records}
    assert len(kinds) == 8
    years = {r.record.published_on.year for r in checked.records}
    assert {2024, 2025, 2026} <= years


def test_correction_note_needs_a_plain_date_and_a_note(mini):
    mini.write(
        "a.yaml",
        ENVELOPE + "更正说明:\n  - 日期: {on}\n    说明: 更正\n  - 日期: 2025-03-05\n",
    )
    messages = mini.messages()
    assert (
        "data/a.yaml:9:9: 错误 字段「更正说明[1].日期」：应为日期，却是一组字段；花括号"
        in messages[0]
    )
    assert any("更正说明[1].说明" in m and "至少 4 个字" in m for m in messages), messages
    assert any("更正说明[2]" in m and "说明" in m for m in messages), messages


TELECOM_ROW = (
    ENVELOPE.replace("类型: 通知公告", "类型: 中层领导通讯费").replace(
        "正文: 体检于3月中旬进行。\n", ""
    )
    + "期间: {年度: 2024, 区间: 第一季度}\n明细:\n  - 姓名: 王伟\n    部门: 销售部\n    标准: 180\n"
    "    月数: 3\n    金额: {amount}\n"
)


def test_an_amount_far_above_the_standard_first_asks_for_the_receipts(mini):
    """Issue 17, item 4: 1.2万 → 12000 → 超标自担: 11460 passed and published ¥12,000."""
    mini.write("t.yaml", TELECOM_ROW.replace("{amount}", "12000"))
    p = only(mini)
    assert (p.line, p.field) == (13, "明细[1].金额")
    assert p.message == (
        "王伟：金额 12000.00 元是标准 180.00 元 × 3 个月 = 540.00 元的 22 倍，很可能是录入错误"
        "（多写了位数，或把万元、角当成了元）"
    )
    assert p.expected.startswith("先核对原始单据") and p.expected.endswith("超标自担: 11460.00")
    # A modest excess (under 3×) is still simply the part to mark as self-paid.
    mini.write("t.yaml", TELECOM_ROW.replace("{amount}", "1000"))
    assert "超标自担: 460.00" in only(mini).expected


def test_a_choice_list_is_punctuated_with_the_enumeration_comma(mini):
    mini.write("t.yaml", TELECOM_ROW.replace("{amount}", "500").replace("第一季度", "一季度"))
    p = only(mini)
    assert p.field == "期间.区间"
    assert "第四季度、1月、2月" in p.expected and "11月、12月" in p.expected
    assert "," not in p.expected and "，" not in p.expected
