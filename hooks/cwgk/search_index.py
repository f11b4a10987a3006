"""The site's search index: scored terms in shards, a document list, and passages to quote.

Built once per build from the records (search_docs.py) and the hand-written pages (taken from
mkdocs-material's own index of them), and read by our search worker
(theme_overrides/assets/cwgk/search/worker.js), which replaces the theme's lunr worker behind the
same search box and result list. The browser loads nothing until someone searches, then only the
document list and the few shards holding the query's terms: a query costs kilobytes, not the
whole index, at any number of records.

Each term's score in each document is computed here (BM25 with weighted fields: a term in the
title, 索引号 or 文号 counts far more than one in a table), so the browser only adds numbers up.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import shutil
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from .history_cache import ShardedCache, code_stamp
from .search_docs import BODY, FACTS, IDS, KIND, PEOPLE, ROWS, TITLE, SearchDoc
from .search_text import normalise, terms

INDEX_DIR = "search/cwgk"
FORMAT = 2  # 2: passages of several documents a file
WEIGHTS = {TITLE: 8.0, IDS: 12.0, PEOPLE: 5.0, KIND: 6.0, FACTS: 2.0, BODY: 1.0, ROWS: 1.0}
STOCK = 0.1  # a sentence many records repeat word for word (未发现超标准…) hardly counts
K1, B = 8.0, 0.3  # BM25: a high K1 keeps a title hit well above several hits in a table
SHARD_BYTES = 64_000  # aim per shard file: few files per query, each quick to fetch and parse
PASSAGE_FILE_BYTES = 24_000  # passages of neighbouring documents: ~5 KB gzipped a file

# Everyday names for what records call otherwise (query side: the browser tries each).
SYNONYMS: dict[str, list[str]] = {
    "通信费": ["通讯费"],
    "电话费": ["通讯费"],
    "手机费": ["通讯费"],
    "话费": ["通讯费"],
    "招工": ["招聘"],
    "招人": ["招聘"],
    "录取": ["录用"],
    "超标": ["超支"],
    "超支": ["超标"],
    "年终奖": ["年终奖金"],
    "分红": ["奖金"],
    "规定": ["制度"],
}


def stock_sentences(docs: Iterable[SearchDoc]) -> set[str]:
    """Prose sentences repeated word for word by many records: boilerplate, not content."""
    records = [d for d in docs if d.is_record]
    counts = Counter(sentence for d in records for sentence in set(d.prose))
    least = max(3, len(records) // 50)
    return {sentence for sentence, n in counts.items() if n >= least}


def build(docs: list[SearchDoc]) -> dict[str, str]:
    """Every file of the index: path under the site → text."""
    stock = stock_sentences(docs)
    weighted = [_weighted_terms(doc, stock) for doc in docs]
    lengths = [sum(counts) for _, counts in weighted]
    total = len(docs)
    average = (sum(lengths) / total) if total else 1.0
    frequency: Counter[str] = Counter()
    for names, _ in weighted:
        frequency.update(names)
    idf = {
        t: 100 * (K1 + 1) * math.log(1 + (total - n + 0.5) / (n + 0.5))
        for t, n in frequency.items()
    }
    # Document number and score of each hit, as machine integers: 1.3 million hits at 5,000
    # records were ~100 MB as lists of Python ints.
    postings: dict[str, array[int]] = defaultdict(partial(array, "i"))
    for number, (names, counts) in enumerate(weighted):
        norm = 1 - B + B * lengths[number] / (average or 1.0)
        for term, x in zip(names, counts, strict=True):
            tf = x / norm
            score = round(idf[term] * tf / (tf + K1))
            if score > 0:
                posting = postings[term]
                posting.append(number)
                posting.append(score)
    size = sum(len(p) for p in postings.values()) * 4 + len(postings) * 12
    shard_count = max(1, math.ceil(size / SHARD_BYTES))
    in_shard: list[list[str]] = [[] for _ in range(shard_count)]
    for term in sorted(postings):
        in_shard[term_hash(term) % shard_count].append(term)
    parts: dict[str, str] = {}
    for n, shard_terms in enumerate(in_shard):  # one shard's lists at a time
        shard: dict[str, list[int]] = {}
        for term in shard_terms:
            flat = postings[term]
            numbers = flat[0::2]
            # Document numbers as gaps: shorter JSON.
            gaps = [numbers[0], *(b - a for a, b in pairwise(numbers))]
            shard[term] = [v for pair in zip(gaps, flat[1::2], strict=True) for v in pair]
        parts[f"t/{n}.json"] = _json(shard)
    years = [d.day.year for d in docs if d.day]
    first, last = (min(years), max(years)) if years else (0, 0)
    starts = _passage_files(docs, parts)
    meta = {
        "format": FORMAT,
        "shards": shard_count,
        "passages": starts,
        "synonyms": SYNONYMS,
        "docs": [_doc_entry(d, first, last) for d in docs],
    }
    # The parts live in a folder named by their content, which meta.json names: a reader whose
    # page is older than the site (or newer) never combines one build's list with another's shards.
    digest = hashlib.sha256(_json(meta).encode())
    for path in sorted(parts):
        digest.update(path.encode() + b"\0" + parts[path].encode())
    folder = digest.hexdigest()[:12]
    meta["dir"] = folder
    files = {f"{INDEX_DIR}/meta.json": _json(meta)}
    files.update((f"{INDEX_DIR}/{folder}/{path}", text) for path, text in parts.items())
    return files


def _passage_files(docs: list[SearchDoc], parts: dict[str, str]) -> list[int]:
    """The documents' passages, neighbours together in files of about PASSAGE_FILE_BYTES
    (`d/<n>.json`: a list per document); returns the first document of each file.

    One file per document was 4,000 files at 5,000 records, all written again (with their
    .gz copies) by every build that changed any record: most of a publish's file creations."""
    starts: list[int] = []
    held: list[str] = []
    size = 0
    for number, doc in enumerate(docs):
        text = doc.quote()
        if held and size + len(text) > PASSAGE_FILE_BYTES:
            parts[f"d/{len(starts) - 1}.json"] = "[" + ",".join(held) + "]"
            held, size = [], 0
        if not held:
            starts.append(number)
        held.append(text)
        size += len(text) + 1
    if held:
        parts[f"d/{len(starts) - 1}.json"] = "[" + ",".join(held) + "]"
    return starts


# A site repeats the same texts on many records (departments, kinds, captions, stock sentences),
# and a preview rebuilds with most records unchanged: each text's terms, and each record's
# weighted terms, are counted once per process.
_text_terms: dict[str, Counter[str]] = {}
# A record's weighted terms: the terms (one copy of each term for all records) and their counts,
# in the same order. As Counters, 5,000 records' terms took 153 MB; a publish holds all of them.
Weighted = tuple[tuple[str, ...], "array[float]"]
_doc_terms: dict[bytes, Weighted] = {}  # digest of a record's texts → its weighted terms
_one_copy: dict[str, str] = {}
_store: ShardedCache | None = None  # the same, kept between builds (load_cache)
_hashes: dict[str, int] = {}


def _terms_of(text: str) -> Counter[str]:
    found = _text_terms.get(text)
    if found is None:
        if len(_text_terms) > 400_000:
            _text_terms.clear()
        found = _text_terms[text] = Counter(term for term, _ in terms(normalise(text)))
    return found


def _packed(names: Iterable[str], counts: array[float]) -> Weighted:
    if len(_one_copy) > 2_000_000:
        _one_copy.clear()
    one = _one_copy.setdefault
    return tuple([one(name, name) for name in names]), counts


def _weighted_terms(doc: SearchDoc, stock: set[str]) -> Weighted:
    key = hashlib.sha1(
        repr(
            (
                tuple((w, tuple(texts)) for w, texts in doc.texts.items()),
                tuple((s, s in stock) for s in doc.prose),
            )
        ).encode("utf-8", "surrogatepass")
    ).digest()
    found = _doc_terms.get(key)
    if _store is not None:
        if found is not None:
            _store.touch(key)  # kept for the next build
        else:
            found = _store.get(key)
            if isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], array):
                found = _doc_terms[key] = _packed(*found)
            else:
                found = None
    if found is not None:
        return found
    counts: Counter[str] = Counter()
    for weight_class, texts in doc.texts.items():
        weight = WEIGHTS[weight_class]
        for text in texts:
            for term, n in _terms_of(text).items():
                counts[term] += weight * n
    for sentence in doc.prose:
        weight = STOCK if sentence in stock else WEIGHTS[BODY]
        for term, n in _terms_of(sentence).items():
            counts[term] += weight * n
    if len(_doc_terms) > 50_000:
        _doc_terms.clear()
    weighted = _doc_terms[key] = _packed(counts, array("d", counts.values()))
    if _store is not None:
        _store.put(key, weighted)
    return weighted


def term_hash(term: str) -> int:
    """FNV-1a over the term's UTF-16 code units (all terms are in the BMP), as the worker does."""
    known = _hashes.get(term)
    if known is not None:
        return known
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    if len(_hashes) < 2_000_000:
        _hashes[term] = value
    return value


def load_cache(folder: Path) -> None:
    """Records' weighted terms from earlier builds, in 256 files by key: a build that changes
    one record counts the terms of that one only, and rewrites two of the files (one file of
    every record's terms, 19 MB at 5,000 records, was written again by every build). From
    other code: counted afresh."""
    global _store
    _store = ShardedCache(folder, code_stamp())


def save_cache(folder: Path) -> None:
    """Keep what this build used (records removed or changed since drop out)."""
    global _store
    if _store is not None:
        _store.save()
        _store = None


def _doc_entry(doc: SearchDoc, first: int, last: int) -> list[Any]:
    prior = 100 if doc.is_record else 55
    if not doc.current:
        prior = 40
    if doc.day and last > first:  # among equals, the newer first
        prior += round(8 * (doc.day.year - first) / (last - first))
    return [
        doc.url,
        doc.title,
        doc.kind,
        doc.day.isoformat() if doc.day else "",
        doc.index_no,
        prior,
        doc.status,
    ]


def _json(value: Any) -> str:
    """Compact JSON, as json.dumps(ensure_ascii=False, separators=(",", ":")) writes it (the
    tests compare them), six times faster: a publish writes every shard of the index again."""
    return orjson.dumps(value).decode("utf-8")


# ---- hand-written pages, from mkdocs-material's index of them ------------------------------

_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[。！？；])|\n+")


def page_docs(material_index: dict[str, Any]) -> list[SearchDoc]:
    """One document per section of each hand-written page the theme indexed."""
    entries = material_index.get("docs", [])
    page_titles = {e["location"]: _plain(e["title"]) for e in entries if "#" not in e["location"]}
    docs: list[SearchDoc] = []
    for entry in entries:
        location = entry["location"]
        page = location.split("#", 1)[0]
        page_title = page_titles.get(page, "")
        title = _plain(entry["title"])
        text = _plain(entry.get("text", ""))
        if not title and not text:
            continue
        doc = SearchDoc(  # a section: the result shows its page's title above its own
            url=location,
            title=title,
            kind=page_title or title,
            day=None,
            is_record=False,
        )
        doc.add(TITLE, title)
        for sentence in _SENTENCE.split(text):
            sentence = sentence.strip()
            if sentence:
                doc.passages.append(sentence)
                doc.add(BODY, sentence)
        docs.append(doc)
    return docs


def _plain(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text)).replace("\u200b", "").strip()


def write(
    site_dir: Path,
    docs: list[SearchDoc],
    cache: Path | None = None,
    made: Callable[[list[SearchDoc]], dict[str, str]] | None = None,
) -> None:
    """Write the index into a built site, replacing the theme's own index with a stub (the
    theme's script still fetches it on every page: it must cost nothing). `cache`: where the
    records' weighted terms are kept between builds. `made`: the index's files for the
    hand-written pages' documents, when made elsewhere (search_ahead.py)."""
    index_file = site_dir / "search" / "search_index.json"
    material = json.loads(index_file.read_text(encoding="utf-8")) if index_file.exists() else {}
    if made is not None:
        files = made(page_docs(material))
    else:
        if cache is not None:
            load_cache(cache)
        files = build(docs + page_docs(material))
        if cache is not None:
            save_cache(cache)
    # The parts first, then meta.json, which names their folder, replaced in one step; then the
    # folders of earlier indexes (a preview's) go. A reader searching meanwhile gets one whole
    # index or the other. A folder is named by its content: one already there is left as it is.
    target, meta = site_dir / INDEX_DIR, f"{INDEX_DIR}/meta.json"
    root, made = str(site_dir), set()
    current = json.loads(files[meta])["dir"]
    if not (target / current).is_dir():
        for path, text in files.items():
            if path == meta:
                continue
            out = os.path.join(root, path)
            folder = os.path.dirname(out)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(out, "w", encoding="utf-8") as stream:
                stream.write(text)
    partial = target / f".meta.{os.getpid()}.tmp"
    partial.write_text(files[meta], encoding="utf-8")
    partial.replace(target / "meta.json")
    for old in target.iterdir():
        if old.is_dir() and old.name != current:
            shutil.rmtree(old, ignore_errors=True)
    stub = {"config": material.get("config", {"lang": ["zh"]}), "docs": []}
    index_file.parent.mkdir(parents=True, exist_ok=True)
    index_file.write_text(_json(stub), encoding="utf-8")


__all__ = ["FACTS", "IDS", "KIND", "PEOPLE", "ROWS", "build", "page_docs", "write"]
