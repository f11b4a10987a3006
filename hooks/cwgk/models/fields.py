"""Field types shared by every record kind, and the helpers models use to declare fields.

A record's YAML keys are Chinese (that is what union staff write); Python attributes are English.
`zh()` declares both at once so the alias, the JSON-Schema title and the description come from one
place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError


def zh(
    name: str,
    description: str,
    prose: bool = False,
    person: bool = False,
    markdown: bool = False,
    later: bool = False,
    **kwargs: Any,
) -> Any:
    """A field whose YAML key is `name`, documented by `description` (shown in errors and editors).

    `prose`: running text, where a wording fix that keeps every number is a minor change (no
    更正说明 needed, see history.py); every other field's change is major. `markdown`: rendered
    as Markdown and sanitised (markdown_body.py), so what the sanitiser removes is checked.
    `later`: written only after publication (更正说明): a new file does not carry it, so it
    can be added at the end of the file as the manual says."""
    if later:
        kwargs["json_schema_extra"] = {**kwargs.get("json_schema_extra", {}), "x-later": True}
    if markdown:
        kwargs["json_schema_extra"] = {**kwargs.get("json_schema_extra", {}), "x-markdown": True}
    if prose:
        kwargs["json_schema_extra"] = {**kwargs.get("json_schema_extra", {}), "x-prose": True}
    if person:  # a person's name: shown by the name policy (name_policy.py)
        kwargs["json_schema_extra"] = {**kwargs.get("json_schema_extra", {}), "x-person": True}
    return Field(alias=name, title=name, description=description, **kwargs)


def rule_error(message: str, expected: str) -> PydanticCustomError:
    """A validation error in our own words; `expected` becomes the '应为' part of the message."""
    return PydanticCustomError("cwgk_rule", message, {"expected": expected})


def checked_code(value: Any, pattern: str, name: str, form: str) -> str:
    """A code such as 索引号 GH/2024-00012: as written when right; when only case or full-width
    punctuation is off, the error shows the corrected code; otherwise the expected `form`."""
    text = str(value).strip()
    if re.fullmatch(pattern, text):
        return text
    fixed = text.upper().replace("／", "/").replace("－", "-").replace("—", "-")
    if re.fullmatch(pattern, fixed):
        raise rule_error(f"{name}“{text}”写法不规范", fixed)
    raise rule_error(f"{name}“{text}”格式不对", form)


class RecordModel(BaseModel):
    """Base of all record parts: Chinese keys only, unknown keys rejected (they are usually typos)."""

    # Keys (YAML names) that identify a row of a table across versions, e.g. ("部门",): history
    # diffs match rows by them, so a reordered table is not reported as changed.
    row_key: ClassVar[tuple[str, ...]] = ()

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=False,
        coerce_numbers_to_str=True,  # 文号 2024 or 准考证号 20240012 typed without quotes
        frozen=True,
        str_strip_whitespace=True,
    )


@dataclass(frozen=True)
class RuleViolation:
    """A cross-field rule broken by an otherwise well-typed record."""

    path: tuple[str | int, ...]
    message: str
    expected: str


# ---- money ---------------------------------------------------------------------------------


# The written forms accepted (as JSON-Schema patterns for editors; the parsers below normalise them).
_D = "[0-9０-９]"
ACCEPTED_AMOUNT = rf"^\s*[￥¥]?\s*({_D}{{1,3}}(,{_D}{{3}})+|{_D}+)([.．]{_D}+)?\s*元?\s*$"
ACCEPTED_DATE = (
    rf"^\s*{_D}{{4}}([-/.．－／]{_D}{{1,2}}[-/.．－／]{_D}{{1,2}}|年{_D}{{1,2}}月{_D}{{1,2}}日)\s*$"
)
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－／，", "0123456789.-/,")
_AMOUNT = re.compile(r"[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def half_width(text: str) -> str:
    """Full-width digits and punctuation typed with a Chinese input method → ASCII (１２３ → 123)."""
    return text.translate(_FULL_WIDTH).strip()


def _money(value: Any) -> Any:
    """Amounts in 元. Accepted and normalised: 1,234.50 · 1234.5元 · ￥1234 · full-width digits.
    Refused, with the amount in 元 shown: anything in 万 (18万 → 180000)."""
    if isinstance(value, float):  # only reachable from Python callers; YAML gives Decimal
        return Decimal(str(value))
    if isinstance(value, str):
        text = half_width(value).removeprefix("￥").removeprefix("¥").strip()
        wan = re.fullmatch(r"([-+]?\d+(?:\.\d+)?)\s*万(?:元)?", text.replace(",", ""))
        if wan:
            yuan = (Decimal(wan.group(1)) * 10000).normalize()
            raise rule_error(
                f"金额“{value}”以万元为单位；本字段以元为单位",
                f"{yuan:f}（以元为单位：{value.strip()} = {yuan:f} 元）",
            )
        if "万" in text:
            raise rule_error(
                f"金额“{value}”带有“万”字；本字段以元为单位", "以元为单位的数字，例如 12000.00"
            )
        text = text.removesuffix("元").strip()
        if _AMOUNT.fullmatch(text):
            return Decimal(text.replace(",", ""))
        raise rule_error(f"“{value}”不是金额", "以元为单位的数字，最多两位小数，例如 1234.50")
    return value


def read_money(value: Any) -> Decimal:
    """An amount as the model reads it (raises for what it refuses)."""
    return Decimal(str(_money(value)))


def read_date(value: Any) -> date:
    """A date as the model reads it (raises for what it refuses)."""
    found = _iso_date(value)
    if not isinstance(found, date):
        raise ValueError(value)
    return found


Money = Annotated[
    Decimal,
    # Constraints before the BeforeValidator: checked inside pydantic-core (3× faster than the
    # Python checks pydantic adds when they come after it); same error types.
    Field(ge=0, max_digits=15, decimal_places=2, json_schema_extra={"format": "money-yuan"}),
    BeforeValidator(_money),
]
"""An amount in 元, non-negative, at most two decimals (分)."""


def _count(value: Any) -> Any:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\d+", half_width(value)):
        return int(half_width(value))  # １２ typed with a Chinese input method
    return value


Count = Annotated[int, BeforeValidator(_count), Field(ge=0)]


# ---- dates ---------------------------------------------------------------------------------

_DATE_FORMS = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$")


def _iso_date(value: Any) -> Any:
    """Dates. Accepted and normalised: 2024-03-05 · 2024-3-5 · 2024/3/5 · 2024.3.5 · 2024年3月5日 ·
    full-width digits. Refused: day-first or two-digit years (3/5/2024, 24-3-5) and impossible days."""
    if isinstance(value, date):
        return value
    if isinstance(value, int | Decimal):
        raise rule_error(f"“{value}”不是日期", "YYYY-MM-DD 格式的日期，例如 2024-03-05")
    if isinstance(value, str):
        text = half_width(value)
        match = _DATE_FORMS.match(text)
        if not match:
            raise rule_error(f"“{value}”不是 YYYY-MM-DD 格式的日期", "例如 2024-03-05")
        year = int(match.group(1))
        month = int(match.group(2) or match.group(4))
        day = int(match.group(3) or match.group(5))
        if not 1900 <= year <= 2200:  # also keeps date arithmetic (公示期 ends) in range
            raise rule_error(
                f"日期“{value}”的年份不合理", "1900–2200 年之间的日期，例如 2024-03-05"
            )
        try:
            return date(year, month, day)
        except ValueError:
            raise rule_error(
                f"日期“{value}”不存在（{year}年{month}月没有{day}日）"
                if 1 <= month <= 12
                else f"日期“{value}”不存在（月份应在 1–12 之间）",
                "一个真实存在的日期，例如 2024-03-05",
            ) from None
    return value


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    Field(json_schema_extra={"format": "date", "examples": ["2024-03-05"]}),
]


def _year_month(value: Any) -> Any:
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})[-.](\d{1,2})", text)
    if not match:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            raise rule_error(
                f"“{text}”写了具体日期；出生年月只公布年和月（个人信息最小化）",
                f"YYYY-MM，例如 {text[:7]}",
            )
        raise rule_error(f"“{text}”不是年月", "YYYY-MM，例如 1998-07")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise rule_error(f"“{text}”的月份不存在", "月份在 1–12 之间，例如 1998-07")
    return f"{year:04d}-{month:02d}"


YearMonth = Annotated[
    str,
    BeforeValidator(_year_month),
    Field(pattern=r"^\d{4}-\d{2}$", json_schema_extra={"examples": ["1998-07"]}),
]

Year = Annotated[int, BeforeValidator(_count), Field(ge=1990, le=2100)]


def _text_list(value: Any) -> Any:
    """Accept one item written without a dash as a one-item list (a very common slip)."""
    if isinstance(value, str):
        return [value]
    return value


TextList = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_text_list)]


class Correction(RecordModel):
    """One entry of 更正说明: the published note for a major change (see history.py)."""

    row_key: ClassVar[tuple[str, ...]] = ("日期", "说明")

    date: IsoDate = zh("日期", "更正的日期：与修改一起提交时写当天；事后补写时写那次修改提交的日期")
    note: str = zh(
        "说明",
        "更正了什么、为什么，例如 原实际支出录入有误，现更正为 12,845.00 元",
        min_length=4,
        max_length=300,
    )

    @field_validator("note")
    @classmethod
    def _not_the_placeholder(cls, value: str) -> str:
        if value.strip() in PLACEHOLDERS:
            raise rule_error(
                f"“{value.strip()}”是示例文字，还没有换成这次更正的实际内容",
                "写明原来是什么、现在改成什么（撤回时写撤回的原因），例如 "
                "罗晨子通讯费多计20.00元，原410.16元，现更正为390.16元",
            )
        return value


# What the messages suggest pasting; refused until replaced by the real note.
NOTE_PLACEHOLDER = "原…，现更正为…"
WITHDRAWAL_PLACEHOLDER = "因…，本公示撤回"
PLACEHOLDERS = (NOTE_PLACEHOLDER, WITHDRAWAL_PLACEHOLDER, "原……，现更正为……")


def correction_example(day: str, note: str) -> str:
    """A 更正说明 entry as lines to paste at the end of a record file (valid YAML)."""
    date_key, note_key = (f.alias for f in Correction.model_fields.values())
    return f"更正说明:\n- {date_key}: {day}\n  {note_key}: {note}\n"


# ---- yes / no ------------------------------------------------------------------------------


def _yes_no(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = str(value).strip()
    if text in ("是", "同意"):
        return True
    if text in ("否", "不同意"):
        return False
    raise rule_error(f"“{value}”不是“是”或“否”", "是 或 否")


YES_NO_WORDS = ("是", "否", "同意", "不同意")
YesNo = Annotated[bool, BeforeValidator(_yes_no), Field(json_schema_extra={"format": "yes-no"})]
