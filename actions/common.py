"""Small helpers shared by the actions: reading the tracker, never writing user text."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from bot.knowledge import answer_key

RESET_PLACE_ACTION = "action_reset_place"


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def earlier_user_texts(tracker: Tracker) -> list[str]:
    """The user's messages before the latest one, newest first, back to the last time the
    place was reset ("anderer Ort"): what the form may remember. Button payloads are left out.
    """
    texts: list[str] = []
    seen_latest = False
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind == "action" and event.get("name") == RESET_PLACE_ACTION:
            break
        if kind in ("restart", "session_started"):
            break
        if kind != "user":
            continue
        if not seen_latest:
            seen_latest = True
            continue
        text = event.get("text") or ""
        if text and not text.startswith("/"):
            texts.append(text)
    return texts


def latest_parse_value(tracker: Tracker, key: str) -> Any:
    """A value the NLU pipeline added to the parse data (e.g. ``input_issue``)."""
    return (tracker.latest_message or {}).get(key)


def last_bot_answer_is_knowledge(tracker: Tracker) -> bool:
    """Whether the bot's last answer with text was a knowledge answer (not a referral, a
    question of the form or anything else)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and (event.get("text") or event.get("metadata")):
            return answer_key(event.get("metadata")) is not None
    return False


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
