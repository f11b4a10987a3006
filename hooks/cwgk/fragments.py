"""What a build makes of each record for the lists and the search index, kept between runs.

Every build makes the lists (栏目, 年度, 档案, home) and the search index afresh, because any
record can change them; but almost all of a record's part in them is the same as last time. That
part (its list item on each list page, its search document) is kept here under the record's
digest (page_keys.entry_digest: everything its pages are made from), so a build after one
change makes the lists from kept pieces: at 5,000 records these were ~3 s of every build.

The cache is dropped whenever our code, a page template or a setting changes (its stamp), and it keeps
only what this build used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .history_cache import ResultCache, code_stamp
from .page_keys import files_digest

T = TypeVar("T")


class Fragments:
    """Pieces made from one record, by the record's digest and what the piece is."""

    def __init__(self, file: Path | None, templates: Path, settings: str):
        """`settings`: the site's settings as text (a template may show any of them)."""
        self.cache = ResultCache(file, code_stamp(files_digest([templates]), settings))

    def get(self, record_digest: str, what: str, make: Callable[[], T]) -> T:
        key = ResultCache.key(f"{record_digest}|{what}")
        found = self.cache.get(key)
        if found is None:
            found = make()
            self.cache.put(key, found)
        return found  # type: ignore[no-any-return]

    def save(self) -> None:
        self.cache.save()
