"""Benchmark: synthetic records with a long git history → timings, as a table and as JSON.

    .venv/bin/python scripts/benchmark.py [--records 5000] [--commits 20000] [--json out.json]

Records are the demo set cloned under other unit codes (so every record is valid and realistic in
size); the history is written with one `git fast-import` stream: records published in batches,
then edits — wording fixes, corrections with their 更正说明, moves into sub-folders. Reported:

- history read at ¼, ½ and all of the commits (one walk each) → cost per 1,000 commits, to show it
  grows linearly;
- our pipeline's stages in-process (load, validate, history, enrich, render);
- the full `cwgk build` (wall time, peak memory of the process tree), and history's share of it;
- the search index (gzipped, per record), the kiosk page's weight, and `cwgk check` (first and warm);
- a **baseline**: the same pages written as plain Markdown and built by bare MkDocs with the same
  theme and search settings, and our build's time as a ratio of it.

Figures vary between runs on shared machines: compare the ratios, which are measured in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHANGHAI = timezone(timedelta(hours=8))


def templates() -> list[tuple[str, str]]:
    # Opinions last: a unit cloned only in part never has an opinion without its disclosure.
    paths = sorted((ROOT / "data").rglob("*.yaml"), key=lambda p: ("opinions" in p.parts, p))
    return [(p.relative_to(ROOT / "data").as_posix(), p.read_text(encoding="utf-8")) for p in paths]


from make_demo_data import GIVEN, SURNAMES  # noqa: E402 - the demo generator's name pools

DEPARTMENTS = [
    "铸造车间",
    "锻造车间",
    "热处理车间",
    "机加工车间",
    "装配车间",
    "涂装车间",
    "模具车间",
    "动力车间",
    "质量管理部",
    "技术中心",
    "销售部",
    "采购部",
    "财务部",
    "人力资源部",
    "综合办公室",
    "安全环保部",
    "设备管理部",
    "物流中心",
    "信息中心",
    "审计部",
    "生产管理部",
    "工艺研究所",
    "检测中心",
    "后勤服务中心",
    "党群工作部",
    "法务部",
    "市场开发部",
    "国际贸易部",
    "仓储中心",
    "第一车间",
    "第二车间",
    "第三车间",
    "精铸车间",
    "焊接车间",
    "电气车间",
    "计量室",
    "档案室",
    "培训中心",
    "基建办公室",
]
PLANTS = [
    "铸锻",
    "机加",
    "精密",
    "重装",
    "热能",
    "液压",
    "电控",
    "结构件",
    "新材料",
    "物流",
    "备件",
    "模具",
]
MONEY_KEYS = "金额|合计|核定额|实际支出|标准|超标自担|奖金总额"  # every money-yuan field
_MONEY = re.compile(rf"^(\s*(?:- )?(?:{MONEY_KEYS}): )([0-9]+(?:\.[0-9]+)?)$", re.M)
_NAME = re.compile(r"^(\s*(?:- )?姓名: )(\S+)$", re.M)
_DEPARTMENT = re.compile(r"^(\s*- 部门: |\s{2,}部门: )(\S+)$", re.M)


def vary(text: str, unit: int) -> str:
    """Make a clone read like another unit's record: other names, departments, amounts (all of a
    record's amounts scaled by one whole factor, so its sums still agree) and title. Search and
    compression are measured on such text, not on repeats of the demo."""
    rng = random.Random(zlib.crc32(text.encode()) * 100_003 + unit)
    text = _NAME.sub(
        lambda m: m[1] + rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
        text,
    )
    found = sorted({m[2] for m in _DEPARTMENT.finditer(text) if "工会" not in m[2]})
    mapping = dict(
        zip(found, rng.sample(DEPARTMENTS, min(len(found), len(DEPARTMENTS))), strict=False)
    )
    text = _DEPARTMENT.sub(lambda m: m[1] + mapping.get(m[2], m[2]), text)
    factor = rng.choice((1, 2, 3, 4, 5, 7))
    text = _MONEY.sub(lambda m: m[1] + str(Decimal(m[2]) * factor), text)
    plant = f"{rng.choice(PLANTS)}{unit}分厂"
    return re.sub(r"^标题: 第\d+分厂", f"标题: {plant}", text, flags=re.M)


def clone(text: str, unit: int) -> str:
    """The demo record as if published by another unit: own 索引号 codes, own title."""
    text = text.replace("GH/", f"Z{unit:04d}/")
    text = re.sub(r"^更正说明:.*\Z", "", text, flags=re.M | re.S)  # history is ours to write
    # Opinions: a 编号 of their own, and no link to a 更正说明 the clone does not carry.
    text = re.sub(r"^据此更正: .*\n", "", text, flags=re.M)
    text = re.sub(
        r"^编号: YJ/(\d{4})-(\d{3})$",
        lambda m: f"编号: YJ/{m.group(1)}-{unit:03d}{int(m.group(2))}",
        text,
        flags=re.M,
    )
    return re.sub(
        r"^标题: (.*)$", lambda m: f"标题: 第{unit}分厂{m.group(1)}"[:84], text, flags=re.M
    )


class FastImport:
    """Writes commits through one `git fast-import` process."""

    def __init__(self, repo: Path):
        self.proc = subprocess.Popen(
            ["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE
        )
        self.mark = 0
        self.when = datetime(2016, 1, 4, 9, 0, tzinfo=SHANGHAI)

    def _data(self, text: str) -> bytes:
        raw = text.encode("utf-8")
        return b"data %d\n" % len(raw) + raw + b"\n"

    def commit(
        self, message: str, files: dict[str, str], renames: list[tuple[str, str]] = ()
    ) -> None:
        self.mark += 1
        self.when += timedelta(hours=7)
        stamp = f"{int(self.when.timestamp())} +0800"
        out = [f"commit refs/heads/main\nmark :{self.mark}\n".encode()]
        out.append(
            f"author 工会 <gh@example.cn> {stamp}\ncommitter 工会 <gh@example.cn> {stamp}\n".encode()
        )
        out.append(self._data(message))
        if self.mark > 1:
            out.append(f"from :{self.mark - 1}\n".encode())
        for old, new in renames:
            out.append(f'R "{old}" "{new}"\n'.encode())
        for path, text in files.items():
            out.append(f'M 100644 inline "{path}"\n'.encode() + self._data(text))
        self.proc.stdin.write(b"".join(out) + b"\n")

    def close(self) -> None:
        self.proc.stdin.write(b"done\n")
        self.proc.stdin.close()
        if self.proc.wait() != 0:
            raise RuntimeError("git fast-import failed")


def make_project(target: Path, records: int, commits: int, seed: int = 7) -> dict[str, int]:
    """A copy of the project with `records` synthetic records and `commits` commits of history."""
    rng = random.Random(seed)
    for name in ("mkdocs.yml", "site_src", "theme_overrides", "hooks"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, target / name)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
    base = templates()
    texts: dict[str, str] = {}
    order: list[str] = []
    for n in range(records):
        unit, (name, text) = divmod(n, len(base))[0] + 1, base[n % len(base)]
        path = f"data/u{unit:04d}/{name}"
        texts[path] = vary(clone(text, unit), unit)
        order.append(path)
    stream = FastImport(target)
    publish_commits = max(1, min(commits // 4, records // 5))
    batch = -(-records // publish_commits)
    counts = {"publish": 0, "wording": 0, "correction": 0, "move": 0}
    for start in range(0, records, batch):
        stream.commit("发布", {p: texts[p] for p in order[start : start + batch]})
        counts["publish"] += 1
    for _ in range(commits - counts["publish"]):
        path = rng.choice(order)
        roll = rng.random()
        while roll >= 0.05 and "类型: 意见与答复" in texts[path]:
            path = rng.choice(order)  # opinions are recorded, not corrected: edit a disclosure
        if roll < 0.05 and "/moved/" not in path:
            new = path.replace("/u", "/moved/u", 1)
            stream.commit("整理目录", {}, [(path, new)])
            texts[new] = texts.pop(path)
            order[order.index(path)] = new
            counts["move"] += 1
        elif roll < 0.55:
            text = texts[path]
            texts[path] = (
                text.replace("内容概述: 公开", "内容概述: 公布", 1)
                if "内容概述: 公开" in text
                else text.replace("内容概述: 公布", "内容概述: 公开", 1)
            )
            stream.commit("文字修改", {path: texts[path]})
            counts["wording"] += 1
        else:
            text = texts[path]
            now = stream.when + timedelta(hours=7)
            scope = "职工代表" if "公开范围: 全体职工" in text else "全体职工"
            text = re.sub(r"^公开范围: .*$", f"公开范围: {scope}", text, count=1, flags=re.M)
            if "\n更正说明:\n" not in text:
                text += "更正说明:\n"
            text += f"- 日期: {now.date().isoformat()}\n  说明: 公开范围有误，现更正为{scope}。\n"
            texts[path] = text
            stream.commit("更正", {path: text})
            counts["correction"] += 1
    stream.close()
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=target, check=True)
    return counts


def time_history(config: Path, rev: str | None = None) -> dict[str, float]:
    """Seconds to read all records' history (one walk), optionally at an earlier commit: with
    nothing cached (a fresh clone, as CI builds), then again with the cache .cache/cwgk/ filled."""
    code = (
        "import sys, time, json, shutil\n"
        "from pathlib import Path\n"
        "from cwgk import cli, pipeline\n"
        "project = cli._project(Path(sys.argv[1]))\n"
        "shutil.rmtree(project.root / '.cache', ignore_errors=True)\n"
        "out = []\n"
        "for _ in range(2):\n"
        "    t = pipeline.Timings()\n"
        "    c = pipeline.check(project, t)\n"
        "    assert not c.problems, c.problems[:3]\n"
        "    out.append(t.stages['git'] + t.stages['history'])\n"
        "print(json.dumps([*out, c.histories.commits_read]))\n"
    )
    root = config.parent
    if rev:
        subprocess.run(["git", "checkout", "-q", rev], cwd=root, check=True)
    try:
        out = subprocess.run(
            [sys.executable, "-c", code, str(config)], capture_output=True, text=True, check=True
        ).stdout
    finally:
        if rev:
            subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    cold, warm, commits = json.loads(out)
    return {
        "commits": commits,
        "cold_s": cold,
        "warm_s": warm,
        "cold_s_per_1000_commits": cold / commits * 1000,
        "warm_s_per_1000_commits": warm / commits * 1000,
    }


def stage_timings(config: Path) -> dict[str, float]:
    code = (
        "import sys, json, shutil\n"
        "from pathlib import Path\n"
        "from cwgk import cli, pipeline\n"
        "t = pipeline.Timings()\n"
        "project = cli._project(Path(sys.argv[1]))\n"
        "shutil.rmtree(project.root / '.cache', ignore_errors=True)  # as full_build\n"
        "pipeline.build(project, timings=t)\n"
        "print(json.dumps(t.stages))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(config)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def _tree_memory_mb(root: int) -> tuple[float, float]:
    """Memory of a process and all its descendants now, from /proc: the sum of their PSS (the
    physical memory they use together, shared pages counted once) and the largest one's RSS."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    total = largest = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                elif line.startswith("Rss:"):
                    largest = max(largest, int(line.split()[1]))
        except (OSError, ValueError):
            continue
    return total / 1024, largest / 1024


def _measured(
    command: list[str], env: dict[str, str] | None = None, capture: bool = False
) -> dict[str, Any]:
    """Wall time, CPU time and memory of one command with everything it starts, sampled every
    0.1 s: all its processes together (PSS) and the largest single one (RSS). The sampling reads
    /proc and costs a few per cent of a core; ours and the baseline pay it alike. `capture`: its
    output too. (Output goes to files, not pipes: thousands of warnings never block it.)"""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            command,
            stdout=out if capture else subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **(env or {})},
        )
        peak_total = peak_single = 0.0
        while process.poll() is None:
            together, single = _tree_memory_mb(process.pid)
            peak_total, peak_single = max(peak_total, together), max(peak_single, single)
            time.sleep(0.1)
        wall = time.perf_counter() - start
        err.seek(0)
        out.seek(0)
        errors = err.read().decode("utf-8", "replace")
        said = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"{command[0]} failed:\n{errors[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures: dict[str, Any] = {
        "wall_s": wall,
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "peak_total_mb": peak_total,
        "peak_single_process_mb": peak_single,
    }
    if capture:
        figures["stdout"] = said
    return figures


def full_build(config: Path) -> dict[str, float]:
    """`cwgk build --full` as CI or a fresh clone runs it: nothing in .cache/cwgk/."""
    site = config.parent / "site"
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    cwgk = str(Path(sys.executable).with_name("cwgk"))
    figures = _measured([cwgk, "-f", str(config), "build", "--full"])
    figures["pages"] = sum(1 for _ in site.rglob("index.html"))
    figures["output_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    return figures


def _file_digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def publish_times(config: Path, full_s: float) -> dict[str, Any]:
    """Publishing one change with `cwgk build` from the last site (incremental), as a union
    office does after a push: a new record, a correction, a withdrawal, each committed; each
    against the full build's time. Then a full build of the same commit into another directory
    and the two sites compared file by file."""
    root = config.parent
    cwgk = str(Path(sys.executable).with_name("cwgk"))
    records = sorted(
        p
        for p in (root / "data").rglob("*.yaml")
        if "类型: 通知公告" in p.read_text(encoding="utf-8")
        and "有效性: 有效" in p.read_text(encoding="utf-8")
        and "\n内部: " not in p.read_text(encoding="utf-8")  # on the public site
    )
    env = {"GIT_AUTHOR_DATE": "2026-11-28T10:00:00+08:00",
           "GIT_COMMITTER_DATE": "2026-11-28T10:00:00+08:00"}  # fmt: skip

    def commit(message: str) -> None:
        subprocess.run(["git", "add", "-A", "data"], cwd=root, check=True)
        subprocess.run(["git", "commit", "-qm", message], cwd=root, check=True,
                       env={**os.environ, **env})  # fmt: skip

    def new_record() -> None:
        text = records[0].read_text(encoding="utf-8")
        text = re.sub(r"^索引号: (\S+)/(\d{4})-\d{5}$", r"索引号: \1/\2-99999", text, count=1,
                      flags=re.M)  # fmt: skip
        text = re.sub(r"^标题: (.*)$", r"标题: \1（补充通知）", text, count=1, flags=re.M)
        text = re.sub(r"^文号: .*\n", "", text, flags=re.M)
        (root / "data" / "new-notice.yaml").write_text(text, encoding="utf-8")

    def correction() -> None:
        path = records[1]
        text = path.read_text(encoding="utf-8")
        scope = "职工代表" if "公开范围: 全体职工" in text else "全体职工"
        text = re.sub(r"^公开范围: .*$", f"公开范围: {scope}", text, count=1, flags=re.M)
        if "\n更正说明:\n" not in text:
            text += "更正说明:\n"
        text += f"- 日期: 2026-11-28\n  说明: 公开范围有误，现更正为{scope}。\n"
        path.write_text(text, encoding="utf-8")

    def withdrawal() -> None:
        path = records[2]
        text = path.read_text(encoding="utf-8").replace("有效性: 有效", "有效性: 已撤回", 1)
        if "\n更正说明:\n" not in text:
            text += "更正说明:\n"
        text += "- 日期: 2026-11-28\n  说明: 通知内容有误，现撤回。\n"
        path.write_text(text, encoding="utf-8")

    found: dict[str, Any] = {}
    command = [cwgk, "-f", str(config), "build"]
    # One moment for these builds and the full one they are compared with: a site records the
    # moment it was built (the kiosk's version.json), and "byte-identical" is of the same commit
    # at the same moment (the tests pin the clock the same way). The day is today's, as in the
    # full build before.
    pinned = {"CWGK_NOW": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M+00:00")}
    for name, change in (("new", new_record), ("correction", correction),
                         ("withdrawal", withdrawal)):  # fmt: skip
        change()
        commit(name)
        figures = _measured(command, env=pinned, capture=True)
        said = figures.pop("stdout")
        made = re.search(r"重新生成 (\d+) 页.*?沿用上次的 (\d+) 页", said)
        figures["pages_made"], figures["pages_reused"] = (
            (int(made[1]), int(made[2])) if made else (-1, -1)
        )
        figures["vs_full"] = figures["wall_s"] / full_s
        found[name] = figures
    full = root / "site-full"
    _measured([cwgk, "-f", str(config), "build", "--full", "--site-dir", str(full)], env=pinned)
    ours, theirs = _file_digests(root / "site"), _file_digests(full)
    found["identical_to_full"] = ours == theirs
    found["files_compared"] = len(ours)
    found["differing"] = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))[
        :10
    ]
    shutil.rmtree(full, ignore_errors=True)
    return found


def site_figures(site: Path, records: int) -> dict[str, float]:
    """Search index (all its files, raw and gzipped, per record) and kiosk page weight."""
    files = sorted(p for p in (site / "search").rglob("*.json") if p.is_file())
    raw = b"".join(p.read_bytes() for p in files)
    kiosk = site / "kiosk" / "index.html"
    html = kiosk.read_text(encoding="utf-8") if kiosk.is_file() else ""
    shell = re.sub(
        r'<div id="k-source" hidden>.*?(?=<p class="k-empty-template")', "", html, flags=re.S
    )
    shell = re.sub(r'(id="k-config">).*?(?=</script>)', r"\1", shell, flags=re.S)
    return {
        "search_index_kb": len(raw) / 1024,
        "search_index_gz_kb": len(gzip.compress(raw)) / 1024,
        "search_gz_kb_per_record": len(gzip.compress(raw)) / 1024 / max(records, 1),
        "kiosk_page_kb": len(html.encode()) / 1024,
        "kiosk_shell_kb": len(shell.encode()) / 1024,
    }


def check_time(config: Path) -> dict[str, float]:
    """`cwgk check` as union staff run it before a commit: with no cache (a fresh clone), again
    with nothing changed, and after editing one record."""

    def run(*extra: str) -> float:
        start = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).with_name("cwgk")), "-f", str(config), "check", *extra],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start

    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    # warm: the last verdict again (check_memo.py); warm_full: every record checked again, with
    # every cache warm (what a check after an edit costs, but for the edited file).
    times = {"cold_s": run(), "warm_s": run(), "warm_full_s": run("--full")}
    record = next((config.parent / "data").rglob("*.yaml"))
    original = record.read_text(encoding="utf-8")
    record.write_text(original.replace("内容概述: ", "内容概述: 现", 1), encoding="utf-8")
    try:
        times["after_edit_s"] = run()
    finally:
        record.write_text(original, encoding="utf-8")
    return times


def preview_time(records: int, commits: int) -> dict[str, float]:
    """`cwgk serve` on a project of `records`: seconds from saving an edited record until the
    served page shows the edit (polled every 50 ms), for three edits in a row."""
    work = Path(tempfile.mkdtemp(prefix="cwgk-preview-"))
    try:
        make_project(work, records, commits)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        cwgk = str(Path(sys.executable).with_name("cwgk"))
        start = time.perf_counter()
        server = subprocess.Popen(
            [cwgk, "-f", str(work / "mkdocs.yml"), "serve", "-a", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            record = next(p for p in sorted((work / "data").rglob("*.yaml"))
                          if "类型: 通知公告" in p.read_text(encoding="utf-8"))  # fmt: skip
            text = record.read_text(encoding="utf-8")
            number = re.search(r"^索引号: (\S+)", text, flags=re.M).group(1)
            url = f"http://127.0.0.1:{port}/records/{number.lower().replace('/', '-')}/"
            title = re.search(r"^标题: (.*)$", text, flags=re.M).group(1)
            _poll(url, title, 600)
            first = time.perf_counter() - start
            edits = []
            for n in range(3):
                time.sleep(1.5)  # a person saves, looks, saves again
                marked = f"{title}（修改{n + 1}）"
                record.write_text(text.replace(f"标题: {title}", f"标题: {marked}"), "utf-8")
                began = time.perf_counter()
                _poll(url, marked, 120)
                edits.append(time.perf_counter() - began)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"records": records, "first_build_s": first, "edit_to_page_s": edits,
            "worst_edit_s": max(edits)}  # fmt: skip


def _poll(url: str, text: str, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if text in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{text!r} not shown at {url} within {timeout} s")


BASELINE_CONFIG = """\
site_name: 厂务公开
docs_dir: docs
site_dir: site
use_directory_urls: true
theme: {{name: material, language: zh, font: false}}
plugins:
  - search: {{lang: zh}}
markdown_extensions: [pymdownx.highlight, pymdownx.superfences, attr_list, md_in_html, tables,
  admonition, toc]
not_in_nav: |
  /records/
nav: {nav}
"""


def prepare_baseline(config: Path) -> Path:
    """The same pages written as plain Markdown for bare MkDocs with the same theme and search
    settings (no hooks, no history, no templates): what our build is compared with."""
    code = (
        "import sys, json, shutil\n"
        "from pathlib import Path\n"
        "from cwgk import cli, pipeline\n"
        "project = cli._project(Path(sys.argv[1]))\n"
        "out = Path(sys.argv[2]); docs = out / 'docs'\n"
        "shutil.copytree(project.docs_dir, docs)\n"
        "site = pipeline.build(project).site\n"
        "import re\n"
        "indexed = re.compile(r'(records/[^/]+|kinds/[^/]+|years/[^/]+)[.]md')\n"
        "for name, text in {**site.pages, **site.files}.items():\n"
        "    if indexed.fullmatch(name):  # as a bare site indexes them (ours: search_index.py)\n"
        "        text = text.replace('search: {\"exclude\": true}\\n', '', 1)\n"
        "    path = docs / name; path.parent.mkdir(parents=True, exist_ok=True)\n"
        "    path.write_text(text, encoding='utf-8')\n"
        "print(json.dumps([{'首页': 'index.md'}, *site.nav, {'公开指南': 'guide.md'}], ensure_ascii=False))\n"
    )
    out = config.parent / "baseline"
    nav = subprocess.run(
        [sys.executable, "-c", code, str(config), str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (out / "mkdocs.yml").write_text(BASELINE_CONFIG.format(nav=nav.strip()), encoding="utf-8")
    return out


def baseline_build(out: Path) -> dict[str, float]:
    shutil.rmtree(out / "site", ignore_errors=True)
    figures = _measured(
        [
            str(Path(sys.executable).with_name("mkdocs")),
            "build",
            "-q",
            "-f",
            str(out / "mkdocs.yml"),
        ],
        env={"NO_MKDOCS_2_WARNING": "1"},
    )
    figures["pages"] = sum(1 for _ in (out / "site").rglob("index.html"))
    return figures


SEARCH_PAGE = "kinds/telecom/"  # a reader opens a list, then searches at once


def search_queries(work: Path) -> list[str]:
    """Realistic queries for the generated data: a full name, a department, a year, a kind by
    its everyday name, a 文号, a 索引号 without its prefix."""
    telecom = next((work / "data").rglob("telecom/2026-q3.yaml")).read_text(encoding="utf-8")
    name = _NAME.search(telecom)[2]  # type: ignore[index]
    department = _DEPARTMENT.search(telecom)[2]  # type: ignore[index]
    return [name, department, "2025年", "招待费", "工字〔2026〕34号", "2025-00012"]


# From the moment the reader has typed the query until its first result is in the list and laid
# out (and, separately, until the frame showing it is painted). Laid out: the theme's renderer
# lays the list out before it returns, ours (search/results.js) leaves that to the next frame;
# the timer lays it out when the list is written, so both are timed to the same point. The list is not emptied beforehand: a
# reader's next query replaces the results on screen, and emptying it here would add a layout
# and paint of the page that a reader's typing never causes. An answer is the theme writing the
# list (or the count line's "没有…" for no result) after the query was sent.
_SEARCH_TIMER = """query => {
  const list = document.querySelector('.md-search-result__list');
  const meta = document.querySelector('.md-search-result__meta');
  window.__answered = null; window.__painted = null;
  const obs = new MutationObserver(changes => {
    if (changes.some(c => c.target === list && c.addedNodes.length) ||
        /没有/.test(meta.textContent)) {
      list.offsetHeight; window.__answered = performance.now(); obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now(); }));
    }
  });
  obs.observe(list, {childList: true});
  obs.observe(meta, {childList: true, characterData: true, subtree: true});
  // The reader has typed the query: from here until the first result shows.
  const box = document.querySelector('input.md-search__input');
  window.__asked = performance.now();
  box.value = query;
  box.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
}"""

# Our search engine alone (assets/cwgk/search/worker.js), run on the page's throttled main thread:
# Chromium refuses CPU throttling for workers, so this is how its code is timed at 4×.
_ENGINE = """async ([base, query]) => {
  ROOT = new URL('search/cwgk/', base);
  const t = performance.now();
  let shown = null;  // when the results are handed over (the worker posts them at that moment)
  await search(query, () => { shown = shown || performance.now(); });
  return (shown || performance.now()) - t;
}"""


def _time_query(page: Any, query: str, painted: list[float] | None = None) -> float:
    page.evaluate(_SEARCH_TIMER, query)
    page.wait_for_function("() => window.__painted !== null", timeout=120_000)
    if painted is not None:
        painted.append(page.evaluate("() => window.__painted - window.__asked"))
    return page.evaluate("() => window.__answered - window.__asked")


def search_figures(sites: dict[str, Path], queries: list[str], rate: int = 4) -> dict[str, Any]:
    """In Chromium with the CPU throttled `rate` times: the first answer after a list page opens
    (the reader searches at once) and the next answers, for each site; what the index weighs and
    what a page and a first query download; and whether the throttle slows a worker too."""
    import functools
    import statistics
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the web server the site is served by

        def log_message(self, *args: object) -> None:
            pass

    figures: dict[str, Any] = {"cpu_throttle": rate, "queries": queries}
    with sync_playwright() as play:
        browser = play.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for label, root in sites.items():
            server = ThreadingHTTPServer(
                ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
            )
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base = f"http://127.0.0.1:{server.server_port}/"
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            fetched: list[int] = []
            shards: set[str] = set()  # our term shards the current page has fetched

            def count(
                response: Any, fetched: list[int] = fetched, shards: set[str] = shards
            ) -> None:
                if "/search/" in response.url:
                    with contextlib.suppress(Exception):  # a fetch the page dropped on leaving
                        fetched.append(len(response.body()))
                if "/search/cwgk/" in response.url and "/t/" in response.url:
                    shards.add(response.url)

            page.on("response", count)
            firsts = []
            for query in queries[:3]:  # a fresh page each time: the first answer after opening
                shards.clear()
                page.goto(base + SEARCH_PAGE, wait_until="load")
                loaded = sum(fetched)
                page.locator("label.md-search__icon, .md-search__input").first.click()
                firsts.append(_time_query(page, query))
                if query == queries[0]:
                    figures[f"{label}_page_load_search_kb"] = loaded / 1024
                    figures[f"{label}_first_query_kb"] = (sum(fetched) - loaded) / 1024
                fetched.clear()
            # Later answers: the reader has looked at the first results for a few seconds (and
            # our worker has fetched the other term shards meanwhile: checked, and how long).
            answered = time.perf_counter()
            page.wait_for_timeout(3000)
            if label == "ours":
                total = json.loads((root / "search" / "cwgk" / "meta.json").read_text())["shards"]
                while len(shards) < total and time.perf_counter() - answered < 60:
                    page.wait_for_timeout(50)
                figures["ours_prefetch_done_s"] = time.perf_counter() - answered
                figures["ours_shards_fetched"] = len(shards)
                figures["ours_shards"] = total
            painted: list[float] = []
            nexts = []
            for q in queries[3:] + queries[:3]:
                # The reader reads the answer before typing the next query: whatever the last
                # answer still has coming (quotes, a second rendering) lands before it, not in
                # the next answer's timing, where a late rewrite of the list would pass for it.
                page.wait_for_timeout(1000)
                nexts.append(_time_query(page, q, painted))
            figures[f"{label}_next_painted_ms"] = statistics.median(painted)
            figures[f"{label}_next_painted_ms_all"] = painted
            figures[f"{label}_first_ms"] = statistics.median(firsts)
            figures[f"{label}_first_ms_all"] = firsts
            figures[f"{label}_next_ms"] = statistics.median(nexts)
            figures[f"{label}_next_ms_all"] = nexts
            if label == "ours":  # the engine's own time at the throttled rate
                page.goto(base + SEARCH_PAGE, wait_until="load")
                page.evaluate("() => { window.importScripts = () => {}; }")
                assets = ROOT / "theme_overrides" / "assets" / "cwgk" / "search"
                page.add_script_tag(path=str(assets / "text.js"))
                page.add_script_tag(path=str(assets / "worker.js"))
                first = page.evaluate(_ENGINE, [base, queries[0]])
                # As the worker does after an answer: the other shards, in the background (here
                # on the throttled main thread; timed), while the reader looks at the results.
                figures["engine_prefetch_ms"] = page.evaluate(
                    "async () => { const t = performance.now(); await index.then(prefetch);"
                    " return performance.now() - t; }"
                )
                page.wait_for_timeout(3000)
                engine = [page.evaluate(_ENGINE, [base, q]) for q in queries[1:]]
                figures["engine_first_ms"] = first
                figures["engine_next_ms"] = statistics.median(engine)
                figures["engine_next_ms_all"] = engine
            context.close()
            server.shutdown()
        # Does the throttle reach a worker? The same loop in a worker, unthrottled and throttled.
        page = browser.new_page()
        page.set_content("<title>throttle</title>")
        loop = (
            "() => new Promise(done => { const w = new Worker(URL.createObjectURL(new Blob(["
            "'const t = performance.now(); let x = 0; for (let i = 0; i < 3e7; i++) x += i % 7;"
            " postMessage(performance.now() - t);']))); w.onmessage = e => done(e.data); })"
        )
        plain = page.evaluate(loop)
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
        # (Chromium answers "Operation is only supported for pages, not workers" when asked to
        # throttle a worker: the ratio shows it.)
        figures["worker_slowdown_under_throttle"] = page.evaluate(loop) / plain
        browser.close()
    for label, root in sites.items():
        files = [p for p in (root / "search").rglob("*") if p.is_file() and p.suffix == ".json"]
        raw = b"".join(p.read_bytes() for p in sorted(files))
        figures[f"{label}_index_kb"] = len(raw) / 1024
        figures[f"{label}_index_gz_kb"] = (
            sum(len(gzip.compress(p.read_bytes())) for p in files) / 1024
        )
        figures[f"{label}_index_files"] = len(files)
    return figures


def _tree_digest(root: Path) -> str:
    """What search in our site is made from: the theme overrides (worker, page scripts), the
    index's code and the configuration. (Other build code changing does not make the kept
    site's search figures stale, and a 5,000-record build takes minutes.)"""
    import hashlib

    digest = hashlib.sha256()
    files = [root / "mkdocs.yml", *sorted((root / "hooks" / "cwgk").glob("search_*.py"))]
    files += sorted((root / "theme_overrides").rglob("*"))
    for file in files:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def search_sites(work: Path, records: int) -> dict[str, Path]:
    """A kept project for search figures only: generated and built once (ours and the
    baseline), and our site built again whenever search's code (_tree_digest) differs from
    what it was built with, so the figures are those of the current search."""
    config = work / "mkdocs.yml"
    stamp = work / ".search-code"
    if not config.exists():
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        make_project(work, records, records * 4)
    base = work / "baseline"
    if not (base / "site").is_dir():
        if not (base / "mkdocs.yml").exists():  # written last: the baseline's pages are all there
            shutil.rmtree(base, ignore_errors=True)
            prepare_baseline(config)
        baseline_build(base)
    current = _tree_digest(ROOT)
    if not (work / "site").is_dir() or not stamp.exists() or stamp.read_text() != current:
        for name in ("mkdocs.yml", "site_src", "theme_overrides", "hooks"):
            src, dst = ROOT / name, work / name
            if src.is_dir():
                shutil.rmtree(dst, ignore_errors=True)
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(src, dst)
        print(f"building {records} records for search figures…", file=sys.stderr)
        full_build(config)
        stamp.write_text(current)
    return {"ours": work / "site", "baseline": work / "baseline" / "site"}


def search_only(folder: Path, sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    """Search figures only, on kept projects under `folder` (one per size, built when missing or
    when the code changed): `repeat` rounds, each size's figures the median of its rounds."""
    import statistics

    runs = []
    for size in sizes:
        work = folder / f"records-{size}"
        sites = search_sites(work, size)
        rounds = [search_figures(sites, search_queries(work)) for _ in range(repeat)]
        found = dict(rounds[-1])
        for key in rounds[0]:
            if key.endswith("_ms") and all(isinstance(r[key], (int, float)) for r in rounds):
                found[key] = statistics.median(r[key] for r in rounds)
                found[key + "_rounds"] = [r[key] for r in rounds]
        found["load_average"] = os.getloadavg()
        runs.append({"records": size, "search": found})
        print(f"\n{size} records (load average {found['load_average'][0]:.2f})")
        print(search_report(found))
    return runs


def measure(
    records: int,
    commits: int,
    *,
    build: bool = True,
    baseline: bool = True,
    keep: bool = False,
    repeat: int = 1,
    search: bool = True,
) -> dict[str, Any]:
    """Everything for one project size (see the module docstring)."""
    work = Path(tempfile.mkdtemp(prefix="cwgk-bench-"))
    config = work / "mkdocs.yml"
    results: dict[str, Any] = {"records": records, "commits": commits}
    try:
        start = time.perf_counter()
        results["generated"] = make_project(work, records, commits)
        results["generate_s"] = time.perf_counter() - start
        revs = subprocess.run(
            ["git", "rev-list", "--reverse", "main"], cwd=work, capture_output=True, text=True
        ).stdout.split()
        growth = []
        for fraction in (0.25, 0.5, 1.0):
            rev = revs[max(0, int(len(revs) * fraction) - 1)]
            growth.append(time_history(config, None if fraction == 1.0 else rev))
        results["history_growth"] = growth
        results["check"] = check_time(config)
        if build:
            results["stages_s"] = stage_timings(config)
            base = prepare_baseline(config) if baseline else None
            # Ours and the baseline in turn, `repeat` times each; the fastest of each is compared
            # (a shared machine only ever adds time).
            builds, baselines = [], []
            for _ in range(repeat):
                builds.append(full_build(config))
                if base is not None:
                    baselines.append(baseline_build(base))
            results["build"] = min(builds, key=lambda b: b["wall_s"])
            results["build"]["all_wall_s"] = [b["wall_s"] for b in builds]
            # The full build runs with nothing cached (as on a fresh clone): cold history.
            results["history_share_of_build"] = growth[-1]["cold_s"] / results["build"]["wall_s"]
            results["site"] = site_figures(work / "site", records)
            results["publish"] = publish_times(config, results["build"]["wall_s"])
            if baselines:
                results["baseline"] = min(baselines, key=lambda b: b["wall_s"])
                results["baseline"]["all_wall_s"] = [b["wall_s"] for b in baselines]
                results["build_vs_baseline"] = (
                    results["build"]["wall_s"] / results["baseline"]["wall_s"]
                )
            sites = {"ours": work / "site"}
            if base is not None:
                sites["baseline"] = base / "site"
            if search:
                results["search"] = search_figures(sites, search_queries(work))
    finally:
        if keep:
            print(f"project kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return results


def report(results: dict[str, Any]) -> None:
    print(f"\n{results['records']} records, {results['commits']} commits "
          f"(generated in {results['generate_s']:.1f} s: {results['generated']})\n")  # fmt: skip
    print("history read (one walk): nothing cached / cache filled")
    print(f"  {'commits':>8} {'cold s':>8} {'s/1000':>7} {'warm s':>8} {'s/1000':>7}")
    for row in results["history_growth"]:
        print(f"  {row['commits']:>8} {row['cold_s']:>8.2f} {row['cold_s_per_1000_commits']:>7.3f}"
              f" {row['warm_s']:>8.2f} {row['warm_s_per_1000_commits']:>7.3f}")  # fmt: skip
    if "build" in results:
        print("\npipeline stages (in-process, nothing cached, seconds; git runs beside load)")
        for name, seconds in results["stages_s"].items():
            print(f"  {name:<10} {seconds:>8.2f}")
        print("\nfull build (cwgk build, nothing cached)")
        for key, value in results["build"].items():
            if key == "all_wall_s":
                print(f"  {'(each run, s)':<24} {', '.join(f'{v:.1f}' for v in value):>10}")
            else:
                print(f"  {key:<24} {value:>10.1f}")
        print(f"\nhistory share of the full build: {results['history_share_of_build']:.1%}")
        print("\nsite")
        for key, value in results["site"].items():
            print(f"  {key:<26} {value:>10.2f}")
        if "baseline" in results:
            base = results["baseline"]
            runs = ", ".join(f"{v:.1f}" for v in base["all_wall_s"])
            print(f"\nbaseline (same pages, bare MkDocs): {base['wall_s']:.1f} s wall (runs: {runs}), "
                  f"{base['pages']} pages, peak memory {base['peak_total_mb']:.0f} MB")  # fmt: skip
            print(f"our build / baseline: {results['build_vs_baseline']:.2f}x")
    if "publish" in results:
        print(publish_report(results["publish"]))
    if "search" in results:
        print(search_report(results["search"]))
    check = results["check"]
    print(f"\ncwgk check: no cache {check['cold_s']:.2f} s, warm {check['warm_s']:.2f} s "
          f"(unchanged tree: the last verdict; --full {check.get('warm_full_s', 0):.2f} s), "
          f"after editing one record {check['after_edit_s']:.2f} s")  # fmt: skip
    if "preview" in results:
        preview = results["preview"]
        edits = ", ".join(f"{t:.2f}" for t in preview["edit_to_page_s"])
        print(f"\npreview (cwgk serve, {preview['records']} records): first build "
              f"{preview['first_build_s']:.1f} s; edit → page shows it: {edits} s")  # fmt: skip
    print("\ntargets")
    for name, value, met in targets(results):
        print(f"  {'✓' if met else '✗'} {name}: {value}")


def publish_report(found: dict[str, Any]) -> str:
    lines = ["\npublishing one change (cwgk build from the last site; vs the full build above)"]
    for name in ("new", "correction", "withdrawal"):
        row = found[name]
        lines.append(
            f"  {name:<11} {row['wall_s']:>7.1f} s = {row['vs_full']:>6.1%} of the full build; "
            f"{row['pages_made']} pages made, {row['pages_reused']} reused; "
            f"peak {row['peak_total_mb']:.0f} MB"
        )
    same = "byte-identical" if found["identical_to_full"] else f"DIFFERENT: {found['differing']}"
    lines.append(f"  after all three, vs a full build of the same commit: {same} "
                 f"({found['files_compared']} files)")  # fmt: skip
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """The scale issue's targets, judged from one run's figures."""
    found = []
    if "build_vs_baseline" in results:
        ratio = results["build_vs_baseline"]
        found.append(("full build at most 1.1× the baseline", f"{ratio:.2f}×", ratio <= 1.1))
    if "publish" in results:
        publish = results["publish"]
        worst = max(publish[name]["vs_full"] for name in ("new", "correction", "withdrawal"))
        found.append(("one change publishes in ≤ 10 % of a full build", f"{worst:.1%}",
                      worst <= 0.10))  # fmt: skip
        found.append(("incremental site byte-identical to a full build",
                      str(publish["identical_to_full"]), publish["identical_to_full"]))  # fmt: skip
    if "history_share_of_build" in results:
        share = results["history_share_of_build"]
        found.append(("history under 10% of the build", f"{share:.1%}", share < 0.10))
    rates = [row["cold_s_per_1000_commits"] for row in results["history_growth"]]
    found.append(
        (
            "history linear in commits (s per 1,000 commits at ¼, ½, all; nothing cached)",
            " / ".join(f"{r:.2f}" for r in rates),
            rates[-1] <= rates[0] * 1.25,
        )
    )
    warm = results["check"]["warm_s"]
    edit = results["check"]["after_edit_s"]
    found.append(("check warm ≤ 2 s (warm / after an edit)", f"{warm:.2f} / {edit:.2f} s",
                  max(warm, edit) <= 2))  # fmt: skip
    if "preview" in results:
        worst = results["preview"]["worst_edit_s"]
        found.append(("preview shows an edit within 1 s", f"{worst:.2f} s", worst <= 1))
    if "build" in results:
        peak = results["build"]["peak_total_mb"]
        found.append(("full build's peak memory ≤ 1 GB (all processes, PSS)", f"{peak:.0f} MB",
                      peak <= 1000))  # fmt: skip
    if "search" in results:
        search = results["search"]
        # The slower of the UI (main thread throttled, worker not: Chromium cannot) and our engine
        # alone on the throttled main thread.
        first = max(search["ours_first_ms"], search.get("engine_first_ms", 0))
        after = max(search["ours_next_ms"], search.get("engine_next_ms", 0))
        found.append(
            ("search: first answer ≤ 1 s at 4× throttle", f"{first:.0f} ms", first <= 1000)
        )
        found.append(
            ("search: next answers ≤ 100 ms at 4× throttle", f"{after:.0f} ms", after <= 100)
        )
    return found


def search_report(found: dict[str, Any]) -> str:
    lines = [f"\nsearch in Chromium, CPU throttled {found['cpu_throttle']}× (a worker's loop runs "
             f"{found['worker_slowdown_under_throttle']:.1f}× slower under it): queries "
             + " / ".join(found["queries"])]  # fmt: skip
    lines.append(f"  {'':<9} {'first ms':>9} {'next ms':>8} {'index KB':>9} {'gz KB':>8} "
                 f"{'files':>6} {'page load KB':>12} {'1st query KB':>12}")  # fmt: skip
    for label in ("ours", "baseline"):
        if f"{label}_first_ms" in found:
            lines.append(
                f"  {label:<9} {found[f'{label}_first_ms']:>9.0f} {found[f'{label}_next_ms']:>8.0f} "
                f"{found[f'{label}_index_kb']:>9.0f} {found[f'{label}_index_gz_kb']:>8.0f} "
                f"{found[f'{label}_index_files']:>6} {found[f'{label}_page_load_search_kb']:>12.1f} "
                f"{found[f'{label}_first_query_kb']:>12.1f}"
            )
    if "ours_next_painted_ms" in found:
        lines.append("  later answers until the frame showing them is painted: " + ", ".join(
            f"{label} {found[f'{label}_next_painted_ms']:.0f} ms" for label in ("ours", "baseline")
            if f"{label}_next_painted_ms" in found))  # fmt: skip
    if "ours_prefetch_done_s" in found:
        lines.append(f"  our background shard download: {found['ours_shards_fetched']} of "
                     f"{found['ours_shards']} shards in by {found['ours_prefetch_done_s']:.1f} s "
                     "after the first answer (later queries wait for it)")  # fmt: skip
    if "engine_first_ms" in found:
        lines.append(f"  our engine alone at {found['cpu_throttle']}× (main thread): first "
                     f"{found['engine_first_ms']:.0f} ms, next {found['engine_next_ms']:.0f} ms")  # fmt: skip
    if "engine_prefetch_ms" in found:
        lines.append(f"  (its background shard download and parsing on that thread: "
                     f"{found['engine_prefetch_ms']:.0f} ms)")  # fmt: skip
    if "baseline_first_ms" in found:
        lines.append(f"  ours / baseline: first {found['ours_first_ms'] / found['baseline_first_ms']:.3f}×, "
                     f"next {found['ours_next_ms'] / found['baseline_next_ms']:.3f}×")  # fmt: skip
    return "\n".join(lines)


def growth_report(runs: list[dict[str, Any]]) -> None:
    print("\ngrowth (commits = 4 × records; nothing cached)")
    print(f"  {'records':>7} {'pages':>6} {'build s':>8} {'ms/page':>8} {'baseline s':>10} "
          f"{'ratio':>6} {'peak MB':>8} {'publish %':>17} {'check s':>11} {'preview s':>9} "
          f"{'history s':>9}")  # fmt: skip
    for run in runs:
        build = run["build"]
        base = run.get("baseline", {})
        ratio = f"{run['build_vs_baseline']:.2f}" if "build_vs_baseline" in run else "—"
        publish = run.get("publish", {})
        shares = (
            "/".join(
                f"{publish[name]['vs_full'] * 100:.1f}"
                for name in ("new", "correction", "withdrawal")
                if name in publish
            )
            or "—"
        )
        check = f"{run['check']['warm_s']:.2f}/{run['check']['after_edit_s']:.2f}"
        preview = f"{run['preview']['worst_edit_s']:.2f}" if "preview" in run else "—"
        print(f"  {run['records']:>7} {build['pages']:>6.0f} {build['wall_s']:>8.1f} "
              f"{build['wall_s'] / build['pages'] * 1000:>8.2f} {base.get('wall_s', 0):>10.1f} "
              f"{ratio:>6} {build['peak_total_mb']:>8.0f} {shares:>17} {check:>11} {preview:>9} "
              f"{run['history_growth'][-1]['cold_s']:>9.2f}")  # fmt: skip


def _compile_our_code() -> None:
    """Our modules' bytecode written once, as a first run writes it: where PYTHONDONTWRITEBYTECODE
    is set (this sandbox), every `cwgk` process timed here compiled all of them again (~0.3 s of
    each check and build). Runs before this were measured so."""
    import compileall

    import cwgk.cli  # noqa: F401  (the package as installed)

    compileall.compile_dir(str(Path(sys.modules["cwgk.cli"].__file__).parent), quiet=1)


def main() -> int:
    _compile_our_code()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument(
        "--sizes", help="growth: several sizes in one run, e.g. 500,2000,5000 (commits 4×)"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the generated project")
    parser.add_argument("--no-build", action="store_true", help="history and check figures only")
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare-MkDocs build")
    parser.add_argument(
        "--preview-records",
        type=int,
        help="project size for the preview timing (default: the largest size measured)",
    )
    parser.add_argument("--no-preview", action="store_true", help="skip the preview timing")
    parser.add_argument("--no-search", action="store_true", help="skip the search timing")
    parser.add_argument(
        "--repeat", type=int, default=2, help="builds of ours and of the baseline, in turn"
    )
    parser.add_argument(
        "--search-only",
        type=Path,
        metavar="DIR",
        help="search figures only, on projects kept in DIR (built there once; ours again when the"
        " code changes); --sizes or --records, --repeat rounds",
    )
    args = parser.parse_args()

    if args.search_only:
        sizes = [int(n) for n in args.sizes.split(",")] if args.sizes else [args.records]
        output = search_only(args.search_only, sizes, args.repeat)
        if args.json:
            args.json.write_text(json.dumps(output, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0

    if args.sizes:
        runs = []
        sizes = [int(n) for n in args.sizes.split(",")]
        for size in sizes:
            runs.append(
                measure(
                    size,
                    size * 4,
                    baseline=not args.no_baseline,
                    keep=args.keep,
                    repeat=args.repeat,
                    search=not args.no_search,
                )
            )
            if size != sizes[-1]:
                report(runs[-1])
        if not args.no_preview:  # judged with the largest size's figures
            size = args.preview_records or sizes[-1]
            runs[-1]["preview"] = preview_time(size, size * 4)
        report(runs[-1])
        growth_report(runs)
        output: Any = runs
    else:
        output = measure(
            args.records,
            args.commits,
            build=not args.no_build,
            baseline=not args.no_baseline,
            keep=args.keep,
            repeat=args.repeat,
            search=not args.no_search,
        )
        if not args.no_preview:
            size = args.preview_records or args.records
            output["preview"] = preview_time(size, size * 4)
        report(output)
    if args.json:
        args.json.write_text(json.dumps(output, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
