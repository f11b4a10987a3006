from datetime import date

import pytest
from cwgk import pipeline
from cwgk.render import relative_url
from record_samples import HOSPITALITY


@pytest.mark.parametrize(
    ("src", "dst", "rel"),
    [
        ("records/gh-2024-00012/", "", "../../"),
        ("", "records/gh-2024-00012/", "records/gh-2024-00012/"),
        ("kinds/bonus/", "records/gh-2024-00001/", "../../records/gh-2024-00001/"),
        ("records/x/", "files/a.pdf", "../../files/a.pdf"),
    ],
)
def test_relative_url(src, dst, rel):
    assert relative_url(src, dst) == rel


def build(mini, on=date(2025, 7, 15)):
    return pipeline.build(mini.project, on=on)


def test_record_page_has_metadata_tables_notice_and_closing(mini):
    mini.write("h.yaml", HOSPITALITY)
    page = build(mini).site.pages["records/gh-2024-00012.md"]
    # No side navigation or table of contents: a record page's tables get the screen's width.
    assert page.startswith(
        '---\ntitle: "2024年上半年业务招待费使用情况公示"\nsearch: {"exclude": true}\n'
        'hide: ["navigation", "toc"]\n---'
    )
    for text in ["索引号", "GH/2024-00012", "公司工会、财务部", "2024年7月10日", "单位：元", "180,000.00",
                 "119,950.00", "比核定指标结余60,050.00元", "人民币壹拾壹万玖仟玖佰伍拾元整",
                 "公示期", "2024年7月16日", "如有异议", "特此公示。"]:  # fmt: skip
        assert text in page, text
    assert 'data-end="2024-07-16"' in page


def test_year_over_year_against_previous_record_of_the_series(mini):
    mini.write("h24.yaml", HOSPITALITY)
    h25 = (
        HOSPITALITY.replace("GH/2024-00012", "GH/2025-00008")
        .replace("年度: 2024", "年度: 2025")
        .replace("实际支出: 119950\n", "")
        .replace("金额: 43500", "金额: 49500")
    )
    mini.write("h25.yaml", h25)
    result = build(mini)
    page = result.site.pages["records/gh-2025-00008.md"]
    assert "比上年增加6,000.00元，增长5.0%" in page
    assert 'href="../gh-2024-00012/"' in page  # previous period linked
    assert "比上年" not in result.site.pages["records/gh-2024-00012.md"]


def test_lists_group_by_kind_and_year_newest_first(mini):
    from record_samples import ENVELOPE

    mini.write("h.yaml", HOSPITALITY)
    mini.write("n.yaml", ENVELOPE)
    site = build(mini).site
    hospitality = site.pages["kinds/hospitality.md"]
    assert "## 2024年" in hospitality and "2024年上半年业务招待费使用情况公示" in hospitality
    year = site.pages["years/2024.md"]
    assert year.index("2024年上半年业务招待费") < year.index("关于职工体检安排的通知")
    assert {"按年度": [{"2024年": "years/2024.md"}]} in site.nav


def test_home_open_list_uses_build_day(mini):
    mini.write("h.yaml", HOSPITALITY)
    assert "2024年上半年业务招待费" in build(mini, on=date(2024, 7, 12)).site.fragments["open"]
    closed = build(mini, on=date(2024, 8, 1)).site.fragments["open"]
    assert "2024年上半年业务招待费" not in closed and "目前没有正在公示的事项" in closed


def test_record_text_is_escaped(mini):
    mini.write("h.yaml", HOSPITALITY.replace("部门: 采购部", "部门: <script>alert(1)</script>"))
    page = build(mini).site.pages["records/gh-2024-00012.md"]
    assert "<script>alert" not in page and "&lt;script&gt;" in page
