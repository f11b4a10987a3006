"""Reading the data folder: which files are records, and what the cache of parsed files keeps."""

import os

from cwgk import pipeline
from record_samples import ENVELOPE, HOSPITALITY


def test_record_files_skip_drafts_and_tooling_and_list_linked_folders_unentered(mini, tmp_path):
    mini.write("a.yaml", ENVELOPE)
    mini.write("sub/b.YML", ENVELOPE)
    mini.write("_drafts/c.yaml", ENVELOPE)
    mini.write(".hidden/d.yaml", ENVELOPE)
    mini.write("sub/_e.yaml", ENVELOPE)
    mini.write("notes.txt", "not a record")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "f.yaml").write_text(ENVELOPE, encoding="utf-8")
    os.symlink(elsewhere, mini.root / "data" / "linked")
    found = [
        p.relative_to(mini.root / "data").as_posix()
        for p in pipeline.record_files(mini.root / "data")
    ]
    # The linked folder is listed (read_records refuses it with a message), never entered.
    assert found == ["a.yaml", "linked", "sub/b.YML"]


def test_a_record_read_from_the_cache_still_names_the_line_of_a_problem(mini):
    mini.write("a.yaml", HOSPITALITY)
    mini.write("b.yaml", "\n\n" + HOSPITALITY)  # the same 索引号, two lines further down
    first = mini.messages()
    assert list((mini.root / ".cache" / "cwgk" / "documents").glob("*.pickle"))
    second = mini.messages()  # read from the cache: positions found again for the message
    assert first == second
    assert any(m.startswith("data/b.yaml:4:") and "重复" in m for m in second), second


def test_an_edited_file_is_read_again_not_taken_from_the_cache(mini):
    mini.write("a.yaml", HOSPITALITY)
    assert mini.problems() == []
    mini.write(
        "a.yaml", HOSPITALITY.replace("2024年上半年业务招待费", "2024年上半年业务招待费（更新）")
    )
    read = pipeline.read_records(mini.project)
    assert read.problems == [] and "（更新）" in read.records[0].record.title


def test_an_edit_rewrites_at_most_two_small_cache_files(mini):
    for n in range(1, 21):
        mini.write(f"r{n}.yaml", ENVELOPE.replace("GH/2024-00001", f"GH/2024-{n:05d}"))
    assert mini.problems() == []
    shards = mini.root / ".cache" / "cwgk" / "documents"
    before = {p.name: p.stat().st_mtime_ns for p in shards.glob("*.pickle")}
    assert len(before) > 5
    assert mini.problems() == []  # nothing changed: nothing written
    assert {p.name: p.stat().st_mtime_ns for p in shards.glob("*.pickle")} == before
    mini.write(
        "r7.yaml", ENVELOPE.replace("GH/2024-00001", "GH/2024-00007").replace("体检", "疗养")
    )
    assert mini.problems() == []
    after = {p.name: p.stat().st_mtime_ns for p in shards.glob("*.pickle")}
    # The edited file's new entry, and the shard its old entry is dropped from.
    assert (
        1
        <= sum(after.get(name) != stamp for name, stamp in before.items())
        + len(after.keys() - before.keys())
        <= 2
    )


def test_a_file_that_cannot_be_read_is_named_with_what_to_do(mini):
    """A file listed but gone or locked by the time it is read (scan_data keeps no bytes)."""
    path = mini.write("a.yaml", ENVELOPE)
    files = [pipeline.DataFile(path, "file", (-1, -1), None)]
    read = pipeline.read_records(mini.project, files=files)
    assert read.records == []
    [problem] = read.problems
    assert problem.file == "data/a.yaml" and "无法读取" in problem.message
    assert "占用" in problem.expected
