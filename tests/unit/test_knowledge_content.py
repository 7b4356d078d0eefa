"""Consistency checks for the knowledge content ("Informieren").

Covers data/nlu/knowledge.yml, data/nlu/followups.yml, data/responses/knowledge.yml,
tests/nlu/knowledge_heldout.yml, docs/content.md and bot/knowledge.py.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge import FOLLOWUPS, KIND_BY_INTENT, KINDS, followup_response
from bot.text.phones import digits, find_phone_numbers
from bot.vocab import SHOWABLE_PHONE_STATUSES

REPO = Path(__file__).resolve().parents[2]
NLU_FILE = REPO / "data" / "nlu" / "knowledge.yml"
FOLLOWUP_FILE = REPO / "data" / "nlu" / "followups.yml"
RESPONSES_FILE = REPO / "data" / "responses" / "knowledge.yml"
HELDOUT_FILE = REPO / "tests" / "nlu" / "knowledge_heldout.yml"
CONTENT_DOC = REPO / "docs" / "content.md"
REFERRALS_FILE = REPO / "bot" / "data" / "referrals.yaml"

RETRIEVAL_INTENTS = {"portal", "imag", "netzwerk", "aktuelles", "wissen", "angebote"}
FOLLOWUP_INTENTS = {"followup_since_when", "followup_who"}
INTENT_PAYLOADS = {"/ask_referral": "Beratung in meiner Nähe", "/help": "Zum Menü"}
VS_GENERAL_CONTACT_DIGITS = "02118712821"  # not a counselling line: never in an answer
MIN_EXAMPLES = 15
MIN_HELDOUT = 6
MAX_TEXT_CHARS = 600
KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
URL_RE = re.compile(r"https?://\S+")
EMERGENCY_RE = re.compile(r"(?<![\d.,])11[02](?!\d)(?![.,]\d)")


def _norm(example: str) -> str:
    return " ".join(example.lower().split()).rstrip("?!. ")


def _yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def _examples(path: Path) -> dict[str, list[str]]:
    data = _yaml(path)
    assert str(data.get("version")) == "3.1", f"{path}: version must be 3.1"
    result: dict[str, list[str]] = defaultdict(list)
    for block in data["nlu"]:
        intent = block["intent"]
        for line in block["examples"].splitlines():
            line = line.strip()
            if line:
                assert line.startswith("- "), f"{path}: bad example line {line!r}"
                result[intent].append(line[2:].strip())
    return dict(result)


@cache
def training() -> dict[str, list[str]]:
    return _examples(NLU_FILE)


@cache
def followup_training() -> dict[str, list[str]]:
    return _examples(FOLLOWUP_FILE)


@cache
def heldout() -> dict[str, list[str]]:
    return _examples(HELDOUT_FILE)


@cache
def responses() -> dict[str, list[dict[str, Any]]]:
    data = _yaml(RESPONSES_FILE)
    assert str(data.get("version")) == "3.1"
    return data["responses"]


def _response_key(name: str) -> str:
    assert name.startswith("utter_"), name
    return name[len("utter_") :]


# (a) docs/content.md ---------------------------------------------------------------------


def test_every_response_named_in_content_doc_exists() -> None:
    named = set(re.findall(r"`(utter_[a-z_]+/[a-z0-9_]+)`", CONTENT_DOC.read_text("utf-8")))
    assert len(named) >= 40, "content.md should name the knowledge responses"
    missing = named - set(responses())
    assert not missing, f"content.md names unknown responses: {sorted(missing)}"


def test_every_response_is_documented_in_content_doc() -> None:
    doc = CONTENT_DOC.read_text("utf-8")
    undocumented = [name for name in responses() if f"`{name}`" not in doc]
    assert not undocumented, f"responses missing from docs/content.md: {undocumented}"


# (b) keys and responses ------------------------------------------------------------------


def test_only_the_six_retrieval_intents_with_clean_keys() -> None:
    for full_key in training():
        intent, _, key = full_key.partition("/")
        assert intent in RETRIEVAL_INTENTS, f"unexpected retrieval intent {full_key}"
        assert KEY_RE.match(key), f"response key must be lowercase snake_case: {full_key}"
    assert {k.partition("/")[0] for k in training()} == RETRIEVAL_INTENTS


def test_every_key_has_a_response_and_vice_versa() -> None:
    nlu_keys = set(training())
    response_keys = {_response_key(name) for name in responses()}
    assert nlu_keys - response_keys == set(), "keys without response"
    assert response_keys - nlu_keys == set(), "responses without training examples"


def test_followup_file_has_exactly_the_two_intents() -> None:
    assert set(followup_training()) == FOLLOWUP_INTENTS
    assert set(KIND_BY_INTENT) == FOLLOWUP_INTENTS


# (c) examples -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [NLU_FILE, FOLLOWUP_FILE])
def test_at_least_fifteen_examples_per_key(path: Path) -> None:
    counts = {key: len(examples) for key, examples in _examples(path).items()}
    too_few = {key: n for key, n in counts.items() if n < MIN_EXAMPLES}
    assert not too_few, f"fewer than {MIN_EXAMPLES} examples: {too_few}"


def test_no_duplicate_examples_within_or_across_keys() -> None:
    owner: dict[str, str] = {}
    clashes: list[str] = []
    for source in (training(), followup_training()):
        for key, examples in source.items():
            for example in examples:
                norm = _norm(example)
                if norm in owner:
                    clashes.append(f"{example!r} in {owner[norm]} and {key}")
                owner[norm] = key
    assert not clashes, "duplicate examples:\n" + "\n".join(clashes)


def test_followup_examples_name_no_topic() -> None:
    topic_words = {
        "imag",
        "wegweiser",
        "ran",
        "portal",
        "podcast",
        "salafismus",
        "ministerium",
        "bamf",
        "api",
    }
    for intent, examples in followup_training().items():
        for example in examples:
            words = set(re.findall(r"\w+", example.lower()))
            assert not words & topic_words, f"{intent}: {example!r} is not context-free"


def test_nlu_blocks_are_well_formed() -> None:
    """Retrieval intents are written as intent/key, examples as a block of '- ' lines."""
    data = _yaml(NLU_FILE)
    for block in data["nlu"]:
        assert set(block) == {"intent", "examples"}, block.get("intent")
        assert block["intent"].count("/") == 1


# (d) held-out test set --------------------------------------------------------------------


def test_heldout_covers_every_key_and_followup_intent() -> None:
    wanted = set(training()) | FOLLOWUP_INTENTS
    assert set(heldout()) == wanted
    too_few = {k: len(v) for k, v in heldout().items() if len(v) < MIN_HELDOUT}
    assert not too_few, f"fewer than {MIN_HELDOUT} held-out examples: {too_few}"


def test_no_heldout_example_in_training_data() -> None:
    trained = {
        _norm(e) for src in (training(), followup_training()) for v in src.values() for e in v
    }
    leaked = [e for v in heldout().values() for e in v if _norm(e) in trained]
    assert not leaked, f"held-out examples found in training data: {leaked}"


def test_no_duplicates_inside_heldout() -> None:
    counts = Counter(_norm(e) for v in heldout().values() for e in v)
    assert [e for e, n in counts.items() if n > 1] == []


# (e) responses ----------------------------------------------------------------------------


def _variants() -> list[tuple[str, dict[str, Any]]]:
    return [(name, variant) for name, variants in responses().items() for variant in variants]


@pytest.mark.parametrize(("name", "variant"), _variants(), ids=lambda v: str(v)[:40])
def test_response_has_link_or_button_and_is_short(name: str, variant: dict[str, Any]) -> None:
    text = variant["text"]
    assert text.strip(), name
    assert len(text) <= MAX_TEXT_CHARS, f"{name}: {len(text)} characters"
    assert URL_RE.search(text) or variant.get("buttons"), f"{name}: no link and no button"
    assert "<" not in text and "](" not in text, f"{name}: no HTML or Markdown links"


def _translated(variant: dict[str, Any]) -> bool:
    """A translation or Leichte Sprache variant (bot/content/translations.py): its button
    titles are in its own language."""
    return any(
        c.get("name") in ("language", "simple_language") for c in variant.get("condition") or []
    )


def test_button_payloads_route_to_a_known_intent() -> None:
    trained = {_norm(e) for v in training().values() for e in v}
    for name, variant in _variants():
        buttons = variant.get("buttons", [])
        assert buttons, f"{name}: every answer ends with a next step"
        for button in buttons:
            title, payload = button["title"], button["payload"]
            assert title.strip(), name
            if payload.startswith("/"):
                assert payload in INTENT_PAYLOADS, f"{name}: unknown intent payload {payload}"
                if not _translated(variant):
                    assert title == INTENT_PAYLOADS[payload], f"{name}: title for {payload}"
            else:
                assert _norm(payload) in trained, f"{name}: payload {payload!r} not trained"


def test_offer_answers_offer_local_counselling() -> None:
    for name, variant in _variants():
        if not name.startswith("utter_angebote/"):
            continue
        if not _translated(variant):
            assert "in Ihrer Nähe" in variant["text"], name
        payloads = [b["payload"] for b in variant["buttons"]]
        assert "/ask_referral" in payloads, name


def test_numbers_in_wissen_zahlen_carry_their_stand() -> None:
    for name in ("utter_wissen/zahlen", "utter_wissen/zahlen_entwicklung"):
        assert "Stand" in responses()[name][0]["text"], name


def test_facts_that_must_be_stated() -> None:
    def text(name: str) -> str:
        return responses()[name][0]["text"]

    assert "16.02.2016" in text("utter_imag/seit_wann")
    assert "Guido Steinberg" in text("utter_aktuelles/gast_steinberg")
    assert "2011" in text("utter_netzwerk/ran_gruendung")
    assert "2014" in text("utter_angebote/wegweiser_seit_wann")
    assert "0911 943 43 43" in text("utter_angebote/bamf_hotline")
    assert "Stabsstelle" in text("utter_portal/betreiber")
    members = text("utter_imag/mitglieder")
    for abbreviation in ("StK", "MKJFGFI", "IM", "MSB", "MHKBD", "JM", "MKW", "LZpB"):
        assert f"({abbreviation})" in members, abbreviation


# (f) follow-ups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "kind", "expected"),
    [
        ("imag/mitglieder", "since_when", "utter_imag/seit_wann"),
        ("imag/zwischenberichte", "since_when", "utter_imag/seit_wann"),
        ("imag/handlungskonzept", "who", "utter_imag/federfuehrung"),
        ("imag/federfuehrung", "who", "utter_imag/mitglieder"),
        ("aktuelles/podcast_knix", "who", "utter_aktuelles/gast_steinberg"),
        ("aktuelles/afghanistan", "who", "utter_aktuelles/gast_steinberg"),
        ("aktuelles/ispk", "who", "utter_aktuelles/ispk"),
        ("netzwerk/ran", "since_when", "utter_netzwerk/ran_gruendung"),
        ("netzwerk/ran", "who", "utter_netzwerk/ran_gruendung"),
        ("angebote/wegweiser", "since_when", "utter_angebote/wegweiser_seit_wann"),
        ("angebote/wegweiser", "who", "utter_angebote/wegweiser_traeger"),
        ("portal/zweck", "who", "utter_portal/betreiber"),
        ("utter_imag/was_ist", "since_when", "utter_imag/seit_wann"),
        (" Angebote/Wegweiser ", "since_when", "utter_angebote/wegweiser_seit_wann"),
        ("imag/mitglieder", "followup_since_when", "utter_imag/seit_wann"),
        ("netzwerk/ran", "followup_who", "utter_netzwerk/ran_gruendung"),
    ],
)
def test_followup_response(previous: str, kind: str, expected: str) -> None:
    assert followup_response(previous, kind) == expected


@pytest.mark.parametrize(
    ("previous", "kind"),
    [
        (None, "who"),
        ("", "since_when"),
        ("unbekannt/etwas", "who"),
        ("chitchat", "since_when"),
        ("portal/zweck", "since_when"),
        ("aktuelles/podcast_knix", "since_when"),
        ("wissen/warnzeichen", "who"),
        ("netzwerk/nachbarlaender", "since_when"),
        ("imag/mitglieder", "where"),
    ],
)
def test_followup_response_none(previous: str | None, kind: str) -> None:
    assert followup_response(previous, kind) is None


def test_every_followup_target_exists_and_keys_are_known() -> None:
    known = set(training())
    for key, answers in FOLLOWUPS.items():
        assert key in RETRIEVAL_INTENTS or key in known, f"unknown follow-up key {key}"
        assert set(answers) <= KINDS, key
        for name in answers.values():
            assert name in responses(), f"{key}: {name} not in responses"


def test_followup_response_only_returns_existing_responses() -> None:
    for key in training():
        for kind in KINDS:
            name = followup_response(key, kind)
            assert name is None or name in responses(), (key, kind, name)


# (g) phone numbers ------------------------------------------------------------------------


def _known_phone_digits() -> set[str]:
    """Digits of every phone number the bot may show (referral records with a showable status)."""
    known: set[str] = set()
    with REFERRALS_FILE.open(encoding="utf-8") as handle:
        records = yaml.safe_load(handle) or []
    for record in records:
        phone = str(record.get("phone") or "")
        if phone and record.get("phone_status") in SHOWABLE_PHONE_STATUSES:
            known.add(digits(phone))
            known.update(digits(part) for part in phone.split(" / "))
    return {d for d in known if d}


def test_every_phone_number_in_an_answer_is_a_verified_referral_number() -> None:
    known = _known_phone_digits()
    assert "09119434343" in known  # the BAMF hotline
    found_any = False
    for name, variant in _variants():
        text = variant["text"]
        numbers = {digits(n.text) for n in find_phone_numbers(text)}
        numbers |= set(EMERGENCY_RE.findall(text))
        for number in numbers:
            found_any = True
            assert number != VS_GENERAL_CONTACT_DIGITS, f"{name}: VS contact is no counselling"
            assert number in known, f"{name}: phone number {number} not in the reference data"
    assert found_any, "expected at least the BAMF hotline in the answers"
