"""The cached action-response validation behaves exactly like Rasa's own."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

import components  # noqa: F401 - importing the package applies the patches
from components import rasa_patches

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "place", "value": "Essen"}],
        "responses": [{"text": "x"}],
    },
    {},
]
INVALID = [
    {"events": "not a list"},
    {"responses": [1, 2]},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [{"no_event_key": True}]},
]


def test_patch_is_installed_once() -> None:
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result
    rasa_patches.apply()
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("response", VALID)
def test_valid_responses_pass(response: dict) -> None:
    validate(response, RemoteAction.action_response_format_spec())  # Rasa's original check
    assert RemoteAction._validate_action_result(None, response) is True  # type: ignore[arg-type]


@pytest.mark.parametrize("response", INVALID)
def test_invalid_responses_raise_like_the_original(response: dict) -> None:
    with pytest.raises(ValidationError) as original:
        validate(response, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as patched:
        RemoteAction._validate_action_result(None, response)  # type: ignore[arg-type]
    assert patched.value.message.startswith(original.value.message)
    assert "Failed to validate Action server response" in patched.value.message


def test_event_types_resolve_as_before() -> None:
    from rasa.shared.core.events import BotUttered, Event, SlotSet, UserUttered

    for _ in range(2):  # first lookup fills the cache, the second reads it
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("bot") is BotUttered
        assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nonexistent", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nonexistent")
    restored = Event.from_parameters(UserUttered("Hallo").as_dict())
    assert isinstance(restored, UserUttered) and restored.text == "Hallo"
