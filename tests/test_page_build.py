"""Record pages made without Python-Markdown give the bytes Python-Markdown gives (page_build.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from cwgk import pipeline
from cwgk.cli import _project
from cwgk.page_build import RecordPage, html_of, lazy_file
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pinned_clock import pinned_env

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from demo_repo import make_demo_repo  # noqa: E402


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return make_demo_repo(tmp_path_factory.mktemp("page-build"))


def slugify():
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return config.mdx_configs["toc"]["slugify"]


@pytest.mark.parametrize("edition", ["公开", "内部"])
def test_every_generated_demo_page_is_what_markdown_makes_of_it(demo, edition, monkeypatch):
    monkeypatch.setenv("CWGK_EDITION", edition)
    config = load_config(config_file=str(demo))
    config.plugins._current_plugin = None  # as while MkDocs runs plugins' events
    with pinned_env("2026-11-24"):
        pages = pipeline.build(_project(demo), forking=False).site.pages
    assert sum(pages.is_lazy(p) for p in pages) > 40 and any("/versions/" in p for p in pages)
    assert {"kinds/hospitality.md", "years/2026.md", "archive/index.md"} <= set(pages)
    files = Files([lazy_file(config, path, lambda p=path: pages[p]) for path in pages])
    slug = config.mdx_configs["toc"]["slugify"]
    for path in pages:  # records, old versions, lists, 更新记录, statistics, …
        page = Page(None, files.get_file_from_path(path), config)
        page.read_source(config)
        made = html_of(page.markdown or "", slug)
        assert made is not None, path  # our templates make nothing only Markdown can make
        page.render(config, files)  # MkDocs' own way
        assert made[0] == page.content, path
        toc = [(t["id"], t["name"], t["level"]) for t in made[1]]
        assert toc == [(a.id, a.title, a.level) for a in page.toc], path


@pytest.mark.parametrize(
    "markdown",
    [
        "一段文字，不在标签里。",  # a paragraph: Markdown wraps it in <p>
        "<div>甲</div>\n\n    缩进的代码",  # an indented block is code
        "## 带*强调*的标题",  # inline markup in a heading
        '<div markdown="1">\n**粗体**\n</div>',  # Markdown inside HTML
        "<!-- 注释 -->\n<p>甲</p>",
        "<span>行内标签开头</span>",  # not a block-level tag: a paragraph
        "<p>甲</p>  \n\n<p>乙</p>",  # spaces at a block's end
        "- 列表项",
    ],
)
def test_anything_else_goes_to_markdown(markdown):
    assert html_of(markdown, slugify()) is None


def test_headings_get_the_ids_the_toc_extension_gives():
    html, toc = html_of("## 明细\n\n<p>甲</p>\n\n\n## 明细\n\n<p>乙</p>", slugify())  # type: ignore[misc]
    assert html == '<h2 id="明细">明细</h2>\n<p>甲</p>\n\n<h2 id="明细_1">明细</h2>\n<p>乙</p>'
    assert [t["id"] for t in toc] == ["明细", "明细_1"]


def test_pages_made_in_two_processes_are_the_pages_one_process_makes(demo, tmp_path, monkeypatch):
    from cwgk import page_build, parallel
    from cwgk.cli import atomic_build

    def site(folder: Path) -> dict[str, bytes]:
        with pinned_env("2026-11-24"):
            assert atomic_build(demo, folder, full=True) == 0
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    forks = []
    fork = os.fork

    def counted() -> int:
        forks.append(1)
        return fork()

    monkeypatch.setattr(parallel, "available", lambda: False)
    alone = site(tmp_path / "alone")
    monkeypatch.setattr(parallel, "available", lambda: True)
    monkeypatch.setattr(page_build, "FORK_ABOVE", 0)
    monkeypatch.setattr(os, "fork", counted)
    together = site(tmp_path / "together")
    assert forks and together == alone


SITE_URLS = [
    "",
    "http://cwgk.example.cn",
    "https://intranet.example.cn/cwgk/",
    "http://10.0.0.8:8080/公开/",
    "http://host/a/../b/",
    "http://host/?x=1",
    "ftp://files.example.cn/cwgk",
]
PATHS = ["records/2025/jj-2025-001.md", "records/2025/版本/v2.md", "index.md", "a/b:c.md", "x;y.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_record_pages_get_the_canonical_url_mkdocs_gives(directory_urls, tmp_path):
    (tmp_path / "docs").mkdir()
    for site_url in SITE_URLS:
        (tmp_path / "mkdocs.yml").write_text(
            f"site_name: t\nsite_url: '{site_url}'\n"
            f"use_directory_urls: {str(directory_urls).lower()}\n",
            encoding="utf-8",
        )
        config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
        for path in PATHS:
            ours = RecordPage(None, File(path, None, str(tmp_path), directory_urls), config)
            theirs = Page(None, File(path, None, str(tmp_path), directory_urls), config)
            assert (ours.canonical_url, ours.abs_url) == (theirs.canonical_url, theirs.abs_url)


GENERATED = [
    *PATHS,
    "records/gh-2024-00001.md",
    "records/gh-2024-00001/versions/2024-07-10-abc1234.md",
    "records/README.md",
    "records/a.b.md",
    "Records/GH-1.md",
    "kinds/notice.md",
    "records/工会-1.md",
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_record_files_and_pages_are_made_as_mkdocs_makes_them(directory_urls, tmp_path):
    """lazy_file finds destinations and URLs by string operations and RecordPage is made without
    Page.__init__: every attribute as MkDocs' File.generated and Page give them."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nsite_url: 'http://cwgk.example.cn/gk/'\n"
        f"use_directory_urls: {str(directory_urls).lower()}\n",
        encoding="utf-8",
    )
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    config.plugins._current_plugin = "hooks/mkdocs_hooks.py"
    for path in GENERATED:
        ours = lazy_file(config, path, lambda: "")
        theirs = File.generated(config, path, content="")
        for name in ("src_uri", "name", "dest_uri", "url", "abs_dest_path", "abs_src_path",
                     "generated_by", "inclusion", "dest_dir", "use_directory_urls", "edit_uri"):  # fmt: skip
            assert getattr(ours, name) == getattr(theirs, name), (path, name)
        assert ours.is_documentation_page() == theirs.is_documentation_page()
        page = Page(None, theirs, config)
        made = {k: v for k, v in vars(ours.page).items() if k != "file"}
        assert made == {k: v for k, v in vars(page).items() if k != "file"}, path
