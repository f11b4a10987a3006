"""The published site behind Debian's nginx with the shipped configuration (deploy/nginx/cwgk.conf).

Two real builds of the demo repository: A (the session's) and B (the same plus one new notice,
committed on the build day). Publications go through cwgk.publish into a temporary /srv/cwgk; the
kiosk runs in Chromium against nginx with Playwright's clock.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from cwgk.precompress import MIN_BYTES
from cwgk.publish import publish, rollback
from git_repo import Repo
from nginx_server import Nginx
from pinned_clock import BUILD_DAY, pinned_env, stop_at
from test_publish import fingerprint

pytestmark = pytest.mark.browser

NEW_INDEX = "GH/2026-00090"
NEW_RECORD = """\
类型: 通知公告
索引号: GH/2026-00090
标题: 2026年职工疗休养名单公示
发布机构: [公司工会]
成文日期: 2026-11-23
发布日期: 2026-11-23
有效性: 有效
公开范围: 全体职工
内容概述: 公示2026年第四批职工疗休养人员安排，请全体职工监督。
公示期:
  开始: 2026-11-23
  工作日: 5
正文: 经各部门推荐、公司工会审核，现将2026年第四批职工疗休养安排公示如下。
"""
HASHED = re.compile(
    r"^(assets/.+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?|search/(.+/)?[0-9a-f]{8,64}/.+)$"
)
REVALIDATE = "no-cache"
YEAR = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def site_b(tmp_path_factory, demo_config: Path) -> Path:
    """The demo repository with one more notice, committed on the build day, built."""
    from cwgk.cli import atomic_build

    root = tmp_path_factory.mktemp("demo-b") / "repo"
    subprocess.run(["git", "clone", "-q", str(demo_config.parent), str(root)], check=True)
    repo = Repo.existing(root)
    repo.git("config", "user.name", "工会 小王")
    repo.git("config", "user.email", "gonghui@example.cn")
    repo.write("data/notice/2026-liaoxiuyang-4.yaml", NEW_RECORD)
    repo.commit("发布疗休养名单", f"{BUILD_DAY}T10:00:00+08:00", "data")
    site = root.parent / "site"
    with pinned_env(BUILD_DAY):
        assert atomic_build(root / "mkdocs.yml", site) == 0
    return site


@pytest.fixture
def served(tmp_path):
    """A function that starts nginx on a publication directory; every nginx is stopped after."""
    started: list[Nginx] = []

    def start(dest: Path) -> Nginx:
        server = Nginx(dest, tmp_path / f"nginx-{len(started)}")
        server.check_config()
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def files_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_types_compression_caching_and_the_404_page(built_site, served, tmp_path):
    staging = tmp_path / "staging"
    shutil.copytree(built_site, staging)
    for name in ("logo.svg", "f.woff2", "f.woff"):  # types the demo site does not have yet
        (staging / "files" / name).write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    dest = tmp_path / "www"
    publish(staging, dest)
    nginx = served(dest)

    page = nginx.get("/", gzip_ok=True)
    assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == REVALIDATE
    assert page.headers["content-encoding"] == "gzip" and "Accept-Encoding" in page.headers["vary"]
    assert page.content == (built_site / "index.html").read_bytes()
    assert nginx.get("/", headers={"If-None-Match": page.headers["etag"]}).status == 304

    expected = {
        "kiosk/version.json": "application/json; charset=utf-8",
        "feed.xml": "text/xml; charset=utf-8",
        "kinds/telecom/feed.xml": "text/xml; charset=utf-8",
        "files/logo.svg": "image/svg+xml; charset=utf-8",
        "files/f.woff2": "font/woff2",
        "files/f.woff": "font/woff",
        "assets/cwgk/cwgk.css": "text/css; charset=utf-8",  # our own, not hashed: revalidated
    }
    search = [n for n in files_of(built_site) if n.startswith("search/") and n.endswith(".json")]
    # whatever the index's files are called, its entry point is revalidated; its files named by
    # their content (if any) are kept for a year
    assert any(not HASHED.match(n) for n in search)
    expected.update(dict.fromkeys(search, "application/json; charset=utf-8"))
    for name, kind in expected.items():
        got = nginx.get("/" + name)
        assert (got.status, got.headers["content-type"]) == (200, kind), name
        assert got.headers["cache-control"] == (YEAR if HASHED.match(name) else REVALIDATE), name

    # The build's .gz copies are what nginx sends (gzip_static), byte for byte.
    precompressed = [n for n in files_of(built_site) if n.endswith(".gz")]
    large = [n for n in search if (built_site / n).stat().st_size >= MIN_BYTES]
    assert large and {"feed.xml.gz", *(n + ".gz" for n in large)} <= set(precompressed)
    for name in precompressed:
        got = nginx.get("/" + name[:-3], gzip_ok=True)
        assert got.headers.get("content-encoding") == "gzip", name
        assert got.body == (built_site / name).read_bytes(), name
    plain = nginx.get("/feed.xml")  # a client without gzip gets the file itself
    assert "content-encoding" not in plain.headers
    assert plain.body == (built_site / "feed.xml").read_bytes()

    hashed = [n for n in files_of(built_site) if HASHED.match(n)]
    assert any(n.endswith(".css") for n in hashed) and any(n.endswith(".js") for n in hashed)
    for name in hashed:
        got = nginx.get("/" + name, gzip_ok=True)
        assert got.status == 200 and got.headers["cache-control"] == YEAR, name
        assert got.content == (built_site / name).read_bytes(), name

    missing = nginx.get("/records/gh-2099-00001/", gzip_ok=True)
    assert missing.status == 404 and missing.headers["cache-control"] == REVALIDATE
    assert missing.content == (built_site / "404.html").read_bytes()  # the site's own, in Chinese
    assert "页面不存在".encode() in missing.content or "找不到".encode() in missing.content
    moved = nginx.get("/records/gh-2026-00006")
    assert moved.status == 301 and moved.headers["location"] == "/records/gh-2026-00006/"


def test_a_page_loaded_before_a_switch_still_gets_its_own_hashed_files(
    built_site, site_b, served, tmp_path
):
    """The search index's folder is named by its content, so B's differs from A's; a theme update
    renames the theme's files. A page of A open in a browser asks for A's names after the switch."""
    dest = tmp_path / "www"
    publish(built_site, dest)
    nginx = served(dest)
    renamed = tmp_path / "b-with-new-theme"
    shutil.copytree(site_b, renamed)
    old_css = next(n for n in files_of(built_site) if HASHED.match(n) and n.endswith(".css"))
    (renamed / old_css).rename(renamed / re.sub(r"\.[0-9a-f]{8}\.", ".0badcafe.", old_css))
    publish(renamed, dest)
    only_a = [n for n in files_of(built_site) if HASHED.match(n)]
    only_a = [n for n in only_a if not (renamed / n).exists() and not n.endswith(".gz")]
    assert old_css in only_a and any(n.startswith("search/") for n in only_a)
    for name in only_a:
        got = nginx.get("/" + name)  # from `previous`
        assert got.status == 200 and got.body == (built_site / name).read_bytes(), name
        assert got.headers["cache-control"] == YEAR
    assert nginx.get("/records/gh-2099-00001/").status == 404  # nothing else comes from there


def stamped_releases(sources: list[Path], root: Path) -> list[Path]:
    """Copies of the sources (hard links), each page and JSON file carrying its release's number
    (written as new files, so the sources stay as they are)."""
    out = []
    for number, source in enumerate(sources, start=1):
        site = root / f"release-{number}"
        shutil.copytree(source, site, copy_function=os.link)
        for page in site.rglob("*.html"):
            text = page.read_bytes() + f"\n<!-- release {number} -->\n".encode()
            page.unlink()
            page.write_bytes(text)
        for data in site.rglob("*.json"):
            value = json.loads(data.read_bytes())
            if not isinstance(value, dict):
                continue
            text = json.dumps({**value, "release": number}).encode()
            gz = data.with_name(data.name + ".gz")
            for path, content in ((data, text), (gz, gzip.compress(text, mtime=0))):
                if path.exists():
                    path.unlink()
                    path.write_bytes(content)
        out.append(site)
    return out


def test_a_reader_during_ten_publications_never_errs_nor_mixes_releases(
    built_site, site_b, served, tmp_path
):
    sites = stamped_releases([built_site, site_b] * 5, tmp_path / "stamped")
    dest = tmp_path / "www"
    publish(sites[0], dest, keep=3)
    nginx = served(dest)
    paths = ["/", "/records/gh-2026-00006/", "/kiosk/", "/kiosk/version.json", "/feed.xml"]
    both = set(files_of(built_site)) & set(files_of(site_b))  # hashed names differ: see above
    paths += ["/" + n for n in sorted(both) if n.startswith("search/") and n.endswith(".json")]
    known: dict[str, dict[bytes, set[int]]] = {}  # path → each release's bytes → which releases
    for number, site in enumerate(sites, start=1):
        for path in paths:
            body = (
                site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
            ).read_bytes()
            known.setdefault(path, {}).setdefault(body, set()).add(number)
    done = threading.Event()
    readers: list[dict] = []

    def read(gzip_ok: bool) -> None:
        seen: dict = {"requests": 0, "stamps": [], "problems": []}
        readers.append(seen)
        conn = nginx.connection()
        while not done.is_set():
            for path in paths:
                got = nginx.get(path, gzip_ok=gzip_ok, conn=conn)
                seen["requests"] += 1
                time.sleep(0.001)  # a brisk reader, not one that starves the publisher
                origin = known[path].get(got.content) if got.status == 200 else None
                if origin is None:  # an error, or not one whole file of any release
                    seen["problems"].append(f"{path}: {got.status}")
                elif len(origin) == 1:  # a page or JSON file: stamped with its release
                    (stamp,) = origin
                    if seen["stamps"] and stamp < seen["stamps"][-1]:
                        seen["problems"].append(f"{path}: release {stamp} after a newer one")
                    seen["stamps"].append(stamp)
        conn.close()

    threads = [threading.Thread(target=read, args=(z,)) for z in (False, True)]
    for thread in threads:
        thread.start()
    switch_seconds = []
    try:
        for site in sites[1:]:
            before = sum(r["requests"] for r in readers)
            while sum(r["requests"] for r in readers) < before + 40:  # let them read a while
                time.sleep(0.005)
            start = time.perf_counter()
            publish(site, dest, keep=3)
            switch_seconds.append(time.perf_counter() - start)
    finally:
        time.sleep(0.05)
        done.set()
        for thread in threads:
            thread.join()
    print(
        f"publications: {len(sites)}, requests: {[r['requests'] for r in readers]}, "
        f"publish {min(switch_seconds):.3f}–{max(switch_seconds):.3f} s"
    )
    for seen in readers:
        assert seen["problems"] == []
        assert len(set(seen["stamps"])) >= 8  # read across (nearly) every publication
    assert len(list((dest / "releases").iterdir())) == 3


def test_rollback_serves_the_previous_release_byte_identical(built_site, site_b, served, tmp_path):
    dest = tmp_path / "www"
    publish(built_site, dest)
    publish(site_b, dest)
    nginx = served(dest)
    assert NEW_INDEX.encode() in nginx.get("/").content
    start = time.perf_counter()
    rollback(dest)
    seconds = time.perf_counter() - start
    assert fingerprint(dest / "current") == fingerprint(built_site)
    conn = nginx.connection()
    for name in files_of(built_site):  # every file, as the server sends it
        if name.endswith(".gz"):  # what a browser gets: the build's compressed copy
            got = nginx.get("/" + name[:-3], gzip_ok=True, conn=conn)
        else:
            got = nginx.get("/" + name.removesuffix("index.html"), conn=conn)
        assert got.status == 200 and got.body == (built_site / name).read_bytes(), name
    conn.close()
    print(f"rollback {seconds * 1000:.1f} ms")


SLIDE_MS, POLL_MS = 20_000, 60_000  # extra.cwgk.kiosk in mkdocs.yml


def kiosk_state(page) -> dict:
    return page.evaluate(
        """() => ({
          version: document.querySelector('meta[name=cwgk-kiosk-version]').content,
          index: (document.querySelector('#k-stage .k-slide') || {dataset: {}}).dataset.indexNo,
          count: document.querySelector('.k-count').textContent,
          online: document.documentElement.dataset.online || '',
          mark: getComputedStyle(document.querySelector('.k-offline')).visibility === 'visible'
            && document.querySelector('.k-offline').textContent === '离线',
        })"""
    )


def watch_traffic(page) -> None:
    """page.inflight: requests sent and not yet answered; page.sent: every URL asked for."""
    page.inflight, page.sent = 0, []

    def sent(request) -> None:
        page.inflight += 1
        page.sent.append(request.url)

    def ended(_request) -> None:
        page.inflight -= 1

    page.on("request", sent)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)


def step(page, ms: int = SLIDE_MS) -> dict:
    """Let the screen's clock run `ms`, wait (real time) until nginx has answered every request
    the screen made and it has handled the answers; → what it shows."""
    page.clock.run_for(ms)
    for _ in range(500):
        if page.inflight == 0:
            break
        page.wait_for_timeout(10)
    page.evaluate("0")  # the answers' handlers have run before this returns
    return kiosk_state(page)


def round_of(page) -> set[str]:
    """The records of one full round of slides, from the one shown now."""
    total = int(re.search(r"/(\d+)张", kiosk_state(page)["count"]).group(1))
    return {step(page)["index"] for _ in range(total)}


def until(page, holds, limit_ms: int) -> int:
    """Step the screen until `holds(state)`; → the page time it took, in ms."""
    for n in range(1, limit_ms // SLIDE_MS + 1):
        if holds(step(page)):
            return n * SLIDE_MS
    raise AssertionError(f"not within {limit_ms} ms: {kiosk_state(page)}")


def test_the_kiosk_behind_nginx_picks_up_a_publication_and_survives_the_server_going(
    browser, built_site, site_b, served, tmp_path
):
    dest = tmp_path / "www"
    publish(built_site, dest)
    nginx = served(dest)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    watch_traffic(page)
    stop_at(page, "2026-11-24T10:00:00+08:00")
    page.goto(nginx.url + "kiosk/")
    page.evaluate("window.__sameDocument = true")  # gone if the page were ever reloaded
    first = step(page, 1000)
    assert NEW_INDEX not in round_of(page)
    slides = int(re.search(r"/(\d+)张", first["count"]).group(1))

    # A publication: fetched within poll_seconds, shown from the start of the next round.
    publish(site_b, dest)
    asked = len(page.sent)
    step(page, POLL_MS)
    fetched = [u for u in page.sent[asked:] if "/kiosk/?t=" in u or "/kiosk/version.json" in u]
    assert any("/kiosk/?t=" in u for u in fetched), fetched  # the new page, within one poll
    until(page, lambda s: s["version"] != first["version"], (slides + 1) * SLIDE_MS)
    assert NEW_INDEX in round_of(page)
    published = kiosk_state(page)["version"]

    # nginx stopped: the screen keeps rotating what it has and shows 离线.
    nginx.stop()
    until(page, lambda s: s["online"] == "no", POLL_MS + SLIDE_MS)
    before = kiosk_state(page)
    assert before["mark"]
    after = step(page)
    assert after["index"] and after["count"] != before["count"] and after["mark"]
    assert NEW_INDEX in round_of(page)  # a whole round, offline

    # nginx back: the mark goes by itself, without a reload (retries back off to 5 minutes).
    nginx.start()
    took = until(page, lambda s: s["online"] == "yes" and not s["mark"], 6 * 60_000)
    print(f"kiosk back online {took / 1000:.0f} s (page time) after nginx restarted")
    assert kiosk_state(page)["version"] == published
    assert page.evaluate("window.__sameDocument") is True
    assert NEW_INDEX in round_of(page)
    assert errors == []
    context.close()
