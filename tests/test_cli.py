"""The atomic build: a failed build leaves the previously built site untouched."""

import shutil
from pathlib import Path

from cwgk.cli import main
from git_repo import Repo
from record_samples import ENVELOPE, ROOT


def make_site_project(tmp_path: Path) -> Path:
    for name in ("mkdocs.yml", "site_src", "theme_overrides", "hooks"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / name)
    Repo(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text(ENVELOPE, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_build_then_failed_build_keeps_old_site(tmp_path, capsys):
    config = make_site_project(tmp_path)
    assert main(["-f", str(config), "build"]) == 0
    page = tmp_path / "site" / "records" / "gh-2024-00001" / "index.html"
    before = page.read_text(encoding="utf-8")
    assert "关于职工体检安排的通知" in before

    (tmp_path / "data" / "a.yaml").write_text(
        ENVELOPE.replace("标题: 关于职工体检安排的通知", "标题: 关于职工疗养安排的通知"),
        encoding="utf-8",
    )
    (tmp_path / "data" / "bad.yaml").write_text("标题：x\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-f", str(config), "build"]) == 1
    err = capsys.readouterr().err
    assert "data/bad.yaml:1:3" in err and "网站未更新" in err
    assert page.read_text(encoding="utf-8") == before
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.name == "site" or p.name.startswith("site.")
    ) == ["site"]


def test_check_command_reports_and_exits_nonzero(tmp_path, capsys):
    config = make_site_project(tmp_path)
    assert main(["-f", str(config), "check"]) == 0
    assert "检查通过：1 条记录" in capsys.readouterr().out
    (tmp_path / "data" / "a.yaml").write_text(
        ENVELOPE.replace("2024-03-05", "2024-02-30"), encoding="utf-8"
    )
    assert main(["-f", str(config), "check"]) == 1
    assert "data/a.yaml:5:7: 错误 字段「发布日期」" in capsys.readouterr().err


def test_plain_mkdocs_build_also_refuses_bad_records_before_cleaning(tmp_path):
    import subprocess
    import sys

    config = make_site_project(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.html").write_text("old", encoding="utf-8")
    (tmp_path / "data" / "a.yaml").write_text(
        ENVELOPE.replace("类型: 通知公告", "类型: 不存在"), encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        capture_output=True, text=True, cwd=tmp_path, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert run.returncode != 0
    assert "未知的类型" in run.stderr
    assert (site / "keep.html").read_text(encoding="utf-8") == "old"
