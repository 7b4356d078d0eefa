"""The intent and response names that code tests against belong to the domain: a renamed
intent or response fails here, not silently in a conversation."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import get_args

import pytest
import yaml
from rasa.shared.core.constants import DEFAULT_INTENTS

from actions import fallback, input, referrals
from bot.input import InputIssueKind
from bot.knowledge import KIND_BY_INTENT
from bot.vocab import AUDIENCES
from components import safety_override

REPO = Path(__file__).resolve().parents[2]
FORM = "referral_form"

INTENT_SETS = {
    "actions/fallback.py HELP_INTENTS": fallback.HELP_INTENTS,
    "actions/referrals.py FORM_ANSWER_INTENTS": referrals.FORM_ANSWER_INTENTS,
    "actions/referrals.py PLACE_ANSWER_INTENTS": referrals.PLACE_ANSWER_INTENTS,
    "actions/referrals.py EXIT_INTENT": {referrals.EXIT_INTENT},
    "actions/input.py OTHER_LANGUAGE_INTENT": {input.OTHER_LANGUAGE_INTENT},
    "bot/knowledge.py KIND_BY_INTENT": set(KIND_BY_INTENT),
    "components/safety_override.py": {
        safety_override.EMERGENCY_INTENT,
        safety_override.BAD_INPUT_INTENT,
        safety_override.OTHER_LANGUAGE_INTENT,
    },
}


@cache
def domain() -> dict:
    return yaml.safe_load((REPO / "domain.yml").read_text("utf-8"))


@cache
def domain_intents() -> frozenset[str]:
    names = {next(iter(i)) if isinstance(i, dict) else i for i in domain()["intents"]}
    return frozenset(names | set(DEFAULT_INTENTS))


@cache
def domain_responses() -> frozenset[str]:
    files = [REPO / "domain.yml", *sorted((REPO / "data" / "responses").glob("*.yml"))]
    return frozenset(
        name
        for path in files
        for name in (yaml.safe_load(path.read_text("utf-8")).get("responses") or {})
    )


@cache
def rules() -> list[dict]:
    return [
        rule
        for path in sorted((REPO / "data" / "rules").glob("*.yml"))
        for rule in yaml.safe_load(path.read_text("utf-8")).get("rules") or []
    ]


def test_the_domain_lists_intents() -> None:
    assert {"emergency", "help", "want_exit"} <= domain_intents()


@pytest.mark.parametrize("where", sorted(INTENT_SETS))
def test_intents_named_in_code_are_domain_intents(where: str) -> None:
    assert INTENT_SETS[where], where
    assert set(INTENT_SETS[where]) - domain_intents() == set(), where


# Turns the referral form must never swallow as an answer to its question.
MUST_INTERRUPT = ("emergency", "safety_check", "cancel", "delete_conversation", "help", "goodbye")


@pytest.mark.parametrize("intent", MUST_INTERRUPT)
def test_every_hard_interruption_has_a_rule_during_the_form(intent: str) -> None:
    """The form rejects these turns; a rule must answer them while the form is active."""
    assert intent not in referrals.FORM_ANSWER_INTENTS
    during_form = [
        rule
        for rule in rules()
        if {"active_loop": FORM} in (rule.get("condition") or [])
        and rule["steps"][0] == {"intent": intent}
    ]
    assert during_form, f"no rule answers {intent!r} while {FORM} is active"


def test_every_response_named_in_code_is_in_the_domain() -> None:
    code = [
        *(REPO / "actions").glob("*.py"),
        *(REPO / "bot").rglob("*.py"),
        *(REPO / "components").glob("*.py"),
    ]
    named = {
        name
        for path in code
        for name in re.findall(r"""["'](utter_[\w/]+)["']""", path.read_text("utf-8"))
    }
    named.discard("utter_action")  # the metadata key of Rasa's bot events, not a response
    assert len(named) >= 20
    assert named - domain_responses() == set()


def test_every_input_issue_has_its_answer() -> None:
    assert set(input.RESPONSE_BY_ISSUE) == set(get_args(InputIssueKind))


def test_the_audience_slot_takes_exactly_the_audiences() -> None:
    assert domain()["slots"]["audience"]["values"] == list(AUDIENCES)
