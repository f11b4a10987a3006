"""Making part of the pages (or parsing part of the versions) in a second process, with fork.

Record pages and their old versions are most of the render stage and independent of each other.
A forked child has every record, history and template already in memory, makes its share and sends
the pages back as one pickle through a pipe; the parent makes the other share meanwhile. Only where
`os.fork` exists and nothing else runs threads (a one-off build, not `cwgk serve`). If the child
fails for any reason, the parent makes its share itself: the result never depends on the split.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from . import collector

Item = TypeVar("Item")
Made = dict[Any, Any]  # pages by path, parsed data by key, …


# What to do just before the next fork, by name (history.py: read the version store whole, so
# the two processes share one copy instead of each reading the parts it needs).
_before_fork: dict[str, Callable[[], None]] = {}


def before_fork(name: str, action: Callable[[], None]) -> None:
    _before_fork[name] = action


def available() -> bool:
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def split_by_weight(items: Sequence[Item], weight: Callable[[Item], int]) -> tuple[list, list]:
    """Two halves of about equal total weight, each in the original order."""
    total = sum(weight(item) for item in items)
    first: list[Item] = []
    second: list[Item] = []
    done = 0
    for item in items:
        (first if done < total / 2 else second).append(item)
        done += weight(item)
    return first, second


def make_in_two(make: Callable[[list[Item]], Made], first: list[Item], second: list[Item]) -> Made:
    """make(first) here and make(second) in a forked child, at the same time."""
    for action in list(_before_fork.values()):
        action()
    _before_fork.clear()
    collector.settle()  # the collector never walks, so never copies, what the two share
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: make, send, and leave without running anything of the parent's
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps(make(second), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        except BaseException:
            traceback.print_exc(file=sys.stderr)
        finally:
            os._exit(status)
    os.close(write_end)
    pages = make(first)
    with os.fdopen(read_end, "rb") as incoming:
        data = incoming.read()  # the child blocks on a full pipe until this reads
    _, status = os.waitpid(pid, 0)
    try:
        theirs: Made = pickle.loads(data) if status == 0 else make(second)
    except Exception:
        theirs = make(second)
    return {**pages, **theirs}


def in_child(make: Callable[[], Any]) -> Callable[[], Any]:
    """make() started now in a forked child; the function returned waits for what it made (or
    makes it here, should the child fail in any way). The caller must call it."""
    collector.settle()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: silent on failure (the parent makes it again, and says why)
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        except BaseException:
            pass
        finally:
            os._exit(status)
    os.close(write_end)

    def result() -> Any:
        with os.fdopen(read_end, "rb") as incoming:
            data = incoming.read()
        _, status = os.waitpid(pid, 0)
        try:
            return pickle.loads(data) if status == 0 else make()
        except Exception:
            return make()

    return result
