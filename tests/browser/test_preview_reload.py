"""The preview as a member of union staff uses it: the record page open in the browser, the file
saved in an editor; the page shows the edit by itself, and the lists follow."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import expect
from record_samples import ENVELOPE, HOSPITALITY
from test_cli import make_site_project
from test_preview import _serve, _wait_for


def test_a_saved_record_shows_in_the_open_page_first_and_the_lists_follow(tmp_path: Path, browser):
    config = make_site_project(tmp_path)
    (tmp_path / "data" / "h.yaml").write_text(HOSPITALITY, encoding="utf-8")
    server, base = _serve(config, stdout=subprocess.DEVNULL)
    try:
        url = f"{base}/records/gh-2024-00001/"
        _wait_for(url, "关于职工体检安排的通知")
        page = browser.new_page()
        page.goto(url)
        expect(page.locator("h1")).to_have_text("关于职工体检安排的通知")
        page.evaluate("window.notReloaded = true")
        listing = browser.new_page()  # the list of 通知公告, open in another tab
        listing.goto(f"{base}/kinds/notice/")
        expect(listing.get_by_role("link", name="关于职工体检安排的通知")).to_be_visible()

        (tmp_path / "data" / "a.yaml").write_text(
            ENVELOPE.replace("职工体检", "职工疗休养"), encoding="utf-8"
        )
        saved = time.monotonic()
        expect(page.locator("h1")).to_have_text("关于职工疗休养安排的通知", timeout=15_000)
        shown = time.monotonic() - saved
        assert page.evaluate("window.notReloaded") is None  # the page reloaded by itself
        page.evaluate("window.shownOnce = true")
        # The list follows once the whole preview is rebuilt, and reloads by itself too ...
        expect(listing.get_by_role("link", name="关于职工疗休养安排的通知")).to_be_visible(
            timeout=30_000
        )
        # ... while the record page, already showing the edit, is not reloaded a second time.
        page.wait_for_timeout(1000)
        assert page.evaluate("window.shownOnce") is True
        page.close()
        listing.close()
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    # The fast lane showed it (fast_preview.py), then the whole preview caught up; said in Chinese.
    assert "已显示 data/a.yaml 的修改" in errors, errors
    assert "预览已全部更新" in errors
    assert "Traceback" not in errors
    print(f"edit shown in the open page after {shown:.2f} s", file=sys.stderr)
