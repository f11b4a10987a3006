"""Build the demo site once, serve it on 127.0.0.1, drive it with Debian's Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from demo_repo import make_demo_repo
from pinned_clock import BUILD_DAY, NOW, ZONE, pin_browser, pinned_env

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def demo_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mkdocs.yml of a copy of the project whose demo records have a scripted git history."""
    return make_demo_repo(tmp_path_factory.mktemp("demo-repo"))


@pytest.fixture(scope="session")
def entries(demo_config):
    """The demo records as the build saw them (for expectations)."""
    from cwgk import pipeline
    from cwgk.settings import load_settings

    root = demo_config.parent
    project = pipeline.Project(
        root=root, settings=load_settings(demo_config), docs_dir=root / "site_src"
    )
    return pipeline.build(project, on=BUILD_DAY).entries


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, demo_config: Path) -> Path:
    from cwgk.cli import atomic_build

    site = tmp_path_factory.mktemp("demo") / "site"
    with pinned_env(BUILD_DAY):
        assert atomic_build(demo_config, site) == 0
    return site


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


class PinnedBrowser:
    """Chromium whose every new context starts with Playwright's clock at `now` (the pinned
    build moment unless a test names another), so no page ever sees the machine's date."""

    def __init__(self, browser: Any):
        self._browser = browser

    def new_context(self, now: datetime | str = NOW, **options: Any) -> Any:
        context = self._browser.new_context(**{"locale": "zh-CN", "timezone_id": ZONE, **options})
        if options.get("java_script_enabled", True):  # no script, no clock to read
            pin_browser(context, now)
        return context

    def new_page(self, now: datetime | str = NOW, **options: Any) -> Any:
        context = self.new_context(now, **options)
        page = context.new_page()
        page.once("close", lambda _: context.close())
        return page


@pytest.fixture(scope="session")
def browser() -> Iterator[PinnedBrowser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield PinnedBrowser(browser)
        browser.close()


class OutsideRequests(list):
    """Every request whose host is not the local test server."""


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    local = urlparse(base_url).netloc
    page.outside = OutsideRequests()
    page.on(
        "request",
        lambda r: (
            None
            if urlparse(r.url).netloc == local or r.url.startswith(("data:", "blob:"))
            else page.outside.append(r.url)
        ),
    )
    yield page
    context.close()
