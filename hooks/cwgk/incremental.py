"""Incremental builds: reuse the pages of the last site whose inputs have not changed.

Every site `cwgk build` makes carries a manifest, `.cwgk-build.json`: for each generated page, the
digest of what made it (page_keys.py) and the size of the file written. The next build computes
the digests again; a page whose digest is in the previous manifest, and whose file is still there
at that size, is not made again: the new site takes the old file as it is (a hard link; nothing is
ever written into a file once it is in a site). Everything else — hand-written pages, the theme's
files, search index, feeds, kiosk, sitemap — is made every time, as it is cheap.

The manifest also lists every other file the build made (theme files, search index, .gz copies),
so the next build knows what to remove.

Where the new site goes:
- a build that reuses the site it replaces (plain `cwgk build`) updates it in place: the few
  hundred files made this time are built beside it, then moved in (`merge`), and what the new
  site no longer has is moved out. Building a whole new tree of links instead cost 7 s of a 25 s
  build at 5,000 records (50,000 folders and links: this file system takes ~150 µs a create). A
  failed build has not touched the site; while files move in (well under a second) a reader may
  get one page of each; a build stopped then leaves a marker (MERGING), and the next build is a
  full one.
- any other build (`--full`, `--previous` another site, an untrusted previous site) makes a new
  tree beside the site and swaps it in (cli.atomic_build), linking the reused pages.

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
MERGING = ".cwgk-merging"  # in a site while `merge` moves files into it
FORMAT = 2


@dataclass
class Previous:
    """The site an incremental build may take pages from."""

    site: Path
    pages: dict[str, tuple[str, int]]  # output path → (page key, size in bytes)
    project: str
    files: frozenset[str] = frozenset()  # every other file the build made

    def listed(self) -> set[str]:
        return set(self.pages) | self.files


@dataclass
class Request:
    """What `cwgk build` asks of a build (mkdocs_adapter.SiteBuild reads it in on_config)."""

    previous: Path | None  # where to take unchanged pages from; None: make every page
    project: str = ""  # which project the site is of (a foreign site is not reused)
    stream: bool = True  # make lazy pages as MkDocs reaches them, in two processes
    in_place: bool = False  # `previous` is the site being replaced: update it (see merge)
    trusted: Previous | None = None  # the previous site, when its pages are reused
    messages: list[str] = field(default_factory=list)  # why a build became a full one, …
    outputs: dict[str, str] = field(default_factory=dict)  # generated page's output → its key
    carried: list[str] = field(default_factory=list)  # outputs taken from the previous site
    hand_written: int = 0  # pages from the docs folder: made by every build
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
    if (site / MERGING).exists():
        return None, f"上一次生成在更新 {site} 时被中断，网站可能新旧页面混杂，本次完整生成。"
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
        files = frozenset(str(name) for name in data["files"])
        owner = str(data.get("project", ""))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None, f"{site}/{MANIFEST} 已损坏，本次完整生成。"
    if owner != project:
        return None, f"{site} 是另一个项目生成的网站（{owner or '未注明'}），本次完整生成。"
    return Previous(site=site, pages=pages, project=owner, files=files), ""


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
    site: Path,
    project: str,
    pages: dict[str, str],
    sizes: dict[str, int] | None = None,
    page_folders: frozenset[str] = frozenset(),
) -> set[str]:
    """`pages`: output path → page key, for every generated page in `site`; `sizes`: those
    already known (the carried pages, checked against the previous manifest). Every other file
    in `site` is listed too; `page_folders` (top-level folders of generated pages only, such as
    records/ with 24,000 folders) are not walked. Returns every path the manifest lists."""
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
    files = sorted(set(_files_in(site, page_folders)) - set(listed) - {MANIFEST})
    data = {"format": FORMAT, "keys": KEY_FORMAT, "project": project, "pages": listed}
    data["files"] = files
    (site / MANIFEST).write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return set(listed) | set(files)


def _files_in(site: Path, skip: frozenset[str]) -> Iterable[str]:
    root = str(site)
    for folder, subfolders, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        if relative == ".":
            subfolders[:] = [name for name in subfolders if name not in skip]
            relative = ""
        else:
            relative += "/"
        yield from (relative + name for name in names)


def merge(
    staging: Path,
    site: Path,
    previous: Previous,
    made: set[str],
    trash: Path,
    last: tuple[str, ...] = (),
    named_by_content: tuple[str, ...] = (),
) -> None:
    """Update `site` in place to the new site: its reused pages (in `site`) and the files this
    build made (in `staging`); `made` is every path the new site has (write_manifest).

    The files in `staging` are moved in, a folder `site` lacks as a whole; `last` (the search
    index's meta.json, which names its folder) go after the rest, and the manifest last of all.
    A folder under one of `named_by_content` that `site` already has holds the same files: it
    stays. What the previous site had and the new one does not is moved out, into `trash` (an
    empty folder; a folder holding none of the new site's files goes as a whole), for the caller
    to delete."""
    marker = site / MERGING
    marker.write_bytes(b"")
    moved = _Trash(trash)
    waiting: list[str] = []
    root, into = str(staging), str(site)
    for folder, subfolders, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        keep_walking = []
        for name in subfolders:
            target = os.path.join(into, prefix + name)
            if os.path.isdir(target) and not os.path.islink(target):
                if relative not in named_by_content:
                    keep_walking.append(name)
                continue
            moved.out(target)  # a file (or link) where the new site has a folder
            os.rename(os.path.join(folder, name), target)
        subfolders[:] = keep_walking
        for name in names:
            path = prefix + name
            if path in last or path == MANIFEST:
                waiting.append(path)
                continue
            _move_in(os.path.join(folder, name), os.path.join(into, path), moved)
    for path in sorted(set(waiting) - {MANIFEST}, key=last.index):
        _move_in(os.path.join(root, path), os.path.join(into, path), moved)
    holding = {""}  # folders the new site has files in
    for path in made:
        parts = path.split("/")[:-1]
        holding.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    for path in sorted(previous.listed() - made):
        parts = path.split("/")
        whole = next(
            ("/".join(parts[: n + 1]) for n in range(len(parts) - 1)
             if "/".join(parts[: n + 1]) not in holding),
            path,
        )  # fmt: skip
        moved.out(os.path.join(into, whole))
    _move_in(os.path.join(root, MANIFEST), os.path.join(into, MANIFEST), moved)
    marker.unlink()


def _move_in(source: str, target: str, moved: _Trash) -> None:
    try:
        os.replace(source, target)
    except IsADirectoryError:  # a folder where the new site has a file
        moved.out(target)
        os.replace(source, target)
    except (FileNotFoundError, NotADirectoryError):  # a new folder in one the site has
        folder = os.path.dirname(target)
        while not os.path.isdir(folder):  # a file where the new site has a folder goes
            if os.path.lexists(folder):
                moved.out(folder)
            folder = os.path.dirname(folder)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)


class _Trash:
    """Where what leaves the site goes (an existing empty folder): one rename each, whatever
    its size."""

    def __init__(self, folder: Path):
        self.folder, self.count = folder, 0

    def out(self, path: str) -> None:
        if not os.path.lexists(path):
            return
        self.count += 1
        os.rename(path, os.path.join(self.folder, str(self.count)))
