"""The preview's fast lane: an edited record's own page, made at once from the last rebuild.

A rebuild of the preview (MkDocs' dirty build, preview.py) takes seconds at thousands of records:
every record checked again, every page's key, the lists, the search index. The person who saved a
record is looking at that record's page. So when only record files changed, the server
(preview_server.py) first has their pages made here, from what the last rebuild left — its
records, histories, renderer and MkDocs' objects — in a fraction of a second, and reloads the
browser; the whole rebuild follows in the background and brings the lists, the search index and
the checks across records up to date (Hugo's "fast render" does the same for the page viewed).

A page made here is the page the rebuild makes of the same files (tests/test_fast_preview.py).
A record saved with a mistake in it (a typo, a wrong date, personal data) gets the page of
problems every page of the preview shows after the rebuild (preview.error_page), at once, in
place of its page: the person who made the mistake sees it where they are looking.

It declines (None) whenever an edit could change more than its own page: a new, deleted or
renamed file, a changed 索引号, kind or series, an opinion, a record the edition leaves out. Then
the rebuild alone shows it, as before.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _populate_page, get_context
from mkdocs.structure.files import Files, InclusionLevel

from . import page_build
from .enrich import Entry, notice_status
from .git_history import FileHistory, FileVersion, RepoHistory
from .history import build_history
from .models.opinion import Opinion
from .models.simple_kinds import Regulation
from .name_policy import mask_record
from .personal_data import official_texts, scan
from .pipeline import RECORD_SUFFIXES, Project, validate_file
from .preview import error_page
from .problems import Problem, ValidationFailed, display_path
from .publication import edition_of, is_published, withheld
from .source_reader import MAX_RECORD_BYTES, ReadFailed, parse_source
from .validate import ValidRecord

log = logging.getLogger("mkdocs.hooks.cwgk")


@dataclass
class Snapshot:
    """What one finished preview rebuild made its pages with."""

    project: Project
    frame: str  # page_keys.frame_digest: code, theme, settings, navigation it was made under
    moment: datetime
    strict: bool
    renderer: Any  # render.Renderer
    entries: list[Entry]
    repo: RepoHistory | None  # None: the site is built without history
    config: Any  # MkDocs' config, files, navigation and the theme's environment
    files: Files
    nav: Any
    env: Any

    def __post_init__(self) -> None:
        self.by_file = {entry.file: entry for entry in self.entries}
        self.by_index = {entry.index_no: entry for entry in self.entries}
        self.doc_files = self.files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.official = official_texts(
            [self.project.settings.default_contact], self.project.settings.official_contacts
        )


def update(
    snapshot: Snapshot, changed: set[str], written: dict[str, int], generation: int
) -> list[str] | None:
    """Write the pages of the record files `changed` (absolute paths) again; their docs-dir
    URLs, or None when the edit is not one this lane may show (see the module's note).

    `written`: each page this lane wrote, with the server's count of changes (`generation`) it
    was made at; a rebuild that began earlier does not write over it (mkdocs_adapter.post_page)."""
    data_dir = snapshot.project.data_dir.resolve()
    records = [Path(name) for name in sorted(changed)]
    records = [p for p in records if p.suffix.lower() in RECORD_SUFFIXES]
    if not records or any(data_dir not in p.resolve().parents for p in records):
        return None
    by_index = dict(snapshot.by_index)
    entries = []
    refused: list[Problem] = []
    for path in records:
        entry = _entry(snapshot, path)
        if entry is None:
            return None
        if isinstance(entry, list):  # a mistake: its page shows it, as the rebuild will
            refused += entry
            continue
        by_index[entry.index_no] = entry
        entries.append(entry)
    if refused:
        page = error_page(ValidationFailed(refused))
        root = snapshot.project.root
        pages = [(snapshot.by_file[display_path(p, root)].src_path, page) for p in records]
    else:
        pages = [(e.src_path, snapshot.renderer.render_record(e, by_index)) for e in entries]
    made = Shown()
    made.refused = len(refused)
    for src_path, markdown in pages:
        written[src_path] = generation
        made.append(_write_page(snapshot, src_path, markdown))
    return made


class Shown(list[str]):
    """URLs of the pages written; `refused`: how many problems they show instead of records."""

    refused = 0


def _entry(snapshot: Snapshot, path: Path) -> Entry | list[Problem] | None:
    """The record at `path` as the site would now show it; its problems when it has any; None
    when this lane leaves it to the rebuild (see the module's note)."""
    project = snapshot.project
    shown = display_path(path, project.root)
    old = snapshot.by_file.get(shown)
    if old is None or path.is_symlink():
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if len(raw) > MAX_RECORD_BYTES:
        return None
    try:
        doc = parse_source(raw, shown)
    except ReadFailed as failed:
        return failed.problems  # as read_records finds them
    outcome = validate_file(
        doc, list(scan(doc.data, snapshot.official)), project.settings.notice_rules
    )
    record = outcome.record
    if outcome.problems or outcome.personal:
        return [*outcome.problems, *outcome.personal]
    if record is None or isinstance(record, Opinion):
        return None
    if not _same_place(old.record, record):
        return None
    settings = project.settings
    edition = edition_of(settings.edition)
    if not is_published(record, edition):
        return None
    item = ValidRecord(record=record, source=doc, path=path)
    history = None
    if old.history is not None:
        if snapshot.repo is None:
            return None
        history, _ = build_history(  # a missing 更正说明 shows on the page (not strict)
            item,
            _lineage(snapshot.repo, path, shown, raw),
            snapshot.moment,
            snapshot.strict,
            settings.notice_rules,
            names=settings.name_display,
            hidden=withheld(record, edition, snapshot.moment.date()),
        )
    return replace(
        old,
        record=mask_record(record, record.name_display or settings.name_display),
        status=notice_status(record, snapshot.moment, settings.calendar),
        history=history,
        withheld=withheld(record, edition, snapshot.moment.date()),
    )


def _same_place(old: Any, new: Any) -> bool:
    """Whether the record keeps its page, its place in its series and its links to others: what
    other pages show of it may change (they follow in the rebuild), its own page's frame not."""
    ended = ("已撤回", "已废止")
    return (
        type(old) is type(new)
        and old.index_no == new.index_no
        and old.series_key() == new.series_key()
        and old.series_year() == new.series_year()
        and (old.validity in ended) == (new.validity in ended)
        and (
            not isinstance(new, Regulation) or old.replaces_index_no == new.replaces_index_no  # type: ignore[attr-defined]
        )
    )


def _lineage(repo: RepoHistory, path: Path, shown: str, raw: bytes) -> FileHistory:
    """The file's committed versions from the last rebuild's walk, and `raw` when it differs."""
    lineage = repo.for_file(path)
    if lineage is None or not lineage.versions:  # unknown to git: the file as it is
        return FileHistory(versions=[FileVersion(None, shown, None, content=raw)])
    committed = [v for v in lineage.versions if v.commit is not None]
    current = lineage.versions[-1].path
    if not committed or committed[-1].content != raw:
        committed.append(FileVersion(commit=None, path=current, blob=None, content=raw))
    return replace(lineage, versions=committed)


def _write_page(snapshot: Snapshot, src_path: str, markdown: str) -> str:
    """MkDocs' own steps for one page (build._populate_page, then _build_page's), with the last
    rebuild's objects; the file replaced whole, never seen half-written."""
    config, files = snapshot.config, snapshot.files
    file = page_build.lazy_file(config, src_path, lambda: markdown)
    page = file.page
    page_build.prepare_page(page, config)
    _populate_page(page, config, files)
    config._current_page = page
    page.active = True
    try:
        context = get_context(snapshot.nav, snapshot.doc_files, config, page)
        template = snapshot.env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(
            context, page=page, config=config, nav=snapshot.nav
        )
        output = template.render(context)
        output = config.plugins.on_post_page(output, page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    target = file.abs_dest_path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    temporary = f"{target}.cwgk-{os.getpid()}"
    with open(temporary, "wb") as out:
        out.write(output.encode("utf-8", errors="xmlcharrefreplace"))
    os.replace(temporary, target)
    return str(file.url)
