"""Render enriched entries into Markdown pages (front matter + HTML from Jinja2 templates).

Templates live in theme_overrides/cwgk/ (presentation); this module only prepares values.
Links inside generated HTML are made relative here, because MkDocs does not rewrite links in raw
HTML: that keeps the site working under any sub-path of any plain static web server.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)
from markupsafe import Markup

from . import formatting
from .capital import amount_in_words
from .catalogue import catalogue
from .enrich import Entry
from .feeds import atom_feed
from .filters import filters_for, unit_value
from .fragments import Fragments
from .history import Version
from .kiosk import KioskRenderer
from .markdown_body import body_html
from .models import GROUPS, KindGroup
from .news import NewsItem, collect_news
from .page_keys import digest, entry_digest
from .qr import qr_svg
from .search_docs import SearchDoc, record_doc
from .settings import SiteSettings
from .statistics import (
    bonus_chart,
    changes_by_year,
    hospitality_chart,
    opinion_counts,
    opinion_items,
    publications_by_kind,
    telecom_chart,
)
from .table_layout import label_tables
from .urls import (
    archive_src_path,
    archive_url,
    catalogue_src_path,
    catalogue_url,
    feed_path,
    kind_src_path,
    kind_url,
    mailto,
    opinions_src_path,
    opinions_url,
    record_url,
    relative_url,
    stats_src_path,
    stats_url,
    updates_src_path,
    updates_url,
    version_src_path,
    version_url,
    year_src_path,
    year_url,
)
from .workdays import utc_offset_minutes

T = TypeVar("T")


def bytecode_cache(cache_dir: Path | None) -> FileSystemBytecodeCache | None:
    """Compiled templates kept in `cache_dir` (one folder per Jinja environment: the cache does
    not know the environment's options); None for a read-only checkout, which compiles."""
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(cache_dir))


def make_environment(template_dir: Path, cache_dir: Path | None = None) -> Environment:
    """`cache_dir`: where compiled templates are kept between runs (Jinja checks each against its
    source); compiling the page templates is a second of every build otherwise."""
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        bytecode_cache=bytecode_cache(cache_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=formatting.long_date,
        iso_date=formatting.iso_date,
        month_day=formatting.month_day,
        money=formatting.money,
        number=formatting.number,
        percent=formatting.percent,
        capital=amount_in_words,
        time_of_day=formatting.time_of_day,
    )
    env.globals.update(change_sentence=formatting.change_sentence, unit_value=unit_value)
    return env


class Pages(Mapping[str, str]):
    """Every generated page's Markdown by docs-dir path, in the order MkDocs gets them.

    A record's page and its old versions' pages (most of a site: 20,000 of them at 5,000 records)
    are *lazy*: made each time they are read and not kept, so a build holds one at a time, and an
    incremental build never makes those whose inputs (`inputs`, page_keys.py) are unchanged."""

    def __init__(self, made: dict[str, str] | None = None):
        self._made: dict[str, str] = dict(made or {})
        self._makers: dict[str, Callable[[], str]] = {}
        self._order: list[str] = list(self._made)
        self.inputs: dict[str, str] = {}  # lazy page → digest of what it is made from

    def add(self, path: str, markdown: str) -> None:
        self._order.append(path) if path not in self._made else None
        self._made[path] = markdown

    def add_lazy(self, path: str, make: Callable[[], str], inputs: str) -> None:
        self._order.append(path)
        self._makers[path] = make
        self.inputs[path] = inputs

    def is_lazy(self, path: str) -> bool:
        return path in self._makers

    def __getitem__(self, path: str) -> str:
        if path in self._makers:
            return self._makers[path]()
        return self._made[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, path: object) -> bool:
        return path in self._made or path in self._makers


@dataclass(frozen=True)
class RenderedSite:
    pages: Mapping[str, str]  # docs-dir path → Markdown content (Pages: some made when read)
    fragments: dict[str, str]  # marker name → HTML for hand-written pages
    nav: list[dict[str, Any]]  # MkDocs nav for the generated sections
    files: dict[str, str] = field(default_factory=dict)  # other outputs (feeds): path → text
    search: list[SearchDoc] = field(default_factory=list)  # for the search index (search_index.py)


# Records are indexed from their data (search_docs.py), not by the theme from their pages; lists,
# old versions and news would only repeat them. The theme indexes the hand-written pages only.
_NO_SEARCH = {"exclude": True}
_WIDE = ["navigation", "toc"]  # a record page: its tables get the width of the screen
LIST_SCOPE = ".md-content__inner"  # what a list page's filters act on: the page's own content
CALENDAR_SCRIPT = "assets/cwgk/calendar.js"  # generated: the working-day calendar for status.js


def _version_title(title: str, version: Version) -> str:
    """关于…的通知（2026年11月29日版）: the date as dates are written in text (GB/T 9704)."""
    return f"{title}（{formatting.long_date(version.when.date())}版）"


def _front_matter(title: str, **extra: Any) -> str:
    # JSON strings are valid YAML double-quoted scalars: titles with any punctuation stay intact.
    # The theme prints page titles as they are (in <title>, the header and the h1): a title from a
    # record is text, so it is HTML-escaped here (a "<" in it shows as "<", never as a tag).
    lines = [f"title: {json.dumps(html.escape(title, quote=False), ensure_ascii=False)}"]
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


class Renderer:
    def __init__(
        self,
        settings: SiteSettings,
        env: Environment,
        built: datetime,
        site_name: str = "厂务公开",
        site_url: str = "",
        fragments: Fragments | None = None,
    ):
        self.settings = settings
        self.env = env
        self.built = built
        self.fragments = fragments  # pieces kept from the last build (fragments.py)
        self._digests: dict[str, str] = {}  # record page → its digest (page_keys.entry_digest)
        self.site_name = site_name
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""  # absolute links, QR codes

    @property
    def today(self) -> date:
        return self.built.date()

    def _context(self, page_url: str, **values: Any) -> dict[str, Any]:
        return {
            "site": self.settings,
            "url": lambda target: relative_url(page_url, target),
            "kind_url": kind_url,
            "year_url": year_url,
            **values,
        }

    def render_record(
        self, entry: Entry, by_index: dict[str, Entry], version: Version | None = None
    ) -> str:
        """The record page; with `version`, the page of that earlier version of it."""
        if version is not None:
            try:
                return self._render_record(entry, by_index, version)
            finally:
                version.forget_record()  # its page is made: its record is needed no more
        return self._render_record(entry, by_index, None)

    def _render_record(
        self, entry: Entry, by_index: dict[str, Entry], version: Version | None
    ) -> str:
        page_url = entry.url
        history = entry.history
        if version is not None:
            page_url = version_url(entry.index_no, version.slug)
            if version.record is None:
                body = self.env.get_template("version_raw.html").render(
                    self._context(page_url, entry=entry, version=version)
                )
                title = _version_title(entry.record.title, version)
                return _front_matter(title, search=_NO_SEARCH) + body
            entry = replace(entry, record=version.record, previous=None)
        record = entry.record
        contact = record.contact or self.settings.default_contact
        feedback_mail = (
            mailto(
                contact.email,
                f"对《{record.title}》（{record.index_no}）的意见",
                f"公开事项：{record.title}\n索引号：{record.index_no}\n\n意见：\n\n\n"
                "（请署真实姓名；工会对反映人的个人信息保密。）",
            )
            if contact.email
            else ""
        )
        template = self.env.get_template("record.html")
        body = template.render(
            self._context(
                page_url,
                entry=entry,
                r=record,
                contact=contact,
                objection=self.settings.objection_rule.format(department=contact.department),
                by_index=by_index,
                markdown=lambda text: Markup(body_html(text)),  # rendered and sanitised
                history=history,
                version=version,
                fresh=history.fresh_correction(self.today, self.settings.correction_notice_days)
                if history
                else None,
                version_url=lambda v: version_url(entry.index_no, v.slug),
                feedback_mail=feedback_mail,
                withheld=entry.withheld,
                print_qr=Markup(qr_svg(self.site_url + entry.url))
                if self.site_url and version is None
                else None,
                correction_link=lambda day: _correction_link(history, day),
            )
        )
        if version is not None:
            title = _version_title(record.title, version)
            return _front_matter(title, search=_NO_SEARCH, hide=_WIDE) + label_tables(body)
        return _front_matter(record.title, search=_NO_SEARCH, hide=_WIDE) + label_tables(body)

    def version_pages(self, entry: Entry) -> dict[str, Version]:
        """Earlier committed versions, each at its permanent address (the newest is the page)."""
        if entry.history is None:
            return {}
        return {
            version_src_path(entry.index_no, v.slug): v
            for v in entry.history.versions[:-1]
            if v.committed
        }

    def render_updates(self, news: list[NewsItem], history_enabled: bool) -> dict[str, str]:
        """更新记录, newest first: updates/ holds the newest items; the earlier ones are in
        blocks counted from the oldest (updates/1/ …), so a new item changes updates/ and the
        newest block only, not every page after it (at 5,000 records, 400 pages a publish)."""
        size = self.settings.updates_per_page
        earlier = news[size:][::-1]  # oldest first
        blocks = [earlier[start : start + size][::-1] for start in range(0, len(earlier), size)]
        pages: list[tuple[int | None, list[NewsItem]]] = [(None, news[:size])]
        pages += [(number, items) for number, items in enumerate(blocks, start=1)]
        out = {}
        for block, items in pages:
            if block is None:
                newer, older = None, (len(blocks) or None)
                title = "更新记录"
            else:
                newer, older = block + 1 if block < len(blocks) else None, block - 1 or None
                first, last = items[-1].when.date(), items[0].when.date()
                span = formatting.long_date(first)
                if last != first:
                    span += f"至{formatting.long_date(last)}"
                title = f"更新记录（{span}）"
            values = {
                "items": items,
                "newer": updates_url(newer) if block is not None else None,
                "older": updates_url(older) if older else None,
                "feed": feed_path(),
                "history_enabled": history_enabled,
            }
            make = partial(self._render_page, "updates.html", updates_url(block), values)
            if self.fragments is not None:  # a block of earlier items: the same as last time
                body = self.fragments.get(_updates_key(updates_url(block), values), "page", make)
            else:
                body = make()
            out[updates_src_path(block)] = _front_matter(title, search=_NO_SEARCH) + body
        return out

    def _render_page(self, template: str, page_url: str, values: dict[str, Any]) -> str:
        return self.env.get_template(template).render(self._context(page_url, **values))

    def render_feeds(self, news: list[NewsItem]) -> dict[str, str]:
        size = self.settings.feed_size
        author = self.settings.union_name
        feeds = {
            feed_path(): atom_feed(
                f"{self.site_name}：更新记录", feed_path(), updates_url(), news[:size],
                self.site_url, author, self.built,
            )
        }  # fmt: skip
        for group in GROUPS:
            items = [n for n in news if n.entry.group.slug == group.slug][:size]
            feeds[feed_path(group.slug)] = atom_feed(
                f"{self.site_name}：{group.title}", feed_path(group.slug), kind_url(group.slug),
                items, self.site_url, author, self.built,
            )  # fmt: skip
        return feeds

    def calendar_script(self, entries: list[Entry]) -> str:
        """The working-day calendar status.js counts with: every year a 公示期 touches, and the
        year ahead (a page is read long after its build)."""
        years = {self.today.year, self.today.year + 1}
        for entry in entries:
            period = entry.record.notice_period
            if period is not None:
                years.update(range(period.start.year, period.last_day.year + 1))
        data = self.settings.calendar.for_browser(years, utc_offset_minutes(self.built))
        return f"window.CWGK_CALENDAR = {json.dumps(data, separators=(',', ':'))};\n"

    def render_opinions(self, entries: list[Entry]) -> str:
        """意见答复: every opinion and answer, open ones first, filterable by status and kind."""
        items = opinion_items(entries)
        items.sort(key=lambda item: (item[0].answered, _negated(item[0].received_on)))
        body = self.env.get_template("opinions.html").render(
            self._context(
                opinions_url(),
                items=items,
                groups=[g for g in GROUPS if any(e.group.slug == g.slug for _, e in items)],
                years=opinion_counts(items),
            )
        )
        return _front_matter("意见答复", search=_NO_SEARCH) + label_tables(body)

    def item_list(self, page_url: str, entries: list[Entry], show_kind: bool = True) -> str:
        items = "".join(self._list_item(page_url, e, show_kind) for e in entries)
        return self.env.get_template("partials/item_list.html").render(items=Markup(items))

    def _list_item(self, page_url: str, entry: Entry, show_kind: bool) -> str:
        def make() -> str:
            return self.env.get_template("partials/list_item.html").render(
                self._context(page_url, e=entry, show_kind=show_kind)
            )

        return self._kept(entry, f"item|{page_url}|{show_kind}", make)

    def render_group(self, group: KindGroup, entries: list[Entry]) -> str:
        by_year: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_year[entry.published_on.year].append(entry)
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
                filters=filters_for(entries, ("year", "status", "audience")),
                scope=LIST_SCOPE,
            )
        )
        return _front_matter(group.title, search=_NO_SEARCH) + body

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
                filters=filters_for(entries, ("kind", "status", "audience")),
                scope=LIST_SCOPE,
            )
        )
        return _front_matter(f"{year}年公开事项", search=_NO_SEARCH) + body

    def render_stats(
        self, entries: list[Entry], news: list[NewsItem], history_enabled: bool
    ) -> str:
        """统计: counts by kind and year, corrections and withdrawals, opinions, spending charts."""
        by_kind = publications_by_kind(entries)
        charts = [
            (chart_id, heading, chart)
            for chart_id, heading, chart in (
                ("chart-hospitality", "业务招待费", hospitality_chart(entries)),
                ("chart-telecom", "中层领导通讯费", telecom_chart(entries)),
                ("chart-bonus", "奖金总额", bonus_chart(entries)),
            )
            if chart is not None
        ]
        items = opinion_items(entries)
        body = self.env.get_template("stats.html").render(
            self._context(
                stats_url(),
                by_kind=by_kind,
                changes=changes_by_year(entries, news, by_kind.years),
                history_enabled=history_enabled,
                opinion_years=opinion_counts(items),
                charts=charts,
                zip=zip,
            )
        )
        return _front_matter("统计", search=_NO_SEARCH) + label_tables(body)

    def render_catalogue(self, entries: list[Entry]) -> str:
        """公开目录: each regular item, its latest publication, next due date, 逾期."""
        rows = catalogue(self.settings.catalogue, [e.record for e in entries], self.today)
        body = self.env.get_template("catalogue.html").render(
            self._context(catalogue_url(), rows=rows, today=self.today, record_url=record_url)
        )
        return _front_matter("公开目录", search=_NO_SEARCH) + label_tables(body)

    def render_archive(self, entries: list[Entry]) -> str:
        """公开档案: every record on a timeline by year and month, with every filter."""
        timeline: dict[int, dict[int, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for entry in entries:  # newest first already
            day = entry.published_on
            timeline[day.year][day.month].append(entry)
        url = archive_url()
        body = self.env.get_template("archive.html").render(
            self._context(
                url,
                timeline=[(y, list(months.items())) for y, months in timeline.items()],
                item_list=lambda items: Markup(self.item_list(url, items)),
                count=len(entries),
                filters=filters_for(entries, ("kind", "year", "status", "audience", "unit")),
                scope=LIST_SCOPE,
            )
        )
        return _front_matter("公开档案", search=_NO_SEARCH) + body  # it only repeats the lists

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

    def _kept(self, entry: Entry, what: str, make: Callable[[], T]) -> T:
        """A piece made of `entry`, kept from the last build when the record is unchanged."""
        key = self._digests.get(entry.src_path)
        if key is None or self.fragments is None:
            return make()
        return self.fragments.get(key, what, make)

    def render(self, entries: list[Entry], history_enabled: bool = True) -> RenderedSite:
        """Lists, feeds and statistics are made here; record pages and old versions when read."""
        by_index = {e.index_no: e for e in entries}
        pages = Pages()
        versions: list[tuple[str, Callable[[], str], str]] = []
        for entry in entries:
            inputs = entry_digest(entry, by_index, self.today, self.settings.correction_notice_days)
            self._digests[entry.src_path] = inputs
            pages.add_lazy(entry.src_path, partial(self.render_record, entry, by_index), inputs)
            for path, version in self.version_pages(entry).items():
                make = partial(self.render_record, entry, by_index, version)
                versions.append((path, make, digest(inputs, path)))
        for path, make, inputs in versions:  # record pages first, then the old versions
            pages.add_lazy(path, make, inputs)
        news = collect_news(entries, self.settings.timezone)
        for path, markdown in self.render_updates(news, history_enabled).items():
            pages.add(path, markdown)
        pages.add(opinions_src_path(), self.render_opinions(entries))
        pages.add(archive_src_path(), self.render_archive(entries))
        pages.add(stats_src_path(), self.render_stats(entries, news, history_enabled))
        if self.settings.catalogue:
            pages.add(catalogue_src_path(), self.render_catalogue(entries))
        by_group: dict[str, list[Entry]] = defaultdict(list)
        by_year: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_group[entry.group.slug].append(entry)
            by_year[entry.published_on.year].append(entry)
        for group in GROUPS:
            pages.add(
                kind_src_path(group.slug), self.render_group(group, by_group.get(group.slug, []))
            )
        for year, items in by_year.items():
            pages.add(year_src_path(year), self.render_year(year, items))
        nav = [
            {"公开栏目": [{g.title: kind_src_path(g.slug)} for g in GROUPS]},
            {"按年度": [{f"{y}年": year_src_path(y)} for y in sorted(by_year, reverse=True)]},
            {"公开档案": archive_src_path()},
            {"更新记录": updates_src_path()},
            {"意见答复": opinions_src_path()},
            *([{"公开目录": catalogue_src_path()}] if self.settings.catalogue else []),
            {"统计": stats_src_path()},
        ]
        files = self.render_feeds(news)
        files[CALENDAR_SCRIPT] = self.calendar_script(entries)
        files.update(
            KioskRenderer(self.settings, self.env, self.built, self.site_url).render(entries)
        )
        return RenderedSite(
            pages=pages,
            fragments=self.home_fragments(entries),
            nav=nav,
            files=files,
            search=[self._kept(e, "search", partial(record_doc, e)) for e in entries],
        )


def _updates_key(page_url: str, values: dict[str, Any]) -> str:
    """Everything a page of 更新记录 shows (templates/updates.html), as one digest: its items'
    dates, labels, records and notes, and its neighbours (kept by fragments.py)."""
    digest = hashlib.sha256(repr({**values, "items": None, "page": page_url}).encode())
    for n in values["items"]:
        entry = n.entry
        shown = (n.when.isoformat(), n.label, n.note, n.changes, entry.group.title)
        digest.update(repr((*shown, entry.index_no, entry.url, entry.record.title)).encode())
    return digest.hexdigest()


def _group_counts(entries: list[Entry]) -> list[tuple[KindGroup, int]]:
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.group.slug] += 1
    return [(g, counts.get(g.slug, 0)) for g in GROUPS]


def _correction_link(history: Any, day: date) -> str:
    """The update in the record's history that carries the 更正说明 of that date."""
    for version in history.versions if history else []:
        if any(note.on == day for note in version.notes):
            return f"#update-{version.slug}"
    return "#修改记录"


def _negated(day: date) -> int:
    return -day.toordinal()
