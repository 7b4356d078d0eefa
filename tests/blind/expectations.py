"""How a capability ID of the blind sets is recognised in what the bot did in one turn.

The writers chose the ID (what the user needs); this module is ours: it says which responses,
actions or slots show that the bot gave that. Each check gets the outcome of the turn and the
case (with ``place``/``kreis``/``audience``) and returns ``None`` when the turn is right, or a
short reason when it is not. Names of responses live here only, so a renamed response fails
here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import events

# Responses that mean "I did not understand" (never right unless the case expects nothing).
FALLBACK = {"utter_fallback", "utter_default", "utter_followup_unknown"}
EMERGENCY_PREFIX = ("utter_emergency", "utter_safety_check")
EMERGENCY_ACTIONS = {"action_emergency"}
# The referral form asking its questions, or the referral itself: the help path has begun.
HELP_PATH = {"utter_ask_audience", "utter_ask_place", "utter_ask_place_ambiguous"}
REFERRAL_SHOWN = {"action_find_referral"}
TRUST = {
    "trust.cost": "utter_vertrauen/kosten",
    "trust.confidential": "utter_vertrauen/vertraulich",
    "trust.authorities": "utter_vertrauen/behoerden",
    "trust.voluntary": "utter_vertrauen/freiwillig",
    "trust.anonymous": "utter_vertrauen/anonym",
    "trust.hours": "utter_vertrauen/erreichbarkeit",
}
SIMPLE = {
    "greet": {"utter_greet"},
    "goodbye": {"utter_goodbye"},
    "thank": {"utter_thank"},
    "bot_challenge": {"utter_bot_challenge"},
    "help": {"utter_menu", "utter_greet"},
    "out_of_scope": {"utter_out_of_scope"},
    "cancel": {"utter_cancelled"},
    "faith_only": {"utter_faith"},
    "fear_helpless": {"utter_fear"},
    "privacy": {"utter_privacy"},
}


class TurnOutcome(events.TurnOutcome):
    """What the bot did for one user message, with the blind sets' judgements of it."""

    @property
    def emergency(self) -> bool:
        return bool(EMERGENCY_ACTIONS & set(self.actions)) or any(
            r.startswith(EMERGENCY_PREFIX) for r in self.responses
        )

    @property
    def fallback(self) -> bool:
        return bool(FALLBACK & set(self.responses))


Check = Callable[[TurnOutcome, dict[str, Any], dict[str, str]], str | None]


def _kreis_ok(outcome: TurnOutcome, case: dict[str, Any], kreis_keys: dict[str, str]) -> str | None:
    expected = kreis_keys.get(case.get("kreis") or "")
    if expected is None:
        return None
    got = outcome.slots.get("place_kreis_key")
    if got != expected:
        place, kreis = case.get("place"), case["kreis"]
        return f"place {place!r}: Kreis key {got!r}, expected {expected} ({kreis})"
    return None


def _referral(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    started = outcome.said(*HELP_PATH, "utter_worry_first") or outcome.did(
        *REFERRAL_SHOWN, "referral_form"
    )
    if not started:
        return "the help path did not start"
    return _kreis_ok(outcome, case, keys)


def _worry(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    if outcome.said("utter_worry_first", *HELP_PATH) or outcome.did(*REFERRAL_SHOWN):
        return None
    return "no calm first guidance / help path"


def _place(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    if "place_kreis_key" not in outcome.set_slots and not outcome.did(*REFERRAL_SHOWN):
        if outcome.said("utter_ask_place_ambiguous") and not case.get("kreis"):
            return None
        return "the place was not taken"
    return _kreis_ok(outcome, case, keys)


# Writer U4 was given the ID ``school`` for teachers and school staff (the wording of the
# brief to that writer); the bot's slot value for them is ``teachers``.
AUDIENCE_ALIASES = {"school": "teachers"}


def _audience(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    expected = AUDIENCE_ALIASES.get(case.get("audience"), case.get("audience"))
    got = outcome.slots.get("audience")
    if expected and got != expected:
        return f"audience {got!r}, expected {expected!r}"
    return None


def _exit(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    if outcome.slots.get("audience") == "exit" or outcome.intent == "want_exit":
        return None
    return f"not recognised as a wish to leave (intent {outcome.intent})"


def _change_place(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    if case.get("kreis"):
        return (
            _kreis_ok(outcome, case, keys)
            if ("place_kreis_key" in outcome.set_slots or outcome.did(*REFERRAL_SHOWN))
            else "the new place was not taken"
        )
    if outcome.did("action_reset_place") or outcome.said("utter_ask_place"):
        return None
    return "did not ask for the new place"


def _trust(name: str) -> Check:
    def check(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
        return None if outcome.said(name) else f"expected {name}"

    return check


def _simple(names: set[str]) -> Check:
    def check(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
        return None if outcome.said(*names) else f"expected one of {sorted(names)}"

    return check


def _no_fallback(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    return "fallback" if outcome.fallback else None


def _delete(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    return None if outcome.deleted else "the conversation was not deleted"


def _emergency(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    return None if outcome.emergency else "no emergency numbers"


def _other_language(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    if outcome.intent == "other_language" or (outcome.slots.get("language") or "de") != "de":
        return None
    return f"not recognised as another language (intent {outcome.intent})"


def _switch(outcome: TurnOutcome, case: dict[str, Any], keys: dict[str, str]) -> str | None:
    wanted = case.get("to", "de")
    got = outcome.slots.get("language") or "de"
    return None if got == wanted else f"language {got!r}, expected {wanted!r}"


CHECKS: dict[str, Check] = {
    **{key: _simple(names) for key, names in SIMPLE.items()},
    **{key: _trust(name) for key, name in TRUST.items()},
    "affirm": _no_fallback,
    "deny": _no_fallback,
    "worry": _worry,
    "referral": _referral,
    "place": _place,
    "correction": _place,
    "audience": _audience,
    "exit": _exit,
    "change_place": _change_place,
    "delete": _delete,
    "emergency": _emergency,
    "other_language": _other_language,
    "switch_language": _switch,
}


def judge(outcome: TurnOutcome, case: dict[str, Any], kreis_keys: dict[str, str]) -> str | None:
    """``None`` when the bot's turn is right for the case, else the reason it is not."""
    expect = str(case["expect"])
    if expect != "emergency" and outcome.emergency:
        return "false alarm: emergency answer"
    if outcome.replies == 0 and not outcome.deleted:
        return "no reply"
    if expect.startswith("knowledge:"):
        name = "utter_" + expect.removeprefix("knowledge:")
        if outcome.said(name):
            return None
        got = [r for r in outcome.responses if "/" in r] or outcome.responses[:2]
        return f"expected {name}, got {got or outcome.intent}"
    check = CHECKS.get(expect)
    if check is None:
        return f"unknown expectation {expect!r}"
    reason = check(outcome, case, kreis_keys)
    if reason is None and expect not in ("affirm", "deny") and outcome.fallback:
        return "fallback"
    return reason


def expected_intents(expect: str) -> set[str]:
    """NLU-level labels that count as right for an ID (for `make eval`'s intent accuracy)."""
    if expect.startswith("knowledge:"):
        return {expect.removeprefix("knowledge:")}
    return {
        "greet": {"greet"},
        "goodbye": {"goodbye"},
        "thank": {"thank"},
        "bot_challenge": {"bot_challenge"},
        "help": {"help", "greet"},
        "out_of_scope": {"out_of_scope"},
        "affirm": {"affirm"},
        "deny": {"deny"},
        "cancel": {"cancel"},
        "worry": {"express_worry", "ask_referral"},
        "faith_only": {"describe_faith"},
        "fear_helpless": {"express_fear"},
        "referral": {"ask_referral", "express_worry", "inform_place"},
        "place": {"inform_place"},
        "audience": {"inform_audience"},
        "exit": {"want_exit"},
        "change_place": {"change_place", "inform_place"},
        "correction": {"correct_place", "inform_place", "change_place"},
        **{key: {name.removeprefix("utter_")} for key, name in TRUST.items()},
        "privacy": {"ask_privacy"},
        "delete": {"delete_conversation"},
        "emergency": {"emergency"},
        "other_language": {"other_language"},
        "switch_language": {"switch_language"},
    }.get(expect, {expect})
