"""The WeasyPrint side of the 公开栏 PDF (poster.py): loading it (a missing Pango explained), laying
out, finding a table wider than its sheet, the page each record starts on, writing the file."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from weasyprint import Document

Paper = Literal["A4", "A3"]
PAPERS: tuple[Paper, ...] = ("A4", "A3")


class PosterError(Exception):
    """What went wrong, in Chinese, with what to do; printed as it is."""


def load_weasyprint() -> Any:
    """The HTML class, or PosterError saying how to install what is missing (Pango)."""
    quiet = io.StringIO()
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            from weasyprint import HTML
    except ImportError:
        raise PosterError(
            "没有安装生成 PDF 的程序 WeasyPrint。请在项目文件夹中重新运行安装命令："
            "Linux 上 bash scripts/setup.sh，Windows 上 py scripts\\setup.py。"
        ) from None
    except OSError as exc:  # Pango/GLib libraries not found
        raise PosterError(
            f"找不到生成 PDF 所需的 Pango 排版库（{exc}）。\n"
            "Linux（Debian/Ubuntu）上运行 bash scripts/setup.sh，或：sudo apt-get install "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk\n"
            "Windows 上安装 MSYS2（msys2.org，装在默认的 C:\\msys64），在“MSYS2 UCRT64”窗口中运行 "
            "pacman -S mingw-w64-ucrt-x86_64-pango，然后重新打开终端再运行本命令"
            "（详见操作手册“打印张贴到公开栏”）。"
        ) from None
    return HTML


def render(html: str, base: Path) -> Document:
    html_class = load_weasyprint()
    return html_class(string=html, base_url=str(base)).render()


def overflowing(document: Document) -> set[str]:
    """Anchors of the records whose content sticks out of its page (a table too wide)."""
    found: set[str] = set()
    for page in document.pages:
        box = page._page_box
        right = box.margin_width() - box.margin_right - box.padding_right - box.border_right_width
        for record, child in _boxes(box, ""):
            edge = child.position_x + child.margin_width()
            if record and edge > right + 1:
                found.add(record)
    return found


def _boxes(box: Any, record: str) -> Iterator[tuple[str, Any]]:
    element = getattr(box, "element", None)
    if element is not None and (element.get("class") or "").startswith("notice"):
        record = element.get("id") or record
    for child in getattr(box, "children", ()):
        yield record, child
        yield from _boxes(child, record)


def first_pages(document: Document, anchors: list[str]) -> list[int]:
    """The page (1-based) each anchor is on."""
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            starts.setdefault(name, number)
    return [starts[a] for a in anchors]


def write(document: Document, target: Path) -> None:
    """Written beside the target and moved over it: never half a PDF on the board's printer."""
    part = target.with_name(target.name + ".part")
    try:
        document.write_pdf(part)
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise PosterError(_not_writable(target, exc)) from None


def writable(target: Path) -> None:
    """The folder can take the file (and an old PDF there is not held open), before any work."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target.parent):
            pass
        if target.exists():
            with open(target, "r+b"):
                pass
    except OSError as exc:
        raise PosterError(_not_writable(target, exc)) from None


def _not_writable(target: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return (
        f"无法写入 {target}（{reason}）。\n"
        "请换一个能写入的文件夹，例如：cwgk 张贴 -o D:\\公开栏\\公示.pdf；"
        "如果这个 PDF 正在被阅读器打开，先关闭它再运行。"
    )
