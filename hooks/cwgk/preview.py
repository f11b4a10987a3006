"""Fast preview (`cwgk serve`): after an edit, MkDocs rebuilds only the pages whose text changed.

`cwgk serve` runs MkDocs' dirty rebuilds. MkDocs alone would either rebuild every page (thousands,
tens of seconds) or judge by file dates, which our generated pages do not have. Here every page is
marked: a generated page is rebuilt when its Markdown differs from the last build's, a hand-written
page by its date, a page with our markers always. When anything that shapes every page changes
(the navigation, mkdocs.yml, the theme), every page is rebuilt.

The search index of a dirty rebuild holds only the rebuilt pages: it is merged with the previous
one here (mkdocs-material's own merge assumes one page per rebuild).

State lives in a plain dict owned by hooks/mkdocs_hooks.py, so it survives reloading our modules.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

MARKER_START = "<!-- cwgk:"


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
        self.state["pages"] = dict(generated)
        self.state["frame"] = frame

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
