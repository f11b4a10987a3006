"""The preview's fast lane (cwgk/fast_preview.py): an edited record's page at once, the very page
the rebuild then makes; every edit it must not show alone is left to the rebuild."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from git_repo import Repo
from mkdocs.commands.build import build
from mkdocs.config import load_config
from record_samples import ENVELOPE, HOSPITALITY, copy_site_skeleton
from test_opinions import OPINION

URL = "http://127.0.0.1:8000/"


class Preview:
    """A preview as `cwgk serve` runs it, in this process: rebuilds and the fast lane."""

    def __init__(self, root: Path):
        self.root = root
        self.config_file = root / "mkdocs.yml"
        self.site = root / "preview-site"
        self.hooks: Any = None

    def rebuild(self, generation: int = 0) -> None:
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site))
        config.site_url, config.strict = URL, False
        if self.hooks is None:
            self.hooks = next(p for p in config.plugins.values() if hasattr(p, "_preview"))
            self.hooks.on_startup(command="serve", dirty=True)
            self.hooks._code = self.hooks._code_state()  # our modules as imported: kept
        self.hooks.cwgk_rebuild_starts(generation)
        build(config, serve_url=URL, dirty=True)
        writer = self.hooks._preview.get("index_writer")
        if writer is not None:
            writer.join()

    def fast(self, generation: int, *names: str) -> list[str] | None:
        changed = {str(self.root / "data" / name) for name in names}
        return self.hooks.cwgk_fast_update(changed, generation)

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.root / "data" / name).write_text(text, encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    copy_site_skeleton(tmp_path)
    repo = Repo(tmp_path)
    repo.write("data/n.yaml", ENVELOPE)
    repo.write("data/h.yaml", HOSPITALITY)
    repo.commit("发布", "2024-07-10T09:00:00+08:00")
    shown = Preview(tmp_path)
    shown.rebuild()
    try:
        yield shown
    finally:  # the hooks' module stays loaded: back to a plain build for other tests
        shown.hooks.on_startup(command="build", dirty=False)
        shown.hooks._preview.clear()


NOTICE, SPENDING = "records/gh-2024-00001", "records/gh-2024-00012"


def test_an_edited_record_shows_at_once_as_the_rebuild_then_makes_it(preview: Preview):
    other = preview.page(SPENDING)
    preview.write("n.yaml", ENVELOPE.replace("职工体检", "职工疗休养"))
    assert preview.fast(1, "n.yaml") == [f"{NOTICE}/"]
    fast = preview.page(NOTICE)
    assert "关于职工疗休养安排的通知" in fast
    assert "尚未提交" in fast or "未提交" in fast  # its history shows the edit being previewed
    assert "关于职工体检安排的通知" in preview.page("kinds/notice")  # lists: the rebuild's
    preview.rebuild(1)
    assert preview.page(NOTICE) == fast  # byte for byte
    assert "关于职工疗休养安排的通知" in preview.page("kinds/notice")
    assert preview.page(SPENDING) == other

    # A corrected amount in a table, in a record of another kind.
    preview.write("h.yaml", HOSPITALITY.replace("76450.00", "76550.00").replace("119950", "120050"))
    assert preview.fast(2, "h.yaml") == [f"{SPENDING}/"]
    fast = preview.page(SPENDING)
    assert "现更正为76,550.00元" in fast  # its history says what the correction is
    preview.rebuild(2)
    assert preview.page(SPENDING) == fast


@pytest.mark.parametrize("case", ["new file", "deleted", "index number", "not a record", "opinion"])
def test_edits_the_fast_lane_leaves_to_the_rebuild(preview: Preview, case: str):
    before = preview.page(NOTICE)
    data = preview.root / "data"
    if case == "new file":
        name = "x.yaml"
        preview.write(name, ENVELOPE.replace("GH/2024-00001", "GH/2024-00002"))
    elif case == "deleted":
        name = "n.yaml"
        (data / name).unlink()
    elif case == "index number":  # another page: lists and links change with it
        name = "n.yaml"
        preview.write(name, ENVELOPE.replace("GH/2024-00001", "GH/2024-00003"))
    elif case == "not a record":
        name = "notes.txt"
        preview.write(name, "草稿")
    else:  # the record's file now holds an opinion on the other record: lists change
        name = "n.yaml"
        preview.write(name, OPINION)
    assert preview.fast(1, name) is None
    assert preview.page(NOTICE) == before


def test_a_rebuild_begun_before_a_later_edit_does_not_write_over_its_page(preview: Preview):
    """The rebuild runs in the background while the next edit is shown: the page the fast lane
    made of that later edit stays until a rebuild that began after it."""
    preview.write("n.yaml", ENVELOPE.replace("职工体检", "职工疗休养"))
    preview.fast(5, "n.yaml")  # shown; then the file goes back as a rebuild begun earlier read it
    preview.write("n.yaml", ENVELOPE.replace("职工体检", "职工体检与慰问"))
    preview.rebuild(4)
    assert "关于职工疗休养安排的通知" in preview.page(NOTICE)
    preview.rebuild(6)
    assert "关于职工体检与慰问安排的通知" in preview.page(NOTICE)


@pytest.mark.parametrize(
    "mistake",
    [
        ENVELOPE.replace("标题: ", "标题 "),  # a missing colon: the file cannot be read
        ENVELOPE.replace("2024-03-05", "2024-02-30"),  # no such day
        ENVELOPE.replace("3月中旬进行。", "3月中旬进行，联系张伟，手机13812345678。"),
    ],
    ids=["typo", "date", "personal data"],
)
def test_a_mistake_shows_on_the_records_page_at_once_and_its_fix_too(preview, mistake):
    """The page of problems the whole preview shows after the rebuild, at once where the person
    is looking; the fixed record as soon as it is saved again."""
    preview.write("n.yaml", mistake)
    assert preview.fast(1, "n.yaml") == [f"{NOTICE}/"]
    shown = preview.page(NOTICE)
    assert "预览未更新：发现 1 处错误" in shown and "data/n.yaml:" in shown
    assert "<title>记录有错误，预览未更新" in shown  # in place of the record
    preview.rebuild(1)
    assert preview.page(NOTICE) == shown  # the rebuild's page of problems, byte for byte
    assert "预览未更新" in preview.page("kinds/notice")

    preview.write("n.yaml", ENVELOPE.replace("职工体检", "职工疗休养"))  # fixed
    assert preview.fast(2, "n.yaml") == [f"{NOTICE}/"]
    fixed = preview.page(NOTICE)
    assert "关于职工疗休养安排的通知" in fixed and "预览未更新" not in fixed
    preview.rebuild(2)
    assert preview.page(NOTICE) == fixed
    assert "关于职工疗休养安排的通知" in preview.page("kinds/notice")


def test_a_deleted_records_pages_leave_the_preview(preview: Preview):
    """A dirty build never deletes: the preview removes the pages a rebuild no longer has, and
    the browsers showing them reload (to the 404 page)."""
    page = preview.site / SPENDING / "index.html"
    assert page.is_file()
    (preview.root / "data" / "h.yaml").unlink()
    assert preview.fast(1, "h.yaml") is None  # the rebuild's to show
    preview.rebuild(1)
    assert not page.exists() and not page.parent.exists()
    assert f"{SPENDING}/" in preview.hooks.cwgk_rebuilt()
    assert "2024年上半年业务招待费使用情况公示" not in preview.page("kinds/hospitality")
    assert (preview.site / NOTICE / "index.html").is_file()
