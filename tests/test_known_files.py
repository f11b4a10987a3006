"""Record files known unchanged by their stamp are not read again; anything that may have
changed them is read (known_files.py)."""

from __future__ import annotations

import os
from pathlib import Path

from cwgk import known_files
from cwgk.history_cache import ResultCache
from cwgk.pipeline import scan_data
from record_samples import ENVELOPE, HOSPITALITY

AGO = 60 * 1_000_000_000  # a minute, in ns: written long before it was read


def _project(tmp_path: Path) -> tuple[Path, Path]:
    data, cache = tmp_path / "data", tmp_path / ".cache"
    data.mkdir()
    for name, text in (("a.yaml", ENVELOPE), ("b.yaml", HOSPITALITY)):
        (data / name).write_text(text, encoding="utf-8")
        old = (data / name).stat().st_mtime_ns - AGO  # by the file system's clock
        os.utime(data / name, ns=(old, old))
    return data, cache


def _read(files) -> dict[str, bool]:
    return {f.path.name: f._raw is not None for f in files}


def test_files_unchanged_since_the_last_run_are_known_by_their_digest(tmp_path):
    data, cache = _project(tmp_path)
    first = scan_data(data, cache)
    assert _read(first) == {"a.yaml": True, "b.yaml": True}
    second = scan_data(data, cache)
    assert _read(second) == {"a.yaml": False, "b.yaml": False}
    assert [f.digest for f in second] == [f.digest for f in first]
    # asked for, the bytes are read then, and are what the digest is of
    assert second[0].raw == ENVELOPE.encode() and second[0].digest == ResultCache.key(second[0].raw)


def test_an_edit_that_keeps_size_and_modification_time_is_read(tmp_path):
    data, cache = _project(tmp_path)
    scan_data(data, cache)
    file = data / "a.yaml"
    before = file.stat()
    file.write_text(ENVELOPE.replace("体检于", "体检在"), encoding="utf-8")  # same size
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))  # as an archive tool would
    again = scan_data(data, cache)
    assert _read(again) == {"a.yaml": True, "b.yaml": False}
    assert again[0].raw is not None and "体检在" in again[0].raw.decode()


def test_a_file_written_just_before_it_was_read_is_read_again(tmp_path):
    """Racily clean: a second save in the same tick of the clock would leave its stamp as it
    was, so a file modified within seconds of being read is never taken as known."""
    data, cache = _project(tmp_path)
    fresh = data / "c.yaml"
    fresh.write_text(ENVELOPE.replace("GH/2024-00001", "GH/2024-00003"), encoding="utf-8")
    scan_data(data, cache)
    assert _read(scan_data(data, cache)) == {"a.yaml": False, "b.yaml": False, "c.yaml": True}


def test_a_damaged_or_foreign_cache_reads_every_file(tmp_path):
    data, cache = _project(tmp_path)
    scan_data(data, cache)
    (cache / "known-files.pickle").write_bytes(b"not a pickle")
    assert _read(scan_data(data, cache)) == {"a.yaml": True, "b.yaml": True}
    assert known_files.KnownFiles(cache / "missing.pickle").kept == {}


def test_the_moment_of_reading_is_the_file_systems(tmp_path, monkeypatch):
    """The data may be on a file server whose clock is not this computer's: a file just written
    there is never taken as known because this computer's clock runs ahead."""
    data, cache = _project(tmp_path)
    fresh = data / "c.yaml"
    fresh.write_text(ENVELOPE.replace("GH/2024-00001", "GH/2024-00003"), encoding="utf-8")
    ahead = known_files.time.time_ns() + 3600 * 1_000_000_000
    monkeypatch.setattr(known_files.time, "time_ns", lambda: ahead)  # this computer: an hour on
    scan_data(data, cache)
    assert _read(scan_data(data, cache))["c.yaml"] is True
