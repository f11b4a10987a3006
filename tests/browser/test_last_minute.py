"""At 17:31 on the last day of a 公示期 that closes at 17:30, every place says 公示期满: the home
page's 正在公示 list as built (no script), the same list in a browser, the record's page and the
kiosk; at 17:29 every place still says 今天17:30截止. Build and browser are pinned to one moment."""

from __future__ import annotations

from datetime import datetime

import pytest
from record_samples import ROOT
from site_builder import served_site

pytestmark = pytest.mark.browser

RECORDS = {
    f"recruitment/{name}.yaml": (ROOT / "data" / "recruitment" / f"2026-{name}.yaml").read_text(
        encoding="utf-8"
    )
    for name in ("plan", "result")
}
TITLE = "2026年高校毕业生招聘拟聘人员名单公示"  # 公示期 2026-11-20 … 2026-11-30 17:30
PAGE = "records/gh-2026-00009/"


def moment(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-30T{hhmm}:00+08:00")


def read_everywhere(browser, url: str, now: datetime) -> dict[str, object]:
    static = browser.new_page(java_script_enabled=False)
    static.goto(url)
    built_list = static.locator(".cwgk-open .cwgk-item__title").all_inner_texts()
    static.close()
    page = browser.new_page(now=now)
    page.goto(url)
    live_list = page.locator(".cwgk-open .cwgk-item:visible .cwgk-item__title").all_inner_texts()
    page.goto(url + PAGE)
    chip = page.locator(".cwgk-notice .cwgk-status").inner_text()
    page.goto(url + "kiosk/")
    slide = page.locator(".k-slide", has_text=TITLE).first
    slide.wait_for(state="attached")
    kiosk = slide.locator(".k-notice__status").inner_text()
    page.close()
    return {"built": built_list, "live": live_list, "page": chip, "kiosk": kiosk}


@pytest.mark.parametrize(
    ("hhmm", "listed", "words"),
    [("17:29", True, "公示中（今天17:30截止）"), ("17:31", False, "公示期满")],
)
def test_every_place_agrees_on_the_last_minute(browser, tmp_path_factory, hhmm, listed, words):
    root = tmp_path_factory.mktemp(f"last-minute-{hhmm.replace(':', '')}")
    with served_site(root, RECORDS, moment(hhmm)) as url:
        seen = read_everywhere(browser, url, moment(hhmm))
    assert (TITLE in seen["built"]) is listed, seen
    assert (TITLE in seen["live"]) is listed, seen
    assert seen["page"] == words, seen
    assert seen["kiosk"] == words, seen
