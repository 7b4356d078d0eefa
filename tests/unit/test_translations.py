"""Translations and Leichte Sprache variants as content (bot/content/translations.py,
bot/content/leichte_sprache.py, bot/language/core_paths.py)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content.leichte_sprache import MAX_WORDS, problems
from bot.content.translations import (
    SIMPLE,
    check_translations,
    check_variations,
    load_variations,
    source_hash,
    variation,
)
from bot.language.core_paths import (
    CORE_PATHS,
    NO_LEICHTE_SPRACHE,
    TRANSLATED,
    core_responses,
    is_core,
)


def _lang(code: str) -> list[dict[str, Any]]:
    return [{"type": "slot", "name": "language", "value": code}]


def _simple() -> list[dict[str, Any]]:
    return [*_lang("de"), {"type": "slot", "name": "simple_language", "value": True}]


GERMAN = "Guten Tag! Womit kann ich helfen?"


def _response(status: str = "draft", german: str = GERMAN, skip: str = "") -> list[Any]:
    raw = [{"text": german}]
    for code in TRANSLATED:
        if code != skip:
            raw.append(
                {
                    "condition": _lang(code),
                    "text": f"[{code}] hello",
                    "metadata": {"status": status, "source_hash": source_hash(GERMAN)},
                }
            )
    return [variation("utter_x", v) for v in raw]


def _only(report_errors: list[str], name: str = "utter_x") -> list[str]:
    return [e for e in report_errors if e.startswith(name)]


def test_the_shipped_answers_pass() -> None:
    report = check_translations()
    assert report.errors == []
    # every language has at least one variation per core-path response
    for code in TRANSLATED:
        assert (
            report.counts[(code, "draft")] + report.counts[(code, "reviewed")]
            >= len(core_responses()) - 1
        )  # utter_language_set's German is its own default


def test_every_core_path_answer_has_all_five_languages() -> None:
    variations = load_variations()
    for name in core_responses():
        keys = {v.key for v in variations[name]}
        assert set(TRANSLATED) <= keys, name


def test_every_german_answer_has_its_leichte_sprache_variant() -> None:
    variations = load_variations()
    for name, variants in variations.items():
        if name not in NO_LEICHTE_SPRACHE:
            assert SIMPLE in {v.key for v in variants}, name
    assert len(variations) - len(NO_LEICHTE_SPRACHE) >= 90


def test_a_missing_leichte_sprache_variant_is_an_error_per_condition() -> None:
    variations = load_variations()
    emergency = [v for v in variations["utter_emergency"] if not (v.key == SIMPLE and v.others)] + [
        v
        for v in variations["utter_emergency"]
        if v.key == SIMPLE and v.others != (("danger_target", "self"),)
    ]
    report = check_variations({"utter_emergency": emergency}, core=())
    assert any("danger_target=self: lacks its Leichte Sprache" in e for e in report.errors)
    plain = [v for v in variations["utter_fear"] if v.key != SIMPLE]
    report = check_variations({"utter_fear": plain}, core=())
    assert report.errors == ["utter_fear: lacks its Leichte Sprache variant (simple_language)"]
    report = check_variations(
        {"utter_choose_language": variations["utter_choose_language"]}, core=()
    )
    assert report.errors == []


def test_core_paths_cover_the_brief() -> None:
    assert {
        "greeting and menu",
        "worried relatives",
        "trust questions",
        "referral form and answer",
        "emergency",
        "privacy and deletion",
        "fallback",
    } <= set(CORE_PATHS)
    assert len(core_responses()) == len(set(core_responses()))
    assert is_core("utter_vertrauen/kosten") and not is_core("utter_imag/mitglieder")


def test_hash_ignores_line_breaks_not_words() -> None:
    assert source_hash("a  b\nc") == source_hash("a b c")
    assert source_hash("a b c") != source_hash("a b c.")


def test_a_missing_language_fails() -> None:
    variations = {"utter_x": _response(skip="ar")}
    report = check_variations(variations, core=("utter_x",))
    assert any("lacks a variant in ar" in e for e in _only(report.errors))


def test_german_changed_after_review_fails_but_draft_only_warns() -> None:
    changed = "Guten Tag! Wie kann ich helfen?"
    reviewed = check_variations({"utter_x": _response("reviewed", german=changed)})
    assert len([e for e in reviewed.errors if "German text changed" in e]) == len(TRANSLATED)
    draft = check_variations({"utter_x": _response("draft", german=changed)})
    assert not [e for e in draft.errors if "changed" in e]
    assert len(draft.warnings) == len(TRANSLATED)
    fine = check_variations({"utter_x": _response("reviewed")})
    assert not [e for e in fine.errors if e.startswith("utter_x") and "Leichte Sprache" not in e]


def test_status_and_hash_are_required() -> None:
    raw = [
        {"text": GERMAN},
        {"condition": _lang("en"), "text": "hi", "metadata": {"status": "done"}},
        {"condition": _lang("tr"), "text": "merhaba", "metadata": {"status": "draft"}},
        {"condition": _simple(), "text": "Hallo."},
    ]
    report = check_variations({"utter_x": [variation("utter_x", v) for v in raw]})
    text = "\n".join(report.errors)
    assert "[en]: metadata.status must be draft or reviewed" in text
    assert "[tr]: metadata.source_hash missing" in text
    assert "[de-simple]: metadata.status" in text


def test_other_conditions_pick_the_matching_german_original() -> None:
    target = {"type": "slot", "name": "danger_target", "value": "self"}
    raw = [
        {"condition": [*_lang("de"), target], "text": "Hilfe für Sie"},
        {"text": "Hilfe allgemein"},
        {
            "condition": [*_lang("en"), target],
            "text": "help for you",
            "metadata": {"status": "reviewed", "source_hash": source_hash("Hilfe für Sie")},
        },
    ]
    report = check_variations({"utter_y": [variation("utter_y", v) for v in raw]})
    errors = [e for e in _only(report.errors, "utter_y") if "Leichte Sprache" not in e]
    assert errors == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Das Gespräch wird gelöscht.", "passive"),
        ("Ich würde Ihnen gern helfen.", "subjunctive"),
        ("Das ist die Stelle des Landes.", "genitive"),
        ("Rufen Sie die Beratungsstelle an.", "long word"),
        (" ".join(["Wort"] * (MAX_WORDS + 1)) + ".", "sentence of"),
    ],
)
def test_leichte_sprache_rules_find_the_forbidden_forms(text: str, kind: str) -> None:
    assert any(p.startswith(kind) for p in problems(text)), problems(text)


def test_leichte_sprache_accepts_plain_sentences() -> None:
    text = (
        "Ich habe das Gespräch gelöscht. Rufen Sie die Beratungs-Stelle an. "
        "Mehr Infos: https://www.wegweiser.nrw.de. Sie bleiben {retention_days} Tage gespeichert."
    )
    assert problems(text) == []


def test_shipped_leichte_sprache_variants_follow_the_checkable_rules() -> None:
    for name, variants in load_variations().items():
        for v in variants:
            if v.key == SIMPLE:
                assert problems(v.text) == [], name
