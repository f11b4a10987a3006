"""The notations search makes one, and the terms it indexes: on the vectors the browser's copy
(assets/cwgk/search/text.js) runs too (tests/browser/test_search.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cwgk.search_text import normalise, term_list, terms

VECTORS = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))[
    "cases"
]


@pytest.mark.parametrize("case", VECTORS, ids=[c["text"] or "empty" for c in VECTORS])
def test_vectors(case):
    assert normalise(case["text"]) == case["normalised"]
    assert [list(t) for t in terms(case["normalised"])] == case["terms"]


@pytest.mark.parametrize(
    "written",
    ["司发〔2026〕17号", "司发[2026]17号", "司发（2026）17号", "司发【2026】17号", "司发2026第17号",
     "司发〔2026〕第17号", "司发 〔２０２６〕 １７ 号"],
)  # fmt: skip
def test_every_way_of_writing_a_doc_number_is_one(written):
    assert normalise(written) == "司发2026-17号"


def test_a_bare_number_finds_the_doc_number_and_the_index_number_its_parts():
    assert {"17", "17号"} <= set(term_list("工字〔2026〕17号"))
    assert {"2025-00012", "00012", "gh-2025-00012"} <= set(term_list("GH/2025-00012"))


def test_a_masked_name_shares_no_pair_with_the_full_name():
    full = {t for t, kind in terms(normalise("戴军子")) if kind == "pair"}
    assert full == {"戴军", "军子"}
    assert not full & set(term_list("戴*"))


def test_amounts_and_dates_in_any_notation():
    assert normalise("6,838.60元") == normalise("6838.60元")
    assert normalise("２０２４/3/05") == normalise("2024年3月5日") == "2024年3月5日"
    assert "2025年" in term_list("2025年度")
