"""How text becomes search terms — the one definition the index (here) and the browser
(theme_overrides/assets/cwgk/search/text.js) share; both run tests/search_vectors.json.

Chinese is indexed by characters and character pairs (bigrams), the usual way for CJK search: no
dictionary decides where words end, so any part of a compound is found (季度 in 第三季度), a full
name matches only where the full name is written (戴军子 never matches the masked 戴*), and names,
departments and posts need no registration. Runs of letters and digits are whole terms; codes
joined by - or / (GH/2025-00012) are also terms as a whole and in every joined part (2025-00012),
and a run touching Chinese makes a pair with it (17号, 2025年). Before that, the notations people
write differently are made one: full-width forms, thousands separators, 文号 in any bracket
(〔〕, [], （）, 【】, or 第…号 without), and dates written 2025-3-5, 2025/3/5 or 2025.03.05.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

HAN = "\u3400-\u9fff\uf900-\ufaff"
# One match: a run of Chinese characters, or a code of letters and digits joined by - or /.
_PIECE = re.compile(rf"[{HAN}]+|[0-9a-z]+(?:[-/][0-9a-z]+)*")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
_DOC_NO_BRACKETS = re.compile(r"\s*[〔\[【(]\s*([0-9]{4})\s*[〕\]】)]\s*第?\s*([0-9]{1,5})\s*号")
_DOC_NO_PLAIN = re.compile(rf"(?<=[{HAN}])([0-9]{{4}})\s*第\s*([0-9]{{1,5}})\s*号")
_DATE = re.compile(r"(?<![0-9])([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?![0-9])")
_CN_DATE = re.compile(r"([0-9]{4})年0?([0-9]{1,2})月(?:0?([0-9]{1,2})日)?")
MAX_CHAIN = 6  # parts of one code that are combined (longer codes: the first six)


def normalise(text: str) -> str:
    """One notation for what people write in several (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _LETTER_DIGIT.sub("-", text)  # GH2026-00009 as GH-2026-00009, Q3 as Q-3
    text = _THOUSANDS.sub("", text)
    text = _DOC_NO_BRACKETS.sub(r"\1-\2号", text)
    text = _DOC_NO_PLAIN.sub(r"\1-\2号", text)
    text = _DATE.sub(lambda m: f"{m[1]}年{int(m[2])}月{int(m[3])}日", text)
    return _CN_DATE.sub(
        lambda m: f"{m[1]}年{int(m[2])}月" + (f"{int(m[3])}日" if m[3] else ""), text
    )


def terms(text: str) -> Iterator[tuple[str, str]]:
    """(term, kind) of already normalised text, in order, repeats kept (they count).

    kind: "char" a Chinese character, "pair" two adjacent units (characters, or a code and the
    character it touches), "run" letters or digits, "code" two or more joined runs."""
    last_end = -1
    last_unit = ""  # the unit before the current piece when it touches it
    for match in _PIECE.finditer(text):
        piece = match.group()
        touching = match.start() == last_end
        if piece[0] >= "\u3400":  # Chinese (the pattern's only non-ASCII class)
            if touching and last_unit:
                yield last_unit + piece[0], "pair"
            for i, char in enumerate(piece):
                yield char, "char"
                if i:
                    yield piece[i - 1] + char, "pair"
            last_unit = piece[-1]
        else:
            runs = re.split(r"[-/]", piece)
            if touching and last_unit:
                yield last_unit + runs[0], "pair"
            for run in runs:
                yield run, "run"
            joined = runs[:MAX_CHAIN]
            for start in range(len(joined) - 1):
                for end in range(start + 2, len(joined) + 1):
                    yield "-".join(joined[start:end]), "code"
            last_unit = runs[-1]
        last_end = match.end()


def term_list(text: str) -> list[str]:
    """Every term of `text` (normalised here), repeats kept."""
    return [term for term, _ in terms(normalise(text))]
