"""意见与答复: the opinions employees give on a disclosure, as records; what is refused and shown."""

from datetime import date

import pytest
from cwgk import pipeline
from cwgk.statistics import opinion_counts
from record_samples import HOSPITALITY

OPINION = """\
类型: 意见与答复
编号: YJ/2024-001
公开事项: GH/2024-00012
渠道: 意见箱
收到日期: 2024-07-11
发布日期: 2024-07-20
意见摘要: 建议公开招待费时列明主要接待事由。
状态: 已答复
答复: 部门明细已列明主要事由，逐笔事由涉及客户信息，不逐笔公开。
答复部门: 财务部
答复日期: 2024-07-18
"""


def only(mini):
    problems = mini.problems()
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


@pytest.fixture
def disclosure(mini):
    mini.write("h.yaml", HOSPITALITY)
    return mini


def test_a_valid_opinion_passes_and_reaches_its_disclosure(disclosure):
    disclosure.write("opinions/1.yaml", OPINION)
    assert disclosure.problems() == []
    result = pipeline.build(disclosure.project, on=date(2024, 7, 20))
    (entry,) = result.entries  # an opinion is not a disclosure of its own
    assert [o.number for o in entry.opinions] == ["YJ/2024-001"]
    assert entry.answered_count == 1


@pytest.mark.parametrize(
    ("change", "field", "message", "expected"),
    [
        # It must concern an existing disclosure (with a hint for a near miss).
        (("公开事项: GH/2024-00012", "公开事项: GH/2024-00021"), "公开事项",
         "找不到索引号为“GH/2024-00021”的公开事项是不是“GH/2024-00012”？", "索引号"),
        # An answered opinion needs the answer.
        (("答复: 部门明细已列明主要事由，逐笔事由涉及客户信息，不逐笔公开。\n", ""), "答复",
         "状态为“已答复”，但没有写答复", "答复: 答复内容"),
        (("答复部门: 财务部\n", ""), "答复部门", "没有写答复部门", "答复部门"),
        # Dates in order: received ≤ answered ≤ …, and not before the disclosure.
        (("答复日期: 2024-07-18", "答复日期: 2024-07-08"), "答复日期",
         "答复日期 2024-07-08 早于收到日期 2024-07-11", "不早于 2024-07-11"),
        (("收到日期: 2024-07-11", "收到日期: 2024-07-01"), "收到日期",
         "收到日期 2024-07-01 早于公开事项 GH/2024-00012 的发布日期 2024-07-10", "2024-07-10"),
        (("发布日期: 2024-07-20", "发布日期: 2024-07-05"), "发布日期",
         "发布日期 2024-07-05 早于收到日期 2024-07-11", "2024-07-11"),
        # A name only when the employee asked for it (PIPL).
        (("渠道: 意见箱\n", "渠道: 意见箱\n署名: 张伟\n"), "署名",
         "不得公开职工姓名：职工本人没有要求公开署名", "同意公开署名: 是"),
        (("渠道: 意见箱\n", "渠道: 意见箱\n署名: 张伟\n同意公开署名: 也许\n"), "同意公开署名",
         "“也许”不是“是”或“否”", "是 或 否"),
        # Status and content agree.
        (("状态: 已答复", "状态: 已收到"), "状态", "已经写了答复，状态却是“已收到”",
         "已答复 / 已采纳 / 未采纳"),
        (("状态: 已答复", "状态: 已阅"), "状态", "“已阅”不是可选的值", "已转交"),
        (("渠道: 意见箱", "渠道: 微信群"), "渠道", "“微信群”不是可选的值", "职工代表组长会"),
        # A correction it led to must be one the disclosure really carries.
        (("状态: 已答复", "状态: 已采纳\n据此更正: 2024-07-18"), "据此更正",
         "公开事项 GH/2024-00012 没有日期为 2024-07-18 的更正说明", "（没有更正说明）"),
        (("答复日期: 2024-07-18", "答复日期: 2024-07-18\n据此更正: 2024-07-18"), "据此更正",
         "状态为“已答复”的意见不会引起更正", "状态: 已采纳"),
        (("编号: YJ/2024-001", "编号: yj/2024-001"), "编号", "编号“yj/2024-001”写法不规范",
         "YJ/2024-001"),
        (("编号: YJ/2024-001", "编号: 2024第一条"), "编号", "格式不对", "YJ/2026-001"),
        (("意见摘要: 建议公开招待费时列明主要接待事由。\n", ""), "意见摘要", "缺少必填字段",
         "不写职工姓名"),
    ],
)  # fmt: skip
def test_bad_opinions_are_refused_with_file_line_and_field(
    disclosure, change, field, message, expected
):
    disclosure.write("opinions/1.yaml", OPINION.replace(*change))
    problem = only(disclosure)
    assert problem.file == "data/opinions/1.yaml"
    assert problem.field == field
    assert problem.line is not None or field in ("答复", "答复部门", "意见摘要")
    assert message in problem.message, problem.format()
    assert expected in problem.expected, problem.format()


def test_a_forwarded_opinion_names_where_it_went(disclosure):
    text = OPINION.split("状态:")[0] + "状态: 已转交\n"
    disclosure.write("opinions/1.yaml", text)
    problem = only(disclosure)
    assert (problem.field, problem.message) == ("转交部门", "状态为“已转交”，但没有写转交部门")
    disclosure.write("opinions/1.yaml", text + "转交部门: 财务部\n转交日期: 2024-07-12\n")
    assert disclosure.problems() == []


def test_a_refused_disclosure_is_reported_once_not_again_by_its_opinions(disclosure):
    """The disclosure's own error is the one to fix: its opinion is not also 'about nothing'."""
    disclosure.write("opinions/1.yaml", OPINION)
    disclosure.write("h.yaml", HOSPITALITY.replace("发布日期: ", "发布日期: 2024-02-30 #", 1))
    problem = only(disclosure)
    assert problem.file == "data/h.yaml", problem.format()
    disclosure.write("opinions/1.yaml", OPINION.replace("GH/2024-00012", "GH/2024-00021"))
    assert any("找不到索引号为“GH/2024-00021”" in p.message for p in disclosure.problems())


def test_numbers_are_unique(disclosure):
    disclosure.write("opinions/1.yaml", OPINION)
    disclosure.write("opinions/2.yaml", OPINION)
    messages = [p.format() for p in disclosure.problems()]
    assert any("编号“YJ/2024-001”与 data/opinions/1.yaml 重复" in m for m in messages), messages


def test_a_signature_with_consent_is_published(disclosure):
    disclosure.write(
        "opinions/1.yaml",
        OPINION.replace("渠道: 意见箱\n", "渠道: 意见箱\n署名: 机修班全体职工\n同意公开署名: 是\n"),
    )
    assert disclosure.problems() == []
    page = pipeline.build(disclosure.project, on=date(2024, 7, 20)).site.pages[
        "records/gh-2024-00012.md"
    ]
    assert "（机修班全体职工）" in page


def test_the_disclosure_page_counts_and_shows_opinions_and_a_prepared_mail(disclosure):
    disclosure.write(
        "h.yaml", HOSPITALITY + "受理:\n  部门: 公司工会\n  邮箱: gonghui@example.cn\n"
    )
    disclosure.write("opinions/1.yaml", OPINION)
    disclosure.write(
        "opinions/2.yaml",
        OPINION.split("状态:")[0].replace("YJ/2024-001", "YJ/2024-002") + "状态: 已收到\n",
    )
    site = pipeline.build(disclosure.project, on=date(2024, 7, 20)).site
    page = site.pages["records/gh-2024-00012.md"]
    assert "收到意见 2 条，已答复 1 条" in page
    assert 'id="yj-2024-001"' in page and 'id="yj-2024-002"' in page
    assert "部门明细已列明主要事由" in page
    assert page.index("收到意见 2 条") > page.index("公示期")  # under the 公示期 box
    # The prepared e-mail carries the 索引号 and the title in its subject.
    mail = page.split('class="cwgk-mailto" href="', 1)[1].split('"', 1)[0]
    assert mail.startswith("mailto:gonghui@")
    assert "subject=%E5%AF%B9%E3%80%8A2024" in mail  # 对《2024…
    assert "GH%2F2024-00012" in mail
    listing = site.pages["opinions/index.md"]
    assert listing.index("YJ/2024-002") < listing.index("YJ/2024-001")  # open ones first
    assert 'href="../records/gh-2024-00012/#yj-2024-001"' in listing


def test_a_record_without_notice_period_still_says_where_opinions_go(mini):
    from record_samples import ENVELOPE

    mini.write("n.yaml", ENVELOPE)
    page = pipeline.build(mini.project, on=date(2024, 3, 5)).site.pages["records/gh-2024-00001.md"]
    assert "对本公开事项有意见或建议，可以向公司工会反映" in page
    assert "收到意见" not in page


def test_yearly_counts_are_those_of_the_annual_summary(disclosure):
    from cwgk.models.opinion import Opinion

    def opinion(number, received, status):
        return Opinion.model_validate(
            {"类型": "意见与答复", "编号": number, "公开事项": "GH/2024-00012", "渠道": "电话",
             "收到日期": received, "发布日期": received, "意见摘要": "一条意见摘要。", "状态": status}
        )  # fmt: skip

    items = [
        (opinion("YJ/2024-001", "2024-07-11", "已采纳"), None),
        (opinion("YJ/2024-002", "2024-07-12", "未采纳"), None),
        (opinion("YJ/2024-003", "2024-07-12", "已转交"), None),
        (opinion("YJ/2025-001", "2025-01-03", "已答复"), None),
    ]
    rows = [
        (y.year, y.received, y.answered, y.adopted, y.declined, y.open)
        for y in opinion_counts(items)
    ]
    assert rows == [(2025, 1, 1, 0, 0, 0), (2024, 3, 2, 1, 1, 1)]


def test_feedback_url_must_be_a_web_or_mail_address(tmp_path):
    from cwgk.problems import ValidationFailed
    from cwgk.settings import load_settings

    config = tmp_path / "mkdocs.yml"
    config.write_text("extra:\n  cwgk:\n    feedback_url: 工会意见箱\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_settings(config)
    (problem,) = failed.value.problems
    assert (problem.line, problem.field) == (3, "extra.cwgk.feedback_url")
    assert "“工会意见箱”格式不对" in problem.message and "意见征集表单" in problem.expected
    config.write_text(
        "extra:\n  cwgk:\n    feedback_url: http://oa.example.cn/yijian\n", encoding="utf-8"
    )
    assert load_settings(config).feedback_url == "http://oa.example.cn/yijian"


def test_an_opinion_on_a_record_whose_file_cannot_be_read_is_not_also_an_error(mini):
    """A typo that stops the whole file being read (a missing colon, a GBK save) is reported once,
    in that file: the opinion naming its 索引号 is not sent looking for another number."""
    mini.write("o.yaml", OPINION)
    for broken in (
        HOSPITALITY.replace("标题: ", "标题 ").encode("utf-8"),
        HOSPITALITY.encode("gbk"),
    ):
        (mini.root / "data" / "h.yaml").write_bytes(broken)
        assert [p.file for p in mini.problems()] == ["data/h.yaml"]
