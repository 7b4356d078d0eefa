"""Acute danger: emergency numbers first, whatever else is going on."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_parse_value
from bot.safety.emergency import emergency_message_lines, national_hotline_line


class ActionEmergency(Action):
    def name(self) -> str:
        return "action_emergency"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kind = latest_parse_value(tracker, "danger_kind")
        dispatcher.utter_message(
            response="utter_emergency", emergency_lines="\n".join(emergency_message_lines(kind))
        )
        dispatcher.utter_message(response="utter_emergency_after")
        if kind != "suicide":
            hotline = national_hotline_line()
            if hotline:
                dispatcher.utter_message(text=hotline)
        return []
