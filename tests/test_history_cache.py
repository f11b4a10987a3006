"""The cache of parsed record versions: reused between runs, never trusted when stale or damaged."""

import shutil
from datetime import date

from cwgk import history, pipeline
from record_samples import HOSPITALITY


def counting_parses(monkeypatch) -> list[int]:
    calls = [0]
    original = history._parse

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(history, "_parse", counted)
    return calls


def histories(mini):
    checked = pipeline.check(mini.project)
    assert checked.problems == [], [p.format() for p in checked.problems]
    return checked.histories


def test_versions_are_parsed_once_and_reused_by_the_next_run(mini, monkeypatch):
    mini.write("h.yaml", HOSPITALITY)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    mini.write(
        "h.yaml", HOSPITALITY.replace("部门: 销售部", "部门: 销售部 ").replace("合规", "合规")
    )
    mini.write("h.yaml", HOSPITALITY.replace("内容概述: 公开", "内容概述: 公布"))
    mini.commit("文字修改", "2024-07-11T09:00:00+08:00")
    calls = counting_parses(monkeypatch)
    first = histories(mini)
    assert calls[0] == 2 and list((mini.root / ".cache" / "cwgk" / "history").glob("*.pickle"))
    second = histories(mini)
    assert calls[0] == 2  # nothing parsed again
    one, two = (h.by_file["data/h.yaml"] for h in (first, second))
    assert [v.event for v in one.versions] == [v.event for v in two.versions]
    assert [v.record for v in one.versions] == [v.record for v in two.versions]


def test_a_damaged_cache_is_rebuilt(mini, monkeypatch):
    mini.write("h.yaml", HOSPITALITY)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    histories(mini)
    cache = mini.root / ".cache" / "cwgk"
    for file in cache.glob("*/*.pickle"):  # history/, versions/, documents/
        file.write_bytes(b"not a pickle")
    calls = counting_parses(monkeypatch)
    assert histories(mini).by_file["data/h.yaml"].versions[0].record is not None
    assert calls[0] == 1


def test_a_new_commit_parses_only_the_new_version_and_old_data_is_not_read(mini, monkeypatch):
    mini.write("h.yaml", HOSPITALITY)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    mini.write("h.yaml", HOSPITALITY.replace("内容概述: 公开", "内容概述: 公布"))
    mini.commit("文字修改", "2024-07-11T09:00:00+08:00")
    histories(mini)
    loads = []
    original = history.ResultCache._load

    def counted(self):
        if self._old is None:
            loads.append(self.file.parent.name + "/" + self.file.name)
        return original(self)

    monkeypatch.setattr(history.ResultCache, "_load", counted)
    calls = counting_parses(monkeypatch)
    unchanged = histories(mini).by_file["data/h.yaml"]
    # Facts and diffs answer for every version: the versions' data is not even read from disk.
    assert calls[0] == 0 and not [name for name in loads if name.startswith("versions/")]
    assert [v.event for v in unchanged.versions] == ["首次发布", "文字修订"]
    mini.write("h.yaml", HOSPITALITY.replace("内容概述: 公开", "内容概述: 公示"))
    mini.commit("文字修改", "2024-07-12T09:00:00+08:00")
    edited = histories(mini).by_file["data/h.yaml"]
    assert calls[0] == 1  # only the new version (its predecessor's data comes from the store)
    assert len([name for name in loads if name.startswith("versions/")]) <= 2  # of 256 files
    assert [v.event for v in edited.versions] == ["首次发布", "文字修订", "文字修订"]
    assert edited.versions[1].record.summary != edited.versions[2].record.summary


def test_other_notice_rules_do_not_use_the_old_results(mini, monkeypatch):
    from cwgk.settings import SiteSettings

    # The 公示期 gives only its start (2024-07-10, a Wednesday): its end comes from the rules.
    open_ended = HOSPITALITY.replace("  结束: 2024-07-16\n", "")
    mini.write("h.yaml", open_ended)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    mini.write("h.yaml", open_ended.replace("内容概述: 公开", "内容概述: 公布"))
    mini.commit("文字修改", "2024-07-11T09:00:00+08:00")

    def ends(versions):  # the old version is read from the caches; the current one is not
        return [v.record.notice_period.end for v in versions]

    before = histories(mini).by_file["data/h.yaml"].versions
    assert ends(before) == [date(2024, 7, 16)] * 2  # 5 working days: Wed 10 … Tue 16
    calls = counting_parses(monkeypatch)
    mini.project.settings = SiteSettings(notice_workdays=7)
    after = histories(mini).by_file["data/h.yaml"].versions
    # Parsed data does not depend on the rules (nothing parsed again); the records, the old
    # version's too, are validated under the new ones: 7 working days, Wed 10 … Thu 18.
    assert calls[0] == 0
    assert ends(after) == [date(2024, 7, 18)] * 2
    # And back under the first rules, the first results again.
    mini.project.settings = SiteSettings()
    assert ends(histories(mini).by_file["data/h.yaml"].versions) == [date(2024, 7, 16)] * 2


def test_a_first_run_parsing_versions_in_two_processes_reads_the_same_history(mini, monkeypatch):
    mini.write("h.yaml", HOSPITALITY)
    mini.commit("发布", "2024-07-10T09:00:00+08:00")
    mini.write("h.yaml", HOSPITALITY.replace("内容概述: 公开", "内容概述: 公布"))
    mini.commit("文字修改", "2024-07-11T09:00:00+08:00")
    alone = histories(mini).by_file["data/h.yaml"]
    shutil.rmtree(mini.root / ".cache")
    monkeypatch.setattr(history, "FORK_ABOVE_VERSIONS", 0)
    monkeypatch.setattr(history.parallel, "available", lambda: True)
    forks = []
    original = history.parallel.make_in_two
    monkeypatch.setattr(history.parallel, "make_in_two", lambda *a: forks.append(1) or original(*a))
    together = histories(mini).by_file["data/h.yaml"]
    assert forks == [1]
    assert [(v.event, v.changes, v.record) for v in together.versions] == [
        (v.event, v.changes, v.record) for v in alone.versions
    ]
