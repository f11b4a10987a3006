"""A cache of parsed and validated record versions, kept between runs in .cache/cwgk/.

Reading history parses and validates every earlier version of every record: most of what `check`
(run before every commit) and every preview rebuild spend. A version's text never changes, so its
result is kept by the text's hash. The cache is dropped whenever our code or the 公示期 rules change
(its stamp), and a damaged or unreadable cache is simply rebuilt.
"""

from __future__ import annotations

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
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(f"{sys.version}|{pydantic.VERSION}|{'|'.join(extra)}".encode())
    return digest.hexdigest()


class VersionCache:
    def __init__(self, file: Path | None, stamp: str):
        self.file = file
        self.stamp = stamp
        self.old: dict[bytes, Any] = {}
        self.used: dict[bytes, Any] = {}  # what this run needed: the next file holds only these
        self.changed = False
        if file is not None and file.is_file():
            try:
                with file.open("rb") as handle:
                    stored_stamp, entries = pickle.load(handle)
                if stored_stamp == stamp:
                    self.old = entries
            except Exception:
                self.old = {}

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get(self, key: bytes) -> Any:
        if key in self.used:
            return self.used[key]
        if key in self.old:
            self.used[key] = self.old[key]
            return self.used[key]
        return None

    def put(self, key: bytes, value: Any) -> None:
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        if self.file is None or not (self.changed or len(self.used) != len(self.old)):
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
            with partial.open("wb") as handle:
                pickle.dump((self.stamp, self.used), handle, protocol=pickle.HIGHEST_PROTOCOL)
            partial.replace(self.file)  # atomic: a parallel run never reads half a file
        except OSError:
            pass  # a read-only checkout still builds, only slower
