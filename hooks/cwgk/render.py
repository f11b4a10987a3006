"""Render enriched entries into Markdown pages (front matter + HTML from Jinja2 templates).

Templates live in theme_overrides/cwgk/ (presentation); this module only prepares values.
Links inside generated HTML are made relative here, because MkDocs does not rewrite links in raw
HTML: that keeps the site working under any sub-path of any plain static web server.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import formatting
from .capital import amount_in_words
from .enrich import Entry
from .models import GROUPS, KindGroup
from .settings import SiteSettings
from .urls import kind_src_path, kind_url, year_src_path, year_url


def relative_url(from_url: str, to_url: str) -> str:
    """Link from the page at `from_url` to `to_url` (both site-relative directory URLs)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(to_url or ".", base or ".")
    if (to_url.endswith("/") or not to_url) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel in (".", "./") else rel


def make_environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=formatting.long_date,
        iso_date=formatting.iso_date,
        money=formatting.money,
        number=formatting.number,
        percent=formatting.percent,
        capital=amount_in_words,
        time_of_day=formatting.time_of_day,
    )
    env.globals.update(change_sentence=formatting.change_sentence)
    return env


@dataclass(frozen=True)
class RenderedSite:
    pages: dict[str, str]  # docs-dir path → Markdown content
    fragments: dict[str, str]  # marker name → HTML for hand-written pages
    nav: list[dict[str, Any]]  # MkDocs nav for the generated sections


def _front_matter(title: str, **extra: Any) -> str:
    # JSON strings are valid YAML double-quoted scalars: titles with any punctuation stay intact.
    lines = [f"title: {json.dumps(title, ensure_ascii=False)}"]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


class Renderer:
    def __init__(self, settings: SiteSettings, env: Environment):
        self.settings = settings
        self.env = env

    def _context(self, page_url: str, **values: Any) -> dict[str, Any]:
        return {
            "site": self.settings,
            "url": lambda target: relative_url(page_url, target),
            "kind_url": kind_url,
            "year_url": year_url,
            **values,
        }

    def render_record(self, entry: Entry, by_index: dict[str, Entry]) -> str:
        record = entry.record
        contact = record.contact or self.settings.default_contact
        template = self.env.get_template("record.html")
        body = template.render(
            self._context(
                entry.url,
                entry=entry,
                r=record,
                contact=contact,
                objection=self.settings.objection_rule.format(department=contact.department),
                by_index=by_index,
                markdown=lambda text: Markup(text),  # Markdown source passes through to MkDocs
            )
        )
        return _front_matter(record.title) + _separate_cells(body)

    def item_list(self, page_url: str, entries: list[Entry], show_kind: bool = True) -> str:
        return self.env.get_template("partials/item_list.html").render(
            self._context(page_url, entries=entries, show_kind=show_kind)
        )

    def render_group(self, group: KindGroup, entries: list[Entry]) -> str:
        by_year: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_year[entry.record.published_on.year].append(entry)
        url = kind_url(group.slug)
        body = self.env.get_template("kind_list.html").render(
            self._context(
                url,
                group=group,
                years=sorted(by_year.items(), reverse=True),
                item_list=lambda items: Markup(
                    self.item_list(url, items, show_kind=len(group.kinds) > 1)
                ),
                count=len(entries),
            )
        )
        return _front_matter(group.title) + body

    def render_year(self, year: int, entries: list[Entry]) -> str:
        by_group: dict[str, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_group[entry.group.slug].append(entry)
        url = year_url(year)
        sections = [(g, by_group[g.slug]) for g in GROUPS if by_group.get(g.slug)]
        body = self.env.get_template("year_list.html").render(
            self._context(
                url,
                year=year,
                sections=sections,
                item_list=lambda items: Markup(self.item_list(url, items, show_kind=False)),
                count=len(entries),
            )
        )
        return _front_matter(f"{year}年公开事项") + body

    def home_fragments(self, entries: list[Entry]) -> dict[str, str]:
        # Candidates for 公示中: everything whose 公示期 has not ended at build time. The browser
        # re-checks against its own clock, so a site built on Monday is still right on Friday.
        current = [e for e in entries if e.status in ("公示中", "未开始")]
        latest = entries[: self.settings.latest_count]
        return {
            "open": self.env.get_template("partials/home_open.html").render(
                self._context("", items=Markup(self.item_list("", current)), count=len(current))
            ),
            "latest": self.item_list("", latest),
            "kinds": self.env.get_template("partials/home_kinds.html").render(
                self._context("", groups=_group_counts(entries))
            ),
        }

    def render(self, entries: list[Entry]) -> RenderedSite:
        by_index = {e.index_no: e for e in entries}
        pages = {e.src_path: self.render_record(e, by_index) for e in entries}
        by_group: dict[str, list[Entry]] = defaultdict(list)
        by_year: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_group[entry.group.slug].append(entry)
            by_year[entry.record.published_on.year].append(entry)
        for group in GROUPS:
            pages[kind_src_path(group.slug)] = self.render_group(
                group, by_group.get(group.slug, [])
            )
        for year, items in by_year.items():
            pages[year_src_path(year)] = self.render_year(year, items)
        nav = [
            {"公开栏目": [{g.title: kind_src_path(g.slug)} for g in GROUPS]},
            {"按年度": [{f"{y}年": year_src_path(y)} for y in sorted(by_year, reverse=True)]},
        ]
        return RenderedSite(pages=pages, fragments=self.home_fragments(entries), nav=nav)


_ADJACENT_CELLS = re.compile(r"</(td|th)>\s*<(td|th)\b")


def _separate_cells(html: str) -> str:
    """Keep a line break between table cells: the search indexer joins adjacent cells' text, which
    would fuse 批次 31, 人次 124 and 金额 67,759.12 into one unsearchable token."""
    return _ADJACENT_CELLS.sub(lambda m: f"</{m.group(1)}>\n<{m.group(2)}", html)


def _group_counts(entries: list[Entry]) -> list[tuple[KindGroup, int]]:
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.group.slug] += 1
    return [(g, counts.get(g.slug, 0)) for g in GROUPS]
