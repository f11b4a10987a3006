"""`cwgk`: the command-line entry point (check, build, serve). Later tools add subcommands here."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import check_memo, collector, pipeline, poster_cli, publish_cli
from .argparse_zh import ChineseArgumentParser
from .models import GROUP_OF_KIND, KINDS, Envelope
from .problems import Problem, ValidationFailed
from .settings import read_mkdocs_yml, settings_from_extra
from .spreadsheet_guard import staged_spreadsheets

if TYPE_CHECKING:
    from .incremental import Previous

EXIT_OK, EXIT_INVALID, EXIT_BUILD_FAILED = 0, 1, 2
_one_shot = False  # this process ends with the command (main(own_process=True), not serve)


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
    if args.install_hook:
        return install_hook(args.config)
    start = time.perf_counter()
    project = _project(args.config)
    moment = project.now()
    # An unchanged tree gets the last verdict again (check_memo.py names what "unchanged" covers).
    # The data folder is listed and read once, for the fingerprint and the check.
    cache = project.root / ".cache" / "cwgk"
    files = pipeline.scan_data(project.data_dir, cache) if project.data_dir.is_dir() else None
    print_ = None if args.full else check_memo.fingerprint(project, moment, True, files)
    verdict = check_memo.recall(project, print_) if print_ else None
    if verdict is None:
        # --full: every history made again, as the build makes them (nothing kept is used).
        checked = pipeline.check(
            project,
            moment=moment,
            problems_only=not args.full,
            files=files,
            remembered=not args.full,  # and every file validated again
        )
        verdict = check_memo.verdict_of(checked, project.docs_dir)
        if print_:
            check_memo.remember(project, print_, verdict)
    problems = verdict.problems + staged_spreadsheets(project.root)
    elapsed = time.perf_counter() - start
    _print_warnings(verdict.warnings + pipeline.advice(project))
    if problems:
        print(ValidationFailed(problems).report(building=False), file=sys.stderr)
        return EXIT_INVALID
    opinions = f"、{verdict.opinions} 条意见与答复" if verdict.opinions else ""
    print(f"检查通过：{verdict.records} 条记录{opinions}，没有发现错误（用时 {elapsed:.2f} 秒）。")
    return EXIT_OK


HOOK = """#!/bin/sh
# Installed by `cwgk check --install-hook`: refuse a commit whose records would not build or
# that adds a spreadsheet (personal data). Runs the project's Python (Git for Windows too).
exec "{python}" -m cwgk.cli -f "{config}" check
"""


def install_hook(config_file: Path) -> int:
    """A git pre-commit hook that runs the same check as the build before every commit."""
    root = config_file.resolve().parent
    found = subprocess.run(
        ["git", "rev-parse", "--git-path", "hooks"], cwd=root, capture_output=True, text=True
    )
    if found.returncode != 0:
        print("这里不是 git 仓库，无法安装提交前检查。", file=sys.stderr)
        return EXIT_INVALID
    hooks = (root / found.stdout.strip()).resolve()
    hooks.mkdir(parents=True, exist_ok=True)
    hook = hooks / "pre-commit"
    if hook.exists() and "cwgk check" not in hook.read_text(encoding="utf-8", errors="replace"):
        print(f"{hook} 已有别的提交前检查，未覆盖；请把 cwgk check 加进去。", file=sys.stderr)
        return EXIT_INVALID
    python = Path(sys.executable).as_posix()  # C:/…/.venv/Scripts/python.exe: sh reads it
    config = config_file.resolve().as_posix()
    hook.write_text(HOOK.format(python=python, config=config), encoding="utf-8", newline="\n")
    hook.chmod(0o755)
    try:
        shown = hook.relative_to(root).as_posix()
    except ValueError:
        shown = str(hook)
    print(
        f"已安装提交前检查：{shown}\n以后每次提交前都会自动运行 cwgk check，有错误时提交不会进行。"
    )
    return EXIT_OK


def _new_record(
    project: pipeline.Project, kind: type[Envelope], values: dict[str, Any]
) -> tuple[Path, str]:
    """Write a new record of `kind` with the usual defaults under `values`: → (file, 索引号)."""
    from .json_schema import schema_comment
    from .record_template import (
        claimed_index_numbers,
        free_path,
        next_index_no,
        render_record,
        usual_issuers,
    )

    records = [r.record for r in pipeline.read_records(project).records]
    day = project.now().date()
    texts = [
        path.read_bytes().decode("utf-8", errors="replace")
        for path in (pipeline.record_files(project.data_dir) if project.data_dir.is_dir() else [])
        if path.is_file()
    ]  # every file, valid or not: an unfinished one keeps its number
    index_no = next_index_no(claimed_index_numbers(texts), day.year)
    defaults: dict[str, Any] = {
        "索引号": index_no,
        "发布日期": day,
        "发布机构": usual_issuers(records, kind, project.settings.union_name),
        "有效性": "有效",
        "公开范围": "全体职工",
        "公示期": {"开始": day, "工作日": project.settings.notice_rules.days_for(kind.kind_title)},
        "附件": [],
        "关键词": [],
    }
    if "period" in kind.model_fields:
        defaults["期间"] = {"年度": day.year}
    folder = project.data_dir / GROUP_OF_KIND[kind].slug
    folder.mkdir(parents=True, exist_ok=True)
    path = free_path(folder, index_no.split("/")[1])
    text = render_record(
        kind, {**defaults, **values}, schema_comment(path, project.root, kind.kind_slug)
    )
    path.write_text(text, encoding="utf-8")
    return path, index_no


def _kind_or_none(name: str) -> type[Envelope] | None:
    from .record_template import find_kind

    kind = find_kind(name)
    if kind is None:
        names = "、".join(k.kind_title for k in KINDS)
        print(f"不认识的类型“{name}”，应为以下之一：{names}", file=sys.stderr)
    return kind


def _still_to_fill(project: pipeline.Project, path: Path) -> list[str]:
    """What `check` would still say about a freshly written file (usually: fields to fill in)."""
    from .source_reader import read_source
    from .validate import validate_document

    shown = path.relative_to(project.root).as_posix()
    _, found = validate_document(read_source(path, shown), project.settings.notice_rules)
    return [p.format() for p in found]


def cmd_new(args: argparse.Namespace) -> int:
    kind = _kind_or_none(args.kind)
    if kind is None:
        return EXIT_INVALID
    project = _project(args.config)
    path, index_no = _new_record(project, kind, {})
    shown = path.relative_to(project.root).as_posix()
    print(f"已新建 {shown}（{kind.kind_title}，索引号 {index_no}）。")
    print("请用编辑器填写各字段（“#”后面是说明），然后运行 cwgk check 检查。")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .sheet_import import ImportFailed, import_table, record_values

    kind = _kind_or_none(args.kind)
    if kind is None:
        return EXIT_INVALID
    if kind.import_table is None:
        able = "、".join(k.kind_title for k in KINDS if k.import_table is not None)
        print(f"“{kind.kind_title}”没有可以导入的表格；可以导入：{able}", file=sys.stderr)
        return EXIT_INVALID
    try:
        imported = import_table(args.file, kind)
    except ImportFailed as failed:
        imported = None
        problems = failed.problems
    else:
        problems = imported.problems
    if problems or imported is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        print("\n没有生成记录文件：请改正表格后重新导入。", file=sys.stderr)
        return EXIT_INVALID
    project = _project(args.config)
    path, index_no = _new_record(project, kind, record_values(kind, imported))
    shown = path.relative_to(project.root).as_posix()
    print(
        f"已从 {args.file.name} 导入 {len(imported.rows)} 行 → {shown}（{kind.kind_title}，索引号 {index_no}）。"
    )
    print("对应的列：" + "，".join(f"{n}←{c}" for n, c in imported.columns.items()))
    if imported.ignored:
        print("未使用的列：" + "、".join(imported.ignored))
    if imported.total is not None:
        print(f"表中的合计行（{imported.total}）已写入，检查时会与各行之和核对。")
    if imported.left_out:
        rows = "、".join(str(r) for r in imported.left_out)
        print(
            f"{imported.left_out_reason}的 {len(imported.left_out)} 行没有导入（第 {rows} 行）："
            "公示名单只列拟录用和替补人员。"
        )
    if imported.footer:
        print("表格下方的内容不是数据，没有导入：" + "，".join(imported.footer))
    remaining = _still_to_fill(project, path)
    if remaining:
        print("还需要在文件中补充：\n" + "\n".join(remaining))
    else:
        print("记录已完整，可以运行 cwgk check 检查后提交。")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .json_schema import write_schemas

    root = args.config.resolve().parent
    for path in write_schemas(root):
        print(f"已生成 {path.relative_to(root).as_posix()}")
    return EXIT_OK


def _recover(target: Path) -> None:
    """Tidy up after a build that was killed (power cut, kill -9): half-built directories go;
    a site caught between its two renames is put back. (A replaced site still being deleted in
    the background is left to that.)"""
    for stale in sorted(target.parent.glob(f"{target.name}.stale-*")):
        _remove_later(stale)  # what an update in place moved out, not yet deleted
    for partial in sorted(target.parent.glob(f"{target.name}.building-*")):
        _remove_later(partial)
        print(f"已清理上次中断的生成留下的临时目录 {partial.name}。", file=sys.stderr)
    olds = sorted(target.parent.glob(f"{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        olds.pop().rename(target)
        print(f"上次生成在替换网站时被中断，已恢复原来的网站 {target.name}/。", file=sys.stderr)
    for old in olds:
        _remove_later(old)


def atomic_build(
    config_file: Path,
    site_dir: Path | None = None,
    full: bool = False,
    previous: Path | None = None,
) -> int:
    """Build into a temporary directory beside the site; replace the site only when all went well.

    The build is MkDocs' own, through our hook (mkdocs_adapter.py): the same way in as plain
    `mkdocs build` and `cwgk serve`. Bad records come back as RecordsRejected, reported here.
    Pages whose inputs are unchanged are taken from `previous` (by default the site being
    replaced) unless `full` (incremental.py)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from . import incremental, mkdocs_adapter
    from .mkdocs_adapter import RecordsRejected
    from .precompress import precompress

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(config_file))
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    staging = Path(tempfile.mkdtemp(prefix=f"{target.name}.building-", dir=target.parent))
    config.site_dir = str(staging)
    project = f"{config.site_name}|{config.site_url or ''}"
    reuse = None if full else (previous.resolve() if previous else target)
    request = incremental.Request(previous=reuse, project=project, in_place=reuse == target)
    unchanged = f"网站未更新：{target} 仍是上一次成功生成的版本。"
    mkdocs_adapter.REQUEST = request
    try:
        with _reported_here(RecordsRejected), _quiet_dirty():
            # "dirty": MkDocs makes only what is marked modified; staging starts empty.
            mkdocs_build(config, dirty=True)
        request.finish_carrying()  # started while MkDocs made the rest (mkdocs_adapter._plan)
        # .gz copies for the web server (gzip_static): see precompress.py
        precompress(staging, previous=reuse if request.carried else None, skip=request.page_folders)
        made = incremental.write_manifest(
            staging, project, request.outputs, request.sizes, request.page_folders
        )
    except Abort as abort:  # MkDocs reports plugin and theme errors as Abort
        request.finish_carrying(failing=True)
        shutil.rmtree(staging, ignore_errors=True)
        rejected = abort.__context__
        if isinstance(rejected, RecordsRejected):
            print(f"{rejected}\n\n{unchanged}", file=sys.stderr)
            return EXIT_INVALID
        print(f"生成失败：{rejected or abort}\n{unchanged}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    except Exception as exc:
        request.finish_carrying(failing=True)
        shutil.rmtree(staging, ignore_errors=True)
        print(f"生成失败：{exc}\n{unchanged}", file=sys.stderr)
        return EXIT_BUILD_FAILED
    except BaseException:  # Ctrl-C: leave the old site, remove the half-built one
        request.finish_carrying(failing=True)
        shutil.rmtree(staging, ignore_errors=True)
        print(f"\n生成被中断：{unchanged}", file=sys.stderr)
        raise
    finally:
        mkdocs_adapter.REQUEST = None
    if request.in_place and request.carried and request.trusted is not None:
        outcome = _update_in_place(staging, target, request.trusted, made)
        if outcome != EXIT_OK:
            return outcome
    else:
        old = None
        if target.exists():
            old = target.with_name(f"{target.name}.old-{os.getpid()}")
            target.rename(old)
        staging.rename(target)
        if old is not None:
            _remove_later(old)
    for message in request.messages:
        print(message)
    # Pages of the docs folder (使用说明, 操作手册 …) are made by every build, and counted.
    made = len(request.outputs) - len(request.carried) + request.hand_written
    docs = Path(config.docs_dir).name
    how = (
        f"重新生成 {made} 页，沿用上次的 {len(request.carried)} 页；"
        f"重新生成的页面中有 {request.hand_written} 页是 {docs}/ 里的手写页面，每次都会重新生成"
        if request.carried
        else (f"完整生成 {made} 页")
    )
    print(f"网站已生成：{target}（{how}）")
    return EXIT_OK


def _update_in_place(staging: Path, target: Path, previous: Previous, made: set[str]) -> int:
    """Move what this build made into the site it reuses (incremental.merge); what the site no
    longer has is deleted in the background."""
    from .incremental import merge
    from .search_index import INDEX_DIR

    # A name of its own: an earlier one may still be being deleted.
    trash = Path(tempfile.mkdtemp(prefix=f"{target.name}.stale-", dir=target.parent))
    try:
        merge(
            staging,
            target,
            previous,
            made,
            trash,
            last=(f"{INDEX_DIR}/meta.json.gz", f"{INDEX_DIR}/meta.json"),
            named_by_content=(INDEX_DIR,),
        )
    except OSError as failed:
        print(
            f"生成失败：把新页面移入 {target} 时出错（{failed}）。网站中可能新旧页面混杂；"
            "改正后再运行一次 cwgk build，会完整重新生成。",
            file=sys.stderr,
        )
        return EXIT_BUILD_FAILED
    finally:
        # What is left of the staging folder (folders, an index folder the site already had)
        # goes with what the site no longer has: one process deletes both.
        staging.rename(trash / "building")
        _remove_later(trash)
    return EXIT_OK


def _remove_later(old: Path) -> None:
    """Delete the replaced site in a process of its own: tens of thousands of files take seconds
    to unlink, and the new site is already in place. (The next build tidies up if it was cut
    short: _recover.)"""
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", old],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(old, ignore_errors=True)


def _is_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave stale links: not ours, which starts empty and
    decides itself what to make again (and not the preview's, whose pages preview.py marks)."""
    return "'dirty' build" in record.getMessage()


@contextmanager
def _build_log_without(drop: Callable[[logging.LogRecord], bool]) -> Iterator[None]:
    """MkDocs' build log, less the records `drop` picks, for the time of a block."""

    def keep(record: logging.LogRecord) -> bool:
        return not drop(record)

    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def _quiet_dirty() -> AbstractContextManager[None]:
    return _build_log_without(_is_dirty_warning)


def _reported_here(kind: type[Exception]) -> AbstractContextManager[None]:
    """MkDocs logs a failing plugin's message before it aborts; the CLI prints that report itself
    (with what happened to the site), so MkDocs' copy is held back (it is logged while the
    exception is being handled)."""
    return _build_log_without(lambda record: isinstance(sys.exc_info()[1], kind))


def cmd_build(args: argparse.Namespace) -> int:
    return atomic_build(args.config, args.site_dir, full=args.full, previous=args.previous)


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview_server import serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Dirty rebuilds: only the pages an edit changed are made again (see preview.py), which is
    # what keeps a preview of thousands of records quick. Their warning is about plain MkDocs;
    # a page the fast lane already made of a later edit is left as it is (fast_preview.py).
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not (_is_dirty_warning(record) or _is_skipped_page(record))
    )
    host, _, port = args.addr.rpartition(":")
    print(
        f"本地预览：http://{host or '127.0.0.1'}:{port}/ （用浏览器打开；改记录后保存即自动刷新，按 Ctrl+C 结束）"
    )
    try:
        serve(str(args.config), args.addr)
    except OSError as exc:  # the port is taken (another preview still running), or not allowed
        print(
            f"无法在 {args.addr} 启动预览（{exc.strerror or exc}）。"
            "可能已有一个预览在运行：关闭它，或换一个端口，例如 cwgk serve -a 127.0.0.1:8001",
            file=sys.stderr,
        )
        return EXIT_BUILD_FAILED
    return EXIT_OK


def _is_skipped_page(record: logging.LogRecord) -> bool:
    return record.getMessage().startswith("Page skipped:")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="cwgk", description="厂务公开网站：检查记录、生成网站、本地预览"
    )
    parser.add_argument(
        "-f",
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="配置文件",
        help="mkdocs.yml 的路径",
    )
    parser.add_argument(
        "--edition",
        choices=("公开", "内部"),
        default=None,
        help="生成公开网站或内部网站（默认按 mkdocs.yml 的 edition，一般为 公开）",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    p_check = sub.add_parser("check", help="检查 data/ 中的全部记录（与生成网站时的检查完全相同）")
    p_check.add_argument(
        "--install-hook", action="store_true", help="安装 git 提交前检查：每次提交前自动运行"
    )
    p_check.add_argument(
        "--full",
        action="store_true",
        help="从头检查全部记录和修改记录（默认：与上次检查时相同的部分沿用上次的结果）",
    )
    p_check.set_defaults(func=cmd_check)
    p_new = sub.add_parser("new", help="新建一条记录：所有字段和说明都写好，填空即可")
    p_new.add_argument("kind", metavar="类型", help="例如 中层领导通讯费、通讯费 或 telecom")
    p_new.set_defaults(func=cmd_new)
    sub.add_parser(
        "schema", help="由数据模型生成编辑器用的 JSON Schema（schema/ 目录）"
    ).set_defaults(func=cmd_schema)
    p_import = sub.add_parser("import", help="从 Excel（.xlsx）或 CSV 导入一张表，生成一条记录")
    p_import.add_argument("file", type=Path, metavar="表格文件", help=".xlsx 或 .csv 文件")
    p_import.add_argument(
        "--kind", required=True, metavar="类型", help="例如 中层领导通讯费、招聘结果、部门奖金"
    )
    p_import.set_defaults(func=cmd_import)
    p_build = sub.add_parser("build", help="检查并生成网站；失败时保留上一次的网站")
    p_build.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        metavar="目录",
        help="输出目录（默认 mkdocs.yml 的 site_dir）",
    )
    p_build.add_argument(
        "--full",
        action="store_true",
        help="每一页都重新生成（默认只重新生成内容有变化的页面，其余沿用上一次的网站）",
    )
    p_build.add_argument(
        "--previous",
        type=Path,
        metavar="目录",
        help="从这个目录沿用未变化的页面，例如 cwgk publish 的 current（默认为输出目录本身）",
    )
    p_build.set_defaults(func=cmd_build)
    p_serve = sub.add_parser("serve", help="本地预览；修改记录、模板或代码后自动刷新")
    p_serve.add_argument(
        "-a",
        "--addr",
        default="127.0.0.1:8000",
        metavar="地址",
        help="监听地址，默认 127.0.0.1:8000",
    )
    p_serve.set_defaults(func=cmd_serve)
    publish_cli.add_parsers(sub)  # publish, rollback
    poster_cli.add_parsers(sub)  # 张贴 (poster): the PDF for the 公开栏
    return parser


OWN_LOGGER = "mkdocs.hooks.cwgk"  # mkdocs_adapter's


class _OwnWords(logging.Formatter):
    """Our messages as written (they say what they are: 错误/警告/提示); MkDocs' with its level."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name == OWN_LOGGER:
            return record.getMessage()
        return f"{record.levelname} {record.getMessage()}"


def main(argv: list[str] | None = None, own_process: bool = False) -> int:
    """`own_process`: the run ends with the process (the `cwgk` command), so the garbage
    collector may leave alone what it has made (collector.py); not for tests calling main()."""
    handler = logging.StreamHandler()
    handler.setFormatter(_OwnWords())
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    # The build's warnings and advice (提示) are ours, in Chinese: shown as they are written.
    logging.getLogger(OWN_LOGGER).setLevel(logging.INFO)
    args = build_parser().parse_args(argv)
    if own_process and args.command != "serve":  # the preview's server lives on
        global _one_shot
        _one_shot = True
        collector.one_shot()
    if args.edition:  # read by the pipeline wherever the site is built (CLI, hook, preview)
        os.environ["CWGK_EDITION"] = args.edition
    try:
        return int(args.func(args))
    except ValidationFailed as failed:  # wrong settings in mkdocs.yml
        building = args.command in ("build", "serve")
        print(failed.report(building, preview=args.command == "serve"), file=sys.stderr)
        return EXIT_INVALID


def run() -> int:
    """The `cwgk` command.

    A one-shot run leaves without tearing down its objects: freeing the millions a build holds at
    5,000 records took 0.5 s after the site was in place (a tenth of a publish). Everything it
    writes is closed and every thread it starts is joined by then; only output is buffered."""
    code = main(own_process=True)
    if _one_shot:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
