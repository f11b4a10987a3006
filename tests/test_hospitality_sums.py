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
