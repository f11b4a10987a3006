"""Property-based tests: whatever a file holds, reading and validating it ends in a valid record or
clean problems in Chinese — never a traceback. (Hypothesis, derandomised so CI is repeatable.)"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from cwgk.models.registry import KINDS
from cwgk.personal_data import scan
from cwgk.problems import Problem
from cwgk.source_reader import ReadFailed, decode, parse_yaml
from cwgk.validate import DOCUMENT_MODELS, ValidRecord, validate_collection, validate_document
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
# Every health check stays on: none fires for these strategies. Data generation takes up to
# ~0.1 s an example (--hypothesis-show-statistics), far below too_slow's limit, which with
# deadline=None is 30 s for the first 10 examples (so it holds on a loaded CI machine too, and
# under faketime); no test takes a function-scoped fixture. Should one start firing, suppress
# that one check here, saying why.
FUZZ = settings(max_examples=200, deadline=None, derandomize=True)
KEYS = sorted(
    {info.alias for model in KINDS for info in model.model_fields.values() if info.alias}
    | {"类型", "明细", "人员", "部门明细", "部门分配", "金额", "姓名", "部门", "开始", "结束"}
)
TEXT = st.text(
    alphabet=st.sampled_from(
        list("0123456789-/.:：年月日万元，,张伟公司工会 \n\t{}[]&*!|>'\"#%@`")
    ),
    max_size=30,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(
        ["2024-02-30", "2024/3/5", "18万", "1,234.50元", "１２３", "17:30", "9999-99-99"]
    ),
    st.sampled_from(sorted(DOCUMENT_MODELS)),  # a real 类型
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS) | TEXT, inner, max_size=5),
    ),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=12)


def test_far_dates_are_refused_not_crashed_on():
    # Found by this file: a 公示期 counted from 9999-12-31 ran past the calendar.
    from record_samples import ENVELOPE

    problems = load_and_validate(ENVELOPE + "公示期:\n  开始: 9999-12-31\n  工作日: 60\n")
    assert [p.field for p in problems] == ["公示期.开始"]
    assert "年份不合理" in problems[0].message


def load_and_validate(text: str) -> list[Problem]:
    """What `check` does with one file; returns its problems (a record, when there are none)."""
    try:
        doc = parse_yaml(text, "data/fuzz.yaml")
    except ReadFailed as failed:
        assert failed.problems and all(p.message for p in failed.problems)
        return failed.problems
    record, problems = validate_document(doc)
    for problem in problems:
        assert problem.file == "data/fuzz.yaml" and problem.message
        assert re.search(r"[\u4e00-\u9fff]", problem.message), problem.message  # Chinese
    list(scan(doc.data, frozenset()))
    if record is not None and not problems and record.__class__ in KINDS:
        item = ValidRecord(record=record, source=doc, path=Path("data/fuzz.yaml"))
        problems = validate_collection([item], ROOT / "site_src")
    return problems


@FUZZ
@given(DOCUMENTS)
def test_random_documents_give_a_record_or_clean_problems(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    load_and_validate(text)


@FUZZ
@given(st.sampled_from(sorted((ROOT / "data").rglob("*.yaml"))), st.sampled_from(KEYS), VALUES)
def test_a_demo_record_with_one_field_replaced_never_crashes(path, key, value):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = value
    load_and_validate(yaml.safe_dump(data, allow_unicode=True, default_flow_style=False))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_are_refused_cleanly(raw):
    try:
        text = decode(raw, "data/fuzz.yaml")
    except ReadFailed as failed:
        assert failed.problems
        return
    load_and_validate(text)


@FUZZ
@given(st.text(max_size=200))
def test_random_text_is_refused_cleanly(text):
    load_and_validate(text)
