"""Every version of every record file, read from git in one pass.

Three git processes per build, whatever the number of records or commits: one `git log` stream
over the data folder (first-parent, so a branch's changes count from when they were merged into
the published branch; renames detected per commit), one `git cat-file --batch` for the contents of
every version, one `git status` for uncommitted work in preview.

This module knows files and commits only; what a version means for a record is history.py's job.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .history_cache import code_stamp, read_stamped, write_stamped
from .paths import real_path_text

IGNORE_FILE = ".cwgk-history-ignore"
_ZERO = "0" * 40


class HistoryUnavailable(Exception):
    """History cannot be read truthfully (no repository, shallow clone, git missing)."""


@dataclass(frozen=True)
class Commit:
    sha: str
    time: datetime  # commit time in the site's timezone
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass
class FileVersion:
    """One state of a record file. `commit` None: the working tree (not committed yet)."""

    commit: Commit | None
    path: str  # repository-relative, at that time
    blob: str | None  # None for the working tree
    content: bytes = b""
    content_of: str | None = None  # the blob `content` was read from (an ignored commit moves blob)
    event: str = "changed"  # added | changed | restored
    absorbed: list[Commit] = field(default_factory=list)  # ignored commits folded into this one


@dataclass
class FileHistory:
    """The lineage of one record file across renames, deletions and restorations."""

    versions: list[FileVersion] = field(default_factory=list)
    deletions: list[Commit] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # every path it had, oldest first

    @property
    def uncommitted(self) -> bool:
        return bool(self.versions) and self.versions[-1].commit is None


@dataclass
class RepoHistory:
    top: Path  # repository root
    files: dict[str, FileHistory]  # by current repository-relative path
    commits_read: int = 0

    def for_file(self, path: Path) -> FileHistory | None:
        real, top = real_path_text(str(path)), str(self.top)
        if not real.startswith(top + os.sep):
            return None
        inside = real[len(top) + 1 :]
        return self.files.get(inside if os.sep == "/" else inside.replace(os.sep, "/"))


class GitFailed(HistoryUnavailable):
    """git refused: its own message is kept and shown, with what to do about it."""

    def __init__(self, command: str, code: int, stderr: str, folder: Path):
        self.command, self.code, self.stderr = command, code, stderr.strip()
        if "dubious ownership" in self.stderr:
            advice = (
                "仓库目录的所有者不是运行生成的用户（git 的安全检查），修改记录无法读取，网站未生成。"
                "如果这个仓库可信，请以运行生成的用户执行："
                f"git config --global --add safe.directory {folder}"
                "（CI 中可在生成前执行同一命令）"
            )
        else:
            advice = "读取修改记录时 git 出错，网站未生成。请按 git 的提示处理后重试"
        super().__init__(f"{advice}。git {command} 的提示（退出码 {code}）：{self.stderr}")


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise HistoryUnavailable("找不到 git 程序；请安装 git，或关闭修改记录") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace")
        raise GitFailed(args[0], done.returncode, stderr, cwd)
    return done.stdout


def read_ignore_file(path: Path) -> list[str]:
    """Commit hashes (full or abbreviated, at least 7 characters) whose changes are not history."""
    if not path.is_file():
        return []
    found = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        text = line.split("#", 1)[0].strip().lower()
        if text:
            found.append(text)
    return found


def _is_ignored(sha: str, ignored: Iterable[str]) -> bool:
    return any(sha.startswith(prefix) for prefix in ignored)


def locate_repository(folder: Path) -> tuple[Path, bool]:
    """(repository root, whether it is shallow); HistoryUnavailable when there is none."""
    try:
        out = _git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
    except GitFailed as failed:
        if "not a git repository" not in failed.stderr:
            raise  # e.g. dubious ownership: git's message and the fix, never "no repository"
        raise HistoryUnavailable(
            f"{folder} 不在 git 仓库中，读不到修改记录。请用 git clone 取得网站仓库后再生成"
            "（确实不需要修改记录时，可在 mkdocs.yml 的 extra.cwgk 中设置 history: off）"
        ) from None
    top, shallow = out.decode("utf-8").splitlines()[:2]
    return Path(top).resolve(), shallow.strip() == "true"


def read_history(
    data_dir: Path,
    timezone: str = "Asia/Shanghai",
    ignored: Iterable[str] = (),
    include_working_tree: bool = True,
    cache_file: Path | None = None,
) -> RepoHistory:
    """Read the history of every file under `data_dir` with one walk over the repository.

    `cache_file`: where the walk is kept between runs, to continue from (see _load_walk)."""
    data_dir = data_dir.resolve()
    top, shallow = locate_repository(data_dir)
    if shallow:
        raise HistoryUnavailable(
            "这是一个浅克隆（shallow clone）仓库，只有最近的提交，所有记录都会被当成新发布的。"
            "请先运行 git fetch --unshallow 取得完整历史（CI 中把检出深度设为 0，例如 GitHub Actions 的"
            " actions/checkout 设置 fetch-depth: 0）；确实不需要修改记录时，可在 mkdocs.yml 的"
            " extra.cwgk 中设置 history: off"
        )
    scope = data_dir.relative_to(top).as_posix() or "."
    zone = ZoneInfo(timezone)
    ignored = list(ignored)
    walker = _Walker()
    head = head_commit(top)
    if head:
        stamp = f"{top}|{scope}|{timezone}|{sorted(ignored)}|{code_stamp()}"
        walker, since = _load_walk(cache_file, stamp)
        if since != head:
            if since and not _on_first_parent_chain(top, since):
                walker, since = _Walker(), None  # history was rewritten: walk it all again
            before = walker.commits
            _walk(top, scope, zone, ignored, walker, since)
            _fill_contents(top, [v for v in walker.all_versions() if v.content_of != v.blob])
            # The kept walk is 40 MB at 20,000 commits (~0.3 s to write): written again once a
            # few commits are new to it, not after each one (the next run walks those again).
            if since is None or walker.commits - before >= SAVE_AFTER_COMMITS:
                _save_walk(cache_file, stamp, walker, head)
    if include_working_tree:
        walker.apply_working_tree(top, scope)
    return RepoHistory(top=top, files=walker.current(), commits_read=walker.commits)


def _walk(
    top: Path, scope: str, zone: ZoneInfo, ignored: list[str], walker: _Walker, since: str | None
) -> None:
    """Apply the commits after `since` (all when None) along the first-parent chain."""
    log = _git(
        top,
        "log",
        "--reverse",
        "--first-parent",
        "--diff-merges=first-parent",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        "--format=%x1e%H%x1f%ct%x1f%s",
        *([f"{since}..HEAD"] if since else []),
        "--",
        scope,
    )
    for chunk in log.split(b"\x1e")[1:]:
        header, _, raw = chunk.partition(b"\x00")
        sha, stamp, subject = header.decode("utf-8", "replace").split("\x1f", 2)
        commit = Commit(sha, datetime.fromtimestamp(int(stamp), zone), subject.strip())
        walker.commits += 1
        walker.apply(commit, _parse_raw(raw), _is_ignored(sha, ignored))


def head_commit(top: Path) -> str | None:
    """The commit checked out; None only in a repository with no commit yet."""
    try:
        return _git(top, "rev-parse", "--verify", "--quiet", "HEAD").decode().strip() or None
    except GitFailed as failed:
        if failed.code == 1 and not failed.stderr:  # --quiet: HEAD names no commit yet
            return None
        raise


def _on_first_parent_chain(top: Path, commit: str) -> bool:
    """Whether `commit` is one HEAD's first-parent walk passes (then only what follows is new)."""
    chain = _git(top, "rev-list", "--first-parent", "HEAD").split()
    return commit.encode() in set(chain)


# The walk up to HEAD, kept between runs: with nothing committed since, `check` runs no git log
# (a second or two at 20,000 commits); after a commit, only the new commits are walked.
_WALK_VERSION = 1
SAVE_AFTER_COMMITS = 8


def _load_walk(file: Path | None, stamp: str) -> tuple[_Walker, str | None]:
    found = read_stamped(file, f"{_WALK_VERSION}|{stamp}")
    if isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], _Walker):
        return found
    return _Walker(), None


def _save_walk(file: Path | None, stamp: str, walker: _Walker, head: str) -> None:
    if file is not None:
        write_stamped(file, f"{_WALK_VERSION}|{stamp}", (walker, head))


def _parse_raw(raw: bytes) -> list[tuple[str, str, str, str | None]]:
    """`--raw -z` entries → (status letter, new blob, path, old path for renames/copies)."""
    tokens = raw.lstrip(b"\n").split(b"\x00")
    changes = []
    i = 0
    while i < len(tokens):
        meta = tokens[i].decode("ascii", "replace")
        if not meta.startswith(":"):
            i += 1
            continue
        parts = meta[1:].split()
        blob, status = parts[3], parts[4][0]
        if status in "RC":
            old, new = tokens[i + 1].decode("utf-8"), tokens[i + 2].decode("utf-8")
            changes.append((status, blob, new, old))
            i += 3
        else:
            changes.append((status, blob, tokens[i + 1].decode("utf-8"), None))
            i += 2
    return changes


class _Walker:
    def __init__(self) -> None:
        self.lineages: list[FileHistory] = []
        self.live: dict[str, int] = {}  # current path → lineage
        self.graveyard: dict[str, int] = {}  # path of a deleted file → its lineage
        self.commits = 0

    def _new(self, path: str) -> int:
        self.lineages.append(FileHistory(paths=[path]))
        return len(self.lineages) - 1

    def apply(
        self, commit: Commit, changes: list[tuple[str, str, str, str | None]], ignored: bool
    ) -> None:
        for status, blob, path, old in changes:
            if status in "AC":
                if path in self.graveyard:  # deleted earlier, back now: the same record
                    lid, event = self.graveyard.pop(path), "restored"
                else:
                    lid, event = self._new(path), "added"
                self.live[path] = lid
                self._add(lid, commit, path, blob, event, ignored=False)
            elif status in "MT":
                lid = self.live.get(path)
                if lid is None:
                    lid = self.live[path] = self._new(path)
                self._add(lid, commit, path, blob, "changed", ignored)
            elif status == "D":
                lid = self.live.pop(path, None)
                if lid is not None:
                    self.lineages[lid].deletions.append(commit)
                    self.graveyard[path] = lid
            elif status == "R":
                assert old is not None
                lid = self.live.pop(old, None)
                if lid is None:
                    lid = self.graveyard.pop(old, None)
                if lid is None:
                    lid = self._new(old)
                self.live[path] = lid
                self.lineages[lid].paths.append(path)
                last = self.lineages[lid].versions[-1] if self.lineages[lid].versions else None
                if last is None or last.blob != blob:
                    self._add(lid, commit, path, blob, "changed", ignored)

    def _add(
        self, lid: int, commit: Commit, path: str, blob: str, event: str, ignored: bool
    ) -> None:
        versions = self.lineages[lid].versions
        if ignored and versions and event == "changed":
            # A listed bulk change (reformatting) is not news: its content silently becomes the
            # base that later changes are compared with.
            versions[-1].blob = blob
            versions[-1].path = path
            versions[-1].absorbed.append(commit)
            return
        versions.append(FileVersion(commit=commit, path=path, blob=blob, event=event))

    def all_versions(self) -> list[FileVersion]:
        return [
            v for lineage in self.lineages for v in lineage.versions if v.blob not in (None, _ZERO)
        ]

    def apply_working_tree(self, top: Path, scope: str) -> None:
        for code, path, old in working_tree_changes(top, scope):
            file = top / path
            if "D" in code or not file.is_file():
                continue
            lid = self.live.get(path)
            if lid is None and old is not None and old in self.live:
                lid = self.live.pop(old)
                self.live[path] = lid
                self.lineages[lid].paths.append(path)
            if lid is None:
                lid = self.graveyard.pop(path, None)
                lid = self.live[path] = self._new(path) if lid is None else lid
            content = file.read_bytes()
            versions = self.lineages[lid].versions
            if versions and versions[-1].content == content:
                continue
            versions.append(FileVersion(commit=None, path=path, blob=None, content=content))

    def current(self) -> dict[str, FileHistory]:
        return {path: self.lineages[lid] for path, lid in self.live.items()}


def working_tree_changes(top: Path, scope: str) -> list[tuple[str, str, str | None]]:
    """`git status` of `scope`: (status code, path, the old path of a rename or copy) for each
    file edited, added, deleted or untracked; paths relative to `top`."""
    out = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", scope)
    tokens = iter(out.split(b"\x00"))
    changes = []
    for token in tokens:
        entry = token.decode("utf-8")
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        old = next(tokens, b"").decode("utf-8") if "R" in code or "C" in code else None
        changes.append((code, path, old))
    return changes


def _fill_contents(top: Path, versions: list[FileVersion]) -> None:
    """Fetch every version's bytes through one `git cat-file --batch`."""
    wanted = sorted({v.blob for v in versions if v.blob})
    if not wanted:
        return
    out = _git(top, "cat-file", "--batch", stdin=("\n".join(wanted) + "\n").encode("ascii"))
    contents: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        end = out.index(b"\n", pos)
        header = out[pos:end].decode("ascii").split()
        start = end + 1
        if len(header) != 3:  # "<sha> missing": a broken or partial clone
            pos = start
            continue
        sha, _kind, size = header
        contents[sha] = out[start : start + int(size)]
        pos = start + int(size) + 1
    for version in versions:
        version.content = contents.get(version.blob or "", b"")
        version.content_of = version.blob
