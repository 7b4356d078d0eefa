from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.referrals import (
    ActionAskPlace,
    ActionFindReferral,
    ActionReferralDetails,
    ActionResetPlace,
    ValidateReferralForm,
)
from tests.actions.conftest import make_tracker


def run(coro):
    return asyncio.run(coro)


def _texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def _responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages if m.get("response")]


@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("Ich wohne in Velbert und mache mir Sorgen um meinen Sohn", None, "Velbert"),
        ("Beratung in Bochum?", None, "Bochum"),
        ("koeln", "place", "Köln"),
        ("42551", "place", "Velbert"),
        ("Kreis Mettmann", "place", "Kreis Mettmann"),
    ],
)
def test_place_is_extracted_and_resolved(text: str, requested: str | None, expected: str) -> None:
    form = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent="inform_place", slots={"requested_slot": requested})
    extracted = run(form.extract_place(dispatcher, tracker, {}))
    assert extracted
    slots = run(form.validate_place(extracted["place"], dispatcher, tracker, {}))
    assert slots["place"] == expected
    assert slots["place_kreis_key"]


def test_no_place_in_a_worry_without_place_and_not_asked() -> None:
    tracker = make_tracker("Ich mache mir Sorgen um meinen Sohn", intent="express_worry")
    assert run(ValidateReferralForm().extract_place(CollectingDispatcher(), tracker, {})) == {}


def test_ambiguous_place_is_asked_back_with_buttons() -> None:
    form = ValidateReferralForm()
    tracker = make_tracker("Mülheim", intent="inform_place", slots={"requested_slot": "place"})
    extracted = run(form.extract_place(CollectingDispatcher(), tracker, {}))
    slots = run(form.validate_place(extracted["place"], CollectingDispatcher(), tracker, {}))
    assert slots["place"] is None
    dispatcher = CollectingDispatcher()
    events = run(ActionAskPlace().run(dispatcher, make_tracker(slots=slots), {}))
    message = dispatcher.messages[0]
    assert message["response"] == "utter_ask_place_ambiguous"
    assert {b["title"] for b in message["buttons"]} == {"Mülheim an der Ruhr", "Köln-Mülheim"}
    assert events == [{"event": "slot", "timestamp": None, "name": "place_problem", "value": None}]


def test_unknown_place_explains_and_outside_nrw_is_accepted() -> None:
    form = ValidateReferralForm()
    tracker = make_tracker("Blumenwiese", slots={"requested_slot": "place"})
    slots = run(form.validate_place("Blumenwiese", CollectingDispatcher(), tracker, {}))
    assert slots == {"place": None, "place_kreis_key": None, "place_problem": "unknown"}
    dispatcher = CollectingDispatcher()
    run(ActionAskPlace().run(dispatcher, make_tracker(slots=slots), {}))
    assert _responses(dispatcher) == ["utter_ask_place_unknown"]
    berlin = run(form.validate_place("Berlin", CollectingDispatcher(), tracker, {}))
    assert berlin["place_kreis_key"] == "outside_nrw"


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("Ich mache mir Sorgen um meinen Sohn", "express_worry", "relatives"),
        ("Ein Schüler in meiner Klasse teilt IS-Videos", "express_worry", "teachers"),
        ("ich will aussteigen", "want_exit", "exit"),
    ],
)
def test_audience_comes_from_the_message(text: str, intent: str, expected: str) -> None:
    tracker = make_tracker(text, intent=intent)
    assert run(ValidateReferralForm().extract_audience(CollectingDispatcher(), tracker, {})) == {
        "audience": expected
    }


def test_invalid_audience_from_a_crafted_payload_is_rejected() -> None:
    result = run(
        ValidateReferralForm().validate_audience(
            "hacker", CollectingDispatcher(), make_tracker(), {}
        )
    )
    assert result == {"audience": None}


def test_exit_needs_no_place() -> None:
    tracker = make_tracker(slots={"audience": "exit"})
    slots = run(
        ValidateReferralForm().required_slots(
            ["audience", "place"], CollectingDispatcher(), tracker, {}
        )
    )
    assert slots == ["audience"]


def test_exit_takes_a_place_that_is_named() -> None:
    tracker = make_tracker(slots={"audience": "exit"}, text="bin 19 und wohne in Hamm")
    slots = run(
        ValidateReferralForm().required_slots(
            ["audience", "place"], CollectingDispatcher(), tracker, {}
        )
    )
    assert slots == ["audience", "place"]


@pytest.mark.parametrize(
    ("slots", "must_contain", "must_not_contain"),
    [
        (
            {"place": "Essen", "place_kreis_key": "05113", "audience": "relatives"},
            ["Wegweiser Essen", "0201 52 32 58 90", "0911 943 43 43"],
            [],
        ),
        (
            {"place": "Velbert", "place_kreis_key": "05158", "audience": "relatives"},
            ["Wegweiser Düsseldorf / Kreis Mettmann"],
            [],
        ),
        (
            {"place": "Aachen", "place_kreis_key": "05334", "audience": "relatives"},
            ["Wegweiser Aachen"],
            ["432"],  # 2017 press number: kept for staff, not shown
        ),
        (
            {"place": "Leverkusen", "place_kreis_key": "05316", "audience": "relatives"},
            ["0911 943 43 43", "wegweiser.nrw.de"],
            ["Wegweiser Köln"],
        ),
        (
            {"place": "Bochum", "place_kreis_key": "05911", "audience": "teachers"},
            ["Wegweiser Bochum / Herne", "Schulpsychologische"],
            [],
        ),
        (
            {"place": "Köln", "place_kreis_key": "05315", "audience": "professionals"},
            ["Wegweiser Köln", "Plan P."],
            [],
        ),
        (
            {"place": None, "place_kreis_key": None, "audience": "exit"},
            ["Aussteigerprogramm"],
            ["Wegweiser Essen"],
        ),
        (
            {"place": "Essen", "place_kreis_key": "05113", "audience": "affected"},
            ["Wegweiser Essen"],
            ["0211/871-2821"],  # the Verfassungsschutz line is never a counselling offer
        ),
    ],
)
def test_find_referral_messages_per_audience(
    seeded_db: str, slots: dict, must_contain: list[str], must_not_contain: list[str]
) -> None:
    dispatcher = CollectingDispatcher()
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    text = _texts(dispatcher)
    for snippet in must_contain:
        assert snippet in text
    for snippet in must_not_contain:
        assert snippet not in text
    assert _responses(dispatcher)[-1] == "utter_referral_next"


def test_exit_with_a_place_shows_the_programme_first_then_the_centre_nearby(
    seeded_db: str,
) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"place": "Essen", "place_kreis_key": "05113", "audience": "exit"}
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    text = _texts(dispatcher)
    assert text.index("Aussteigerprogramm") < text.index("Wegweiser Essen")


def test_gap_and_outside_use_their_own_intro(seeded_db: str) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"place": "Leverkusen", "place_kreis_key": "05316", "audience": "relatives"}
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    assert _responses(dispatcher)[0] == "utter_referral_gap"
    dispatcher = CollectingDispatcher()
    slots = {"place": "Berlin", "place_kreis_key": "outside_nrw", "audience": "relatives"}
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    assert _responses(dispatcher)[0] == "utter_referral_outside_nrw"
    assert "0911 943 43 43" in _texts(dispatcher)


def test_database_down_falls_back_to_central_offers(broken_db: str) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"place": "Essen", "place_kreis_key": "05113", "audience": "relatives"}
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    assert _responses(dispatcher)[0] == "utter_referral_degraded"
    assert "0911 943 43 43" in _texts(dispatcher)


def test_reset_place_clears_only_place_slots() -> None:
    events = run(ActionResetPlace().run(CollectingDispatcher(), make_tracker(), {}))
    assert {e["name"] for e in events} == {"place", "place_kreis_key", "place_problem"}


@pytest.mark.parametrize("requested", ["place", "audience"])
def test_an_emergency_is_never_swallowed_by_the_form(requested: str) -> None:
    form = ValidateReferralForm()
    tracker = make_tracker(
        "mein Sohn in Velbert plant einen Anschlag",
        intent="emergency",
        slots={"requested_slot": requested},
    )
    assert run(form.extract_place(CollectingDispatcher(), tracker, {})) == {}
    assert run(form.extract_audience(CollectingDispatcher(), tracker, {})) == {}


def test_a_knowledge_question_during_the_form_is_not_taken_as_a_place() -> None:
    tracker = make_tracker(
        "was ist eigentlich wegweiser", intent="angebote", slots={"requested_slot": "place"}
    )
    assert run(ValidateReferralForm().extract_place(CollectingDispatcher(), tracker, {})) == {}


@pytest.mark.parametrize(
    "intent", ["vertrauen", "describe_faith", "express_fear", "ask_privacy", "wissen"]
)
def test_a_question_inside_the_form_is_answered_first_even_when_it_names_a_place(
    intent: str,
) -> None:
    form = ValidateReferralForm()
    tracker = make_tracker(
        "Kostet eine Beratung in Bochum etwas und erfährt das die Polizei?",
        intent=intent,
        slots={"requested_slot": "place"},
    )
    assert run(form.extract_place(CollectingDispatcher(), tracker, {})) == {}
    assert run(form.extract_audience(CollectingDispatcher(), tracker, {})) == {}


def test_a_bare_place_answers_the_form_whatever_its_intent() -> None:
    tracker = make_tracker("Essen", intent="out_of_scope", slots={"requested_slot": "place"})
    assert run(ValidateReferralForm().extract_place(CollectingDispatcher(), tracker, {})) == {
        "place": "Essen"
    }


def _user(text: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "vertrauen"}}}


def test_a_place_and_role_from_an_earlier_turn_fill_the_form() -> None:
    earlier = [_user("Ich bin Lehrerin in Bonn. Ist das vertraulich?"), {"event": "bot"}]
    tracker = make_tracker("Ich brauche Beratung", intent="ask_referral", events=earlier)
    form = ValidateReferralForm()
    assert run(form.extract_place(CollectingDispatcher(), tracker, {})) == {"place": "Bonn"}
    assert run(form.extract_audience(CollectingDispatcher(), tracker, {})) == {
        "audience": "teachers"
    }


def test_a_changed_place_is_not_brought_back_from_memory() -> None:
    earlier = [
        _user("Beratung in Bonn bitte"),
        _user("anderer Ort"),
        {"event": "action", "name": "action_reset_place"},
    ]
    tracker = make_tracker(
        "ich weiß noch nicht", intent="inform_place", events=earlier,
        slots={"requested_slot": "place"},
    )  # fmt: skip
    extracted = run(ValidateReferralForm().extract_place(CollectingDispatcher(), tracker, {}))
    assert extracted == {"place": "ich weiß noch nicht"}  # the form explains: unknown place


def test_a_correction_takes_the_new_place_not_the_negated_one() -> None:
    tracker = make_tracker(
        "nein, nicht Bochum, ich meinte Bonn", intent="correct_place", slots={"place": "Bochum"}
    )
    assert run(ValidateReferralForm().extract_place(CollectingDispatcher(), tracker, {})) == {
        "place": "Bonn"
    }


@pytest.mark.parametrize(
    ("text", "intent", "slots", "expected"),
    [
        ("bin die Oma", "greet", {"requested_slot": "audience"}, "relatives"),
        ("ich bin Lehrer", "inform_audience", {"audience": "relatives"}, "teachers"),
        ("ich brauche hilfe wegen meinem mann", "want_exit", {}, "relatives"),
        ("ich will da raus", "want_exit", {}, "exit"),
    ],
)
def test_the_situation_from_replies_corrections_and_exit(
    text: str, intent: str, slots: dict, expected: str
) -> None:
    tracker = make_tracker(text, intent=intent, slots=slots)
    assert run(ValidateReferralForm().extract_audience(CollectingDispatcher(), tracker, {})) == {
        "audience": expected
    }


def test_find_referral_sends_the_cards_with_the_details_button(seeded_db: str) -> None:
    dispatcher = CollectingDispatcher()
    slots = {"place": "Essen", "place_kreis_key": "05113", "audience": "relatives"}
    run(ActionFindReferral().run(dispatcher, make_tracker(slots=slots), {}))
    cards = [m for m in dispatcher.messages if m.get("custom")]
    assert len(cards) == 1
    data = cards[0]["custom"]["data"]
    assert data["type"] == "lotse.referral_cards"
    assert data["cards"][0]["name"] == "Wegweiser Essen"
    assert cards[0]["text"] == data["summary"]
    assert cards[0]["buttons"][0]["title"] == "Mehr zu dieser Stelle"


def test_details_action_names_the_offer_from_the_button(seeded_db: str) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        '/referral_details{"offer": "Wegweiser Essen"}',
        intent="referral_details",
        parse_extra={"entities": [{"entity": "offer", "value": "Wegweiser Essen"}]},
    )
    run(ActionReferralDetails().run(dispatcher, tracker, {}))
    text = _texts(dispatcher)
    assert text.startswith("Wegweiser Essen\nTräger: Stadt Essen")
    assert "Quelle: https://" in text
    assert _responses(dispatcher)[-1] == "utter_referral_next"
    dispatcher = CollectingDispatcher()
    run(
        ActionReferralDetails().run(dispatcher, make_tracker("mehr", intent="referral_details"), {})
    )
    assert _responses(dispatcher)[0] == "utter_referral_details_unknown"
