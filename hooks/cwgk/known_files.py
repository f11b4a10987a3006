"""Record files known by their stamp, so a run need not read the ones that did not change.

`cwgk check` and every build list the data folder and, with every other input kept between runs
(validated_cache.py), needed each file's bytes only to know it had not changed: reading 5,000
files was a quarter of a second of a check after an edit. As git's index does, a file whose size,
modification and change times and file number are those it had when it was last read is taken to
hold the same bytes — unless it was modified within a few seconds before that reading ("racily
clean": a second write in the same tick of a coarse clock leaves the times as they were), which is
read again. A change time cannot be set back by any program, so a tool that keeps a file's
modification time (an archive, a copy) still shows as a change on POSIX systems.

"Before that reading" is by the file system's clock, not this computer's: the data folder may be
on a file server whose clock differs, and the file times are the server's. Each run writes a
small file beside the cache and takes its modification time as the moment it reads.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .history_cache import read_stamped, write_stamped

FORMAT = "known-files 1"
RACY_NS = 3_000_000_000  # FAT keeps modification times to 2 s: a margin above it

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode (file index on Windows)


def stamp_of(status: os.stat_result) -> Stamp:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


class KnownFiles:
    """Each file's stamp and the digest of its bytes, as the last run read them."""

    def __init__(self, file: Path | None):
        self.file = file
        kept = read_stamped(file, FORMAT)
        self.kept: dict[str, tuple[Stamp, bytes, int]] = kept if isinstance(kept, dict) else {}
        self.seen: dict[str, tuple[Stamp, bytes, int]] = {}

    def digest(self, name: str, stamp: Stamp) -> bytes | None:
        """The digest of the file's bytes when they are known not to have changed."""
        entry = self.kept.get(name)
        if entry is None or entry[0] != stamp or stamp[1] >= entry[2] - RACY_NS:
            return None
        self.seen[name] = entry
        return entry[1]

    def read(self, name: str, stamp: Stamp, digest: bytes, read_at_ns: int) -> None:
        """The file was read at `read_at_ns` (taken before opening it) and had `digest`."""
        self.seen[name] = (stamp, digest, read_at_ns)

    def save(self) -> None:
        if self.file is not None and self.seen != self.kept:  # this tree's files: never grows
            write_stamped(self.file, FORMAT, self.seen)


def now_ns(cache_dir: Path | None = None) -> int:
    """The moment, by the clock of the file system `cache_dir` is on (this computer's when it
    cannot be written)."""
    if cache_dir is None:
        return time.time_ns()
    marker = cache_dir / "clock"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with open(marker, "wb") as out:
            out.write(b"0")
        return marker.stat().st_mtime_ns
    except OSError:  # a read-only checkout
        return time.time_ns()
