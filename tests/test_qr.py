"""QR codes: kept between runs for the kiosk and posters, not for every record page."""

from __future__ import annotations

from pathlib import Path

from cwgk import qr
from cwgk.history_cache import ResultCache


def test_the_kiosks_codes_are_kept_and_a_record_pages_code_is_not(tmp_path: Path):
    file = tmp_path / "qr-codes.pickle"
    qr.keep_in(file)
    kiosk = qr.qr_svg("http://intranet/cwgk/kiosk/")
    qr.save_kept()  # after the kiosk and the posters: record pages are made later, one by one
    page = qr.qr_svg("http://intranet/cwgk/records/gh-2026-00001/")
    assert page.startswith("<svg") and page != kiosk
    assert qr._kept is None  # nothing more is collected for a save that will not come

    qr.keep_in(file)  # the next run
    assert qr._kept is not None
    assert qr._kept.get(ResultCache.key("http://intranet/cwgk/kiosk/")) == kiosk
    assert qr._kept.get(ResultCache.key("http://intranet/cwgk/records/gh-2026-00001/")) is None
    assert qr.qr_svg("http://intranet/cwgk/kiosk/") == kiosk
    qr.keep_in(None)
