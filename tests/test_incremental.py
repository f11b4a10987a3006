"""An incremental `cwgk build` gives, byte for byte, the site a full build of the same commit gives.

Random sequences of what happens to a real board — a new record, a correction, a wording fix, a
withdrawal, a new opinion or answer, a deleted record, a record in a new year (the navigation
changes), the next day or month (statuses move), an edited page template, setting or hand-written
page — each built incrementally from the last site and fully from nothing, then compared file by
file. Also: what an incremental build reuses, and that a damaged or foreign site is not trusted.
"""

from __future__ import annotations

import os
import random
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cwgk.cli import atomic_build
from cwgk.incremental import MANIFEST
from pinned_clock import pinned_env

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from demo_repo import make_demo_repo  # noqa: E402
from git_repo import Repo  # noqa: E402

START = datetime(2026, 11, 24, 10, 0)
# Every test here compares builds made under the same pinned clock (incremental against full,
# this build against the last): a date read from the machine would move both alike, so the
# second pass under a moved clock (scripts/test.sh) could not change a verdict. Run once.
pytestmark = pytest.mark.one_clock


def tree(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    only = sorted(set(a) ^ set(b))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return [f"only in one: {k}" for k in only] + [f"differs: {k}" for k in changed]


class Board:
    """The demo project in a git repository, changed the way union staff change it."""

    def __init__(self, root: Path, seed: int):
        self.config = make_demo_repo(root)
        self.root = root
        self.repo = Repo.existing(root)
        self.rng = random.Random(seed)
        self.now = START
        self.serial = 0

    def records(self) -> list[Path]:
        return sorted(
            p
            for p in (self.root / "data").rglob("*.yaml")
            if "opinions" not in p.parts and "类型: 意见与答复" not in p.read_text("utf-8")
        )

    def commit(self, message: str) -> None:
        self.now += timedelta(hours=2)
        self.repo.commit(message, self.now.strftime("%Y-%m-%dT%H:%M:00+08:00"))

    def _note(self, text: str, why: str) -> str:
        note = f"- 日期: {self.now.date().isoformat()}\n  说明: {why}\n"
        if "\n更正说明:\n" in text:
            return text.rstrip("\n") + "\n" + note
        return text.rstrip("\n") + "\n更正说明:\n" + note

    # What happens, each followed by a commit (or only the clock moving).
    def new_record(self, year: int | None = None) -> str:
        source = self.rng.choice(
            [p for p in self.records() if "已撤回" not in p.read_text("utf-8")]
        )
        text = source.read_text("utf-8")
        self.serial += 1
        number = 90000 + self.serial
        text = re.sub(
            r"^索引号: (\S+)/(\d{4})-\d{5}$",
            lambda m: f"索引号: {m[1]}/{year or m[2]}-{number}",
            text,
            count=1,
            flags=re.M,
        )
        text = re.sub(r"^标题: (.*)$", rf"标题: \1（补充{self.serial}）", text, count=1, flags=re.M)
        text = re.sub(r"^文号: .*\n", "", text, flags=re.M)
        if year:
            text = re.sub(r"^(发布日期|成文日期): \d{4}", rf"\1: {year}", text, flags=re.M)
        (self.root / "data" / "extra").mkdir(exist_ok=True)
        (self.root / "data" / "extra" / f"n{self.serial}.yaml").write_text(text, "utf-8")
        self.commit("发布")
        return f"new record from {source.name}"

    def correction(self) -> str:
        path = self.rng.choice([p for p in self.records() if "公开范围: " in p.read_text("utf-8")])
        text = path.read_text("utf-8")
        scope = "职工代表" if "公开范围: 全体职工" in text else "全体职工"
        text = re.sub(r"^公开范围: .*$", f"公开范围: {scope}", text, count=1, flags=re.M)
        path.write_text(self._note(text, f"公开范围有误，现更正为{scope}。"), "utf-8")
        self.commit("更正")
        return f"correction of {path.name}"

    def wording(self) -> str:
        path = self.rng.choice([p for p in self.records() if "内容概述: " in p.read_text("utf-8")])
        text = path.read_text("utf-8")
        path.write_text(text.replace("内容概述: ", "内容概述: 现", 1), "utf-8")
        self.commit("文字修改")
        return f"wording of {path.name}"

    def withdrawal(self) -> str:
        candidates = [p for p in self.records() if "有效性: 有效" in p.read_text("utf-8")]
        path = self.rng.choice(candidates)
        text = path.read_text("utf-8").replace("有效性: 有效", "有效性: 已撤回", 1)
        path.write_text(self._note(text, "内容有误，撤回。"), "utf-8")
        self.commit("撤回")
        return f"withdrawal of {path.name}"

    def opinion(self) -> str:
        record = self.rng.choice(self.records()).read_text("utf-8")
        index_no = re.search(r"^索引号: (\S+)$", record, flags=re.M)[1]  # type: ignore[index]
        self.serial += 1
        day = self.now.date().isoformat()
        text = (
            f"类型: 意见与答复\n编号: YJ/2026-{800 + self.serial:03d}\n公开事项: {index_no}\n"
            f"渠道: 意见箱\n收到日期: {day}\n发布日期: {day}\n"
            f"意见摘要: 建议把第{self.serial}项内容在车间张贴。\n状态: 已收到\n"
        )
        (self.root / "data" / "opinions" / f"x{self.serial}.yaml").write_text(text, "utf-8")
        self.commit("意见")
        return f"opinion on {index_no}"

    def delete(self) -> str:
        path = self.rng.choice([p for p in self.records() if "extra" in p.parts] or self.records())
        text = path.read_text("utf-8")
        index_no = re.search(r"^索引号: (\S+)$", text, flags=re.M)[1]  # type: ignore[index]
        named = [
            p
            for p in (self.root / "data").rglob("*.yaml")
            if p != path and index_no in p.read_text("utf-8")
        ]
        if named:  # an opinion or a result names it: taking it down would be refused
            return self.wording()
        path.unlink()
        self.commit("删除")
        return f"deleted {path.name}"

    def later(self) -> str:
        self.now += timedelta(days=40)  # past notice periods and fresh-correction notices
        return f"clock moved to {self.now:%Y-%m-%d}"

    def template(self) -> str:
        path = self.root / "theme_overrides" / "cwgk" / "partials" / "contact.html"
        path.write_text(path.read_text("utf-8") + f"<!-- {self.serial} -->\n", "utf-8")
        self.serial += 1
        return "page template edited"

    def setting(self) -> str:
        path = self.root / "mkdocs.yml"
        text = path.read_text("utf-8")
        self.serial += 1
        path.write_text(
            re.sub(r"电话: \S+", f"电话: 0591-8765{self.serial:04d}", text, count=1), "utf-8"
        )
        return "contact phone in mkdocs.yml changed"

    def hand_page(self) -> str:
        path = self.root / "site_src" / "guide.md"
        path.write_text(path.read_text("utf-8") + f"\n补充说明第{self.serial}条。\n", "utf-8")
        self.serial += 1
        return "guide.md edited"


CHANGES = [
    "new_record",
    "new_record",
    "correction",
    "wording",
    "withdrawal",
    "opinion",
    "delete",
    "later",
    "template",
    "setting",
    "hand_page",
    "new_year",
]


def build(board: Board, site: Path, full: bool) -> None:
    with pinned_env(board.now):
        assert atomic_build(board.config, site, full=full) == 0


@pytest.mark.parametrize("half", [0, 1])
def test_incremental_builds_are_byte_identical_to_full_builds(tmp_path, half, capsys):
    """Every kind of change once, in a random order, split over two tests that run side by side.
    The order is fixed (no test depends on the day it runs); CWGK_TEST_SEED tries others."""
    seed = int(os.environ.get("CWGK_TEST_SEED", "20261129"))
    order = CHANGES[:]
    random.Random(seed).shuffle(order)
    board = Board(tmp_path / "board", seed + half)
    site, full = tmp_path / "site", tmp_path / "full"
    build(board, site, full=False)  # no previous site: a full build
    done = [f"seed {seed}"]
    for step in order[half::2]:
        done.append(board.new_record(2027) if step == "new_year" else getattr(board, step)())
        capsys.readouterr()
        build(board, site, full=False)
        said = capsys.readouterr().out
        # The full build makes every list item and 更新记录 page afresh (fragments.py): a
        # piece kept under a digest that missed an input would show as a difference.
        (board.root / ".cache" / "cwgk" / "fragments.pickle").unlink(missing_ok=True)
        build(board, full, full=True)
        assert differences(tree(site), tree(full)) == [], done
        if step not in ("template", "setting", "new_year"):  # those change every page
            assert "沿用上次的" in said, (done, said)


def test_a_new_record_makes_only_its_page_and_the_lists_again(tmp_path, capsys):
    board = Board(tmp_path / "board", 7)
    site = tmp_path / "site"
    build(board, site, full=False)
    first = tree(site)
    board.new_record()
    capsys.readouterr()
    build(board, site, full=False)
    said = capsys.readouterr().out
    made = int(re.search(r"重新生成 (\d+) 页", said)[1])  # type: ignore[index]
    reused = int(re.search(r"沿用上次的 (\d+) 页", said)[1])  # type: ignore[index]
    assert reused > 3 * made, said
    after = tree(site)
    record_pages = [k for k in after if k.startswith("records/") and k.endswith("index.html")]
    changed = [k for k in record_pages if first.get(k) != after[k]]
    assert len(changed) == 1 and "90001" in changed[0]  # the new record's own page only


def test_the_count_of_pages_made_includes_the_hand_written_ones(tmp_path, capsys):
    """A build after editing only site_src/guide.md does not say it made 0 pages."""
    board = Board(tmp_path / "board", 3)
    site = tmp_path / "site"
    build(board, site, full=False)
    hand = sum(1 for p in (board.root / "site_src").rglob("*.md"))
    board.hand_page()
    capsys.readouterr()
    build(board, site, full=False)
    said = capsys.readouterr().out
    found = re.search(
        r"重新生成 (\d+) 页，.*重新生成的页面中有 (\d+) 页是 site_src/ 里的手写页面", said
    )
    assert found, said
    assert int(found[2]) == hand and int(found[1]) >= hand, said


def test_a_damaged_or_foreign_site_is_not_trusted(tmp_path, capsys):
    board = Board(tmp_path / "board", 8)
    site = tmp_path / "site"
    build(board, site, full=False)
    page = next(site.glob("records/*/index.html"))
    page.write_text("被改过", "utf-8")  # edited by hand on the server
    capsys.readouterr()
    build(board, site, full=False)
    said = capsys.readouterr().out
    assert "与生成清单不符" in said and "本次完整生成" in said and "完整生成" in said
    assert "被改过" not in page.read_text("utf-8")

    (site / MANIFEST).write_text("{", "utf-8")
    build(board, site, full=False)
    assert "已损坏，本次完整生成" in capsys.readouterr().out

    (site / MANIFEST).unlink()
    build(board, site, full=False)
    assert "没有生成清单" in capsys.readouterr().out

    other = tmp_path / "other"
    build(board, other, full=False)
    manifest = (other / MANIFEST).read_text("utf-8")
    (other / MANIFEST).write_text(manifest.replace('"project":"', '"project":"别的单位 '), "utf-8")
    build(board, site, full=False)
    capsys.readouterr()
    with pinned_env(board.now):
        assert atomic_build(board.config, site, previous=other) == 0
    assert "另一个项目生成的网站" in capsys.readouterr().out


def test_full_forces_every_page_and_previous_names_another_site(tmp_path, capsys):
    board = Board(tmp_path / "board", 9)
    site, published = tmp_path / "site", tmp_path / "published"
    build(board, published, full=False)
    board.wording()
    capsys.readouterr()
    with pinned_env(board.now):
        assert atomic_build(board.config, site, previous=published) == 0
    assert "沿用上次的" in capsys.readouterr().out
    build(board, site, full=True)
    said = capsys.readouterr().out
    assert "沿用" not in said and "完整生成" in said


def test_gzip_copies_skip_only_folders_of_pages_and_miss_no_text_file(tmp_path, monkeypatch):
    """precompress does not walk records/ (24,000 folders at 5,000 records), and still every
    text file anywhere in the site that gzip shrinks by a tenth has its .gz."""
    import gzip

    from cwgk import precompress as precompress_module
    from cwgk.precompress import candidates, level_of

    board = Board(tmp_path / "board", 5)
    seen: dict[str, frozenset[str]] = {}
    real = precompress_module.precompress

    def spy(site: Path, *args, **kwargs):
        seen["skip"] = kwargs.get("skip", frozenset())
        return real(site, *args, **kwargs)

    monkeypatch.setattr(precompress_module, "precompress", spy)
    site = tmp_path / "site"
    build(board, site, full=True)
    assert "records" in seen["skip"]
    assert not {"search", "assets", "files"} & seen["skip"]
    every = [p for p in candidates(site) if p.name != MANIFEST]  # the whole site (the manifest
    # is written after the copies, for the build only)
    assert any(p.suffix == ".json" for p in every)
    for path in every:
        data = path.read_bytes()
        shrinks = len(gzip.compress(data, compresslevel=level_of(path), mtime=0)) <= 0.9 * len(data)
        assert path.with_name(path.name + ".gz").is_file() == shrinks, path


def _settled(root: Path) -> None:
    """Wait for what a build moved out of the site to be deleted in the background."""
    import time

    deadline = time.monotonic() + 30
    while list(root.glob("site.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(root.glob("site.*"))


def test_a_build_reusing_its_own_site_updates_it_in_place(tmp_path, capsys):
    """Reused pages stay where they are (the same file, not a new link or copy); what the new
    site no longer has leaves; the old search index's folder goes once meta.json names the new."""
    board = Board(tmp_path / "board", 11)
    board.new_record()  # in data/extra/, which delete() takes first
    site = tmp_path / "site"
    build(board, site, full=False)
    pages = sorted(site.glob("records/*/index.html"))
    inodes = {p: p.stat().st_ino for p in pages}
    old_index = {p.name for p in (site / "search" / "cwgk").iterdir() if p.is_dir()}
    assert "deleted" in board.delete()
    capsys.readouterr()
    build(board, site, full=False)
    assert "沿用上次的" in capsys.readouterr().out
    _settled(tmp_path)
    still = [p for p in pages if p.is_file()]
    gone = [p for p in pages if not p.exists()]
    assert len(gone) == 1 and not gone[0].parent.exists()  # the deleted record's folder too
    assert sum(p.stat().st_ino == inodes[p] for p in still) > len(still) - 10
    new_index = {p.name for p in (site / "search" / "cwgk").iterdir() if p.is_dir()}
    assert len(new_index) == 1 and new_index != old_index
    assert not (site / ".cwgk-merging").exists()
    # (That the result equals a full build: the random-change tests, which build in place.)


def test_an_update_in_place_cut_short_is_followed_by_a_full_build(tmp_path, capsys, monkeypatch):
    """A failure while files move into the site is said, with what it means for the site; the
    marker left behind makes the next build a full one, which puts everything right."""
    from cwgk import incremental

    board = Board(tmp_path / "board", 12)
    site = tmp_path / "site"
    build(board, site, full=False)
    board.correction()
    real, calls = incremental._move_in, []

    def failing(source: str, target: str, moved: object) -> None:
        calls.append(target)
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(source, target, moved)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental, "_move_in", failing)
    capsys.readouterr()
    with pinned_env(board.now):
        assert atomic_build(board.config, site) == 2
    err = capsys.readouterr().err
    assert "新旧页面混杂" in err and "完整重新生成" in err and "No space left" in err
    assert (site / ".cwgk-merging").exists()
    monkeypatch.setattr(incremental, "_move_in", real)
    build(board, site, full=False)
    said = capsys.readouterr().out
    assert "被中断" in said and "完整生成" in said and "沿用" not in said
    assert not (site / ".cwgk-merging").exists()
    _settled(tmp_path)
