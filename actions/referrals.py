"""Referral form and lookup: the place and the situation in, the right offer out."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import RESET_PLACE_ACTION, earlier_user_texts, latest_text
from bot.geo import find_place_in_text, resolve_place
from bot.language.intents import audience_answer
from bot.language.places import latinise_places
from bot.referrals.card_words import card_language
from bot.referrals.memory import remembered_audience, remembered_place
from bot.referrals.messages import details_messages, place_slots, referral_messages
from bot.referrals.situation import audience_from_answer, detect_audience
from bot.vocab import AUDIENCES

# Intents whose message can answer the form's questions (a place, the situation). Any other
# intent interrupts: extracting a slot from it would keep the form running and swallow e.g.
# an emergency or a question about cost. Returning nothing lets the form reject the turn, so
# the rules answer first (data/rules/form_interruptions.yml, trust.yml, relatives.yml) and the
# form resumes.
FORM_ANSWER_INTENTS = {
    *("inform_place", "ask_referral", "express_worry", "inform_audience", "want_exit"),
    *("correct_place", "change_place", "nlu_fallback", "affirm", "deny"),
}
# Intents whose text may still name the place asked for ("Essen" misread as a question).
PLACE_ANSWER_INTENTS = {"inform_place", "ask_referral", "express_worry", "nlu_fallback"}
# Someone who wants to leave the scene: the audience is "exit".
EXIT_INTENT = "want_exit"
# A reply this short answers the form's question whatever its intent ("Essen", "bin die
# mutter"): such replies are easily misread as greetings or questions.
SHORT_REPLY_WORDS = 4


def _intent(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def _audience_entity(tracker: Tracker) -> str | None:
    """The audience the language layer read from a message in another language."""
    value = next(tracker.get_latest_entity_values("audience"), None)
    return value if value in AUDIENCES else None


def _words_language(tracker: Tracker) -> str:
    """The key of the cards' and details' fixed words: the slot ``language``, or "de_ls"
    (Leichte Sprache) for German with the slot ``simple_language`` true."""
    return card_language(tracker.get_slot("language"), tracker.get_slot("simple_language"))


def _is_short(text: str) -> bool:
    return 0 < len(text.split()) <= SHORT_REPLY_WORDS


def _is_place_reply(text: str) -> bool:
    """A short reply that is nothing but a place ("Essen", "in Bad Godesberg", "45127")."""
    return _is_short(text) and resolve_place(text).status in ("found", "ambiguous")


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
        # Someone who wants to leave the scene goes to the statewide exit programme: no
        # place is asked for; one they name is taken (the centre nearby is shown as well).
        if tracker.get_slot("audience") == "exit":
            text = latinise_places(latest_text(tracker))
            named = find_place_in_text(text) is not None or _is_place_reply(text)
            if tracker.get_slot("place") is None and not named:
                return [slot for slot in domain_slots if slot != "place"]
        # Once the place is known, the responsible centre is shown at once: it serves
        # families, schools and professionals alike, so the situation is not asked for
        # (relatives by default) unless this message states it.
        if (
            tracker.get_slot("place") is not None
            and tracker.get_slot("audience") is None
            and audience_from_answer(latest_text(tracker)) is None
        ):
            return [slot for slot in domain_slots if slot != "audience"]
        return domain_slots

    async def extract_place(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "Кёльн", "كولونيا", "Köln'de" -> "Köln": the gazetteer reads Latin letters only
        text = latinise_places(latest_text(tracker))
        intent = _intent(tracker)
        if not text or text.startswith("/"):
            return {}
        if intent not in FORM_ANSWER_INTENTS:
            return {"place": text} if _is_place_reply(text) else {}
        found = find_place_in_text(text, avoid=tracker.get_slot("place"))
        if found is not None:
            return {"place": found.matched or found.query or text}
        if _is_place_reply(text):  # "Essen" alone: a place, though also a common word
            return {"place": text}
        if tracker.get_slot("place") is None:
            remembered = remembered_place(earlier_user_texts(tracker))
            if remembered is not None:
                return {"place": remembered}
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
        value = latinise_places(str(slot_value or ""))
        return place_slots(resolve_place(value), value)

    async def extract_audience(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent, text = _intent(tracker), latest_text(tracker)
        asked = tracker.get_slot("requested_slot") == "audience"
        if intent not in FORM_ANSWER_INTENTS and not (asked and _is_short(text)):
            return {}
        # Someone who says who they are may correct an earlier guess ("ich bin Lehrer").
        stated = intent == "inform_audience" or asked
        if tracker.get_slot("audience") and not stated:
            return {}
        language = tracker.get_slot("language")
        foreign = language not in (None, "de")
        if foreign and stated:
            # "I'm his mother", "öğretmenim", "мой сын": the rules of the conversation's
            # language (bot/language/intents.py); then the language layer's entity
            detected = audience_answer(text, language, asked=True) or _audience_entity(tracker)
        else:
            detected = None
        if detected is None:
            detected = audience_from_answer(text) if stated else detect_audience(text)
        if intent == EXIT_INTENT and detected in (None, "affected", "exit"):
            return {"audience": "exit"}  # not when a relative is named ("wegen meinem Mann")
        if detected is None and not tracker.get_slot("audience"):
            detected = remembered_audience(earlier_user_texts(tracker))
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
            language=_words_language(tracker),
        ):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(response="utter_referral_next")
        return []


class ActionResetPlace(Action):
    def name(self) -> str:
        return RESET_PLACE_ACTION

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
        for message in details_messages(str(name or ""), language=_words_language(tracker)):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(response="utter_referral_next")
        return []
