"""Fast preview (`cwgk serve`): after an edit, MkDocs rebuilds only the pages whose text changed.

`cwgk serve` runs MkDocs' dirty rebuilds. MkDocs alone would either rebuild every page (thousands,
tens of seconds) or judge by file dates, which our generated pages do not have. Here every page is
marked: a generated page is rebuilt when its Markdown differs from the last build's, a hand-written
page by its date, a page with our markers always. When anything that shapes every page changes
(the navigation, mkdocs.yml, the theme), every page is rebuilt.

The search index of a dirty rebuild holds only the rebuilt pages: it is merged with the previous
one here (mkdocs-material's own merge assumes one page per rebuild).

Making the pages is most of a rebuild's own time, and most pages are old versions of records. An
old version's page is taken from the last build when nothing it shows can have changed: the same
code, templates, settings, day and commit (the render frame), and the same text in every file that
names the record's 索引号 or is named by it (the record itself, its opinions, a plan its result
links to). Everything else is made again every time.

State lives in a plain dict owned by hooks/mkdocs_hooks.py, so it survives reloading our modules.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .models.envelope import INDEX_NO_PATTERN

if TYPE_CHECKING:
    from .enrich import Entry
    from .pipeline import Checked, Project

MARKER_START = "<!-- cwgk:"
# Any 索引号 (GH/2024-00012, Z0001/2025-00003) written anywhere in a file.
_INDEX_NO = re.compile(INDEX_NO_PATTERN.removeprefix("^").removesuffix("$"))


def frame_of(config: MkDocsConfig) -> str:
    """What every page is made with besides its own text: navigation, settings, theme files."""
    digest = hashlib.sha256()
    digest.update(json.dumps(config.nav, ensure_ascii=False, sort_keys=True).encode())
    if config.config_file_path:
        digest.update(Path(config.config_file_path).read_bytes())
    for folder in config.theme.dirs[:1] if config.theme.custom_dir else []:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "cwgk" not in path.relative_to(folder).parts:
                stat = path.stat()  # cwgk/ templates show up in the generated pages' text
                digest.update(f"{path}|{stat.st_mtime_ns}|{stat.st_size}".encode())
    return digest.hexdigest()


def _fixed(value: bool) -> Callable[[], bool]:
    return lambda: value


class Preview:
    def __init__(self, state: dict[str, Any]):
        self.state = state
        self.rebuilt: set[str] = set()  # page URLs rebuilt this time
        self.pages: set[str] = set()  # every page URL of this build
        self.kept: KeptVersions | None = None

    def mark(self, files: Files, generated: dict[str, str], frame: str) -> None:
        """Decide for every file whether this rebuild makes it again (File.is_modified)."""
        previous: dict[str, str] = self.state.get("pages", {})
        everything = self.state.get("frame") != frame
        for file in files:
            if file.src_uri in generated:
                changed = everything or previous.get(file.src_uri) != generated[file.src_uri]
            elif everything or _has_markers(file):
                changed = True  # the markers' content comes from the records
            else:
                changed = file.is_modified()  # hand-written: by date, as MkDocs does
            file.is_modified = _fixed(changed)  # type: ignore[method-assign]
            if file.is_documentation_page():
                self.pages.add(file.url)
                if changed:
                    self.rebuilt.add(file.url)
        # Remembered together, once the pages are handed to MkDocs: what the next rebuild may keep.
        self.state["pages"] = dict(generated)
        self.state["frame"] = frame
        self.state["render_frame"] = self.kept.frame if self.kept else None
        self.state["fingerprints"] = self.kept.now if self.kept else {}

    def kept_versions(self, project: Project) -> Callable[[Checked], KeptVersions]:
        def make(checked: Checked) -> KeptVersions:
            day = checked.moment.date().isoformat() if checked.moment else ""
            self.kept = KeptVersions(self.state, checked, render_frame(project, day))
            return self.kept

        return make

    def merge_search(self, index: Any) -> None:
        """Make the index keep the pages not rebuilt, from the previous build's index."""
        original = index.generate_search_index

        def merged(prev: Any) -> str:
            if prev is not None:
                kept = [
                    entry
                    for entry in prev.entries
                    if _page(entry) not in self.rebuilt and _page(entry) in self.pages
                ]
                index.entries = kept + index.entries
            return original(None)

        index.generate_search_index = merged


def _page(entry: dict[str, Any]) -> str:
    return str(entry["location"]).split("#", 1)[0]


def _has_markers(file: File) -> bool:
    if not file.is_documentation_page() or not file.abs_src_path:
        return False
    try:
        return MARKER_START in Path(file.abs_src_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True


def render_frame(project: Project, moment_day: str) -> str:
    """What every page of an old version is made with besides the records: our code, the page
    templates, the settings, the day, the commit and the history's ignore list."""
    digest = hashlib.sha256(moment_day.encode())
    package = Path(__file__).resolve().parent
    for folder in (package, project.templates_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path}|{stat.st_mtime_ns}|{stat.st_size}".encode())
    for path in (project.root / "mkdocs.yml", project.root / ".cwgk-history-ignore"):
        if path.is_file():
            digest.update(path.read_bytes())
    digest.update(repr(project.settings).encode())
    digest.update(f"{project.site_url}|{os.environ.get('CWGK_EDITION', '')}".encode())
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project.root, capture_output=True, check=False
        ).stdout
    except OSError:
        head = b""
    digest.update(head)
    return digest.hexdigest()


class KeptVersions:
    """Old versions' pages from the last preview build (see the module docstring)."""

    def __init__(self, state: dict[str, Any], checked: Checked, frame: str):
        self.previous: dict[str, str] = (
            state.get("pages", {}) if state.get("render_frame") == frame else {}
        )
        self.before: dict[str, str] = state.get("fingerprints", {})
        self.now = fingerprints(
            [(item.record.index_no, item.source.data) for item in checked.records]
            + [(None, item.source.data) for item in checked.opinions]
        )
        self.frame = frame
        self.kept = 0

    def versions(self, entry: Entry, paths: list[str]) -> dict[str, str] | None:
        index = entry.index_no
        if not self.previous or self.before.get(index) != self.now.get(index):
            return None
        try:
            pages = {path: self.previous[path] for path in paths}
        except KeyError:
            return None  # a version not made before (a new commit is a new frame anyway)
        self.kept += len(pages)
        return pages


def fingerprints(documents: list[tuple[str | None, Any]]) -> dict[str, str]:
    """索引号 → a digest of every file that names it or names what it names (its own file, its
    opinions, the plan it links to; erring towards making a page again)."""
    digests: list[str] = []
    names: list[set[str]] = []
    for own, data in documents:
        text = repr(data)
        named = set(_INDEX_NO.findall(text)) | ({own} if own else set())
        digests.append(hashlib.sha1(text.encode()).hexdigest())
        names.append(named)
    naming: dict[str, set[str]] = defaultdict(set)  # 索引号 → digests of the files naming it
    for digest, named in zip(digests, names, strict=True):
        for index in named:
            naming[index].add(digest)
    result: dict[str, str] = {}
    for (own, _), named in zip(documents, names, strict=True):
        if own:
            involved = set().union(*(naming[index] for index in named))
            result[own] = hashlib.sha1("|".join(sorted(involved)).encode()).hexdigest()
    return result
