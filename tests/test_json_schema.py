"""JSON Schema for editors: generated from the models, committed, and agreeing with the build."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from cwgk.json_schema import render_schemas, schema_models
from cwgk.source_reader import read_source
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def as_json(value):
    """What the editor sees: YAML 1.2 numbers, text and lists (our reader keeps decimals exact)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def validator_for(record: Path) -> Draft7Validator:
    first = record.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{record} does not name its schema on its first line"
    schema_file = (record.parent / match.group(1)).resolve()
    import json

    return Draft7Validator(json.loads(schema_file.read_text(encoding="utf-8")))


def test_committed_schemas_are_the_generated_ones():
    for name, text in render_schemas().items():
        path = ROOT / name
        assert path.is_file(), f"{name} is missing: run .venv/bin/cwgk schema"
        assert path.read_text(encoding="utf-8") == text, (
            f"{name} is stale: run .venv/bin/cwgk schema"
        )
    assert len(render_schemas()) == len(schema_models()) == 9


@pytest.mark.parametrize(
    "record", sorted((ROOT / "data").rglob("*.yaml")), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_demo_record_names_its_schema_and_passes_it(record):
    data = as_json(read_source(record, record.name).data)
    errors = list(validator_for(record).iter_errors(data))
    assert errors == [], [e.message for e in errors]


def test_schemas_document_fields_in_chinese():
    import json

    telecom = json.loads((ROOT / "schema" / "telecom.schema.json").read_text(encoding="utf-8"))
    assert telecom["title"] == "厂务公开记录：中层领导通讯费"
    props = telecom["properties"]
    assert props["类型"]["const"] == "中层领导通讯费"
    assert props["索引号"]["description"].startswith("唯一且永不改变的编号")
    row = telecom["$defs"]["AllowanceRow"]["properties"]
    assert row["金额"]["description"] == "本期实际发生的通讯费（元）"
    assert telecom["additionalProperties"] is False  # a misspelt key is marked in the editor


TELECOM = ROOT / "data" / "telecom" / "2026-q3.yaml"


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: d.update({"标提": "x"}), "Additional properties"),  # misspelt key
        (lambda d: d.update({"类型": "通讯费"}), "was expected"),
        (lambda d: d.update({"有效性": "有郊"}), "is not one of"),
        (lambda d: d.pop("标题"), "is a required property"),
        (lambda d: d.update({"发布日期": "3/5/2024"}), "does not match"),
        (lambda d: d["明细"][0].update({"金额": "18万"}), "is not valid"),
        (lambda d: d["明细"][0].pop("部门"), "is a required property"),
        (lambda d: d["明细"][0].update({"月数": 13}), "is greater than the maximum"),
    ],
)
def test_the_schema_rejects_what_the_build_rejects(change, complaint):
    data = as_json(read_source(TELECOM, TELECOM.name).data)
    change(data)
    messages = [e.message for e in validator_for(TELECOM).iter_errors(data)]
    assert any(complaint in m for m in messages), messages


@pytest.mark.parametrize("amount", ["1,234.50", "1234.5元", "１２３４", "￥1,234"])
def test_the_schema_accepts_the_notations_the_build_accepts(amount):
    data = as_json(read_source(TELECOM, TELECOM.name).data)
    data["明细"][0]["金额"] = amount
    assert list(validator_for(TELECOM).iter_errors(data)) == []
