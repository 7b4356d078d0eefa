"""Phone numbers as people and sources write them ("0201 52 32 58 90", "+49 (0)211 123456",
"0241 / 432 – 56 65 0"): one pattern for the privacy redaction (to find them in messages),
the content check (to find them in answers) and the referral loader (to check a record's
number)."""

from __future__ import annotations

import re
from typing import NamedTuple

# Between digit groups: a dash or dot (with optional spaces), a slash not followed by a new
# number ("0800 111 0 111 / 0800 111 0 222" are two), a space or a bracket.
SEPARATOR = r"(?:\s?[-–.]\s?|\s?/\s?(?![0+])|\s|\)\s?|\s?\()"
# A leading 0 (area code) or +/00 and a country code, then 5-16 more digits.
PHONE = re.compile(
    rf"(?<![\w+/.,-])(?:(?:\+|00)[1-9]\d{{0,2}}{SEPARATOR}?(?:\(0\){SEPARATOR}?)?\d|\(?0)"
    rf"(?:{SEPARATOR}?\d){{5,16}}\b\)?"
)
# "01.02.2024" and "1/2/24" have the shape of a number with separators: a date, not a phone.
DATE_SHAPE = re.compile(r"\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})")
MIN_DIGITS = 6


class PhoneNumber(NamedTuple):
    start: int
    end: int
    text: str


def digits(text: str) -> str:
    """Only the digits: ``"0911 943 43 43"`` → ``"09119434343"``."""
    return re.sub(r"\D", "", text)


def find_phone_numbers(text: str) -> list[PhoneNumber]:
    """Every phone number in ``text``: matches of :data:`PHONE` with at least
    :data:`MIN_DIGITS` digits that are not dates (a closing bracket without its opening one
    is left out)."""
    numbers = []
    for match in PHONE.finditer(text):
        found = match.group()
        if found.endswith(")") and found.count("(") < found.count(")"):
            found = found[:-1]
        if len(digits(found)) < MIN_DIGITS or DATE_SHAPE.fullmatch(found):
            continue
        numbers.append(PhoneNumber(match.start(), match.start() + len(found), found))
    return numbers
