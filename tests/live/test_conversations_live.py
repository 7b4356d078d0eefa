"""Whole conversations through the running bot over REST."""

from __future__ import annotations

import uuid

import pytest

from bot.geo import all_kreise, resolve_place
from bot.referrals import lookup

pytestmark = pytest.mark.stack


def _texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def _sender() -> str:
    return f"test-{uuid.uuid4().hex}"


def test_greeting_is_german_with_menu_buttons(stack) -> None:
    replies = stack.send(_sender(), "Hallo")
    assert "Lotse" in _texts(replies)
    assert "Guten Tag" in _texts(replies)
    buttons = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "Beratung in meiner Nähe" in buttons


def test_casual_lowercase_typos_are_understood(stack) -> None:
    replies = stack.send(_sender(), "moin, wer bisst du eigentlich")
    assert "kein Mensch" in _texts(replies) or "Lotse" in _texts(replies)


def test_velbert_worry_gets_the_responsible_centre_in_one_turn(stack) -> None:
    replies = stack.send(_sender(), "Ich wohne in Velbert und mache mir Sorgen um meinen Sohn")
    text = _texts(replies)
    assert "Wegweiser Düsseldorf / Kreis Mettmann" in text
    assert "Velbert" in text


def test_place_first_gets_the_centre_at_once(stack) -> None:
    replies = stack.send(_sender(), "Beratung in Essen?")
    text = _texts(replies)
    assert "Wegweiser Essen" in text
    assert "0201 52 32 58 90" in text  # verified operator number from the referral database


def test_place_asked_and_typo_tolerated(stack) -> None:
    sender = _sender()
    stack.send(sender, "Ich mache mir Sorgen um meine Schwester")
    replies = stack.send(sender, "Muenster")
    assert "Wegweiser Münster" in _texts(replies)


def test_unverified_phone_is_not_shown(stack) -> None:
    sender = _sender()
    stack.send(sender, "Ich mache mir Sorgen um meinen Neffen")
    text = _texts(stack.send(sender, "Aachen"))
    assert "Wegweiser Aachen" in text
    assert "432" not in text  # the 2017 press number is not presented


def test_coverage_gap_gets_central_offers_not_a_guessed_neighbour(stack) -> None:
    sender = _sender()
    stack.send(sender, "Ich mache mir Sorgen um meinen Bruder")
    text = _texts(stack.send(sender, "Leverkusen"))
    assert "keine zuständige Beratungsstelle" in text
    assert "0911 943 43 43" in text
    assert "Wegweiser Köln" not in text


def test_ambiguous_place_is_asked_back(stack) -> None:
    sender = _sender()
    stack.send(sender, "Ich mache mir Sorgen um meinen Sohn")
    replies = stack.send(sender, "Mülheim")
    buttons = [b["title"] for r in replies for b in r.get("buttons", [])]
    assert "Mülheim an der Ruhr" in buttons
    text = _texts(stack.send(sender, "Mülheim an der Ruhr"))
    assert "Wegweiser Oberhausen / Mülheim an der Ruhr" in text


def test_outside_nrw_points_to_the_nationwide_hotline(stack) -> None:
    sender = _sender()
    stack.send(sender, "Ich mache mir Sorgen um meinen Sohn")
    text = _texts(stack.send(sender, "Berlin"))
    assert "nicht in Nordrhein-Westfalen" in text
    assert "0911 943 43 43" in text


def test_exit_wish_goes_to_the_exit_programme_without_asking_a_place(stack) -> None:
    text = _texts(stack.send(_sender(), "Ich will aus der Szene aussteigen"))
    assert "Aussteigerprogramm" in text


def test_emergency_gets_110_first_and_the_form_resumes(stack) -> None:
    sender = _sender()
    stack.send(sender, "Ich mache mir Sorgen um meinen Sohn")
    replies = stack.send(sender, "er hat gesagt er fliegt morgen nach syrien um zu kämpfen")
    assert "110" in replies[0]["text"]
    text = _texts(replies)
    assert "Ort" in text  # the referral form asks for the place again
    assert "Wegweiser Düsseldorf / Kreis Mettmann" in _texts(stack.send(sender, "Velbert"))


def test_suicide_gets_the_telefonseelsorge(stack) -> None:
    text = _texts(stack.send(_sender(), "ich will nicht mehr leben"))
    assert "110" in text
    assert "0800 111 0 111" in text


def test_other_language_gets_an_answer_in_that_language(stack) -> None:
    assert "German" in _texts(stack.send(_sender(), "Hello, I am worried about my son"))
    assert "Almanca" in _texts(stack.send(_sender(), "Merhaba, oğlum için endişeleniyorum"))
    assert "110" in _texts(stack.send(_sender(), "مرحبا، أنا قلق على ابني"))


def test_privacy_answer_names_the_retention(stack) -> None:
    text = _texts(stack.send(_sender(), "Was speichert ihr über mich?"))
    assert "30 Tage" in text


# --------------------------------------------------------------------------- referral cards

MAX_VISIBLE = 600


def _visible(replies: list[dict]) -> str:
    """What a person reads of the turn: every text and every button title (the card payload
    under ``custom`` is for the widget; clients that ignore it read the texts)."""
    parts = []
    for reply in replies:
        parts.append(reply.get("text", ""))
        parts += [button["title"] for button in reply.get("buttons", [])]
    return "\n".join(part for part in parts if part)


def _expected_first_card(database_url: str, kreis_key: str) -> str:
    result = lookup(kreis_key, "relatives", url=database_url)
    return (result.local or result.central)[0].name


@pytest.mark.parametrize("kreis", [k.name for k in all_kreise()])  # 53 referral turns
def test_referral_turn_is_short_with_a_card_payload_for_every_kreis(stack, kreis: str) -> None:
    place = resolve_place(kreis).place
    assert place is not None, kreis  # a kreisfreie Stadt resolves as the town itself
    sender = _sender()
    first = stack.send(sender, '/inform_audience{"audience": "relatives"}')
    assert "Ort" in _texts(first)
    replies = stack.send(sender, f"Beratung in {kreis}")
    visible = _visible(replies)
    assert len(visible) <= MAX_VISIBLE, (kreis, len(visible), visible)
    custom = [reply["custom"] for reply in replies if "custom" in reply]
    assert len(custom) == 1, replies
    data = custom[0]["data"]
    assert data["type"] == "lotse.referral_cards" and data["version"] == 1
    cards = data["cards"]
    assert 1 <= len(cards) <= 3
    assert [c["role"] for c in cards].count("local") <= 1
    assert cards[0]["name"] == _expected_first_card(stack.database_url, place.kreis_key)
    for card in cards:
        assert card["source"]["url"].startswith("http")
        assert card["status"]["state"] in {"open", "closed", "holiday", "always", "unknown"}
        if card["phone"]:
            assert card["phone"]["tel"].isdigit()
            assert card["phone"]["display"] in visible  # the short text names the number
        assert card["name"] in visible  # self-sufficient without the payload
    # the short text the payload belongs to is one of the texts, and the raw source is not
    assert any(reply.get("text") == data["summary"] for reply in replies)
    for card in cards:  # the source is a link label in the card, unless it is the website
        assert card["source"]["url"] not in visible or card["source"]["url"] == card["website"]
    print(f"{kreis}: {len(visible)} visible characters")  # the measured lengths, with -s


def test_details_button_gives_operator_and_source(stack) -> None:
    sender = _sender()
    stack.send(sender, '/inform_audience{"audience": "relatives"}')
    replies = stack.send(sender, "Beratung in Essen")
    [button] = [b for r in replies for b in r.get("buttons", []) if b["title"].startswith("Mehr")]
    text = _texts(stack.send(sender, button["payload"]))
    assert text.startswith("Wegweiser Essen\nTräger: Stadt Essen")
    assert "Quelle: https://" in text
