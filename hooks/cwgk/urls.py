"""The site's URL scheme. URLs are printed on paper and in QR codes: never change these rules.

- record:      records/<索引号 lower-cased, "/" → "-">/      GH/2024-00012 → records/gh-2024-00012/
- kind list:   kinds/<group slug>/                            kinds/hospitality/
- year list:   years/<YYYY>/                                  years/2024/
"""

from __future__ import annotations


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
