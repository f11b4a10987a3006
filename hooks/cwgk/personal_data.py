"""Personal data in published text (个人信息保护法): ID numbers, mobile numbers, bank cards, private
e-mail addresses (at providers that serve private persons) and home addresses, wherever they were typed — values, table cells, Markdown
bodies, attachment names. A hit fails the build with the masked form to use instead.

False alarms must be rare, so each detector is strict: an 18-digit ID must pass its checksum and
carry a real birth date, a card number must pass Luhn, a mobile number must stand alone (not inside
a longer run of digits such as a 准考证号 or an amount). The site's own contacts (受理 in a record,
the default contact and `extra.cwgk.official_contacts`) are official and pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d.,-])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d.,])")
_CARD = re.compile(r"(?<![\d.,])((?:\d[ -]?){15,18}\d)(?![\d.,])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A home address: a road and number followed by a building, unit or room (小区/栋/单元/室).
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{1,12}(?:路|街|巷|道|大道)\d+号(?:[\u4e00-\u9fff\d]{0,12}?)"
    r"\d+(?:栋|幢|号楼|单元)(?:\d+室)?"
    r"|[\u4e00-\u9fff]{2,12}(?:小区|花园|新村|公寓)\d+(?:栋|幢|号楼)(?:\d+单元)?(?:\d+室)?"
)
# Mailbox providers that give addresses to private persons: an address there is a person's own.
# An organisation's own domain (gonghui@company.com.cn) is its office's address and may be
# published; the site's official_contacts declare exceptions at providers (a union's QQ mail).
PRIVATE_MAIL_DOMAINS = frozenset(
    [
        "qq.com",
        "vip.qq.com",
        "foxmail.com",
        "163.com",
        "vip.163.com",
        "126.com",
        "vip.126.com",
        "yeah.net",
        "188.com",
        "139.com",
        "wo.cn",
        "189.cn",
        "sina.com",
        "sina.cn",
        "vip.sina.com",
        "sohu.com",
        "vip.sohu.com",
        "tom.com",
        "21cn.com",
        "aliyun.com",
        "263.net",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.cn",
        "hotmail.com",
        "live.com",
        "live.cn",
        "msn.com",
        "yahoo.com",
        "yahoo.com.cn",
        "icloud.com",
        "me.com",
        "mac.com",
        "proton.me",
        "protonmail.com",
        "yandex.com",
        "mail.ru",
        "gmx.com",
        "zoho.com",
    ]
)


def is_private_mail_domain(domain: str) -> bool:
    """A provider's domain, or one of its subdomains (e.g. mail.qq.com)."""
    domain = domain.lower().rstrip(".")
    parts = domain.split(".")
    return any(".".join(parts[i:]) in PRIVATE_MAIL_DOMAINS for i in range(len(parts) - 1))


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Finding:
    kind: str  # 身份证号码 / 手机号码 / 银行卡号 / 个人电子邮箱 / 家庭住址
    text: str  # as found
    masked: str  # what may be published instead ("" when nothing may)

    @property
    def advice(self) -> str:
        if self.masked:
            return f"删去，或写成遮盖后的形式：{self.masked}"
        return "删去；地址最多写到街道（例如 五四路），门牌、楼栋、房号不写"


def mask_phone(number: str) -> str:
    """13812341234 → 138****1234."""
    digits = re.sub(r"\D", "", number)
    return digits[:3] + "****" + digits[-4:]


def mask_id(number: str) -> str:
    """First 2 and last 3 characters: 35*************123."""
    return number[:2] + "*" * (len(number) - 5) + number[-3:]


LAST_BIRTH_DAY = date(2100, 12, 31)


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    # A fixed bound, not today: findings are cached by a file's bytes, and a number that looks
    # like an ID card is better refused than published (an error here only asks for a check).
    return date(1900, 1, 1) <= born <= LAST_BIRTH_DAY


def is_id18(text: str) -> bool:
    body, check = text[:17], text[17].upper()
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == check and _real_date(
        int(text[6:10]), int(text[10:12]), int(text[12:14])
    )


def is_id15(text: str) -> bool:
    return text[0] != "0" and _real_date(1900 + int(text[6:8]), int(text[8:10]), int(text[10:12]))


def luhn(digits: str) -> bool:
    total = 0
    for n, char in enumerate(reversed(digits)):
        value = int(char) * (2 if n % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def find(text: str, official: frozenset[str] = frozenset()) -> list[Finding]:
    """Personal data in one string; `official` texts (the site's own contacts) pass."""
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, finding: Finding) -> None:
        if any(s < end and start < e for s, e in taken):
            return  # already part of a longer finding
        taken.append((start, end))
        found.append(finding)

    for m in _ID18.finditer(text):
        if is_id18(m.group(1)):
            add(m.start(1), m.end(1), Finding("身份证号码", m.group(1), mask_id(m.group(1))))
    for m in _ID15.finditer(text):
        if is_id15(m.group(1)):
            add(m.start(1), m.end(1), Finding("身份证号码", m.group(1), mask_id(m.group(1))))
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group(1))
        if 16 <= len(digits) <= 19 and luhn(digits) and digits[0] in "3456":
            masked = digits[:4] + " **** **** " + digits[-4:]
            add(m.start(1), m.end(1), Finding("银行卡号", m.group(1), masked))
    for m in _MOBILE.finditer(text):
        number = "".join(m.groups())
        if number not in official and m.group(0) not in official:
            add(m.start(), m.end(), Finding("手机号码", m.group(0), mask_phone(number)))
    for m in _EMAIL.finditer(text):
        user, _, domain = m.group(0).partition("@")
        if m.group(0).lower() not in official and is_private_mail_domain(domain):
            add(m.start(), m.end(), Finding("个人电子邮箱", m.group(0), f"{user[:1]}***@{domain}"))
    for m in _ADDRESS.finditer(text):
        if not any(m.group(0) in o for o in official):
            add(
                m.start(),
                m.end(),
                Finding("家庭住址", m.group(0), ""),
            )
    return found


def official_texts(contacts: list[Any], declared: list[str]) -> frozenset[str]:
    """The site's own contacts, in every form they may be written."""
    texts: set[str] = set()
    for contact in contacts:
        for value in (contact.phone, contact.email, contact.address):
            if value:
                texts.add(value.lower())
                texts.add(re.sub(r"\D", "", value))
    for value in declared:
        texts.add(value.strip().lower())
        texts.add(re.sub(r"\D", "", value))
    texts.discard("")
    return frozenset(texts)


# The schema's own contact fields are official by declaration: never scanned.
OFFICIAL_FIELDS = ("受理",)


def scan(data: Any, official: frozenset[str]) -> Iterator[tuple[tuple[Any, ...], Finding]]:
    """(field path, finding) for every string in a record's data."""

    def walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Finding]]:
        if isinstance(value, dict):
            for key, item in value.items():
                if not path and key in OFFICIAL_FIELDS:
                    continue
                yield from walk(item, (*path, key))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                yield from walk(item, (*path, number))
        elif isinstance(value, str):
            for finding in find(value, official):
                yield path, finding

    yield from walk(data, ())
