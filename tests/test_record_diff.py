"""Field-level diffs between record versions, and the major/minor rule."""

from __future__ import annotations

from decimal import Decimal as D

from cwgk.models.hospitality import HospitalityReport
from cwgk.models.recruitment import RecruitmentResult
from cwgk.models.simple_kinds import Notice
from cwgk.models.telecom import CommunicationAllowance
from cwgk.record_diff import diff_documents, has_major


def sentences(old, new, model) -> list[str]:
    return [c.sentence() for c in diff_documents(old, new, model)]


def test_money_is_shown_as_on_the_page():
    changes = diff_documents(
        {"实际支出": D("12345.00")}, {"实际支出": D("12845")}, HospitalityReport
    )
    assert [c.sentence() for c in changes] == ["实际支出：12,345.00元 → 12,845.00元"]
    assert changes[0].correction_phrase() == "实际支出原为12,345.00元，现更正为12,845.00元"
    assert has_major(changes)


def test_rows_are_matched_by_their_natural_key_not_position():
    old = {"部门明细": [{"部门": "销售部", "金额": 100}, {"部门": "采购部", "金额": 200}]}
    reordered = {"部门明细": [{"部门": "采购部", "金额": 200}, {"部门": "销售部", "金额": 100}]}
    assert diff_documents(old, reordered, HospitalityReport) == []
    edited = {
        "部门明细": [
            {"部门": "采购部", "金额": 250},
            {"部门": "质检部", "金额": 80, "批次": 2},
        ]
    }
    assert sentences(old, edited, HospitalityReport) == [
        "部门明细「采购部」金额：200.00元 → 250.00元",
        "部门明细：新增 「质检部」（金额 80.00元，批次 2）",
        "部门明细：删去 「销售部」（金额 100.00元）",
    ]


def test_a_person_removed_from_a_recruitment_list():
    zhang = {"姓名": "张伟", "性别": "男", "拟聘岗位": "机械设计", "录用情况": "拟录用"}
    li = {"姓名": "李娜", "性别": "女", "拟聘岗位": "电气", "录用情况": "拟录用"}
    changes = diff_documents({"人员": [zhang, li]}, {"人员": [li]}, RecruitmentResult)
    assert [c.sentence() for c in changes] == [
        "人员：删去 「张伟（机械设计）」（性别 男，录用情况 拟录用）"
    ]
    assert has_major(changes)


def test_notice_period_moved_is_major_and_shown_as_dates():
    old = {"公示期": {"开始": "2025-03-05", "结束": "2025-03-11"}}
    new = {"公示期": {"开始": "2025-03-05", "结束": "2025-03-14"}}
    changes = diff_documents(old, new, Notice)
    assert [c.sentence() for c in changes] == ["公示期 · 结束：2025年3月11日 → 2025年3月14日"]
    assert has_major(changes)


def test_whitespace_and_punctuation_fixes_are_minor_anywhere():
    old = {"标题": "关于职工体检安排的通知", "发布机构": ["公司工会"]}
    new = {"标题": "关于职工体检安排的通知 。", "发布机构": ["公司工会 "]}
    changes = diff_documents(old, new, Notice)
    assert changes and not has_major(changes)


def test_rewording_running_text_is_minor_but_a_changed_number_in_it_is_major():
    old = {"内容概述": "公布2024年职工体检的时间和地点安排。"}
    reworded = {"内容概述": "公布2024年全体职工体检的时间、地点安排。"}
    renumbered = {"内容概述": "公布2025年职工体检的时间和地点安排。"}
    assert not has_major(diff_documents(old, reworded, Notice))
    assert has_major(diff_documents(old, renumbered, Notice))


def test_names_are_major_even_when_short():
    # One character of a two-character name: a different person on the list, never a typo fix.
    old = {"人员": [{"姓名": "张伟", "拟聘岗位": "电气", "性别": "男", "学历": "本科"}]}
    new = {"人员": [{"姓名": "张炜", "拟聘岗位": "电气", "性别": "男", "学历": "本科"}]}
    changes = diff_documents(old, new, RecruitmentResult)
    assert [(c.sentence(), c.major) for c in changes] == [
        ("人员：新增 「张炜（电气）」（性别 男，学历 本科）", True),
        ("人员：删去 「张伟（电气）」（性别 男，学历 本科）", True),
    ]
    assert has_major(changes)
    # The same where a name is a plain value (a table whose rows cannot be told apart by key).
    twins = [{"姓名": "李娜", "部门": "财务部"}, {"姓名": "李娜", "部门": "财务部"}]
    renamed = [{"姓名": "李娜", "部门": "财务部"}, {"姓名": "李那", "部门": "财务部"}]
    changes = diff_documents({"明细": twins}, {"明细": renamed}, CommunicationAllowance)
    assert [(c.sentence(), c.major) for c in changes] == [
        ("明细「第2行」姓名：“李娜” → “李那”", True)
    ]


def test_long_text_shows_only_the_changed_part():
    body = "体检于3月中旬在公司职工医院进行，请各部门合理安排生产，按时组织职工参加体检，不得漏检。"
    changes = diff_documents({"正文": body}, {"正文": body.replace("3月中旬", "4月上旬")}, Notice)
    (change,) = changes
    assert "4月上旬" in change.new and "不得漏检" not in change.new
    assert change.major  # a date inside running text changed


def test_plain_lists_pair_replaced_items():
    old = {"关键词": ["体检", "职工医院"]}
    new = {"关键词": ["体检", "职工医院", "健康"]}
    assert sentences(old, new, Notice) == ["关键词：新增 「健康」"]


def test_change_notes_themselves_are_not_changes():
    old = {"标题": "x" * 5}
    new = {"标题": "x" * 5, "更正说明": [{"日期": "2025-03-05", "说明": "更正"}]}
    assert diff_documents(old, new, Notice) == []


def test_an_amount_or_date_written_again_in_another_accepted_form_is_no_change():
    """Copied from Excel (1,234.50元), typed with a Chinese input method (full-width digits), or
    a date as 2024年7月10日: the same value as the model reads it, so no 更正 is asked for."""
    old = {"类型": "业务招待费使用情况", "发布日期": "2024-07-10", "实际支出": D("119950"),
           "部门明细": [{"部门": "销售部", "金额": D("76450.00")}]}  # fmt: skip
    new = {"类型": "业务招待费使用情况", "发布日期": "2024年7月10日", "实际支出": "１１９，９５０元 ",
           "部门明细": [{"部门": "销售部", "金额": "76,450.00元"}]}  # fmt: skip
    assert diff_documents(old, new, HospitalityReport) == []
    changed = {**new, "部门明细": [{"部门": "销售部", "金额": "76,550.00元"}]}
    [change] = diff_documents(old, changed, HospitalityReport)
    assert (change.old, change.new, change.major) == ("76,450.00元", "76,550.00元", True)
    refused = {**new, "实际支出": "12万"}  # the check refuses it; the diff shows what is written
    assert [c.new for c in diff_documents(old, refused, HospitalityReport)] == ["“12万”"]
