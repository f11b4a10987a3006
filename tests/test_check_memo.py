"""`cwgk check` of an unchanged tree gives the last verdict at once; any input changed checks again.

Each input the memo names (check_memo.py) is changed in turn, and the check after it must be a
fresh one whose words are those of `cwgk check --full`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cwgk import check_memo, cli, history, pipeline
from cwgk.cli import main
from git_repo import Repo
from pinned_clock import pinned_env
from record_samples import ENVELOPE, copy_site_skeleton

WHEN = "2026-11-24T10:00:00+08:00"
ATTACHED = ENVELOPE.replace("索引号: GH/2024-00001", "索引号: GH/2024-00002") + (
    "附件:\n- 名称: 体检须知.pdf\n  文件: files/tijian.pdf\n"
)


class Board:
    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch):
        self.config = copy_site_skeleton(root)
        self.root = root
        self.repo = Repo(root)
        self.repo.write("data/a.yaml", ENVELOPE)
        self.repo.write("data/b.yaml", ATTACHED)
        (root / "site_src" / "files").mkdir(parents=True, exist_ok=True)
        (root / "site_src" / "files" / "tijian.pdf").write_bytes(b"%PDF-1.4\n")
        self.repo.git("add", "-A")
        self.repo.git("commit", "-q", "-m", "发布", when=WHEN)
        self.checks = 0
        self.env = monkeypatch  # what a change sets in the environment is undone after the test
        real = pipeline.check

        def counted(*args, **kwargs):
            self.checks += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(cli.pipeline, "check", counted)

    def check(self, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[bool, int, str]:
        """(worked it out afresh, exit code, what it said without the time taken)"""
        before = self.checks
        capsys.readouterr()
        code = main(["-f", str(self.config), "check", *extra])
        out = capsys.readouterr()
        said = re.sub(r"用时 [\d.]+ 秒", "用时 … 秒", out.out + out.err)
        return self.checks > before, code, said


def _edit_same_size(board: Board) -> None:  # same size, same second: only the bytes tell
    file = board.root / "data" / "a.yaml"
    stat = file.stat()
    file.write_text(ENVELOPE.replace("3月中旬", "3月下旬"), encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))


CHANGES: dict[str, Callable[[Board], object]] = {
    "record bytes": _edit_same_size,
    "new record": lambda b: b.repo.write("data/c.yaml", ENVELOPE.replace("00001", "00003")),
    "record deleted": lambda b: (b.root / "data" / "a.yaml").unlink(),
    "bad record": lambda b: b.repo.write("data/a.yaml", ENVELOPE.replace("03-05", "02-30")),
    "commit": lambda b: (
        b.repo.write("data/a.yaml", ENVELOPE + "关键词: [体检]\n"),
        b.repo.git("commit", "-qam", "更正", when=WHEN),
    ),
    "staged rename": lambda b: b.repo.git("mv", "data/a.yaml", "data/a2.yaml"),
    "staged only": lambda b: (
        b.repo.write("data/c.yaml", ENVELOPE.replace("00001", "00003")),
        b.repo.git("add", "data/c.yaml"),
    ),
    "setting": lambda b: b.config.write_text(
        re.sub(r"电话: \S+", "电话: 0591-87650000", b.config.read_text("utf-8"), count=1), "utf-8"
    ),
    "history ignore file": lambda b: (b.root / ".cwgk-history-ignore").write_text("abc\n"),
    "attachment removed": lambda b: (b.root / "site_src" / "files" / "tijian.pdf").unlink(),
    "edition": lambda b: b.env.setenv("CWGK_EDITION", "内部"),
    "history off": lambda b: b.env.setenv("CWGK_HISTORY", "off"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_unchanged_tree_gets_the_last_verdict_and_any_change_a_fresh_one(
    tmp_path, capsys, monkeypatch, change
):
    monkeypatch.delenv("CWGK_EDITION", raising=False)
    monkeypatch.delenv("CWGK_HISTORY", raising=False)
    board = Board(tmp_path, monkeypatch)
    fresh, code, said = board.check(capsys)
    assert fresh and code == 0 and "检查通过：2 条记录" in said
    assert board.check(capsys) == (False, code, said)  # the same words, not worked out again

    CHANGES[change](board)
    fresh, code, said = board.check(capsys)
    assert fresh, change
    assert board.check(capsys, "--full") == (True, code, said)
    assert board.check(capsys) == (False, code, said)  # and remembered in turn


def test_staging_the_checked_edit_for_the_commit_hook_keeps_the_verdict(
    tmp_path, capsys, monkeypatch
):
    """Edit, `cwgk check`, `git add`, `git commit` (whose hook checks again): nothing the
    history reads has changed between the two checks."""
    board = Board(tmp_path, monkeypatch)
    board.repo.write("data/a.yaml", ENVELOPE.replace("3月中旬", "3月下旬"))
    board.repo.write("data/c.yaml", ENVELOPE.replace("00001", "00003"))
    first = board.check(capsys)
    assert first[0] and first[1] == 0, first
    board.repo.git("add", "data/a.yaml", "data/c.yaml")
    assert board.check(capsys) == (False, *first[1:])


def test_the_next_day_and_our_code_check_again(tmp_path, capsys, monkeypatch):
    board = Board(tmp_path, monkeypatch)
    board.check(capsys)
    assert board.check(capsys)[0] is False
    with pinned_env("2026-11-24"):
        assert board.check(capsys)[0] is True
    monkeypatch.setattr(check_memo, "code_stamp", lambda: "other code")
    assert board.check(capsys)[0] is True


def test_a_refused_tree_is_refused_again_in_the_same_words(tmp_path, capsys, monkeypatch):
    board = Board(tmp_path, monkeypatch)
    CHANGES["bad record"](board)
    first = board.check(capsys)
    assert first[0] and first[1] == 1 and "data/a.yaml:5:7" in first[2]
    assert board.check(capsys) == (False, 1, first[2])


def test_a_file_saved_while_checking_is_checked_again(tmp_path, capsys, monkeypatch):
    board = Board(tmp_path, monkeypatch)
    counted = pipeline.check

    def saving_midway(*args, **kwargs):
        result = counted(*args, **kwargs)
        file = board.root / "data" / "a.yaml"
        file.write_text(ENVELOPE.replace("3月中旬", "3月底"), encoding="utf-8")
        return result

    monkeypatch.setattr(cli.pipeline, "check", saving_midway)
    board.check(capsys)
    monkeypatch.setattr(cli.pipeline, "check", counted)
    assert board.check(capsys)[0] is True  # the verdict made during the save was not kept
    assert board.check(capsys)[0] is False


def test_without_a_repository_every_check_is_fresh(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CWGK_HISTORY", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # no repository above
    config = copy_site_skeleton(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text(ENVELOPE, encoding="utf-8")
    calls = []
    real = pipeline.check
    monkeypatch.setattr(cli.pipeline, "check", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert [main(["-f", str(config), "check"]) for _ in range(2)] == [1, 1]
    assert "不在 git 仓库中" in capsys.readouterr().err and len(calls) == 2


def test_an_edit_makes_only_that_records_history_again(tmp_path, capsys, monkeypatch):
    """Before a commit: the other records' histories are the last check's (history._ProblemMemo),
    and a missing 更正说明 found earlier is still said, in the words of a full check."""
    board = Board(tmp_path, monkeypatch)
    made: list[str] = []
    real = history.build_history

    def counted(item, *args, **kwargs):
        made.append(item.file)
        return real(item, *args, **kwargs)

    monkeypatch.setattr(history, "build_history", counted)
    board.check(capsys)
    assert sorted(made) == ["data/a.yaml", "data/b.yaml"]
    made.clear()
    board.repo.write("data/a.yaml", ENVELOPE.replace("3月中旬", "4月上旬"))  # major, no note
    _, code, said = board.check(capsys)
    assert made == ["data/a.yaml"] and code == 1 and "更正说明" in said
    assert board.check(capsys, "--full")[1:] == (code, said)
    made.clear()
    board.repo.write("data/b.yaml", ATTACHED.replace("体检须知", "体检须知（2024）"))
    _, code, said = board.check(capsys)
    assert made == ["data/b.yaml"] and code == 1 and "data/a.yaml" in said
    assert board.check(capsys, "--full")[1:] == (code, said)
