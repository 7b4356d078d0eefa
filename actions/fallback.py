"""Low NLU confidence. When the top guesses all mean "I need help with someone", or the
message names a place ("Und für Leverkusen? Da bin ich oft."), the referral form starts
anyway (it reads place and situation from the text); otherwise the menu is offered again.
Helps messages like "Sorgen um meine Schwester" that sit between express_worry and
inform_audience."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_text
from bot.geo import find_place_in_text

HELP_INTENTS = {"express_worry", "ask_referral", "inform_audience", "want_exit", "inform_place"}
MIN_CONFIDENCE = 0.25


def _ranking(tracker: Tracker) -> list[tuple[str, float]]:
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    return [
        (str(entry.get("name")), float(entry.get("confidence") or 0.0))
        for entry in ranking
        if entry.get("name") != "nlu_fallback"
    ]


class ActionNluFallback(Action):
    def name(self) -> str:
        return "action_nlu_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        top = _ranking(tracker)[:2]
        help_wanted = (
            bool(top)
            and top[0][1] >= MIN_CONFIDENCE
            and all(name in HELP_INTENTS for name, _ in top)
        )
        names_place = find_place_in_text(latest_text(tracker)) is not None
        if (help_wanted or names_place) and not tracker.active_loop:
            if top and top[0][0] == "express_worry":
                dispatcher.utter_message(response="utter_worry_first")
            return [FollowupAction("referral_form")]
        dispatcher.utter_message(response="utter_fallback")
        return []
