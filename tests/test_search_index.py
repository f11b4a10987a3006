"""The search index built from records: weights, boilerplate, privacy, shards, consistency."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cwgk.search_docs import BODY, IDS, PEOPLE, TITLE, SearchDoc, record_doc
from cwgk.search_index import (
    INDEX_DIR,
    build,
    page_docs,
    stock_sentences,
    term_hash,
    write,
)
from pinned_clock import BUILD_DAY, pinned_env

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def entries_by_title():
    """The demo records as the build sees them (without history: not needed here)."""
    from cwgk import pipeline
    from cwgk.settings import load_settings

    with pinned_env(BUILD_DAY), pytest.MonkeyPatch.context() as patch:
        patch.setenv("CWGK_HISTORY", "off")
        project = pipeline.Project(
            root=ROOT, settings=load_settings(ROOT / "mkdocs.yml"), docs_dir=ROOT / "site_src"
        )
        entries = pipeline.build(project, on=BUILD_DAY).entries
    return lambda part: next(e for e in entries if part in e.record.title)


def doc(title: str, day: date = date(2025, 3, 1), **texts: list[str]) -> SearchDoc:
    d = SearchDoc(url=f"records/{title}/", title=title, kind="通知公告", day=day, index_no="GH/1")
    d.add(TITLE, title)
    for weight, values in texts.items():
        for value in values:
            d.add(weight, value)
    return d


def scores(files: dict[str, str], term: str) -> dict[int, int]:
    meta = json.loads(files[f"{INDEX_DIR}/meta.json"])
    shard = json.loads(
        files[f"{INDEX_DIR}/{meta['dir']}/t/{term_hash(term) % meta['shards']}.json"]
    )
    found, number = {}, 0
    packed = shard.get(term, [])
    for i in range(0, len(packed), 2):
        number += packed[i]
        found[number] = packed[i + 1]
    return found


def test_a_title_hit_outweighs_the_same_word_in_the_body():
    files = build([doc("职工体检安排", body=["其他内容"]), doc("其他通知", body=["职工体检安排"])])
    found = scores(files, "体检")
    assert found[0] > 2 * found[1]


def test_sentences_many_records_repeat_hardly_count():
    stock = "各项开支均按制度审批，未发现超标准、超范围接待。"
    docs = [doc(f"第{i}期招待费", body=[]) for i in range(5)]
    for d in docs:
        d.prose.append(stock)
    docs[4].prose.append("本期超标准接待两次，已整改。")
    assert stock_sentences(docs) == {stock}
    found = scores(build(docs), "超标")
    assert found[4] > 5 * found[0]


def test_the_folder_changes_with_the_content_and_meta_names_it():
    one = build([doc("职工体检安排")])
    two = build([doc("职工体检通知")])
    dir_one = json.loads(one[f"{INDEX_DIR}/meta.json"])["dir"]
    dir_two = json.loads(two[f"{INDEX_DIR}/meta.json"])["dir"]
    assert dir_one != dir_two
    assert all(p.startswith(f"{INDEX_DIR}/{dir_one}/") for p in one if not p.endswith("meta.json"))
    assert build([doc("职工体检安排")]) == one  # deterministic


def test_writing_again_leaves_one_whole_index_and_keeps_an_unchanged_one(tmp_path):
    """A preview writes its index beside the served pages (mkdocs_adapter): the parts go first,
    then meta.json in one step, then earlier folders; a folder already there is not rewritten."""
    target = tmp_path / INDEX_DIR
    write(tmp_path, [doc("职工体检安排")])
    first = json.loads((target / "meta.json").read_text("utf-8"))["dir"]
    part = next((target / first).rglob("*.json"))
    written = part.stat().st_mtime_ns
    write(tmp_path, [doc("职工体检安排")])
    assert part.stat().st_mtime_ns == written  # the same content: left as it was
    write(tmp_path, [doc("职工体检通知")])
    second = json.loads((target / "meta.json").read_text("utf-8"))["dir"]
    assert second != first
    assert sorted(p.name for p in target.iterdir()) == sorted([second, "meta.json"])
    on_disk = {
        p.relative_to(tmp_path).as_posix(): p.read_text("utf-8") for p in target.rglob("*.json")
    }
    assert on_disk == build([doc("职工体检通知")])


def test_shards_stay_small_at_scale():
    docs = [doc(f"通知{i}", body=[f"第{i}号文件 编号{i * 7919}"]) for i in range(3000)]
    files = build(docs)
    shards = [t for p, t in files.items() if "/t/" in p]
    assert len(shards) > 4
    assert max(len(t.encode()) for t in shards) < 160_000


def test_record_doc_holds_what_the_page_shows(entries_by_title):
    recruitment = entries_by_title("2026年高校毕业生招聘拟聘人员名单")
    d = record_doc(recruitment)
    people = " ".join(d.texts[PEOPLE])
    assert recruitment.record.candidates[0].name in people
    assert any("准考证号：" in p for p in d.passages)
    assert d.texts[IDS][0] == recruitment.index_no
    assert not any("\u200b" in p for p in d.passages)


def test_withheld_tables_are_not_indexed(entries_by_title):
    entry = entries_by_title("2026年高校毕业生招聘拟聘人员名单")
    name = entry.record.candidates[0].name
    hidden = record_doc(type(entry)(**{**entry.__dict__, "withheld": {"人员": "名单已撤下"}}))
    assert name not in " ".join(" ".join(v) for v in hidden.texts.values())
    assert not any(name in p for p in hidden.passages)


def test_hand_written_pages_become_sections():
    material = {
        "docs": [
            {"location": "guide/", "title": "公开\u200b指南", "text": "<p>说明</p>"},
            {"location": "guide/#yj", "title": "意见", "text": "<p>向工会反映。请署名。</p>"},
        ]
    }
    docs = page_docs(material)
    assert [(d.url, d.title, d.kind) for d in docs] == [
        ("guide/", "公开指南", "公开指南"),
        ("guide/#yj", "意见", "公开指南"),
    ]
    assert docs[1].passages == ["向工会反映。", "请署名。"]
    assert docs[1].texts[BODY] == docs[1].passages


def test_passages_of_neighbouring_documents_share_a_file_and_each_is_found_by_its_number():
    """meta.passages names the first document of each d/ file, as the worker looks it up."""
    from cwgk.search_index import PASSAGE_FILE_BYTES

    docs = []
    for n in range(300):
        d = doc(f"记录{n}")
        d.passages = [f"第{n}条记录的第{k}句话，" + "内容" * (n % 7 * 40) for k in range(n % 5 + 1)]
        docs.append(d)
    huge = doc("大表")
    huge.passages = ["很长的一行" * 40] * 400  # one document above the size: a file of its own
    docs.insert(150, huge)
    files = build(docs)
    meta = json.loads(files[f"{INDEX_DIR}/meta.json"])
    starts, folder = meta["passages"], f"{INDEX_DIR}/{meta['dir']}/d/"
    held = {k[len(folder) :] for k in files if k.startswith(folder)}
    assert starts[0] == 0 and starts == sorted(set(starts))
    assert held == {f"{n}.json" for n in range(len(starts))}
    assert len(starts) < len(docs) / 10
    for number, d in enumerate(docs):
        file = max(i for i, first in enumerate(starts) if first <= number)
        lists = json.loads(files[f"{folder}{file}.json"])
        assert lists[number - starts[file]] == [p[:239] + "…" if len(p) > 240 else p
                                                for p in d.passages], number  # fmt: skip
    for name in held:
        lists = json.loads(files[folder + name])
        assert len(lists) == 1 or len(files[folder + name]) <= PASSAGE_FILE_BYTES + 10


def test_records_terms_are_kept_in_shards_and_one_change_rewrites_at_most_two(tmp_path):
    """The next build counts the changed record's terms only and rewrites two of the 256 files
    of kept terms; what it writes is what a build with nothing kept writes."""
    from cwgk import search_index

    docs = []
    for n in range(200):
        d = doc(f"记录{n}", body=[f"第{n}条记录的正文，关于职工体检安排。"])
        d.passages = [f"第{n}条记录的正文，关于职工体检安排。"]
        docs.append(d)
    cache = tmp_path / "search-terms"
    search_index._doc_terms.clear()  # as a new process starts
    write(tmp_path / "a", docs, cache)
    files = sorted(cache.glob("*.pickle"))
    before = {p.name: p.stat().st_mtime_ns for p in files}
    assert len(files) > 100
    docs[7] = doc("记录7", body=["第7条记录的正文，已更正为职工疗养安排。"])
    docs[7].passages = ["第7条记录的正文，已更正为职工疗养安排。"]
    search_index._doc_terms.clear()
    counted: list[str] = []
    real = search_index._terms_of

    def spy(text: str):
        counted.append(text)
        return real(text)

    search_index._terms_of = spy  # type: ignore[assignment]
    try:
        write(tmp_path / "b", docs, cache)
    finally:
        search_index._terms_of = real  # type: ignore[assignment]
    assert counted and all("记录7" in t or "疗养" in t for t in counted), counted
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pickle")}
    assert 1 <= sum(after.get(name) != stamp for name, stamp in before.items()) <= 2
    search_index._doc_terms.clear()
    write(tmp_path / "c", docs)  # nothing kept
    index = "search/cwgk"
    ours = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    fresh = {
        p.relative_to(tmp_path / "c"): p.read_bytes()
        for p in (tmp_path / "c").rglob("*")
        if p.is_file()
    }
    assert ours == fresh and any(index in str(k) for k in ours)


def test_index_json_is_what_json_dumps_writes():
    """The index is written with orjson: the same text the standard library writes (its scores
    are integers: the two write tiny floats differently, 1e-07 and 1e-7)."""
    import json

    from cwgk.search_index import _json

    value = {
        "docs": [["records/gh-2024-00001/", "关于“职工体检”的通知\\n\t\u2028", 0.1 + 0.2, 3]],
        "t": {"体检": [[1, 25], [7, 0], [12, 123456789]], 'a"b\\c': [], "\x01": [True, None]},
    }
    assert _json(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
