"""`cwgk 张贴` (alias `cwgk poster`): the PDF for the 公开栏, in Chinese (poster.py does the work)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .poster_pdf import PAPERS, PosterError

if TYPE_CHECKING:
    from .poster import Poster

EXIT_OK, EXIT_FAILED = 0, 1


def _project(config_file: Path) -> Any:
    from .cli import _project as project_of  # the CLI's one way from mkdocs.yml to a Project

    return project_of(config_file)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def report(poster: Poster, root: Path, paper: str, seconds: float) -> str:
    lines = [
        f"已生成 {_shown(poster.path, root)}：{len(poster.records)} 条公开事项，"
        f"{paper} 纸共 {poster.pages} 页（用时 {seconds:.2f} 秒）。"
    ]
    for item in poster.records:
        last = item.first_page + item.pages - 1
        pages = f"第{item.first_page}页" if item.pages == 1 else f"第{item.first_page}—{last}页"
        extra = "，横向" if item.landscape else ""
        note = f"（{item.note}）" if item.note else ""
        lines.append(f"  {pages}{extra}：{item.index_no} {item.title}{note}")
    for index_no in poster.too_wide:
        lines.append(
            f"注意：{index_no} 的表格字号已缩到最小仍比纸宽，右侧几列会被裁掉：请改用 A3 纸（--纸张 A3）。"
        )
    lines.append("打印后在“盖章处”盖章，张贴到公开栏。")
    return "\n".join(lines)


def cmd_poster(args: argparse.Namespace) -> int:
    from .poster import make_poster  # markdown, the QR library: only for this command

    start = time.perf_counter()
    project = _project(args.config)
    try:
        poster = make_poster(project, args.index_nos, args.paper, args.output)
    except PosterError as failed:
        print(failed, file=sys.stderr)
        return EXIT_FAILED
    seconds = time.perf_counter() - start
    print(report(poster, project.root, args.paper, seconds))
    return EXIT_OK


def add_parsers(sub: Any) -> None:
    p_poster = sub.add_parser(
        "张贴",
        aliases=["poster"],
        help="生成张贴到公开栏的 PDF：今天公示中的全部事项，或指定索引号的事项",
    )
    p_poster.add_argument(
        "index_nos",
        nargs="*",
        metavar="索引号",
        help="只打印这些事项，例如 GH/2026-00011（不写：今天公示中的全部事项）",
    )
    p_poster.add_argument(
        "--纸张",
        "--paper",
        dest="paper",
        choices=PAPERS,
        default="A4",
        help="A4（默认）或 A3",
    )
    p_poster.add_argument(
        "-o",
        "--输出",
        "--output",
        dest="output",
        type=Path,
        default=None,
        metavar="PDF文件",
        help="PDF 的保存位置（默认 张贴/日期-公示.pdf）",
    )
    p_poster.set_defaults(func=cmd_poster)
