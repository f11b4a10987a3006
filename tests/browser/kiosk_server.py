"""A server for the kiosk pages that misbehaves the way proxies and half-finished copies do.

It serves a copy of the built site's kiosk/ folder. A test publishes new builds into it (`publish`:
the page edited and sealed as the build seals it, then version.json) and makes any path answer
wrongly (`faults`): a stale copy, a cut-off page, garbled bytes, a wrong charset label, a 500. Each
fault may apply to the screen's own fetches (`?t=…`), to plain page loads (a reload), or to both.
`settle` waits until the screen has no request open and has handled every answer.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cwgk.kiosk import seal, unseal

HTML = "text/html; charset=utf-8"
# A task that runs after every task already queued (an answered request's handler included);
# MessageChannel is not one of the timers Playwright's clock holds back.
ROUNDTRIP = """() => new Promise(done => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => done(true);
  channel.port2.postMessage(0);
})"""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


# What a fault does with the file the path would serve (None: the path serves nothing).
Fault = Callable[[bytes | None], Answer]


def stale(old: bytes) -> Fault:
    """A caching proxy: always the copy it kept."""
    return lambda _: Answer(200, HTML, old)


def cut_after(marker: str) -> Fault:
    """A half-finished copy: the file up to the end of `marker`'s first occurrence."""

    def cut(body: bytes | None) -> Answer:
        assert body is not None
        end = body.index(marker.encode()) + len(marker.encode())
        return Answer(200, HTML, body[:end])

    return cut


def cut_before(marker: str) -> Fault:
    """A half-finished copy: the file up to `marker`'s first occurrence."""

    def cut(body: bytes | None) -> Answer:
        assert body is not None
        return Answer(200, HTML, body[: body.index(marker.encode())])

    return cut


def overwrite(after: str, count: int = 12, byte: int = 0xFF) -> Fault:
    """Garbled bytes: `count` bytes right after `after` set to `byte`; everything else intact."""

    def garble(body: bytes | None) -> Answer:
        assert body is not None
        at = body.index(after.encode()) + len(after.encode())
        return Answer(200, HTML, body[:at] + bytes([byte]) * count + body[at + count :])

    return garble


def labelled(charset: str) -> Fault:
    """The right bytes under a wrong charset label."""
    return lambda body: Answer(200, f"text/html; charset={charset}", body or b"")


def failing(status: int = 500) -> Fault:
    return lambda _: Answer(
        status, HTML, f"<html><body><h1>{status} Internal Server Error</h1></body></html>".encode()
    )


def garbage(text: str) -> Fault:
    return lambda _: Answer(200, "application/json", text.encode())


@dataclass(frozen=True)
class Rule:
    fault: Fault
    fetches: bool = True  # the screen's own requests (with ?t=)
    loads: bool = True  # the browser loading or reloading the page (no query)
    times: int | None = None  # how many answers it spoils; None: until healed


class KioskServer:
    def __init__(self, built_site: Path, root: Path):
        shutil.copytree(built_site / "kiosk", root / "kiosk")
        self.root = root
        self.faults: dict[str, Rule] = {}
        self.log: list[str] = []  # every request, path and query, in order
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                answer = server.answer(self.path)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a screen that gives up on an answer is not an error here

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _file(self, path: str) -> Path:
        local = self.root / path.lstrip("/")
        return local / "index.html" if path.endswith("/") else local

    def answer(self, target: str) -> Answer:
        path, _, query = target.partition("?")
        with self._lock:
            self.log.append(target)
            rule = self.faults.get(path)
            if rule is not None and (rule.fetches if query else rule.loads):
                if rule.times is not None:
                    if rule.times <= 1:
                        del self.faults[path]
                    else:
                        self.faults[path] = Rule(
                            rule.fault, rule.fetches, rule.loads, rule.times - 1
                        )
            else:
                rule = None
        file = self._file(path)
        body = file.read_bytes() if file.is_file() else None
        if rule is not None:
            return rule.fault(body)
        if body is None:
            return Answer(404, HTML, b"<h1>404</h1>")
        kind = "application/json" if path.endswith(".json") else HTML
        return Answer(200, kind, body)

    # ---- builds ----
    def page(self, profile: str = "") -> bytes:
        return (self.root / "kiosk" / profile / "index.html").read_bytes()

    def version(self, profile: str = "") -> str:
        text = (self.root / "kiosk" / profile / "version.json").read_text(encoding="utf-8")
        return json.loads(text)["version"]

    def publish(self, edit: Callable[[str], str], profile: str = "") -> str:
        """A new build: the page as the build would write it with `edit` applied, then its
        version.json; → the new version."""
        folder = self.root / "kiosk" / profile
        html = unseal(self.page(profile).decode(), self.version(profile))
        sealed, version = seal(edit(html))
        (folder / "index.html").write_text(sealed, encoding="utf-8")
        (folder / "version.json").write_text(json.dumps({"version": version}), encoding="utf-8")
        return version

    def loads(self, since: int = 0) -> list[str]:
        """Plain loads of a kiosk page (the browser's, not the screen's fetches) after `since`."""
        return [t for t in self.log[since:] if "?" not in t and not t.endswith(".json")]


def track_requests(page: Any) -> None:
    """Keep `page.inflight`: the page's HTTP requests not yet answered."""
    page.inflight = set()
    http = lambda r: r.url.startswith("http")  # noqa: E731
    page.on("request", lambda r: page.inflight.add(r) if http(r) else None)
    page.on("requestfinished", lambda r: page.inflight.discard(r))
    page.on("requestfailed", lambda r: page.inflight.discard(r))


def settle(page: Any) -> None:
    """Until the screen has no request open and has run the handler of every answer (a request
    a handler starts is seen before the round trip returns: the page reports it as it sends)."""
    for _ in range(50):
        page.evaluate(ROUNDTRIP)
        if not page.inflight:
            return
        page.wait_for_event("requestfinished", timeout=15_000)
    raise AssertionError("the screen keeps requesting")
