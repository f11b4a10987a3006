"""The search index made ahead, in a second process, while MkDocs builds the pages.

The index needs the hand-written pages' search documents, which the theme makes only as it
builds those pages, at the very end of a build. A publish changes records, not those pages: so
`cwgk build` takes the last build's hand-written documents (kept in the cache), starts a forked
child on the index as soon as the records are ready, and at the end compares what the theme made
with what it guessed. The same: the child's index is used (it is what the build would have made
from the same documents). Not the same (a hand-written page was edited): the child's work is
thrown away and the index made here, as before. A publish at 5,000 records spent ~1.2 s of its
~6 s on the index, with the second core idle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import parallel, search_index
from .history_cache import code_stamp, read_stamped, write_stamped
from .search_docs import SearchDoc

KEPT = "page-search-docs.pickle"


def _shape(docs: list[SearchDoc]) -> list[SearchDoc]:
    """What of the documents the index is made of (not `quoted`, which a build fills in)."""
    return [replace(d, quoted=None) for d in docs]


class IndexAhead:
    """`files(pages)`: the index's files for the records given and these hand-written pages."""

    def __init__(self, records: list[SearchDoc], cache: Path, fork: bool):
        self.records = records
        self.cache = cache
        kept = read_stamped(cache / KEPT, code_stamp()) if fork else None
        self.guess: list[SearchDoc] | None = kept if isinstance(kept, list) else None
        self._pending: Callable[[], Any] | None = None
        if self.guess is not None:
            guess = self.guess
            self._pending = parallel.in_child(lambda: self._make(guess))

    def _make(self, pages: list[SearchDoc]) -> dict[str, str]:
        terms = self.cache / "search-terms"
        search_index.load_cache(terms)
        files = search_index.build(self.records + pages)
        search_index.save_cache(terms)
        return files

    def files(self, pages: list[SearchDoc]) -> dict[str, str]:
        pending, self._pending = self._pending, None
        same = self.guess is not None and _shape(self.guess) == _shape(pages)
        if pending is not None:
            made = pending()  # waited for even when not used: no child outlives the build
            if same:
                return made
        write_stamped(self.cache / KEPT, code_stamp(), pages)
        return self._make(pages)

    def drop(self) -> None:
        """The build failed: wait for the child, use nothing of it."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()
