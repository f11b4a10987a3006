"""Markdown bodies of records (正文, 修订说明, 主要措施) → safe HTML.

A body is typed by union staff or pasted from elsewhere; whatever HTML it carries must not run in an
employee's browser. It is rendered here (Python-Markdown: paragraphs, lists, tables, emphasis,
links) and then cleaned by nh3 (the Rust `ammonia` sanitiser): only the tags and attributes below
survive, links may only be http(s), mailto, tel or relative, and there are no scripts, event
attributes, styles, frames or images (nothing can load from outside either).

What the sanitiser removes is never silent (`sanitiser_report`, used by validation): text that a
malformed tag made it swallow fails the check with the line and the words lost; tags, attributes
and link addresses it dropped are named in a 提示.
"""

from __future__ import annotations

import difflib
import html as html_text
import re
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3

from .cjk_text import join_cjk_lines

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "code", "pre",
    "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _rendered(text: str) -> str:
    return markdown.markdown(
        join_cjk_lines(text),  # a line wrapped between Chinese sentences is no space
        extensions=["tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )


def _sanitised(html: str) -> str:
    return nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener"
    )


@lru_cache(maxsize=8192)  # an old version's body is usually the current one's, word for word
def body_html(text: str) -> str:
    """One HTML block (MkDocs passes it through untouched): the body, rendered and sanitised."""
    clean = _sanitised(_rendered(text))
    # No blank line inside: Python-Markdown would end the HTML block there.
    lines = [line for line in clean.splitlines() if line.strip()]
    return '<div class="cwgk-body">\n' + "\n".join(lines) + "\n</div>"


# Markdown alone makes only allowed tags: the check runs when a body may hold raw HTML, an image
# or a link with another scheme (a few µs to rule out for an ordinary body).
_MAY_LOSE = re.compile(r"<|!\[|\]\(\s*<?[A-Za-z][\w+.-]*:")
_CODE_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)([^>]*)>")
_ATTRIBUTE = re.compile(r"([^\s=/\"'>]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


@dataclass(frozen=True)
class SanitiserReport:
    lost: str  # visible text the sanitiser removed ("" when none)
    dropped: tuple[str, ...]  # tags, attributes and link addresses it removed, in words
    first: str  # the first removed tag as written, to find its line


def _visible(html: str) -> str:
    """The words a reader sees, without whitespace (scripts and styles are not words)."""
    text = _TAG.sub("", _CODE_ELEMENTS.sub("", re.sub(r"<!--.*?-->", "", html, flags=re.S)))
    return "".join(html_text.unescape(text).split())


def _dropped(html: str) -> tuple[list[str], str]:
    dropped: list[str] = []
    first = ""
    for match in _TAG.finditer(html):
        closing, tag, rest = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            continue
        if tag not in TAGS:
            dropped.append(f"<{tag}>")
            first = first or match.group(0)
            continue
        for attribute in _ATTRIBUTE.finditer(rest):
            name, value = attribute.group(1).lower(), (attribute.group(2) or "").strip("\"'")
            if name not in ATTRIBUTES.get(tag, set()):
                dropped.append(f"<{tag}> 的 {name} 属性")
                first = first or match.group(0)
            elif name == "href" and re.match(r"[A-Za-z][\w+.-]*:", value):
                scheme = value.split(":", 1)[0].lower()
                if scheme not in URL_SCHEMES:
                    dropped.append(f"{scheme}: 链接")
                    first = first or match.group(0)
    return list(dict.fromkeys(dropped)), first


@lru_cache(maxsize=1024)
def sanitiser_report(text: str) -> SanitiserReport | None:
    """What the sanitiser would remove from a body; None when it removes nothing."""
    if not _MAY_LOSE.search(text):
        return None
    raw = _rendered(text)
    before, after = _visible(raw), _visible(_sanitised(raw))
    lost = ""
    if before != after:
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        lost = "".join(
            before[i1:i2]
            for op, i1, i2, _, _ in matcher.get_opcodes()
            if op in ("delete", "replace")
        )
    dropped, first = _dropped(raw)
    if not lost and not dropped:
        return None
    return SanitiserReport(lost=lost, dropped=tuple(dropped), first=first)
