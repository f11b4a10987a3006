"""How people's names are shown: 全名, 张* or 张某某 (domain brief, "Privacy"), per site or per record.

Fields that hold a person's name are declared on the models (`zh(..., person=True)`). The policy is
applied to the record everything is rendered from — pages, version pages, lists, the kiosk, search —
and to the data history diffs are computed from, so 更新记录, feeds and raw diffs show the same form.
(An employee's own 署名 on an opinion is published only with their consent and is left as given.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel

from .models.schema import field_by_alias, field_extra, inner_model

NameDisplay = Literal["全名", "张*", "张某某"]
COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
    "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "西门", "南宫", "独孤", "申屠",
)  # fmt: skip


def shown_name(name: str, policy: NameDisplay) -> str:
    """张伟 → 张* / 张某某; 欧阳娜娜 → 欧阳* / 欧阳某某; 全名 leaves it."""
    name = name.strip()
    if policy == "全名" or not name:
        return name
    surname = next(
        (s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[0]
    )
    return surname + ("*" if policy == "张*" else "某某")


def _person_fields(model: Any) -> list[tuple[str, str]]:
    """(attribute, YAML key) of the fields of `model` that hold a person's name."""
    return [
        (attr, info.alias or attr)
        for attr, info in getattr(model, "model_fields", {}).items()
        if field_extra(info).get("x-person")
    ]


def mask_record(record: BaseModel, policy: NameDisplay) -> Any:
    """A copy of `record` (and its tables) with names shown by `policy`."""
    if policy == "全名":
        return record
    updates: dict[str, Any] = {}
    for attr, _ in _person_fields(type(record)):
        value = getattr(record, attr)
        if isinstance(value, str):
            updates[attr] = shown_name(value, policy)
    for attr, info in type(record).model_fields.items():
        if inner_model(info.annotation) is None:
            continue
        value = getattr(record, attr)
        if isinstance(value, list):
            updates[attr] = [
                mask_record(v, policy) if isinstance(v, BaseModel) else v for v in value
            ]
        elif isinstance(value, BaseModel):
            updates[attr] = mask_record(value, policy)
    return record.model_copy(update=updates) if updates else record


def mask_data(data: Any, model: Any, policy: NameDisplay) -> Any:
    """The same, on parsed YAML (dicts by Chinese key), for history diffs."""
    if policy == "全名" or model is None or not isinstance(data, dict):
        return data
    persons = {key for _, key in _person_fields(model)}
    out = {}
    for key, value in data.items():
        info = field_by_alias(model, key)
        sub = inner_model(info.annotation) if info is not None else None
        if key in persons and isinstance(value, str):
            out[key] = shown_name(value, policy)
        elif sub is not None and isinstance(value, list):
            out[key] = [mask_data(v, sub, policy) for v in value]
        elif sub is not None and isinstance(value, dict):
            out[key] = mask_data(value, sub, policy)
        else:
            out[key] = value
    return out


def names_in(data: Any, model: Any) -> set[str]:
    """Every person's name in parsed YAML (to mask them in raw text diffs)."""
    found: set[str] = set()
    if model is None or not isinstance(data, dict):
        return found
    persons = {key for _, key in _person_fields(model)}
    for key, value in data.items():
        info = field_by_alias(model, key)
        sub = inner_model(info.annotation) if info is not None else None
        if key in persons and isinstance(value, str) and value.strip():
            found.add(value.strip())
        elif sub is not None:
            for item in value if isinstance(value, list) else [value]:
                found |= names_in(item, sub)
    return found


def mask_text(text: str, names: Iterable[str], policy: NameDisplay) -> str:
    if policy == "全名":
        return text
    for name in sorted(set(names), key=len, reverse=True):  # 王小明 before 王小
        text = text.replace(name, shown_name(name, policy))
    return text
