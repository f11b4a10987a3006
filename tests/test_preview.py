"""`cwgk serve`: editing a record or a page template shows up without restarting the server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from record_samples import ENVELOPE
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


def test_serve_picks_up_record_and_template_edits(tmp_path: Path):
    config = make_site_project(tmp_path)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cwgk.cli", "-f", str(config), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/records/gh-2024-00001/"
        _wait_for(url, "关于职工体检安排的通知")

        record = tmp_path / "data" / "a.yaml"
        record.write_text(ENVELOPE.replace("职工体检", "职工疗休养"), encoding="utf-8")
        _wait_for(url, "关于职工疗休养安排的通知", timeout=30)

        # A page template edit (theme_overrides/cwgk) shows without a restart.
        template = tmp_path / "theme_overrides" / "cwgk" / "record.html"
        template.write_text(
            template.read_text(encoding="utf-8").replace("特此公告。", "特此公告！"),
            encoding="utf-8",
        )
        _wait_for(url, "特此公告！", timeout=30)
    finally:
        server.terminate()
        server.wait(timeout=10)
