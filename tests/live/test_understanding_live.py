"""What issue 15 asks of the running bot, judged from the stored events (response names,
actions, slots): trust questions inside the form, a place named in the first message, a
correction, a city district, faith described without danger."""

from __future__ import annotations

import uuid

import pytest

from tests.blind.expectations import TurnOutcome
from tests.blind.harness import EventReader

pytestmark = pytest.mark.stack

BONN, BOCHUM, MOENCHENGLADBACH, ESSEN = "05314", "05911", "05116", "05113"


@pytest.fixture()
def talk(stack):
    reader = EventReader(stack.database_url)
    sender = f"test-{uuid.uuid4().hex}"

    def say(text: str) -> TurnOutcome:
        return reader.outcome(sender, stack.send(sender, text))

    return say


def test_trust_questions_inside_the_form_are_answered_and_the_form_resumes(talk) -> None:
    first = talk("Ich mache mir große Sorgen um meinen Sohn")
    assert first.said("utter_ask_place")
    cost = talk("Kostet so eine Beratung eigentlich Geld?")
    assert cost.said("utter_vertrauen/kosten")
    assert cost.said("utter_ask_place"), "the form asks for the place again"
    police = talk("Und bekommt die Polizei das mit, wenn ich mich melde?")
    assert police.said("utter_vertrauen/behoerden")
    done = talk("Essen")
    assert done.did("action_find_referral")
    assert done.slots.get("place_kreis_key") == ESSEN
    after = talk("Sind die auch am Wochenende erreichbar?")
    assert after.said("utter_vertrauen/erreichbarkeit")


def test_a_place_in_the_first_message_is_not_asked_again(talk) -> None:
    first = talk("Wir wohnen in Bochum. Unsere Tochter hat sich sehr verändert")
    assert first.slots.get("place_kreis_key") == BOCHUM
    assert not first.said("utter_ask_place")


def test_a_place_named_before_the_form_is_remembered(talk) -> None:
    talk("Ich bin Lehrerin in Bonn. Ist eine Beratung vertraulich?")
    referral = talk("Ich brauche eine Beratungsstelle")
    assert referral.did("action_find_referral")
    assert referral.slots.get("place_kreis_key") == BONN
    assert referral.slots.get("audience") == "teachers"


def test_a_correction_replaces_the_place(talk) -> None:
    talk("Beratung in Bochum für Eltern")
    corrected = talk("nein, nicht Bochum, ich meinte Bonn")
    assert corrected.did("action_find_referral")
    assert corrected.slots.get("place_kreis_key") == BONN


def test_a_city_district_resolves_to_its_city(talk) -> None:
    talk("Ich mache mir Sorgen um meinen Bruder")
    referral = talk("wir wohnen in Rheydt")
    assert referral.slots.get("place_kreis_key") == MOENCHENGLADBACH


@pytest.mark.parametrize(
    "text",
    [
        "Meine Tochter trägt seit kurzem ein Kopftuch und betet fünfmal am Tag. Gefährlich?",
        "mein sohn ist konvertiert und geht jetzt freitags in die moschee, ist das schlimm",
    ],
)
def test_faith_without_danger_gets_the_faith_answer_and_no_emergency(talk, text: str) -> None:
    outcome = talk(text)
    assert outcome.said("utter_faith")
    assert not outcome.emergency
