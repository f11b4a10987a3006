"""When Python's garbage collector runs, in a one-shot run (check, build, publish).

At 5,000 records a run builds up millions of objects that live to its end: records, histories,
pages. CPython's collector walks all of them again at every full collection, which was about half
of `cwgk check`'s time (8.4 s → 4.8 s of CPU measured at 5,000 records). In a one-shot run,
what a finished stage made stays until the process exits, so it is frozen (`gc.freeze`: never
walked again), and the collector starts less often. Freezing before the build forks a second
process also keeps the collector from touching, and so copying, the pages the two share.

The preview's server lives across rebuilds, and the same holds within one rebuild (a preview
rebuild at 5,000 records spent ~10 of its 25 s in the collector). So each rebuild first hands
what the previous one froze back to the collector (`rebuild`), then freezes its own stages as a
one-shot run does: no rebuild's records stay in memory for good.
"""

from __future__ import annotations

import gc

_freezing = False


def one_shot() -> None:
    """This process ends after one run: what it has made so far will live until then."""
    global _freezing
    _freezing = True
    gc.set_threshold(20_000, 50, 50)
    gc.freeze()


def rebuild() -> None:
    """A preview rebuild starts: what the previous one froze (let go of by now) goes back to
    the collector, which frees it in its own time (collecting it here at once took 3 s of the
    rebuild at 5,000 records)."""
    global _freezing
    gc.unfreeze()
    gc.set_threshold(20_000, 50, 50)
    _freezing = True


def settle() -> None:
    """A stage is done and its results live until the run (or rebuild) ends; a no-op in
    a process that is neither (tests calling the pipeline)."""
    if _freezing:
        gc.freeze()
