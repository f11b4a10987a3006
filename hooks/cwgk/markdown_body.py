"""Markdown bodies of records (正文, 修订说明, 主要措施) → safe HTML.

A body is typed by union staff or pasted from elsewhere; whatever HTML it carries must not run in an
employee's browser. It is rendered here (Python-Markdown: paragraphs, lists, tables, emphasis,
links) and then cleaned by nh3 (the Rust `ammonia` sanitiser): only the tags and attributes below
survive, links may only be http(s), mailto, tel or relative, and there are no scripts, event
attributes, styles, frames or images (nothing can load from outside either).
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "sub", "sup", "code", "pre",
    "blockquote", "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=8192)  # an old version's body is usually the current one's, word for word
def body_html(text: str) -> str:
    """One HTML block (MkDocs passes it through untouched): the body, rendered and sanitised."""
    html = markdown.markdown(
        text,
        extensions=["tables", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    clean = nh3.clean(
        html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener"
    )
    # No blank line inside: Python-Markdown would end the HTML block there.
    lines = [line for line in clean.splitlines() if line.strip()]
    return '<div class="cwgk-body">\n' + "\n".join(lines) + "\n</div>"
