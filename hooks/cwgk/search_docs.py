"""What search knows of each record: its text by weight class, and the passages results quote.

Made from the record as its page shows it — names already masked by the name policy, tables
taken down (名单撤下日期) left out — so the index never holds what the page does not. What every
record page repeats (公示期 box, contacts, history, captions) is not here at all; column headers
are only in the quoted rows, not in the terms, except where a row says something about them
(a non-zero 超标自担 is indexed as 超标自担).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import orjson
from pydantic import BaseModel

from . import formatting
from .enrich import Entry
from .models.envelope import Envelope
from .models.schema import field_extra

# Weight classes, strongest first (search_index.py gives each its weight).
TITLE, IDS, PEOPLE, KIND, FACTS, BODY, ROWS = (
    "title",
    "ids",
    "people",
    "kind",
    "facts",
    "body",
    "rows",
)
_SKIPPED = {"类型", "索引号", "标题", "分类", "发布机构", "成文日期", "发布日期", "文号", "有效性"}
_SKIPPED |= {"公开范围", "内容概述", "公示期", "受理", "附件", "系列", "关键词", "更正说明"}
_SKIPPED |= {"名单撤下日期", "姓名显示", "替代索引号"}
_PEOPLE_COLUMNS = re.compile(r"部门|单位|岗位|职务|学校|专业|类别|档次")
_WORTH_INDEXING_HEADER = re.compile(r"超标|超支")
_SENTENCE_END = re.compile(r"(?<=[。！？；])|\n+")
STATUS_WORDS = {"已修订": "已修订", "已废止": "已废止", "已撤回": "已撤回"}


@dataclass
class SearchDoc:
    url: str  # site-relative, as the pages link it
    title: str
    kind: str  # the list it belongs to (奖金分配方案…), or the page's name for hand-written pages
    day: date | None
    index_no: str = ""
    texts: dict[str, list[str]] = field(default_factory=dict)  # weight class → texts
    passages: list[str] = field(default_factory=list)  # what a result quotes, best first
    prose: list[str] = field(default_factory=list)  # passages that may be stock sentences
    current: bool = True  # not withdrawn, repealed, revised or ended
    status: str | list[Any] | None = None  # a fixed word, or [start, end, end time] for 公示
    is_record: bool = True
    quoted: str | None = None  # the passages as the index writes them (a record's: kept with it)

    def add(self, weight: str, text: str | None) -> None:
        if text:
            self.texts.setdefault(weight, []).append(text)

    def quote(self) -> str:
        """The passages as the index writes them: made with the record's document, so a
        build after one change writes the others' from fragments.py (0.3 s at 5,000 records)."""
        if self.quoted is None:
            clipped = [_clip(p) for p in self.passages[:MAX_PASSAGES] if p.strip()]
            self.quoted = orjson.dumps(clipped).decode("utf-8")
        return self.quoted


MAX_PASSAGES = 400
MAX_PASSAGE_CHARS = 240


def _clip(passage: str) -> str:
    passage = " ".join(passage.split())
    return passage if len(passage) <= MAX_PASSAGE_CHARS else passage[: MAX_PASSAGE_CHARS - 1] + "…"


def record_doc(entry: Entry) -> SearchDoc:
    record = entry.record
    doc = SearchDoc(
        url=entry.url,
        title=record.title,
        kind=entry.group.title,
        day=entry.published_on,
        index_no=record.index_no,
    )
    doc.add(TITLE, record.title)
    doc.add(IDS, record.index_no)
    doc.add(IDS, record.doc_no)
    doc.add(KIND, record.kind_title)
    doc.add(KIND, record.category or record.default_category)
    doc.add(PEOPLE, " ".join(record.issuers))
    doc.add(FACTS, " ".join(record.keywords))
    doc.add(FACTS, formatting.long_date(record.published_on))
    doc.add(FACTS, record.period_label())
    doc.passages.append(record.summary)
    doc.add(BODY, record.summary)
    ids = [f"索引号 {record.index_no}"] + ([f"文号 {record.doc_no}"] if record.doc_no else [])
    doc.passages.append(" · ".join(ids))
    facts = _key_facts(record)
    if facts:
        doc.passages.append(" · ".join(facts))
        doc.add(FACTS, " ".join(facts))
    _walk(record, type(record), doc, entry.withheld, top=True)
    for opinion in entry.opinions:  # shown on the record page (意见与答复), as it shows them
        doc.add(IDS, opinion.number)
        doc.add(PEOPLE, opinion.signed)
        for text in (opinion.summary, opinion.answer):
            if text:
                _prose(text, doc)
    ended = entry.status == "已终止"
    doc.current = record.validity == "有效" and not ended and entry.replaced_by is None
    if not doc.current:
        doc.status = "已终止" if ended else STATUS_WORDS.get(record.validity, "已修订")
    elif record.notice_period is not None:
        period = record.notice_period
        end_time = period.end_time.strftime("%H:%M") if period.end_time else None
        doc.status = [period.start.isoformat(), period.last_day.isoformat(), end_time]
    doc.quote()
    return doc


def _key_facts(record: Envelope) -> list[str]:
    """What a reader searches a record by that its page derives rather than states."""
    balance = getattr(record, "balance", None)
    if isinstance(balance, Decimal):
        if balance < 0:
            return [f"超支 {formatting.money(-balance)} 元"]
        return [f"结余 {formatting.money(balance)} 元"]
    self_paid = getattr(record, "total_self_paid", None)
    if isinstance(self_paid, Decimal) and self_paid > 0:
        return [f"超标自担合计 {formatting.money(self_paid)} 元"]
    return []


@cache
def _fields(model: type[BaseModel]) -> list[tuple[str, str, dict[str, Any]]]:
    """(attribute, Chinese label, schema extras) of a model's fields, looked up once per model."""
    return [
        (name, info.alias or name, field_extra(info)) for name, info in model.model_fields.items()
    ]


def _walk(
    part: BaseModel, model: Any, doc: SearchDoc, withheld: dict[str, str], top: bool = False
) -> None:
    for name, label, extra in _fields(type(part)):
        if top and (label in _SKIPPED or label in withheld):
            continue
        value = getattr(part, name)
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, BaseModel):
            _walk(value, type(value), doc, withheld)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for row in value:
                _row(row, doc)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            for item in value:
                _prose(item, doc)
        elif isinstance(value, str) and (extra.get("x-prose") or len(value) > 30):
            _prose(value, doc)
        else:
            shown = _shown(value, extra)
            if shown:
                doc.passages.append(f"{label}：{shown}")
                doc.add(FACTS, shown)


def _prose(text: str, doc: SearchDoc) -> None:
    for sentence in _SENTENCE_END.split(_plain(text)):
        sentence = sentence.strip()
        if sentence:
            doc.passages.append(sentence)
            doc.prose.append(sentence)


def _row(row: BaseModel, doc: SearchDoc) -> None:
    cells: list[str] = []
    for name, label, extra in _fields(type(row)):
        value = getattr(row, name)
        if value is None or value == "" or isinstance(value, BaseModel | list):
            continue
        shown = _shown(value, extra)
        if not shown:
            continue
        cells.append(f"{label}：{shown}")
        if extra.get("x-person") or _PEOPLE_COLUMNS.search(label):
            doc.add(PEOPLE, shown)
        else:
            doc.add(ROWS, shown)
        if _WORTH_INDEXING_HEADER.search(label) and isinstance(value, Decimal) and value > 0:
            doc.add(FACTS, label)
    if cells:
        doc.passages.append(" · ".join(cells))


def _shown(value: Any, extra: dict[str, Any]) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if extra.get("format") == "money-yuan":
            return formatting.money(value)
        return str(value)
    if isinstance(value, date):
        return formatting.long_date(value)
    return str(value).strip()


_MARKUP = re.compile(r"[#>*_`|]+|\[([^\]]*)\]\([^)]*\)")


def _plain(text: str) -> str:
    """Markdown as the words a reader sees (links keep their text)."""
    return _MARKUP.sub(lambda m: m.group(1) or " ", text)
