"""People's names shown as 全名, 张* or 张某某, the same everywhere a name is published."""

from datetime import date

import pytest
from cwgk import pipeline
from cwgk.name_policy import shown_name
from cwgk.settings import SiteSettings
from record_samples import ROOT

TELECOM = (ROOT / "data" / "telecom" / "2026-q2.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "star", "mou"),
    [
        ("罗晨子", "罗*", "罗某某"),
        ("夏芳", "夏*", "夏某某"),
        ("欧阳娜娜", "欧阳*", "欧阳某某"),
        ("欧阳", "欧*", "欧某某"),
    ],
)
def test_shown_name(name, star, mou):
    assert shown_name(name, "张*") == star and shown_name(name, "张某某") == mou
    assert shown_name(name, "全名") == name


def published_text(site) -> str:
    return "\n".join([*site.pages.values(), *site.files.values(), *site.fragments.values()])


def test_a_masking_policy_reaches_pages_kiosk_history_updates_and_feeds(mini):
    mini.write("t.yaml", TELECOM)
    mini.commit("发布", "2026-07-10T09:00:00+08:00")
    edited = TELECOM.replace("  金额: 338.99\n", "  金额: 328.99\n", 1).replace(
        "合计: 5704.32", "合计: 5694.32"
    )
    assert edited != TELECOM
    mini.write(
        "t.yaml",
        edited
        + "更正说明:\n- 日期: 2026-07-20\n  说明: 一笔10.00元的发票重复计入，金额相应更正。\n",
    )
    mini.commit("更正", "2026-07-20T09:00:00+08:00")
    mini.project.settings = SiteSettings(name_display="张*")
    names = [line.split(": ", 1)[1] for line in TELECOM.splitlines() if line.startswith("- 姓名: ")]
    assert len(names) == 16
    site = pipeline.build(mini.project, on=date(2026, 7, 21)).site
    text = published_text(site)
    for name in names:
        assert name not in text, name  # not on any page, version page, diff, list, feed or kiosk
    assert "罗*" in site.pages["records/gh-2026-00007.md"]
    assert "罗*" in site.files["kiosk/index.html"]
    history = site.pages["records/gh-2026-00007.md"]
    assert "明细「" in history and "*" in history.split("明细「", 1)[1][:4]  # the field diff
    assert "cwgk-rawdiff" in history  # the raw diff is there, with the masked names


def test_a_record_may_keep_full_names_under_a_masking_site(mini):
    mini.write("t.yaml", TELECOM + "姓名显示: 全名\n")
    mini.project.settings = SiteSettings(name_display="张某某")
    page = pipeline.build(mini.project, on=date(2026, 7, 21)).site.pages["records/gh-2026-00007.md"]
    assert "罗晨子" in page and "罗某某" not in page


def test_the_record_setting_is_checked(mini):
    mini.write("t.yaml", TELECOM + "姓名显示: 只写姓\n")
    (problem,) = mini.problems()
    assert (
        problem.field == "姓名显示"
        and "不是可选的值" in problem.message
        and "张某某" in problem.expected
    )
