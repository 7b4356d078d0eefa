"""The referral cards in Leichte Sprache (slot ``simple_language`` with German): the fixed
words of the cards, the hours and the offer details have a Leichte Sprache form ("de_ls",
bot.referrals.card_words.card_language) that passes the automatic checks of
bot/content/leichte_sprache.py; the record data (names, numbers, addresses) and the button
payload stay; the other languages do not change."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from bot.content.leichte_sprache import problems
from bot.hours import BERLIN, Availability, availability, describe_availability, parse_hours
from bot.hours.words import HOURS_WORDS, when
from bot.referrals import lookup, lookup_emergency_contacts
from bot.referrals.card_words import CARD_WORDS, LEICHTE_SPRACHE, card_language, card_words
from bot.referrals.cards import build_cards, cards_text
from bot.referrals.messages import (
    INFERRED_NOTES,
    LABELS,
    details_messages,
    format_offer,
    referral_messages,
)
from bot.referrals.queries import lookup_offer
from bot.referrals.rules import Offer

LS = LEICHTE_SPRACHE
OTHER_LANGUAGES = ("en", "tr", "ar", "ru", "uk")
MONDAY_NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=BERLIN)
MONDAY_NIGHT = dt.datetime(2026, 12, 7, 23, 30, tzinfo=BERLIN)
SATURDAY_AFTERNOON = dt.datetime(2026, 12, 12, 15, 0, tzinfo=BERLIN)
CORPUS_CHRISTI = dt.datetime(2026, 6, 4, 11, 0, tzinfo=BERLIN)
MOMENTS = (MONDAY_NOON, MONDAY_NIGHT, SATURDAY_AFTERNOON, CORPUS_CHRISTI)
# The fixed words of the standard German cards that Leichte Sprache says otherwise.
STANDARD_WORDS = re.compile(
    r"Außerdem|erreichbar|geschlossen bis|Feiertag,|\bTel\.|Kontakt:|Web:|Mehr zu dieser|"
    r"jederzeit|Registrierung\)|Für Sie selbst|rund um die Uhr|E-Mail [^:]"
)
# Abbreviations Leichte Sprache does not use.
ABBREVIATIONS = re.compile(r"\b(?:Tel|z\. ?B|bzw|ggf|usw|ca|evtl|inkl|Nr|Mo|Di|Mi|Do|Fr|Sa|So)\.")
PHONE = re.compile(r"\+?\d[\d /()-]{5,}\d")


def turn(url: str, now: dt.datetime, language: str | None, kreis: str = "05113") -> dict[str, Any]:
    messages = referral_messages(
        place="Essen",
        kreis_key=kreis,
        audience="relatives",
        lookup_fn=lambda key, who: lookup(key, who, url=url),
        now=now,
        crisis_fn=lambda: lookup_emergency_contacts(url=url),
        language=language,
    )
    return messages[-1]


def without_records(text: str, names: list[str]) -> str:
    """The text with the recorded names replaced: they keep their spelling ("Beratungsstelle
    Radikalisierung (BAMF)", "TelefonSeelsorge"), so the checks judge only the fixed words."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "Stelle")
    return text


def _offer(**fields: Any) -> Offer:
    base: dict[str, Any] = {
        "name": "Beratung Test",
        "kind": "wegweiser_site",
        "operator": "Stadt Essen",
        "city": "Essen",
        "address": "Hauptstraße 1, 45127 Essen",
        "phone": None,
        "email": None,
        "website": None,
        "hours": "Mo–Do 9–16 Uhr",
        "source_url": "https://example.org",
        "source_date": "2026-01-15",
        "opening_hours": parse_hours("Mo–Do 9–16 Uhr"),
    }
    base.update(fields)
    return Offer(**base)


@pytest.mark.parametrize(
    ("language", "simple", "expected"),
    [
        ("de", True, LS),
        (None, True, LS),  # no language yet: German
        ("de", "true", LS),
        ("de", False, "de"),
        ("de", None, "de"),
        (None, None, "de"),
        ("fr", False, "de"),
        *((language, True, language) for language in OTHER_LANGUAGES),
        *((language, False, language) for language in OTHER_LANGUAGES),
    ],
)
def test_the_two_slots_give_the_key_of_the_words(
    language: str | None, simple: object, expected: str
) -> None:
    assert card_language(language, simple) == expected


@pytest.mark.parametrize("now", MOMENTS)
def test_leichte_sprache_cards_use_the_simple_words(seeded_url: str, now: dt.datetime) -> None:
    german = turn(seeded_url, now, "de")
    simple = turn(seeded_url, now, card_language("de", True))
    text = simple["text"]
    assert not STANDARD_WORDS.search(text), text
    assert not ABBREVIATIONS.search(text), text
    assert "Telefon: 0201 52 32 58 90" in text
    assert "Hier bekommen Sie auch Hilfe:" in text
    assert PHONE.findall(text) == PHONE.findall(german["text"])
    data, german_data = simple["json_message"]["data"], german["json_message"]["data"]
    assert data["summary"] == text
    assert data["central_heading"] == "Hier bekommen Sie auch Hilfe:"
    for card, german_card in zip(data["cards"], german_data["cards"], strict=True):
        assert {k: v for k, v in card.items() if k != "status"} == {
            k: v for k, v in german_card.items() if k != "status"
        }
        status = {k: v for k, v in card["status"].items() if k != "text"}
        assert status == {k: v for k, v in german_card["status"].items() if k != "text"}
        assert not STANDARD_WORDS.search(card["status"]["text"])
    assert simple["buttons"][0]["title"] == "Mehr über diese Stelle"
    assert simple["buttons"][0]["payload"] == german["buttons"][0]["payload"]
    if german_data["night"] is not None:
        assert data["night"]["crisis_phone"] == german_data["night"]["crisis_phone"]
    # the fixed words pass the checkable rules; the recorded names keep their spelling
    names = [card["name"] for card in data["cards"]]
    names += [offer.name for offer in lookup_emergency_contacts(url=seeded_url)]
    assert problems(without_records(text, names)) == []


def test_the_states_of_the_hours_in_leichte_sprache(seeded_url: str) -> None:
    noon = turn(seeded_url, MONDAY_NOON, LS)["text"]
    assert "Sie erreichen die Stelle jetzt bis 22 Uhr." in noon  # the chat
    night = turn(seeded_url, MONDAY_NIGHT, LS)["text"]
    assert (
        "Die Stelle ist jetzt geschlossen. Sie erreichen die Stelle wieder morgen um 9 Uhr."
        in night
    )
    assert "Im Online-Chat können Sie immer eine Nachricht schreiben." in night
    assert (
        "Brauchen Sie selbst Hilfe? Dann rufen Sie an: TelefonSeelsorge, "
        "Telefon: 0800 111 0 111. Dort ist Tag und Nacht jemand für Sie da."
    ) in night
    holiday = turn(seeded_url, CORPUS_CHRISTI, LS)["text"]
    assert "Heute ist Feiertag. Vielleicht ist die Stelle geschlossen." in holiday


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("now", [MONDAY_NOON, MONDAY_NIGHT])
def test_simple_language_leaves_the_other_languages_alone(
    seeded_url: str, language: str, now: dt.datetime
) -> None:
    assert turn(seeded_url, now, card_language(language, True)) == turn(seeded_url, now, language)


def test_german_without_simple_language_stays_as_it_was(seeded_url: str) -> None:
    german = turn(seeded_url, MONDAY_NIGHT, None)
    assert turn(seeded_url, MONDAY_NIGHT, card_language("de", False)) == german
    assert "Außerdem:" in german["text"] and "Tel. 0201 52 32 58 90" in german["text"]


def test_contact_lines_without_a_phone_in_leichte_sprache() -> None:
    friday = dt.datetime(2026, 12, 11, 14, tzinfo=BERLIN)
    long_site = "https://www.example.org/a/very/long/path/to/the/counselling/page"
    expected = {
        "E-Mail: info@example.org": _offer(email="info@example.org"),
        "Internet-Seite: https://www.example.org": _offer(website="https://www.example.org"),
        "Internet-Seite: www.example.org": _offer(website=long_site),
        "So erreichen Sie die Stelle: Drücken Sie auf „Mehr über diese Stelle“.": _offer(),
    }
    for line, office in expected.items():
        text = cards_text(build_cards([office], [], now=friday, language=LS))
        assert text.splitlines()[:2] == ["Beratung Test", line]
        assert problems(without_records(text, ["Beratung Test"])) == []


def _states(now: dt.datetime) -> list[Availability]:
    """Every state the words can describe, at several distances from ``now``."""
    later = [now + dt.timedelta(hours=2), now + dt.timedelta(days=1), now + dt.timedelta(days=3)]
    later.append(now + dt.timedelta(days=10))
    states = [Availability("always"), Availability("closed"), Availability("holiday", holiday="X")]
    for moment in later:
        states.append(Availability("open", closes_at=moment))
        states.append(Availability("closed", next_open=moment))
        states.append(Availability("holiday", next_open=moment, holiday="Fronleichnam"))
    return states


def test_every_state_of_the_hours_passes_the_checks() -> None:
    now = dt.datetime(2026, 9, 28, 12, 30, tzinfo=BERLIN)  # a Monday
    for state in _states(now):
        words = describe_availability(state, now, LS)
        assert words.endswith("."), words
        assert problems(words) == [], words
        assert not STANDARD_WORDS.search(words) and not ABBREVIATIONS.search(words), words
    assert when(dt.datetime(2026, 10, 5, 9, tzinfo=BERLIN), now, LS) == (
        "am Montag, 5. Oktober, um 9 Uhr"
    )
    assert when(dt.datetime(2026, 10, 1, 9, 30, tzinfo=BERLIN), now, LS) == (
        "am Donnerstag um 9:30 Uhr"
    )
    chat = parse_hours("Mo–Fr 10–22 Uhr, Sa–So 14–20 Uhr")
    assert describe_availability(availability(chat, MONDAY_NIGHT), MONDAY_NIGHT, LS) == (
        "Die Stelle ist jetzt geschlossen. Sie erreichen die Stelle wieder morgen um 10 Uhr."
    )
    # German stays
    assert describe_availability(availability(chat, MONDAY_NIGHT), MONDAY_NIGHT) == (
        "geschlossen bis morgen 10 Uhr"
    )


def _filled_card_words() -> list[str]:
    words = card_words(LS)
    values = {
        "phone": "0201 52 32 58 90",
        "email": "info@example.org",
        "host": "www.example.org",
        "url": "https://www.example.org",
        "button": words.details_button,
        "name": "Online-Chat",
        "hours": words.around_the_clock,
        "contact": "Telefon: 0201 52 32 58 90",
        "status": "Sie erreichen die Stelle jetzt bis 16 Uhr.",
    }
    return [
        str(getattr(words, field)).format(**values)
        for field in words.__dataclass_fields__
        if field != "around_the_clock"
    ]


def test_every_simple_template_passes_the_checks() -> None:
    texts = _filled_card_words()
    texts += [f"{label}: Stelle" for label in LABELS[LS].values()]
    texts.append(INFERRED_NOTES[LS])
    for text in texts:
        assert problems(text) == [], text
        assert not STANDARD_WORDS.search(text) and not ABBREVIATIONS.search(text), text


def test_the_leichte_sprache_words_exist_for_every_fixed_word() -> None:
    assert set(LABELS[LS]) == set(LABELS["de"])
    assert LS in CARD_WORDS and LS in HOURS_WORDS and LS in INFERRED_NOTES
    assert card_words(LS) != card_words("de")
    # the key is German only: no other language has a Leichte Sprache form
    assert [key for key in CARD_WORDS if key.startswith("de")] == ["de", LS]


def test_offer_details_in_leichte_sprache(seeded_url: str) -> None:
    def find(name: str) -> Offer | None:
        return lookup_offer(name, url=seeded_url)

    [message] = details_messages("Wegweiser Essen", find, language=LS)
    text = str(message["text"])
    assert text.startswith("Wegweiser Essen\nDie Stelle gehört zu: Stadt Essen")
    assert "Telefon: 0201 52 32 58 90" in text
    assert "Internet-Seite: https://www.essen.de/wegweiser" in text
    assert "Diese Angaben sind von: https://" in text and "(Datum: " in text
    assert "Träger" not in text and "Quelle" not in text
    [german] = details_messages("Wegweiser Essen", find, language="de")
    assert str(german["text"]).startswith("Wegweiser Essen\nTräger: Stadt Essen")
    [english] = details_messages("Wegweiser Essen", find, language=card_language("en", True))
    assert str(english["text"]).startswith("Wegweiser Essen\nOperator: Stadt Essen")


def test_formatted_offer_in_leichte_sprache_passes_the_checks() -> None:
    offer = _offer(
        phone="0201 12 34 56",
        email="info@example.org",
        website="https://www.example.org",
        languages=("Deutsch", "Türkisch"),
        inferred_coverage=True,
    )
    text = format_offer(offer, LS)
    assert text.splitlines() == [
        "Beratung Test",
        "Die Stelle gehört zu: Stadt Essen",
        "Adresse: Hauptstraße 1, 45127 Essen",
        "Telefon: 0201 12 34 56",
        "E-Mail: info@example.org",
        "Internet-Seite: https://www.example.org",
        "Öffnungs-Zeiten: Mo–Do 9–16 Uhr",  # the recorded hours stay as recorded
        "Beratung in diesen Sprachen: Deutsch, Türkisch",
        "Wir wissen nicht sicher: Ist diese Stelle für Ihren Ort da? "
        "Bitte fragen Sie bei der Stelle nach.",
        "Diese Angaben sind von: https://example.org (Datum: 15.01.2026)",
    ]
    assert problems(text.replace("Mo–Do 9–16 Uhr", "9 bis 16 Uhr")) == []
