"""Publication into release directories, the atomic switch, keep-N, rollback; .gz copies."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from cwgk import cli, incremental
from cwgk.precompress import MIN_BYTES, precompress
from cwgk.publish import MANIFEST, PublishError, publish, releases, rollback, served

ROOT = Path(__file__).resolve().parents[1]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative path → sha256): equal dicts mean byte-identical trees."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_site(root: Path, label: str) -> Path:
    site = root / label
    (site / "records" / "gh-2026-00001").mkdir(parents=True)
    (site / "index.html").write_text(f"<html><body>首页 {label}</body></html>", encoding="utf-8")
    (site / "404.html").write_text("<html><body>页面不存在</body></html>", encoding="utf-8")
    (site / "records" / "gh-2026-00001" / "index.html").write_text(label, encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(
        '{"docs": [' + ",".join(f'{{"text": "{label} 第{i}条"}}' for i in range(200)) + "]}",
        encoding="utf-8",
    )
    return site


def test_publications_switch_current_keep_the_last_n_and_roll_back_byte_identical(tmp_path):
    dest = tmp_path / "www"
    sites = [make_site(tmp_path, f"v{i}") for i in range(4)]
    done = [publish(site, dest, keep=3) for site in sites]
    names = [d.release for d in done]
    assert names == sorted(names) and len(set(names)) == 4
    assert done[0].before is None and done[1].before == names[0]
    assert done[3].removed == (names[0],)  # the oldest went; three are kept
    assert releases(dest) == names[1:]
    assert os.readlink(dest / "current") == f"releases/{names[3]}"  # relative: the tree can move
    assert served(dest, "previous") == names[2]
    assert fingerprint(dest / "current") == fingerprint(sites[3])

    back = rollback(dest)
    assert (back.release, back.before) == (names[2], names[3])
    assert fingerprint(dest / "current") == fingerprint(sites[2])  # byte-identical
    assert served(dest, "previous") == names[3]  # pages open from the bad one still get its files
    assert rollback(dest).release == names[1]
    with pytest.raises(PublishError, match="之前没有保留的版本"):
        rollback(dest)
    assert rollback(dest, to=names[3][:5]).release == names[3]  # forward again, by number
    log = (dest / "publish.log").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in log] == ["publish"] * 4 + ["rollback"] * 3


def test_pruning_never_removes_the_served_or_previous_release(tmp_path):
    dest = tmp_path / "www"
    first = publish(make_site(tmp_path, "a"), dest, keep=2).release
    publish(make_site(tmp_path, "b"), dest, keep=2)
    rollback(dest, to=first)  # serving the oldest
    third = publish(make_site(tmp_path, "c"), dest, keep=2)
    assert first in releases(dest) and third.before == first  # previous, so kept


def test_a_killed_publication_leaves_no_trace_and_the_site_as_it_was(tmp_path):
    dest = tmp_path / "www"
    first = publish(make_site(tmp_path, "a"), dest).release
    (dest / "releases" / ".incoming-00002-20261123-120000").mkdir()  # copy cut short
    second = publish(make_site(tmp_path, "b"), dest).release
    assert second.startswith("00002-")
    assert [p.name for p in (dest / "releases").iterdir() if p.name.startswith(".")] == []
    assert releases(dest) == [first, second]


def test_refusals_name_the_cause_and_the_fix(tmp_path):
    dest = tmp_path / "www"
    with pytest.raises(PublishError, match="请先运行 cwgk build"):
        publish(tmp_path / "nothing", dest)
    site = make_site(tmp_path, "a")
    with pytest.raises(PublishError, match="不能互相包含"):
        publish(site, site / "www")
    with pytest.raises(PublishError, match="至少为 2"):
        publish(site, dest, keep=1)
    (dest / "current").mkdir(parents=True)  # an earlier hand-made copy of the site
    with pytest.raises(PublishError, match="不是本工具建立的链接"):
        publish(site, dest)
    with pytest.raises(PublishError, match="还没有发布过网站"):
        rollback(tmp_path / "empty")


def test_cli_publish_and_rollback_speak_chinese_and_never_trace(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dest = tmp_path / "www"
    a, b = make_site(tmp_path, "a"), make_site(tmp_path, "b")
    assert cli.main(["publish", str(dest), "--site-dir", str(a)]) == 0
    assert cli.main(["publish", str(dest), "--site-dir", str(b), "--keep", "2"]) == 0
    out = capsys.readouterr().out
    assert "已发布：" in out and f"如需退回：cwgk rollback {dest}" in out
    assert cli.main(["rollback", str(dest)]) == 0
    assert "已回退：" in capsys.readouterr().out
    assert fingerprint(dest / "current") == fingerprint(a)
    assert cli.main(["rollback", str(dest), "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 2 and listed[0].endswith("← 当前")
    assert cli.main(["rollback", str(dest), "--to", "00009"]) == 2
    err = capsys.readouterr().err
    assert "找不到唯一的版本“00009”" in err and "网站服务器提供的版本没有改变" in err
    assert "Traceback" not in err
    assert cli.main(["publish", str(dest), "--site-dir", str(tmp_path / "missing")]) == 2
    assert "请先运行 cwgk build" in capsys.readouterr().err


def test_precompressed_copies_are_deterministic_and_only_for_large_text(tmp_path):
    site = make_site(tmp_path, "a")
    (site / "feed.xml").write_text("<feed>" + "<entry>公示</entry>" * 300 + "</feed>", "utf-8")
    (site / "small.css").write_text("a{}", encoding="utf-8")
    (site / "logo.png").write_bytes(b"\x89PNG" + bytes(5000))
    (site / "random.js").write_bytes(os.urandom(4096))  # would not shrink
    done = precompress(site)
    gz = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.gz"))
    assert gz == ["feed.xml.gz", "search/search_index.json.gz"]
    assert done.files == 2 and done.gz_bytes < done.raw_bytes
    index = site / "search" / "search_index.json"
    packed = (site / "search" / "search_index.json.gz").read_bytes()
    assert gzip.decompress(packed) == index.read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # mtime 0: the same site gives the same bytes
    precompress(site)
    assert (site / "search" / "search_index.json.gz").read_bytes() == packed
    assert (site / "index.html").stat().st_size < MIN_BYTES  # pages: the server's on-the-fly gzip


def test_search_index_shards_are_compressed_faster_than_other_files(tmp_path):
    """Term shards (rewritten by every publish) at level 6, everything else at level 9."""
    from cwgk.precompress import LEVEL, SHARD_LEVEL

    site = tmp_path / "site"
    text = ("[" + ",".join(str(n * 7 % 1000) for n in range(3000)) + "]").encode()
    shard = site / "search" / "cwgk" / "0123abcd" / "t" / "3.json"
    passages = site / "search" / "cwgk" / "0123abcd" / "d" / "3.json"
    other = site / "t" / "3.json"
    for path in (shard, passages, other):
        path.parent.mkdir(parents=True)
        path.write_bytes(text)
    precompress(site)
    for path, level in ((shard, SHARD_LEVEL), (passages, LEVEL), (other, LEVEL)):
        packed = path.with_name(path.name + ".gz").read_bytes()
        assert packed == gzip.compress(text, compresslevel=level, mtime=0), path
    assert SHARD_LEVEL != LEVEL


def console_blocks(page: Path) -> dict[str, list[str]]:
    """`$ command` → the output lines shown under it, from a page's ```console blocks."""
    shown: dict[str, list[str]] = {}
    for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        command = None
        for line in block.splitlines():
            if line.startswith("$ "):
                command = line[2:]
                shown[command] = []
            elif command:
                shown[command].append(line)
    return shown


def test_the_deploy_chapter_shows_what_publish_and_rollback_print(tmp_path, capsys, monkeypatch):
    def same(text: str) -> str:  # release names, times and the directory vary
        text = re.sub(r"\d{5}-\d{8}-\d{6}", "RELEASE", text.replace(str(dest), "/srv/cwgk"))
        text = re.sub(r"相同的 \d+ 个文件", "相同的 N 个文件", text)
        return re.sub(r"用时 [\d.]+ 秒", "用时 N 秒", text)

    monkeypatch.chdir(tmp_path)
    dest = tmp_path / "www"
    shown = console_blocks(ROOT / "site_src" / "deploy.md")
    assert list(shown) == [
        "cwgk publish /srv/cwgk",
        "cwgk rollback /srv/cwgk --list",
        "cwgk rollback /srv/cwgk",
    ]
    for label in ("a", "b"):
        assert cli.main(["publish", str(dest), "--site-dir", str(make_site(tmp_path, label))]) == 0
    published = capsys.readouterr().out.splitlines()[-2:]
    assert [same(line) for line in published] == [
        same(line) for line in shown["cwgk publish /srv/cwgk"]
    ]
    for command, args in (
        ("cwgk rollback /srv/cwgk --list", ["rollback", str(dest), "--list"]),
        ("cwgk rollback /srv/cwgk", ["rollback", str(dest)]),
    ):
        assert cli.main(args) == 0
        printed = capsys.readouterr().out.splitlines()
        assert [same(line) for line in printed] == [same(line) for line in shown[command]]


def built(root: Path, label: str, pages: dict[str, str], other: dict[str, str]) -> Path:
    """A site as `cwgk build` leaves it: `pages` (path → text) listed in its manifest with a key
    made from their text, `other` files (search index, theme files) not listed."""
    site = root / label
    for path, text in {**pages, **other}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    listed = {
        path: [hashlib.sha256(text.encode()).hexdigest(), len(text.encode())]
        for path, text in pages.items()
    }
    (site / MANIFEST).write_text(json.dumps({"format": 1, "pages": listed}), encoding="utf-8")
    return site


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_files_the_served_release_already_has_are_shared_not_copied(tmp_path):
    assert MANIFEST == incremental.MANIFEST
    dest = tmp_path / "www"
    pages = {f"records/r{i}/index.html": f"<p>记录 {i}</p>" for i in range(6)}
    pages["index.html"] = "<p>首页 一</p>"
    other = {"search/s1/meta.json": '{"n": 1}', "assets/site.css": "body{}", "404.html": "无"}
    first = publish(built(tmp_path, "a", pages, other), dest)
    assert first.shared == 0
    # The next build: one record corrected, a new one, the home page and the search index new.
    pages2 = {
        **pages,
        "records/r2/index.html": "<p>记录 2（更正）</p>",
        "index.html": "<p>首页 二</p>",
    }
    pages2["records/r6/index.html"] = "<p>记录 6</p>"
    other2 = {**other, "search/s1/meta.json": '{"n": 2}'}
    site2 = built(tmp_path, "b", pages2, other2)
    second = publish(site2, dest)
    one, two = dest / "releases" / first.release, dest / "releases" / second.release
    unchanged = [f"records/r{i}/index.html" for i in (0, 1, 3, 4, 5)]
    unchanged += ["assets/site.css", "404.html"]
    for path in unchanged:
        assert inode(two / path) == inode(one / path), path
    for path in ("records/r2/index.html", "index.html", "records/r6/index.html"):
        assert not (one / path).exists() or inode(two / path) != inode(one / path), path
    assert inode(two / "search/s1/meta.json") != inode(one / "search/s1/meta.json")
    assert second.shared == len(unchanged)
    assert fingerprint(two) == fingerprint(site2)  # the release is the site, byte for byte
    # The older release is as it was, and stays whole when the newer one is pruned or served.
    assert (one / "records/r2/index.html").read_text(encoding="utf-8") == "<p>记录 2</p>"
    assert rollback(dest).release == first.release
    assert fingerprint(dest / "current") == fingerprint(one)


def test_a_served_page_changed_by_hand_is_copied_afresh_not_shared(tmp_path):
    dest = tmp_path / "www"
    pages = {"records/r1/index.html": "<p>记录 1</p>", "index.html": "<p>首页</p>"}
    first = publish(built(tmp_path, "a", pages, {}), dest)
    # Someone edited the served page (the manifest still says it is the built one).
    (dest / "releases" / first.release / "records/r1/index.html").write_text("<p>改过</p>")
    site = built(tmp_path, "b", pages, {})
    second = publish(site, dest)
    assert fingerprint(dest / "releases" / second.release) == fingerprint(site)
    assert second.shared == 2  # index.html, and the manifest (the same bytes)
    assert (
        dest / "releases" / first.release / "records/r1/index.html"
    ).read_text() == "<p>改过</p>"


def test_a_release_without_a_manifest_is_copied_and_compared_by_content(tmp_path):
    dest = tmp_path / "www"
    publish(make_site(tmp_path, "a"), dest)
    site = make_site(tmp_path, "b")  # no manifest: only files equal byte for byte are shared
    done = publish(site, dest)
    assert done.shared == 1  # 404.html
    assert fingerprint(dest / "current") == fingerprint(site)
