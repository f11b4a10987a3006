"""QR codes as inline SVG, made at build time (segno: pure Python, no network, no images)."""

from __future__ import annotations

from functools import cache

import segno


@cache
def qr_svg(text: str) -> str:
    """An SVG that scales to its box (no width/height); black on white, medium error correction so
    a scuffed or glare-covered screen or a folded notice still scans.

    One fixed data mask: choosing the "best" of eight costs 4 ms a code (20 s for 5,000 record
    pages); every reader decodes any mask. Cached: the kiosk and the printed page share codes."""
    code = segno.make(text, error="m", micro=False, mask=0)
    return code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
