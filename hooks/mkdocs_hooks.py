"""MkDocs hooks: a thin adapter over the cwgk pipeline (hooks/cwgk/).

`mkdocs serve` keeps hook modules cached, so on every (re)build of a preview we drop the cwgk
modules and import them afresh: edits to records, templates and our Python all show up without
restarting. A one-off build keeps them, so `cwgk build` can hand over the records it has checked.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

_build: Any = None
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _adapter() -> Any:
    if _serving:
        for name in [m for m in sys.modules if m == "cwgk" or m.startswith("cwgk.")]:
            del sys.modules[name]
    return importlib.import_module("cwgk.mkdocs_adapter")


def on_config(config: Any) -> Any:
    global _build
    _build = _adapter().SiteBuild(config)
    return config


def on_files(files: Any, config: Any) -> Any:
    return _build.add_pages(files, config)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    return _build.fill_markers(markdown)
