"""The notations union staff type (from Excel, with a Chinese input method) that are accepted and
normalised, and those refused with the corrected value shown. The rule is in the README."""

from datetime import date
from decimal import Decimal

import pytest
from cwgk import pipeline
from record_samples import HOSPITALITY


def parsed(mini, old, new):
    mini.write("h.yaml", HOSPITALITY.replace(old, new))
    checked = pipeline.check(mini.project)
    return checked.records[0].record if checked.records else None, checked.problems


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("180000", Decimal(180000)),
        ("'180,000.00'", Decimal("180000.00")),
        ("180,000.00", Decimal("180000.00")),  # unquoted: YAML keeps it as text, we read it
        ("180000元", Decimal(180000)),
        ("180000.5元", Decimal("180000.5")),
        ("￥180,000", Decimal(180000)),
        ("１８００００", Decimal(180000)),  # full-width digits from an input method
        ("１８００００．００元", Decimal("180000.00")),
    ],
)
def test_amounts_accepted_and_normalised(mini, written, amount):
    record, problems = parsed(mini, "核定额: 180000", f"核定额: {written}")
    assert problems == [] and record.budget == amount


@pytest.mark.parametrize(
    ("written", "message", "expected"),
    [
        ("18万", "金额“18万”以万元为单位", "180000（以元为单位：18万 = 180000 元）"),
        ("18.5万元", "以万元为单位", "185000（以元为单位：18.5万元 = 185000 元）"),
        ("１８万", "以万元为单位", "180000"),
        ("十八万", "带有“万”字", "以元为单位的数字"),
        ("18,00,000", "不是金额", "1234.50"),
        ("180000.505", "小数位太多", "元保留到分"),
        ("约18万", "带有“万”字", "以元为单位"),
    ],
)
def test_amounts_refused_with_the_right_value_shown(mini, written, message, expected):
    _, problems = parsed(mini, "核定额: 180000", f"核定额: {written}")
    (problem,) = problems
    assert problem.field == "核定额" and message in problem.message and expected in problem.expected


@pytest.mark.parametrize(
    "written",
    [
        "2024-07-10",
        "2024-7-10",
        "2024/7/10",
        "2024.7.10",
        "2024年7月10日",
        "２０２４年７月１０日",
        "'2024/07/10'",
    ],
)
def test_dates_accepted_and_normalised(mini, written):
    record, problems = parsed(mini, "发布日期: 2024-07-10", f"发布日期: {written}")
    assert problems == [] and record.published_on == date(2024, 7, 10)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("7/10/2024", "不是 YYYY-MM-DD 格式的日期"),
        ("24-7-10", "不是 YYYY-MM-DD 格式的日期"),
        ("2024年7月", "不是 YYYY-MM-DD 格式的日期"),
        ("2024/2/30", "日期“2024/2/30”不存在（2024年2月没有30日）"),
    ],
)
def test_dates_refused(mini, written, message):
    _, problems = parsed(mini, "发布日期: 2024-07-10", f"发布日期: {written}")
    assert any(p.field == "发布日期" and message in p.message for p in problems), [
        p.format() for p in problems
    ]


def test_full_width_counts(mini):
    record, problems = parsed(mini, "  - 部门: 销售部\n", "  - 部门: 销售部\n    批次: ４２\n")
    assert problems == [] and record.departments[0].batches == 42
