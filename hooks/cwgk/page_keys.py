"""What each generated page is made from, as a digest: equal digests, equal pages.

An incremental build (incremental.py) and the preview (preview.py) skip a page whose digest is the
one it had when its output was made. Two kinds of input make a page:

- the *frame*, shared by every page: our code, the theme and page templates, mkdocs.yml, the
  navigation, the hand-written pages' names, the installed packages' versions, the edition and
  history settings from the environment;
- the page's own inputs. A record page and its old versions are made from the record's entry
  (enrich.Entry): its record as shown (names masked), history, opinions, status and withheld
  tables at the build's moment, and the records it shows something of (the previous period's for
  同比, the regulation it replaces or is replaced by, a recruitment result's plan). The day enters
  only through what it decides on the page (status, a fresh 更正 notice, a withheld list), so a
  build on a later day remakes only the pages whose status or notices moved.

A list, feed or statistics page is cheap and made every time: its digest is that of its text.

`tests/test_incremental.py` proves the digests sufficient: random sequences of edits, built
incrementally, give the same bytes as full builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .enrich import Entry
    from .history import RecordHistory, Version

# Environment variables that change pages without changing any file (clock.py's are not here:
# the moment enters through what it decides, see entry_digest).
PAGE_ENVIRONMENT = ("CWGK_EDITION", "CWGK_HISTORY")
KEY_FORMAT = "1"  # change when what a key covers changes: every page is made again


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


def files_digest(folders: Iterable[Path], skip: tuple[str, ...] = ("__pycache__",)) -> str:
    """Names and contents of every file below the folders (contents, not dates: a fresh clone
    has new dates on the same files)."""
    h = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not any(part in skip for part in path.parts):
                h.update(path.relative_to(folder).as_posix().encode() + b"\x1f")
                h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def packages_digest() -> str:
    """Every installed distribution and its version (MkDocs, the theme, Markdown, babel, …), from
    the names of their metadata folders ("mkdocs-1.6.1.dist-info"): reading each one's metadata
    would take a second."""
    found: list[str] = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found += (f"{folder}/{n}" for n in names if n.endswith((".dist-info", ".egg-info")))
    return digest(sys.version, *sorted(found))


def frame_digest(
    *,
    code_dir: Path,
    theme_dirs: Iterable[Path],
    config_file: Path | None,
    nav: Any,
    docs_names: Iterable[str],
    extra: str = "",
) -> str:
    """What every generated page is made with besides its own inputs."""
    return digest(
        KEY_FORMAT,
        files_digest([code_dir]),
        files_digest(theme_dirs),
        config_file.read_bytes() if config_file and config_file.is_file() else b"",
        json.dumps(nav, ensure_ascii=False, sort_keys=True, default=str),
        "\n".join(sorted(docs_names)),
        *(f"{name}={os.environ.get(name, '')}" for name in PAGE_ENVIRONMENT),
        packages_digest(),
        extra,
    )


def _model(record: Any) -> str:
    return record.model_dump_json() if record is not None else "-"


def _version(version: Version) -> str:
    commit = version.commit
    diff_from = version.diff_from
    return digest(
        repr(commit),
        version.when.isoformat(),
        str(version.number),
        version.event,
        repr(version.changes),
        repr(version.notes),
        repr((version.note_missing, version.declared, version.changes_major, version.validity)),
        version.text,
        repr(version.deleted_before),
        repr(version.absorbed),
        repr(diff_from[1:]) if diff_from else "-",
        diff_from[0] if diff_from else "-",
    )


def _history(history: RecordHistory | None) -> str:
    if history is None:
        return "-"
    # Kept on the history: a history is not changed once made, and a preview rebuild reuses the
    # unchanged records' histories (pipeline.check's `kept`), so each is digested once.
    if history.digest is None:
        history.digest = digest(str(history.backfilled), *(_version(v) for v in history.versions))
    return history.digest


def _neighbour(entry: Entry | None) -> str:
    """What a page shows of another record: its address, 索引号, record and status."""
    if entry is None:
        return "-"
    return digest(entry.url, entry.status, _model(entry.record))


def entry_digest(
    entry: Entry, by_index: dict[str, Entry], today: date, correction_notice_days: int
) -> str:
    """Everything a record's page and its old versions' pages are made from, besides the frame."""
    history = entry.history
    fresh = history.fresh_correction(today, correction_notice_days) if history else None
    plan = getattr(entry.record, "plan_index_no", None)
    return digest(
        entry.url,
        entry.src_path,
        entry.file,
        entry.group.slug,
        entry.status,
        _model(entry.record),
        _history(history),
        repr(fresh.slug if fresh else None),
        *(_model(o) for o in entry.opinions),
        json.dumps(entry.withheld, ensure_ascii=False, sort_keys=True),
        _neighbour(entry.previous),
        _neighbour(entry.replaces),
        _neighbour(entry.replaced_by),
        _neighbour(by_index.get(plan) if plan else None),
    )
