"""When Python's garbage collector runs, in a one-shot run (check, build, publish).

At 5,000 records a run builds up millions of objects that live to its end: records, histories,
pages. CPython's collector walks all of them again at every full collection, which was about half
of `cwgk check`'s time (8.4 s → 4.8 s of CPU measured at 5,000 records). In a one-shot run,
what a finished stage made stays until the process exits, so it is frozen (`gc.freeze`: never
walked again), and the collector starts less often. Freezing before the build forks a second
process also keeps the collector from touching, and so copying, the pages the two share.

The preview's server lives across rebuilds: it never freezes, or each rebuild's records would
stay in memory for good.
"""

from __future__ import annotations

import gc

_one_shot = False


def one_shot() -> None:
    """This process ends after one run: what it has made so far will live until then."""
    global _one_shot
    _one_shot = True
    gc.set_threshold(20_000, 50, 50)
    gc.freeze()


def settle() -> None:
    """A stage is done and its results live until the run ends (no-op outside a one-shot run)."""
    if _one_shot:
        gc.freeze()
