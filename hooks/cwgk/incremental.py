"""Incremental builds: reuse the pages of the last site whose inputs have not changed.

Every site `cwgk build` makes carries a manifest, `.cwgk-build.json`: for each generated page, the
digest of what made it (page_keys.py) and the size of the file written. The next build computes
the digests again; a page whose digest is in the previous manifest, and whose file is still there
at that size, is not made again: the new site takes the old file as it is (a hard link; nothing is
ever written into a file once it is in a site). Everything else — hand-written pages, the theme's
files, search index, feeds, kiosk, sitemap — is made every time, as it is cheap.

The result is byte-identical to a full build of the same commit at the same moment
(tests/test_incremental.py). A previous site without a readable manifest, from another project or
another manifest format, or with files missing or changed, is not trusted: the build is then a full
one, and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .page_keys import KEY_FORMAT

MANIFEST = ".cwgk-build.json"
FORMAT = 1


@dataclass
class Previous:
    """The site an incremental build may take pages from."""

    site: Path
    pages: dict[str, tuple[str, int]]  # output path → (page key, size in bytes)
    project: str


@dataclass
class Request:
    """What `cwgk build` asks of a build (mkdocs_adapter.SiteBuild reads it in on_config)."""

    previous: Path | None  # where to take unchanged pages from; None: make every page
    project: str = ""  # which project the site is of (a foreign site is not reused)
    stream: bool = True  # make lazy pages as MkDocs reaches them, in two processes
    messages: list[str] = field(default_factory=list)  # why a build became a full one, …
    outputs: dict[str, str] = field(default_factory=dict)  # generated page's output → its key
    carried: list[str] = field(default_factory=list)  # outputs taken from the previous site
    sizes: dict[str, int] = field(default_factory=dict)  # their sizes (checked in `damaged`)
    # Top-level folders holding generated pages and nothing else (records/: 24,000 folders at
    # 5,000 records): precompress.py does not walk them (it looks for other kinds of file).
    page_folders: frozenset[str] = frozenset()
    _carrying: threading.Thread | None = None
    _failed: list[BaseException] = field(default_factory=list)

    def start_carrying(self, previous: Path, staging: Path) -> None:
        """Link the carried pages into the new site in a thread, while MkDocs makes the rest
        (links are system calls, which run beside Python's own work)."""

        def run() -> None:
            try:
                carry(previous, staging, self.carried)
            except BaseException as failed:  # re-raised by finish_carrying, in the build
                self._failed.append(failed)

        self._carrying = threading.Thread(target=run, name="cwgk-carry", daemon=True)
        self._carrying.start()

    def finish_carrying(self, failing: bool = False) -> None:
        """Wait for the links; raise what went wrong (`failing`: the build failed anyway, and
        the new site is about to be removed: only wait)."""
        if self._carrying is not None:
            self._carrying.join()
            self._carrying = None
        if self._failed and not failing:
            raise self._failed[0]


def load_previous(site: Path | None, project: str) -> tuple[Previous | None, str]:
    """The previous site and its manifest, or None and why it cannot be used ("" when there is
    simply no previous site)."""
    if site is None or not site.is_dir():
        return None, ""
    path = site / MANIFEST
    if not path.is_file():
        return (
            None,
            f"{site} 中没有生成清单 {MANIFEST}（不是 cwgk build 生成的网站），本次完整生成。",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or data.get("keys") != KEY_FORMAT:
            return None, f"{site} 是旧版本的程序生成的，本次完整生成。"
        pages = {str(k): (str(v[0]), int(v[1])) for k, v in data["pages"].items()}
        owner = str(data.get("project", ""))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None, f"{site}/{MANIFEST} 已损坏，本次完整生成。"
    if owner != project:
        return None, f"{site} 是另一个项目生成的网站（{owner or '未注明'}），本次完整生成。"
    return Previous(site=site, pages=pages, project=owner), ""


def damaged(previous: Previous, wanted: Iterable[str]) -> str:
    """Why the previous site's files cannot be trusted ("" when they can): a page the manifest
    names is missing or has another size (edited by hand, cut off by a full disk, …)."""
    root = str(previous.site)
    for output in wanted:
        _, size = previous.pages[output]
        try:
            if os.stat(os.path.join(root, output)).st_size != size:
                return f"{previous.site}/{output} 与生成清单不符（文件被改动过）"
        except OSError:
            return f"{previous.site}/{output} 不见了"
    return ""


def carry(previous: Path, staging: Path, outputs: Iterable[str]) -> None:
    """Put the previous site's files at `outputs` into the new site, without copying bytes."""
    made: set[str] = set()
    old, new = str(previous), str(staging)
    for output in outputs:
        folder = os.path.dirname(output)
        if folder not in made:
            os.makedirs(os.path.join(new, folder), exist_ok=True)
            made.add(folder)
        source, target = os.path.join(old, output), os.path.join(new, output)
        try:
            os.link(source, target)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copy2(source, target)


def write_manifest(
    site: Path, project: str, pages: dict[str, str], sizes: dict[str, int] | None = None
) -> None:
    """`pages`: output path → page key, for every generated page in `site`; `sizes`: those
    already known (the carried pages, checked against the previous manifest)."""
    root, known = str(site), sizes or {}
    listed = {}
    for output, key in sorted(pages.items()):
        size = known.get(output)
        if size is None:
            try:
                size = os.stat(os.path.join(root, output)).st_size
            except OSError:
                continue  # a page MkDocs did not write (empty output)
        listed[output] = [key, size]
    data = {"format": FORMAT, "keys": KEY_FORMAT, "project": project, "pages": listed}
    (site / MANIFEST).write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
