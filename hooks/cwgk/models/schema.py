"""Looking fields up by their YAML (Chinese) names: used by error messages and history diffs."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic.fields import FieldInfo


def field_by_alias(model: Any, alias: str) -> FieldInfo | None:
    # Records use Chinese aliases; site settings (mkdocs.yml) use their attribute names.
    return _fields_by_alias(model).get(alias) if isinstance(model, type) else None


@cache
def _fields_by_alias(model: type) -> dict[str, FieldInfo]:
    # Looked up for every key of every version a history diff compares: built once per model.
    fields = getattr(model, "model_fields", None) or {}
    return {f.alias or name: f for name, f in fields.items()}


def inner_model(annotation: Any) -> Any:
    """The record-part model a field holds (directly, in a list, or optional), if any."""
    try:
        return _inner_model(annotation)
    except TypeError:  # an unhashable annotation: look it up without the cache
        return _inner_model.__wrapped__(annotation)


@cache
def _inner_model(annotation: Any) -> Any:
    # Asked tens of thousands of times when history diffs every version: cached per annotation.
    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def field_extra(info: FieldInfo | None) -> dict[str, Any]:
    """json_schema_extra of a field and of the types it is made of (Money | None keeps "format")."""
    if info is None:
        return {}
    found: dict[str, Any] = {}
    _collect_extra(info.annotation, found)
    for meta in info.metadata:
        if isinstance(meta, FieldInfo) and isinstance(meta.json_schema_extra, dict):
            found.update(meta.json_schema_extra)
    if isinstance(info.json_schema_extra, dict):
        found.update(info.json_schema_extra)
    return found


def _collect_extra(annotation: Any, found: dict[str, Any]) -> None:
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, FieldInfo) and isinstance(meta.json_schema_extra, dict):
            found.update(meta.json_schema_extra)
    for arg in get_args(annotation):
        _collect_extra(arg, found)
