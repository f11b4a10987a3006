"""A throwaway project built and served for one browser test module: records in, URL out."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path

from conftest import _QuietHandler
from git_repo import Repo
from pinned_clock import pinned_env
from record_samples import copy_site_skeleton


@contextmanager
def served_site(root: Path, records: dict[str, str], today: str | datetime) -> Iterator[str]:
    """Copy the site skeleton to `root`, write `records` (path under data/ → YAML), commit them,
    build with `cwgk build` as of `today` (a day, or a moment), serve the result; yields the
    base URL. Open its pages with `browser.new_page(now=moment_of(today))`."""
    from cwgk.cli import atomic_build

    config = copy_site_skeleton(root)
    for name, text in records.items():
        path = root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    day = today.date() if isinstance(today, datetime) else today
    Repo(root).commit("发布", f"{day}T09:00:00+08:00")
    site = root / "site"
    with pinned_env(today):
        assert atomic_build(config, site) == 0
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
