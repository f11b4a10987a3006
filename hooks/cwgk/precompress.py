"""Gzipped copies of the site's larger text files, for the web server to send as they are.

nginx's `gzip_static on` (IIS: static compression reads its own cache instead) sends `x.json.gz`
to a browser that accepts gzip when it asks for `x.json`: the search index, feeds and scripts then
cost no CPU per request and go out at the best compression level. Which files: text by suffix (so
any new search index shard or feed is covered without naming it) above a size threshold; a copy
that would not save at least a tenth is not written. Deterministic: no name and mtime 0 in the
gzip header, so the same site gives the same bytes.

HTML is left to the server's on-the-fly gzip: pages are most of the output (617 MB at 5,000
records) and compress at about 5 MB/s per core, so writing their copies would add about a minute
to such a build, while the server compresses the one page a reader asks for in a millisecond.
Source maps (.map) are left out too: only a developer's tools ask for them. On the demo site this
writes 114 copies of 1.65 MB (0.47 MB gzipped) in 0.3 s of CPU; most of it is the theme's own
scripts, a constant, so at thousands of records it stays around a second.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".json", ".xml", ".js", ".mjs", ".css", ".svg", ".txt", ".webmanifest"})
MIN_BYTES = 1024  # below this, the gzip header and a request's own overhead eat the gain
LEVEL = 9
# The search index's term shards (t/<n>.json: numbers, rewritten by every publish) at level 6: at
# 5,000 records 0.16 s of CPU instead of 0.77 s for 1.28 MB instead of 1.26 MB, and a reader
# fetches only the few shards of a query's terms.
SHARD_LEVEL = 6


def level_of(path: Path) -> int:
    parts = path.parts
    return (
        SHARD_LEVEL
        if len(parts) > 4 and parts[-2] == "t" and parts[-5:-3] == ("search", "cwgk")
        else LEVEL
    )


@dataclass(frozen=True)
class Compressed:
    files: int
    raw_bytes: int  # of the files that got a .gz
    gz_bytes: int


def candidates(
    site: Path, min_bytes: int = MIN_BYTES, skip: frozenset[str] = frozenset()
) -> Iterable[Path]:
    """Text files of at least `min_bytes`; `skip`: top-level folders of HTML pages only."""
    for folder, subfolders, names in os.walk(site):
        if folder == str(site):
            subfolders[:] = [name for name in subfolders if name not in skip]
        for name in names:
            path = Path(folder, name)
            if path.suffix in TEXT_SUFFIXES and path.stat().st_size >= min_bytes:
                yield path


def _compress(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    packed = gzip.compress(data, compresslevel=level_of(path), mtime=0)
    target = path.with_name(path.name + ".gz")
    if len(packed) > 0.9 * len(data):
        target.unlink(missing_ok=True)  # never leave a stale copy beside a changed file
        return 0, 0
    target.write_bytes(packed)
    return len(data), len(packed)


def _reused(path: Path, site: Path, previous: Path) -> tuple[int, int] | None:
    """The previous site's copy of `path`'s .gz, linked in, when `path` has not changed (the same
    bytes give the same .gz: no name, mtime 0). Most files of a build are the theme's and did not."""
    before = previous / path.relative_to(site)
    packed = before.with_name(before.name + ".gz")
    try:
        if before.stat().st_size != path.stat().st_size or not packed.is_file():
            return None
        if before.read_bytes() != path.read_bytes():
            return None
        target = path.with_name(path.name + ".gz")
        target.unlink(missing_ok=True)
        os.link(packed, target)
        return path.stat().st_size, packed.stat().st_size
    except OSError:
        return None


def precompress(
    site: Path,
    min_bytes: int = MIN_BYTES,
    previous: Path | None = None,
    skip: frozenset[str] = frozenset(),
) -> Compressed:
    """Write `<file>.gz` beside every text file of at least `min_bytes` in `site`; with
    `previous` (the site this one replaces), unchanged files keep their earlier .gz. `skip`:
    top-level folders known to hold only HTML pages (walking records/ was 1.2 s at 5,000
    records)."""

    def one(path: Path) -> tuple[int, int]:
        kept = _reused(path, site, previous) if previous is not None else None
        return kept if kept is not None else _compress(path)

    paths = list(candidates(site, min_bytes, skip))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # zlib releases the GIL
        sizes = [s for s in pool.map(one, paths) if s[0]]
    return Compressed(len(sizes), sum(s[0] for s in sizes), sum(s[1] for s in sizes))
