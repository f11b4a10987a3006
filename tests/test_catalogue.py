"""公开目录: due dates by frequency and rule, latest publications, overdue items, wrong settings."""

from datetime import date

import pytest
from cwgk import pipeline
from cwgk.catalogue import CatalogueItem, catalogue, overdue_problems
from cwgk.clock import at_day
from cwgk.problems import ValidationFailed
from cwgk.settings import SiteSettings, settings_from_extra
from record_samples import ENVELOPE, HOSPITALITY


def item(**fields):
    return CatalogueItem.model_validate({"item": "测试事项", "kinds": ["通知公告"], **fields})


@pytest.mark.parametrize(
    ("fields", "published", "next_due", "rule"),
    [
        # 通讯费 for 第三季度 published 10月12日 fulfils the period due 10月15日; then 第四季度.
        ({"frequency": "每季度", "due_months": 1, "due_day": 15}, date(2026, 10, 12),
         date(2027, 1, 15), "每季度，期满后次月15日前"),
        # Published late (after 10月15日): it counts for the next period, due 1月15日.
        ({"frequency": "每季度", "due_months": 1, "due_day": 15}, date(2026, 10, 20),
         date(2027, 4, 15), "每季度，期满后次月15日前"),
        ({"frequency": "每半年", "due_months": 1, "due_day": 31}, date(2026, 7, 13),
         date(2027, 1, 31), "每半年，期满后次月31日前"),
        ({"frequency": "每年", "due_months": 3, "due_day": 31}, date(2026, 3, 8),
         date(2027, 3, 31), "每年，次年3月31日前"),
        ({"frequency": "每年", "due_months": 0, "due_day": 31}, date(2025, 12, 24),
         date(2026, 12, 31), "每年，当年12月31日前"),
        # 每月, due the 10th of the next month; the 31st clamps to the month's last day.
        ({"frequency": "每月", "due_months": 1, "due_day": 10}, date(2026, 2, 9),
         date(2026, 3, 10), "每月，期满后次月10日前"),
        ({"frequency": "每月", "due_months": 1, "due_day": 31}, date(2026, 1, 20),
         date(2026, 2, 28), "每月，期满后次月31日前"),
        ({"frequency": "每季度", "due_months": 0, "due_day": 25}, date(2026, 3, 20),
         date(2026, 6, 25), "每季度，当期最后一个月25日前"),
    ],
)  # fmt: skip
def test_next_due_date_follows_the_rule(fields, published, next_due, rule):
    rule_item = item(**fields)
    assert rule_item.next_due(published) == next_due
    assert rule_item.due_rule == rule


def test_rows_show_the_latest_publication_count_and_overdue_days(mini):
    mini.write(
        "a.yaml",
        ENVELOPE.replace("标题: 关于职工体检安排的通知", "标题: 2023年度工会经费收支情况公告"),
    )
    mini.write(
        "b.yaml",
        ENVELOPE.replace("GH/2024-00001", "GH/2024-00002").replace("2024-03-05", "2024-12-01"),
    )
    mini.write("c.yaml", HOSPITALITY)
    withdrawn = HOSPITALITY.replace("GH/2024-00012", "GH/2024-00013").replace(
        "发布日期: 2024-07-10", "发布日期: 2024-12-20\n有效性: 已撤回"
    )
    mini.write("d.yaml", withdrawn)
    records = [r.record for r in pipeline.check(mini.project).records]
    items = [
        item(
            item="工会经费收支",
            title_contains="经费收支",
            frequency="每年",
            due_months=3,
            due_day=31,
        ),
        CatalogueItem(
            item="招待费",
            kinds=["业务招待费使用情况"],
            frequency="每半年",
            due_months=1,
            due_day=31,
        ),
        item(item="其他通知", frequency="按需"),
    ]
    today = date(2025, 2, 10)
    funds, hospitality, other = catalogue(items, records, today)
    assert funds.latest.index_no == "GH/2024-00001" and funds.count == 1  # title match only
    assert funds.next_due == date(2025, 3, 31) and funds.overdue_days(today) == 0
    # The withdrawn report does not count: the July one is the latest, the next one was due 1月31日.
    assert hospitality.latest.index_no == "GH/2024-00012" and hospitality.count == 1
    assert hospitality.next_due == date(2025, 1, 31) and hospitality.overdue_days(today) == 10
    assert other.next_due is None and other.count == 2 and other.latest.index_no == "GH/2024-00002"
    (problem,) = overdue_problems([funds, hospitality, other], today)
    assert problem.format() == (
        "mkdocs.yml: 提示 字段「extra.cwgk.catalogue[2]」：定期公开事项「招待费」应于 2025-01-31 前公开"
        "（每半年，期满后次月31日前），已逾期 10 天，上次公开为 2024-07-10（应为：尽快发布该期公开事项）"
    )


def test_an_item_never_published_is_due_at_the_next_deadline(mini):
    rows = catalogue([item(frequency="每季度", due_months=1, due_day=15)], [], date(2026, 11, 24))
    assert rows[0].latest is None and rows[0].next_due == date(2027, 1, 15)


def test_check_reports_overdue_items_as_advice_and_the_page_shows_them(mini):
    mini.write("c.yaml", HOSPITALITY)
    mini.project.settings = SiteSettings.model_validate(
        {"catalogue": [{"item": "业务招待费", "kinds": ["hospitality"], "frequency": "每半年",
                        "due_months": 1, "due_day": 31}]}
    )  # fmt: skip
    checked = pipeline.check(mini.project, moment=at_day(date(2025, 3, 1), "Asia/Shanghai"))
    assert checked.problems == []
    assert [p.severity for p in checked.warnings] == ["提示"]
    assert "已逾期 29 天" in checked.warnings[0].message
    page = pipeline.build(mini.project, on=date(2025, 3, 1)).site.pages["catalogue/index.md"]
    assert 'data-due="2025-01-31">逾期29天</span>' in page
    assert "2024年上半年业务招待费使用情况公示" in page


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ({"item": "招待费", "kinds": ["招待费用"], "frequency": "每年"}, "extra.cwgk.catalogue[1].kinds",
         "不认识的类型“招待费用”"),
        ({"item": "招待费", "kinds": ["业务招待费使用情况"], "frequency": "每两年"},
         "extra.cwgk.catalogue[1].frequency", "“每两年”不是可选的值"),
        ({"item": "招待费", "kinds": ["业务招待费使用情况"], "frequency": "每年", "due_day": 0},
         "extra.cwgk.catalogue[1].due_day", "“0”太小"),
        ({"item": "招待费", "frequency": "每年"}, "extra.cwgk.catalogue[1].kinds", "缺少必填字段"),
    ],
)  # fmt: skip
def test_wrong_catalogue_settings_are_named(entry, field, message):
    with pytest.raises(ValidationFailed) as failed:
        settings_from_extra({"cwgk": {"catalogue": [entry]}})
    (problem,) = failed.value.problems
    assert problem.field == field and message in problem.message, problem.format()
