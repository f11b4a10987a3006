"""`cwgk 张贴`: the 公开栏 PDF of the demo's open notices, read back with poppler.

The PDFs are made once per module (WeasyPrint takes a few seconds each) on a copy of the demo with
names shown as 张某某, at the pinned build day. What the paper must hold is taken from the site's own
record pages (Renderer.render_record), not from the poster's code: every column header and every
row's key cell of every table the page shows, the title of every open record.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec
from io import StringIO
from pathlib import Path

import pytest
from cwgk.cli import _project, main
from cwgk.poster import posted_entries
from cwgk.render import Renderer, make_environment
from pinned_clock import BUILD_DAY, pinned_env
from record_samples import ROOT, copy_site_skeleton

OPEN = ["GH/2026-00011", "GH/2026-00014", "GH/2026-00009"]  # 公示中 on 2026-11-23, oldest first
PAGES_A4 = [2, 1, 1]  # each record's pages, as read and checked below
PAGES_A3 = [2, 1, 1]  # the same layout, √2 larger: read from twice as far
WIDE = "GH/2026-00099"  # a notice with a 14-column table, added to the copy (no 公示期)
WIDE_NOTICE = """类型: 通知公告
索引号: GH/2026-00099
标题: 2026年各车间设备点检记录汇总
发布机构: 设备动力部
发布日期: 2026-11-20
内容概述: 公开各车间2026年设备点检记录汇总。
正文: |
  | 车间 | 设备编号 | 一月 | 二月 | 三月 | 四月 | 五月 | 六月 | 七月 | 八月 | 九月 | 十月 | 十一月 | 备注 |
  |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
  | 铸造车间 | ZZ-2026-000001-A | 2026-01-05 | 2026-02-05 | 2026-03-05 | 2026-04-05 | 2026-05-05 | 2026-06-05 | 2026-07-05 | 2026-08-05 | 2026-09-05 | 2026-10-05 | 2026-11-05 | 正常 |
  | 装配车间 | ZP-2026-000002-B | 2026-01-06 | 2026-02-06 | 2026-03-06 | 2026-04-06 | 2026-05-06 | 2026-06-06 | 2026-07-06 | 2026-08-06 | 2026-09-06 | 2026-10-06 | 2026-11-06 | 正常 |
"""
CHOSEN = [WIDE, "GH/2024-00006", "GH/2026-00016"]  # + a list taken down, an internal table


@dataclass
class Run:
    code: int
    out: str
    pdf: Path


def run(config: Path, *args: str) -> Run:
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["-f", str(config), *args])
    pdf = Path(re.search(r"已生成 (\S+?)：", out.getvalue())[1]) if code == 0 else Path()
    return Run(code, out.getvalue() + err.getvalue(), config.parent / pdf)


@pytest.fixture(scope="module")
def config(tmp_path_factory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("poster")
    config = copy_site_skeleton(root)
    shutil.copytree(ROOT / "data", root / "data")
    (root / "data" / "notice" / "2026-dianjian.yaml").write_text(WIDE_NOTICE, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  cwgk:\n", '  cwgk:\n    name_display: 张某某\n    history: "off"\n', 1),
        encoding="utf-8",
    )
    yield config


@pytest.fixture(scope="module")
def made(config) -> dict[str, Run]:
    with pinned_env(BUILD_DAY):
        return {
            "A4": run(config, "张贴"),
            "A3": run(
                config, "poster", "--paper", "A3", "-o", str(config.parent / "公开栏/A3.pdf")
            ),
            "chosen": run(config, "张贴", *CHOSEN, "--纸张", "A4"),
        }


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True
    ).stdout
    found = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)
    return [(round(float(w)), round(float(h))) for w, h in found]  # points


_TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def cell_text(cell: str) -> str:
    return squeezed(html.unescape(re.sub(r"<[^>]+>", "", cell)))


@pytest.fixture(scope="module")
def site_pages(config) -> dict[str, str]:
    """The site's own record page of every open record, as `cwgk build` renders it."""
    project = _project(config)
    with pinned_env(BUILD_DAY):
        moment = project.now()
        entries, _ = posted_entries(project, moment)
    by_index = {e.index_no: e for e in entries}
    renderer = Renderer(project.settings, make_environment(project.templates_dir), moment)
    return {i: renderer.render_record(by_index[i], by_index) for i in OPEN}


def site_tables(page: str) -> list[tuple[list[str], list[str]]]:
    """(column headers, each row's key cell) of every table on a record's site page."""
    tables = []
    for table in _TABLE.finditer(page):
        if "cwgk-meta" in table["attrs"]:
            continue  # the site's metadata block: the poster has its own head
        head, _, body = table["body"].partition("</thead>")
        headers = [cell_text(c) for c in _CELL.findall(head)] if body else []
        keys = []
        for row in _ROW.findall(body or head):
            cells = [cell_text(c) for c in _CELL.findall(row)]
            key = cells[1] if len(cells) > 1 and cells[0].isdigit() else cells[0]
            keys.append(key)
        tables.append((headers, keys))
    return tables


def test_the_open_notices_pdf_has_every_column_and_row_of_every_table(config, made, site_pages):
    done = made["A4"]
    assert done.code == 0, done.out
    assert done.pdf == config.parent / "张贴" / f"{BUILD_DAY.isoformat()}-公示.pdf"
    text = squeezed("".join(page_texts(done.pdf)))
    checked = 0
    for index_no in OPEN:
        for headers, keys in site_tables(site_pages[index_no]):
            for cell in headers + keys:
                assert cell in text, f"{index_no}: {cell}"
                checked += 1
    assert checked > 60  # the three records' tables: 4 + 6 + 12 columns, 5 + 9 + 7 + 6 + 6 rows
    assert "洪某某" in text and "洪凯" not in text  # names as the site shows them (张某某)


def test_each_record_starts_on_its_own_page_and_the_page_count_is_right(made):
    for paper, per_record in (("A4", PAGES_A4), ("A3", PAGES_A3)):
        done = made[paper]
        pages = page_texts(done.pdf)
        total = sum(per_record)
        assert len(pages) == total, paper
        footers = [set(re.findall(r"索引号：(GH/\d{4}-\d{5})", p)) for p in pages]
        assert all(len(named) == 1 for named in footers), paper
        footers = [named.pop() for named in footers]
        expected = [i for i, n in zip(OPEN, per_record, strict=True) for _ in range(n)]
        assert footers == expected, paper  # each page names its record at the foot
        first = 0
        for index_no, count in zip(OPEN, per_record, strict=True):
            top = squeezed(pages[first])
            assert f"索引号：{index_no}" in top[:120], (paper, index_no)  # a new record's head
            first += count
        for number, page in enumerate(pages, 1):
            assert f"第{number}页共{total}页" in squeezed(page)
            assert "张贴日期：2026年11月23日" in squeezed(page)
        assert f"{paper} 纸共 {total} 页" in done.out


def test_a3_and_a4_sheets_and_landscape_for_the_wide_list(made):
    a4, a3 = page_sizes(made["A4"].pdf), page_sizes(made["A3"].pdf)
    portrait4, landscape4 = (595, 842), (842, 595)  # 210 × 297 mm
    portrait3, landscape3 = (842, 1191), (1191, 842)  # 297 × 420 mm
    assert a4 == [portrait4, portrait4, portrait4, landscape4]  # the 12-column list: landscape
    assert a3 == [portrait3, portrait3, portrait3, landscape3]
    assert made["A3"].pdf.name == "A3.pdf" and made["A3"].pdf.parent.name == "公开栏"


def test_every_notice_ends_with_its_period_contact_and_a_seal_box(made):
    text = squeezed("".join(page_texts(made["A4"].pdf)))
    assert text.count("盖章处") == len(OPEN)
    assert text.count("特此公示。") == len(OPEN)
    assert "公示期：2026年11月20日至2026年11月30日17:30止（7个工作日）" in text
    assert text.count("受理部门公司工会") == len(OPEN)
    assert "http://cwgk.mjzj.example.cn/records/gh-2026-00009/" in text  # beside its QR code
    qr = subprocess.run(
        ["pdfimages", "-list", str(made["A4"].pdf)], capture_output=True, text=True
    )  # the QR codes are vector drawings (SVG), not images: nothing to list, nothing blurred
    assert qr.stdout.count("\n") <= 2


def test_chosen_records_in_their_order_withheld_tables_left_out_wide_table_kept_whole(made):
    done = made["chosen"]
    assert done.code == 0, done.out
    assert done.pdf.name == f"{BUILD_DAY.isoformat()}-选定3条.pdf"
    text = squeezed("".join(page_texts(done.pdf)))
    positions = [text.index(f"索引号：{i}") for i in CHOSEN]
    assert positions == sorted(positions)
    assert "名单已于2024年12月31日从公开网站撤下" in text  # the list after its take-down day
    assert "本项只在内部网站公开，这里只显示汇总数" in text  # an internal table
    for column in ("设备编号", "十一月", "备注", "ZZ-2026-000001-A", "2026-11-06"):
        assert column in text
    assert "特此公告。" in text  # no 公示期: a 公告
    assert "公示期已满" in done.out  # the 2024 list, printed again on purpose
    words = subprocess.run(
        ["pdftotext", "-bbox", str(done.pdf), "-"], capture_output=True, text=True
    ).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', words, re.S)
    for width, body in pages:
        right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', body))
        assert right <= float(width) - 20, "text runs off the sheet"  # inside the margin


def test_no_record_open_on_the_day_says_so_and_how_to_choose(config):
    with pinned_env("2026-12-28"):
        done = run(config, "张贴")
    assert done.code == 1
    assert "2026年12月28日没有正在公示（公示中）的事项，没有生成 PDF。" in done.out
    assert "cwgk 张贴 GH/2026-00011" in done.out
    assert "Traceback" not in done.out


def test_unknown_or_internal_index_numbers_are_named_with_what_to_do(config):
    with pinned_env(BUILD_DAY):
        typo = run(config, "张贴", "GH/2026-0011")
        missing = run(config, "张贴", "GH/2026-00077")
        internal = run(config, "张贴", "GH/2026-00015")
    assert typo.code == missing.code == internal.code == 1
    assert "没有索引号为“GH/2026-0011”的公开事项。是不是 GH/2026-00011？" in typo.out
    assert "没有索引号为“GH/2026-00077”的公开事项。\n" in missing.out
    assert "是只在内部公开的事项" in internal.out
    assert "cwgk --edition 内部 张贴 GH/2026-00015" in internal.out
    assert not list((config.parent / "张贴").glob("*GH-2026*"))


def test_an_output_folder_that_cannot_be_written_is_explained(config):
    (config.parent / "一个文件").write_text("", encoding="utf-8")
    with pinned_env(BUILD_DAY):
        done = run(config, "张贴", "-o", str(config.parent / "一个文件" / "公示.pdf"))
    assert done.code == 1
    assert f"无法写入 {config.parent / '一个文件' / '公示.pdf'}" in done.out
    assert "请换一个能写入的文件夹" in done.out and "Traceback" not in done.out


class _NoPango(MetaPathFinder, Loader):
    """`import weasyprint` failing as it does without Pango: an OSError from cffi's dlopen."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        return ModuleSpec(name, self) if name.split(".")[0] == "weasyprint" else None

    def create_module(self, spec):  # type: ignore[no-untyped-def]
        return None

    def exec_module(self, module):  # type: ignore[no-untyped-def]
        print("WeasyPrint could not import some external libraries.")  # as WeasyPrint does
        raise OSError("cannot load library 'libpango-1.0-0': error 0x7e")


def test_a_missing_pango_says_how_to_install_it(config, monkeypatch):
    for name in [n for n in sys.modules if n.split(".")[0] == "weasyprint"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])
    with pinned_env(BUILD_DAY):
        done = run(config, "张贴")
    assert done.code == 1
    assert "找不到生成 PDF 所需的 Pango 排版库" in done.out
    assert "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in done.out
    assert "pacman -S mingw-w64-ucrt-x86_64-pango" in done.out
    assert "could not import" not in done.out and "Traceback" not in done.out
