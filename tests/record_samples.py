from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from cwgk import pipeline
from cwgk.settings import SiteSettings
from git_repo import Repo

ROOT = Path(__file__).resolve().parents[1]

# A minimal valid record of each kind's envelope; tests add or break fields.
ENVELOPE = """\
类型: 通知公告
索引号: GH/2024-00001
标题: 关于职工体检安排的通知
发布机构: 公司工会
发布日期: 2024-03-05
内容概述: 公布2024年职工体检的时间和地点安排。
正文: 体检于3月中旬进行。
"""


def copy_site_skeleton(target: Path) -> Path:
    """Copy everything but the records (config, pages, theme, hooks) to `target`; → mkdocs.yml."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "site_src", "theme_overrides", "hooks"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, target / name)
    return target / "mkdocs.yml"


class MiniProject:
    """A throwaway project: data/ and site_src/ in a temp dir, default settings."""

    def __init__(self, root: Path):
        self.root = root
        self.repo = Repo(root)  # history is read from git; records start out uncommitted
        (root / "data").mkdir()
        (root / "site_src").mkdir()
        self.project = pipeline.Project(
            root=root,
            settings=SiteSettings(),
            docs_dir=root / "site_src",
            theme_dir=ROOT / "theme_overrides",
        )

    def write(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def commit(self, message: str, when: str) -> str:
        return self.repo.commit(message, when)

    def problems(self) -> list:
        return pipeline.check(self.project).problems

    def messages(self) -> list[str]:
        return [p.format() for p in self.problems()]


HOSPITALITY = """\
类型: 业务招待费使用情况
索引号: GH/2024-00012
标题: 2024年上半年业务招待费使用情况公示
发布机构: [公司工会, 财务部]
发布日期: 2024-07-10
内容概述: 公开2024年上半年业务招待费使用情况。
公示期:
  开始: 2024-07-10
  结束: 2024-07-16
期间:
  年度: 2024
  区间: 上半年
核定额: 180000
实际支出: 119950
部门明细:
  - 部门: 销售部
    金额: 76450.00
  - 部门: 采购部
    金额: 43500
"""
