"""Making half of a list of things in a forked process gives what one process makes."""

import os

import pytest
from cwgk import parallel


def test_halves_keep_order_and_balance_by_weight():
    first, second = parallel.split_by_weight([5, 1, 1, 1, 1, 1], weight=lambda n: n)
    assert (first, second) == ([5], [1, 1, 1, 1, 1])
    assert parallel.split_by_weight([], weight=lambda n: n) == ([], [])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_failing_child_is_replaced_by_the_parent_making_its_share():
    calls = []

    def make(part):
        calls.append((os.getpid(), list(part)))
        if os.getpid() != parent and 3 in part:
            raise RuntimeError("child breaks")
        return {str(n): f"page {n}" for n in part}

    parent = os.getpid()
    pages = parallel.make_in_two(make, [1, 2], [3, 4])
    assert pages == {str(n): f"page {n}" for n in (1, 2, 3, 4)}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_what_a_child_makes_meanwhile_comes_back_or_is_made_here():
    parent = os.getpid()
    made_in = parallel.in_child(os.getpid)
    assert made_in() not in (None, parent)  # made by the child, while this process went on

    def breaks() -> str:
        if os.getpid() != parent:
            raise RuntimeError("child breaks")  # silently: the parent makes it and says why
        return "made here"

    assert parallel.in_child(breaks)() == "made here"
