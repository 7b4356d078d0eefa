"""The safety verdict for one user message: rules + trained classifier + conversation context.

``SafetyAssessor(classifier).assess(text, history)`` says whether the message needs

* ``alarm`` — the emergency answer with the numbers at once: a rule of :mod:`bot.safety.detect`
  fired (precise patterns) outside a joke, game, fiction, hypothetical or past frame, or a
  game, fiction or hunting frame set by one of the two turns before
  (:func:`bot.safety.context.defused`; there the classifier judges), or the classifier's
  danger score reached its ``alarm`` threshold;
* ``ask`` — the short safety question with the numbers ("Besteht gerade eine akute Gefahr?"):
  the classifier leans towards danger (score between ``ask`` and ``alarm``) but is not sure;
* ``none``.

Context: the message is judged on its own and, when earlier user turns of the session are
given (``history``, oldest first, at most ``HISTORY_TURNS`` since the last alarm), together
with them. The window counts only where the current message contributes: its level must be
higher than that of the earlier turns read without it, so "danke" after an alarm or a
worried story told over several turns does not alarm again and again.

``target`` says whom the answer is for: ``self`` (suicidal thoughts, one's own or another's:
the TelefonSeelsorge first), ``report`` (someone else plans or threatens violence: 110 and
the BAMF hotline for an assessment) or ``others`` (the writer announces it or is threatened:
110 first). ``reason`` names the rule or the classifier and is safe to log; no text is kept.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.safety.classifier import DangerClassifier
from bot.safety.context import defused, reports_someone_else
from bot.safety.detect import assess_danger
from bot.safety.rules import DangerKind
from bot.safety.text import normalise

Level = Literal["none", "ask", "alarm"]
Target = Literal["others", "self", "report"]
LEVELS: tuple[Level, ...] = ("none", "ask", "alarm")
HISTORY_TURNS = 3
_KIND_OF_LABEL: dict[str, DangerKind] = {
    "attack": "attack",
    "weapons": "weapons",
    "threat": "threat_to_kill",
    "travel": "travel_to_fight",
    "suicide": "suicide",
}
_PAYLOAD = re.compile(r"^\s*/\w")


@dataclass(frozen=True)
class SafetyVerdict:
    level: Level = "none"
    kind: DangerKind | None = None
    target: Target | None = None
    reason: str = ""
    score: float = 0.0

    @property
    def alarm(self) -> bool:
        return self.level == "alarm"

    @property
    def ask(self) -> bool:
        return self.level == "ask"

    @property
    def alert(self) -> bool:
        """The answer gives the emergency numbers (alarm or safety question)."""
        return self.level != "none"


def is_payload(text: str) -> bool:
    """A button payload ("/deny", '/inform_audience{...}') is no text to judge."""
    return bool(_PAYLOAD.match(text))


def recent_history(turns: Sequence[tuple[str, str]]) -> list[str]:
    """The user turns to read with the next message: ``turns`` are the session's earlier
    (text, level) pairs, oldest first. Turns up to the last alarm are answered and left out,
    and so are button payloads; at most ``HISTORY_TURNS`` remain."""
    history: list[str] = []
    for text, level in reversed(turns):
        if level == "alarm" or len(history) == HISTORY_TURNS:
            break
        if text.strip() and not is_payload(text):
            history.append(text)
    return history[::-1]


def target_of(kind: DangerKind | None, texts: Sequence[str]) -> Target:
    if kind == "suicide":
        return "self"
    return "report" if any(reports_someone_else(normalise(t)) for t in texts) else "others"


SCORES_KEPT = 4096


class SafetyAssessor:
    """Rules always; the classifier where a model is given (``None``: rules only)."""

    def __init__(self, classifier: DangerClassifier | None) -> None:
        self.classifier = classifier
        # Scores of recent units, keyed by a digest of their turns (no text is kept): a
        # message's "history before it" is the unit the previous message scored as its
        # window, so one of the three scores per message is usually known already.
        self._scores: OrderedDict[bytes, tuple[float, str]] = OrderedDict()

    def _level(self, score: float) -> Level:
        assert self.classifier is not None
        thresholds = self.classifier.thresholds
        if score >= thresholds.alarm:
            return "alarm"
        return "ask" if score >= thresholds.ask else "none"

    def _classify(self, turns: Sequence[str]) -> tuple[Level, float, str]:
        assert self.classifier is not None
        unit = "".join(f"{len(turn)}:{turn}" for turn in turns)  # turn boundaries count
        key = hashlib.blake2b(unit.encode(), digest_size=16).digest()
        known = self._scores.get(key)
        if known is None:
            known = self._scores[key] = self.classifier.danger_score(turns)
            if len(self._scores) > SCORES_KEPT:
                self._scores.popitem(last=False)
        else:
            self._scores.move_to_end(key)
        score, label = known
        return self._level(score), score, label

    def assess(self, text: str, history: Sequence[str] = ()) -> SafetyVerdict:
        """The verdict for ``text`` after the earlier turns ``history`` (oldest first)."""
        if not text or not text.strip() or is_payload(text):
            return SafetyVerdict()
        history = [t for t in history if t.strip() and not is_payload(t)][-HISTORY_TURNS:]
        rules = assess_danger(text)
        if rules.is_danger and not defused(
            text, normalise(text), [normalise(turn) for turn in history]
        ):
            return SafetyVerdict(
                "alarm", rules.kind, target_of(rules.kind, [text]), f"rule:{rules.matched}", 1.0
            )
        if self.classifier is None:
            return SafetyVerdict()
        level, score, label = self._classify([text])
        verdict = SafetyVerdict(level, _KIND_OF_LABEL[label], None, "classifier", score)
        if history:
            window_level, window_score, window_label = self._classify([*history, text])
            before, _, _ = self._classify(history)
            contributes = LEVELS.index(window_level) > LEVELS.index(before)
            if contributes and LEVELS.index(window_level) > LEVELS.index(verdict.level):
                kind = _KIND_OF_LABEL[window_label]
                verdict = SafetyVerdict(window_level, kind, None, "context", window_score)
        if verdict.level == "none":
            return SafetyVerdict(score=verdict.score)
        texts = [text] if verdict.reason == "classifier" else [*history, text]
        return SafetyVerdict(
            verdict.level, verdict.kind, target_of(verdict.kind, texts), verdict.reason,
            verdict.score,
        )  # fmt: skip
