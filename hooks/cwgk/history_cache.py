"""Results kept between runs in .cache/cwgk/, by the hash of the text they were made from.

Reading every record file and every earlier version of it, and comparing each version with the
one before, is most of what `check` (run before every commit) and every preview rebuild spend. A
text never changes, so what was read from it is kept by its hash: the records' parsed documents
with their personal-data findings, the versions' data, the field changes between two versions.
A cache is dropped whenever our code or the settings it depends on change (its stamp), and a
damaged or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import pydantic

PACKAGE = Path(__file__).resolve().parent


def code_stamp(*extra: str) -> str:
    """Changes when any of our Python files, pydantic or the given settings change."""
    digest = hashlib.sha256(_code_digest())
    digest.update(f"{sys.version}|{pydantic.VERSION}|{'|'.join(extra)}".encode())
    return digest.hexdigest()


@functools.cache  # one run asks for several caches' stamps; a preview reloads this module when
def _code_digest() -> bytes:  # our code changes (hooks/mkdocs_hooks.py), which starts afresh
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def pack(value: Any) -> bytes:
    """A value as a cache entry keeps it: one bytes object, not thousands of objects (at 5,000
    records the old versions' data held as objects were ~300 MB of a build's memory). Use what
    `unpack` gives back, in a first run too: pickling gives each string it writes a UTF-8 copy
    that lives as long as the string."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpack(packed: bytes) -> Any:
    return pickle.loads(packed)


def read_stamped(file: Path | None, stamp: str) -> Any:
    """What `write_stamped` kept in `file` under `stamp`; None when absent, stale or damaged."""
    if file is None or not file.is_file():
        return None
    try:
        with file.open("rb") as handle:
            stored_stamp, value = pickle.load(handle)
    except Exception:
        return None  # damaged or from other code: made again
    return value if stored_stamp == stamp else None


def write_stamped(file: Path, stamp: str, value: Any) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            pickle.dump((stamp, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(file)  # atomic: a parallel run never reads half a file
    except OSError:
        pass  # a read-only checkout still builds, only slower


class ResultCache:
    """One cache file, read from disk only when a value is first asked for (a run that finds
    everything in another cache never opens it)."""

    def __init__(self, file: Path | None, stamp: str):
        self.file = file
        self.stamp = stamp
        self._old: dict[bytes, Any] | None = None  # None: not read yet
        self.used: dict[bytes, Any] = {}
        # Keys this run asked for or named: the next file holds only these, so it never grows
        # with versions no record has any more.
        self.referenced: set[bytes] = set()
        self.changed = False

    def _load(self) -> dict[bytes, Any]:
        if self._old is None:
            found = read_stamped(self.file, self.stamp)
            self._old = found if isinstance(found, dict) else {}
        return self._old

    @staticmethod
    def key(text: str | bytes) -> bytes:
        return hashlib.sha1(text.encode("utf-8") if isinstance(text, str) else text).digest()

    def get(self, key: bytes) -> Any:
        self.referenced.add(key)
        if key in self.used:
            return self.used[key]
        return self._load().get(key)

    def touch(self, key: bytes) -> None:
        """Keep `key` in the next file without reading it now."""
        self.referenced.add(key)

    def put(self, key: bytes, value: Any) -> None:
        self.referenced.add(key)
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        if self.file is None:
            return
        if not self.changed and (self._old is None or self.referenced == self._old.keys()):
            return  # the file already holds exactly this
        old = self._load()
        kept = {k: self.used[k] if k in self.used else old[k] for k in self.referenced
                if k in self.used or k in old}  # fmt: skip
        write_stamped(self.file, self.stamp, kept)
        self._old, self.used, self.changed = kept, {}, False


class ShardedCache:
    """Like a ResultCache, split by key into 256 files read and written one by one: an edit
    to one record reads and rewrites one small file, not the data of every version of every record.
    """

    def __init__(self, folder: Path | None, stamp: str):
        self.folder = folder
        self.stamp = stamp
        self.shards: dict[int, ResultCache] = {}

    def _shard(self, key: bytes) -> ResultCache:
        number = key[0]
        if number not in self.shards:
            file = self.folder / f"{number:02x}.pickle" if self.folder else None
            self.shards[number] = ResultCache(file, self.stamp)
        return self.shards[number]

    def get(self, key: bytes) -> Any:
        return self._shard(key).get(key)

    def touch(self, key: bytes) -> None:
        self._shard(key).touch(key)

    def put(self, key: bytes, value: Any) -> None:
        self._shard(key).put(key, value)

    def save(self) -> None:
        for shard in self.shards.values():
            shard.save()

    def load_all(self) -> None:
        """Read every shard now (a build's two processes then share one copy)."""
        if self.folder is not None:
            for number in range(256):
                self._shard(bytes([number]))._load()
