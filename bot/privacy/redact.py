"""Redaction of personal data from free text before it is stored.

``redact(text)`` replaces phone numbers, e-mail addresses, IBANs, street addresses, dates of
birth and person names with ``[TELEFON]``, ``[E-MAIL]``, ``[IBAN]``, ``[ADRESSE]``,
``[GEBURTSDATUM]`` and ``[NAME]``; the words around them stay ("mein Sohn [NAME] (17)").

Decisions:
- Kept: place names ("ich wohne in Velbert"), a postal code on its own (it finds the
  counselling centre and names no person), ages, years, times, short numbers (110, 112) and
  helpline numbers (TelefonSeelsorge, BAMF). A postal code and city right before or after a
  street address are redacted as part of the ``[ADRESSE]``.
- A street needs a house number to count as an address ("in der Hauptstraße" stays).
- A date is a date of birth only next to a cue ("geboren am", "geb.", "Geburtsdatum", "*",
  "Geburtstag"); other dates stay. A birth year alone ("geb. 2007") stays.
- Names are found after cues: kinship and role words with a possessive ("mein Sohn Ahmed",
  "unsere Klientin, Samira"), "ich heiße", "mein Name ist", "er heißt", "namens", "Herr"/
  "Frau" (with titles), "Familie", kunyas ("Abu Hamza"), greetings ("LG Markus"), and
  "ich bin der/die" or "hier ist" with a known first name. Capitalised words after a strong
  cue count unless they are common German words; lower-case words only if they are in the
  first-name list. Known first names are also redacted without a cue when capitalised.
  Social-media handles (``@name``) become ``[NAME]``.
"""

from __future__ import annotations

import re
from typing import Any

from bot.privacy import patterns as P
from bot.privacy.names import FIRST_NAMES, NOT_NAMES, NOT_STANDALONE
from bot.text.phones import digits, find_phone_numbers

__all__ = ["PLACEHOLDERS", "contains_personal_data", "redact"]

PHONE, EMAIL, IBAN, ADDRESS, BIRTH, NAME = (
    "[TELEFON]",
    "[E-MAIL]",
    "[IBAN]",
    "[ADRESSE]",
    "[GEBURTSDATUM]",
    "[NAME]",
)
PLACEHOLDERS = (PHONE, EMAIL, IBAN, ADDRESS, BIRTH, NAME)

Span = tuple[int, int, str]
_SPACE = re.compile(r"[ \t]+")
_WORD = re.compile(r"[^\W\d_]+")
_END = re.compile(r"[\s.!?)]*$")


def _phones(text: str) -> list[Span]:
    spans = [
        (number.start, number.end, PHONE)
        for number in find_phone_numbers(text)
        if digits(number.text) not in P.SERVICE_NUMBERS
    ]
    for m in P.PHONE_CUE.finditer(text):
        if digits(m.group(1)) not in P.SERVICE_NUMBERS:
            spans.append((m.start(1), m.end(1), PHONE))
    return spans


def _ibans(text: str) -> list[Span]:
    spans = []
    for m in P.IBAN.finditer(text):
        found = m.group()
        while " " in found and found.rsplit(" ", 1)[1].isalpha():
            found = found.rsplit(" ", 1)[0]  # a word after the IBAN is no part of it
        compact = found.replace(" ", "")
        if 15 <= len(compact) <= 34 and len(digits(compact)) >= 10:
            spans.append((m.start(), m.start() + len(found), IBAN))
    return spans


def _is_name(token: str, strong: bool) -> bool:
    low = token.lower()
    first = low.split("-")[0]
    if low in NOT_NAMES or len(token) < 2:
        return False
    if low in FIRST_NAMES or first in FIRST_NAMES:
        return True
    return strong and token[0].isupper()


def _name_at(text: str, pos: int, strong: bool) -> Span | None:
    m = P.NAME_TOKEN.match(text, pos)
    if not m or not _is_name(m.group(), strong):
        return None
    end = m.end()
    gap = _SPACE.match(text, end)
    surname = P.NAME_TOKEN.match(text, gap.end()) if gap else None
    if (
        surname
        and m.group()[0].isupper()
        and surname.group()[0].isupper()
        and surname.group().lower() not in NOT_NAMES
    ):
        end = surname.end()
    return (m.start(), end, NAME)


def _title_case(text: str) -> bool:
    words = _WORD.findall(text)
    return len(words) >= 6 and sum(w[0].isupper() for w in words) / len(words) > 0.8


def _names(text: str) -> list[Span]:
    strong = not _title_case(text)
    spans = [(m.start(), m.end(), NAME) for m in P.KUNYA.finditer(text)]
    spans += [(m.start(), m.end(), NAME) for m in P.HANDLE.finditer(text)]
    for cue, is_strong in ((P.STRONG_CUE, strong), (P.TITLE_CUE, True), (P.WEAK_CUE, False)):
        for m in cue.finditer(text):
            if span := _name_at(text, m.end(), is_strong):
                spans.append(span)
    for m in P.GREETING_CUE.finditer(text):  # "LG Markus": a known name or a signature
        span = _name_at(text, m.end(), True)
        known = span and _is_name(text[span[0] : span[1]].split()[0], False)
        if span and (known or _END.fullmatch(text, span[1])):
            spans.append(span)
    for m in P.NAME_TOKEN.finditer(text):
        low = m.group().lower()
        if m.group()[0].isupper() and low in FIRST_NAMES and low not in NOT_STANDALONE:
            spans.append(_name_at(text, m.start(), False) or (m.start(), m.end(), NAME))
    return spans


def _spans(text: str) -> list[Span]:
    spans = [(m.start(), m.end(), EMAIL) for m in P.EMAIL.finditer(text)]
    spans += _ibans(text)
    spans += [(m.start("date"), m.end("date"), BIRTH) for m in P.DOB_AFTER.finditer(text)]
    spans += [(m.start("date"), m.end("date"), BIRTH) for m in P.DOB_BEFORE.finditer(text)]
    spans += [(m.start(), m.end(), ADDRESS) for m in P.STREET.finditer(text)]
    spans += [(m.start(), m.end(), ADDRESS) for m in P.PREP_STREET.finditer(text)]
    spans += _phones(text)
    spans += _names(text)
    return spans


def _apply(text: str, spans: list[Span]) -> str:
    merged: list[list[Any]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    out, pos = [], 0
    for start, end, label in merged:
        out += [text[pos:start], label]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def redact(text: str) -> str:
    """``text`` with personal data replaced by placeholders (idempotent; never raises)."""
    for _ in range(4):  # a replacement can uncover a cue ("Herr Herr Müller"): repeat
        spans = _spans(text)
        if not spans:
            break
        text = _apply(text, spans)
    return text


def contains_personal_data(text: str) -> bool:
    """True if :func:`redact` would change ``text``."""
    return bool(text) and redact(text) != text
