"""urls.py: links between pages, made as strings (no working directory asked)."""

from __future__ import annotations

import posixpath
import random

from cwgk.urls import _relative_path, relative_url

SEGMENTS = ["a", "b", "records", "2025", "x.html", ".", "..", "", "版本", "a b"]


def test_relative_path_is_posix_relpath() -> None:
    pick = random.Random(20261129)
    for _ in range(20_000):
        path = "/".join(pick.choice(SEGMENTS) for _ in range(pick.randint(0, 5))) or "."
        start = "/".join(pick.choice(SEGMENTS) for _ in range(pick.randint(0, 5))) or "."
        if path.startswith("/") or start.startswith("/"):
            continue
        assert _relative_path(path, start) == posixpath.relpath(path, start), (path, start)


def test_links_between_pages() -> None:
    assert relative_url("kinds/bonus/", "records/2025/jj-2025-001/") == (
        "../../records/2025/jj-2025-001/"
    )
    assert relative_url("", "archive/") == "archive/"
    assert relative_url("archive/", "") == "../"
    assert relative_url("archive/", "archive/") == "./"
    assert relative_url("kinds/bonus/", "kinds/bonus/feed.xml") == "feed.xml"
    assert relative_url("kiosk/index.html", "assets/x.css") == "../assets/x.css"
