"""JSON Schema for editors, generated from the models (never written by hand).

One file per kind in schema/ (`cwgk schema` writes them; a test fails when they are stale). Each
record names its kind's schema in its first line, so VS Code with the YAML extension (Red Hat)
offers the Chinese keys, shows each field's description on hover and marks wrong values:

    # yaml-language-server: $schema=../../schema/telecom.schema.json

The schema accepts what the build accepts (the notations of fields.py, as patterns); rules across
fields and records stay with `cwgk check`.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from .models import KINDS
from .models.fields import ACCEPTED_AMOUNT, ACCEPTED_DATE, YES_NO_WORDS
from .models.opinion import Opinion

SCHEMA_DIR = "schema"
_NOT_JSON_SCHEMA = ("ge", "le", "max_digits", "decimal_places")  # pydantic's Decimal leftovers


def schema_models() -> dict[str, Any]:
    """File stem → model: every disclosure kind, and opinions."""
    return {**{k.kind_slug: k for k in KINDS}, "opinion": Opinion}


def schema_for(model: Any) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema = _clean(schema)
    title = getattr(model, "kind_title", "")
    schema["title"] = f"厂务公开记录：{title}"
    schema["description"] = (
        f"“{title}”记录的字段。悬停字段名可看说明；保存前用 cwgk check 做完整检查（合计、日期先后等）。"
    )
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return schema


def _clean(node: Any) -> Any:
    if isinstance(node, dict):
        fmt = node.get("format")
        if fmt == "money-yuan":
            return _keep_docs(
                node,
                {
                    "anyOf": [
                        {"type": "number", "minimum": 0},
                        {"type": "string", "pattern": ACCEPTED_AMOUNT},
                    ]
                },
            )
        if fmt == "yes-no":
            return _keep_docs(node, {"anyOf": [{"type": "boolean"}, {"enum": list(YES_NO_WORDS)}]})
        if fmt == "date":
            return _keep_docs(node, {"type": "string", "pattern": ACCEPTED_DATE})
        out = {k: _clean(v) for k, v in node.items() if k not in _NOT_JSON_SCHEMA}
        if out.get("title") and out.get("type") == "object" and "properties" in out:
            out.pop("title")  # English class names mean nothing to union staff
        return out
    if isinstance(node, list):
        return [_clean(item) for item in node]
    return node


def _keep_docs(node: dict[str, Any], replacement: dict[str, Any]) -> dict[str, Any]:
    kept = {k: node[k] for k in ("title", "description", "default", "examples") if k in node}
    return {**replacement, **kept}


def render_schemas() -> dict[str, str]:
    """schema/<stem>.schema.json → text."""
    return {
        f"{SCHEMA_DIR}/{stem}.schema.json": json.dumps(
            schema_for(model), ensure_ascii=False, indent=2, sort_keys=True
        )
        + "\n"
        for stem, model in schema_models().items()
    }


def write_schemas(root: Path) -> list[Path]:
    written = []
    for name, text in render_schemas().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_comment(record_path: Path, root: Path, stem: str) -> str:
    """The first line of a record file that points the editor at its schema."""
    folder = record_path.parent.resolve().relative_to(root.resolve()).as_posix()
    target = posixpath.relpath(f"{SCHEMA_DIR}/{stem}.schema.json", folder)
    return f"# yaml-language-server: $schema={target}"
