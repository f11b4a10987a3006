"""Debian's nginx running the shipped site configuration (deploy/nginx/cwgk.conf) on a loopback port.

Only two things of the shipped file are replaced: `listen 80;` (a free port on 127.0.0.1) and the
publication directory /srv/cwgk (a test's own). It is wrapped in the smallest main configuration
that runs as the test's user in a temporary prefix.
"""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pinned_clock import server_env

ROOT = Path(__file__).resolve().parents[1]
SITE_CONF = ROOT / "deploy" / "nginx" / "cwgk.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

MAIN_CONF = """\
{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include {prefix}/site.conf;
}}
"""


def site_conf(dest: Path, port: int) -> str:
    """The shipped server block, pointed at `dest` and a loopback port."""
    text = SITE_CONF.read_text(encoding="utf-8")
    assert text.count("listen 80;") == 1 and text.count("/srv/cwgk") >= 2
    return text.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/cwgk", str(dest))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # as sent (still gzipped when Content-Encoding says so)

    @property
    def content(self) -> bytes:
        return (
            gzip.decompress(self.body)
            if self.headers.get("content-encoding") == "gzip"
            else self.body
        )


class Nginx:
    def __init__(self, dest: Path, prefix: Path):
        self.dest, self.prefix, self.port = dest, prefix, free_port()
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        (prefix / "site.conf").write_text(site_conf(dest, self.port), encoding="utf-8")
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's tmp dirs
        (prefix / "nginx.conf").write_text(MAIN_CONF.format(user=user, prefix=prefix), "utf-8")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def check_config(self) -> str:
        done = subprocess.run(self._command("-t"), capture_output=True, text=True, env=server_env())
        assert done.returncode == 0, done.stderr
        return done.stderr

    def _command(self, *extra: str) -> list[str]:
        conf = str(self.prefix / "nginx.conf")
        return [
            NGINX,
            "-p",
            str(self.prefix),
            "-c",
            conf,
            "-e",
            str(self.prefix / "error.log"),
            *extra,
        ]

    def start(self) -> None:
        self.proc = subprocess.Popen(self._command("-g", "daemon off;"), env=server_env())
        for _ in range(400):  # until it answers (no socket timeouts: they hang under faketime)
            assert self.proc.poll() is None, (self.prefix / "error.log").read_text()
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.025)
        raise AssertionError("nginx did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port)

    def get(self, path: str, gzip_ok: bool = False, conn: http.client.HTTPConnection | None = None,
            headers: dict[str, str] | None = None) -> Response:  # fmt: skip
        own = conn is None
        conn = conn or self.connection()
        sent = {"Accept-Encoding": "gzip" if gzip_ok else "identity", **(headers or {})}
        conn.request("GET", path, headers=sent)
        reply = conn.getresponse()
        body = reply.read()
        if own:
            conn.close()
        return Response(reply.status, {k.lower(): v for k, v in reply.getheaders()}, body)
