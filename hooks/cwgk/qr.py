"""QR codes as inline SVG, made at build time (segno: pure Python, no network, no images)."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import segno

from .history_cache import ResultCache, code_stamp

# Codes made by earlier runs (`keep_in`): the kiosk's 175 codes took 1.3 s of every build.
_kept: ResultCache | None = None
_keeper = 0  # the thread that keeps them: the preview's fast lane (another thread) does not


def keep_in(file: Path | None) -> None:
    """Keep the codes this run makes in `file` for the next run (None: only in memory)."""
    global _kept, _keeper
    _kept = ResultCache(file, code_stamp(segno.__version__)) if file else None
    _keeper = threading.get_ident()


def save_kept() -> None:
    """Save the codes made so far (the kiosk's, the posters'), then keep no more: a record
    page's code is made with its page, once, and keeping 20,000 of them cost 40 MB."""
    global _kept
    if _kept is not None:
        _kept.save()
    _kept = None


def qr_svg(text: str) -> str:
    """An SVG that scales to its box (no width/height); black on white, medium error correction so
    a scuffed or glare-covered screen or a folded notice still scans.

    One fixed data mask: choosing the "best" of eight costs 4 ms a code (20 s for 5,000 record
    pages); every reader decodes any mask. Cached: the kiosk and the printed page share codes."""
    kept = _kept
    if kept is None or threading.get_ident() != _keeper:
        return _made(text)
    key = ResultCache.key(text)
    svg = kept.get(key)
    if svg is None:
        svg = _made(text)
        kept.put(key, svg)
    return str(svg)


@lru_cache(maxsize=1024)  # the kiosk and a printed page share codes
def _made(text: str) -> str:
    code = segno.make(text, error="m", micro=False, mask=0)
    return code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
