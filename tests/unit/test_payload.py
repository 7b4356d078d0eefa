"""bot.input.payload: payload-shaped messages checked against rules (no Rasa needed).

The rules here mirror Lotse's domain; tests/unit/test_channels.py checks that the rules
built from the real domain say the same.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.input.payload import (
    JSON_KINDS,
    MAX_PAYLOAD_CHARS,
    MAX_VALUE_CHARS,
    EntityRule,
    PayloadRules,
    check_payload,
    json_kind,
)
from tests.strategies import json_values

AUDIENCES = frozenset({"relatives", "teachers", "affected", "exit", "professionals"})
RULES = PayloadRules(
    intents=frozenset(
        {"greet", "help", "ask_referral", "inform_audience", "inform_place", "emergency"}
    ),
    restart_intents=frozenset({"restart", "session_start"}),
    entities={
        "audience": EntityRule(kinds=frozenset({"string"}), allowed=AUDIENCES),
        "place": EntityRule(kinds=frozenset({"string"})),
        "count": EntityRule(kinds=frozenset({"number"})),
        "anything": EntityRule(kinds=JSON_KINDS),
    },
)


@pytest.mark.parametrize(
    ("text", "handed_on"),
    [
        ("/greet", "/greet"),
        ("/help", "/help"),
        (" /ask_referral ", "/ask_referral"),
        ('/inform_audience{"audience": "relatives"}', '/inform_audience{"audience": "relatives"}'),
        ('/inform_audience{"audience":"exit"}', '/inform_audience{"audience": "exit"}'),
        ('/inform_place{"place": "Köln"}', '/inform_place{"place": "Köln"}'),
        ('/inform_place{"place": "K\\u00f6ln"}', '/inform_place{"place": "Köln"}'),
        ('/inform_place{"place": "<script>"}', '/inform_place{"place": "<script>"}'),
        (
            '/ask_referral{"audience": "teachers", "place": "Velbert"}',
            '/ask_referral{"audience": "teachers", "place": "Velbert"}',
        ),
        ('/emergency{"count": 3}', '/emergency{"count": 3}'),
        ('/greet{"anything": {"a": [1, null]}}', '/greet{"anything": {"a": [1, null]}}'),
        ("/greet{}", "/greet"),  # Rasa's pattern would not read "{}" as entities
    ],
)
def test_payloads_a_button_could_send_go_on_as_a_button_writes_them(
    text: str, handed_on: str
) -> None:
    check = check_payload(text, RULES)
    assert (check.outcome, check.reason) == ("payload", "valid")
    assert check.text == handed_on


@pytest.mark.parametrize(
    "text",
    ["Hallo", "Beratung in Köln", "", "   ", "und/oder", "Hilfe /restart", "ja / nein", "1/2"],
)
def test_text_is_not_a_payload(text: str) -> None:
    check = check_payload(text, RULES)
    assert check.outcome == "text" and check.text == text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("/restart hallo", "hallo"),
        ("/session_start Beratung in Köln", "Beratung in Köln"),
        ('/ask_referral{"audience": {"x": 1}} Ich suche Hilfe', "Ich suche Hilfe"),
        ("/greet Ich will mich umbringen", "Ich will mich umbringen"),
        ("/action_listen was ist das", "was ist das"),
        ("/ Hallo", "Hallo"),
        ('/inform_place{"place": Köln', '{"place": Köln'),  # broken JSON: the rest is words
        ("/foo /bar Beratung", "bar Beratung"),  # words never start with a slash
        ("/foo / //bar", "bar"),
        ("/greet\u200b hallo", "hallo"),
    ],
)
def test_words_after_a_payload_are_read_as_text(text: str, words: str) -> None:
    check = check_payload(text, RULES)
    assert check.outcome == "words", check
    assert check.text == words
    assert not check.text.startswith("/")


@pytest.mark.parametrize(
    "text",
    ["/restart", "/session_start", " /restart ", "/restart{}", "\u200b/restart", "/restart@1"],
)
def test_restart_typed_by_hand(text: str) -> None:
    assert check_payload(text, RULES).outcome == "restart"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("/", "not_a_user_intent"),
        ("//", "not_a_user_intent"),
        ("/back", "not_a_user_intent"),
        ("/nlu_fallback", "not_a_user_intent"),
        ("/action_restart", "not_a_user_intent"),
        ("/action_listen", "not_a_user_intent"),
        ("/utter_greet", "not_a_user_intent"),
        ("/nonexistent_intent", "not_a_user_intent"),
        ("/GREET", "not_a_user_intent"),
        ("/greet@0.9", "confidence_given"),
        ('/inform_audience{"audience": "hacker"}', "entity_value"),
        ('/inform_audience{"audience": "RELATIVES"}', "entity_value"),
        ('/ask_referral{"audience": {"x": 1}}', "entity_type"),
        ('/ask_referral{"audience": 1}', "entity_type"),
        ('/ask_referral{"audience": null}', "entity_type"),
        ('/ask_referral{"audience": ["relatives"]}', "entity_type"),
        ('/ask_referral{"place": true}', "entity_type"),
        ('/ask_referral{"place": "' + "x" * (MAX_VALUE_CHARS + 1) + '"}', "entity_too_long"),
        ('/emergency{"count": "3"}', "entity_type"),
        ('/emergency{"count": NaN}', "entity_type"),
        ('/emergency{"count": Infinity}', "entity_type"),
        ('/emergency{"count": true}', "entity_type"),  # a boolean is not a number
        ('/ask_referral{"name": "Ali"}', "unknown_entity"),
        ('/ask_referral{"place": "\\ud800"}', "entity_value"),  # a lone surrogate
        ('/greet{"anything": ["\\udfff"]}', "entity_value"),
        ("/ask_referral[]", "not_a_user_intent"),  # "[" is part of the name
        ('/ask_referral{"place": "Köln"}}', "trailing_characters"),
        ("/ask_referral{", "entities_not_json"),
        ("/ask_referral{{}}", "entities_not_json"),
        ('/ask_referral{"": }', "entities_not_json"),
    ],
)
def test_anything_else_is_not_understood(text: str, reason: str) -> None:
    check = check_payload(text, RULES)
    assert (check.outcome, check.reason) == ("not_understood", reason)


def test_a_long_payload_is_not_a_button() -> None:
    text = '/inform_place{"place": "Köln"' + ', "place": "Köln"' * 40 + "}"
    assert len(text) > MAX_PAYLOAD_CHARS
    assert check_payload(text, RULES).reason == "payload_too_long"


def test_an_acute_danger_in_a_free_text_value_is_read_as_words() -> None:
    check = check_payload('/inform_place{"place": "mein Bruder will morgen jemanden töten"}', RULES)
    assert check.outcome == "words"
    assert check.text == "mein Bruder will morgen jemanden töten"


def test_deeply_nested_json_does_not_crash() -> None:
    nested = "[" * 50_000 + "]" * 50_000
    assert check_payload('/greet{"anything": ' + nested + "}", RULES).outcome == "words"
    check = check_payload('/greet{"": ' + nested + "}", RULES)
    assert (check.outcome, check.reason) == ("not_understood", "entities_not_json")


def test_json_kinds() -> None:
    assert [json_kind(v) for v in (None, True, 0, 1.5, "", [], {})] == [
        "null", "boolean", "number", "number", "string", "array", "object",
    ]  # fmt: skip


payload_texts = st.builds(
    lambda name, entities, rest: "/" + name + (json.dumps(entities) if entities else "") + rest,
    st.sampled_from([*RULES.intents, "restart", "session_start", "back", "action_x", ""])
    | st.text(max_size=12),
    st.none() | st.dictionaries(st.sampled_from(["audience", "place", "x"]), json_values),
    st.sampled_from(["", " ", " hallo", "}", "@1"]) | st.text(max_size=20),
)


@settings(max_examples=500, deadline=None)
@given(text=payload_texts | st.text(max_size=60))
def test_every_message_gets_one_outcome_and_slash_free_words(text: str) -> None:
    check = check_payload(text, RULES)
    assert check.outcome in {"text", "payload", "words", "restart", "not_understood"}
    if check.outcome == "words":
        assert check.text and not check.text.startswith("/")
    if check.outcome == "payload":
        # What goes on unchanged is a payload the same rules accept again.
        assert check_payload(check.text, RULES) == check
