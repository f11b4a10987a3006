"""New record files, written from the models: every field, in order, with its Chinese description
as a comment — the same text the error messages and the editor's hover help show.

Used by `cwgk new` (an empty record with today's date, the next free 索引号 and the default 公示期)
and `cwgk import` (the same, with the table rows taken from a spreadsheet).
"""

from __future__ import annotations

import re
import types
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .models import KIND_ALIASES, KIND_BY_TITLE, KINDS, Envelope
from .models.envelope import INDEX_NO_PATTERN
from .models.schema import inner_model

COMMENT_COLUMN = 28  # comments line up where most values end


def find_kind(name: str) -> type[Envelope] | None:
    """A kind by its 类型, a short name people use (通讯费) or its slug (telecom)."""
    name = name.strip()
    title = KIND_ALIASES.get(name, name)
    return KIND_BY_TITLE.get(title) or next((k for k in KINDS if k.kind_slug == name), None)


_CLAIMED = re.compile(r"^索引号[ \t]*[:：][ \t]*[\"']?([^\"'\s#]+)", re.M)


def claimed_index_numbers(texts: list[str]) -> list[str]:
    """The 索引号 written in record files, read from their text: a file that does not validate
    yet (an unfinished import) or does not even parse still holds its number."""
    return [m.group(1) for text in texts for m in _CLAIMED.finditer(text)]


def next_index_no(index_nos: list[str], year: int, default_code: str = "GH") -> str:
    """The next free 索引号 of the unit's usual code for `year`: GH/2026-00015."""
    codes = Counter(n.split("/")[0] for n in index_nos if re.fullmatch(INDEX_NO_PATTERN, n))
    code = codes.most_common(1)[0][0] if codes else default_code
    used = [
        int(match.group(1))
        for n in index_nos
        if (match := re.fullmatch(rf"{re.escape(code)}/{year}-0*(\d+)", n.strip()))
    ]
    number = f"{code}/{year}-{max(used, default=0) + 1:05d}"
    assert re.fullmatch(INDEX_NO_PATTERN, number)
    return number


def usual_issuers(records: list[Envelope], kind: type[Envelope], fallback: str) -> list[str]:
    """发布机构 as this kind's records usually have it (the latest one's), else the union."""
    same = [r for r in records if isinstance(r, kind)]
    latest = max(same, key=lambda r: (r.published_on, r.index_no), default=None)
    return list(latest.issuers) if latest else [fallback]


def scalar(value: Any) -> str:
    """One YAML scalar as a person would write it (text that looks like a number stays quoted)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    text = yaml.safe_dump(str(value), allow_unicode=True, width=10_000).strip()
    return text.removesuffix("\n...").removesuffix("...").strip()


def _line(indent: str, key: str, value: str, comment: str) -> str:
    text = f"{indent}{key}: {value}".rstrip()
    width = sum(2 if ord(c) > 0x2E7F else 1 for c in text)  # CJK takes two columns
    pad = " " * max(2, COMMENT_COLUMN - width)
    return f"{text}{pad}# {comment}" if comment else text


def _unwrap(annotation: Any) -> Any:
    """Optional[X] → X, Annotated[X, …] → X."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _is_list(annotation: Any) -> bool:
    """A list or a fixed-length tuple (系数范围: [0.5, 2.0]): both written as a YAML list."""
    return get_origin(_unwrap(annotation)) in (list, tuple)


def _later(info: FieldInfo) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("x-later"))


def _fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    fields = [(info.alias or name, info) for name, info in model.model_fields.items()]
    fields = [f for f in fields if not _later(f[1])]  # 更正说明: added after publication
    return sorted(fields, key=lambda f: f[0] != "类型")  # 类型 first: it decides the rest


def _later_fields_note(model: type[BaseModel]) -> list[str]:
    """How to add a field written only after publication: at the end of the file, as the
    manual says (a template line `更正说明: []` would make that a duplicate key)."""
    lines = []
    for name, info in model.model_fields.items():
        if _later(info):
            key = info.alias or name
            lines += [
                f"# {key}（发布后才写）：{info.description}。",
                "# 需要时在文件末尾加上（日期写提交修改的那一天）：",
                f"# {key}:",
                "# - 日期: YYYY-MM-DD",
                "#   说明: 原……，现更正为……（撤回时写撤回的原因）",
            ]
    return lines


def render_fields(
    model: type[BaseModel], values: dict[str, Any], indent: str = "", in_list: bool = False
) -> list[str]:
    """Lines for every field of `model`; `values` by YAML key (nested dicts, lists of row dicts)."""
    lines: list[str] = []
    for number, (key, info) in enumerate(_fields(model)):
        lead = indent
        if in_list:  # the first key of a list item carries the "- "
            lead = indent[:-2] + "- " if number == 0 else indent
        comment = info.description or ""
        value = values.get(key)
        sub = inner_model(info.annotation)
        if sub is not None and _is_list(info.annotation):
            # A required table gets one example row to fill in; an optional one starts empty.
            rows = value if value is not None else ([{}] if info.is_required() else [])
            if not rows:
                lines.append(_line(lead, key, "[]", comment))
                continue
            lines.append(_line(lead, key, "", comment))
            for row in rows:
                lines += render_fields(sub, row, indent + "    ", in_list=True)
        elif sub is not None:
            if value is None and not info.is_required():
                lines.append(_line(lead, key, "", comment))
                continue
            lines.append(_line(lead, key, "", comment))
            lines += render_fields(sub, value or {}, indent + "  ")
        elif _is_list(info.annotation):
            if value is None and not info.is_required():  # 系数范围's [0.5, 2.0]
                value = info.get_default(call_default_factory=True)
            items = value or []
            text = "[" + ", ".join(scalar(v) for v in items) + "]"
            lines.append(_line(lead, key, text, comment))
        else:
            if value is None and info.default not in (None, PydanticUndefined):
                value = info.default  # 发放方式: 实报实销, 超标自担: 0 — what leaving it out means
            lines.append(_line(lead, key, scalar(value), comment))
    return lines


def render_record(kind: type[Envelope], values: dict[str, Any], schema_comment: str) -> str:
    header = [
        schema_comment,
        f"# {kind.kind_title}：填写每个字段（“#”后面是说明，可以保留）；不需要的可选项留空。",
        "# 写好后运行 .venv/bin/cwgk check 检查，再提交。",
    ]
    body = render_fields(kind, {"类型": kind.kind_title, **values})
    return "\n".join(header + body + _later_fields_note(kind)) + "\n"


def free_path(folder: Path, stem: str) -> Path:
    path = folder / f"{stem}.yaml"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.yaml"
        n += 1
    return path
