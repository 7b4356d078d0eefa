"""Run the blind sets through a running bot and judge every turn from the stored events.

A conversation is sent message by message over the REST channel; after each message the
events the bot stored for that sender since the last message are read from the tracker store
(``DATABASE_URL`` of the stack), so the verdict rests on what the bot did (intent, responses by
name, actions, slots), not on matching reply texts. Used by ``tests/live/test_blind_live.py``
and ``scripts/eval_blind.py``.
"""

from __future__ import annotations

import csv
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.events import EventReader
from tests.blind.expectations import TurnOutcome, judge

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "tests" / "blind"
SAFETY_BLIND = ROOT / "tests" / "safety" / "blind"
KREISE_CSV = ROOT / "bot" / "data" / "gazetteer" / "nrw_kreise.csv"

Send = Callable[[str, str], list[dict[str, Any]]]


def kreis_keys() -> dict[str, str]:
    """Official name of each Kreis / kreisfreie Stadt -> its key (as the writers named them)."""
    with KREISE_CSV.open(encoding="utf-8") as handle:
        return {row["kreis_name"]: row["kreis_key"] for row in csv.DictReader(handle)}


def load(pattern: str, folder: Path = BLIND) -> list[dict[str, Any]]:
    """Cases or conversations of every file matching ``pattern``, each tagged with its file."""
    items: list[dict[str, Any]] = []
    for path in sorted(folder.glob(pattern)):
        data = yaml.safe_load(path.read_text("utf-8"))
        for item in data.get("cases") or data.get("conversations") or []:
            items.append({**item, "file": path.name})
    return items


def single_cases() -> list[dict[str, Any]]:
    return load("single_*.yml")


def conversations() -> list[dict[str, Any]]:
    return load("conversations_*.yml")


def event_reader(database_url: str) -> EventReader:
    """Reads each turn's outcome from the stack's tracker store, judged as the blind sets say."""
    return EventReader(database_url, outcome_type=TurnOutcome)


@dataclass
class TurnResult:
    case: dict[str, Any]
    outcome: TurnOutcome
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass
class ConversationResult:
    conversation: dict[str, Any]
    turns: list[TurnResult]
    end_reason: str | None

    @property
    def ok(self) -> bool:
        return self.end_reason is None and all(t.ok for t in self.turns)

    @property
    def is_referral(self) -> bool:
        return bool(self.conversation.get("end_kreis"))


def run_conversation(
    send: Send, reader: EventReader, conversation: dict[str, Any], keys: dict[str, str]
) -> ConversationResult:
    sender = f"blind-{uuid.uuid4().hex[:12]}"
    turns: list[TurnResult] = []
    referral_at: list[str | None] = []
    for turn in conversation["turns"]:
        replies = send(sender, turn["text"])
        outcome = reader.outcome(sender, replies)
        turns.append(TurnResult(turn, outcome, judge(outcome, turn, keys)))
        if outcome.did("action_find_referral"):
            referral_at.append(outcome.slots.get("place_kreis_key"))
    end_reason = None
    wanted = conversation.get("end_kreis")
    if wanted:
        key = keys[wanted]
        if not referral_at:
            end_reason = f"never showed the centre for {wanted}"
        elif referral_at[-1] != key:
            end_reason = f"last referral for Kreis key {referral_at[-1]}, expected {key} ({wanted})"
    return ConversationResult(conversation, turns, end_reason)


def run_singles(
    send: Send, reader: EventReader, cases: Iterable[dict[str, Any]], keys: dict[str, str]
) -> list[TurnResult]:
    results = []
    for case in cases:
        sender = f"blind-{uuid.uuid4().hex[:12]}"
        outcome = reader.outcome(sender, send(sender, case["text"]))
        results.append(TurnResult(case, outcome, judge(outcome, case, keys)))
    return results


def report(singles: list[TurnResult], convs: list[ConversationResult]) -> tuple[str, dict]:
    """Markdown report and the headline figures."""
    figures: dict[str, float] = {}
    lines = ["# Blind sets through the running bot", ""]
    if singles:
        right = sum(r.ok for r in singles)
        figures["single_accuracy"] = right / len(singles)
        lines.append(f"Single messages: {right}/{len(singles)} right ({right / len(singles):.1%})")
        by_expect: dict[str, Counter] = defaultdict(Counter)
        for r in singles:
            key = str(r.case["expect"]).split("/")[0].split(":")[0]
            by_expect[key]["n"] += 1
            by_expect[key]["ok"] += r.ok
        lines += ["", "| expected | right | n |", "| --- | --- | --- |"]
        for key, c in sorted(by_expect.items()):
            lines.append(f"| {key} | {c['ok'] / c['n']:.0%} | {c['n']} |")
    if convs:
        ok = sum(c.ok for c in convs)
        refs = [c for c in convs if c.is_referral]
        ref_ok = sum(c.end_reason is None for c in refs)
        figures["conversation_success"] = ok / len(convs)
        figures["referral_end_success"] = ref_ok / len(refs) if refs else 1.0
        lines += [
            "",
            f"Conversations end to end: {ok}/{len(convs)} right ({ok / len(convs):.1%}); "
            f"referral conversations ending with the responsible centre: {ref_ok}/{len(refs)} "
            f"({figures['referral_end_success']:.1%})",
        ]
    misses = [f"- [{r.case['file']}] {r.case['text'][:140]!r} ({r.case['expect']}): {r.reason}"
              for r in singles if not r.ok]  # fmt: skip
    for c in convs:
        if not c.ok:
            bad = [f"turn {i + 1} ({t.case['expect']}): {t.reason}"
                   for i, t in enumerate(c.turns) if not t.ok]  # fmt: skip
            if c.end_reason:
                bad.append(c.end_reason)
            misses.append(f"- [{c.conversation['id']}] " + "; ".join(bad))
    if misses:
        lines += ["", f"## Misses ({len(misses)})", "", *misses]
    return "\n".join(lines) + "\n", figures
