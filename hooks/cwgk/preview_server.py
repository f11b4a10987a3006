"""`cwgk serve`: MkDocs' live-reload server, made to show an edited record at once.

MkDocs' server (mkdocs.livereload) notices a change by looking at every watched file twice a
second, then rebuilds the site while every request waits, then reloads the browsers. At 5,000
records that was a second of noticing (and a quarter of a core spent looking) and ~10 s of
rebuilding before the person who saved a record saw it. Here:

- changes are noticed from the operating system's own notices (inotify, ReadDirectoryChangesW,
  FSEvents through watchdog), with MkDocs' polling where those cannot be had;
- when only record files changed, the fast lane (fast_preview.py) makes their own pages from the
  last rebuild and the browsers reload at once; the rebuild then runs in the background, pages
  stay served while it runs, and the browsers reload again when the lists have caught up;
- any other change (a template, our code, settings, a hand-written page, a new or deleted record,
  a record with an error) is rebuilt as MkDocs does: requests wait for it.

Rebuilds run one at a time on their own thread; changes that arrive meanwhile are shown by the
fast lane at once and gathered into the next rebuild.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import watchdog.events
import watchdog.observers
import watchdog.observers.polling
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _Handler, _serve_url, _timestamp

from .pipeline import RECORD_SUFFIXES

log = logging.getLogger("mkdocs.livereload")
said = logging.getLogger("mkdocs.hooks.cwgk")  # shown to staff as written (cli.OWN_LOGGER)

# What the editor's saving does to a file; reading one (opened, closed unwritten) is no change.
_CHANGES = {"created", "modified", "deleted", "moved", "closed", "attrib"}


class _RequestLog(_Handler):
    """A request the preview could not answer, said in Chinese (MkDocs logs `"GET /x HTTP/1.1"
    code 404` in English); answered ones stay in the debug log, as in MkDocs."""

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        path = unquote(urlsplit(self.path).path)
        if str(code) == "404":
            said.warning(f"预览中没有这个地址：{path}（地址可能拼错了，或这一页已删除）")
        elif str(code).startswith("5"):
            said.error(f"预览打开 {path} 时出错（{code}），详情见上面的信息")
        else:
            log.debug(f'"{self.requestline}" code {code}')


class PreviewServer(LiveReloadServer):
    def __init__(
        self,
        *args: Any,
        fast: Callable[[set[str], int], list[str] | None] | None = None,
        rebuild_starts: Callable[[int], None] | None = None,
        rebuilt: Callable[[], set[str] | None] | None = None,
        problems: Callable[[], int] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.RequestHandlerClass = _RequestLog
        self.observer = watchdog.observers.Observer()  # the system's notices (see fall_back)
        self._fast = fast
        self._rebuild_starts = rebuild_starts or (lambda generation: None)
        self._rebuilt = rebuilt or (lambda: None)
        self._problems = problems or (lambda: 0)
        # Which pages each reload is for (None: all), newest last: a browser reloads only when
        # its page changed (the fast lane's page is not reloaded again by the rebuild after it).
        self._reloads: list[tuple[int, frozenset[str] | None]] = []
        self._forgotten = 0  # the newest reload no longer in _reloads
        self._handlers: dict[str, tuple[Any, bool]] = {}
        self._changed: set[str] = set()  # files changed since the last look (under _rebuild_cond)
        self._generation = 0  # batches of changes seen
        self._stale = False  # a change only a rebuild shows is waiting: no fast lane until it
        self._queue = threading.Condition()
        self._queued: tuple[int, bool] | None = None  # (generation, whether requests wait)
        self._builder_thread = threading.Thread(target=self._rebuilds, daemon=True)
        self.fast_shown: list[tuple[int, list[str]]] = []  # for the log and the tests

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """As MkDocs' watch, remembering which files changed."""
        if func is not None and func is not self.builder:
            raise TypeError("Plugins can no longer pass a 'func' parameter to watch().")
        path = os.path.abspath(path)
        if path in self._watched_paths:
            self._watched_paths[path] += 1
            return
        self._watched_paths[path] = 1
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._noticed  # type: ignore[method-assign]
        self._handlers[path] = (handler, recursive)
        try:
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)
        except OSError as failed:  # e.g. Linux's limit of watched folders
            self._fall_back(failed)

    def _fall_back(self, failed: OSError) -> None:
        """MkDocs' polling, for every watched path, when the system's notices fail."""
        log.warning(f"无法使用系统的文件变动通知（{failed}），改为每半秒检查一次文件")
        self.observer = watchdog.observers.polling.PollingObserver(timeout=0.5)
        for path, (handler, recursive) in self._handlers.items():
            self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive)

    def unwatch(self, path: str) -> None:
        super().unwatch(path)
        if path not in self._watched_paths:
            self._handlers.pop(os.path.abspath(path), None)

    def _noticed(self, event: Any) -> None:
        if event.is_directory or event.event_type not in _CHANGES:
            return
        paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        paths = {p for p in paths if p and "__pycache__" not in p}  # Python's own, on import
        if not paths:
            return
        with self._rebuild_cond:
            self._changed |= paths
            self._want_rebuild = True
            self._rebuild_cond.notify_all()

    def serve(self, *, open_in_browser: bool = False) -> None:
        self._builder_thread.start()
        super().serve(open_in_browser=open_in_browser)

    def shutdown(self, wait: bool = False) -> None:
        with self._queue:
            self._shutdown = True
            self._queue.notify_all()
        super().shutdown(wait)

    def _build_loop(self) -> None:
        """Each batch of changes: the fast lane when it can show them, then a rebuild queued."""
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                    lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay
                ):
                    pass  # (woken now and then: Ctrl+C reaches Windows' main thread)
                if self._shutdown:
                    break
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    pass  # an editor's save is several events
                changed, self._changed = self._changed, set()
                self._want_rebuild = False
                self._generation += 1
                generation = self._generation
            began = time.perf_counter()
            shown = None if self._stale else self._fast_lane(changed, generation)
            if shown:
                self.fast_shown.append((generation, shown))
                self._reload_browsers(shown)
                files = "、".join(sorted(_shown_name(p) for p in changed if _is_record(p)))
                took = f"{time.perf_counter() - began:.1f} 秒"
                if getattr(shown, "refused", 0):  # its page shows the problems (fast_preview)
                    said.info(f"{files} 有错误，已显示在它的页面上（{took}），改正后保存即可")
                else:
                    said.info(f"已显示 {files} 的修改（{took}），列表和搜索随后更新")
            else:
                self._stale = True  # requests wait for the rebuild, as in MkDocs
            with self._queue:
                waits = self._stale or bool(self._queued and self._queued[1])
                self._queued = (generation, waits)
                self._queue.notify_all()

    def _fast_lane(self, changed: set[str], generation: int) -> list[str] | None:
        if self._fast is None or not changed:
            return None
        try:
            return self._fast(changed, generation)
        except Exception:  # the rebuild shows the change (and any error) as before
            log.debug("fast lane failed", exc_info=True)
            return None

    def _rebuilds(self) -> None:
        """One rebuild at a time, of everything queued while the last one ran."""
        while True:
            with self._queue:
                self._queue.wait_for(lambda: self._queued is not None or self._shutdown)
                if self._shutdown:
                    return
                assert self._queued is not None
                (generation, waits), self._queued = self._queued, None
            if waits:
                with self._epoch_cond:
                    self._wanted_epoch = _timestamp()  # requests wait until it is built
            self._rebuild_starts(generation)
            began = time.perf_counter()
            try:
                self.builder()
            except Exception:
                traceback.print_exc()
                log.error("预览更新失败；改正后保存任一文件，预览会再次更新。")
                continue
            if waits and generation == self._generation:
                self._stale = False  # nothing newer came meanwhile: the fast lane may go on
            self._reload_browsers(self._rebuilt())
            took = f"{time.perf_counter() - began:.1f} 秒"
            if self._problems():
                said.info(f"预览已更新（{took}）：每个页面上列出了上面的错误，改正后保存即可")
            else:
                said.info(f"预览已全部更新（{took}）")

    def _reload_browsers(self, pages: Any = None) -> None:
        """Browsers showing `pages` (URLs as MkDocs writes them; None: any) reload."""
        with self._epoch_cond:
            log.info("Reloading browsers")
            epoch = max(_timestamp(), self._visible_epoch + 1)
            self._visible_epoch = self._wanted_epoch = epoch
            shown = None if pages is None else frozenset(_page_key(url) for url in pages)
            self._reloads.append((epoch, shown))
            if len(self._reloads) > KEPT_RELOADS:
                self._forgotten = self._reloads.pop(0)[0]
            self._epoch_cond.notify_all()

    def _changed_since(self, epoch: int, page: str | None) -> bool:
        """Whether the page a browser loaded at `epoch` has changed since (under _epoch_cond)."""
        if self._visible_epoch <= epoch:
            return False
        if page is None or epoch < self._forgotten:
            return True  # not known which page, or older than what is remembered
        return any(e > epoch and (pages is None or page in pages) for e, pages in self._reloads)

    def _serve_request(self, environ: Any, start_response: Any) -> Any:
        """MkDocs' answer to a page's poll (/livereload/<epoch>/<id>), asked of the page it
        comes from (the Referer): a newer epoch, and the reload, only when that page changed."""
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        poll = re.fullmatch(r"/livereload/([0-9]+)/[0-9]+", path)
        if poll is None:
            return super()._serve_request(environ, start_response)
        epoch = int(poll[1])
        page = self._page_of(environ.get("HTTP_REFERER", ""))
        start_response("200 OK", [("Content-Type", "text/plain")])
        with self._epoch_cond:
            changed = self._epoch_cond.wait_for(
                lambda: self._changed_since(epoch, page), timeout=self.poll_response_timeout
            )
            return [b"%d" % (self._visible_epoch if changed else epoch)]

    def _page_of(self, referer: str) -> str | None:
        if not referer:
            return None
        path = unquote(urlsplit(referer).path)
        if not path.startswith(self.mount_path):
            return None
        return _page_key(path[len(self.mount_path) :])


def _is_record(path: str) -> bool:
    return os.path.splitext(path)[1].lower() in RECORD_SUFFIXES


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


KEPT_RELOADS = 500


def _page_key(url: str) -> str:
    """A page's URL as MkDocs writes it ("records/x/", "") or a browser asks for it
    ("/records/x/index.html"): one form."""
    url = url.strip("/")
    if url == "index.html" or url.endswith("/index.html"):
        url = url[: -len("index.html")].rstrip("/")
    return url


def _shown_name(path: str) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return path


def serve(config_file: str, dev_addr: str) -> None:
    """`cwgk serve`: mkdocs.commands.serve.serve with the server above (a dirty build, not
    strict: a missing 更正说明 shows on the page while it is being written)."""
    site_dir = tempfile.mkdtemp(prefix="cwgk-preview-")
    # Stopped by a service manager, a test or `kill` as by Ctrl+C: the preview's site (hundreds
    # of MB at thousands of records) is removed, not left in the temporary folder.
    signal.signal(signal.SIGTERM, _interrupt)

    def get_config() -> Any:
        return load_config(
            config_file=config_file, site_dir=site_dir, dev_addr=dev_addr, strict=False
        )

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    def builder(config: Any = None) -> None:
        log.info("Building documentation...")
        if config is None:
            config = get_config()
            config.site_url = serve_url
        build(config, serve_url=serve_url, dirty=True)

    hooks = next((p for p in config.plugins.values() if hasattr(p, "cwgk_fast_update")), None)
    server = PreviewServer(
        builder=builder,
        host=host,
        port=port,
        root=site_dir,
        mount_path=mount_path,
        fast=getattr(hooks, "cwgk_fast_update", None),
        rebuild_starts=getattr(hooks, "cwgk_rebuild_starts", None),
        rebuilt=getattr(hooks, "cwgk_rebuilt", None),
        problems=getattr(hooks, "cwgk_problems", None),
    )

    def error_handler(code: int) -> bytes | None:
        if code in (404, 500):
            page = os.path.join(site_dir, f"{code}.html")
            if os.path.isfile(page):
                with open(page, "rb") as f:
                    return f.read()
        return None

    server.error_handler = error_handler
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve(open_in_browser=False)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
