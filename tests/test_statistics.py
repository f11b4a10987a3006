"""统计: counts from the records, and chart geometry that matches the figures."""

from datetime import date
from decimal import Decimal

import pytest
from cwgk import pipeline
from cwgk.charts import Series, bar_chart
from cwgk.statistics import bonus_chart, hospitality_chart, publications_by_kind, telecom_chart
from record_samples import ENVELOPE, HOSPITALITY


def test_bars_are_proportional_and_the_axis_has_round_ticks():
    chart = bar_chart(
        "测试",
        [("2024年", "上半年"), ("2024年", "下半年")],
        [
            Series("核定额", "budget", (Decimal(180000), Decimal(200000))),
            Series("实际支出", "actual", (Decimal(119950), None)),
        ],
    )
    assert chart.axis_unit == "万元"  # large amounts read in 万元 on the axis
    assert [label for _, label in chart.ticks] == ["0", "5", "10", "15", "20"]
    assert len(chart.bars) == 3  # a missing value draws no bar
    budget_2024h1, actual_2024h1, budget_2024h2 = chart.bars
    assert budget_2024h1.height / budget_2024h2.height == pytest.approx(0.9, abs=0.01)
    assert actual_2024h1.height / budget_2024h1.height == pytest.approx(119950 / 180000, abs=0.01)
    assert all(b.y + b.height == pytest.approx(chart.baseline, abs=0.2) for b in chart.bars)
    assert actual_2024h1.title == "2024年上半年 实际支出 119,950.00元"
    small = bar_chart("小", [("1", "")], [Series("a", "actual", (Decimal("6136.55"),))])
    assert small.axis_unit == "元" and small.ticks[-1][1] == "8,000"


@pytest.fixture
def entries(mini):
    mini.write("a.yaml", ENVELOPE)
    mini.write("h24.yaml", HOSPITALITY)
    mini.write(
        "h25.yaml",
        HOSPITALITY.replace("GH/2024-00012", "GH/2025-00003")
        .replace("年度: 2024", "年度: 2025")
        .replace("2024-07-1", "2025-07-1")
        .replace("2024年", "2025年"),
    )
    mini.write(
        "withdrawn.yaml",
        HOSPITALITY.replace("GH/2024-00012", "GH/2025-00004")
        .replace("年度: 2024", "年度: 2025")
        .replace("区间: 上半年", "区间: 下半年")
        .replace("发布日期: 2024-07-10", "发布日期: 2025-12-10\n有效性: 已撤回")
        .replace("2024-07-1", "2025-12-1"),
    )
    return pipeline.build(mini.project, on=date(2026, 1, 5)).entries


def test_publications_are_counted_per_kind_and_year_including_withdrawn(entries):
    table = publications_by_kind(entries)
    assert table.years == (2024, 2025)
    rows = {r.label: r.counts for r in table.rows}
    assert rows["业务招待费使用情况"] == (1, 2) and rows["通知公告"] == (1, 0)
    assert table.totals == (2, 2) and table.total == 4


def test_spending_charts_leave_withdrawn_reports_out(entries):
    chart = hospitality_chart(entries)
    assert chart.categories == (("2024年", "上半年"), ("2025年", "上半年"))
    assert [s.values for s in chart.series] == [
        (Decimal(180000), Decimal(180000)),
        (Decimal("119950"), Decimal("119950")),
    ]
    assert telecom_chart(entries) is None and bonus_chart(entries) is None


def test_the_stats_page_has_tables_and_charts_with_their_data(mini, entries):
    page = pipeline.build(mini.project, on=date(2026, 1, 5)).site.pages["stats/index.md"]
    assert "## 各栏目公开事项数" in page and "## 发布、更正和撤回" in page
    assert '<svg class="cwgk-chart__svg"' in page and 'role="img"' in page
    assert page.count('class="cwgk-chart__bar cwgk-chart__bar--') == 4
    assert "<td>2025年上半年</td>" in page and "119,950.00" in page
