"""公示期 by working days: computed ends, defaults, what is refused, and estimated years."""

from datetime import date

import pytest
from cwgk import pipeline
from cwgk.settings import SiteSettings
from record_samples import ENVELOPE

NOTICE = ENVELOPE.replace("发布日期: 2024-03-05", "发布日期: {start}") + "公示期:\n{period}"


def write(mini, start: str, period: str, name: str = "n.yaml"):
    mini.write(name, NOTICE.format(start=start, period=period))


def only(mini):
    problems = mini.problems()
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def period_of(mini):
    checked = pipeline.check(mini.project)
    assert checked.problems == [], [p.format() for p in checked.problems]
    return checked.records[0].record.notice_period, checked


def test_a_number_of_working_days_gives_the_end_on_the_official_calendar(mini):
    write(mini, "2025-09-26", "  开始: 2025-09-26\n  工作日: 5\n")
    period, checked = period_of(mini)
    assert period.end == date(2025, 10, 9)  # Sunday 9/28 worked, National Day off
    assert period.workday_count == 5 and not period.estimated
    assert checked.warnings == []


def test_without_an_end_the_site_default_applies_and_per_kind_defaults_win(mini):
    write(mini, "2023-03-23", "  开始: 2023-03-23\n")
    assert period_of(mini)[0].end == date(2023, 3, 29)  # 5 working days
    mini.project.settings = SiteSettings(notice_workdays=7)
    assert period_of(mini)[0].end == date(2023, 3, 31)
    mini.project.settings = SiteSettings(
        notice_workdays_by_kind={"通知公告": 10}, notice_workdays=7
    )
    assert period_of(mini)[0].end == date(2023, 4, 6)  # 4/5 清明 off


def test_explicit_dates_always_win_and_are_counted_for_the_page(mini):
    write(mini, "2026-11-20", "  开始: 2026-11-20\n  结束: 2026-11-30\n  截止时间: '17:30'\n")
    period, _ = period_of(mini)
    assert period.end == date(2026, 11, 30) and period.workday_count == 7
    page = pipeline.build(mini.project, on=date(2026, 11, 24)).site.pages[
        "records/gh-2024-00001.md"
    ]
    assert "（7个工作日）" in page
    assert ">公示11月20日至11月30日</span>" in page  # what readers without JavaScript see


def test_an_end_that_contradicts_the_working_days_is_refused_with_both_values(mini):
    write(mini, "2025-09-26", "  开始: 2025-09-26\n  结束: 2025-10-02\n  工作日: 5\n")
    problem = only(mini)
    assert (problem.field, problem.line) == ("公示期.结束", 10)
    assert "写了“工作日: 5”又写了结束日期 2025-10-02，两者不一致" in problem.message
    assert "（5个工作日应到 2025-10-09）" in problem.message
    assert problem.expected == "结束: 2025-10-09，或删去其中一项"
    write(mini, "2025-09-26", "  开始: 2025-09-26\n  结束: 2025-10-09\n  工作日: 5\n")
    assert mini.problems() == []


def test_wrong_working_days_are_refused(mini):
    for value, message in (("0", "“0”太小"), ("五", "“五”不是整数"), ("61", "“61”太大")):
        write(mini, "2025-09-26", f"  开始: 2025-09-26\n  工作日: {value}\n")
        problem = only(mini)
        assert problem.field == "公示期.工作日" and message in problem.message, problem.format()


def test_a_year_the_calendar_does_not_know_is_estimated_marked_and_reported(mini):
    write(mini, "2026-12-28", "  开始: 2026-12-28\n  工作日: 5\n")
    period, checked = period_of(mini)
    assert period.end == date(2027, 1, 1) and period.estimated  # New Year unknown: counted Mon–Fri
    (advice,) = checked.warnings
    assert advice.severity == "提示" and advice.field == "公示期" and advice.line == 9
    assert "尚未收录2026、2027年的法定节假日安排" in advice.message
    assert "暂按周一至周五推算为 2027-01-01" in advice.message
    page = pipeline.build(mini.project, on=date(2026, 12, 28)).site.pages[
        "records/gh-2024-00001.md"
    ]
    assert "暂按周一至周五推算，待国家公布当年节假日安排后核定" in page
    # The site's own schedule for the year removes the estimate.
    mini.project.settings = SiteSettings.model_validate(
        {"holidays": {2027: {"days_off": ["2027-01-01"]}}}
    )
    period, checked = period_of(mini)
    assert period.end == date(2027, 1, 4) and not period.estimated and checked.warnings == []


def test_per_kind_defaults_name_real_kinds():
    import pytest
    from cwgk.problems import ValidationFailed
    from cwgk.settings import settings_from_extra

    with pytest.raises(ValidationFailed) as failed:
        settings_from_extra({"cwgk": {"notice_workdays_by_kind": {"招聘结果": 7}}})
    (problem,) = failed.value.problems
    assert problem.field == "extra.cwgk.notice_workdays_by_kind"
    assert "不认识的类型“招聘结果”" in problem.message and "招聘人员结果" in problem.expected


@pytest.mark.parametrize("validity", ["已撤回", "已废止"])
def test_a_record_withdrawn_during_its_notice_period_is_never_open(mini, validity):
    write(mini, "2026-11-20", "  开始: 2026-11-20\n  结束: 2026-11-30\n")
    path = mini.root / "data" / "n.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"有效性: {validity}\n", encoding="utf-8")
    site = pipeline.build(mini.project, on=date(2026, 11, 24)).site
    page = site.pages["records/gh-2024-00001.md"]
    assert f">{validity}，公示终止</span>" in page
    assert "data-start" not in page  # the browser computes no live status for it
    assert "不再受理意见" in page and "cwgk-contact" not in page  # no objection box
    assert "关于" not in site.fragments["open"]  # not in the home page's 正在公示 list
