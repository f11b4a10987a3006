"""Field-level differences between two versions of a record, in Chinese, and how much they matter.

Versions are compared as parsed YAML (not as typed records), so an old version written under an
earlier schema still compares. The models supply what the raw data lacks: which fields are money
or dates (for formatting), which are running text (where a wording fix is minor), and the natural
key of each table's rows (so rows are matched by 部门 or 姓名, never by position).

The rule (README, "修改记录"): a change to a number, a name, a date, a list or a table is major; a
change that only touches whitespace or punctuation, or rewords running text while keeping every
number in it, is minor.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from . import formatting
from .models.fields import read_date, read_money
from .models.schema import field_by_alias, field_extra, inner_model

Action = Literal["changed", "added", "removed"]

# Never compared: the notes about changes are not themselves changes.
NOT_COMPARED = frozenset({"更正说明"})

_SPACE_AND_PUNCT = re.compile(
    r"[\s\u3000，。、；：？！“”‘’（）《》〈〉【】…—·,.;:?!\"'()\[\]<>\-]+"
)
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LONG_TEXT = 40


@dataclass(frozen=True)
class FieldChange:
    where: str  # 实际支出 / 部门明细「铸造车间」· 金额
    action: Action
    old: str | None
    new: str | None
    major: bool

    def sentence(self) -> str:
        """实际支出：12,345.00元 → 12,845.00元"""
        if self.action == "added":
            return f"{self.where}：新增 {self.new}"
        if self.action == "removed":
            return f"{self.where}：删去 {self.old}"
        return f"{self.where}：{self.old} → {self.new}"

    def correction_phrase(self) -> str:
        """The 更正 convention: 原…，现更正为…"""
        if self.action == "added":
            return f"{self.where}新增{self.new}"
        if self.action == "removed":
            return f"{self.where}删去{self.old}"
        return f"{self.where}原为{self.old}，现更正为{self.new}"


def diff_documents(old: Any, new: Any, model: Any) -> list[FieldChange]:
    """Changes from `old` to `new` (parsed YAML of one record); `model` is the record's kind."""
    changes: list[FieldChange] = []
    _diff_value(old, new, model, None, "", changes, top=True)
    return changes


def has_major(changes: list[FieldChange]) -> bool:
    return any(c.major for c in changes)


# ---- walking -------------------------------------------------------------------------------


def _join(where: str, part: str) -> str:
    if not where:
        return part
    return f"{where}{part}" if where.endswith("」") else f"{where} · {part}"


def _diff_value(
    old: Any,
    new: Any,
    model: Any,
    info: Any,
    where: str,
    out: list[FieldChange],
    top: bool = False,
) -> None:
    if old == new and type(old) is type(new):
        return
    if _same_value(old, new, info):  # 11071.2 written again as 11,071.20元: no change
        return
    if isinstance(old, dict) and isinstance(new, dict):
        _diff_mapping(old, new, model, where, out, top)
    elif isinstance(old, list) and isinstance(new, list):
        _diff_list(old, new, model, info, where, out)
    elif old is None:
        out.append(FieldChange(where, "added", None, _show(new, info, model), True))
    elif new is None:
        out.append(FieldChange(where, "removed", _show(old, info, model), None, True))
    else:
        out.append(_scalar_change(old, new, info, model, where))


def _diff_mapping(
    old: dict[str, Any],
    new: dict[str, Any],
    model: Any,
    where: str,
    out: list[FieldChange],
    top: bool,
) -> None:
    keys = [*new, *(k for k in old if k not in new)]
    for key in keys:
        if top and key in NOT_COMPARED:
            continue
        info = field_by_alias(model, key)
        sub = inner_model(info.annotation) if info is not None else None
        _diff_value(old.get(key), new.get(key), sub, info, _join(where, key), out)


def _diff_list(
    old: list[Any], new: list[Any], model: Any, info: Any, where: str, out: list[FieldChange]
) -> None:
    if all(isinstance(x, dict) for x in [*old, *new]) and (old or new):
        _diff_rows(old, new, model, where, out)
        return
    # A list of plain values (分配原则, 发布机构): align by content, pair up replaced items.
    old_text, new_text = [_plain(x) for x in old], [_plain(x) for x in new]
    matcher = difflib.SequenceMatcher(a=old_text, b=new_text, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            out.append(_scalar_change(old[i1 + k], new[j1 + k], info, None, where))
        for k in range(i1 + pairs, i2):
            out.append(FieldChange(where, "removed", f"「{_plain(old[k])}」", None, True))
        for k in range(j1 + pairs, j2):
            out.append(FieldChange(where, "added", None, f"「{_plain(new[k])}」", True))


def _row_key(row: dict[str, Any], model: Any) -> tuple[Any, ...] | None:
    fields = getattr(model, "row_key", ())
    if not fields:
        return None
    key = tuple(_plain(row.get(f)) if row.get(f) is not None else None for f in fields)
    return key if any(k is not None for k in key) else None


def _row_label(key: tuple[Any, ...] | None, position: int) -> str:
    if key is None:
        return f"第{position + 1}行"
    shown = [str(k) for k in key if k is not None]
    return shown[0] + (f"（{'，'.join(shown[1:])}）" if len(shown) > 1 else "")


def _diff_rows(
    old: list[dict[str, Any]],
    new: list[dict[str, Any]],
    model: Any,
    where: str,
    out: list[FieldChange],
) -> None:
    old_keys = [_row_key(r, model) for r in old]
    new_keys = [_row_key(r, model) for r in new]
    keyed = (
        None not in old_keys
        and None not in new_keys
        and len(set(old_keys)) == len(old_keys)
        and len(set(new_keys)) == len(new_keys)
    )
    if keyed:
        old_by = dict(zip(old_keys, old, strict=True))
        new_by = dict(zip(new_keys, new, strict=True))
        for key, row in zip(new_keys, new, strict=True):
            label = f"{where}「{_row_label(key, 0)}」"
            if key in old_by:
                _diff_mapping(old_by[key], row, model, label, out, top=False)
            else:
                out.append(FieldChange(where, "added", None, _show_row(row, key, model), True))
        for key, row in zip(old_keys, old, strict=True):
            if key not in new_by:
                out.append(FieldChange(where, "removed", _show_row(row, key, model), None, True))
        return
    # No natural key (or it repeats): rows are compared by position.
    for index in range(max(len(old), len(new))):
        if index >= len(old):
            out.append(FieldChange(where, "added", None, _show_row(new[index], None, model), True))
        elif index >= len(new):
            out.append(
                FieldChange(where, "removed", _show_row(old[index], None, model), None, True)
            )
        else:
            label = f"{where}「{_row_label(None, index)}」"
            _diff_mapping(old[index], new[index], model, label, out, top=False)


# ---- classifying and showing ---------------------------------------------------------------


def _same_value(old: Any, new: Any, info: Any) -> bool:
    """Whether an amount or a date is the same one written in another accepted form (the
    models accept 1,234.50 · 1234.5元 · full-width digits, 2024/3/5 · 2024年3月5日): read as
    the model reads it. Anything the model would refuse is compared as written."""
    if old is None or new is None or isinstance(old, dict | list) or isinstance(new, dict | list):
        return False
    written_as = field_extra(info).get("format")
    if written_as not in ("money-yuan", "date"):
        return False
    read = read_money if written_as == "money-yuan" else read_date
    try:
        return bool(read(old) == read(new))
    except Exception:  # refused by the model: the check says so; the diff shows it as written
        return False


def _scalar_change(old: Any, new: Any, info: Any, model: Any, where: str) -> FieldChange:
    extra = field_extra(info)
    if isinstance(old, str) and isinstance(new, str) and "format" not in extra:
        same_words = _SPACE_AND_PUNCT.sub("", old) == _SPACE_AND_PUNCT.sub("", new)
        wording = extra.get("x-prose") and _DIGITS.findall(old) == _DIGITS.findall(new)
        major = not (same_words or wording)
        if max(len(old), len(new)) > _LONG_TEXT:
            shown_old, shown_new = _text_snippets(old, new)
            return FieldChange(where, "changed", shown_old, shown_new, major)
        return FieldChange(where, "changed", f"“{old}”", f"“{new}”", major)
    return FieldChange(where, "changed", _show(old, info, model), _show(new, info, model), True)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "（空）"
    if isinstance(value, dict):
        return "，".join(f"{k} {_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    return str(value)


def _show(value: Any, info: Any, model: Any) -> str:
    """A value as the page shows it: money as 12,345.00元, dates as 2024年3月5日."""
    extra = field_extra(info)
    if isinstance(value, dict):
        return "（" + _plain(value) + "）"
    if isinstance(value, list):
        return "「" + _plain(value) + "」"
    if extra.get("format") == "money-yuan":
        try:  # as the model reads it: 76,550.00元 and ７６５５０ are shown as 76,550.00元
            return formatting.money(read_money(value)) + "元"
        except Exception:
            pass
    if extra.get("format") == "date" and isinstance(value, str | date):
        try:
            return formatting.long_date(read_date(value))
        except Exception:
            pass
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return formatting.number(value)
    if isinstance(value, str):
        return f"“{value}”"
    return _plain(value)


def _show_row(row: dict[str, Any], key: tuple[Any, ...] | None, model: Any) -> str:
    label = _row_label(key, 0) if key is not None else None
    key_fields = set(getattr(model, "row_key", ()))
    details = "，".join(
        f"{k} {_show(v, field_by_alias(model, k), None).strip('“”')}"
        for k, v in row.items()
        if k not in key_fields and v is not None
    )
    if label:
        return f"「{label}」" + (f"（{details}）" if details else "")
    return f"（{details}）"


def _text_snippets(old: str, new: str, context: int = 6, most: int = 3) -> tuple[str, str]:
    """Long text: only the changed parts (nearby changes merged), with context either side."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    regions: list[list[int]] = []  # [i1, i2, j1, j2]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if regions and i1 - regions[-1][1] <= 2 * context:
            regions[-1][1], regions[-1][3] = i2, j2
        else:
            regions.append([i1, i2, j1, j2])
    olds, news = [], []
    for i1, i2, j1, j2 in regions[:most]:
        olds.append(_snippet(old, i1, i2, context))
        news.append(_snippet(new, j1, j2, context))
    return "；".join(olds), "；".join(news)


def _snippet(text: str, start: int, end: int, context: int) -> str:
    lead = "…" if start > context else ""
    tail = "…" if end + context < len(text) else ""
    return f"“{lead}{text[max(0, start - context) : end + context]}{tail}”"
