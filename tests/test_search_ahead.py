"""The search index made ahead in a forked child from the last build's hand-written pages:
used only when the theme's pages turn out the same, and then equal to the index made here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cwgk import parallel, search_ahead, search_index
from cwgk.history_cache import code_stamp, read_stamped
from cwgk.search_docs import BODY, TITLE, SearchDoc

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork and two cores")


def record(n: int) -> SearchDoc:
    doc = SearchDoc(url=f"records/r{n}/", title=f"第{n}号通知", kind="通知公告", day=None)
    doc.add(TITLE, doc.title)
    doc.add(BODY, f"关于第{n}车间的业务招待费使用情况。")
    return doc


def page(title: str, text: str) -> SearchDoc:
    doc = SearchDoc(url="guide/", title=title, kind=title, day=None, is_record=False)
    doc.add(TITLE, title)
    doc.passages.append(text)
    doc.add(BODY, text)
    return doc


RECORDS = [record(n) for n in range(40)]


def made_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids that made an index with IndexAhead._make in this process."""
    calls: list[int] = []
    original = search_ahead.IndexAhead._make

    def spy(self: search_ahead.IndexAhead, pages: list[SearchDoc]) -> dict[str, str]:
        if os.getpid() == parent:
            calls.append(parent)
        return original(self, pages)

    parent = os.getpid()
    monkeypatch.setattr(search_ahead.IndexAhead, "_make", spy)
    return calls


def test_the_first_build_makes_the_index_here_and_keeps_the_pages(tmp_path: Path) -> None:
    ahead = search_ahead.IndexAhead(RECORDS, tmp_path, fork=True)
    assert ahead.guess is None
    pages = [page("使用说明", "怎样查找公开事项。")]
    assert ahead.files(pages) == search_index.build(RECORDS + pages)
    assert (tmp_path / search_ahead.KEPT).is_file()


def test_unchanged_pages_take_the_childs_index_equal_to_one_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = [page("使用说明", "怎样查找公开事项。")]
    search_ahead.IndexAhead(RECORDS, tmp_path, fork=True).files(pages)
    calls = made_here(monkeypatch)
    changed = [*RECORDS[:-1], record(99)]  # a publish: another record
    ahead = search_ahead.IndexAhead(changed, tmp_path, fork=True)
    same_pages = [page("使用说明", "怎样查找公开事项。")]
    for doc in same_pages:
        doc.quote()  # filled in by a build: not part of what is compared
    files = ahead.files(same_pages)
    assert calls == []  # made in the child
    assert files == search_index.build(changed + same_pages)


def test_an_edited_hand_written_page_makes_the_index_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    search_ahead.IndexAhead(RECORDS, tmp_path, fork=True).files([page("使用说明", "旧的说明。")])
    calls = made_here(monkeypatch)
    ahead = search_ahead.IndexAhead(RECORDS, tmp_path, fork=True)
    edited = [page("使用说明", "新的说明：按年份查找。")]
    files = ahead.files(edited)
    assert calls == [os.getpid()]  # the child's guess was thrown away
    assert files == search_index.build(RECORDS + edited)
    # …and the next build guesses the edited page.
    kept = read_stamped(tmp_path / search_ahead.KEPT, code_stamp())
    assert [(d.url, d.passages) for d in kept] == [(d.url, d.passages) for d in edited]


def test_a_failed_build_leaves_no_child(tmp_path: Path) -> None:
    search_ahead.IndexAhead(RECORDS, tmp_path, fork=True).files([page("说明", "说明。")])
    ahead = search_ahead.IndexAhead(RECORDS, tmp_path, fork=True)
    ahead.drop()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child of this process left to wait for


def test_a_damaged_kept_file_is_no_guess(tmp_path: Path) -> None:
    (tmp_path / search_ahead.KEPT).write_bytes(b"not a pickle")
    assert search_ahead.IndexAhead(RECORDS, tmp_path, fork=True).guess is None
