"""Hostile and careless input, second pass: each refused (or let through) with file, line and
field, in well under 1 s and 200 MB, never a traceback, never a silent loss or a false alarm."""

from __future__ import annotations

import contextlib
import os
import time
import tracemalloc

import pytest
from cwgk import pipeline
from cwgk.source_reader import ReadFailed, parse_source
from record_samples import ENVELOPE

ALIASES = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    ]
)
SANITISER_PAYLOAD = """\
正文: |
  体检安排如下。

  <math><mtext><table><mglyph><style><img src=x onerror=alert(1)>

  | 项目 | 时间 |
  |---|---|
  | 体检 | 三月 |

  - 空腹
  - 带身份证

  结尾。
"""


def with_body(body: str) -> str:
    return ENVELOPE.replace("正文: 体检于3月中旬进行。\n", body)


def checked(mini, text: str | bytes):
    """The file as `cwgk check` sees it; reading it alone must take under 1 s and 200 MB (an alias
    bomb took 8 s and 1.7 GB, deep nesting overflowed the stack)."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    (mini.root / "data" / "case.yaml").write_bytes(raw)
    tracemalloc.start()
    start = time.perf_counter()
    with contextlib.suppress(ReadFailed):  # refused or not, it must be cheap
        parse_source(raw, "data/case.yaml")
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 1.0 and peak < 200 * 2**20, (seconds, peak)
    return pipeline.check(mini.project)


# (name, file text, line, field, words in the message)
REFUSED = [
    ("alias bomb", ALIASES, 1, "", "不支持 YAML 锚点和引用（&a）"),
    (
        "alias bomb, a level deeper",
        ALIASES + "\nj: &j [" + ", ".join(["*i"] * 9) + "]",
        1,
        "",
        "锚点",
    ),
    ("an alias alone", ENVELOPE + "关键词: *k\n", 8, "", "锚点和引用（*k）"),
    ("deep flow list", "a: " + "[" * 500 + "]" * 500 + "\n", 1, "", "层次太深"),
    ("deep flow mapping", "a: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", 1, "", "层次太深"),
    ("deep indentation", "".join("  " * i + "a:\n" for i in range(40)), 13, "", "层次太深"),
    ("NUL byte", ENVELOPE.replace("体检于", "体检\x00于"), 7, "", "控制字符（U+0000）"),
    ("a tag", ENVELOPE.replace("标题: ", "标题: !foo "), 3, "", "不支持 YAML 标签（!foo）"),
    ("a binary tag", ENVELOPE + "附件: !!binary aGVsbG8=\n", 8, "", "标签（!!binary）"),
    ("text lost to a malformed tag", with_body(SANITISER_PAYLOAD), 10, "正文", "丢失"),
    (
        "a private mailbox",
        ENVELOPE.replace("进行。", "进行，联系 zhangwei@vip.163.com。"),
        7,
        "正文",
        "个人电子邮箱",
    ),
    (
        "a phone number inside a block",
        with_body("正文: |\n  第一行。\n\n  第三行。\n  有事请找王芳 13912345678。\n"),
        11,
        "正文",
        "手机号码",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "field", "words"), REFUSED, ids=[c[0] for c in REFUSED]
)
def test_refused_at_its_line_quickly(mini, name, text, line, field, words):
    problems = [p for p in checked(mini, text).problems if p.file == "data/case.yaml"]
    assert [(p.line, p.field) for p in problems if words in p.message] == [(line, field)], [
        p.format() for p in problems
    ]


def test_text_lost_to_the_sanitiser_is_named(mini):
    (problem,) = checked(mini, with_body(SANITISER_PAYLOAD)).problems
    assert "<math>" in problem.message and "<style>" in problem.message
    assert "结尾。" in problem.message or "…" in problem.message  # the lost words are quoted
    assert "用 Markdown 写" in problem.expected


def test_tags_the_sanitiser_drops_are_a_note_with_the_line(mini):
    body = '正文: |\n  通知如下。\n\n  请<b>准时</b>参加，<span style="color:red">务必</span>带证件。\n'
    result = checked(mini, with_body(body))
    assert result.problems == []
    (note,) = [w for w in result.warnings if w.file == "data/case.yaml"]
    assert note.severity == "提示" and (note.line, note.field) == (10, "正文")
    assert "<span> 的 style 属性" in note.message


def test_an_organisations_mailbox_is_not_a_private_one(mini):
    text = ENVELOPE.replace(
        "进行。", "进行，意见请发 gonghui@company.com.cn 或 hr@mail.example.com.cn。"
    )
    assert checked(mini, text).problems == []


def test_anchor_like_text_in_quotes_and_masked_names_pass(mini):
    text = (
        ENVELOPE.replace("进行。", "进行，负责人张*，R&D 部门配合。")
        + '关键词: ["*重要", "&合作", "!注意"]\n'
    )
    assert checked(mini, text).problems == []


def test_a_linked_folder_is_refused_not_skipped(mini, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "r.yaml").write_text(ENVELOPE, encoding="utf-8")
    os.symlink(elsewhere, mini.root / "data" / "linked", target_is_directory=True)
    (problem,) = mini.problems()
    assert problem.file == "data/linked"
    assert "指向文件夹" in problem.message and str(elsewhere) in problem.message
