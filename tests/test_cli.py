"""The atomic build: a failed build leaves the previously built site untouched."""

from pathlib import Path

import pytest
from cwgk.cli import main
from git_repo import Repo
from record_samples import ENVELOPE, ROOT, copy_site_skeleton


def make_site_project(tmp_path: Path) -> Path:
    config = copy_site_skeleton(tmp_path)
    Repo(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text(ENVELOPE, encoding="utf-8")
    return config


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


def test_build_refuses_a_major_change_without_note_naming_record_and_commit(tmp_path, capsys):
    config = make_site_project(tmp_path)
    repo = Repo.existing(tmp_path)
    repo.commit("发布体检通知", "2025-03-02T09:00:00+08:00")
    assert main(["-f", str(config), "build"]) == 0
    (tmp_path / "data" / "a.yaml").write_text(
        ENVELOPE.replace("3月中旬", "4月上旬"), encoding="utf-8"
    )
    sha = repo.commit("改体检时间", "2025-03-05T09:00:00+08:00")
    capsys.readouterr()
    assert main(["-f", str(config), "build"]) == 1
    err = capsys.readouterr().err
    assert "data/a.yaml" in err and sha[:7] in err and "改体检时间" in err and "更正说明" in err
    assert "网站未更新" in err


def test_shallow_clone_gives_the_clear_message(tmp_path, capsys):
    import subprocess

    origin = make_site_project(tmp_path / "origin").parent
    repo = Repo.existing(origin)
    repo.commit("one", "2025-03-02T09:00:00+08:00")
    repo.commit("two", "2025-03-03T09:00:00+08:00")
    clone = tmp_path / "ci"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)], check=True
    )
    assert main(["-f", str(clone / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert "浅克隆" in err and "git fetch --unshallow" in err and "fetch-depth: 0" in err


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_killing_a_build_midway_leaves_the_previous_site_byte_identical(tmp_path, capsys):
    import signal
    import subprocess
    import sys
    import time

    config = make_site_project(tmp_path)
    assert main(["-f", str(config), "build"]) == 0
    before = _tree(tmp_path / "site")
    (tmp_path / "data" / "a.yaml").write_text(
        ENVELOPE.replace("关于职工体检安排的通知", "关于职工疗养安排的通知"), encoding="utf-8"
    )
    cwgk = Path(sys.executable).with_name("cwgk")
    build = subprocess.Popen(
        [str(cwgk), "-f", str(config), "build"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )

    def writing() -> bool:  # MkDocs has written files into the build's staging directory
        return any(p.is_file() for p in tmp_path.glob("site.building-*/**/*"))

    # Wait for that point, not for a guessed time: each pause between looks is a wait on the
    # build itself, so a build that ends first fails the test at once, and one that never gets
    # there fails at the deadline.
    deadline = time.monotonic() + 60
    while not writing():
        try:
            status = build.wait(timeout=0.01)
        except subprocess.TimeoutExpired:  # still building
            assert time.monotonic() < deadline, "the build wrote nothing within 60 s"
        else:
            pytest.fail(f"the build ended (status {status}) before it could be killed midway")
    build.send_signal(signal.SIGKILL)
    assert build.wait() == -signal.SIGKILL
    assert list(tmp_path.glob("site.building-*")), "killed too late: the build was published"
    assert _tree(tmp_path / "site") == before  # byte-identical
    # The next build tidies up what the killed one left and publishes the change.
    capsys.readouterr()
    assert main(["-f", str(config), "build"]) == 0
    assert "已清理上次中断的生成留下的临时目录" in capsys.readouterr().err
    assert not list(tmp_path.glob("site.building-*"))
    deadline = time.monotonic() + 30  # what the site no longer has goes in the background
    while list(tmp_path.glob("site.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(tmp_path.glob("site.*"))
    page = tmp_path / "site" / "records" / "gh-2024-00001" / "index.html"
    assert "关于职工疗养安排的通知" in page.read_text(encoding="utf-8")


def test_a_site_caught_between_its_two_renames_is_put_back(tmp_path, capsys):
    config = make_site_project(tmp_path)
    assert main(["-f", str(config), "build"]) == 0
    before = _tree(tmp_path / "site")
    (tmp_path / "site").rename(tmp_path / "site.old-12345")  # killed right after the first rename
    (tmp_path / "data" / "bad.yaml").write_text("标题：x\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-f", str(config), "build"]) == 1  # bad records: nothing new is published,
    assert "已恢复原来的网站 site/" in capsys.readouterr().err
    assert _tree(tmp_path / "site") == before  # but the old site is back in place at once
    assert not list(tmp_path.glob("site.*"))


def test_help_and_argument_errors_are_in_chinese(capsys):
    """Issue 17: argparse's own words (usage, options, errors) were English."""
    with pytest.raises(SystemExit):
        main(["-h"])
    out = capsys.readouterr().out
    assert out.startswith("用法：cwgk") and "显示本帮助并退出" in out and "选项" in out
    for english in ("usage", "options", "show this help", "positional arguments"):
        assert english not in out
    with pytest.raises(SystemExit):
        main(["import"])
    assert "cwgk import：错误：缺少必需的参数：表格文件、--kind" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["chek"])
    assert "没有“chek”这个命令，应为以下之一：check、new" in capsys.readouterr().err


def test_the_python_only_setup_installs_into_the_windows_or_posix_venv(tmp_path):
    """Issue 17: setup was bash-only; scripts/setup.py is what the manual gives for Windows."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("setup_py", ROOT / "scripts" / "setup.py")
    setup = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(setup)
    win = setup.commands(tmp_path, windows=True, dev=False)
    assert [c[0] for c in win] == [str(tmp_path / ".venv" / "Scripts/python.exe")] * 2
    assert win[0][-2:] == ["-r", str(tmp_path / "requirements.txt")]
    assert win[1][-3:] == ["--no-deps", "-e", str(tmp_path)]
    posix = setup.commands(tmp_path, windows=False, dev=True)
    assert posix[0][0] == str(tmp_path / ".venv" / "bin/python")
    assert posix[0][-1] == str(tmp_path / "requirements-dev.txt")
