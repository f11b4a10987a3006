"""Tables that fit the reader, decided per table from its columns.

A table of four or more columns does not fit a 390-px phone. Such a table is marked `data-stack`
and every cell gets its column's header as `data-label`: on a phone the stylesheet turns each row
into a block (the row's key — person, department, item — as its heading, every value with its
label, amounts right-aligned) and 合计 into a block of its own; on a PC and on paper it stays a
table. A table of eight or more columns is also `data-wide`: its notice prints on landscape A4. Amount columns get their header right-aligned too; names, 准考证号, dates and other short
codes never break inside. Our templates write plain, regular table markup, so a few patterns do.
"""

from __future__ import annotations

import html
import re

STACK_FROM_COLUMNS = 4
WIDE_FROM_COLUMNS = 8  # printed on a landscape A4 page (all columns on the paper notice)
_TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_SECTION = re.compile(r"<(?P<name>thead|tbody|tfoot)>(?P<rows>.*?)</(?P=name)>", re.S)
_ROW = re.compile(r"<tr(?P<attrs>[^>]*)>(?P<cells>.*?)</tr>", re.S)
_CELL = re.compile(r"<(?P<tag>td|th)(?P<attrs>[^>]*)>(?P<text>.*?)</(?P=tag)>", re.S)
_TAGS = re.compile(r"<[^>]+>")
_SPAN = re.compile(r'colspan="(\d+)"')
# Columns whose values are short codes or names: never broken inside a value.
NO_BREAK = ("序号", "姓名", "性别", "出生年月", "准考证号", "日期", "月数", "期间", "职务档次")
_NOT_KEYS = ("序号",)


def label_tables(page: str) -> str:
    """Every wide data table of a page marked for the stacked phone layout (see module doc)."""
    if "<thead>" not in page:
        return page
    return _TABLE.sub(_label_table, page)


def _text(cell_html: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", cell_html)).split())


def _span(attrs: str) -> int:
    found = _SPAN.search(attrs)
    return int(found.group(1)) if found else 1


def _with_class(attrs: str, name: str) -> str:
    if 'class="' in attrs:
        return attrs.replace('class="', f'class="{name} ', 1)
    return f'{attrs} class="{name}"'


def _label_table(match: re.Match[str]) -> str:
    attrs, body = match.group("attrs"), match.group("body")
    if "cwgk-kv" in attrs or "data-stack" in attrs:
        return match.group(0)
    head = next((s for s in _SECTION.finditer(body) if s.group("name") == "thead"), None)
    first_row = _ROW.search(head.group("rows")) if head else None
    if first_row is None:
        return match.group(0)
    headers: list[str] = []
    for cell in _CELL.finditer(first_row.group("cells")):
        headers += [_text(cell.group("text"))] * _span(cell.group("attrs"))
    numeric = _numeric_columns(body, len(headers))
    stack = len(headers) >= STACK_FROM_COLUMNS  # narrower tables fit a phone as they are
    key = next((i for i, h in enumerate(headers) if h not in _NOT_KEYS), 0)

    def label_section(section: re.Match[str]) -> str:
        name = section.group("name")

        def label_row(row: re.Match[str]) -> str:
            column = 0

            def label_cell(cell: re.Match[str]) -> str:
                nonlocal column
                tag, cell_attrs, text = cell.group("tag"), cell.group("attrs"), cell.group("text")
                span = _span(cell_attrs)
                header = headers[column] if column < len(headers) else ""
                classes = []
                if name == "thead":
                    if column in numeric:  # the header stands over its right-aligned amounts
                        classes.append("cwgk-num")
                elif stack:
                    if column == key or (span > 1 and column <= key):
                        classes.append("cwgk-key")
                    if header in NO_BREAK:
                        classes.append("cwgk-nowrap")
                    if span == 1 and header:
                        cell_attrs += f' data-label="{html.escape(header)}"'
                column += span
                for extra in classes:
                    cell_attrs = _with_class(cell_attrs, extra)
                return f"<{tag}{cell_attrs}>{text}</{tag}>"

            return f"<tr{row.group('attrs')}>{_CELL.sub(label_cell, row.group('cells'))}</tr>"

        return f"<{name}>{_ROW.sub(label_row, section.group('rows'))}</{name}>"

    marks = (" data-stack" if stack else "") + (
        " data-wide" if len(headers) >= WIDE_FROM_COLUMNS else ""
    )
    return f"<table{attrs}{marks}>{_SECTION.sub(label_section, body)}</table>"


def _numeric_columns(body: str, count: int) -> set[int]:
    """Columns whose every body cell is an amount or a count (class cwgk-num)."""
    seen: dict[int, bool] = {}
    for section in _SECTION.finditer(body):
        if section.group("name") != "tbody":
            continue
        for row in _ROW.finditer(section.group("rows")):
            column = 0
            for cell in _CELL.finditer(row.group("cells")):
                numeric = "cwgk-num" in cell.group("attrs")
                seen[column] = seen.get(column, True) and numeric
                column += _span(cell.group("attrs"))
    return {c for c, numeric in seen.items() if numeric and c < count}
