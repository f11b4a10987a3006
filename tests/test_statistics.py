"""统计: counts from the records, and chart geometry that matches the figures."""

import re
from datetime import date
from decimal import Decimal

import pytest
from cwgk import pipeline
from cwgk.charts import Series, bar_chart
from cwgk.news import collect_news
from cwgk.statistics import (
    bonus_chart,
    changes_by_year,
    hospitality_chart,
    publications_by_kind,
    telecom_chart,
)
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


def test_every_withdrawal_and_repeal_is_counted_in_the_year_it_happened(mini):
    # Withdrawn by a commit of 2025: counted in 2025, not in 2024 when it was published.
    mini.write("a.yaml", ENVELOPE)
    mini.commit("发布体检通知", "2024-03-05T09:00:00+08:00")
    mini.write(
        "a.yaml",
        ENVELOPE
        + "有效性: 已撤回\n更正说明:\n  - 日期: 2025-01-06\n    说明: 体检安排取消，本通知撤回。\n",
    )
    mini.commit("撤回体检通知", "2025-01-06T10:00:00+08:00")
    # Reached the site already withdrawn (as GH/2025-00016 in the demo): no version says when,
    # so it counts in the year of its 发布日期.
    mini.write(
        "b.yaml",
        ENVELOPE.replace("GH/2024-00001", "GH/2024-00002")
        .replace("发布日期: 2024-03-05", "发布日期: 2024-09-02")
        .replace("正文:", "有效性: 已撤回\n正文:"),
    )
    mini.write(
        "c.yaml",
        ENVELOPE.replace("GH/2024-00001", "GH/2026-00003")
        .replace("发布日期: 2024-03-05", "发布日期: 2026-01-02")
        .replace("正文:", "有效性: 已废止\n正文:"),
    )
    mini.commit("收录旧通知", "2026-01-05T09:00:00+08:00")
    built = pipeline.build(mini.project, on=date(2026, 1, 6))
    table = changes_by_year(built.entries, collect_news(built.entries, "Asia/Shanghai"), ())
    assert table.years == (2024, 2025, 2026)
    rows = {r.label: r.counts for r in table.rows}
    assert rows["撤回、废止"] == (1, 1, 1)
    assert rows["新发布"] == (2, 0, 1)  # by 发布日期, as the record pages say
    page = built.site.pages["stats/index.md"]
    (row,) = [r for r in page.split("<tr") if ">撤回、废止</td>" in r]
    assert re.findall(r">(\d+)</td>", row) == ["1", "1", "1", "3"]  # 2024, 2025, 2026, 合计
