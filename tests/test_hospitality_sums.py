"""业务招待费: the totals a record states are checked against its rows, one message per mistake,
each quoting what the file says."""

from __future__ import annotations

from record_samples import HOSPITALITY

ITEMS = "主要开支项目:\n  - 项目: 餐费\n    金额: 100000\n  - 项目: 住宿费\n    金额: 19950\n"


def test_a_wrong_row_is_one_mistake_against_the_written_total(mini):
    mini.write("h.yaml", HOSPITALITY.replace("76450.00", "76550.00") + ITEMS)
    messages = [p.message for p in mini.problems()]
    assert messages == [
        "实际支出写的是 119,950.00 元，但部门明细的金额相加是 120,050.00 元，相差 -100.00 元"
    ], messages  # the items add up to the 实际支出 written: not a second, contrary message


def test_items_against_the_rows_when_no_total_is_written(mini):
    text = HOSPITALITY.replace("实际支出: 119950\n", "") + ITEMS.replace("19950", "19850")
    mini.write("h.yaml", text)
    [problem] = mini.problems()
    assert problem.field == "主要开支项目"
    assert problem.message.startswith(
        "部门明细的金额相加是 119,950.00 元，但主要开支项目的金额相加是 119,850.00 元"
    )


def test_two_records_in_force_for_one_period_are_pointed_out(mini):
    """A copied file with a new 索引号 went through silently, and the original page lost its 同比
    (the later record counts): each now gets a 提示 naming the other."""
    from cwgk import pipeline

    mini.write("h.yaml", HOSPITALITY)
    mini.write("copy.yaml", HOSPITALITY.replace("GH/2024-00012", "GH/2024-00013"))
    checked = pipeline.check(mini.project)
    assert checked.problems == []
    hints = {p.file: p for p in checked.warnings if p.field == "索引号"}
    assert sorted(hints) == ["data/copy.yaml", "data/h.yaml"]
    assert "与 data/copy.yaml 是同一系列同一期间（2024年）" in hints["data/h.yaml"].message
    assert hints["data/h.yaml"].severity == "提示"
    again = pipeline.check(mini.project, problems_only=True)  # records kept lazily: the same
    assert sorted(p.format() for p in again.warnings) == sorted(
        p.format() for p in checked.warnings
    )
    revised = HOSPITALITY.replace("发布日期: 2024-07-10", "发布日期: 2024-07-10\n有效性: 已修订")
    mini.write("h.yaml", revised)  # the older one marked as replaced: nothing to point out
    assert [p for p in pipeline.check(mini.project).warnings if p.field == "索引号"] == []
