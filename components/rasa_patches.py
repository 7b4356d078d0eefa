"""Targeted fixes of Rasa 3.6.21 internals, applied when the ``components`` package is imported.

Both only for speed; behaviour is unchanged:

* ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` for every response
  of the action server, which checks the *schema itself* against its meta-schema each time
  before validating the response. With jsonschema 4.17 that costs about as much as a TED
  prediction (16 % of a Rasa process's time under load, measured with py-spy, see
  docs/performance.md). The schema is a constant, so the validator is built and checked
  once; every response is still validated and an invalid one still raises the same
  ``ValidationError`` with Rasa's hint.
* ``Event.resolve_by_type`` walks every subclass of ``Event`` (with ``inspect.isabstract``
  on each) for every event it deserialises, i.e. for every stored event on every turn. The
  class found for a type name is remembered; unknown names still go the original way.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

_PATCHED = "_lotse_cached_validator"


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, instead of once per response
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    error = best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_original_resolve_by_type = Event.resolve_by_type
_event_classes: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    found = _event_classes.get(type_name)
    if found is None:
        found = _original_resolve_by_type(type_name, default)
        if found is not None and found is not default:
            _event_classes[type_name] = found
    return found


def apply() -> None:
    """Install the patches (idempotent)."""
    if not getattr(RemoteAction, _PATCHED, False):
        RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
        Event.resolve_by_type = staticmethod(_resolve_by_type)  # type: ignore[method-assign,assignment]
        setattr(RemoteAction, _PATCHED, True)


__all__ = ["ValidationError", "apply"]
