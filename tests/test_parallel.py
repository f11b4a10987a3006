"""Making half the pages in a forked process gives exactly the site one process makes."""

import os

import pytest
from cwgk import parallel, pipeline
from record_samples import ENVELOPE, HOSPITALITY


def test_halves_keep_order_and_balance_by_weight():
    first, second = parallel.split_by_weight([5, 1, 1, 1, 1, 1], weight=lambda n: n)
    assert (first, second) == ([5], [1, 1, 1, 1, 1])
    assert parallel.split_by_weight([], weight=lambda n: n) == ([], [])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork only")
def test_a_forked_half_gives_the_same_pages_as_one_process(mini, monkeypatch):
    for n in range(1, 9):
        mini.write(f"n{n}.yaml", ENVELOPE.replace("GH/2024-00001", f"GH/2024-{n:05d}"))
    mini.write("h.yaml", HOSPITALITY)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    mini.write("h.yaml", HOSPITALITY.replace("内容概述: 公开", "内容概述: 公布"))
    mini.commit("文字修改", "2024-07-11T09:00:00+08:00")
    alone = pipeline.build(mini.project).site.pages
    forks = []
    original = os.fork

    def counted():
        forks.append(1)
        return original()

    monkeypatch.setattr(os, "fork", counted)
    monkeypatch.setattr(pipeline, "FORK_ABOVE_PAGES", 0)
    monkeypatch.setattr(parallel, "available", lambda: True)
    together = pipeline.build(mini.project).site.pages
    assert forks == [1]
    assert list(together) == list(alone) and together == alone


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
