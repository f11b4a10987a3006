"""Kiosk pages for workshop screens: which records each screen shows, and its page and version file.

Each profile gets kiosk/<name>/index.html: a self-contained page (styles and script inline, no search
index, no theme) whose slides the browser rotates, splits and dates itself, and version.json beside
it. The version is the SHA-256 of the page itself (with the version blanked, `seal`), so a rebuild
that changes nothing a screen shows does not disturb it, and a screen can check a fetched page
against it: the browser polls version.json every `poll_seconds` and adopts a page only when it ends
with the end marker, carries the announced version, hashes to it and has sane settings with all its
slides (kiosk/boot.js); otherwise it keeps what it shows and marks the screen.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from .date_rules import kiosk_rank
from .enrich import Entry
from .kiosk_settings import KioskProfile
from .qr import qr_svg
from .settings import SiteSettings
from .urls import kiosk_page_path, kiosk_url, relative_url, version_file_path
from .workdays import utc_offset_minutes

_VERSION_SLOT = "cwgk-kiosk-version-slot"  # replaced by the page's own hash after rendering
_VERSION_LENGTH = 16  # hex digits of the SHA-256 kept: boot.js expects exactly this many
# Shown on a screen: only what is in force (a revised, repealed or withdrawn record is not news).
_SHOWN_VALIDITY = "有效"


@dataclass(frozen=True)
class Slide:
    """One record on a screen; the browser may split it into several pages (long tables)."""

    entry: Entry
    link: str  # what the QR code opens: absolute when the site's address is known
    qr: Markup | None


def select(entries: list[Entry], profile: KioskProfile) -> list[Entry]:
    """Records in 公示 (or about to be) first, soonest-ending first; then the latest others.

    `entries` are newest first. The browser re-sorts by its own clock, so a record whose 公示期 ends
    after the build moves down on its own."""
    shown = [e for e in entries if _wanted(e, profile)]
    ranked = sorted(enumerate(shown), key=lambda pair: _rank(pair[1], pair[0]))
    current = [e for _, e in ranked if e.status in ("公示中", "未开始")]
    rest = [e for _, e in ranked if e.status not in ("公示中", "未开始")]
    return current + rest[: profile.latest]


def _rank(entry: Entry, position: int) -> tuple[int, str, str, int]:
    """The screen's order (date_rules.kiosk_rank) from the status read at the build's moment."""
    period = entry.record.notice_period
    if period is None or entry.status == "公示期满":
        return kiosk_rank(None, None, None, entry.index_no, position)
    key = "open" if entry.status == "公示中" else "pending"
    return kiosk_rank(key, period.start, period.last_day, entry.index_no, position)


def _wanted(entry: Entry, profile: KioskProfile) -> bool:
    record = entry.record
    if record.validity != _SHOWN_VALIDITY or entry.group.slug not in profile.kinds:
        return False
    if record.audience not in profile.audiences:
        return False
    if record.audience == "本部门":
        return any(issuer in profile.departments for issuer in record.issuers)
    return True


def seal(html: str) -> tuple[str, str]:
    """(the page with its version filled in, the version): the first hex digits of the SHA-256 of
    the page's UTF-8 bytes while every place of the version holds the slot. boot.js does the
    reverse on a fetched page (version → slot, hash, compare)."""
    version = hashlib.sha256(html.encode()).hexdigest()[:_VERSION_LENGTH]
    return html.replace(_VERSION_SLOT, version), version


def unseal(html: str, version: str) -> str:
    """A sealed page with its version back to the slot (what `seal` hashed)."""
    return html.replace(version, _VERSION_SLOT)


def theme_asset(env: Environment, name: str) -> str:
    """A file of theme_overrides/assets/cwgk/, beside the page templates' folder."""
    templates = Path(getattr(env.loader, "searchpath", ["."])[0])
    return (templates.parent / "assets" / "cwgk" / name).read_text(encoding="utf-8")


def calendar_years(slides: list[Entry], today: date) -> list[int]:
    """Years whose working days a screen needs: every shown 公示期, and the year ahead of today
    (a screen runs for months between builds)."""
    years = {today.year, today.year + 1}
    for entry in slides:
        period = entry.record.notice_period
        if period is not None:
            years.update(range(period.start.year, period.end.year + 1))
    return sorted(years)


class KioskRenderer:
    def __init__(
        self, settings: SiteSettings, env: Environment, built: datetime, site_url: str = ""
    ):
        self.settings = settings
        self.env = env
        self.built = built
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""

    def _shell(self) -> tuple[Markup, Markup, Markup, str]:
        """The page's styles, bootstrap and script, and their hash: a screen replaces its whole
        page only when these change (new software); new content is swapped in place."""
        loader = self.env.loader
        assert loader is not None
        style = loader.get_source(self.env, "kiosk/kiosk.css")[0]
        boot = loader.get_source(self.env, "kiosk/boot.js")[0]
        # The working-day and status logic is the site's own (assets/cwgk/workdays.js), inlined.
        script = (
            theme_asset(self.env, "workdays.js") + loader.get_source(self.env, "kiosk/kiosk.js")[0]
        )
        digest = hashlib.sha256("\0".join((style, boot, script)).encode()).hexdigest()[:12]
        return Markup(style), Markup(boot), Markup(script), digest

    def slides(self, entries: list[Entry], page_url: str) -> list[Slide]:
        out = []
        for entry in entries:
            if self.site_url:
                link = self.site_url + entry.url
                out.append(Slide(entry, link, Markup(qr_svg(link))))
            else:  # no address to put in a QR code: the page shows the path instead
                out.append(Slide(entry, relative_url(page_url, entry.url), None))
        return out

    def render_page(
        self, name: str, profile: KioskProfile, entries: list[Entry]
    ) -> tuple[str, str]:
        """(the page, its version)."""
        page_url = kiosk_url(name)
        chosen = select(entries, profile)
        style, boot, script, shell = self._shell()
        calendar = self.settings.calendar.for_browser(
            calendar_years(chosen, self.built.date()), utc_offset_minutes(self.built)
        )
        config: dict[str, Any] = {
            "slide_seconds": profile.slide_seconds,
            "poll_seconds": profile.poll_seconds,
            "shift_minutes": profile.shift_minutes,
            "off_screen": profile.off_screen,
            "schedule": [
                {"days": w.days, "start": w.start.strftime("%H:%M"), "end": w.end.strftime("%H:%M")}
                for w in profile.schedule
            ],
            "calendar": calendar,
            "slides": len(chosen),  # a fetched page must hold this many (boot.js)
        }
        html = self.env.get_template("kiosk/page.html").render(
            site=self.settings,
            profile=profile,
            slides=self.slides(chosen, page_url),
            config=Markup(json.dumps(config, ensure_ascii=False).replace("</", "<\\/")),
            style=style,
            boot=boot,
            script=script,
            shell=shell,
            version=_VERSION_SLOT,
            home=relative_url(page_url, ""),
        )
        return seal(html)

    def render(self, entries: list[Entry]) -> dict[str, str]:
        """kiosk/…/index.html and version.json for the default screen and every profile."""
        files: dict[str, str] = {}
        for name, profile in self.settings.kiosk.pages():
            html, version = self.render_page(name, profile, entries)
            files[kiosk_page_path(name)] = html
            files[version_file_path(name)] = json.dumps(
                {"version": version, "built": self.built.isoformat(timespec="seconds")},
                ensure_ascii=False,
            )
        return files
