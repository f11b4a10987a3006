"""The 公开栏 PDF: the notices now 公示中 (or chosen ones), ready to print and post.

The records come through the same pipeline as the site (check → enrich): names masked as the
site shows them, internal records and tables and lists taken down after 名单撤下日期 left out.
Each record's content is the site's own kind template (theme_overrides/cwgk/kinds/), so the paper
has every column the page has; the poster's frame — running header with the unit and 张贴日期,
page numbers, 公示期 and 受理, 特此公示, the seal box and the QR code — is in
theme_overrides/cwgk/poster/. WeasyPrint (paged media CSS, Pango, no browser) makes the PDF.

A table wider than its page is never cut: the record is laid out again in smaller type.
The WeasyPrint side is in poster_pdf.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
from markupsafe import Markup

from . import pipeline
from .enrich import Entry
from .formatting import long_date
from .markdown_body import body_html
from .poster_pdf import (
    Paper,
    PosterError,
    first_pages,
    load_weasyprint,
    overflowing,
    render,
    writable,
    write,
)
from .problems import ValidationFailed
from .qr import qr_svg
from .table_layout import label_tables

if TYPE_CHECKING:
    from weasyprint import Document

FOLDER = "张贴"  # beside mkdocs.yml; in .gitignore
FIT_LEVELS = 3  # 0: the usual type; 1, 2: smaller, for a table that does not fit its page
ENDED = ("已撤回", "已废止")


@dataclass(frozen=True)
class Printed:
    index_no: str
    title: str
    first_page: int  # 1-based
    pages: int
    landscape: bool
    note: str = ""  # printed although not 公示中 (chosen): said in the terminal


@dataclass(frozen=True)
class Poster:
    path: Path
    pages: int
    records: list[Printed]
    too_wide: list[str]  # still wider than the sheet in the smallest type: A3 is needed


def posted_entries(project: pipeline.Project, moment: datetime) -> tuple[list[Entry], set[str]]:
    """Every published record at `moment`, as the site shows it, and the 索引号s of the records
    this edition leaves out (internal ones on the public site); raises ValidationFailed."""
    checked = pipeline.check(project, moment=moment)
    if checked.problems:
        raise ValidationFailed(checked.problems)
    entries = pipeline.enriched(project, checked, moment)
    shown = {e.index_no for e in entries}
    return entries, {r.record.index_no for r in checked.records} - shown


def choose(entries: list[Entry], chosen: list[str], day: date, left_out: set[str]) -> list[Entry]:
    """The records to print: `chosen` 索引号s in the order given, or everything 公示中."""
    if not chosen:
        found = [e for e in entries if e.status == "公示中"]
        if not found:
            raise PosterError(
                f"{long_date(day)}没有正在公示（公示中）的事项，没有生成 PDF。\n"
                "要打印别的事项，在命令后写上它们的索引号，例如：cwgk 张贴 GH/2026-00011 GH/2026-00009"
            )
        return sorted(found, key=lambda e: (e.published_on, e.index_no))
    by_index = {e.index_no.upper(): e for e in entries}
    picked: list[Entry] = []
    for wanted in chosen:
        entry = by_index.get(wanted.strip().upper())
        if entry is None:
            raise PosterError(_unknown(wanted, list(by_index), left_out))
        if entry.record.validity in ENDED:
            raise PosterError(
                f"{entry.index_no}（{entry.record.title}）{entry.record.validity}，不再张贴。"
                "请去掉这个索引号后重新运行。"
            )
        if entry not in picked:
            picked.append(entry)
    return picked


def _unknown(wanted: str, known: list[str], left_out: set[str]) -> str:
    if wanted.strip().upper() in {i.upper() for i in left_out}:
        return (
            f"{wanted} 是只在内部公开的事项，公开版不打印。"
            f"要在内部张贴，运行：cwgk --edition 内部 张贴 {wanted}"
        )
    close = [k for k in known if _same_number(k, wanted)]  # GH/2026-11 for GH/2026-00011
    hint = f"是不是 {close[0]}？" if close else ""
    return (
        f"没有索引号为“{wanted}”的公开事项。{hint}\n"
        "索引号写在记录文件的“索引号:”一行，例如 GH/2026-00011；运行 cwgk check 可以确认记录都能读取。"
    )


_INDEX_NO = re.compile(r"\s*([A-Za-z]+)\s*/\s*(\d{4})\s*-\s*(\d+)\s*")


def _same_number(known: str, typed: str) -> bool:
    """The same unit code, year and number, whatever the zeros, case and spaces."""
    a, b = _INDEX_NO.fullmatch(known), _INDEX_NO.fullmatch(typed)
    return bool(a and b) and (a[1].upper(), a[2], int(a[3])) == (b[1].upper(), b[2], int(b[3]))


def default_output(root: Path, day: date, chosen: list[Entry] | None = None) -> Path:
    """张贴/2026-11-29-公示.pdf; one chosen record: 张贴/2026-11-29-GH-2026-00011.pdf."""
    if chosen and len(chosen) == 1:
        name = chosen[0].index_no.replace("/", "-")
    elif chosen:
        name = f"选定{len(chosen)}条"
    else:
        name = "公示"
    return root / FOLDER / f"{day.isoformat()}-{name}.pdf"


def _record_body(env: Any, entry: Entry, by_index: dict[str, Entry], site_url: str) -> str:
    """The kind's content as its page shows it (the site's own template), as HTML."""

    def url(target: str) -> str:
        return site_url + target if site_url else ""

    text = env.get_template(f"kinds/{entry.record.kind_slug}.html").render(
        site=None,
        url=url,
        entry=entry,
        r=entry.record,
        by_index=by_index,
        withheld=entry.withheld,
        markdown=lambda body: Markup(body_html(body)),
    )
    html = markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html"])
    return label_tables(html)


@dataclass
class Item:
    """One record on the poster: its content as HTML and what its frame needs."""

    entry: Entry
    body: Markup
    contact: Any
    objection: str
    qr: Markup | None
    page_url: str
    fit: int = 0  # smaller type, step by step, while a table is wider than its page

    @property
    def anchor(self) -> str:
        return anchor(self.entry)

    @property
    def wide(self) -> bool:  # a table of 8+ columns (table_layout.py): a landscape page
        return "data-wide" in self.body


def items(project: pipeline.Project, entries: list[Entry], every: list[Entry]) -> list[Item]:
    from .render import make_environment

    env = make_environment(project.templates_dir)
    site_url = project.site_url.rstrip("/") + "/" if project.site_url else ""
    by_index = {e.index_no: e for e in every}
    out = []
    for entry in entries:
        contact = entry.record.contact or project.settings.default_contact
        out.append(
            Item(
                entry=entry,
                body=Markup(_record_body(env, entry, by_index, site_url)),
                contact=contact,
                objection=project.settings.objection_rule.format(department=contact.department),
                qr=Markup(qr_svg(site_url + entry.url)) if site_url else None,
                page_url=site_url + entry.url if site_url else "",
            )
        )
    return out


def poster_html(project: pipeline.Project, shown: list[Item], day: date, paper: Paper) -> str:
    """The whole document: one <article> per record, each starting on a new page."""
    from .render import make_environment

    env = make_environment(project.templates_dir)
    env.filters["css_string"] = css_string
    unit = project.settings.unit_name
    css = env.get_template("poster/poster.css").render(paper=paper, unit=unit, day=day)
    return env.get_template("poster/poster.html").render(
        items=shown, css=Markup(css), day=day, unit=unit
    )


def css_string(text: str) -> Markup:
    """A CSS string literal (the running header's words): nothing in it can end the <style>."""
    escaped = "".join(
        c if c.isalnum() or ord(c) > 127 or c in " ：:-/" else f"\\{ord(c):x} " for c in text
    )
    return Markup(f'"{escaped}"')


def anchor(entry: Entry) -> str:
    return "r-" + entry.index_no.lower().replace("/", "-")


def page_ranges(document: Document, entries: list[Entry], landscape: set[str]) -> list[Printed]:
    firsts = [*first_pages(document, [anchor(e) for e in entries]), len(document.pages) + 1]
    return [
        Printed(
            index_no=e.index_no,
            title=e.record.title,
            first_page=firsts[i],
            pages=firsts[i + 1] - firsts[i],
            landscape=anchor(e) in landscape,
            note="" if e.status == "公示中" else _status_note(e),
        )
        for i, e in enumerate(entries)
    ]


def _status_note(entry: Entry) -> str:
    if entry.status == "公示期满":
        return "公示期已满"
    if entry.status == "未开始":
        return "公示期尚未开始"
    return "没有公示期" if entry.status == "无公示期" else entry.status


def make_poster(
    project: pipeline.Project,
    chosen: list[str],
    paper: Paper,
    output: Path | None,
) -> Poster:
    """Choose, lay out and write the PDF; raises PosterError (or ValidationFailed)."""
    load_weasyprint()  # before the records are read: a missing Pango is said at once
    if output is not None:
        writable(output)  # and a folder that cannot be written
    moment = project.now()
    day = moment.date()
    every, left_out = posted_entries(project, moment)
    entries = choose(every, chosen, day, left_out)
    target = output or default_output(project.root, day, entries if chosen else None)
    if output is None:
        writable(target)
    shown = items(project, entries, every)
    document = render(poster_html(project, shown, day, paper), project.root)
    while True:  # a table still too wide: that record again in smaller type
        tight = [i for i in shown if i.anchor in overflowing(document) and i.fit < FIT_LEVELS - 1]
        if not tight:
            break
        for item in tight:
            item.fit += 1
        document = render(poster_html(project, shown, day, paper), project.root)
    write(document, target)
    landscape = {i.anchor for i in shown if i.wide}
    too_wide = [i.entry.index_no for i in shown if i.anchor in overflowing(document)]
    return Poster(target, len(document.pages), page_ranges(document, entries, landscape), too_wide)
