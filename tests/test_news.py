"""更新记录 pages, Atom feeds and earlier-version pages built from a scripted history."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree as ET

from cwgk import pipeline
from record_samples import ENVELOPE, HOSPITALITY, MiniProject

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE = "更正说明:\n  - 日期: 2025-03-05\n    说明: 原体检时间有误，现更正为4月上旬。\n"


def scripted(mini: MiniProject) -> str:
    mini.write("a.yaml", ENVELOPE)
    first = mini.commit("发布体检通知", "2025-03-02T09:00:00+08:00")
    mini.write("h.yaml", HOSPITALITY)
    mini.commit("发布招待费", "2025-03-03T09:00:00+08:00")
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + NOTE)
    mini.commit("更正体检时间", "2025-03-05T15:30:00+08:00")
    return first


def build(mini: MiniProject):
    return pipeline.build(mini.project, on=date(2025, 3, 10))


def test_feed_lists_publications_and_corrections_with_stable_ids(mini: MiniProject):
    scripted(mini)
    site = build(mini).site
    feed = ET.fromstring(site.files["feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [
        "【更正】关于职工体检安排的通知",
        "2024年上半年业务招待费使用情况公示",
        "关于职工体检安排的通知",
    ]
    assert entries[0].findtext(f"{ATOM}updated") == "2025-03-05T15:30:00+08:00"
    assert "原体检时间有误" in entries[0].findtext(f"{ATOM}summary")
    assert entries[0].find(f"{ATOM}link").get("href") == "records/gh-2024-00001/"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    # Same history, same ids: readers never see an item twice.
    assert [e.findtext(f"{ATOM}id") for e in ET.fromstring(build(mini).site.files["feed.xml"]).findall(f"{ATOM}entry")] == ids  # fmt: skip

    kind_feed = ET.fromstring(site.files["kinds/hospitality/feed.xml"])
    assert [e.findtext(f"{ATOM}title") for e in kind_feed.findall(f"{ATOM}entry")] == [
        "2024年上半年业务招待费使用情况公示"
    ]
    assert kind_feed.find(f"{ATOM}link").get("href") == "feed.xml"


def test_feed_links_are_absolute_with_site_url(mini: MiniProject):
    scripted(mini)
    mini.project.site_url = "http://cwgk.intranet/"
    feed = ET.fromstring(build(mini).site.files["kinds/notice/feed.xml"])
    assert feed.find(f"{ATOM}link").get("href") == "http://cwgk.intranet/kinds/notice/feed.xml"


def test_updates_page_newest_first_and_paginated(mini: MiniProject):
    scripted(mini)
    mini.project.settings = mini.project.settings.model_copy(update={"updates_per_page": 5})
    for n in range(2, 8):
        mini.write(f"n{n}.yaml", ENVELOPE.replace("GH/2024-00001", f"GH/2024-0000{n}"))
        mini.commit(f"发布{n}", f"2025-03-0{n}T18:00:00+08:00")
    pages = build(mini).site.pages
    first, second = pages["updates/index.md"], pages["updates/1.md"]
    assert "updates/2.md" not in pages
    assert first.count('class="cwgk-item cwgk-news__item"') == 5
    assert second.count('class="cwgk-item cwgk-news__item"') == 4
    assert 'href="1/"' in first and 'href="../"' in second  # 较早 → / ← 较新
    assert "原体检时间有误" in first + second and "更正" in first + second
    # Earlier items sit in blocks counted from the oldest: a new item changes updates/ and the
    # newest block only; the oldest block keeps its address and its items.
    for n in range(8, 10):
        mini.write(f"n{n}.yaml", ENVELOPE.replace("GH/2024-00001", f"GH/2024-0000{n}"))
        mini.commit(f"发布{n}", f"2025-03-{n + 10}T18:00:00+08:00")
    after = build(mini).site.pages
    assert after["updates/1.md"].count('class="cwgk-item cwgk-news__item"') == 5
    assert after["updates/2.md"].count('class="cwgk-item cwgk-news__item"') == 1
    assert 'href="2/"' in after["updates/index.md"] and 'href="../"' in after["updates/2.md"]
    assert 'href="../2/"' in after["updates/1.md"]  # ← 较新: the block after it


def test_earlier_versions_have_permanent_pages_out_of_search(mini: MiniProject):
    first = scripted(mini)
    pages = build(mini).site.pages
    path = f"records/gh-2024-00001/versions/2025-03-02-{first[:7]}.md"
    page = pages[path]
    assert 'search: {"exclude": true}' in page
    assert "这是本记录的历史版本（第1版，2025年3月2日）" in page
    assert "体检于3月中旬进行" in page
    # The newest version is the record page itself.
    assert sum(p.startswith("records/gh-2024-00001/versions/") for p in pages) == 1
    record = pages["records/gh-2024-00001.md"]
    assert "查看全部 1 次更新" in record and f"versions/2025-03-02-{first[:7]}/" in record
    assert "正文：“体检于3月中旬进行。” → “体检于4月上旬进行。”" in record
    assert "本公开事项于" in record and "现更正为" in record  # fresh 更正 notice


def test_withdrawn_record_says_when_on_top(mini: MiniProject):
    mini.write("a.yaml", ENVELOPE)
    mini.commit("发布体检通知", "2025-03-02T09:00:00+08:00")
    note = NOTE.replace("原体检时间有误，现更正为4月上旬。", "体检安排取消，本通知撤回。")
    mini.write("a.yaml", ENVELOPE + "有效性: 已撤回\n" + note)
    mini.commit("撤回体检通知", "2025-03-05T15:30:00+08:00")
    site = build(mini).site
    page = site.pages["records/gh-2024-00001.md"]
    assert (
        '本公开事项已于<time datetime="2025-03-05">2025年3月5日</time>撤回。</strong>体检安排取消'
        in page
    )
    assert '<span class="cwgk-update__event">撤回</span>' in page
    feed = ET.fromstring(site.files["feed.xml"])
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "【撤回】关于职工体检安排的通知"


def test_publication_is_dated_by_its_fabu_riqi_everywhere_and_corrections_by_their_commit(
    mini: MiniProject,
):
    # Posted on the board on 2026-03-25, put on the site on 2026-11-24: 发布于 is 2026-03-25.
    record = ENVELOPE.replace("GH/2024-00001", "GH/2026-00005").replace(
        "发布日期: 2024-03-05", "发布日期: 2026-03-25"
    )
    mini.write("a.yaml", record)
    mini.commit("收录体检通知", "2026-11-24T10:00:00+08:00")
    note = "更正说明:\n  - 日期: 2026-11-26\n    说明: 原体检时间有误，现更正为4月上旬。\n"
    mini.write("a.yaml", record.replace("3月中旬", "4月上旬") + note)
    mini.commit("更正体检时间", "2026-11-26T15:30:00+08:00")
    site = pipeline.build(mini.project, on=date(2026, 11, 27)).site

    page = site.pages["records/gh-2026-00005.md"]
    assert '发布于 <time datetime="2026-03-25">2026年3月25日</time>' in page
    assert '2026年11月24日</time> <span class="cwgk-update__event">收录到本站' in page

    updates = site.pages["updates/index.md"]
    new, corrected = (
        next(i for i in updates.split("<li")[1:] if f">{label}</span>" in i)
        for label in ("新发布", "更正")
    )
    assert ">2026年3月25日</time>" in new and "11月24日" not in new
    assert ">2026年11月26日</time>" in corrected

    entries = ET.fromstring(site.files["feed.xml"]).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title")[:4] for e in entries] == ["【更正】", "关于职工"]
    assert entries[0].findtext(f"{ATOM}published") == "2026-11-26T15:30:00+08:00"
    assert entries[1].findtext(f"{ATOM}published") == "2026-03-25T00:00:00+08:00"

    # The lists and 统计 count it in March 2026 too.
    assert '<time datetime="2026-03-25">2026年3月25日</time>' in site.pages["archive/index.md"]
    assert "years/2026.md" in site.pages and "years/2024.md" not in site.pages


def test_a_publication_committed_on_its_own_day_keeps_the_commits_time(mini: MiniProject):
    mini.write("a.yaml", ENVELOPE)
    mini.commit("发布体检通知", "2024-03-05T09:15:00+08:00")
    feed = ET.fromstring(build(mini).site.files["feed.xml"])
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}published") == "2024-03-05T09:15:00+08:00"
