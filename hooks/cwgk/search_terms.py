"""Chinese word segmentation for the search index, behind one small interface.

mkdocs-material segments page text with jieba at build time and, in the browser, splits a query
into the words its index knows. Plain jieba keeps compounds whole (绩效考核, 第三季度, 中层干部), so
their parts cannot be found. We segment more finely: each jieba word that is made entirely of
shorter dictionary words is split into them (绩效·考核, 第三·季度, 中层·干部). The displayed text is
unchanged (words are only separated by U+200B), a query for the compound is split into the same
parts in the browser and still matches, and names, departments and posts from the records are
registered as whole words so they are never split.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)
jieba.dt.tmp_dir = str(Path(os.environ.get("CWGK_CACHE", tempfile.gettempdir())))

# Domain words jieba's general dictionary lacks or gets wrong.
DOMAIN_WORDS = (
    "厂务公开", "职代会", "职工代表", "业务招待费", "招待费", "通讯费", "奖金分配", "公示期",
    "受理部门", "索引号", "核定额", "结余", "超支", "同比", "拟录用", "替补", "准考证号",
    "规章制度", "生产经营", "中层正职", "中层副职", "实报实销", "包干", "大写金额",
)  # fmt: skip

_protected: set[str] = set()


def _ensure_loaded() -> None:
    if not jieba.dt.initialized:
        jieba.initialize()
        for word in DOMAIN_WORDS:
            jieba.add_word(word)


def register_words(words: Iterable[str]) -> None:
    """Names, departments and posts from the records: always kept as whole words."""
    _ensure_loaded()
    for word in words:
        word = word.strip()
        if len(word) >= 2 and word not in _protected:
            jieba.add_word(word, freq=max(jieba.dt.suggest_freq(word), 1000))
            _protected.add(word)
            _tokens.clear()  # segmented before this word was known


def _split_compound(word: str) -> list[str]:
    """Split `word` into dictionary words of 2+ characters covering it exactly, else keep it."""
    if len(word) < 4 or word in _protected:
        return [word]
    freq = jieba.dt.FREQ
    # Shortest cover by dynamic programming over end positions; prefer fewer, longer parts.
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(2, len(word) + 1):
        for start in range(0, end - 1):
            part = word[start:end]
            prefix = best[start]
            if prefix is not None and part != word and freq.get(part):
                candidate = [*prefix, part]
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[len(word)] or [word]


def segment(text: str) -> list[str]:
    """Words of `text` for the search index (finest dictionary segmentation)."""
    _ensure_loaded()
    words: list[str] = []
    for word in jieba.cut(text):
        words.extend(_split_compound(word))
    return words


# A site repeats the same runs of Chinese on thousands of pages (captions, headers, boilerplate,
# every old version of a record): each run is segmented once. Emptied when words are registered.
_tokens: dict[str, str] = {}


def search_tokens(text: str) -> str:
    """The form mkdocs-material's index stores: words joined by U+200B."""
    found = _tokens.get(text)
    if found is None:
        if len(_tokens) > 500_000:
            _tokens.clear()
        found = _tokens[text] = "\u200b".join(segment(text))
    return found
