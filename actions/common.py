"""Small helpers shared by the actions: reading the tracker, never writing user text."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.knowledge import answer_key


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_parse_value(tracker: Tracker, key: str) -> Any:
    """A value the NLU pipeline added to the parse data (e.g. ``input_issue``)."""
    return (tracker.latest_message or {}).get(key)


def last_retrieval_key(tracker: Tracker) -> str | None:
    """The response key of the last knowledge answer, e.g. ``"imag/mitglieder"``.

    Rasa stores the full response name in the bot event's metadata (``utter_action``);
    answers sent by actions carry it too, so follow-ups can chain. (The action server is
    sent the recent events and this last knowledge answer: components/rasa_patches.py.)
    """
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and (key := answer_key(event.get("metadata"))):
            return key
    return None
