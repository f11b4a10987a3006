"""`cwgk serve`: edits show up without a restart, and only the pages they change are rebuilt."""

from __future__ import annotations

import dataclasses
import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from cwgk.preview import Preview
from mkdocs.structure.files import File, Files
from pinned_clock import server_env
from record_samples import ENVELOPE, HOSPITALITY
from test_cli import make_site_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not served at {url} within {timeout}s")


def _serve(
    config: Path, stdout: int, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    """`cwgk serve` of the project at `config` on a free port: (the process, its base URL)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cwgk.cli", "-f", str(config), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=config.parent,
        # The moved clock of the test command's second pass reaches it too.
        env={**server_env(), **(env or {})},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )
    return server, f"http://127.0.0.1:{port}"


def _page_only(html: str) -> str:
    """Without the live-reload script the server adds to every response (it names the build)."""
    return re.sub(r"reload\(\d+, \d+\)", "", html)


def _search_titles(base: str) -> list[str]:
    meta = json.loads(urllib.request.urlopen(f"{base}/search/cwgk/meta.json").read())
    return [url_title[1] for url_title in meta["docs"] if url_title[0].startswith("records/")]


def _search_titles_once(base: str, title: str, timeout: float = 30) -> list[str]:
    """The index's record titles once `title` is in them: the preview writes its index after the
    pages are served (mkdocs_adapter.write_search_index)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            titles = _search_titles(base)
        except (OSError, ValueError):  # between two indexes
            titles = []
        if title in titles or time.monotonic() > deadline:
            return titles
        time.sleep(0.2)


def test_serve_picks_up_record_and_template_edits(tmp_path: Path):
    config = make_site_project(tmp_path)
    (tmp_path / "data" / "b.yaml").write_text(
        ENVELOPE.replace("GH/2024-00001", "GH/2024-00002").replace("职工体检", "劳保用品发放"),
        encoding="utf-8",
    )
    server, base = _serve(config, stdout=subprocess.DEVNULL)
    try:
        url = f"{base}/records/gh-2024-00001/"
        _wait_for(url, "关于职工体检安排的通知")
        other = _wait_for(f"{base}/records/gh-2024-00002/", "劳保用品发放")

        record = tmp_path / "data" / "a.yaml"
        record.write_text(ENVELOPE.replace("职工体检", "职工疗休养"), encoding="utf-8")
        _wait_for(url, "关于职工疗休养安排的通知", timeout=30)
        # Lists show the new title too; the other record's page was not made again, and the
        # search index (rebuilt from the changed pages only) still finds every record, once.
        _wait_for(f"{base}/kinds/notice/", "关于职工疗休养安排的通知", timeout=10)
        again = urllib.request.urlopen(f"{base}/records/gh-2024-00002/").read().decode()
        assert _page_only(again) == _page_only(other)
        titles = _search_titles_once(base, "关于职工疗休养安排的通知")
        assert titles.count("关于职工疗休养安排的通知") == 1, titles
        assert titles.count("关于劳保用品发放安排的通知") == 1, titles
        assert "关于职工体检安排的通知" not in titles

        # A page template edit (theme_overrides/cwgk) shows without a restart.
        template = tmp_path / "theme_overrides" / "cwgk" / "record.html"
        template.write_text(
            template.read_text(encoding="utf-8").replace("特此公告。", "特此公告！"),
            encoding="utf-8",
        )
        _wait_for(url, "特此公告！", timeout=30)
        _wait_for(f"{base}/records/gh-2024-00002/", "特此公告！", timeout=30)
        assert len(_search_titles(base)) == len(titles)
        try:  # an address typed wrong: the 404 page, and a line in Chinese
            urllib.request.urlopen(f"{base}/no-such-page/")
            raise AssertionError("served a page that does not exist")
        except urllib.error.HTTPError as missing:
            assert missing.code == 404
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert "预览中没有这个地址：/no-such-page/" in errors
    assert "code 404" not in errors
    assert "dirty" not in errors  # MkDocs' warning about dirty builds is not shown to staff
    assert "搜索索引未能更新" not in errors


def _files(pages: dict[str, str]) -> Files:
    files = Files([])
    for path, text in pages.items():
        file = File(path, src_dir=None, dest_dir="/tmp/site", use_directory_urls=True)
        file.content = text
        files.append(file)
    return files


def test_only_pages_whose_text_changed_are_rebuilt_unless_the_frame_changed():
    state: dict = {}
    pages = {"records/a.md": "A", "records/b.md": "B", "kinds/notice.md": "A B"}
    first = Preview(state)
    first.mark(_files(pages), pages, frame="f1")
    assert first.rebuilt == {"records/a/", "records/b/", "kinds/notice/"}

    edited = {**pages, "records/a.md": "A2", "kinds/notice.md": "A2 B"}
    second = Preview(state)
    files = _files(edited)
    second.mark(files, edited, frame="f1")
    assert second.rebuilt == {"records/a/", "kinds/notice/"}
    assert [f.is_modified() for f in files] == [True, False, True]

    third = Preview(state)  # e.g. a new year in the navigation: every page shows it
    third.mark(_files(edited), edited, frame="f2")
    assert third.rebuilt == {"records/a/", "records/b/", "kinds/notice/"}


class _Index:
    def __init__(self, entries: list[dict]):
        self.entries = entries

    def generate_search_index(self, prev) -> str:
        return json.dumps([e["location"] for e in self.entries])


def test_the_search_index_keeps_pages_not_rebuilt_and_drops_deleted_ones():
    state: dict = {}
    pages = {"records/a.md": "A", "records/b.md": "B"}
    Preview(state).mark(_files(pages), pages, frame="f")
    previous = _Index(
        [{"location": loc} for loc in ("records/a/", "records/a/#x", "records/b/", "records/c/")]
    )

    edited = {"records/a.md": "A2", "records/b.md": "B"}  # c was deleted
    preview = Preview(state)
    preview.mark(_files(edited), edited, frame="f")
    index = _Index([{"location": "records/a/"}])
    preview.merge_search(index)
    assert sorted(json.loads(index.generate_search_index(previous))) == ["records/a/", "records/b/"]


def _build(mini, state: dict) -> tuple[Preview, list[str]]:
    """A preview rebuild as the hook makes it: keys from the pipeline, marks from Preview; which
    record pages and old versions were actually made (read)."""
    from cwgk import pipeline
    from cwgk.page_keys import digest

    pages = pipeline.build(
        mini.project, on=date(2024, 8, 1), strict=False, forking=False
    ).site.pages
    keys = {
        p: digest("f", pages.inputs[p]) if pages.is_lazy(p) else digest("f", pages[p])
        for p in pages
    }
    preview = Preview(state)
    files = _files({p: "" for p in pages})
    preview.mark(files, keys, frame="f")
    made = [f.src_uri for f in files if f.is_modified() and pages.is_lazy(f.src_uri)]
    return preview, made


def test_only_the_edited_records_pages_are_made_again(mini):
    mini.write("h.yaml", HOSPITALITY)
    mini.write("n.yaml", ENVELOPE)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    mini.write("h.yaml", HOSPITALITY.replace("内容概述: 公开", "内容概述: 公布"))
    mini.write("n.yaml", ENVELOPE.replace("内容概述: 公布", "内容概述: 公开"))
    mini.commit("文字修改", "2024-07-11T09:00:00+08:00")
    state: dict = {}
    _, made = _build(mini, state)
    assert len(made) == 4  # two records, each with one old version
    _, made = _build(mini, state)
    assert made == []  # nothing changed: nothing made
    mini.write("n.yaml", ENVELOPE.replace("职工体检", "职工疗休养"))  # an edit being previewed
    preview, made = _build(mini, state)
    envelope = {url for url in preview.pages if url.startswith("records/gh-2024-00001/")}
    assert len(envelope) >= 2 and {f"{p[:-3]}/" for p in made} == envelope


def test_a_rebuild_validates_and_dates_only_the_edited_record_and_makes_the_same_pages(
    mini, monkeypatch
):
    """What the last rebuild validated and dated is kept (pipeline.check's `kept`): after an edit
    only the edited file is validated and its history made again, and every page is the page a
    build with nothing kept makes."""
    from cwgk import history, pipeline

    mini.write("h.yaml", HOSPITALITY)
    mini.write("n.yaml", ENVELOPE)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    validated: list[str] = []
    dated: list[str] = []
    validate, date_ = pipeline.validate_document, history.build_history
    monkeypatch.setattr(
        pipeline,
        "validate_document",
        lambda doc, *a: validated.append(doc.file) or validate(doc, *a),
    )
    monkeypatch.setattr(
        history, "build_history", lambda item, *a: dated.append(item.file) or date_(item, *a)
    )

    def pages(kept: dict | None) -> dict[str, str]:
        site = pipeline.build(
            mini.project, on=date(2024, 8, 1), strict=False, forking=False, kept=kept
        ).site.pages
        return {p: site[p] for p in site}

    kept: dict = {}
    pages(kept)
    assert sorted(validated) == sorted(dated) == ["data/h.yaml", "data/n.yaml"]
    validated.clear()
    dated.clear()
    mini.write("n.yaml", ENVELOPE.replace("职工体检", "职工疗休养"))  # an edit being previewed
    rebuilt = pages(kept)
    assert validated == dated == ["data/n.yaml"]
    assert rebuilt == pages(None)
    validated.clear()
    dated.clear()
    settings = mini.project.settings.model_copy(update={"name_display": "张*"})
    mini.project = dataclasses.replace(mini.project, settings=settings)  # other settings:
    pages(kept)  # everything again
    assert sorted(validated) == ["data/h.yaml", "data/n.yaml"]


def test_a_typo_while_previewing_shows_in_the_browser_and_recovers(tmp_path: Path):
    config = make_site_project(tmp_path)
    server, base = _serve(config, stdout=subprocess.PIPE)
    port = base.rsplit(":", 1)[1]
    try:
        url = f"{base}/records/gh-2024-00001/"
        _wait_for(url, "关于职工体检安排的通知")
        record = tmp_path / "data" / "a.yaml"
        record.write_text(ENVELOPE.replace("标题: ", "标题 "), encoding="utf-8")  # a missing colon
        page = _wait_for(url, "预览未更新", timeout=30)  # answered at once, not a stuck page
        assert "data/a.yaml:" in page and "发现 1 处错误" in page
        # The record's page shows it at once (the fast lane); the other pages, hand-written
        # ones too, once the preview is rebuilt.
        _wait_for(f"{base}/", "预览未更新", timeout=30)
        record.write_text(ENVELOPE.replace("职工体检", "职工疗休养"), encoding="utf-8")
        _wait_for(url, "关于职工疗休养安排的通知", timeout=30)
        assert "预览未更新" not in urllib.request.urlopen(url).read().decode("utf-8")
    finally:
        server.terminate()
        out, errors = server.communicate(timeout=10)
    assert f"本地预览：http://127.0.0.1:{port}/" in out
    # The log says what a preview does: nothing was published, so nothing published was kept.
    assert "发现 1 处错误（涉及 1 个文件），预览未更新" in errors and "已发布的网站" not in errors
    # What the server says: the record's page shows the mistake at once, then every page does.
    assert "data/a.yaml 有错误，已显示在它的页面上" in errors
    assert "每个页面上列出了上面的错误" in errors


def test_a_busy_port_is_explained_not_a_traceback(tmp_path: Path):
    config = make_site_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cwgk.cli",
                "-f",
                str(config),
                "serve",
                "-a",
                f"127.0.0.1:{port}",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode != 0
    assert "无法在" in done.stderr and "换一个端口" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_stopped_preview_leaves_no_site_behind(tmp_path: Path):
    """Stopped as a service manager or a test stops it (SIGTERM), as by Ctrl+C: the preview's
    site in the temporary folder (hundreds of MB at thousands of records) is removed."""
    config = make_site_project(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    server, base = _serve(config, stdout=subprocess.DEVNULL, env={"TMPDIR": str(temporary)})
    try:
        _wait_for(f"{base}/records/gh-2024-00001/", "关于职工体检安排的通知")
        assert [p.name[:13] for p in temporary.iterdir()] == ["cwgk-preview-"]
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert list(temporary.iterdir()) == []
