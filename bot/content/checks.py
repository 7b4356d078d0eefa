"""Content checks of the answers (domain.yml and data/responses/).

1. Every link in an answer is a well-formed https/http URL whose host occurs in the sourced
   material (the portal's own site, the sourced facts bot/data/sources/facts.md or the referral
   records bot/data/referrals.yaml): a link to an unknown host was not sourced.
2. Every phone number in an answer (the project's phone pattern, bot/text/phones.py) occurs in
   the referral records.
3. Knowledge answers ("…/…") without a source link are listed, so staff can add one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

import yaml

from bot.settings import PROJECT_ROOT
from bot.text.phones import digits, find_phone_numbers

REFERRALS = PROJECT_ROOT / "bot" / "data" / "referrals.yaml"
FACTS = PROJECT_ROOT / "bot" / "data" / "sources" / "facts.md"
URL = re.compile(r"https?://[^\s)\"'<>]+")
PORTAL_HOST = "gegen-gewaltbereiten-salafismus.nrw"
ALWAYS_ALLOWED_PHONES = frozenset({"110", "112"})
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def response_files(root: Path = PROJECT_ROOT) -> list[Path]:
    return [root / "domain.yml", *sorted((root / "data" / "responses").glob("*.yml"))]


def response_texts(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """Response name -> the text of each variant."""
    texts: dict[str, list[str]] = {}
    for path in response_files(root):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for name, variants in (data.get("responses") or {}).items():
            texts[name] = [v.get("text", "") for v in variants if isinstance(v, dict)]
    return texts


def host(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.").rstrip(".")


def phone_numbers(text: str) -> list[str]:
    return [number.text for number in find_phone_numbers(text)]


@dataclass(frozen=True)
class Sources:
    """The sourced material that links and numbers in answers are checked against."""

    referrals_text: str
    facts_text: str

    @classmethod
    def shipped(cls) -> Sources:
        return cls(REFERRALS.read_text("utf-8"), FACTS.read_text("utf-8"))

    @cached_property
    def hosts(self) -> frozenset[str]:
        found = {
            host(url)
            for text in (self.referrals_text, self.facts_text)
            for url in URL.findall(text)
        }
        return frozenset(found | {PORTAL_HOST})

    @cached_property
    def phones(self) -> frozenset[str]:
        return (
            frozenset(digits(p) for p in phone_numbers(self.referrals_text)) | ALWAYS_ALLOWED_PHONES
        )


def response_problems(name: str, texts: list[str], sources: Sources) -> list[str]:
    """Errors of one response: unsourced or malformed links, numbers not in the records."""
    errors: list[str] = []
    joined = "\n".join(texts)
    for url in URL.findall(joined):
        parsed = urlparse(url.rstrip(".,;"))
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            errors.append(f"{name}: malformed link {url}")
        elif host(url) not in sources.hosts:
            errors.append(f"{name}: link to {parsed.hostname}, a host not in the sources")
    for phone in phone_numbers(joined):
        if digits(phone) not in sources.phones:
            errors.append(f"{name}: phone number {phone!r} is not in the referral records")
    return errors


def lacks_source_link(name: str, texts: list[str]) -> bool:
    """A knowledge answer ("…/…") without any link."""
    return "/" in name and not URL.search("\n".join(texts))


def placeholders(text: str) -> set[str]:
    """The ``{slot}`` placeholders the program fills in."""
    return set(PLACEHOLDER.findall(text))
