"""QR codes as inline SVG, made at build time (segno: pure Python, no network, no images)."""

from __future__ import annotations

import segno


def qr_svg(text: str) -> str:
    """An SVG that scales to its box (no width/height); black on white, medium error correction so
    a scuffed or glare-covered screen still scans."""
    code = segno.make(text, error="m", micro=False)
    return code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff")
