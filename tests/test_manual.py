"""The 操作手册 (site_src/manual.md) cannot drift: its commands run here and must print what it shows.

The manual is read in order. Each "## " section starts from a fresh copy of the demo project (with
its dated git history). Within a section:
- a ```yaml title="PATH"``` block writes that file;
- <!-- append: PATH --> followed by a ```yaml``` block appends to it;
- <!-- replace: PATH | "OLD" => "NEW" --> edits it;
- <!-- sheet: NAME.xlsx --> followed by a Markdown table saves that table as a workbook;
- a ```console``` block: each "$ cwgk …" line is run, and the lines after it are its output.
The messages quoted in the closing table must be ones the tools really print.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from cwgk.cli import EXIT_INVALID, main

ROOT = Path(__file__).resolve().parents[1]
MANUAL = ROOT / "site_src" / "manual.md"
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from demo_repo import make_demo_repo  # noqa: E402

TOKEN = re.compile(
    r"```yaml title=\"(?P<write>[^\"]+)\"\n(?P<write_body>.*?)```"
    r"|<!-- append: (?P<append>\S+) -->\s*```yaml\n(?P<append_body>.*?)```"
    r"|<!-- replace: (?P<replace>\S+) \| \"(?P<old>[^\"]*)\" => \"(?P<new>[^\"]*)\" -->"
    r"|<!-- sheet: (?P<sheet>\S+) -->\s*(?P<table>(?:\|.*\|\n)+)"
    r"|```console\n(?P<console>.*?)```",
    re.S,
)


def normal(text: str) -> str:
    return re.sub(r"用时 [\d.]+ 秒", "用时 X 秒", text).strip()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    # The records as they are in data/: the counts the manual shows are the ones a run shows.
    return make_demo_repo(tmp_path_factory.mktemp("manual-demo"), edits=False).parent


def sections() -> list[tuple[str, str]]:
    parts = re.split(r"^## (.+)$", MANUAL.read_text(encoding="utf-8"), flags=re.M)
    return list(zip(parts[1::2], parts[2::2], strict=True))


def save_sheet(path: Path, table: str) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = path.stem
    for line in table.strip().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(set(c) <= {"-", ":"} for c in cells):
            continue  # the Markdown separator row
        row: list[object] = []
        for cell in cells:
            try:
                row.append(float(cell) if "." in cell else int(cell))
            except ValueError:
                row.append(cell or None)
        sheet.append(row)
    book.save(path)


def run_section(project: Path, body: str, capsys) -> list[str]:
    """Carry out one section in `project`; → every output the tools printed."""
    here = Path.cwd()
    os.chdir(project)  # the manual's commands run in the project folder
    try:
        return _run(project, body, capsys)
    finally:
        os.chdir(here)


def _run(project: Path, body: str, capsys) -> list[str]:
    printed = []
    for m in TOKEN.finditer(body):
        if m["write"]:
            (project / m["write"]).parent.mkdir(parents=True, exist_ok=True)
            (project / m["write"]).write_text(m["write_body"], encoding="utf-8")
        elif m["append"]:
            with (project / m["append"]).open("a", encoding="utf-8") as f:
                f.write(m["append_body"])
        elif m["replace"]:
            file = project / m["replace"]
            text = file.read_text(encoding="utf-8")
            assert m["old"] in text, f"{m['replace']}: {m['old']!r} not found"
            file.write_text(text.replace(m["old"], m["new"], 1), encoding="utf-8")
        elif m["sheet"]:
            save_sheet(project / m["sheet"], m["table"])
        else:
            commands = re.split(r"^\$ ", m["console"], flags=re.M)[1:]
            for block in commands:
                command, _, expected = block.partition("\n")
                args = shlex.split(command)
                assert args[0] == "cwgk", command
                capsys.readouterr()
                main(["-f", str(project / "mkdocs.yml"), *args[1:]])
                out = capsys.readouterr()
                actual = normal(out.out + out.err)
                printed.append(actual)
                assert actual == normal(expected), f"$ {command}\n{actual}"
    return printed


@pytest.mark.parametrize(("title", "body"), sections(), ids=[t for t, _ in sections()])
def test_every_command_in_the_manual_prints_what_it_shows(
    demo, tmp_path, monkeypatch, capsys, title, body
):
    project = tmp_path / "project"
    shutil.copytree(demo, project)
    monkeypatch.setenv("CWGK_TODAY", "2026-11-24")
    run_section(project, body, capsys)


def produce(project: Path, capsys, files: dict[str, bytes]) -> str:
    for name, content in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_bytes(content)
    capsys.readouterr()
    main(["-f", str(project / "mkdocs.yml"), "check"])
    out = capsys.readouterr()
    for name in files:
        (project / name).unlink()
    return out.out + out.err


NOTICE = (
    "类型: 通知公告\n索引号: GH/2026-00020\n标题: 关于职工体检安排的通知\n发布机构: 公司工会\n"
    "发布日期: 2026-11-24\n内容概述: 公布2026年职工体检的时间和地点安排。\n正文: 体检于12月上旬进行。\n"
)


def test_the_messages_in_the_closing_table_are_the_real_ones(demo, tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    shutil.copytree(demo, project)
    monkeypatch.chdir(project)
    monkeypatch.setenv("CWGK_TODAY", "2026-11-24")
    printed = []
    for number, (_, body) in enumerate(sections()):  # everything the sections print
        fresh = tmp_path / f"section-{number}"
        shutil.copytree(demo, fresh)
        printed += run_section(fresh, body, capsys)
    opinion = (ROOT / "data" / "opinions" / "2026-004.yaml").read_text(encoding="utf-8")
    hospitality = (ROOT / "data" / "hospitality" / "2026-h1.yaml").read_text(encoding="utf-8")
    printed.append(
        produce(
            project,
            capsys,
            {
                "data/notice/gbk.yaml": NOTICE.encode("gbk"),
                "data/hospitality/wan.yaml": hospitality.replace("GH/2026-00006", "GH/2026-00022")
                .replace("核定额: ", "核定额: 18万 #")
                .encode(),
                "data/notice/dup.yaml": NOTICE.replace("GH/2026-00020", "GH/2026-00014").encode(),
                "data/opinions/signed.yaml": opinion.replace("YJ/2026-004", "YJ/2026-099")
                .replace("渠道: 电话", "渠道: 电话\n署名: 张伟")
                .encode(),
                "data/notice/late.yaml": NOTICE.replace("GH/2026-00020", "GH/2026-00023")
                .replace(
                    "发布日期: 2026-11-24",
                    "发布日期: 2026-12-28\n公示期:\n  开始: 2026-12-28\n  工作日: 5",
                )
                .encode(),
            },
        )
    )
    everything = "\n".join(printed)
    table = MANUAL.read_text(encoding="utf-8").split("| 提示 | 意思和改法 |", 1)[1]
    quoted = [line.split("|")[1].strip() for line in table.strip().splitlines()[1:]]
    assert len(quoted) == 7
    for message in quoted:
        for fragment in message.split("…"):
            assert fragment.strip() in everything, (
                f"{message!r}: {fragment!r} is not printed by the tools"
            )
    # The sheet error quoted in the import section is what import prints.
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "通讯费"
    book.active.append(["2026年第四季度中层领导通讯费明细表"])
    book.active.append(["序号", "姓名", "部门名称", "职务", "标准（元/月）", "月数", "金额/元"])
    book.active.append([1, "罗晨子", "第一车间", "主任", 180, 3, "4.8万"])
    book.save(project / "通讯费.xlsx")
    records_before = sorted(p.relative_to(project) for p in (project / "data").rglob("*"))
    capsys.readouterr()
    status = main(
        ["-f", str(project / "mkdocs.yml"), "import", "通讯费.xlsx", "--kind", "中层领导通讯费"]
    )
    err = capsys.readouterr().err.splitlines()
    assert f"`{err[0]}`" in MANUAL.read_text(encoding="utf-8")
    # …and, as the manual says, the import refuses the sheet and writes no record file.
    assert status == EXIT_INVALID
    assert err[-1] == "没有生成记录文件：请改正表格后重新导入。"
    assert sorted(p.relative_to(project) for p in (project / "data").rglob("*")) == records_before
