"""The demo data as a git repository with a realistic, dated history, built for the browser tests.

Each record is committed on its own 发布日期 (so 发布于 is what a real board would show), then one
record — 2026年上半年业务招待费 (GH/2026-00006) — is edited three times: a correction, a wording fix
and a second correction. Independent of the project's own git history (CI may clone shallowly).
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

from git_repo import Repo
from record_samples import copy_site_skeleton

ROOT = Path(__file__).resolve().parents[2]
EDITED = "data/hospitality/2026-h1.yaml"

EDITS = [
    (
        "2026-07-20T16:00:00+08:00",
        "更正2026年上半年招待费采购部金额",
        [
            ("  金额: 11071.20", "  金额: 11571.20"),
            ("实际支出: 168740.36", "实际支出: 169240.36"),
            ("  金额: 11811.83", "  金额: 12311.83"),
        ],
        "更正说明:\n- 日期: 2026-07-20\n  说明: 采购部一笔 500.00 元的接待费漏记，现补记，实际支出相应调整。\n",
    ),
    (
        "2026-08-03T10:00:00+08:00",
        "文字修改",
        [("凭据齐全", "票据齐全")],
        "",
    ),
    (
        "2026-11-20T09:30:00+08:00",
        "更正销售部接待人次",
        [("  人次: 28\n", "  人次: 30\n")],
        "- 日期: 2026-11-20\n  说明: 销售部接待人次统计有误，原28人次，现更正为30人次。\n",
    ),
]


# An employee's opinion that led to the first correction, committed together with it.
OPINION_FILE = "data/opinions/2026-900.yaml"
OPINION = """\
类型: 意见与答复
编号: YJ/2026-900
公开事项: GH/2026-00006
渠道: 职工代表组长会
收到日期: 2026-07-14
发布日期: 2026-07-20
意见摘要: 采购部职工代表反映，6月一次供应商来访接待未计入采购部招待费，请核实。
状态: 已采纳
转交部门: 财务部
转交日期: 2026-07-15
答复: 经核实，该笔500.00元接待费漏记，已补记并更正公示数据。
答复部门: 财务部
答复日期: 2026-07-20
据此更正: 2026-07-20
"""


def make_demo_repo(target: Path, edits: bool = True) -> Path:
    """Copy the project to `target`, commit its records by date, script the edits (unless
    `edits` is false: the records exactly as in data/, as the manual's reader has them);
    → mkdocs.yml."""
    config = copy_site_skeleton(target)
    repo = Repo(target)
    repo.write(".gitignore", "site/\n")
    repo.commit("网站配置", "2023-12-01T09:00:00+08:00")
    by_day: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        day = re.search(r"^发布日期: (\S+)", path.read_text(encoding="utf-8"), re.M).group(1)
        by_day[day].append(path)
    for day in sorted(by_day):
        for path in by_day[day]:
            rel = path.relative_to(ROOT)
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target / rel)
        repo.commit(f"发布 {day}", f"{day}T09:00:00+08:00", "data")
    for when, message, replacements, note in EDITS if edits else []:
        file = target / EDITED
        text = file.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new)
        file.write_text(text + note, encoding="utf-8")
        if when == EDITS[0][0]:
            (target / OPINION_FILE).write_text(OPINION, encoding="utf-8")
        repo.commit(message, when, "data")
    return config
