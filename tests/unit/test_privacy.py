"""bot.privacy: redaction of personal data, measured on the owned corpora.

tests/data/pii_corpus.yml: every listed secret must disappear (and `keep` words survive).
tests/data/clean_messages.yml: messages without personal data come out unchanged.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.privacy import PLACEHOLDERS, contains_personal_data, redact, redact_obj
from bot.privacy.patterns import EMAIL, SERVICE_NUMBERS
from bot.text.phones import digits, find_phone_numbers

DATA = Path(__file__).resolve().parents[1] / "data"
CORPUS = yaml.safe_load((DATA / "pii_corpus.yml").read_text(encoding="utf-8"))["items"]
CLEAN = yaml.safe_load((DATA / "clean_messages.yml").read_text(encoding="utf-8"))["messages"]


def test_corpora_are_big_enough_and_well_formed() -> None:
    assert len(CORPUS) >= 120
    assert len(CLEAN) >= 40
    for item in CORPUS:
        assert item["secrets"], item
        for secret in item["secrets"]:
            assert secret in item["text"], (secret, item["text"])


def test_every_secret_disappears() -> None:
    leaks = []
    for item in CORPUS:
        out = redact(item["text"])
        if found := [s for s in item["secrets"] if s in out]:
            leaks.append(f"{item['text']!r}\n   -> {out!r}\n   still has {found}")
    assert not leaks, f"{len(leaks)} of {len(CORPUS)} messages leak:\n" + "\n".join(leaks)


def test_surrounding_words_are_kept() -> None:
    lost = []
    for item in CORPUS:
        out = redact(item["text"])
        if missing := [k for k in item.get("keep", []) if k not in out]:
            lost.append(f"{item['text']!r} -> {out!r} lost {missing}")
    assert not lost, "\n".join(lost)


def test_placeholders_never_cut_a_word() -> None:
    glued = re.compile(r"\w\[(?:TELEFON|E-MAIL|IBAN|ADRESSE|GEBURTSDATUM|NAME)\]|\][^\W\d_]")
    bad = [
        f"{item['text']!r} -> {out!r}"
        for item in CORPUS
        if glued.search(out := redact(item["text"]))
    ]
    assert not bad, "\n".join(bad)


def test_clean_messages_come_out_unchanged() -> None:
    changed = [f"{t!r} -> {redact(t)!r}" for t in CLEAN if redact(t) != t]
    assert not changed, f"{len(changed)} clean messages changed:\n" + "\n".join(changed)
    assert not any(contains_personal_data(t) for t in CLEAN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mein Sohn Ahmed (17) ist weg", "Mein Sohn [NAME] (17) ist weg"),
        ("Ruf an: 0171 2345678", "Ruf an: [TELEFON]"),
        ("Tel +49 (0)211 123456", "Tel [TELEFON]"),
        ("Nummer 0211/87-12", "Nummer [TELEFON]"),
        ("Festnetz 02202 / 7081020", "Festnetz [TELEFON]"),
        ("Mail: a.b@example.de", "Mail: [E-MAIL]"),
        ("IBAN DE89370400440532013000", "IBAN [IBAN]"),
        ("IBAN DE89 3704 0044 0532 0130 00 bitte", "IBAN [IBAN] bitte"),
        ("wir wohnen in der Hauptstraße 12", "wir wohnen in der [ADRESSE]"),
        ("Bensberger Str. 133a", "[ADRESSE]"),
        ("Am Markt 5", "[ADRESSE]"),
        ("Kölner Weg 3, 51469 Bergisch Gladbach", "[ADRESSE]"),
        ("geboren am 3.4.2007", "geboren am [GEBURTSDATUM]"),
        ("geb. 03.04.2007", "geb. [GEBURTSDATUM]"),
        ("Geburtsdatum 2007-04-03", "Geburtsdatum [GEBURTSDATUM]"),
        ("Lea *12.5.2008", "[NAME] *[GEBURTSDATUM]"),
        ("meine Tochter Lea-Marie", "meine Tochter [NAME]"),
        ("ich heiße Fatma Yilmaz", "ich heiße [NAME]"),
        ("mein Name ist Peter", "mein Name ist [NAME]"),
        ("ich bin der Thomas", "ich bin der [NAME]"),
        ("Herr Müller", "Herr [NAME]"),
        ("Frau Dr. Schmidt", "Frau Dr. [NAME]"),
        ("mein Freund Kevin", "mein Freund [NAME]"),
        ("unser Neffe Yusuf (16)", "unser Neffe [NAME] (16)"),
        ("Notruf 110 oder 112", "Notruf 110 oder 112"),
        ("Ich wohne in 42551 Velbert", "Ich wohne in 42551 Velbert"),
        ("mein Sohn ist 16", "mein Sohn ist 16"),
        ("ich heiße nicht gut, dass er das macht", "ich heiße nicht gut, dass er das macht"),
    ],
)
def test_examples_from_the_brief(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_contains_personal_data() -> None:
    assert contains_personal_data("ruf mich an: 0176 5551234")
    assert contains_personal_data("Mein Sohn Ahmed")
    assert not contains_personal_data("Mein Sohn ist 16 und wohnt in Velbert")
    assert not contains_personal_data("")


def test_redact_obj_redacts_rasa_event_text_and_returns_a_copy() -> None:
    event = {
        "event": "user",
        "timestamp": 1700000000.5,
        "text": "Mein Sohn Ahmed, Tel 0176 5551234",
        "parse_data": {
            "text": "Mein Sohn Ahmed, Tel 0176 5551234",
            "intent": {"name": "express_worry", "confidence": 0.9},
            "entities": [{"entity": "place", "value": "Lindenstraße 4", "start": 0, "end": 3}],
        },
        "metadata": {"note": "Mail an x.y@example.de", "tags": ["ruf 0176 5551234"], "n": 3},
        "input_channel": "rest",
    }
    original = copy.deepcopy(event)
    out = redact_obj(event)
    assert event == original, "input must not be mutated"
    assert out["text"] == "Mein Sohn [NAME], Tel [TELEFON]"
    assert out["parse_data"]["text"] == out["text"]
    assert out["parse_data"]["entities"][0]["value"] == "[ADRESSE]"
    assert out["parse_data"]["intent"] == original["parse_data"]["intent"]
    assert out["metadata"] == {"note": "Mail an [E-MAIL]", "tags": ["ruf [TELEFON]"], "n": 3}
    assert out["event"] == "user" and out["timestamp"] == 1700000000.5
    assert out["input_channel"] == "rest"


def test_redact_obj_walks_lists_and_tuples_and_leaves_other_values() -> None:
    data = [{"text": "Herr Meier"}, ({"text": "ok"}, 5), None, "Herr Meier"]
    assert redact_obj(data) == [{"text": "Herr [NAME]"}, ({"text": "ok"}, 5), None, "Herr Meier"]
    assert redact_obj("Herr Meier") == "Herr Meier"  # a bare string is under no text key
    assert redact_obj({"name": "action_listen", "value": None}) == {
        "name": "action_listen",
        "value": None,
    }


def test_redact_obj_passes_model_output_through_but_not_in_metadata() -> None:
    template = {"text": "Rufen Sie 0911 943 43 43 an, Herr Meier hilft."}
    selector = {"wissen": {"response": {"responses": [template]}, "ranking": []}}
    event = {
        "text": "Herr Meier, 0176 5551234",
        "parse_data": {
            "text": "Herr Meier, 0176 5551234",
            "intent_ranking": [{"name": "greet", "confidence": 0.5}],
            "response_selector": selector,
        },
        "metadata": {"response_selector": {"text": "Herr Meier"}},
    }
    out = redact_obj(event)
    assert "Meier" not in out["text"] and "5551234" not in out["parse_data"]["text"]
    assert out["parse_data"]["response_selector"] == selector  # the domain's own answer
    assert out["metadata"]["response_selector"] == {"text": "Herr [NAME]"}  # user-supplied


def test_placeholders_are_stable() -> None:
    for placeholder in PLACEHOLDERS:
        assert redact(f"Text {placeholder} Text") == f"Text {placeholder} Text"


_PIECES = st.sampled_from(
    [
        "Herr",
        "Frau",
        "Dr.",
        "mein Sohn",
        "Ahmed",
        "0176",
        "5551234",
        "+49",
        "(0)",
        "/",
        "-",
        "DE89",
        "3704",
        "Straße",
        "12",
        "51469",
        "geb.",
        "3.4.2007",
        "@",
        "x.y@example.de",
        "[NAME]",
        "ich heiße",
        "Müller",
        ",",
        "\n",
        "Am Markt",
        "Abu",
        "LG",
    ]
)
_TEXT = st.one_of(st.text(max_size=300), st.lists(_PIECES, max_size=30).map(" ".join))
_BRACKETED = re.compile(r"\[[A-Z-]+\]")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_redact_never_raises_and_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    introduced = set(_BRACKETED.findall(once)) - set(_BRACKETED.findall(text))
    assert introduced <= set(PLACEHOLDERS)  # only placeholders are written in
    assert all(digits(n.text) in SERVICE_NUMBERS for n in find_phone_numbers(once))
    assert not EMAIL.search(once)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.recursive(
        st.none() | st.integers() | _TEXT,
        lambda c: (
            st.lists(c)
            | st.dictionaries(st.sampled_from(["text", "value", "metadata", "name", "event"]), c)
        ),
        max_leaves=20,
    )
)
def test_redact_obj_never_raises(obj: object) -> None:
    out = redact_obj(obj)
    assert redact_obj(out) == out


def test_rasas_own_metadata_stamps_pass_and_nothing_else_does() -> None:
    stamps = ("166502179e4a4dba96c9dc3eab51f040", "Herr Meier")  # an odd assistant id
    event = {
        "event": "user",
        "text": "Herr Meier",  # the same string as a user's text: still redacted
        "metadata": {
            "model_id": "166502179e4a4dba96c9dc3eab51f040",
            "assistant_id": "Herr Meier",
            "note": "Rufen Sie 0171 2345678 an",
        },
    }
    out = redact_obj(event, known_safe=stamps)
    assert out["metadata"]["model_id"] == stamps[0]
    assert out["metadata"]["assistant_id"] == "Herr Meier"  # a stamp, left as it is
    assert out["text"] == "Herr [NAME]"
    assert "2345678" not in out["metadata"]["note"]
    forged = {"metadata": {"model_id": "Herr Meier"}}  # user-supplied, not Rasa's stamp
    assert redact_obj(forged, known_safe=stamps[:1]) == {"metadata": {"model_id": "Herr [NAME]"}}
