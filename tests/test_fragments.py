"""fragments.py: a record's list items and search document, kept between builds by its digest."""

from __future__ import annotations

from pathlib import Path

from cwgk.fragments import Fragments


def _kept(tmp_path: Path, templates: Path, settings: str = "s") -> Fragments:
    return Fragments(tmp_path / "fragments.pickle", templates, settings)


def test_a_piece_is_made_once_and_kept_for_the_next_build(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "list_item.html").write_text("<li>{{ e }}</li>", encoding="utf-8")
    made: list[str] = []

    def make(text: str):
        def run() -> str:
            made.append(text)
            return text

        return run

    first = _kept(tmp_path, templates)
    assert first.get("record-a", "item|kinds/bonus/|True", make("A")) == "A"
    assert first.get("record-a", "item|kinds/bonus/|True", make("again")) == "A"
    first.save()
    assert made == ["A"]

    # Next build: the same record digest gives the kept piece; another page or record does not.
    second = _kept(tmp_path, templates)
    assert second.get("record-a", "item|kinds/bonus/|True", make("new")) == "A"
    assert second.get("record-a", "item|years/2025/|False", make("B")) == "B"
    assert second.get("record-b", "item|kinds/bonus/|True", make("C")) == "C"
    second.save()

    # A template edit or a setting changes what any piece would be: all are made again.
    (templates / "list_item.html").write_text("<li class=x>{{ e }}</li>", encoding="utf-8")
    assert _kept(tmp_path, templates).get("record-a", "item|kinds/bonus/|True", make("D")) == "D"
    (templates / "list_item.html").write_text("<li>{{ e }}</li>", encoding="utf-8")
    assert (
        _kept(tmp_path, templates, "other").get("record-a", "item|kinds/bonus/|True", make("E"))
        == "E"
    )
    assert made == ["A", "B", "C", "D", "E"]


def test_a_damaged_cache_is_made_again(tmp_path: Path) -> None:
    (tmp_path / "fragments.pickle").write_bytes(b"not a pickle")
    templates = tmp_path / "templates"
    kept = _kept(tmp_path, templates)
    assert kept.get("r", "search", lambda: "made") == "made"
    kept.save()
    assert _kept(tmp_path, templates).get("r", "search", lambda: "other") == "made"
