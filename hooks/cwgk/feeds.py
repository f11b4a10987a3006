"""Atom feeds (RFC 4287) of the news, for the whole site and for each section.

Built with ElementTree, so every text is escaped by the XML writer. Links are absolute when
mkdocs.yml sets `site_url`; otherwise relative to the feed's own address (resolved by readers
against the feed URL), which keeps the feed right under any path of any static server.
"""

from __future__ import annotations

import posixpath
import uuid
from datetime import datetime
from xml.etree import ElementTree as ET

from .news import NewsItem
from .urls import relative_url

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _link(site_url: str, feed_path: str, target: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/" + target
    return relative_url(posixpath.dirname(feed_path) + "/" if "/" in feed_path else "", target)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        node.text = text
    return node


def atom_feed(
    title: str,
    feed_path: str,
    page_url: str,
    items: list[NewsItem],
    site_url: str,
    author: str,
    built: datetime,
) -> str:
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    _el(feed, "title", title)
    _el(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'cwgk-feed:' + feed_path)}")
    _el(feed, "link", rel="self", href=_link(site_url, feed_path, feed_path))
    _el(feed, "link", rel="alternate", type="text/html", href=_link(site_url, feed_path, page_url))
    _el(feed, "updated", (items[0].when if items else built).isoformat(timespec="seconds"))
    _el(_el(feed, "author"), "name", author)
    for item in items:
        entry = _el(feed, "entry")
        record = item.entry.record
        prefix = "" if item.label == "新发布" else f"【{item.label}】"
        _el(entry, "title", prefix + record.title)
        _el(entry, "id", item.atom_id)
        _el(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=_link(site_url, feed_path, item.entry.url),
        )
        # A publication's moment is its 发布于 (news.published_at), as on the record's page; a
        # correction's is its commit. Each item is one event, so it is never updated later.
        _el(entry, "updated", item.when.isoformat(timespec="seconds"))
        _el(entry, "published", item.when.isoformat(timespec="seconds"))
        _el(entry, "category", term=item.entry.group.title)
        summary = item.note or record.summary
        if item.changes:
            summary += "（" + "；".join(item.changes) + "）"
        _el(entry, "summary", f"{record.index_no}　{summary}")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
