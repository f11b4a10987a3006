"""The site's URL scheme. URLs are printed on paper and in QR codes: never change these rules.

- record:      records/<索引号 lower-cased, "/" → "-">/      GH/2024-00012 → records/gh-2024-00012/
- kind list:   kinds/<group slug>/                            kinds/hospitality/
- year list:   years/<YYYY>/                                  years/2024/
- old version: records/<slug>/versions/<YYYY-MM-DD>-<commit7>/
- 更新记录:     updates/, then updates/1/ (the oldest), updates/2/ …
- Atom feeds:  feed.xml, kinds/<group slug>/feed.xml
- kiosk:       kiosk/, kiosk/<profile>/ (+ version.json beside each page)
- 公开档案:     archive/ (timeline by year and month, filters in the address: ?kind=…&year=…)
- 公开目录:     catalogue/
- 统计:         stats/
- 意见答复:     opinions/ ; one opinion: its disclosure's page + #yj-2026-001
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import quote


def record_slug(index_no: str) -> str:
    return index_no.strip().lower().replace("/", "-")


def record_src_path(index_no: str) -> str:
    """Source path of the generated page inside the docs dir (MkDocs maps it to the URL)."""
    return f"records/{record_slug(index_no)}.md"


def record_url(index_no: str) -> str:
    return f"records/{record_slug(index_no)}/"


def kind_src_path(group_slug: str) -> str:
    return f"kinds/{group_slug}.md"


def kind_url(group_slug: str) -> str:
    return f"kinds/{group_slug}/"


def year_src_path(year: int) -> str:
    return f"years/{year}.md"


def year_url(year: int) -> str:
    return f"years/{year}/"


def version_src_path(index_no: str, version_slug: str) -> str:
    """An earlier version of a record: records/<slug>/versions/<YYYY-MM-DD>-<commit>/ (permanent:
    named by the commit, so later history never renumbers it)."""
    return f"records/{record_slug(index_no)}/versions/{version_slug}.md"


def version_url(index_no: str, version_slug: str) -> str:
    return f"records/{record_slug(index_no)}/versions/{version_slug}/"


def updates_src_path(block: int | None = None) -> str:
    """更新记录: updates/ (the newest), then earlier ones in blocks numbered from the oldest,
    updates/1/ … (a block keeps its address and items as newer ones arrive: render_updates)."""
    return "updates/index.md" if block is None else f"updates/{block}.md"


def updates_url(block: int | None = None) -> str:
    return "updates/" if block is None else f"updates/{block}/"


def feed_path(group_slug: str | None = None) -> str:
    """Atom feeds: feed.xml for the whole site, kinds/<group>/feed.xml per section."""
    return "feed.xml" if group_slug is None else f"kinds/{group_slug}/feed.xml"


@lru_cache(maxsize=8192)  # pages link to the same few list pages thousands of times
def relative_url(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to `to_url` (both site-relative directory URLs)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = _relative_path(to_url or ".", base or ".")
    if (to_url.endswith("/") or not to_url) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def _relative_path(path: str, start: str) -> str:
    """posixpath.relpath as strings: it asks the operating system for the working directory
    on every call, which was most of the cost of the lists' 27,000 links at 5,000 records."""
    to = _segments(path)
    here = _segments(start)
    if ".." in to or ".." in here:  # above the site's root: leave it to posixpath
        return posixpath.relpath(path, start)
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _segments(path: str) -> list[str]:
    return [part for part in posixpath.normpath(path).split("/") if part not in ("", ".")]


def kiosk_url(profile: str = "") -> str:
    """Kiosk screens: kiosk/ (default), kiosk/<profile>/ for a workshop's own screen."""
    return "kiosk/" if not profile else f"kiosk/{profile}/"


def kiosk_page_path(profile: str = "") -> str:
    return kiosk_url(profile) + "index.html"


def version_file_path(profile: str = "") -> str:
    """What a screen polls to learn that the site changed."""
    return kiosk_url(profile) + "version.json"


def opinions_src_path() -> str:
    return "opinions/index.md"


def opinions_url() -> str:
    return "opinions/"


@lru_cache(maxsize=8192)  # the same prepared mail on a record's page and each old version's
def mailto(address: str, subject: str, body: str = "") -> str:
    """A prepared e-mail (RFC 6068): works with no server, from any mail program."""
    link = f"mailto:{address}?subject={quote(subject, safe='')}"
    return link + (f"&body={quote(body, safe='')}" if body else "")


def archive_src_path() -> str:
    return "archive/index.md"


def archive_url() -> str:
    return "archive/"


def catalogue_src_path() -> str:
    return "catalogue/index.md"


def catalogue_url() -> str:
    return "catalogue/"


def stats_src_path() -> str:
    return "stats/index.md"


def stats_url() -> str:
    return "stats/"
