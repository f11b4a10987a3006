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
    """人民币…元…角…分, as the 中国人民银行 rule for filling in bills prints it (《支付结算办法》
    附件一《正确填写票据和结算凭证的基本规定》第四条; every example of it is a test vector).

    整 follows 元 only (the rule lets it go after 角, and its own 1,409.50 → …伍角 leaves it out);
    none after 分. A 0 between digits is 零, one 零 for a run of them. Where the rule leaves a
    choice — the 万 or 元 digit 0 while the 千 or 角 digit is not — the first form it prints is
    used: 零 after 元 before a 角 (1,680.32 → …捌拾元零叁角贰分), none after 万 before a 千
    (107,000.53 → 壹拾万柒仟元零伍角叁分). A 0 角 before a 分 is always 零 (16,409.02 → …元零贰分).
    A leading ten is 壹拾.
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
        if not jiao and not fen:
            return "人民币" + out + "整"
        if (jiao and yuan % 10 == 0) or (not jiao and fen):
            out += "零"
    if jiao:
        out += _DIGITS[jiao] + "角"
    if fen:
        out += _DIGITS[fen] + "分"
    return "人民币" + out
