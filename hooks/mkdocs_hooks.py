"""MkDocs hooks: a thin adapter over the cwgk pipeline (hooks/cwgk/).

`mkdocs serve` keeps hook modules cached, so when our Python changes between rebuilds of a preview
we drop the cwgk modules and import them afresh: edits to records, templates and our code all show
up without restarting. This module also keeps what the preview remembers between rebuilds (which
pages changed: see cwgk/preview.py) in a plain dict that outlives those reloads.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

_build: Any = None
_serving = False
_preview: dict[str, Any] = {}
_code = ""  # our Python files' dates and sizes at the last import


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _code_state() -> str:
    package = Path(__file__).resolve().parent / "cwgk"
    return "|".join(
        f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in sorted(package.rglob("*.py"))
    )


def _adapter() -> Any:
    global _code
    if _serving:
        code = _code_state()
        if code != _code:  # reimporting costs time: only when our code changed
            for name in [m for m in sys.modules if m == "cwgk" or m.startswith("cwgk.")]:
                del sys.modules[name]
            _preview.clear()  # new code may make every page differently
            _code = code
    return importlib.import_module("cwgk.mkdocs_adapter")


def on_config(config: Any) -> Any:
    global _build
    writer = _preview.get("index_writer")  # the last preview's search index, written after it
    if writer is not None:
        writer.join()
    adapter = _adapter()
    if _serving:  # let go of the last rebuild before making the next (cwgk/collector.py)
        _build = None
        importlib.import_module("cwgk.collector").rebuild()
    _build = adapter.SiteBuild(config, preview=_preview if _serving else None)
    return config


def on_files(files: Any, config: Any) -> Any:
    return _build.add_pages(files, config)


def on_nav(nav: Any, config: Any, files: Any) -> Any:
    _build.prepare_pages(nav, config, files)
    return nav


def on_env(env: Any, config: Any, files: Any) -> Any:
    _build.build_pages(env, config, files)  # record pages, one at a time (see cwgk/page_build.py)
    return env


def _build_of(config: Any) -> Any:
    # The build this config was made for: the preview's fast lane makes pages with the config of
    # the last rebuild while the next may be under way (cwgk/fast_preview.py).
    return getattr(config, "_cwgk_build", None) or _build


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return _build_of(config).fill_markers(markdown, page)


def on_post_page(output: str, page: Any, config: Any) -> str:
    return _build_of(config).post_page(output, page)


def on_post_build(config: Any) -> None:
    _build.write_search_index(config)


def on_build_error(error: Exception) -> None:
    if _build is not None:
        _build.build_failed()


# The preview server's side (cwgk/preview_server.py), called from its threads.


def cwgk_rebuild_starts(generation: int) -> None:
    """The server's count of changes as a rebuild begins: the fast lane's later pages stay."""
    _preview["generation"] = generation


def cwgk_rebuilt() -> set[str] | None:
    """URLs of the pages the last rebuild wrote (None: not known, every page)."""
    return _preview.get("rebuilt")


def cwgk_problems() -> int:
    """How many problems the last rebuild's pages show instead of the site (0: none)."""
    return int(_preview.get("problems", 0))


def cwgk_fast_update(changed: set[str], generation: int) -> list[str] | None:
    """The pages of the edited records made at once from the last rebuild (None: not here)."""
    snapshot = _preview.get("snapshot")
    if snapshot is None or _code_state() != _code:  # new code: the rebuild reloads it first
        return None
    written = _preview.setdefault("fast_written", {})
    return importlib.import_module("cwgk.fast_preview").update(
        snapshot, changed, written, generation
    )
