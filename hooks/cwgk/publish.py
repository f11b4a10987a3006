"""Atomic publication of a built site: release directories, a `current` symlink, rollback.

Layout of a publication directory (DEST), served by the web server from DEST/current:

    DEST/releases/00001-20261123-093000/   one directory per publication, never changed afterwards
    DEST/releases/00002-20261124-101500/
    DEST/current  -> releases/00002-…      what the web server serves
    DEST/previous -> releases/00001-…      what it served before the last switch (pages still open
                                           in a browser fetch their hashed theme files from it)
    DEST/publish.log                       one line per publication and rollback

A switch is one rename(2) of a freshly made symlink over `current`: every request resolves the path
either before or after it, so a reader gets whole files of one release, never a 404. Releases are
made in full under a hidden name and renamed into place before the switch, and never written to
again, so a rollback serves the earlier release byte for byte.

A file that is the same as in the release being served is not copied but hard-linked to it: a
release is never written to, so sharing its files is safe, and the last few releases then take
little more room than one (at 5,000 records: 636 of 667 MB are record pages, and one change
alters a few hundred of 20,917). Pages are known to be the same by the build manifests
(incremental.py: the same key and size means the same bytes); other files (search index, theme
files, lists: ~5 %) are compared byte for byte. Anything else, or a link the file system refuses,
is copied.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RELEASES, CURRENT, PREVIOUS, LOG, LOCK = "releases", "current", "previous", "publish.log", ".lock"
MANIFEST = ".cwgk-build.json"  # incremental.MANIFEST (not imported: this module stands alone)
RELEASE_NAME = re.compile(r"^(\d{5})-\d{8}-\d{6}$")
DEFAULT_KEEP = 5


class PublishError(Exception):
    """A publication or rollback that could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class Switched:
    release: str  # the release now served
    before: str | None  # the one served until now
    removed: tuple[str, ...] = ()  # old releases deleted to keep the last N
    shared: int = 0  # files hard-linked to those of the release served before


def releases(dest: Path) -> list[str]:
    """The complete releases in DEST, oldest first."""
    folder = dest / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if RELEASE_NAME.match(p.name) and p.is_dir())


def served(dest: Path, link: str = CURRENT) -> str | None:
    """The release a link (current or previous) points to, or None."""
    path = dest / link
    if not path.is_symlink():
        return None
    return Path(os.readlink(path)).name


@contextmanager
def _locked(dest: Path) -> Iterator[None]:
    """One publication or rollback at a time (a CI job and the server hook may meet)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; publications there are not tested (see deploy.md)
        yield
        return
    with open(dest / LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _check_dest(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in (CURRENT, PREVIOUS):
        path = dest / name
        if path.exists() and not path.is_symlink():
            raise PublishError(
                f"{path} 是普通目录或文件，不是本工具建立的链接。请把它移走（例如改名为 "
                f"{name}.bak），网站服务器的根目录设为 {dest / CURRENT}，再发布。"
            )


def _point(dest: Path, link: str, release: str) -> None:
    """Make `link` point at `release` in one rename: never absent, never half-made."""
    tmp = dest / f".{link}.new-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(f"{RELEASES}/{release}", tmp)
    os.replace(tmp, dest / link)
    _sync_dir(dest)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _log(dest: Path, action: str, release: str, note: str = "") -> None:
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    with open(dest / LOG, "a", encoding="utf-8") as log:
        log.write(f"{stamp}\t{action}\t{release}\t{note}\n".rstrip("\t\n") + "\n")


def _next_name(dest: Path) -> str:
    numbers = [int(RELEASE_NAME.match(name).group(1)) for name in releases(dest)]  # type: ignore[union-attr]
    for partial in (dest / RELEASES).glob(".incoming-*"):  # left by a publication that was killed
        shutil.rmtree(partial, ignore_errors=True)
    return f"{max(numbers, default=0) + 1:05d}-{datetime.now():%Y%m%d-%H%M%S}"


def _check_site(site: Path, dest: Path) -> None:
    if not (site / "index.html").is_file():
        raise PublishError(
            f"{site} 不是生成好的网站（没有 index.html）。请先运行 cwgk build，再发布它生成的目录。"
        )
    if dest.resolve().is_relative_to(site.resolve()) or site.resolve().is_relative_to(
        dest.resolve()
    ):
        raise PublishError(f"发布目录 {dest} 与网站目录 {site} 不能互相包含：请选另一个发布目录。")


def publish(site: Path, dest: Path, keep: int = DEFAULT_KEEP, note: str = "") -> Switched:
    """Copy `site` into a new release of `dest`, switch `current` to it, keep the last `keep`."""
    if keep < 2:
        raise PublishError("--keep 至少为 2：要保留上一版才能回退。")
    _check_site(site, dest)
    _check_dest(dest)
    with _locked(dest):
        (dest / RELEASES).mkdir(exist_ok=True)
        name = _next_name(dest)
        incoming = dest / RELEASES / f".incoming-{name}"
        before = served(dest)
        base = dest / RELEASES / before if before else None
        shared = _make_release(site, incoming, base if base and base.is_dir() else None)
        os.replace(incoming, dest / RELEASES / name)
        _sync_dir(dest / RELEASES)
        _switch(dest, name, before)
        _log(dest, "publish", name, note)
        removed = _prune(dest, keep)
    return Switched(name, before, removed, shared)


def _manifest_pages(site: Path) -> dict[str, list]:
    """A built site's pages by its manifest (output path → [key, size]); {} if it has none."""
    try:
        data = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
        pages = data["pages"]
        return pages if isinstance(pages, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _make_release(site: Path, incoming: Path, base: Path | None) -> int:
    """Copy `site` to `incoming` (symlinks as symlinks, times kept), hard-linking the files that
    are the same in `base`, the release served now. Returns how many were linked."""
    new = _manifest_pages(site)
    old = _manifest_pages(base) if base else {}
    same_pages = {path for path, entry in new.items() if old.get(path) == entry}
    shared = 0
    for folder, dirs, names in os.walk(site):
        rel = os.path.relpath(folder, site)
        target = incoming if rel == "." else incoming / rel
        target.mkdir(parents=True, exist_ok=True)
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        for name in links:  # a folder that is a symlink stays one (os.walk does not enter it)
            os.symlink(os.readlink(os.path.join(folder, name)), target / name)
        for name in names:
            source = os.path.join(folder, name)
            if os.path.islink(source):
                os.symlink(os.readlink(source), target / name)
                continue
            path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            if base is not None and _same(source, base / path, path in same_pages, new.get(path)):
                try:
                    os.link(base / path, target / name)
                    shared += 1
                    continue
                except OSError:  # another file system, a link limit: copy it
                    pass
            shutil.copy2(source, target / name)
    return shared


def _same(source: str, old: Path, listed_same: bool, entry: list | None) -> bool:
    try:
        size = old.stat().st_size
    except OSError:
        return False
    if listed_same:  # same key and size in both manifests: the same bytes, if it is still whole
        return entry is not None and size == entry[1]
    if entry is not None:  # a page that changed
        return False
    return size == os.stat(source).st_size and filecmp.cmp(source, old, shallow=False)


def _switch(dest: Path, release: str, before: str | None) -> None:
    if before and before != release and (dest / RELEASES / before).is_dir():
        _point(dest, PREVIOUS, before)
    _point(dest, CURRENT, release)


def _prune(dest: Path, keep: int) -> tuple[str, ...]:
    """Delete all but the newest `keep` releases; the served and the previous one always stay."""
    protected = {served(dest), served(dest, PREVIOUS)}
    old = [name for name in releases(dest)[:-keep] if name not in protected]
    for name in old:
        doomed = dest / RELEASES / f".removing-{name}"
        os.replace(dest / RELEASES / name, doomed)
        shutil.rmtree(doomed, ignore_errors=True)
    return tuple(old)


def rollback(dest: Path, to: str | None = None) -> Switched:
    """Serve an earlier release again: by default the one published before the current one."""
    if not (dest / RELEASES).is_dir():
        raise PublishError(f"{dest} 里还没有发布过网站（没有 {RELEASES}/ 目录），无法回退。")
    _check_dest(dest)
    with _locked(dest):
        names = releases(dest)
        now = served(dest)
        if to is None:
            earlier = [n for n in names if now is None or n < now]
            if not earlier:
                raise PublishError(
                    f"当前版本 {now} 之前没有保留的版本，无法回退。已保留的版本：{'、'.join(names) or '无'}。"
                )
            target = earlier[-1]
        else:
            matches = [n for n in names if n == to or n.startswith(to)]
            if len(matches) != 1:
                raise PublishError(
                    f"找不到唯一的版本“{to}”。已保留的版本：{'、'.join(names) or '无'}"
                    "（可写全名或开头的序号，例如 00003）。"
                )
            target = matches[0]
        if target == now:
            raise PublishError(f"{target} 就是当前正在提供的版本，无需回退。")
        _switch(dest, target, now)
        _log(dest, "rollback", target, f"from {now}")
    return Switched(target, now)
