"""大写金额: the formal Chinese numerals used for money totals (人民币壹万贰仟元整)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def _group(value: int) -> str:
    """A 4-digit group (0 < value < 10000) with inner zeros collapsed to one 零."""
    out = ""
    zero = False
    for position in range(3, -1, -1):
        digit = value // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _SMALL_UNITS[position]
    return out


def _integer(value: int) -> str:
    if value == 0:
        return ""
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    if len(groups) > len(_BIG_UNITS):
        raise ValueError("金额过大")
    out = ""
    need_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(out)
            continue
        # A group below 1000 that follows a higher group needs a 零 in front (10,0500 → 拾万零伍佰).
        if out and (need_zero or group < 1000):
            out += "零"
        out += _group(group) + _BIG_UNITS[index]
        need_zero = False
    return out


def amount_in_words(amount: Decimal | int | str) -> str:
    """人民币…元…角…分, following the conventions of the domain brief.

    整 follows 元 or 角 when there are no 分; one 零 stands for any run of zeros; a leading ten
    is written 壹拾. 12000 → 人民币壹万贰仟元整; 6007.14 → 人民币陆仟零柒元壹角肆分.
    """
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        return "负" + amount_in_words(-value)
    fen_total = int(value * 100)
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    if fen_total == 0:
        return "人民币零元整"
    out = _integer(yuan)
    if out:
        out += "元"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif fen and yuan:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    else:
        out += "整"
    return "人民币" + out
