"""Format checks for contact fields, tolerant of how numbers are printed in the sources."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.text.phones import MIN_DIGITS, PHONE, digits

# Digits, spaces and the separators used in print: "0241 / 432 – 56 65 0", "0221-92 13 92-0".
_PHONE_CHARS = re.compile(r"^\+?[\d\s/()\-–.]+$")
_SHORT_NUMBERS = re.compile(r"^(110|112|115|116\d{3})$")
# Two numbers in one field: "0800 111 0 111 / 0800 111 0 222".
_SECOND_NUMBER = re.compile(r"\s+/\s+(?=0|\+)")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
_HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\.?$")

MAX_DIGITS = 15


def phone_problem(text: str) -> str | None:
    """Why ``text`` is not a German phone number as printed, or None when it is fine."""
    value = text.strip()
    if not _PHONE_CHARS.match(value):
        return "phone contains characters other than digits, spaces and / - – ( ) +"
    parts = [value]
    if len(digits(value)) > MAX_DIGITS:
        parts = _SECOND_NUMBER.split(value)
    for part in (part.strip() for part in parts):
        number = digits(part)
        if _SHORT_NUMBERS.match(number) and part == number:
            continue
        if part.startswith("+"):
            if not part.startswith("+49"):
                return f"{part!r}: only German numbers (+49) are expected"
        elif not number.startswith("0") or number.startswith("00"):
            return f"{part!r}: a German number starts with 0 (area code) or +49"
        if not MIN_DIGITS <= len(number) <= MAX_DIGITS:
            return f"{part!r}: {len(number)} digits, expected {MIN_DIGITS}-{MAX_DIGITS}"
        if not PHONE.fullmatch(part):
            # The redaction and the content check would not recognise it as a number.
            return f"{part!r}: not written as a phone number (see bot/text/phones.py)"
    return None


def email_problem(text: str) -> str | None:
    value = text.strip()
    if value != text or not _EMAIL.match(value):
        return f"{text!r} is not an e-mail address"
    return None


def url_problem(text: str) -> str | None:
    if text != text.strip() or " " in text:
        return f"{text!r}: a URL must not contain spaces"
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return f"{text!r}: a URL must start with http:// or https://"
    if not parts.hostname or not _HOST.match(parts.hostname):
        return f"{text!r}: no valid host name"
    return None


def leading_url(text: str) -> str:
    """The URL an ``additional_sources`` entry starts with ("https://… (remark)")."""
    return text.strip().split(" ", 1)[0].strip("'\"")
