"""Language detection through the running bot (issue 19): every case of the blind detection set
(tests/blind/languages/detect_L1.yml, written by an outside writer: 391 messages, a third of
them at most three words) is sent as the first message of its own conversation, and the slot
`language` stored after the turn must be the expected language (German when it stays unset).
A request to delete the conversation is carried out at once, slots and all, so those cases
are counted apart (the deletion itself is tested in tests/live/test_privacy_live.py).
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.events import EventReader

pytestmark = pytest.mark.stack

CASES = Path(__file__).resolve().parents[1] / "blind" / "languages" / "detect_L1.yml"
# Issue 19's target for every language is 97 %. Measured through the bot 2026-12-04: 100 % in
# every language (2026-12-03: ar 100 %, de 100 %, en 96.8 %, ru 100 %, tr 95.2 %, uk 100 %;
# 5 deletions apart). The L1 misses had been read before, so this is no blind figure any more;
# the second set (L2) is measured in test_language_singles_live.py.
MIN_PER_LANGUAGE = 0.97


def test_language_of_the_first_message_through_the_bot(stack, capsys) -> None:
    cases = yaml.safe_load(CASES.read_text("utf-8"))["cases"]
    reader = EventReader(stack.database_url)
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong: list[str] = []
    deleted = 0
    for case in cases:
        sender = f"lang-{uuid.uuid4().hex}"
        outcome = reader.outcome(sender, stack.send(sender, case["text"], timeout=60))
        if outcome.deleted or outcome.intent is None:
            deleted += 1
            continue
        got = outcome.slots.get("language") or "de"
        total[case["lang"]] += 1
        if got == case["lang"]:
            right[case["lang"]] += 1
        else:
            wrong.append(f"{case['lang']} -> {got}: {case['text']!r}")
    shares = {lang: right[lang] / total[lang] for lang in total}
    with capsys.disabled():
        print(f"\nlanguage of the first message through the bot ({deleted} deletions apart):")
        for lang in sorted(total):
            print(f"  {lang}: {shares[lang]:.1%} ({right[lang]}/{total[lang]})")
        for line in wrong:
            print(f"  {line}")
    assert all(share >= MIN_PER_LANGUAGE for share in shares.values()), (shares, wrong)
