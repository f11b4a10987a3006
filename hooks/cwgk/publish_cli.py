"""`cwgk publish DEST` and `cwgk rollback DEST`: the commands around publish.py, in Chinese."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from .publish import DEFAULT_KEEP, PublishError, publish, releases, rollback, served
from .settings import read_mkdocs_yml

EXIT_OK, EXIT_FAILED = 0, 2


def _site_dir(config_file: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    raw = read_mkdocs_yml(config_file)
    return config_file.resolve().parent / str(raw.get("site_dir") or "site")


def _commit(root: Path) -> str:
    """The commit the site was built from, for publish.log ('' outside git)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    )
    return f"commit {done.stdout.strip()}" if done.returncode == 0 else ""


def _failed(exc: Exception) -> int:
    if isinstance(exc, PermissionError):
        print(
            f"没有写入权限：{exc.filename}。请用有权写发布目录的账户运行"
            "（例如 sudo -u www-deploy …），或把发布目录的所有者改为运行本命令的账户。",
            file=sys.stderr,
        )
    else:
        print(exc if isinstance(exc, PublishError) else f"操作失败：{exc}", file=sys.stderr)
    print("网站服务器提供的版本没有改变。", file=sys.stderr)
    return EXIT_FAILED


def cmd_publish(args: argparse.Namespace) -> int:
    site = _site_dir(args.config, args.site_dir)
    start = time.perf_counter()
    try:
        done = publish(site, args.dest, keep=args.keep, note=_commit(args.config.resolve().parent))
    except (PublishError, OSError) as exc:
        return _failed(exc)
    seconds = time.perf_counter() - start
    shared = f"；与上一版相同的 {done.shared} 个文件共用，不另占空间" if done.shared else ""
    print(
        f"已发布：{args.dest}/current → releases/{done.release}（用时 {seconds:.2f} 秒{shared}）。"
    )
    if done.before:
        print(f"上一版 {done.before} 仍保留；如需退回：cwgk rollback {args.dest}")
    if done.removed:
        print(f"只保留最近 {args.keep} 个版本，已删除：{'、'.join(done.removed)}。")
    return EXIT_OK


def cmd_rollback(args: argparse.Namespace) -> int:
    if args.list:
        now = served(args.dest)
        names = releases(args.dest)
        if not names:
            print(f"{args.dest} 里还没有发布过网站。")
        for name in names:
            print(f"{name}{'  ← 当前' if name == now else ''}")
        return EXIT_OK
    try:
        done = rollback(args.dest, args.to)
    except (PublishError, OSError) as exc:
        return _failed(exc)
    print(f"已回退：{args.dest}/current → releases/{done.release}（原为 {done.before}）。")
    print(
        "注意：下次推送时网站会按仓库的最新内容重新生成发布；"
        "如果问题出在记录上，请在仓库里改正（或撤回那次提交）再推送。"
    )
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p_publish = sub.add_parser(
        "publish", help="把生成好的网站作为新版本发布到 DEST（原子切换，保留最近几个版本）"
    )
    p_publish.add_argument(
        "dest", type=Path, metavar="发布目录", help="例如 /srv/cwgk（网站根目录为其中的 current）"
    )
    p_publish.add_argument(
        "--keep",
        type=int,
        default=DEFAULT_KEEP,
        metavar="个数",
        help=f"保留最近几个版本（默认 {DEFAULT_KEEP}，至少 2）",
    )
    p_publish.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        metavar="网站目录",
        help="要发布的网站目录（默认 mkdocs.yml 的 site_dir）",
    )
    p_publish.set_defaults(func=cmd_publish)
    p_rollback = sub.add_parser("rollback", help="退回到上一个发布的版本（或 --to 指定的版本）")
    p_rollback.add_argument("dest", type=Path, metavar="发布目录", help="例如 /srv/cwgk")
    p_rollback.add_argument(
        "--to", default=None, metavar="版本", help="退回到哪个版本（全名或开头的序号，如 00003）"
    )
    p_rollback.add_argument("--list", action="store_true", help="只列出保留的版本，不做改动")
    p_rollback.set_defaults(func=cmd_rollback)
