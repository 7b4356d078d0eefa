"""Acute-danger detection by rules, independent of any ML classifier.

``assess_danger(text)`` says whether a message reports an acute danger: a planned
**attack**, **weapons** or explosives, a **threat_to_kill**, someone about to
**travel_to_fight** (leave for Syria, join IS, go to "Jihad") or **suicide** risk.

How: each sentence is normalised (lower case, umlauts spelled out, punctuation dropped,
spaces collapsed, ``|`` at clause breaks; :mod:`bot.safety.text`), single-token typos of
danger words are repaired with rapidfuzz (one edit, two from 12 letters on, same first
letter, real German words one edit away excluded), then word-boundary patterns over German
stems (:mod:`bot.safety.lexicon`, :mod:`bot.safety.rules`) are tried in priority order
attack > threat_to_kill > travel_to_fight > weapons > suicide. Most rules are
co-occurrences: a weapon word near an acquisition verb, an attack word near an intent,
planning or time cue, a destination near a travel verb. Verbs of killing are sorted into
threat or suicide by their object ("bringt ihn um" / "bringt sich um";
:mod:`bot.safety.context`).

Policy. A false alarm costs a short detour to the emergency numbers; a missed emergency can
cost lives. So when a message could be a concrete statement about a real person (first or
third person: "mein Sohn", "er", "ich weiß") **recall wins**, even for worried or
hypothetical wording ("Ich habe Angst, dass er einen Anschlag plant", "Woran erkenne ich, ob
mein Sohn einen Anschlag plant?"). Not alarms are informational sentences: questions
starting with "was ist / was sind / wie viele / wann war / erklär ...", other questions
without a concrete person ("Woran erkennt man, dass jemand ...?"), and news, film or
history sentences (a year, "damals", "Nachrichten", "Podcast") without a concrete person.
First-person suicide statements ("ich will nicht mehr leben") are never gated. Idioms
("Bombenwetter", "ich sterbe vor Lachen", "die Hitze bringt mich um") do not match.
``matched`` names the rule for logs; the user's text is never kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.safety.context import bomb_parts, is_informational, killing, names_person
from bot.safety.rules import RULES, DangerKind, Rule
from bot.safety.text import SENTENCE_SPLIT, normalise, repair_typos

__all__ = ["DangerAssessment", "DangerKind", "assess_danger", "normalise"]

_PRIORITY: tuple[DangerKind, ...] = (
    "attack",
    "threat_to_kill",
    "travel_to_fight",
    "weapons",
    "suicide",
)


@dataclass(frozen=True)
class DangerAssessment:
    """Verdict for one message. ``matched`` is a rule name (safe to log), never user text."""

    kind: DangerKind | None = None
    matched: str = ""

    @property
    def is_danger(self) -> bool:
        return self.kind is not None


def _fires(rule: Rule, text: str) -> bool:
    if rule.key is not None and not rule.key.search(text):
        return False
    if rule.anchor and not names_person(text):
        return False
    if rule.requires is not None and not rule.requires.search(text):
        return False
    if rule.unless is not None and rule.unless.search(text):
        return False
    return rule.pattern.search(text) is not None


def assess_danger(text: str) -> DangerAssessment:
    """Rule-based verdict for one user message (any length; never raises on a string)."""
    if not text or not text.strip():
        return DangerAssessment()
    full, concrete = [], []
    for raw in SENTENCE_SPLIT.split(text):
        norm = repair_typos(normalise(raw))
        if norm:
            full.append(norm)
            if not is_informational(raw, norm):
                concrete.append(norm)
    all_text, gated_text = " | ".join(full), " | ".join(concrete)
    kills = killing(gated_text) | (killing(all_text) & {"self"})
    for kind in _PRIORITY:
        if kind == "threat_to_kill" and "threat" in kills:
            return DangerAssessment(kind, "threat.kill")
        for rule in RULES:
            if rule.kind == kind and _fires(rule, gated_text if rule.gated else all_text):
                return DangerAssessment(kind, rule.name)
    if bomb_parts(gated_text) and names_person(gated_text):
        return DangerAssessment("weapons", "weapons.parts")
    if kills & {"suicide", "self"}:
        return DangerAssessment("suicide", "suicide.reflexive")
    # No German rule fired: English, Turkish, Arabic, Russian, Ukrainian rules (lazy import,
    # the module imports DangerAssessment from here).
    from bot.safety.rules_multilingual import assess_multilingual

    return assess_multilingual(text)
