"""Real (link-free) paths of many files without one system call per folder level for each."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def real_path(path: Path) -> Path:
    """`path.resolve()`, with each folder resolved once (thousands of records share a few)."""
    if path.is_symlink():
        return path.resolve()
    return Path(os.path.join(_real_folder(os.path.dirname(path)), path.name))


def real_path_text(path: str) -> str:
    """real_path of a path given as text, as text (no Path objects: thousands a run)."""
    if os.path.islink(path):
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    return os.path.join(_real_folder(folder), name)
