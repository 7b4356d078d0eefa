"""The core paths: the answers every relative gets in their own language.

One list, read by ``make check-content`` (bot/content/translations.py) and the unit tests:
each response named here needs a variation for every language of ``TRANSLATED`` (condition
on the slot ``language``), and each of those variations carries ``metadata.status`` (draft or
reviewed) and ``metadata.source_hash`` (the hash of the German text it was translated from).
Every German answer also has a variation in Leichte Sprache (condition on the slot
``simple_language``), except those named in ``NO_LEICHTE_SPRACHE``. Knowledge answers not
listed here stay German; someone writing in another language then gets
``utter_rest_in_german`` with the counselling that speaks the language (the referral
records' ``languages`` field).
"""

from __future__ import annotations

from bot.language.detect import LanguageCode

# The languages every core-path answer is translated into (German is the original).
TRANSLATED: tuple[LanguageCode, ...] = ("en", "tr", "ar", "ru", "uk")

# How the referral records name the languages (bot/data/referrals.yaml, field `languages`).
RECORD_LANGUAGE_NAMES: dict[str, str] = {
    "de": "Deutsch",
    "en": "Englisch",
    "tr": "Türkisch",
    "ar": "Arabisch",
    "ru": "Russisch",
    "uk": "Ukrainisch",
}

CORE_PATHS: dict[str, tuple[str, ...]] = {
    "greeting and menu": ("utter_greet", "utter_menu", "utter_language_set"),
    "worried relatives": (
        "utter_worry_first",
        "utter_wissen/was_tun_angehoerige",
        "utter_wissen/warnzeichen",
    ),
    # the knowledge answers a worried relative asks for most (bot/language/intents.py routes
    # such questions in the five languages to them); the other two of the ten, warning signs
    # and what relatives can do, are in the group above
    "knowledge asked most": (
        "utter_wissen/salafismus",
        "utter_wissen/gewaltbereiter_salafismus",
        "utter_wissen/salafismus_islam",
        "utter_wissen/islamismus",
        "utter_wissen/herkunft",
        "utter_wissen/warum_jugendliche",
        "utter_wissen/zahlen",
        "utter_wissen/schwerpunkte",
    ),
    # the answers about Wegweiser, its chat and the BAMF hotline and who answers (bot
    # challenge); the trust answers proper (cost, confidentiality, authorities, voluntariness,
    # anonymity, hours) are the family utter_vertrauen/* (CORE_FAMILIES)
    "trust questions": (
        "utter_angebote/wegweiser",
        "utter_angebote/wegweiser_chat",
        "utter_angebote/bamf_hotline",
        "utter_bot_challenge",
    ),
    "referral form and answer": (
        "utter_ask_audience",
        "utter_ask_place",
        "utter_ask_place_ambiguous",
        "utter_ask_place_unknown",
        "utter_referral_intro",
        "utter_referral_intro_audience",
        "utter_referral_gap",
        "utter_referral_outside_nrw",
        "utter_referral_degraded",
        "utter_referral_next",
    ),
    "emergency": (
        "utter_emergency",
        "utter_emergency_next",
        "utter_safety_check",
        "utter_safety_calm",
    ),
    "privacy and deletion": ("utter_privacy", "utter_conversation_deleted"),
    "fallback": ("utter_fallback", "utter_default", "utter_rest_in_german", "utter_goodbye"),
}

# Retrieval intents whose answers are all core paths whenever they exist (the trust answers
# of the intent `vertrauen`): every response named utter_<family>/<key>.
CORE_FAMILIES: tuple[str, ...] = ("vertrauen",)
CORE_PREFIXES: tuple[str, ...] = tuple(f"utter_{family}/" for family in CORE_FAMILIES)

# Every German answer has a Leichte Sprache variation (slot simple_language), with the same
# other conditions as its original; these are the exceptions, and why.
NO_LEICHTE_SPRACHE: dict[str, str] = {
    "utter_choose_language": "the language menu: one line per language in simple words already",
    "utter_other_language_en": "an English notice, not a German answer",
    "utter_other_language_tr": "a Turkish notice, not a German answer",
    "utter_other_language_ar": "an Arabic notice, not a German answer",
}
# German originals without other conditions that stand beside conditional ones: a Leichte
# Sprache variation with no other condition would match every case of the conditional ones
# too, and Rasa would pick between them at random. utter_emergency without danger_target is
# only said before the safety layer has set it; its Leichte Sprache variations are per target.
LEICHTE_SPRACHE_PER_CONDITION_ONLY: tuple[str, ...] = ("utter_emergency",)


def core_responses() -> tuple[str, ...]:
    """Every named core-path response, in the order of ``CORE_PATHS``."""
    return tuple(name for names in CORE_PATHS.values() for name in names)


def is_core(name: str) -> bool:
    return name in core_responses() or name.startswith(CORE_PREFIXES)
