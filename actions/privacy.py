"""The user's control over their data: what is stored, and deleting it now."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset
from rasa_sdk.executor import CollectingDispatcher

from bot.settings import get_settings


class ActionPrivacy(Action):
    def name(self) -> str:
        return "action_privacy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            response="utter_privacy", retention_days=get_settings().retention_days
        )
        return []


class ActionDeleteConversation(Action):
    """Confirms deletion. The tracker store sees this action and deletes every stored
    event of the sender instead of saving the turn (components/tracker_store.py)."""

    def name(self) -> str:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_conversation_deleted")
        return [AllSlotsReset()]
