"""Content checks for staff (`make check-content`).

1. Every link in an answer (domain.yml and data/responses/) is a well-formed https/http URL
   whose host occurs in the sourced material (the portal pages' own site, the sourced facts
   bot/data/sources/facts.md or the referral records bot/data/referrals.yaml): a link to an
   unknown host is an error — it was not sourced. `make refresh-data` refreshes both copies
   from the research folder.
2. Every phone number in an answer (found with the project's phone pattern,
   bot/text/phones.py) occurs in the referral records; so does every number of the channels'
   service apology as it is sent (filled in from the records' static copy), which always
   has 110 and 112.
3. Lists the knowledge answers that have no source link, so staff can add one.
The referral records themselves are checked by `lotse db check --file` and the training
data and domain by `rasa data validate` (both run by the make target).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.safety.apology import SERVICE_APOLOGY_RESPONSE, service_apology  # noqa: E402
from bot.text.phones import digits, find_phone_numbers  # noqa: E402

REFERRALS = ROOT / "bot" / "data" / "referrals.yaml"
FACTS = ROOT / "bot" / "data" / "sources" / "facts.md"
URL = re.compile(r"https?://[^\s)\"'<>]+")
PORTAL_HOST = "gegen-gewaltbereiten-salafismus.nrw"


def _responses() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    files = [ROOT / "domain.yml", *sorted((ROOT / "data" / "responses").glob("*.yml"))]
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for name, variants in (data.get("responses") or {}).items():
            texts[name] = [v.get("text", "") for v in variants if isinstance(v, dict)]
    return texts


def _host(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.").rstrip(".")


def _sourced_hosts() -> set[str]:
    material = [path.read_text("utf-8") for path in (REFERRALS, FACTS)]
    hosts = {_host(url) for text in material for url in URL.findall(text)}
    return hosts | {PORTAL_HOST}


def _numbers(text: str) -> list[str]:
    return [number.text for number in find_phone_numbers(text)]


def _apology_errors(record_phones: set[str]) -> list[str]:
    """The channel's service apology as it is sent, numbers filled in: every number from the
    records, and the emergency numbers always in it."""
    try:
        text = service_apology(ROOT / "domain.yml")
    except LookupError as exc:
        return [str(exc)]
    numbers = {digits(phone) for phone in _numbers(text)}
    errors = [
        f"{SERVICE_APOLOGY_RESPONSE}: phone number {number!r} is not in the referral records"
        for number in sorted(numbers - record_phones)
    ]
    if not all(re.search(rf"(?<!\d){number}(?!\d)", text) for number in ("110", "112")):
        errors.append(f"{SERVICE_APOLOGY_RESPONSE}: the emergency numbers 110 and 112 are missing")
    return errors


def main() -> int:
    responses = _responses()
    hosts = _sourced_hosts()
    record_phones = {digits(p) for p in _numbers(REFERRALS.read_text("utf-8"))} | {"110", "112"}
    errors: list[str] = []
    unsourced: list[str] = []
    for name, texts in sorted(responses.items()):
        joined = "\n".join(texts)
        for url in URL.findall(joined):
            parsed = urlparse(url.rstrip(".,;"))
            if parsed.scheme not in ("https", "http") or not parsed.hostname:
                errors.append(f"{name}: malformed link {url}")
            elif _host(url) not in hosts:
                errors.append(f"{name}: link to {parsed.hostname}, a host not in the sources")
        for phone in _numbers(joined):
            if digits(phone) not in record_phones:
                errors.append(f"{name}: phone number {phone!r} is not in the referral records")
        if "/" in name and not URL.search(joined):
            unsourced.append(name)
    errors += _apology_errors(record_phones)
    print(f"Checked {len(responses)} responses against {len(hosts)} sourced hosts.")
    print(f"Knowledge answers without a source link ({len(unsourced)}):")
    for name in unsourced:
        print(f"  {name}")
    for error in errors:
        print(f"ERROR {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
