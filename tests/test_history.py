"""What versions mean: publication, corrections and their notes, minor fixes, withdrawals."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from cwgk import pipeline
from record_samples import ENVELOPE, MiniProject

D1, D2, D3 = "2025-03-02T09:00:00+08:00", "2025-03-05T15:30:00+08:00", "2025-03-09T10:00:00+08:00"
NOTE = "更正说明:\n  - 日期: {on}\n    说明: 原体检时间有误，现更正为4月上旬。\n"


def published(mini: MiniProject) -> None:
    mini.write("a.yaml", ENVELOPE)
    mini.commit("发布体检通知", D1)


def history(mini: MiniProject, strict: bool = True):
    checked = pipeline.check(mini.project, strict=strict)
    assert not checked.problems, [p.format() for p in checked.problems]
    (item,) = checked.records
    return checked.histories.of(item)


def test_first_version_is_the_publication(mini: MiniProject):
    published(mini)
    h = history(mini)
    assert [v.event for v in h.versions] == ["首次发布"]
    # Committed in 2025, its own 发布日期 is 2024-03-05: the site collected it later (收录到本站).
    assert h.backfilled and h.last_major is None and not h.updates


def test_major_change_without_note_fails_strict_naming_record_and_commit(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬"))
    sha = mini.commit("改体检时间", D2)
    messages = [p.format() for p in pipeline.check(mini.project).problems]
    assert len(messages) == 1
    assert messages[0].startswith("data/a.yaml")
    assert sha[:7] in messages[0] and "改体检时间" in messages[0] and "2025-03-05" in messages[0]
    assert "更正说明" in messages[0] and "正文" in messages[0]

    # Preview is not strict: a warning, and the page says the note is missing.
    checked = pipeline.check(mini.project, strict=False)
    assert not checked.problems and len(checked.warnings) == 1
    assert checked.histories.of(checked.records[0]).versions[-1].note_missing


def test_note_committed_with_the_change(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + NOTE.format(on="2025-03-05"))
    mini.commit("更正体检时间", D2)
    h = history(mini)
    last = h.versions[-1]
    assert last.event == "更正" and last.major
    assert [n.text for n in last.notes] == ["原体检时间有误，现更正为4月上旬。"]
    assert [c.sentence() for c in last.changes] == [
        "正文：“体检于3月中旬进行。” → “体检于4月上旬进行。”"
    ]
    assert h.last_major is last
    assert h.fresh_correction(date(2025, 3, 20), 30) is last
    assert h.fresh_correction(date(2025, 6, 20), 30) is None


def test_note_added_later_with_the_date_of_the_change(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬"))
    mini.commit("改体检时间", D2)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + NOTE.format(on="2025-03-05"))
    mini.commit("补写更正说明", D3)
    h = history(mini)
    # Adding the note is not itself a version.
    assert [v.event for v in h.versions] == ["首次发布", "更正"]
    assert h.versions[-1].notes[0].on == date(2025, 3, 5)


def test_a_note_with_another_date_does_not_cover_the_change(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬"))
    sha = mini.commit("改体检时间", D2)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + NOTE.format(on="2025-03-09"))
    mini.commit("补写更正说明", D3)
    (problem,) = pipeline.check(mini.project).problems
    # The change of 03-05 is still uncovered; the message points at the notes (line 9: the
    # one dated 03-09) and says which date the missing one needs.
    assert (problem.file, problem.line, problem.field, problem.severity) == (
        "data/a.yaml",
        9,
        "更正说明",
        "错误",
    )
    assert problem.message == (
        f"2025-03-05 的提交 {sha[:7]}（改体检时间）改动了已发布记录的正文，"
        "这是重大修改，但没有对应的更正说明"
    )
    assert problem.expected == (
        "在文件末尾加上下面几行，把“说明”换成原来是什么、现在改成什么；"
        "文件中已有“更正说明:”时，只在它的各项之后加“- ”开头的两行"
    )
    # The lines to paste are printed after the message, one per line, as valid YAML.
    assert problem.format().splitlines()[1:] == [
        "更正说明:",
        "- 日期: 2025-03-05",
        "  说明: 原…，现更正为…",
    ]
    assert yaml.safe_load(problem.example) == {
        "更正说明": [{"日期": date(2025, 3, 5), "说明": "原…，现更正为…"}]
    }


def test_pasting_the_suggested_note_unchanged_is_refused(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬"))
    (missing,) = pipeline.check(mini.project).problems
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + missing.example)
    (problem,) = pipeline.check(mini.project).problems
    assert problem.field == "更正说明[1].说明"
    assert problem.message == "“原…，现更正为…”是示例文字，还没有换成这次更正的实际内容"


def test_a_withdrawal_is_asked_for_its_reason(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE + "有效性: 已撤回\n")
    (problem,) = pipeline.check(mini.project).problems
    assert problem.message == (
        "尚未提交的修改改动了已发布记录的有效性，撤回已发布的记录要写明原因，但没有对应的更正说明"
    )
    assert "把“说明”换成撤回的原因" in problem.expected
    assert problem.example.splitlines()[-1] == "  说明: 因…，本公示撤回"


def test_minor_change_needs_no_note_and_does_not_move_last_updated(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("公布2024年职工体检", "公布2024年全体职工体检"))
    mini.commit("文字修改", D2)
    h = history(mini)
    assert [v.event for v in h.versions] == ["首次发布", "文字修订"]
    assert h.last_major is None
    assert not h.versions[-1].is_news


def test_a_wording_change_with_a_note_is_published_as_a_correction(mini: MiniProject):
    published(mini)
    note = NOTE.format(on="2025-03-05").replace(
        "原体检时间有误，现更正为4月上旬。", "原文漏写“全体”，范围有误。"
    )
    mini.write("a.yaml", ENVELOPE.replace("公布2024年职工体检", "公布2024年全体职工体检") + note)
    mini.commit("更正范围", D2)
    h = history(mini)
    assert [v.event for v in h.versions] == ["首次发布", "更正"]
    assert h.last_major is h.versions[-1] and h.versions[-1].is_news


def test_comment_only_edits_are_not_versions(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", "# 备注：仅修改注释\n" + ENVELOPE)
    mini.commit("注释", D2)
    assert len(history(mini).versions) == 1


def test_withdrawal_is_recorded_as_such(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE + "有效性: 已撤回\n" + NOTE.format(on="2025-03-05"))
    mini.commit("撤回", D2)
    assert [v.event for v in history(mini).versions] == ["首次发布", "撤回"]


def test_uncommitted_major_change_needs_a_note_too(mini: MiniProject):
    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬"))
    (problem,) = pipeline.check(mini.project).problems
    assert "尚未提交的修改" in problem.message
    h = history(mini, strict=False)
    assert h.uncommitted


def test_deleted_and_restored(mini: MiniProject):
    published(mini)
    (mini.root / "data" / "a.yaml").unlink()
    mini.commit("撤下", D2)
    mini.write("a.yaml", ENVELOPE)
    mini.commit("恢复", D3)
    h = history(mini)
    assert [v.event for v in h.versions] == ["首次发布", "恢复发布"]
    assert h.versions[-1].deleted_before.subject == "撤下"


def test_old_version_that_no_longer_validates_is_kept_as_text(mini: MiniProject):
    mini.write("a.yaml", ENVELOPE + "旧字段: 1\n")
    mini.commit("old schema", D1)
    mini.write("a.yaml", ENVELOPE)
    mini.commit("new schema", D2)
    h = history(mini, strict=False)  # dropping a field is major: a warning here
    assert h.versions[0].record is None and "旧字段" in h.versions[0].text
    assert h.versions[1].record is not None


def test_history_can_be_switched_off(mini: MiniProject, monkeypatch: pytest.MonkeyPatch):
    published(mini)
    monkeypatch.setenv("CWGK_HISTORY", "off")
    checked = pipeline.check(mini.project)
    assert not checked.histories.enabled and checked.histories.of(checked.records[0]) is None


SCHEMA_LINE = "# yaml-language-server: $schema=../schema/notice.schema.json\n"


def test_raw_diff_leaves_the_editors_comments_out(mini: MiniProject):
    commented = (
        SCHEMA_LINE
        + "# 编辑备注：待财务部核对\n"
        + ENVELOPE.replace("正文: 体检于3月中旬进行。", "正文: 体检于3月中旬进行。  # 时间待定")
    )
    mini.write("a.yaml", commented)
    mini.commit("发布体检通知", D1)
    corrected = commented.replace("3月中旬", "4月上旬").replace("待财务部核对", "已核对")
    mini.write("a.yaml", corrected + NOTE.format(on="2025-03-05"))
    mini.commit("更正体检时间", D2)
    page = pipeline.build(mini.project, on=date(2025, 3, 10)).site.pages["records/gh-2024-00001.md"]
    raw = page.split("查看原文改动", 1)[1].split("</pre>", 1)[0]
    assert "-正文: 体检于3月中旬进行。<" in raw and "+正文: 体检于4月上旬进行。<" in raw
    assert "+  - 日期: 2025-03-05<" in raw
    assert "#" not in raw and "schema" not in raw and "备注" not in raw and "时间待定" not in raw


def test_an_unreadable_old_version_is_shown_without_comments(mini: MiniProject):
    mini.write("a.yaml", SCHEMA_LINE + "# 旧格式\n" + ENVELOPE + "旧字段: 1  # 已停用\n")
    first = mini.commit("old schema", D1)
    mini.write("a.yaml", SCHEMA_LINE + ENVELOPE)
    mini.commit("new schema", D2)
    pages = pipeline.build(mini.project, on=date(2025, 3, 10), strict=False).site.pages
    page = pages[f"records/gh-2024-00001/versions/2025-03-02-{first[:7]}.md"]
    assert "旧字段: 1\n" in page and "标题: 关于职工体检安排的通知" in page
    assert "#" not in page.split('<pre class="cwgk-rawdiff__text">', 1)[1]
    assert page.split("\n")[1] == 'title: "关于职工体检安排的通知（2025年3月2日版）"'  # GB/T 9704


def test_old_versions_stay_packed_and_a_build_keeps_no_old_records(mini: MiniProject):
    """Memory at 5,000 records (issue 20): the store keeps each old version's data as one bytes
    object; a version's record is made for its page and can be let go; only a preview, which
    makes those pages again after every edit, keeps validated old versions."""
    from cwgk import history as history_module
    from cwgk.history_cache import ShardedCache, code_stamp

    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + NOTE.format(on="2025-03-05"))
    mini.commit("更正体检时间", D2)
    history_module.keep_validated(False)
    first = history(mini).versions[0]
    assert first.record is not None and "体检" in first.record.title
    assert not history_module._VALIDATED  # a one-off build: made for the page, not kept
    first.forget_record()
    assert "record" not in first.__dict__
    assert first.record is not None  # made again when asked

    store = ShardedCache(mini.project.root / ".cache" / "cwgk" / "versions", code_stamp())
    store.load_all()
    kept = [v for shard in store.shards.values() for v in shard._load().values()]
    assert len(kept) == 2 and all(isinstance(v, bytes) for v in kept)

    history_module.keep_validated(True)
    try:
        assert history(mini).versions[0].record is not None
        assert len(history_module._VALIDATED) == 1
    finally:
        history_module.keep_validated(False)


def test_a_historys_page_key_digest_is_kept_for_the_next_build(mini: MiniProject):
    """A build after one change digests that record's history only (issue 20): the others'
    digests come from the last build, equal to what page_keys would make of them now."""
    from cwgk import page_keys

    published(mini)
    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "4月上旬") + NOTE.format(on="2025-03-05"))
    mini.commit("更正体检时间", D2)
    pipeline.build(mini.project)  # makes the pages' keys, and keeps the digests
    checked = pipeline.check(mini.project)
    h = checked.histories.of(checked.records[0])
    assert h is not None and h.digest is not None  # before any page key was made this run
    kept, h.digest = h.digest, None
    assert page_keys._history(h) == kept

    mini.write("a.yaml", ENVELOPE.replace("3月中旬", "5月上旬") + NOTE.format(on="2025-03-05"))
    checked = pipeline.check(mini.project)  # an uncommitted edit: its history is new
    h = checked.histories.of(checked.records[0])
    assert h is not None and h.digest is None
