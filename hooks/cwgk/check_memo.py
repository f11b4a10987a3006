"""The last `cwgk check`'s verdict, kept with a fingerprint of everything it was made from.

At 5,000 records a check reads, validates and dates every record's history: ~4-5 s even with
every cache warm, while a second check of an unchanged tree (the pre-commit hook after a check,
a commit of templates or hand-written pages, CI after a preview) can only say the same again.
The fingerprint names every input of the verdict, and a check whose fingerprint is the last
one's prints the last verdict instead of working it out again:

- our code, pydantic and Python (history_cache.code_stamp) and every setting (mkdocs.yml, and
  the CWGK_HISTORY / CWGK_EDITION switches as resolved);
- the run's day and time zone (no rule of a check looks finer than the day: clock.py);
- every record file's place, bytes and whether it is a link (pipeline.record_files: the files the
  check reads), and the data folder's real place;
- the history: the commit checked out, whether the clone is shallow, what `git status` of the
  data folder tells the history (edited, new, renamed, deleted files) and the history-ignore file;
- each attachment a record names, and whether it exists (checked again at recall).

Anything that reads a new input in `pipeline.check` must add it here (tests/test_check_memo.py
changes each input and expects a fresh verdict). A verdict is kept only if no record file
changed while it was being made. `cwgk check --full` ignores the memo (and history._ProblemMemo,
which keeps each record's history problems the same way for a check after an edit).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .git_history import (
    IGNORE_FILE,
    HistoryUnavailable,
    head_commit,
    locate_repository,
    working_tree_changes,
)
from .history_cache import code_stamp, read_stamped, write_stamped
from .pipeline import Checked, DataFile, Project, scan_data
from .problems import Problem
from .publication import edition_of
from .settings import history_mode

MEMO_FILE = Path(".cache") / "cwgk" / "check-verdict.pickle"


@dataclass
class Verdict:
    records: int
    opinions: int
    problems: list[Problem]
    warnings: list[Problem]
    attachments: dict[str, bool] = field(default_factory=dict)  # path in docs → it existed


@dataclass
class Fingerprint:
    digest: str
    files: list[tuple[str, int, int]]  # (path, size, mtime_ns): unchanged while checking?

    def still_current(self) -> bool:
        return self.files == [_stat(path) for path, _, _ in self.files]


def verdict_of(checked: Checked, docs_dir: Path) -> Verdict:
    attachments = {
        attachment.file: (docs_dir / attachment.file).is_file()
        for item in checked.records
        for attachment in item.record.attachments
    }
    return Verdict(
        len(checked.records),
        len(checked.opinions),
        list(checked.problems),
        list(checked.warnings),
        attachments,
    )


def fingerprint(
    project: Project, moment: datetime, strict: bool, files: list[DataFile] | None = None
) -> Fingerprint | None:
    """None when an input cannot be named (no git, no commit yet): the check runs as always.
    `files`: the data folder as the check reads it (pipeline.scan_data)."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
            digest.update(b"\0")

    mode = history_mode(project.settings)
    add(code_stamp(), project.settings.model_dump_json(), mode)
    add(edition_of(project.settings.edition), strict, project.docs_dir.resolve())
    add(moment.date().isoformat(), moment.tzinfo)
    data_dir = project.data_dir
    if not data_dir.is_dir():
        return None
    add(os.path.realpath(data_dir))
    stats = []
    for found in files if files is not None else scan_data(data_dir):
        name = str(found.path)
        if found.kind == "folder":  # a linked folder: refused by the check, named here
            add("folder", name, os.readlink(name))
            continue
        link = os.readlink(name) if found.kind == "link" else ""
        stats.append((name, *found.stat))  # before reading: a save after it shows at remember()
        if found.digest is None:
            return None
        add(name, link, found.digest)
    if mode != "off":
        git = _git_state(data_dir)
        if git is None:
            return None
        ignore = project.root / IGNORE_FILE
        add(git, ignore.read_bytes() if ignore.is_file() else b"-")
    return Fingerprint(digest.hexdigest(), stats)


def recall(project: Project, print_: Fingerprint) -> Verdict | None:
    found = read_stamped(project.root / MEMO_FILE, print_.digest)
    if not isinstance(found, Verdict):
        return None
    for path, existed in found.attachments.items():
        if (project.docs_dir / path).is_file() != existed:
            return None
    return found


def remember(project: Project, print_: Fingerprint, verdict: Verdict) -> None:
    if print_.still_current():  # a file saved while checking: the verdict may be of either
        write_stamped(project.root / MEMO_FILE, print_.digest, verdict)


def _stat(path: str) -> tuple[str, int, int]:
    try:
        found = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, found.st_size, found.st_mtime_ns)


def _git_state(folder: Path) -> bytes | None:
    """The commit checked out, whether shallow, and what `git status` tells the history of the
    folder (git_history.apply_working_tree); None without a repository or a commit.

    Of the status, only what the history reads: each path, a rename's old path, a deletion.
    Staging an edit (`git add` before the commit hook's check) changes none of these."""
    try:
        top, shallow = locate_repository(folder)
        head = head_commit(top)
        changes = working_tree_changes(top, folder.resolve().relative_to(top).as_posix() or ".")
    except (HistoryUnavailable, ValueError):
        return None
    if head is None:
        return None
    seen = [f"{top}|{shallow}|{head}"]
    seen += [f"{'D' if 'D' in code else ''}|{path}|{old or ''}" for code, path, old in changes]
    return "\0".join(seen).encode("utf-8")
