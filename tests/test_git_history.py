"""Reading every version of every record from git in one pass, on scripted repositories."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from cwgk import git_history, pipeline
from cwgk.git_history import HistoryUnavailable, read_history
from cwgk.problems import ValidationFailed
from git_repo import Repo
from record_samples import ENVELOPE


def contents(history, path: str) -> list[str]:
    return [v.content.decode("utf-8") for v in history.files[path].versions]


def test_renames_and_moves_keep_one_lineage_with_non_ascii_paths_and_messages(tmp_path: Path):
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("发布：体检通知", "2025-03-02T09:00:00+08:00")
    (tmp_path / "data/2025").mkdir()
    repo.git("mv", "data/a.yaml", "data/2025/体检通知.yaml")
    repo.commit("移到年度目录", "2025-03-03T09:00:00+08:00")
    repo.write("data/2025/体检通知.yaml", "x: 2\n")
    repo.commit("更正：体检时间", "2025-03-04T09:00:00+08:00")

    history = read_history(tmp_path / "data")
    lineage = history.files["data/2025/体检通知.yaml"]
    assert contents(history, "data/2025/体检通知.yaml") == ["x: 1\n", "x: 2\n"]
    assert lineage.paths == ["data/a.yaml", "data/2025/体检通知.yaml"]
    first, second = lineage.versions
    assert first.commit.subject == "发布：体检通知"
    assert second.commit.subject == "更正：体检时间"
    # Commit times are read in the site's timezone.
    assert second.commit.time.isoformat() == "2025-03-04T09:00:00+08:00"
    assert history.commits_read == 3


def test_rename_with_edit_in_one_commit(tmp_path: Path):
    repo = Repo(tmp_path)
    body = "".join(f"line{i}: 内容{i}\n" for i in range(30))
    repo.write("data/old.yaml", body)
    repo.commit("add", "2025-01-01T09:00:00+08:00")
    (tmp_path / "data/old.yaml").unlink()
    repo.write("data/new.yaml", body + "extra: 1\n")
    repo.commit("rename and edit", "2025-01-02T09:00:00+08:00")
    history = read_history(tmp_path / "data")
    assert list(history.files) == ["data/new.yaml"]
    assert len(history.files["data/new.yaml"].versions) == 2


def test_merge_counts_when_merged_into_the_published_branch(tmp_path: Path):
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("publish", "2025-03-02T09:00:00+08:00")
    repo.git("checkout", "-q", "-b", "draft")
    repo.write("data/a.yaml", "x: 2\n")
    repo.commit("draft change", "2025-03-05T09:00:00+08:00")
    repo.git("checkout", "-q", "main")
    repo.write("data/b.yaml", "y: 1\n")
    repo.commit("other record", "2025-03-06T09:00:00+08:00")
    repo.git("merge", "-q", "--no-ff", "draft", "-m", "合并草稿", when="2025-03-09T09:00:00+08:00")

    history = read_history(tmp_path / "data")
    versions = history.files["data/a.yaml"].versions
    assert [v.content for v in versions] == [b"x: 1\n", b"x: 2\n"]
    assert versions[1].commit.subject == "合并草稿"
    assert versions[1].commit.time.day == 9
    assert len(history.files["data/b.yaml"].versions) == 1


def test_deleted_then_restored_is_the_same_record(tmp_path: Path):
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("publish", "2025-03-02T09:00:00+08:00")
    (tmp_path / "data/a.yaml").unlink()
    repo.commit("take down", "2025-03-03T09:00:00+08:00")
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("restore", "2025-03-04T09:00:00+08:00")

    lineage = read_history(tmp_path / "data").files["data/a.yaml"]
    assert [v.event for v in lineage.versions] == ["added", "restored"]
    assert [c.subject for c in lineage.deletions] == ["take down"]


def test_ignored_commits_are_folded_into_the_version_before(tmp_path: Path):
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("publish", "2025-03-02T09:00:00+08:00")
    repo.write("data/a.yaml", "x:   1   # reformatted\n")
    reformat = repo.commit("bulk reformat", "2025-03-03T09:00:00+08:00")
    repo.write("data/a.yaml", "x: 2\n")
    repo.commit("real change", "2025-03-04T09:00:00+08:00")
    repo.write("data/new.yaml", "y: 1\n")
    added = repo.commit("added by a listed commit", "2025-03-05T09:00:00+08:00")

    history = read_history(tmp_path / "data", ignored=[reformat[:10], added[:8]])
    versions = history.files["data/a.yaml"].versions
    assert [v.content for v in versions] == [b"x:   1   # reformatted\n", b"x: 2\n"]
    assert versions[0].commit.subject == "publish"
    assert [c.subject for c in versions[0].absorbed] == ["bulk reformat"]
    # A listed commit cannot hide that a record appeared.
    assert len(history.files["data/new.yaml"].versions) == 1


def test_ignore_file_format(tmp_path: Path):
    path = tmp_path / ".cwgk-history-ignore"
    path.write_text("\ufeff# comment\nABCDEF1234  # bulk\n\n  0123456789abcdef\n", encoding="utf-8")
    assert git_history.read_ignore_file(path) == ["abcdef1234", "0123456789abcdef"]
    assert git_history.read_ignore_file(tmp_path / "missing") == []


def test_uncommitted_and_untracked_files_are_working_tree_versions(tmp_path: Path):
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("publish", "2025-03-02T09:00:00+08:00")
    repo.write("data/a.yaml", "x: 2\n")
    repo.write("data/新记录.yaml", "y: 1\n")

    history = read_history(tmp_path / "data")
    edited = history.files["data/a.yaml"]
    assert edited.uncommitted and edited.versions[-1].content == b"x: 2\n"
    new = history.files["data/新记录.yaml"]
    assert [v.commit for v in new.versions] == [None]


def test_repository_without_commits(tmp_path: Path):
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    history = read_history(tmp_path / "data")
    assert list(history.files) == ["data/a.yaml"] and history.commits_read == 0
    only = history.files["data/a.yaml"]
    assert only.uncommitted
    assert [(v.commit, v.content) for v in only.versions] == [(None, b"x: 1\n")]


def test_a_repository_owned_by_another_user_fails_with_gits_message_and_the_fix(
    tmp_path: Path, monkeypatch
):
    """What a CI checkout made by another user gets: not "no history", not "no repository"."""
    repo = Repo(tmp_path)
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("发布", "2025-03-02T09:00:00+08:00")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own switch for this check
    with pytest.raises(HistoryUnavailable) as failed:
        read_history(tmp_path / "data")
    message = str(failed.value)
    assert "detected dubious ownership" in message  # git's own words
    assert f"git config --global --add safe.directory {tmp_path}" in message  # the fix
    assert "网站未生成" in message and "不在 git 仓库中" not in message


def test_a_build_that_cannot_read_history_fails_instead_of_publishing_without_it(mini, monkeypatch):
    mini.write("a.yaml", ENVELOPE)
    mini.commit("发布", "2024-03-05T09:00:00+08:00")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(mini.root / "no-global-config"))
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    with pytest.raises(ValidationFailed) as failed:
        pipeline.build(mini.project, on=date(2024, 3, 6))
    assert "safe.directory" in failed.value.report()
    monkeypatch.setenv("CWGK_HISTORY", "off")  # switched off on purpose: builds, without history
    assert not pipeline.build(mini.project, on=date(2024, 3, 6)).entries[0].history


def test_shallow_clone_is_refused_with_the_fix(tmp_path: Path):
    origin = Repo(tmp_path / "origin")
    for day in (2, 3):
        origin.write("data/a.yaml", f"x: {day}\n")
        origin.commit(f"c{day}", f"2025-03-0{day}T09:00:00+08:00")
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(tmp_path / "ci")],
        check=True,
    )
    with pytest.raises(HistoryUnavailable) as failed:
        read_history(tmp_path / "ci" / "data")
    assert "git fetch --unshallow" in str(failed.value)
    assert "history: off" in str(failed.value)


def test_outside_any_repository(tmp_path: Path):
    (tmp_path / "data").mkdir()
    with pytest.raises(HistoryUnavailable, match="不在 git 仓库中"):
        read_history(tmp_path / "data")


def test_whole_history_costs_a_fixed_number_of_git_processes(tmp_path: Path, monkeypatch):
    repo = Repo(tmp_path)
    for n in range(12):
        for i in range(10):
            repo.write(f"data/r{i}.yaml", f"n: {n}\n")
        repo.commit(f"round {n}", f"2025-03-{n + 1:02d}T09:00:00+08:00")
    calls = []
    real_run = subprocess.run

    def counting_run(args, **kwargs):
        calls.append(args)
        return real_run(args, **kwargs)

    monkeypatch.setattr(git_history.subprocess, "run", counting_run)
    history = read_history(tmp_path / "data")
    assert len(history.files) == 10
    assert all(len(f.versions) == 12 for f in history.files.values())
    assert len(calls) <= 5, calls  # rev-parse ×2, log, cat-file, status — never one per file


def _summary(history) -> dict:
    return {
        path: [(v.commit.sha if v.commit else None, v.path, v.content, v.event) for v in h.versions]
        for path, h in history.files.items()
    }


def test_the_walk_is_kept_and_continued_with_only_the_new_commits(tmp_path: Path, monkeypatch):
    repo = Repo(tmp_path)
    cache = tmp_path / ".cache" / "walk.pickle"
    repo.write("data/a.yaml", "x: 1\n")
    repo.write("data/b.yaml", "y: 1\n")
    repo.commit("发布", "2025-03-02T09:00:00+08:00")
    first = read_history(tmp_path / "data", cache_file=cache)
    assert cache.is_file()

    logs = []
    original = git_history._git

    def counting(cwd, *args, **kwargs):
        if args[0] == "log":
            logs.append(args)
        return original(cwd, *args, **kwargs)

    monkeypatch.setattr(git_history, "_git", counting)
    again = read_history(tmp_path / "data", cache_file=cache)
    assert logs == [] and _summary(again) == _summary(first)  # nothing committed: no git log

    repo.write("data/a.yaml", "x: 2\n")
    repo.commit("更正", "2025-03-03T09:00:00+08:00")
    repo.git("mv", "data/b.yaml", "data/c.yaml")
    repo.commit("改名", "2025-03-04T09:00:00+08:00")
    continued = read_history(tmp_path / "data", cache_file=cache)
    assert len(logs) == 1 and any(".." in arg for arg in logs[0])  # only the new commits
    assert _summary(continued) == _summary(read_history(tmp_path / "data"))  # = a full walk
    assert continued.commits_read == 3


def test_rewritten_history_is_walked_again_from_the_start(tmp_path: Path):
    repo = Repo(tmp_path)
    cache = tmp_path / ".cache" / "walk.pickle"
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("发布", "2025-03-02T09:00:00+08:00")
    repo.write("data/a.yaml", "x: 2\n")
    repo.commit("更正", "2025-03-03T09:00:00+08:00")
    read_history(tmp_path / "data", cache_file=cache)
    repo.git("reset", "-q", "--hard", "HEAD~1")  # the correction is undone, not reverted
    repo.write("data/a.yaml", "x: 3\n")
    repo.commit("另一次更正", "2025-03-04T09:00:00+08:00")
    history = read_history(tmp_path / "data", cache_file=cache)
    assert contents(history, "data/a.yaml") == ["x: 1\n", "x: 3\n"]
    assert _summary(history) == _summary(read_history(tmp_path / "data"))


def test_a_damaged_walk_cache_is_ignored(tmp_path: Path):
    repo = Repo(tmp_path)
    cache = tmp_path / ".cache" / "walk.pickle"
    cache.parent.mkdir()
    cache.write_bytes(b"not a pickle")
    repo.write("data/a.yaml", "x: 1\n")
    repo.commit("发布", "2025-03-02T09:00:00+08:00")
    assert contents(read_history(tmp_path / "data", cache_file=cache), "data/a.yaml") == ["x: 1\n"]


def test_the_kept_walk_is_written_again_after_a_few_new_commits_not_each(tmp_path: Path):
    """A run after one commit walks it from the kept walk without rewriting the kept file (40 MB
    at 20,000 commits); once SAVE_AFTER_COMMITS are new to it, it is written again. Every run
    reads the same history as a walk from nothing."""
    repo = Repo(tmp_path)
    kept = tmp_path / "walk.pickle"

    def edit(n: int) -> None:
        repo.write(f"data/r{n % 3}.yaml", f"x: {n}\n")
        repo.commit(f"第{n}次", f"2025-03-{n + 1:02d}T09:00:00+08:00")

    def same_as_from_nothing() -> None:
        ours, fresh = (
            read_history(tmp_path / "data", cache_file=kept),
            read_history(tmp_path / "data"),
        )
        assert ours.commits_read == fresh.commits_read
        assert {p: contents(ours, p) for p in ours.files} == {
            p: contents(fresh, p) for p in fresh.files
        }

    edit(0)
    same_as_from_nothing()
    written = kept.stat().st_mtime_ns
    for n in range(1, git_history.SAVE_AFTER_COMMITS):
        edit(n)
        same_as_from_nothing()
        assert kept.stat().st_mtime_ns == written, n
    edit(git_history.SAVE_AFTER_COMMITS)
    same_as_from_nothing()
    assert kept.stat().st_mtime_ns != written
