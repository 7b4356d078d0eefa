"""Redaction of Rasa event dicts before they are stored (components/tracker_store.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.privacy.redact import redact

TEXT_KEYS = frozenset({"text", "value"})
FREE_TEXT_KEYS = frozenset({"metadata"})
# Model output inside ``parse_data``: labels, confidences and answer templates of the domain,
# never the user's words. Walking them cost a third of the redaction time per turn.
MODEL_OUTPUT_KEYS = frozenset({"intent_ranking", "response_selector"})


def redact_obj(obj: Any, *, known_safe: Iterable[str] = ()) -> Any:
    """A copy of ``obj`` (dicts, lists, tuples) with every string under a ``"text"`` or
    ``"value"`` key redacted, and every string inside a ``"metadata"`` value. For Rasa event
    dicts: the user text, ``parse_data.text``, entity values, slot values and metadata.
    Model output (``MODEL_OUTPUT_KEYS``) is passed through as it is, not copied. Metadata
    strings equal to one of ``known_safe`` (the model id and assistant id that Rasa stamps
    into every event's metadata) are left as they are."""
    return _Redaction(frozenset(v for v in known_safe if v)).walk(obj, free=False)


class _Redaction:
    """One :func:`redact_obj` pass. Each distinct string is redacted once (a user event
    holds its text twice: ``text`` and ``parse_data.text``); nothing outlives the pass."""

    def __init__(self, known_safe: frozenset[str]) -> None:
        self.known_safe = known_safe
        self.done: dict[str, str] = {}

    def text(self, value: str, free: bool) -> str:
        if free and value in self.known_safe:
            return value
        if value not in self.done:
            self.done[value] = redact(value)
        return self.done[value]

    def walk(self, obj: Any, free: bool) -> Any:
        if isinstance(obj, dict):
            return {
                key: (
                    self.text(value, free)
                    if isinstance(value, str) and (free or key in TEXT_KEYS)
                    else value
                    if key in MODEL_OUTPUT_KEYS and not free
                    else self.walk(value, free or key in FREE_TEXT_KEYS)
                )
                for key, value in obj.items()
            }
        if isinstance(obj, (list, tuple)):
            items = [
                self.text(v, free) if free and isinstance(v, str) else self.walk(v, free)
                for v in obj
            ]
            return type(obj)(items) if isinstance(obj, tuple) else items
        return obj
