"""Making generated pages one at a time, start to end, in two processes.

MkDocs reads every page (Markdown → HTML) before it writes any, so a site's whole HTML sits in
memory at once: 1.8 GB at 5,000 records. Record pages and their old versions (render.Pages' lazy
pages) do not need that: nothing on another page depends on their HTML. So `cwgk build` keeps them
out of MkDocs' two loops (their File says "not modified" to a dirty build) and makes each here,
between the loops (the `on_env` event): our Markdown, MkDocs' own reading and rendering
(`_populate_page`), the theme's template (`_build_page`), the file — and lets go of it.

Our pages are HTML blocks and a few plain `## headings`; Python-Markdown takes 60 % of a page's
time to find that out (it parses every tag). `html_of` makes exactly what it would make — the
same bytes, checked on every page of the demo site and of a 500-record synthetic site, and in
tests/test_page_build.py — without parsing the HTML; a page with anything else goes to Markdown.

The pages are split in two halves by size; a forked child makes one half while this process makes
the other, so a build uses both cores. The child sends back what it logged (a broken link is a
warning, and warnings fail a strict build); if it fails in any way this process makes its half
itself, so the result never depends on the split.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit, uses_netloc, uses_relative

from markdown.extensions.toc import nest_toc_tokens, unique
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date

from . import parallel

FORK_ABOVE = 300  # pages: below this a second process costs more than it saves
Logged = list[tuple[str, int, str]]  # logger name, level, message


def build_pages(
    pages: Sequence[Page], config: Any, files: Files, nav: Any, env: Any, fork: bool
) -> None:
    """Make each page's file now; afterwards MkDocs skips them (File.is_modified is False)."""
    if not pages:
        return
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    if fork and len(pages) > FORK_ABOVE and parallel.available():
        parent = os.getpid()

        def make(part: list[Page]) -> dict[str, Logged]:
            if os.getpid() == parent:  # this half, or the child's when it failed: logged here
                _make(part, config, files, nav, env, doc_files)
                return {}
            collect = _Collect()
            logging.getLogger("mkdocs").handlers = [collect]  # sent to the parent, which logs
            _make(part, config, files, nav, env, doc_files)  # (and counts) them
            return {"logged": collect.logged}

        halves = parallel.split_by_weight(list(pages), _weight)
        for name, level, message in parallel.make_in_two(make, *halves).get("logged", []):
            logging.getLogger(name).log(level, message)
    else:
        _make(pages, config, files, nav, env, doc_files)


def _weight(page: Page) -> int:
    return 3 if "/versions/" not in page.file.src_uri else 2  # a record page shows a bit more


def prepare(files: Files, config: Any, generated: set[str]) -> None:
    """Give every generated page (`generated`: their docs-dir paths) its Page now, made from its
    HTML without Markdown where it can be. (MkDocs would make the Page of a page outside the
    navigation when it first reads it, rendered with Markdown.)"""
    for path in generated:
        file = files.src_uris.get(path)
        if file is not None:
            prepare_page(file.page or Page(None, file, config), config)


def prepare_page(page: Page, config: Any) -> None:
    """The page is made from its HTML without Markdown where it can be (html_of)."""
    slugify = config.mdx_configs.get("toc", {}).get("slugify") or _default_slugify
    page.render = _fast_render(page, slugify)  # type: ignore[method-assign]


def _make(
    pages: Sequence[Page], config: Any, files: Files, nav: Any, env: Any, doc_files: Any
) -> None:
    for page in pages:
        _populate_page(page, config, files)
        _build_page(page, config, doc_files, nav, env)
        _done(page)


# A block Python-Markdown passes through as it is: it starts with a block-level tag.
_BLOCK_START = re.compile(
    r"<(?:address|article|aside|blockquote|details|div|dl|fieldset|figure|footer|form|h[1-6]|"
    r"header|hr|nav|ol|p|pre|section|table|ul)[\s>/]"
)
# A heading of plain words: nothing inline Markdown would change.
_HEADING = re.compile(
    r"(#{1,6}) +([^\s#*_`\[\]<>&\\!|~^=+{}]+(?: [^\s#*_`\[\]<>&\\!|~^=+{}]+)*)"
    r"(?: \{: #([A-Za-z0-9][\w-]*) \})?"  # attr_list's id: {: #2026-11 }
)
_BLANK = re.compile(r"\n(?:[ \t]*\n)+")  # one or more blank lines between blocks


def html_of(markdown: str, slugify: Callable[[str, str], str]) -> tuple[str, list[Any]] | None:
    """The HTML and table-of-contents tokens Python-Markdown (with the toc extension) makes of
    `markdown`, when it is only HTML blocks and plain ATX headings (an attr_list id allowed)
    separated by blank lines; None for anything else."""
    text = markdown.strip("\n")
    if "<!--" in text or "markdown=" in text or "\r" in text:
        return None
    out: list[str] = []
    tokens: list[dict[str, Any]] = []
    ids: set[str] = set()
    for block in _BLANK.split(text):
        if block != block.rstrip() or block.startswith((" ", "\t")):
            return None  # a block that starts indented (code) or ends in spaces
        heading = _HEADING.fullmatch(block)
        if heading:
            level, words, given = len(heading[1]), heading[2], heading[3]
            anchor = unique(given or slugify(words, "-"), ids)
            out.append(f'<h{level} id="{anchor}">{words}</h{level}>\n')
            tokens.append({"level": level, "id": anchor, "name": words, "html": words})
        elif _BLOCK_START.match(block):
            out.append(block + "\n\n")
        else:
            return None
    return "".join(out).rstrip("\n"), nest_toc_tokens(tokens)


def _default_slugify(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify

    return slugify(value, separator)


def _fast_render(page: Page, slugify: Callable[[str, str], str]) -> Callable[..., None]:
    markdown_render = page.render

    def render(config: Any, files: Files) -> None:
        made = html_of(page.markdown or "", slugify)
        if made is None:
            markdown_render(config, files)
            return
        page.content, tokens = made
        page.toc = get_toc(tokens)
        # Kept until the build ends (links to anchors are checked then): the same few ids on
        # every page, each string once.
        page.present_anchor_ids = set(map(sys.intern, re.findall(r'\sid="([^"]+)"', page.content)))
        if page.links_to_anchors is None:
            page.links_to_anchors = {}

    return render


def _done(page: Page) -> None:
    """Keep what other pages and MkDocs' last steps read (URL, title, anchors), drop the rest
    (what stayed of each page grew a 5,000-record build by ~18 KB a page)."""
    page.markdown = None
    page.content = None
    page.toc = _NO_TOC  # read by the theme's template and its search plugin, both done
    page.file.is_modified = _not_modified  # type: ignore[method-assign]


_NO_TOC = get_toc([])


def _not_modified() -> bool:
    return False


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.logged: Logged = []

    def emit(self, record: logging.LogRecord) -> None:
        self.logged.append((record.name, record.levelno, record.getMessage()))


def lazy_file(config: Any, src_uri: str, make: Any) -> File:
    """A generated page whose Markdown is made when MkDocs (or build_pages) reads it; its Page
    is made now (MkDocs would make it in get_navigation, more slowly: see RecordPage).

    Made as File.generated makes it, with its destination and URL found by string operations
    for our plain paths (MkDocs' own way took 1.6 s for 20,000 pages, every build)."""
    file = LazyFile.__new__(LazyFile)
    shape = _plain_page(src_uri, config.use_directory_urls)
    if shape is None:  # anything else: MkDocs' own way
        file = LazyFile.generated(config, src_uri, content="")
    else:
        file.__dict__.update(
            src_uri=src_uri,
            src_dir=None,
            dest_dir=config.site_dir,
            use_directory_urls=config.use_directory_urls,
            inclusion=InclusionLevel.UNDEFINED,
            generated_by=config.plugins._current_plugin or "<unknown>",
            abs_src_path=None,
            _content="",
            name=shape[0],
            dest_uri=shape[1],
            url=shape[2],
        )
    file.make = make
    RecordPage(None, file, config)
    return file


# A path of ours whose destination and URL need no escaping or normalising.
_PLAIN_PAGE = re.compile(r"(?:[a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9_.-]*\.md")


def _plain_page(src_uri: str, directory_urls: bool) -> tuple[str, str, str] | None:
    """(name, dest_uri, url) as File makes them, for a plain path; None for any other."""
    if not _PLAIN_PAGE.fullmatch(src_uri):
        return None
    parent, _, filename = src_uri.rpartition("/")
    name = filename[:-3]
    if name in ("index", "README") or "." in name:
        return None
    folder = f"{parent}/{name}" if parent else name
    if directory_urls:
        return name, f"{folder}/index.html", f"{folder}/"
    return name, f"{folder}.html", f"{folder}.html"


class RecordPage(Page):
    """The Page of a record page or old version (never in the navigation).

    Made as MkDocs' Page.__init__ makes it (tests/test_page_build.py compares them), with the
    build date read once a second and its canonical URL the site URL and its own joined as
    strings: MkDocs' urljoin took 2.4 s for 20,000 pages. For anything urljoin would treat
    specially, MkDocs' own way."""

    def __init__(self, title: str | None, file: File, config: Any) -> None:
        file.page = self
        self.file = file
        if title is not None:
            self.title = title
        self.children = None
        self.previous_page = None
        self.next_page = None
        self.active = False
        self.update_date = _build_date(os.environ.get("SOURCE_DATE_EPOCH"), int(time.time()))
        self._set_canonical_url(config.get("site_url", None))
        self._set_edit_url(
            config.get("repo_url", None), config.get("edit_uri"), config.get("edit_uri_template")
        )
        self.markdown = None
        self._title_from_render = None
        self.content = None
        self.toc = []  # type: ignore[assignment]
        self.meta = {}

    def _set_canonical_url(self, base: str | None) -> None:
        url = self.file.url
        joined = _site_prefix(base) if base else None
        if joined is None or not _plain_url(url):
            super()._set_canonical_url(base)
            return
        prefix, path = joined
        self.canonical_url = prefix + url
        self.abs_url = path + url


@functools.lru_cache(maxsize=4)
def _build_date(source_date_epoch: str | None, second: int) -> str:
    """MkDocs' get_build_date, the same within one second."""
    return get_build_date()


@functools.lru_cache(maxsize=8)
def _site_prefix(base: str) -> tuple[str, str] | None:
    """site_url with its final slash, and its path; None when urljoin would change it."""
    prefix = base if base.endswith("/") else base + "/"
    parts = urlsplit(prefix)
    joins = parts.scheme in uses_relative and parts.scheme in uses_netloc
    if parts.query or parts.fragment or not joins or _has_dot_segment(parts.path):
        return None
    return prefix, parts.path


def _plain_url(url: str) -> bool:
    """A relative URL urljoin appends to a directory unchanged."""
    return not (url.startswith("/") or any(c in url for c in ":?#;\\") or _has_dot_segment(url))


def _has_dot_segment(path: str) -> bool:
    return any(segment in (".", "..") for segment in path.split("/"))


class LazyFile(File):
    make: Any = None

    @property  # type: ignore[override]
    def content_string(self) -> str:
        return self.make()

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.make = lambda: value

    @property  # type: ignore[override]
    def content_bytes(self) -> bytes:
        return self.make().encode("utf-8")

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.make = lambda: value.decode("utf-8")
