"""Chinese text across line breaks.

Markdown turns a line break inside a paragraph into a space, which is right between English words
and wrong between Chinese sentences (「事项。 公示期内」). Union staff and the hand-written pages wrap
long Chinese lines in the source: such a break is removed when the characters on both sides are
Chinese (or full-width punctuation) and the first line is running text — not a heading, a table
row or HTML. Fenced code keeps its lines.
"""

from __future__ import annotations

import re

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_ENDS_CJK = re.compile(f"[{_CJK}][ \\t]*$")
_STARTS_CJK = re.compile(f"^[ \\t]{{0,3}}[{_CJK}]")
_NOT_TEXT = re.compile(r"^[ \t]*(#|\||<|```|~~~)")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def join_cjk_lines(markdown: str) -> str:
    """`markdown` with every soft line break between two Chinese characters removed."""
    if "\n" not in markdown:
        return markdown
    out: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif (
            not fenced
            and out
            and _STARTS_CJK.match(line)
            and _ENDS_CJK.search(out[-1])
            and not _NOT_TEXT.match(out[-1])
        ):
            out[-1] = out[-1].rstrip(" \t") + line.lstrip(" \t")
            continue
        out.append(line)
    return "\n".join(out)
