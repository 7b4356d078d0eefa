"""Messages in the shape of a button payload (``/intent`` or ``/intent{"entity": value}``),
checked against the domain before Rasa reads them.

Rasa takes any ``/name{...}`` text as a ready-made intent and entities and skips the NLU. A
person can type that too, and a client can send anything: an internal intent
(``/session_start``, ``/restart``, ``/back``), an action name, an entity value of the wrong
type (``{"audience": {"x": 1}}``) or words after the payload. Some of these left the bot
silent, and words after a payload were ignored, even a cry for help. :func:`check_payload`
decides, without Rasa, what such a message becomes:

``text``
    not payload-shaped: the NLU reads it as it is.
``payload``
    a payload a button could send: a user-facing intent, only known entities, each value of
    its slot's JSON type (and for a categorical slot one of its values), nothing after it.
    Passed on as written by a button (``/intent`` or ``/intent{"entity": "value"}``).
``words``
    a payload with words after it (or, in a free-text value, an acute danger): only the
    words go on, as text, so the NLU and the danger detection read what the person wrote.
``restart``
    ``/restart`` or ``/session_start`` typed by hand: the conversation restarts with the
    greeting.
``not_understood``
    any other payload-shaped message: answered with the "nicht verstanden" help.

``reason`` names the rule that decided and is safe to log: it never contains user text.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.input.guard import sanitize
from bot.safety import assess_danger

__all__ = [
    "JSON_KINDS",
    "MAX_PAYLOAD_CHARS",
    "MAX_VALUE_CHARS",
    "PAYLOAD_PREFIX",
    "EntityRule",
    "JsonKind",
    "PayloadCheck",
    "PayloadRules",
    "check_payload",
    "json_kind",
]

PAYLOAD_PREFIX = "/"
JsonKind = Literal["string", "number", "boolean", "array", "object", "null"]
JSON_KINDS: frozenset[JsonKind] = frozenset(
    ("string", "number", "boolean", "array", "object", "null")
)
# Entity values are words from a button (a place, a situation): longer is not a button.
MAX_VALUE_CHARS = 100
# A button's payload is short; InputGuard would cut a long one and break its JSON.
MAX_PAYLOAD_CHARS = 500

Outcome = Literal["text", "payload", "words", "restart", "not_understood"]


@dataclass(frozen=True)
class EntityRule:
    """The values a payload may give an entity: JSON kinds and, for a categorical slot, the
    allowed values (compared exactly, as the actions compare them)."""

    kinds: frozenset[JsonKind] = frozenset({"string"})
    allowed: frozenset[str] | None = None


@dataclass(frozen=True)
class PayloadRules:
    """What the domain allows in a payload."""

    intents: frozenset[str]  # user-facing intents a button may send
    restart_intents: frozenset[str]  # typed by hand: start again with the greeting
    entities: Mapping[str, EntityRule] = field(default_factory=dict)


@dataclass(frozen=True)
class PayloadCheck:
    outcome: Outcome
    reason: str  # the rule that decided; never user text
    text: str = ""  # for ``text``, ``payload`` and ``words``: what the bot is given


@dataclass(frozen=True)
class _Parsed:
    name: str
    confidence: bool  # "@0.9" after the name (Rasa's syntax for tests, never a button)
    entities: object  # the decoded JSON after the name, or None
    entities_broken: bool  # "{" after the name that is not one JSON value
    rest: str  # what follows the payload


_NAME = re.compile(r"[^\s{@]*")
_CONFIDENCE = re.compile(r"@[^\s{]*")
_LEADING_SLASHES = re.compile(r"^[\s/]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECODER = json.JSONDecoder()


def _parse(text: str) -> _Parsed:
    position = len(PAYLOAD_PREFIX)
    name_match = _NAME.match(text, position)
    assert name_match is not None  # the pattern matches the empty string
    name, position = name_match.group(), name_match.end()
    confidence_match = _CONFIDENCE.match(text, position)
    if confidence_match:
        position = confidence_match.end()
    entities: object = None
    broken = False
    if text.startswith("{", position):
        try:
            entities, position = _DECODER.raw_decode(text, position)
        except (ValueError, RecursionError):
            broken = True  # where it ends is unknown: the rest, brace included, is words
    return _Parsed(name, confidence_match is not None, entities, broken, text[position:])


def json_kind(value: object) -> JsonKind:
    """The JSON kind of a decoded JSON value (``True`` is a boolean, not a number)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _string_problem(value: str) -> str | None:
    if len(value) > MAX_VALUE_CHARS:
        return "entity_too_long"
    if _SURROGATE.search(value):
        return "entity_value"  # "\ud800" in JSON: not Unicode text, cannot be stored
    return None


def _value_problem(value: object, rule: EntityRule) -> str | None:
    kind = json_kind(value)
    if kind not in rule.kinds:
        return "entity_type"
    if isinstance(value, str):
        if rule.allowed is not None and value not in rule.allowed:
            return "entity_value"
        return _string_problem(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "entity_type"  # NaN and Infinity are not JSON
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            return "entity_type"
        return next(filter(None, map(_string_problem, value)), None)
    return None


def _entities_problem(parsed: _Parsed, rules: PayloadRules) -> str | None:
    if parsed.entities_broken:
        return "entities_not_json"
    if parsed.entities is None:
        return None
    if not isinstance(parsed.entities, dict):
        return "entities_not_object"
    for name, value in parsed.entities.items():
        rule = rules.entities.get(name)
        if rule is None:
            return "unknown_entity"
        problem = _value_problem(value, rule)
        if problem:
            return problem
    return None


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _danger_in_values(entities: object, rules: PayloadRules) -> str:
    """Free-text values that report an acute danger (a categorical value cannot)."""
    if not isinstance(entities, dict):
        return ""
    free_text = [
        value
        for name, value in entities.items()
        if isinstance(value, str) and rules.entities[name].allowed is None
    ]
    return " ".join(value for value in free_text if assess_danger(value).is_danger)


def check_payload(text: str, rules: PayloadRules) -> PayloadCheck:
    """What a message in the shape of a payload becomes (see the module docstring).

    The shape is judged as Rasa will see the text: after InputGuard's cleaning (a zero-width
    space before the slash does not hide a payload). Words handed on never start with a
    slash, so Rasa never reads them as a payload.
    """
    if PAYLOAD_PREFIX not in text:
        return PayloadCheck("text", "no_payload", text)
    cleaned = sanitize(text, max_chars=max(len(text), 1))
    if not cleaned.startswith(PAYLOAD_PREFIX):
        return PayloadCheck("text", "no_payload", text)
    parsed = _parse(cleaned)
    rest = parsed.rest.strip()
    if _has_words(rest):
        return PayloadCheck("words", "words_after_payload", _LEADING_SLASHES.sub("", rest))
    if parsed.name in rules.restart_intents:
        return PayloadCheck("restart", "restart_typed")
    if parsed.name not in rules.intents:
        return PayloadCheck("not_understood", "not_a_user_intent")
    if parsed.confidence:
        return PayloadCheck("not_understood", "confidence_given")
    problem = _entities_problem(parsed, rules)
    if problem:
        return PayloadCheck("not_understood", problem)
    if rest:
        return PayloadCheck("not_understood", "trailing_characters")
    if len(cleaned) > MAX_PAYLOAD_CHARS:
        return PayloadCheck("not_understood", "payload_too_long")
    danger = _danger_in_values(parsed.entities, rules)
    if danger:
        return PayloadCheck("words", "danger_in_value", danger)
    # Written the way Rasa's payload pattern reads it back exactly ("{}" it would not).
    entities = json.dumps(parsed.entities, ensure_ascii=False) if parsed.entities else ""
    return PayloadCheck("payload", "valid", PAYLOAD_PREFIX + parsed.name + entities)
