"""`cwgk`: the command-line entry point (check, build, serve). Later tools add subcommands here."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import pipeline
from .problems import Problem, ValidationFailed
from .settings import read_mkdocs_yml, settings_from_extra

EXIT_OK, EXIT_INVALID, EXIT_BUILD_FAILED = 0, 1, 2


def _project(config_file: Path) -> pipeline.Project:
    root = config_file.resolve().parent
    raw = read_mkdocs_yml(config_file)
    docs_dir = root / (raw.get("docs_dir") or "docs")
    custom_dir = (raw.get("theme") or {}).get("custom_dir")
    return pipeline.Project(
        root=root,
        settings=settings_from_extra(raw.get("extra"), config_file),
        docs_dir=docs_dir,
        theme_dir=root / custom_dir if custom_dir else None,
        site_name=str(raw.get("site_name") or "厂务公开"),
        site_url=str(raw.get("site_url") or ""),
    )


def _print_warnings(warnings: list[Problem]) -> None:
    for problem in warnings:
        print(problem.format(), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    project = _project(args.config)
    checked = pipeline.check(project)
    elapsed = time.perf_counter() - start
    _print_warnings(checked.warnings + pipeline.advice(project))
    if checked.problems:
        print(ValidationFailed(checked.problems).report(), file=sys.stderr)
        return EXIT_INVALID
    opinions = f"、{len(checked.opinions)} 条意见与答复" if checked.opinions else ""
    print(
        f"检查通过：{len(checked.records)} 条记录{opinions}，没有发现错误（用时 {elapsed:.2f} 秒）。"
    )
    return EXIT_OK


def atomic_build(config_file: Path, site_dir: Path | None = None) -> int:
    """Build into a temporary directory beside the site; replace the site only when all went well."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from .mkdocs_adapter import PRECHECKED

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(config_file))
    # Same check as the hook runs, first: a clean report and exit code 1 for bad records. Its
    # result goes to the hook with the config, so records and history are read only once.
    project = _project(config_file)
    checked = pipeline.check(project, strict=bool(config.strict))
    _print_warnings(checked.warnings + pipeline.advice(project))
    if checked.problems:
        print(ValidationFailed(checked.problems).report(), file=sys.stderr)
        print("\n网站未更新：仍是上一次成功生成的版本。", file=sys.stderr)
        return EXIT_INVALID
    config.extra[PRECHECKED] = checked
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.building-", dir=target.parent))
    config.site_dir = str(staging)
    try:
        mkdocs_build(config)
    except Exception as exc:  # MkDocs reports plugin and theme errors as Abort
        shutil.rmtree(staging, ignore_errors=True)
        print(f"生成失败：{exc}\n网站未更新：{target} 仍是上一次成功生成的版本。", file=sys.stderr)
        return EXIT_BUILD_FAILED
    except BaseException:  # Ctrl-C: leave the old site, remove the half-built one
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.with_name(f"{target.name}.old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    print(f"网站已生成：{target}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    return atomic_build(args.config, args.site_dir)


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    serve(
        config_file=str(args.config),
        open_in_browser=False,
        livereload=True,
        dev_addr=args.addr,
        strict=False,
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cwgk", description="厂务公开网站：检查记录、生成网站、本地预览"
    )
    parser.add_argument(
        "-f", "--config", type=Path, default=Path("mkdocs.yml"), help="mkdocs.yml 的路径"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "check", help="检查 data/ 中的全部记录（与生成网站时的检查完全相同）"
    ).set_defaults(func=cmd_check)
    p_build = sub.add_parser("build", help="检查并生成网站；失败时保留上一次的网站")
    p_build.add_argument(
        "--site-dir", type=Path, default=None, help="输出目录（默认 mkdocs.yml 的 site_dir）"
    )
    p_build.set_defaults(func=cmd_build)
    p_serve = sub.add_parser("serve", help="本地预览；修改记录、模板或代码后自动刷新")
    p_serve.add_argument(
        "-a", "--addr", default="127.0.0.1:8000", help="监听地址，默认 127.0.0.1:8000"
    )
    p_serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ValidationFailed as failed:  # wrong settings in mkdocs.yml
        print(failed.report(), file=sys.stderr)
        return EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
