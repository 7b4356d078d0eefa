"""Referral form and lookup: the place and the situation in, the right offer out."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_text
from bot.geo import find_place_in_text, resolve_place
from bot.referrals.messages import details_messages, place_slots, referral_messages
from bot.referrals.situation import detect_audience
from bot.vocab import AUDIENCES

# Intents that must interrupt the form: extracting a slot from them would keep the form
# running and swallow e.g. an emergency. Returning nothing lets the form reject the turn,
# so the rules answer first (data/rules/form_interruptions.yml) and the form resumes.
HARD_INTERRUPTIONS = {"emergency", "cancel", "delete_conversation", "help", "goodbye"}
# Intents whose text may still name the place asked for ("Essen" misread as a question).
PLACE_ANSWER_INTENTS = {"inform_place", "ask_referral", "express_worry", "nlu_fallback"}
# Someone who wants to leave the scene: the audience is "exit".
EXIT_INTENT = "want_exit"


def _intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


class ValidateReferralForm(FormValidationAction):
    def name(self) -> str:
        return "validate_referral_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Someone who wants to leave the scene goes to the statewide exit programme:
        # no place needed.
        if tracker.get_slot("audience") == "exit":
            return [slot for slot in domain_slots if slot != "place"]
        return domain_slots

    async def extract_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = latest_text(tracker)
        intent = _intent(tracker)
        if not text or text.startswith("/") or intent in HARD_INTERRUPTIONS:
            return {}
        found = find_place_in_text(text)
        if found is not None:
            return {"place": found.matched or found.query or text}
        if tracker.get_slot("requested_slot") == "place" and intent in PLACE_ANSWER_INTENTS:
            return {"place": text}  # let validate_place explain what went wrong
        return {}

    async def validate_place(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return place_slots(resolve_place(str(slot_value or "")), str(slot_value or ""))

    async def extract_audience(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent = _intent(tracker)
        if tracker.get_slot("audience") or intent in HARD_INTERRUPTIONS:
            return {}
        if intent == EXIT_INTENT:
            return {"audience": "exit"}
        detected = detect_audience(latest_text(tracker))
        return {"audience": detected} if detected else {}

    async def validate_audience(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return {"audience": slot_value if slot_value in AUDIENCES else None}


class ActionAskPlace(Action):
    """Asks for the place, or asks back when the last answer was ambiguous or unknown."""

    def name(self) -> str:
        return "action_ask_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        problem = tracker.get_slot("place_problem") or ""
        if problem.startswith("ambiguous:"):
            query, _, candidates = problem.removeprefix("ambiguous:").partition("|")
            dispatcher.utter_message(
                response="utter_ask_place_ambiguous",
                place_query=query,
                buttons=[{"title": c, "payload": c} for c in candidates.split("|") if c],
            )
        elif problem == "unknown":
            dispatcher.utter_message(response="utter_ask_place_unknown")
        else:
            dispatcher.utter_message(response="utter_ask_place")
        return [SlotSet("place_problem", None)]


class ActionFindReferral(Action):
    def name(self) -> str:
        return "action_find_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        for message in referral_messages(
            place=tracker.get_slot("place"),
            kreis_key=tracker.get_slot("place_kreis_key"),
            audience=tracker.get_slot("audience") or "relatives",
        ):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(response="utter_referral_next")
        return []


class ActionResetPlace(Action):
    def name(self) -> str:
        return "action_reset_place"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        return [
            SlotSet("place", None),
            SlotSet("place_kreis_key", None),
            SlotSet("place_problem", None),
        ]


class ActionReferralDetails(Action):
    """ "Mehr zu dieser Stelle": the details of the offer named in the button's payload."""

    def name(self) -> str:
        return "action_referral_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        name = next(tracker.get_latest_entity_values("offer"), None)
        for message in details_messages(str(name or "")):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(response="utter_referral_next")
        return []
