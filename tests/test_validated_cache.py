"""Each file's validation kept between runs: what a check after an edit validates again, and
that kept records answer every check across records as freshly validated ones do."""

from __future__ import annotations

import pickle
from pathlib import Path

from cwgk import pipeline
from cwgk.models.recruitment import RecruitmentPlan, RecruitmentResult
from cwgk.validated_cache import KeptRecord, whole
from record_samples import ENVELOPE, HOSPITALITY

ROOT = Path(__file__).resolve().parents[1]
PLAN = (ROOT / "data" / "recruitment" / "2024-plan.yaml").read_text("utf-8")
RESULT = (ROOT / "data" / "recruitment" / "2024-result.yaml").read_text("utf-8")


def counting(monkeypatch) -> list[str]:
    seen: list[str] = []
    real = pipeline.validate_document

    def count(doc, rules=None):
        seen.append(doc.file)
        return real(doc, rules) if rules is not None else real(doc)

    monkeypatch.setattr(pipeline, "validate_document", count)
    return seen


def check(mini, lazy: bool = True) -> pipeline.Checked:
    return pipeline.check(mini.project, problems_only=lazy)


def test_a_check_after_an_edit_validates_the_edited_file_only(mini, monkeypatch):
    for n in range(1, 11):
        mini.write(f"r{n}.yaml", ENVELOPE.replace("GH/2024-00001", f"GH/2024-{n:05d}"))
    seen = counting(monkeypatch)
    assert check(mini).problems == []
    assert len(seen) == 10
    seen.clear()
    mini.write(
        "r4.yaml", ENVELOPE.replace("GH/2024-00001", "GH/2024-00004").replace("体检", "疗养")
    )
    checked = check(mini)
    assert seen == ["data/r4.yaml"] and checked.problems == []
    kept = [item.record for item in checked.records if item.file != "data/r4.yaml"]
    assert len(kept) == 9 and all(type(r) is KeptRecord for r in kept)
    assert all(r._whole is None for r in kept)  # nothing beyond the fields the checks read
    seen.clear()
    # Other settings (a 公示期 rule, a contact): every file again; so does `check --full`.
    mini.project.settings = mini.project.settings.model_copy(update={"unit_name": "别的单位"})
    assert check(mini).problems == [] and len(seen) == 10
    seen.clear()
    assert pipeline.check(mini.project, remembered=False).problems == [] and len(seen) == 10


def test_kept_records_answer_the_checks_across_records_as_fresh_ones(mini):
    """A result hiring more than its plan allows, a duplicate 索引号, an opinion on a missing
    record: the same problems, at the same lines, whether the records were validated now or
    kept; and an edit to the plan alone (the result kept) clears the result's error."""
    mini.write("plan.yaml", PLAN.replace("  人数: 2\n", "  人数: 1\n", 1))
    mini.write("result.yaml", RESULT)
    mini.write("a.yaml", HOSPITALITY)
    mini.write("b.yaml", "\n\n" + HOSPITALITY)
    fresh = [p.format() for p in check(mini).problems]
    assert any("拟录用超过方案计划的 1 人" in m for m in fresh), fresh
    assert any(m.startswith("data/b.yaml:4:") and "重复" in m for m in fresh), fresh
    kept = check(mini)
    assert [p.format() for p in kept.problems] == fresh
    assert [p.format() for p in check(mini, lazy=False).problems] == fresh
    mini.write("plan.yaml", PLAN)
    after = [p.format() for p in check(mini).problems]
    assert not any("拟录用超过" in m for m in after) and len(after) == len(fresh) - 1


def test_a_kept_record_is_its_class_and_becomes_whole_when_asked_more(mini):
    mini.write("plan.yaml", PLAN)
    mini.write("result.yaml", RESULT)
    mini.write("a.yaml", HOSPITALITY)
    check(mini)
    items = {item.file: item.record for item in check(mini).records}
    result, plan, spending = (items[f"data/{n}.yaml"] for n in ("result", "plan", "a"))
    assert type(result) is KeptRecord and isinstance(result, RecruitmentResult)
    assert not isinstance(result, RecruitmentPlan) and isinstance(plan, RecruitmentPlan)
    assert result.candidates[0].post == "铸造工艺员"  # the plan's check made it whole
    assert spending._whole is None  # no check needed more than its EAGER fields
    assert spending.index_no == "GH/2024-00012" and spending._whole is None
    assert spending.model_dump()["index_no"] == "GH/2024-00012" and spending._whole is not None
    assert whole(spending) == pickle.loads(spending._packed)
    # A build asks for whole records: no KeptRecord reaches a page.
    assert all(type(item.record) is not KeptRecord for item in check(mini, lazy=False).records)
