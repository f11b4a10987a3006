"""Chinese dates, money and percentages through babel's zh_CN data: the only place formats live."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

# Parsed once: given as a string, babel re-parses (and lower-cases its whole locale list) on every
# call, which was 3/4 of the render stage on a large site.
LOCALE = Locale.parse("zh_CN")

# babel formats a value in tens of microseconds; a site shows the same amounts and dates on many
# pages (tables of old versions, lists), so results are kept. Equal Decimals (1.0, 1.00) format
# alike under these patterns, so sharing an entry is safe.
_memo = lru_cache(maxsize=65536)


@_memo
def long_date(value: date) -> str:
    """2024年3月5日 (GB/T 9704: no leading zeros) — babel's zh_CN 'long' pattern is y年M月d日."""
    return format_date(value, format="long", locale=LOCALE)


@_memo
def month_day(value: date) -> str:
    """3月5日 — for short labels where the year is plain from the context."""
    return format_date(value, format="M月d日", locale=LOCALE)


def iso_date(value: date) -> str:
    return value.isoformat()


@_memo
def time_of_day(value: time) -> str:
    return format_time(value, format="HH:mm", locale=LOCALE)


@_memo
def money(value: Decimal | int) -> str:
    """12,345.00 — grouping and two decimals by the zh_CN number pattern."""
    return format_decimal(Decimal(value), format="#,##0.00", locale=LOCALE)


@_memo
def number(value: Decimal | int) -> str:
    """A plain number, grouped, without trailing zeros (1,234.5, 86)."""
    return format_decimal(Decimal(value), format="#,##0.###", locale=LOCALE)


def percent(value: Decimal, digits: int = 1) -> str:
    return format_percent(value, format="#,##0." + "0" * digits + "%", locale=LOCALE)


def change_sentence(current: Decimal, previous: Decimal, unit: str = "元") -> str:
    """比上年增加X元，增长Y% — the sentence pattern of real reports."""
    diff = current - previous
    if diff == 0:
        return "与上年持平"
    verb, trend = ("增加", "增长") if diff > 0 else ("减少", "下降")
    text = f"比上年{verb}{money(abs(diff))}{unit}"
    if previous:
        text += f"，{trend}{percent(abs(diff) / previous)}"
    return text


@_memo
def weekday(value: date) -> str:
    return format_date(value, format="EEEE", locale=LOCALE)


def long_datetime(value: datetime) -> str:
    return f"{long_date(value.date())} {time_of_day(value.time())}"
