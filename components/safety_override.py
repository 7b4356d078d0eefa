"""Rule layer after the classifiers: acute danger and unusable input win over any intent.

The safety verdict comes from InputGuard (``bot.safety.verdict``: rules, the danger
classifier and the conversation's context), independently of the intent classifier:

* ``alarm`` -> intent ``emergency``, ``ask`` -> intent ``safety_check`` (the short safety
  question with the numbers), both with confidence 1.0 and the entity ``danger_target``
  (others / self / report), which fills the slot the emergency answer's variations read;
* an explicit request for a language or for Leichte Sprache ("in English please", "in
  einfacher Sprache") -> ``set_language`` with the entities ``language`` / ``simple_language``;
* otherwise unusable input -> ``bad_input``; a message that takes a place back and names
  another ("nicht Wuppertal, Solingen") -> ``correct_place``; a message confidently written
  in English, Turkish, Arabic, Russian or Ukrainian -> the core-path intent its keywords name
  (``bot.language.intents``; trust questions get their knowledge answer; a short answer to
  "who is this about?" is ``inform_audience`` with the entity ``audience``), a place name
  (``inform_place``), or else ``other_language`` (the rest is in German).

The intent classifier itself never decides an emergency: an ``emergency`` or
``safety_check`` it ranks first without the safety layer's verdict is dropped from the top.
Runs before FallbackClassifier.
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.geo import find_place_in_text, is_place_correction, names_another_place
from bot.input.guard import classify_input
from bot.language.intents import guess_intent, language_request
from bot.language.places import latinise_places
from bot.language.understanding import MODEL_MIN_CONFIDENCE
from bot.referrals.situation import asks_for_counselling
from bot.safety.verdict import is_payload
from components.base import StatelessComponent
from components.foreign_intents import FOREIGN_INTENT
from components.input_guard import ASKED_SLOT, INPUT_ISSUE, SAFETY
from components.language_detection import MESSAGE_LANGUAGE, NON_LATIN, add_entity

# Input verdicts that make the text unusable for intent classification.
_BAD_INPUT_KINDS = {"empty", "emoji_only", "markup", "injection", "too_long"}
# The intents the rules set (domain.yml; tests/unit/test_intents.py ties them to it).
EMERGENCY_INTENT = "emergency"
SAFETY_CHECK_INTENT = "safety_check"
BAD_INPUT_INTENT = "bad_input"
OTHER_LANGUAGE_INTENT = "other_language"
SET_LANGUAGE_INTENT = "set_language"
INFORM_PLACE_INTENT = "inform_place"
ASK_REFERRAL_INTENT = "ask_referral"
# Topics whose words a short answer to the form's place question may carry ("Kranenburg,
# direkt an der holländischen Grenze" is no question about the neighbouring countries).
_TOPIC_INTENTS = frozenset(
    (
        *("portal", "imag", "netzwerk", "aktuelles", "wissen", "angebote", "out_of_scope"),
        *("followup_since_when", "followup_who"),
    )
)
PLACE_ANSWER_MAX_WORDS = 12
# A short message in another language that names a place answers "where?" ("Кёльн?",
# "Duisburg'da"), whatever the model read into it, unless its intent carries the place itself.
FOREIGN_PLACE_ANSWER_MAX_WORDS = 3
_PLACE_CARRYING = frozenset(
    (ASK_REFERRAL_INTENT, "express_worry", "want_exit", "correct_place", "change_place")
)
# Worry said in so many words, where the classifier is unsure ("Guten Tag, ich mache mir Sorgen
# wegen meines Enkels" split between greet and ask_referral): the calm first guidance.
WORRY_INTENT = "express_worry"
_SAYS_WORRY = re.compile(
    r"\b(?:mache?|machen) (?:mir|uns) (?:\w+ ){0,2}sorgen\b|\b(?:ich|wir) (?:habe?|haben) "
    r"(?:\w+ ){0,2}(?:sorgen|angst) (?:um|wegen)\b|^\W*(?:sorgen|ich hab sorgen|sorge)\W*$",
    re.I,
)
UNSURE_BELOW = 0.5
# Trust answers that a request for counselling in a named place outranks.
_TRUST_INTENT = "vertrauen"
CORRECT_PLACE_INTENT = "correct_place"
RESPONSE_SELECTOR = "response_selector"
TARGET_ENTITY = "danger_target"
_SAFETY_INTENTS = {EMERGENCY_INTENT, SAFETY_CHECK_INTENT}


# Parse-data key (not in the output): the intent was set by a rule of this layer, so the
# fallback classifier never calls it ambiguous (components/fallback_classifier.py).
RULE_VERDICT = "rule_verdict"


def override_intent(message: Message, intent_name: str) -> None:
    """Put ``intent_name`` first with full confidence, keeping the rest of the ranking."""
    message.set(RULE_VERDICT, True)
    ranking = [
        entry
        for entry in (message.get(INTENT_RANKING_KEY) or [])
        if entry.get("name") != intent_name
    ]
    top = {"name": intent_name, "confidence": 1.0}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


def drop_safety_intents(message: Message) -> None:
    """The classifier's own emergency guess does not count: the next intent moves up."""
    ranking = [
        entry
        for entry in (message.get(INTENT_RANKING_KEY) or [])
        if entry.get("name") not in _SAFETY_INTENTS
    ]
    intent = message.get(INTENT) or {}
    if intent.get("name") in _SAFETY_INTENTS:
        top = ranking[0] if ranking else {"name": None, "confidence": 0.0}
        message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


# Parse-data key: the intent was set by a rule of the language layer (a request to switch, a
# keyword of another language), so the fallback classifier never calls it ambiguous with the
# classifier's own guesses behind it (components/fallback_classifier.py).
LANGUAGE_RULE = "language_rule"


def override_by_language_rule(message: Message, intent_name: str) -> None:
    override_intent(message, intent_name)
    message.set(LANGUAGE_RULE, True, add_to_output=True)


def select_response(message: Message, response_key: str) -> None:
    """Set the ResponseSelector's output as Rasa's ``utter_<retrieval intent>`` reads it."""
    selector = dict(message.get(RESPONSE_SELECTOR) or {})
    selector["default"] = {
        "response": {
            "responses": [],
            "confidence": 1.0,
            "intent_response_key": response_key,
            "utter_action": f"utter_{response_key}",
        },
        "ranking": [],
    }
    message.set(RESPONSE_SELECTOR, selector, add_to_output=True)


def apply_language_request(message: Message, text: str, extractor: str) -> bool:
    """``set_language`` for "in English please", "in einfacher Sprache", ..."""
    request = language_request(text)
    if request is None:
        return False
    override_by_language_rule(message, SET_LANGUAGE_INTENT)
    if request.language:
        add_entity(message, "language", request.language, extractor)
    if request.simple is not None:
        add_entity(message, "simple_language", request.simple, extractor)
    return True


def _apply_guess(
    message: Message,
    intent: str,
    response_key: str | None,
    entities: tuple[tuple[str, str], ...],
    extractor: str,
) -> None:
    override_by_language_rule(message, intent)
    if response_key:
        select_response(message, response_key)
    for entity, value in entities:  # "I'm his mother": audience = relatives
        add_entity(message, entity, value, extractor)


def model_guess(message: Message) -> tuple[str, str | None, tuple[tuple[str, str], ...], float]:
    """The reading of ForeignIntentClassifier: intent, answer key, entities, confidence."""
    found = message.get(FOREIGN_INTENT) or {}
    entities = (("audience", found["audience"]),) if found.get("audience") else ()
    return found.get("name") or "", found.get("response_key"), entities, found.get("confidence", 0)


def apply_foreign_intent(
    message: Message,
    text: str,
    language: str,
    issue: str | None,
    extractor: str = "SafetyOverride",
) -> None:
    """The intent of a message in another language. The model trained on examples written in
    each language (ForeignIntentClassifier) decides when it is sure (MODEL_MIN_CONFIDENCE);
    else the keywords of ``bot.language.intents`` when they name an intent, else the model's
    guess all the same: on the blind sets this order understood 91 % against 55 % for the
    keywords alone (scripts/eval_languages.py). Without a model (an old one, or none): the
    keywords; else, for Latin script, the classifier's own intent unless it (or the input
    guard) said "another language" ("yes", "bye bye" and "Trainer im sportverein" are German
    chat too); else ``other_language``. The German classifier knows no Cyrillic, so there it
    never decides."""
    intent, key, entities, confidence = model_guess(message)
    if intent and confidence >= MODEL_MIN_CONFIDENCE:
        _apply_guess(message, intent, key, entities, extractor)
        return
    guess = guess_intent(text, language)
    if guess is not None:
        _apply_guess(message, guess.intent, guess.response_key, guess.entities, extractor)
        return
    if intent:
        _apply_guess(message, intent, key, entities, extractor)
        return
    classified = (message.get(INTENT) or {}).get("name")
    foreign_guess = classified == OTHER_LANGUAGE_INTENT or (issue or "").startswith("language_")
    if language in NON_LATIN or foreign_guess:
        override_intent(message, OTHER_LANGUAGE_INTENT)  # a place in it: see process()


def apply_unmarked_foreign_intent(message: Message, extractor: str) -> None:
    intent, key, entities, confidence = model_guess(message)
    classified = message.get(INTENT) or {}
    if (
        intent
        and intent != OTHER_LANGUAGE_INTENT
        and confidence >= MODEL_MIN_CONFIDENCE
        and (
            classified.get("name") == OTHER_LANGUAGE_INTENT
            or confidence > classified.get("confidence", 0.0)
        )
    ):
        _apply_guess(message, intent, key, entities, extractor)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyOverride(StatelessComponent):
    """Sets ``emergency``, ``safety_check``, ``bad_input`` or ``other_language``."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            verdict = message.get(SAFETY) or {}
            level = verdict.get("level")
            if level in ("alarm", "ask"):
                override_intent(
                    message, EMERGENCY_INTENT if level == "alarm" else SAFETY_CHECK_INTENT
                )
                if verdict.get("target"):
                    add_entity(message, TARGET_ENTITY, verdict["target"], type(self).__name__)
                continue
            if not is_payload(text):
                drop_safety_intents(message)
                if apply_language_request(message, text, type(self).__name__):
                    continue
            issue = message.get(INPUT_ISSUE)
            if issue is None and not text.strip():
                # The REST channel may hand over an empty string without InputGuard's verdict.
                verdict_ = classify_input(text)
                issue = verdict_.kind if verdict_ else None
                if issue:
                    message.set(INPUT_ISSUE, issue, add_to_output=True)
            language = message.get(MESSAGE_LANGUAGE)
            if not language and issue and issue.startswith("language_"):
                language = issue.removeprefix("language_")  # the input guard's own guess
            if issue in _BAD_INPUT_KINDS:
                override_intent(message, BAD_INPUT_INTENT)
            elif not is_payload(text) and (is_place_correction(text) or names_another_place(text)):
                # "nicht Wuppertal, Solingen": a new place, even where a town's name is also
                # the topic of a knowledge answer (the attack in Solingen); "und für Kempen?",
                # "Zahlendreher, ich mein 42853": the place asked for or meant
                override_intent(message, CORRECT_PLACE_INTENT)
            elif language and language != "de" and not is_payload(text):
                apply_foreign_intent(message, text, language, issue, type(self).__name__)
            elif message.get(FOREIGN_INTENT) and not is_payload(text):
                # Not marked as any language, in a conversation in another one ("yes
                # please", "is it free?"): the model's reading when it is surer than the
                # German classifier's.
                apply_unmarked_foreign_intent(message, type(self).__name__)
            intent_now = (message.get(INTENT) or {}).get("name")
            if (
                intent_now == OTHER_LANGUAGE_INTENT
                or (
                    message.get(FOREIGN_INTENT)
                    and intent_now not in _PLACE_CARRYING
                    and len(text.split()) <= FOREIGN_PLACE_ANSWER_MAX_WORDS
                )
            ) and find_place_in_text(latinise_places(text)) is not None:
                # "I live in Cologne", "Кёльн": an answer to the form's place question
                override_by_language_rule(message, INFORM_PLACE_INTENT)
            elif (message.get(INTENT) or {}).get("confidence", 1.0) < UNSURE_BELOW and (
                _SAYS_WORRY.search(text)
            ):
                override_intent(message, WORRY_INTENT)
            elif (
                message.get(ASKED_SLOT) == "place"
                and (message.get(INTENT) or {}).get("name") in _TOPIC_INTENTS
                and len(text.split()) <= PLACE_ANSWER_MAX_WORDS
                and find_place_in_text(latinise_places(text)) is not None
            ):
                # the form asked where: a short message naming a place answers it
                override_intent(message, INFORM_PLACE_INTENT)
            elif (
                (message.get(INTENT) or {}).get("name") == _TRUST_INTENT
                and asks_for_counselling(text)
                and find_place_in_text(text) is not None
            ):
                # "Die Polizei hat ihn aufgehalten. Jetzt brauchen wir eine Beratung, wir
                # wohnen in Neuss": the police is the story, the request is a referral
                override_intent(message, ASK_REFERRAL_INTENT)
        return messages
