from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.input import ActionHandleBadInput
from actions.knowledge import ActionAnswerFollowup
from actions.privacy import ActionDeleteConversation, ActionPrivacy
from tests.actions.conftest import make_tracker


def run(coro):
    return asyncio.run(coro)


def _bot_event(utter_action: str) -> dict:
    return {"event": "bot", "text": "...", "metadata": {"utter_action": utter_action}}


@pytest.mark.parametrize(
    ("previous", "intent", "expected"),
    [
        ("utter_imag/was_ist", "followup_since_when", "utter_imag/seit_wann"),
        ("utter_aktuelles/podcast_knix", "followup_who", "utter_aktuelles/gast_steinberg"),
        ("utter_netzwerk/ran", "followup_since_when", "utter_netzwerk/ran_gruendung"),
        (None, "followup_who", "utter_followup_unknown"),
    ],
)
def test_followup_answers_from_the_previous_topic(
    previous: str | None, intent: str, expected: str
) -> None:
    events = [_bot_event(previous)] if previous else []
    dispatcher = CollectingDispatcher()
    run(
        ActionAnswerFollowup().run(
            dispatcher, make_tracker("und?", intent=intent, events=events), {}
        )
    )
    assert dispatcher.messages[0]["response"] == expected


def test_followup_uses_the_latest_knowledge_answer() -> None:
    events = [
        _bot_event("utter_imag/was_ist"),
        _bot_event("utter_greet"),
        _bot_event("utter_aktuelles/ispk"),
    ]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("wer ist das", intent="followup_who", events=events)
    run(ActionAnswerFollowup().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["response"].startswith("utter_aktuelles/")


@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        # after a referral (its last message is no knowledge answer): what counselling costs
        ("utter_referral_next", "utter_vertrauen/kosten"),
        (None, "utter_vertrauen/kosten"),
        # after the answer about Wegweiser: who finances it
        ("utter_angebote/wegweiser_seit_wann", "utter_angebote/wegweiser_traeger"),
    ],
)
def test_who_pays_depends_on_the_answer_before(previous: str | None, expected: str) -> None:
    events = [_bot_event("utter_angebote/wegweiser")]
    if previous:
        events.append(_bot_event(previous))
    else:
        events.append({"event": "bot", "text": "Zuständig in Minden:", "metadata": {}})
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("und wer bezahlt das?", intent="followup_who", events=events)
    run(ActionAnswerFollowup().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["response"] == expected


@pytest.mark.parametrize(
    ("issue", "response"),
    [
        ("empty", "utter_input_empty"),
        ("emoji_only", "utter_input_emoji"),
        ("markup", "utter_input_markup"),
        ("injection", "utter_input_markup"),
        ("too_long", "utter_input_too_long"),
        ("language_en", "utter_other_language_en"),
        ("language_tr", "utter_other_language_tr"),
        ("language_ar", "utter_other_language_ar"),
        (None, "utter_fallback"),
    ],
)
def test_bad_input_gets_the_matching_answer(
    seeded_db: str, issue: str | None, response: str
) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("x", intent="bad_input", parse_extra={"input_issue": issue})
    run(ActionHandleBadInput().run(dispatcher, tracker, {}))
    message = dispatcher.messages[0]
    assert message["response"] == response
    assert message["hotline_phone"] == "0911 943 43 43"


def test_privacy_answer_gets_the_configured_retention(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "14")
    dispatcher = CollectingDispatcher()
    run(ActionPrivacy().run(dispatcher, make_tracker(), {}))
    assert dispatcher.messages[0] == {
        "text": None,
        "buttons": [],
        "elements": [],
        "custom": {},
        "template": "utter_privacy",
        "response": "utter_privacy",
        "image": None,
        "attachment": None,
        "retention_days": 14,
    }


def test_delete_confirms_and_resets_slots() -> None:
    dispatcher = CollectingDispatcher()
    events = run(ActionDeleteConversation().run(dispatcher, make_tracker(), {}))
    assert dispatcher.messages[0]["response"] == "utter_conversation_deleted"
    assert events == [{"event": "reset_slots", "timestamp": None}]


def _ranked(*pairs: tuple[str, float]) -> dict:
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}]
    ranking += [{"name": name, "confidence": conf} for name, conf in pairs]
    return {"intent_ranking": ranking}


def test_fallback_between_help_intents_starts_the_referral_form() -> None:
    from actions.fallback import ActionNluFallback

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "Ich mache mir Sorgen um meine Schwester",
        intent="nlu_fallback",
        parse_extra=_ranked(("express_worry", 0.45), ("inform_audience", 0.42)),
    )
    events = run(ActionNluFallback().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["response"] == "utter_worry_first"
    assert events == [{"event": "followup", "timestamp": None, "name": "referral_form"}]


def test_other_fallbacks_offer_the_menu() -> None:
    from actions.fallback import ActionNluFallback

    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "blubb", intent="nlu_fallback", parse_extra=_ranked(("greet", 0.3), ("ask_referral", 0.2))
    )
    assert run(ActionNluFallback().run(dispatcher, tracker, {})) == []
    assert dispatcher.messages[0]["response"] == "utter_fallback"
