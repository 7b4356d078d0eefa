"""Content checks for staff (`make check-content`): the links and phone numbers in every
answer against the sourced material, and the knowledge answers without a source link.

The checks are bot/content/checks.py (the staff console runs the same before it saves an
edited answer). The referral records themselves are checked by `lotse db check --file` and the
training data and domain by `rasa data validate` (both run by the make target).
The channels' service apology is checked as it is sent: every number in it is in the records,
and 110 and 112 are always there.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.content.checks import (  # noqa: E402
    Sources,
    lacks_source_link,
    response_problems,
    response_texts,
)
from bot.safety.apology import SERVICE_APOLOGY_RESPONSE, service_apology  # noqa: E402
from bot.text.phones import digits, find_phone_numbers  # noqa: E402


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
    responses = response_texts(ROOT)
    sources = Sources.shipped()
    errors: list[str] = []
    unsourced: list[str] = []
    for name, texts in sorted(responses.items()):
        errors += response_problems(name, texts, sources)
        if lacks_source_link(name, texts):
            unsourced.append(name)
    errors += _apology_errors(set(sources.phones))
    print(f"Checked {len(responses)} responses against {len(sources.hosts)} sourced hosts.")
    print(f"Knowledge answers without a source link ({len(unsourced)}):")
    for name in unsourced:
        print(f"  {name}")
    for error in errors:
        print(f"ERROR {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
