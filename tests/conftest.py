from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cwgk import pipeline
from cwgk.settings import SiteSettings

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


class MiniProject:
    """A throwaway project: data/ and site_src/ in a temp dir, default settings."""

    def __init__(self, root: Path):
        self.root = root
        (root / "data").mkdir()
        (root / "site_src").mkdir()
        self.project = pipeline.Project(root=root, settings=SiteSettings(), docs_dir=root / "site_src")

    def write(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.root / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding))
        return path

    def problems(self) -> list:
        return pipeline.check(self.project).problems

    def messages(self) -> list[str]:
        return [p.format() for p in self.problems()]


@pytest.fixture
def mini(tmp_path: Path) -> MiniProject:
    return MiniProject(tmp_path)
