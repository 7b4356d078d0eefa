"""Friendly answers to input the NLU cannot use (empty, emoji, markup, other languages)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_parse_value
from bot.language.core_paths import RECORD_LANGUAGE_NAMES, TRANSLATED
from bot.referrals.messages import counselling_lines
from bot.referrals.queries import lookup_offers_speaking
from bot.safety.emergency import national_hotline

# The classifier's own guess that a message is in another language (no input verdict).
OTHER_LANGUAGE_INTENT = "other_language"
RESPONSE_BY_ISSUE = {
    "empty": "utter_input_empty",
    "too_long": "utter_input_too_long",
    "emoji_only": "utter_input_emoji",
    "markup": "utter_input_markup",
    "injection": "utter_input_markup",
    "language_en": "utter_other_language_en",
    "language_tr": "utter_other_language_tr",
    "language_ar": "utter_other_language_ar",
}


class ActionHandleBadInput(Action):
    def name(self) -> str:
        return "action_handle_bad_input"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        issue = latest_parse_value(tracker, "input_issue") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        language = tracker.get_slot("language")
        if language in TRANSLATED and (
            intent == OTHER_LANGUAGE_INTENT or issue.startswith("language_")
        ):
            # The conversation is in another language and this question has no answer in it:
            # say so in that language and name the counselling that speaks it (records).
            offers = lookup_offers_speaking(RECORD_LANGUAGE_NAMES[language])
            dispatcher.utter_message(
                response="utter_rest_in_german", counselling=counselling_lines(offers, language)
            )
            return []
        if not issue and intent == OTHER_LANGUAGE_INTENT:
            issue = "language_en"  # the classifier's own other-language guess
        response = RESPONSE_BY_ISSUE.get(issue, "utter_fallback")
        hotline = national_hotline()
        dispatcher.utter_message(
            response=response,
            hotline_phone=hotline.phone if hotline else "",
            hotline_hours=hotline.hours if hotline else "",
        )
        return []
