"""Follow-up questions that depend on the previous answer ("Und seit wann gibt es die?")."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import last_retrieval_key
from bot.knowledge import KIND_BY_INTENT, followup_response


class ActionAnswerFollowup(Action):
    def name(self) -> str:
        return "action_answer_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        kind = KIND_BY_INTENT.get(intent or "")
        response = followup_response(last_retrieval_key(tracker), kind) if kind else None
        dispatcher.utter_message(response=response or "utter_followup_unknown")
        return []
