"""Fast preview (`cwgk serve`): after an edit, MkDocs rebuilds only the pages whose text changed.

`cwgk serve` runs MkDocs' dirty rebuilds. MkDocs alone would either rebuild every page (thousands,
tens of seconds) or judge by file dates, which our generated pages do not have. Here every page is
marked: a generated page is rebuilt when its key (page_keys.py: what it is made from, and the
frame every page is made with) differs from the last build's, a hand-written page by its date, a
page with our markers always. A record page or old version whose key is unchanged is not even made
(render.Pages makes them when read), which is what keeps a rebuild of thousands of records quick.

The search index of a dirty rebuild holds only the rebuilt pages: it is merged with the previous
one here (mkdocs-material's own merge assumes one page per rebuild).

State lives in a plain dict owned by hooks/mkdocs_hooks.py, so it survives reloading our modules.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from .problems import ValidationFailed

MARKER_START = "<!-- cwgk:"


class Preview:
    def __init__(self, state: dict[str, Any]):
        self.state = state
        self.rebuilt: set[str] = set()  # page URLs rebuilt this time
        self.pages: set[str] = set()  # every page URL of this build
        self.removed: set[str] = set()  # page URLs the last build had and this one has not

    @property
    def fast_written(self) -> dict[str, int]:
        """Pages the fast lane wrote (fast_preview.py), with the server's count of changes."""
        return self.state.setdefault("fast_written", {})  # type: ignore[no-any-return]

    def mark(self, files: Files, keys: dict[str, str], frame: str) -> None:
        """Decide for every file whether this rebuild makes it again (File.is_modified).

        `keys`: every generated page's key; `frame`: what every page is made with."""
        previous: dict[str, str] = self.state.get("pages", {})
        everything = self.state.get("frame") != frame
        fast = self.fast_written  # written since the last rebuild, by the fast lane
        for file in files:
            if file.src_uri in keys:
                changed = (
                    everything
                    or previous.get(file.src_uri) != keys[file.src_uri]
                    or file.src_uri in fast
                )
            elif everything or _has_markers(file):
                changed = True  # the markers' content comes from the records
            elif file.generated_by:
                changed = True  # feeds, kiosk: cheap, written every time
            else:
                changed = file.is_modified()  # hand-written: by date, as MkDocs does
            file.is_modified = _fixed(changed)  # type: ignore[method-assign]
            if file.is_documentation_page():
                self.pages.add(file.url)
                if changed:
                    self.rebuilt.add(file.url)
        self._remove_gone(files)
        # Remembered once the pages are handed to MkDocs: what the next rebuild may keep.
        self.state["pages"] = dict(keys)
        self.state["frame"] = frame

    def _remove_gone(self, files: Files) -> None:
        """A deleted record's pages (or a deleted hand-written page) leave the served site: a
        dirty build never deletes, and its page would still answer with the record."""
        outputs = {f.url: f.abs_dest_path for f in files if f.is_documentation_page()}
        sites = {os.path.normpath(f.dest_dir) for f in files}
        for url, dest in self.state.get("outputs", {}).items():
            if url in outputs:
                continue
            self.removed.add(url)
            try:
                os.remove(dest)
                folder = os.path.dirname(dest)
                while folder not in sites and not os.listdir(folder):  # its empty folders too
                    os.rmdir(folder)
                    folder = os.path.dirname(folder)
            except OSError:
                pass  # gone already, or the folder holds something else
        self.state["outputs"] = outputs

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


def _fixed(value: bool) -> Callable[[], bool]:
    return lambda: value


def problems_html(failed: ValidationFailed) -> str:
    """The problems as the preview shows them in the browser, in place of what they stop."""
    items = "\n".join(f"<li><code>{escape(p.format())}</code></li>" for p in failed.problems)
    return (
        '<div class="cwgk-preview-error" role="alert">\n'
        f"<p><strong>预览未更新：发现 {len(failed.problems)} 处错误。</strong>"
        "改正后保存文件，页面会自动刷新。</p>\n"
        f'<ol class="cwgk-preview-error__list">\n{items}\n</ol>\n</div>'
    )


def error_page(failed: ValidationFailed) -> str:
    """A page of problems: every page a preview with bad records shows (mkdocs_adapter), and the
    edited record's page the fast lane makes of a file with a mistake (fast_preview.py)."""
    return '---\ntitle: "记录有错误，预览未更新"\n---\n\n' + problems_html(failed) + "\n"
