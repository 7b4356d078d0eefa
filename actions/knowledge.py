"""Follow-up questions that depend on the previous answer ("Und seit wann gibt es die?")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_bot_answer_is_knowledge, last_retrieval_key
from bot.knowledge import COST_ANSWER, KIND_BY_INTENT, asks_about_cost, followup_response


class ActionAnswerFollowup(Action):
    def name(self) -> str:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = KIND_BY_INTENT.get(intent or "")
        key = last_retrieval_key(tracker)
        response = followup_response(key, kind) if kind else None
        if asks_about_cost(tracker.latest_message.get("text")) and (
            response is None or not last_bot_answer_is_knowledge(tracker)
        ):
            # "und wer bezahlt das?" after a referral (or with no sourced follow-up): what
            # the counselling costs
            response = COST_ANSWER
        dispatcher.utter_message(response=response or "utter_followup_unknown")
        return []
