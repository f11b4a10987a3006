"""Glue between MkDocs events and the pipeline; imported (and reloaded) by hooks/mkdocs_hooks.py."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from . import (
    fast_preview,
    history,
    incremental,
    page_build,
    parallel,
    pipeline,
    search_ahead,
    search_index,
)
from .cjk_text import join_cjk_lines
from .page_keys import digest, frame_digest
from .preview import Preview, error_page, problems_html
from .problems import ValidationFailed
from .render import RenderedSite, bytecode_cache
from .settings import settings_from_extra

MARKER = "<!-- cwgk:{name} -->"
CODE_DIR = Path(__file__).resolve().parent.parent  # hooks/: our code, part of every page's frame
log = logging.getLogger("mkdocs.hooks.cwgk")

# Set by `cwgk build` around its MkDocs build (cli.atomic_build): where to take unchanged pages
# from and how to make the others. Plain `mkdocs build` and the preview leave it None.
REQUEST: incremental.Request | None = None


class RecordsRejected(PluginError):
    """Records (or settings) that must not be published: every problem, for `cwgk build` to
    report in its own words; plain `mkdocs build` prints the same report and stops."""

    def __init__(self, failed: ValidationFailed):
        self.problems = failed.problems
        super().__init__(failed.report())


def page_folders(files: Files, pages: set[str]) -> frozenset[str]:
    """Top-level folders of the site in which every file is one of `pages` (docs-dir paths).
    Never search/: the theme and search_index.py write there outside MkDocs' files."""
    tops = {f.dest_uri.split("/", 1)[0] for f in files if "/" in f.dest_uri}
    mixed = {f.dest_uri.split("/", 1)[0] for f in files if f.src_uri not in pages}
    return frozenset(tops - mixed - {"search"})


class SiteBuild:
    """State of one MkDocs build: the pipeline's result, made in on_config.

    `preview`: the state `cwgk serve` keeps between rebuilds (see preview.py); None for a build."""

    def __init__(self, config: MkDocsConfig, preview: dict[str, Any] | None = None):
        self.preview = Preview(preview) if preview is not None else None
        history.keep_validated(preview is not None)  # old versions' pages are made again
        self.request = REQUEST if preview is None else None
        self.nav: Any = None
        self.streamed: list[File] = []  # lazy pages build_pages makes (cwgk build only)
        self.result: pipeline.BuildResult | None = None  # kept by a preview (fast_preview.py)
        self.env: Any = None
        self.finished = False
        self.written: set[str] = set()  # URLs of the pages a preview rebuild wrote
        # The preview server's count of changes when this rebuild began (preview_server.py).
        self.generation = int(preview.get("generation", 0)) if preview is not None else 0
        config._cwgk_build = self  # type: ignore[attr-defined]  # (see hooks: on_page_markdown)
        root = self.root = Path(config.config_file_path).resolve().parent
        self.cache = root / ".cache" / "cwgk"
        self.index_ahead: search_ahead.IndexAhead | None = None
        try:
            project = pipeline.Project(
                root=root,
                settings=settings_from_extra(config.extra, Path(config.config_file_path)),
                docs_dir=Path(config.docs_dir),
                theme_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
                site_name=config.site_name,
                site_url=config.site_url or "",
            )
            # The one way into a build, for `cwgk build`, `cwgk serve` and plain `mkdocs`: check
            # every record, read history, render. Preview (`serve`, not strict) shows a missing
            # 更正说明 on the page instead of failing.
            result = pipeline.build(
                project,
                strict=bool(config.strict),
                forking=self.preview is None,
                kept=self.preview.state.setdefault("checked", {}) if self.preview else None,
            )
        except ValidationFailed as failed:
            if self.preview is None:
                # Raised before MkDocs cleans the site directory: the previous site stays as it was.
                raise RecordsRejected(failed) from None
            # Preview: the problems in the browser, on every page, instead of a page that never
            # loads; the next save builds again (the hand-written pages show them too).
            log.error(failed.report(preview=True))
            self.error = failed  # (the last good rebuild stays the fast lane's: add_pages)
            self.site = _error_site(failed, self.preview.state)
            self._configure(config)
            return
        self.error = None
        # Only the pages go on: records, histories and their versions (a large part of the
        # memory) are let go before MkDocs holds every page's HTML as well.
        self.site = result.site
        if self.preview is not None:
            self.preview.state["nav"] = result.site.nav  # for a page of problems after an error
            self.result = result
        for problem in result.warnings:
            # 提示 (an estimated 公示期 end) is advice: it must not fail a strict build.
            (log.info if problem.severity == "提示" else log.warning)(problem.format())
        for problem in pipeline.advice(project):  # info: must not fail a strict build
            log.info(problem.format())
        self.settings = project.settings
        self.project = project
        self._configure(config)
        if self.request is not None and self.request.previous is not None:
            # A publish: the search index is made beside the pages (search_ahead.py).
            self.index_ahead = search_ahead.IndexAhead(
                self.site.search, self.cache, fork=parallel.available()
            )

    def _configure(self, config: MkDocsConfig) -> None:
        generated = {title for section in self.site.nav for title in section}
        hand_written = [
            item
            for item in (config.nav or [])
            if not (isinstance(item, dict) and generated.intersection(item))
        ]
        home, rest = hand_written[:1], hand_written[1:]
        config.nav = [*home, *self.site.nav, *rest]
        search = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(search, "search_index", None)  # made in the plugin's own on_config
        if index is None or not hasattr(index, "_segment_chinese"):
            raise PluginError(
                "找不到 mkdocs-material 的搜索插件：请在 mkdocs.yml 的 plugins 中保留 search"
            )
        # The theme indexes only the hand-written pages, and only for search_index.py to read:
        # no word segmentation (our index uses character pairs), no zero-width spaces in titles.
        index._segment_chinese = _unsegmented
        if self.preview is not None:
            self.preview.merge_search(index)

    def add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        frame = frame_digest(
            code_dir=CODE_DIR,
            theme_dirs=[Path(config.theme.custom_dir)] if config.theme.custom_dir else [],
            config_file=Path(config.config_file_path) if config.config_file_path else None,
            nav=config.nav,
            docs_names=[file.src_uri for file in files],
            extra=config.site_url or "",
        )
        pages = self.site.pages
        keys: dict[str, str] = {}
        for path in pages:
            if path in files.src_uris:  # (our paths are POSIX already: no get_file_from_path)
                raise PluginError(f"site_src/{path} 与自动生成的页面同名，请删除或改名该文件")
            lazy = getattr(pages, "is_lazy", lambda _: False)(path)
            if lazy:
                file = page_build.lazy_file(config, path, lambda p=path: pages[p])
                keys[path] = digest(frame, pages.inputs[path])  # type: ignore[attr-defined]
            else:
                content = pages[path]
                file = File.generated(config, path, content=content)
                keys[path] = digest(frame, content)
            files.append(file)
        for path, content in self.site.files.items():
            files.append(File.generated(config, path, content=content))
        self.files = files
        self.frame = frame
        if self.preview is not None:
            snapshot = self.preview.state.get("snapshot")
            if snapshot is not None and snapshot.frame != frame:  # other code, theme, settings
                self.preview.state.pop("snapshot", None)  # or navigation: not the fast lane's
            self.preview.mark(files, keys, frame)
        elif self.request is not None:
            self._plan(files, keys, pages, config)
        return files

    def _plan(self, files: Files, keys: dict[str, str], pages: Any, config: MkDocsConfig) -> None:
        """cwgk build: which generated pages to take from the previous site, which to make."""
        request = self.request
        assert request is not None
        previous, why = incremental.load_previous(request.previous, request.project)
        if why:
            request.messages.append(why)
        generated = [files.src_uris.get(path) for path in keys]
        request.outputs = {f.dest_uri: keys[f.src_uri] for f in generated if f is not None}
        request.hand_written = sum(1 for f in files.documentation_pages() if f.src_uri not in keys)
        request.page_folders = page_folders(files, set(keys))
        if previous is not None:
            same = [
                out
                for out, key in request.outputs.items()
                if previous.pages.get(out, ("",))[0] == key
            ]
            broken = incremental.damaged(previous, same)
            if broken:
                request.messages.append(f"上一次生成的网站不完整：{broken}，本次完整生成。")
                same = []
            request.carried = same
            request.sizes = {out: previous.pages[out][1] for out in same}
            request.trusted = previous if same else None
            if same and not request.in_place:  # in place: the pages are where they belong
                request.start_carrying(previous.site, Path(config.site_dir))
        kept = set(request.carried)
        for file in generated:
            assert file is not None
            if file.dest_uri in kept:
                file.is_modified = _fixed(False)  # type: ignore[method-assign]
            elif request.stream and getattr(pages, "is_lazy", lambda _: False)(file.src_uri):
                file.is_modified = _fixed(False)  # type: ignore[method-assign]
                self.streamed.append(file)

    def prepare_pages(self, nav: Any, config: MkDocsConfig, files: Files) -> None:
        """on_nav: record pages are made from their HTML without Markdown (page_build.py), in
        every build: cwgk build, the preview and plain mkdocs."""
        self.nav = nav
        page_build.prepare(files, config, set(self.site.pages))

    def build_pages(self, env: Any, config: MkDocsConfig, files: Files) -> None:
        """on_env, between MkDocs' reading and writing: the lazy pages this build makes."""
        self.env = env
        if env.bytecode_cache is None:  # the theme's templates: compiled once, not every build
            env.bytecode_cache = bytecode_cache(self.root / ".cache" / "cwgk" / "theme-templates")
        if self.streamed:
            pages = [file.page for file in self.streamed if file.page is not None]
            page_build.build_pages(pages, config, files, self.nav, env, fork=True)

    def write_search_index(self, config: MkDocsConfig) -> None:
        """After the theme wrote its index of the hand-written pages (plugins run before hooks).

        A preview writes it after the rebuild, beside the served pages: the edited page shows
        seconds sooner (the index was a quarter of a rebuild at 5,000 records), and the next
        rebuild waits for it (hooks/mkdocs_hooks.py). Until then searches use the last index."""
        site_dir, docs = Path(config.site_dir), self.site.search
        if self.preview is None:
            ahead = self.index_ahead or search_ahead.IndexAhead(docs, self.cache, fork=False)
            self.index_ahead = None
            search_index.write(site_dir, docs, made=ahead.files)
            return

        def write() -> None:
            try:
                search_index.write(site_dir, docs)
            except Exception as failed:  # the pages are served: say so, keep previewing
                log.error(
                    f"预览的搜索索引未能更新（{failed}），页面不受影响；保存任一文件后会重试。"
                )

        writer = threading.Thread(target=write, name="cwgk-search-index", daemon=True)
        self.preview.state["index_writer"] = writer
        writer.start()
        self._keep_for_fast_lane(config)

    def build_failed(self) -> None:
        if self.index_ahead is not None:
            self.index_ahead.drop()
            self.index_ahead = None

    def _keep_for_fast_lane(self, config: MkDocsConfig) -> None:
        """A preview rebuild is done: what the fast lane makes the next edited record's page
        with; the pages the fast lane wrote before this rebuild began are this rebuild's now."""
        assert self.preview is not None
        self.finished = True
        # The browsers showing these reload: pages written, and pages gone (they get the 404).
        self.preview.state["rebuilt"] = self.written | self.preview.removed
        self.preview.state["problems"] = len(self.error.problems) if self.error else 0
        fast = self.preview.fast_written
        for path, generation in list(fast.items()):
            if generation <= self.generation and fast.get(path) == generation:
                fast.pop(path, None)
        result = self.result
        if self.error is not None or result is None or result.moment is None:
            return
        self.preview.state["snapshot"] = fast_preview.Snapshot(
            project=self.project,
            frame=self.frame,
            moment=result.moment,
            strict=bool(config.strict),
            renderer=result.renderer,
            entries=result.entries,
            repo=result.repo,
            config=config,
            files=self.files,
            nav=self.nav,
            env=self.env,
        )

    def post_page(self, output: str, page: Any) -> str:
        """A preview rebuild does not write over a page the fast lane made of a later edit
        (MkDocs writes nothing for an empty page): that page is made again next rebuild. Nor
        the same page again: the browser showing it need not reload."""
        if self.preview is None or self.finished:
            return output
        made = self.preview.fast_written.get(page.file.src_uri)
        if made is not None and (made > self.generation or _same(page, output)):
            return ""
        self.written.add(page.url)
        return output

    def fill_markers(self, markdown: str, page: Any = None) -> str:
        if page is not None and not page.file.generated_by:  # hand-written: wrapped Chinese lines
            markdown = join_cjk_lines(markdown)
        if self.error is not None:  # preview with bad records: the problems instead of the lists
            shown = [False]

            def box(_: re.Match[str]) -> str:
                first, shown[0] = not shown[0], True
                return problems_html(self.error) if first else ""

            return _ANY_MARKER.sub(box, markdown)
        for name, html in self.site.fragments.items():
            markdown = markdown.replace(MARKER.format(name=name), html)
        return markdown


_ANY_MARKER = re.compile(r"<!-- cwgk:[\w-]+ -->")


def _error_site(failed: ValidationFailed, state: dict[str, Any]) -> RenderedSite:
    """Every page the last good preview had, each showing the problems (the browser is on one)."""
    page = error_page(failed)
    previous = [path for path in state.get("pages", {}) if path.endswith(".md")]
    return RenderedSite(pages=dict.fromkeys(previous, page), fragments={}, nav=state.get("nav", []))


def _same(page: Any, output: str) -> bool:
    try:
        with open(page.file.abs_dest_path, "rb") as file:
            return file.read() == output.encode("utf-8", errors="xmlcharrefreplace")
    except OSError:
        return False


def _fixed(value: bool) -> Any:
    return lambda: value


def _unsegmented(data: str) -> str:
    return data
