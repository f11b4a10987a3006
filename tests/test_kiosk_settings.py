"""Kiosk settings in mkdocs.yml: defaults, profiles, and the messages wrong settings give."""

from datetime import time
from pathlib import Path

import pytest
from cwgk.cli import main
from cwgk.kiosk_settings import KioskSettings
from cwgk.problems import ValidationFailed
from cwgk.settings import load_settings
from record_samples import copy_site_skeleton

CONFIG = """\
site_name: 厂务公开
extra:
  cwgk:
    unit_name: 测试公司
    kiosk:
{body}
"""


def settings_from(tmp_path: Path, body: str):
    path = tmp_path / "mkdocs.yml"
    path.write_text(CONFIG.format(body=body), encoding="utf-8")
    return load_settings(path)


def problems_of(tmp_path: Path, body: str) -> list:
    with pytest.raises(ValidationFailed) as failed:
        settings_from(tmp_path, body)
    return failed.value.problems


def test_defaults_and_profiles_inherit_what_they_do_not_change(tmp_path):
    kiosk = settings_from(
        tmp_path,
        "      slide_seconds: 30\n"
        "      schedule:\n"
        "        - {days: 每天, start: 07:30, end: '19:30'}\n"  # unquoted 07:30: YAML 1.1 sexagesimal
        "      profiles:\n"
        "        workshop-1:\n"
        "          title: 第一车间公开栏\n"
        "          audiences: [全体职工, 本部门]\n"
        "          departments: [第一车间]\n"
        "          kinds: [奖金分配方案, telecom, 招聘人员结果]\n",
    ).kiosk
    (name, default), (profile_name, profile) = kiosk.pages()
    assert (name, profile_name) == ("", "workshop-1")
    assert default.slide_seconds == profile.slide_seconds == 30
    assert default.schedule[0].start == time(7, 30) and default.schedule[0].end == time(19, 30)
    assert profile.schedule == default.schedule
    assert profile.title == "第一车间公开栏" and default.title == "厂务公开栏"
    assert profile.kinds == ["bonus", "telecom", "recruitment"]
    assert len(default.kinds) == 7


def test_type_size_comes_from_viewing_distance_and_screen_size(tmp_path):
    kiosk = settings_from(tmp_path, "      viewing_distance_m: 5\n      screen_inches: 55\n").kiosk
    # 5 m → 25 mm characters; a 55" 16:9 screen is 685 mm high → 3.65 % of it (39 px at 1080 p).
    assert kiosk.body_vmin == pytest.approx(3.65, abs=0.01)
    nearer = settings_from(tmp_path, "      viewing_distance_m: 3\n").kiosk
    assert nearer.body_vmin < kiosk.body_vmin


@pytest.mark.parametrize(
    ("body", "line", "field", "message", "expected"),
    [
        ("      slide_seconds: 2", 6, "extra.cwgk.kiosk.slide_seconds", "“2”太小", "≥ 5"),
        ("      slide_second: 20", 6, "extra.cwgk.kiosk.slide_second",
         "不认识的字段「slide_second」是不是“slide_seconds”？", "可用字段"),
        ("      schedule:\n        - {days: 工作日, start: '25:00', end: '19:30'}", 7,
         "extra.cwgk.kiosk.schedule[1].start", "“25:00”不是时刻", '"07:30"'),
        ("      schedule:\n        - {days: 每周一, start: '07:00', end: '19:30'}", 7,
         "extra.cwgk.kiosk.schedule[1].days", "“每周一”不是可选的日子", "周一至周五"),
        ("      kinds: [招待费用]", 6, "extra.cwgk.kiosk.kinds", "不认识的公开栏目“招待费用”",
         "业务招待费使用情况（hospitality）"),
        ("      audiences: [全体员工]", 6, "extra.cwgk.kiosk.audiences[1]", "“全体员工”不是可选的值",
         "全体职工"),
        ("      off_screen: black", 6, "extra.cwgk.kiosk.off_screen", "“black”不是可选的值",
         "dark"),
        ("      profiles:\n        一车间: {title: 一车间}", 7, "extra.cwgk.kiosk.profiles.一车间",
         "格式不对", ""),
        ("      profiles:\n        workshop-2: {slide_seconds: 0}", 7,
         "extra.cwgk.kiosk.profiles.workshop-2.slide_seconds", "“0”太小", "≥ 5"),
    ],
)  # fmt: skip
def test_wrong_settings_name_the_file_line_and_setting(
    tmp_path, body, line, field, message, expected
):
    problems = problems_of(tmp_path, body)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file == "mkdocs.yml"
    assert problem.field == field
    assert problem.line == line
    assert message in problem.message
    assert expected in problem.expected


def test_cli_reports_wrong_settings_in_chinese_and_exits_1(tmp_path, capsys):
    config = copy_site_skeleton(tmp_path / "project")
    (tmp_path / "project" / "data").mkdir()
    text = config.read_text(encoding="utf-8").replace("slide_seconds: 20", "slide_seconds: 二十")
    config.write_text(text, encoding="utf-8")
    assert main(["-f", str(config), "check"]) == 1
    err = capsys.readouterr().err
    assert "mkdocs.yml:" in err and "字段「extra.cwgk.kiosk.slide_seconds」" in err
    assert "“二十”不是整数" in err


def test_a_value_a_profile_only_inherits_is_reported_once_where_it_is_written(tmp_path):
    problems = problems_of(
        tmp_path, "      slide_seconds: 2\n      profiles:\n        workshop-1: {title: 一车间}"
    )
    assert [(p.line, p.field) for p in problems] == [(6, "extra.cwgk.kiosk.slide_seconds")]
    own = problems_of(tmp_path, "      profiles:\n        workshop-1: {poll_seconds: 1}")
    assert own[0].field == "extra.cwgk.kiosk.profiles.workshop-1.poll_seconds"
    assert "每隔多少秒检查一次" in own[0].expected  # the setting's own description


def test_readme_documents_every_kiosk_setting():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 车间看板", 1)[1].split("\n## ", 1)[0]
    for name in KioskSettings.model_fields:
        assert f"{name}:" in section, name
