"""`cwgk new` and the record template: every field with its description, the next 索引号, and a
file that — once filled in — checks and builds."""

import os
import subprocess
from pathlib import Path

import pytest
from cwgk.cli import main
from cwgk.models import KINDS
from cwgk.record_template import find_kind
from git_repo import Repo
from record_samples import ROOT, copy_site_skeleton


@pytest.fixture
def project(tmp_path, monkeypatch):
    config = copy_site_skeleton(tmp_path)
    Repo(tmp_path)
    (tmp_path / "data" / "telecom").mkdir(parents=True)
    for name in ("2026-q2.yaml", "2026-q3.yaml"):
        (tmp_path / "data" / "telecom" / name).write_text(
            (ROOT / "data" / "telecom" / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    monkeypatch.setenv("CWGK_TODAY", "2026-11-24")
    monkeypatch.setenv("CWGK_HISTORY", "off")
    return config


def test_kinds_are_found_by_type_short_name_or_slug():
    assert find_kind("中层领导通讯费") is find_kind("通讯费") is find_kind("telecom")
    assert find_kind("招聘结果").kind_title == "招聘人员结果"
    assert find_kind("菜单") is None


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.kind_slug)
def test_new_writes_every_field_with_its_description(project, capsys, kind):
    assert main(["-f", str(project), "new", kind.kind_title]) == 0
    out = capsys.readouterr().out
    path = project.parent / out.split("已新建 ", 1)[1].split("（", 1)[0]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        f"# yaml-language-server: $schema=../../schema/{kind.kind_slug}.schema.json\n"
    )
    for name, info in kind.model_fields.items():
        key = info.alias or name
        assert f"{key}:" in text, key
        assert info.description in text, key  # the same words as the error messages
    assert f"类型: {kind.kind_title}" in text


def test_new_takes_the_next_index_no_today_and_the_default_notice_period(project, capsys):
    assert main(["-f", str(project), "new", "通讯费"]) == 0
    assert "索引号 GH/2026-00011" in capsys.readouterr().out  # after GH/2026-00010
    text = (project.parent / "data" / "telecom" / "2026-00011.yaml").read_text(encoding="utf-8")
    for line in ("索引号: GH/2026-00011", "发布日期: 2026-11-24", "  开始: 2026-11-24", "  工作日: 5",
                 "发布机构: [公司工会, 财务部]", "发放方式: 实报实销", "  年度: 2026"):  # fmt: skip
        assert line in text, line
    assert main(["-f", str(project), "new", "通讯费"]) == 0  # the unfilled one keeps its number
    assert "索引号 GH/2026-00012" in capsys.readouterr().out
    assert (project.parent / "data" / "telecom" / "2026-00012.yaml").exists()


def test_an_unknown_kind_names_the_kinds(project, capsys):
    assert main(["-f", str(project), "new", "菜单"]) == 1
    err = capsys.readouterr().err
    assert "不认识的类型“菜单”" in err and "中层领导通讯费" in err


FILLED = {
    "标题:": "标题: 2026年第四季度中层领导通讯费发放情况公示",
    "内容概述:": "内容概述: 公开2026年第四季度中层领导人员通讯费发生金额。",
    "  区间:": "  区间: 第四季度",
    "  - 姓名:": "  - 姓名: 罗晨子",
    "    部门:": "    部门: 第一车间",
    "    标准:": "    标准: 180",
    "    月数:": "    月数: 3",
    "    金额:": "    金额: 480.00元",
}


def test_new_then_edit_then_check_then_build(project, capsys):
    assert main(["-f", str(project), "new", "通讯费"]) == 0
    path = project.parent / "data" / "telecom" / "2026-00011.yaml"
    assert main(["-f", str(project), "check"]) == 1  # an unfilled template is not published
    assert "字段「标题」：还没有填写（应为：公开事项标题）" in capsys.readouterr().err
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        for start, value in FILLED.items():
            if line.split("#")[0].rstrip() == start.rstrip():
                comment = line[line.index("#") :] if "#" in line else ""
                lines[n] = f"{value}  {comment}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["-f", str(project), "check"]) == 0, capsys.readouterr().err
    assert main(["-f", str(project), "build"]) == 0
    page = project.parent / "site" / "records" / "gh-2026-00011" / "index.html"
    assert "2026年第四季度中层领导通讯费发放情况公示" in page.read_text(encoding="utf-8")


def test_install_hook_stops_a_commit_that_would_not_build(project, capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("CWGK_HISTORY", raising=False)  # the hook checks as it would for a clerk
    assert main(["-f", str(project), "check", "--install-hook"]) == 0
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    assert hook.stat().st_mode & 0o111 and "cwgk" in hook.read_text(encoding="utf-8")
    repo = Repo.existing(tmp_path)
    repo.git("add", "-A")
    env = {**os.environ, "PATH": f"{Path(os.sys.executable).parent}:{os.environ['PATH']}"}
    good = subprocess.run(
        ["git", "commit", "-q", "-m", "发布"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stderr
    (tmp_path / "data" / "telecom" / "bad.yaml").write_text("标题：x\n", encoding="utf-8")
    repo.git("add", "-A")
    bad = subprocess.run(
        ["git", "commit", "-q", "-m", "坏记录"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert "data/telecom/bad.yaml:1:3" in bad.stdout + bad.stderr
    assert main(["-f", str(project), "check", "--install-hook"]) == 0  # installing again is fine


def test_numbering_counts_files_that_do_not_validate_or_parse_yet(project, capsys):
    """Issue 17, item 1: an unfinished import kept its 索引号 from the next `new`."""
    telecom = project.parent / "data" / "telecom"
    assert main(["-f", str(project), "new", "通讯费"]) == 0  # unfilled: does not validate
    (telecom / "broken.yaml").write_text(
        "类型: 中层领导通讯费\n索引号: GH/2026-00012\n发布机构: [公司工会\n", encoding="utf-8"
    )  # does not even parse
    capsys.readouterr()
    assert main(["-f", str(project), "new", "通讯费"]) == 0
    assert "索引号 GH/2026-00013" in capsys.readouterr().out
    assert (telecom / "2026-00013.yaml").exists()


def test_check_names_a_clash_even_when_both_files_are_otherwise_invalid(project, capsys):
    telecom = project.parent / "data" / "telecom"
    for _ in range(2):
        assert main(["-f", str(project), "new", "通讯费"]) == 0
    (telecom / "2026-00012.yaml").write_text(
        (telecom / "2026-00012.yaml")
        .read_text(encoding="utf-8")
        .replace("GH/2026-00012", "GH/2026-00011"),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["-f", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert (
        "data/telecom/2026-00011.yaml:5:6: 错误 字段「索引号」：索引号“GH/2026-00011”与 "
        "data/telecom/2026-00012.yaml（GH/2026-00011）重复（应为：每条记录一个唯一的索引号："
        "把其中一条改为下一个未使用的序号（cwgk new 会自动取号））"
    ) in err
    assert "data/telecom/2026-00012.yaml:5:6: 错误 字段「索引号」：索引号“GH/2026-00011”与 " in err
    assert "字段「标题」：还没有填写" in err  # reported together with what is still to fill in


def test_the_bonus_template_writes_the_coefficient_range_as_yaml(project, capsys):
    """Issue 17, item 2: `系数范围: (Decimal('0.5'), Decimal('2.0'))` was refused by check."""
    assert main(["-f", str(project), "new", "奖金分配方案"]) == 0
    text = (project.parent / "data" / "bonus" / "2026-00011.yaml").read_text(encoding="utf-8")
    assert "系数范围: [0.5, 2.0]" in text and "Decimal" not in text
    capsys.readouterr()
    assert main(["-f", str(project), "check"]) == 1  # unfilled fields, but not this one
    assert "系数范围" not in capsys.readouterr().err


def test_a_correction_appended_at_the_end_of_a_new_file_is_not_a_duplicate(project, capsys):
    """Issue 17, item 3: the template's `更正说明: []` made the manual's step a duplicate key."""
    assert main(["-f", str(project), "new", "通讯费"]) == 0
    path = project.parent / "data" / "telecom" / "2026-00011.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\n更正说明:" not in text and "# 更正说明:" in text  # how to add it, as a comment
    note = "更正说明:\n- 日期: 2026-11-24\n  说明: 罗晨子金额录入有误，现更正。\n"
    path.write_text(text + note, encoding="utf-8")
    capsys.readouterr()
    main(["-f", str(project), "check"])
    assert "更正说明" not in capsys.readouterr().err
    # A file from before, with the empty list: the message says which line to delete.
    before = text.replace("\n类型:", "\n更正说明: []\n类型:")
    path.write_text(before + note, encoding="utf-8")
    main(["-f", str(project), "check"])
    err = capsys.readouterr().err
    line = before.splitlines().index("更正说明: []") + 1
    assert (
        f"字段「更正说明」：字段「更正说明」重复出现（第 {line} 行已经有「更正说明」）"
        f"（应为：删去第 {line} 行空的「更正说明: []」，只留这里的一处）"
    ) in err


def test_a_spreadsheet_is_ignored_and_refused_by_check_and_the_hook(project, capsys, tmp_path):
    """Issue 17: a finance sheet with birth dates and 准考证号 could be committed by `git add .`."""
    for name in ("通讯费.xlsx", "data/名单.CSV", "旧表.xls"):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT)
        assert ignored.returncode == 0, f"{name} is not ignored by .gitignore"
    assert main(["-f", str(project), "check", "--install-hook"]) == 0
    repo = Repo.existing(tmp_path)
    (tmp_path / "名单.xlsx").write_bytes(b"PK\x03\x04")
    repo.git("add", "-A")
    repo.git("add", "-f", "名单.xlsx")  # past any ignore rule, as a GUI's "stage all" may
    capsys.readouterr()
    assert main(["-f", str(project), "check"]) == 1
    err = capsys.readouterr().err
    assert "名单.xlsx: 错误：表格文件已加入 git" in err
    assert 'git rm --cached "名单.xlsx"' in err
    env = {**os.environ, "CWGK_HISTORY": "off"}
    commit = subprocess.run(
        ["git", "commit", "-q", "-m", "名单"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert commit.returncode != 0 and "表格文件已加入 git" in commit.stderr
    repo.git("rm", "-q", "--cached", "名单.xlsx")  # as the message says: then it commits
    commit = subprocess.run(
        ["git", "commit", "-q", "-m", "发布"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert commit.returncode == 0, commit.stderr
