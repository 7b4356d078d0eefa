"""Referral cards: the offers of one referral turn as short cards a person can act on at once.

The responsible local office comes first, then at most two central offers (one of each kind
first: e.g. the Wegweiser chat and the BAMF hotline rather than two school projects). Each
card says whether the offer answers now (from its opening hours, :mod:`bot.hours`) and when it
opens next. When none of them answers, the night notice names what is there at any hour: the
chat's message function and, for relatives and affected people, the TelefonSeelsorge for
their own distress.

:func:`build_cards` gives plain data; :func:`cards_text` the short text every client gets
(name and how to reach them, the state now), and :func:`cards_payload` the ``custom`` payload
the widget renders (schema: docs/widget.md). Rasa-free, so tests pass ``now``.

The fixed words (heading, contact labels, the state of the hours, the night notice, the
details button) follow the conversation's ``language`` (bot/referrals/card_words.py,
bot/hours/words.py; German by default), German in Leichte Sprache too (``language``
"de_ls", from :func:`bot.referrals.card_words.card_language`); the record data stays as
recorded.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from bot.hours import Availability, availability, describe_availability, local_now
from bot.referrals.card_words import CARD_WORDS, card_words
from bot.referrals.rules import Offer
from bot.text.formatting import format_stand
from bot.text.phones import digits

__all__ = [
    "CARDS_TYPE",
    "DETAILS_BUTTON",
    "MAX_CENTRAL_CARDS",
    "Card",
    "NightNotice",
    "ReferralCards",
    "build_cards",
    "cards_payload",
    "cards_text",
    "details_button",
    "details_payload",
    "pick_central",
]

CARDS_TYPE = "lotse.referral_cards"
CARDS_VERSION = 1
MAX_CENTRAL_CARDS = 2
# The German words (the other languages: bot/referrals/card_words.py).
DETAILS_BUTTON = card_words("de").details_button
DETAILS_INTENT = "referral_details"
CENTRAL_HEADING = card_words("de").central_heading
MESSAGE_ANYTIME = card_words("de").message_anytime
OWN_DISTRESS = card_words("de").own_distress
MAX_URL_IN_TEXT = 40  # longer web addresses: the host in the text, the link in the details
NIGHT_AUDIENCES = frozenset({"relatives", "affected"})  # the TelefonSeelsorge record's audiences
_SECOND_NUMBER = re.compile(r"\s+/\s+(?=0|\+)")
CARD_LANGUAGES = frozenset(CARD_WORDS)


@dataclass(frozen=True)
class Card:
    offer: Offer
    role: str  # "local" (the responsible office) or "central"
    state: Availability
    status: str  # the state in words, "" when no hours are known


@dataclass(frozen=True)
class NightNotice:
    """What is there when none of the cards answers: lines of text, and the crisis line."""

    lines: tuple[str, ...]
    crisis_line: Offer | None = None


@dataclass(frozen=True)
class ReferralCards:
    cards: tuple[Card, ...]
    now: dt.datetime
    night: NightNotice | None = None
    language: str = "de"  # the language of the fixed words (slot ``language``; "de_ls")

    @property
    def local(self) -> tuple[Card, ...]:
        return tuple(card for card in self.cards if card.role == "local")

    @property
    def central(self) -> tuple[Card, ...]:
        return tuple(card for card in self.cards if card.role == "central")


def pick_central(offers: Sequence[Offer], limit: int = MAX_CENTRAL_CARDS) -> tuple[Offer, ...]:
    """Up to ``limit`` central offers: the first of each kind in the given order, then the
    rest in order (so teachers get a school project and the chat, not two school projects)."""
    chosen: list[Offer] = []
    kinds: set[str] = set()
    for offer in offers:
        if offer.kind not in kinds:
            chosen.append(offer)
            kinds.add(offer.kind)
    chosen += [offer for offer in offers if offer not in chosen]
    return tuple(chosen[:limit])


def details_button(language: str | None = None) -> str:
    """ "Mehr zu dieser Stelle" in ``language`` (the title only: the payload stays)."""
    return card_words(language).details_button


def _card(offer: Offer, role: str, now: dt.datetime, language: str = "de") -> Card:
    """A card; its hours say who answers only for the way in it shows: a phone number that
    may be shown, or the chat itself. (Old office hours of a number that is not shown would
    promise someone at the other end of a line the user cannot call.)"""
    hours = offer.opening_hours if offer.phone or offer.kind == "online_chat" else None
    state = availability(hours, now)
    return Card(offer, role, state, describe_availability(state, now, language))


def build_cards(
    local: Sequence[Offer],
    central: Sequence[Offer],
    *,
    now: dt.datetime | None = None,
    audience: str = "relatives",
    crisis_lines: Callable[[], Iterable[Offer]] = tuple,
    language: str | None = None,
) -> ReferralCards:
    """The cards of one turn: the first local offer, then up to two central ones; the night
    notice when none of them answers at ``now`` (default: the current time in Berlin).
    ``crisis_lines`` is called only then (it may ask the database). The fixed words are in
    ``language`` (default German)."""
    moment = local_now(now)
    language = language if language in CARD_LANGUAGES else "de"
    cards = [_card(offer, "local", moment, language) for offer in local[:1]]
    cards += [_card(offer, "central", moment, language) for offer in pick_central(central)]
    night = None
    known = [card for card in cards if card.state.state != "unknown"]
    if known and not any(card.state.answers_now for card in cards):
        night = _night_notice(cards, audience, crisis_lines(), language)
    return ReferralCards(tuple(cards), moment, night, language)


def _night_notice(
    cards: list[Card], audience: str, crisis_lines: Iterable[Offer], language: str = "de"
) -> NightNotice | None:
    # Each card already says when it opens again (or that a holiday makes it uncertain).
    words = card_words(language)
    lines = []
    for card in cards:
        hours = card.offer.opening_hours
        if hours is not None and hours.message_anytime:
            lines.append(words.message_anytime.format(name=_short_name(card.offer)))
            break
    crisis = next((offer for offer in crisis_lines if offer.kind == "crisis_line"), None)
    if crisis is not None and crisis.phone and audience in NIGHT_AUDIENCES:
        phone = _SECOND_NUMBER.split(crisis.phone)[0]
        if crisis.opening_hours and crisis.opening_hours.always:
            line = words.own_distress.format(
                name=crisis.name, phone=phone, hours=words.around_the_clock
            )
        else:
            line = words.own_distress_no_hours.format(name=crisis.name, phone=phone)
        lines.append(line)
    else:
        crisis = None
    return NightNotice(tuple(lines), crisis) if lines else None


def _short_name(offer: Offer) -> str:
    """ "Online-Chat" for the Wegweiser chat ("Wegweiser NRW – Online-Chat")."""
    return offer.name.rsplit(" – ", 1)[-1] if offer.kind == "online_chat" else offer.name


def contact_line(offer: Offer, language: str | None = None) -> str:
    """How to reach the offer in one line: the phone if it may be shown, else e-mail or web."""
    words = card_words(language)
    if offer.phone:
        return words.phone.format(phone=offer.phone)
    if offer.email:
        return words.email.format(email=offer.email)
    if offer.website:
        if len(offer.website) <= MAX_URL_IN_TEXT:
            return words.site.format(url=offer.website)
        return words.web.format(host=urlsplit(offer.website).hostname)
    return words.contact.format(button=words.details_button)


def _card_lines(card: Card, language: str = "de") -> list[str]:
    second = contact_line(card.offer, language)
    if card.status:
        second = card_words(language).with_status.format(contact=second, status=card.status)
    return [card.offer.name, second]


def cards_text(cards: ReferralCards) -> str:
    """The short text of the cards (for every client, also those that ignore ``custom``)."""
    language = cards.language
    blocks = ["\n".join(_card_lines(card, language)) for card in cards.local]
    if cards.central:
        heading = [card_words(language).central_heading] if cards.local else []
        central = [line for card in cards.central for line in _card_lines(card, language)]
        blocks.append("\n".join(heading + central))
    if cards.night is not None:
        blocks.append("\n".join(cards.night.lines))
    return "\n\n".join(blocks)


def _phone(phone: str | None) -> dict[str, str] | None:
    if not phone:
        return None
    first = _SECOND_NUMBER.split(phone)[0].strip()
    return {"display": first, "tel": digits(first)}


def _status(card: Card) -> dict[str, Any]:
    def iso(moment: dt.datetime | None) -> str | None:
        return moment.isoformat() if moment is not None else None

    return {
        "state": card.state.state,
        "text": card.status,
        "closes_at": iso(card.state.closes_at),
        "next_open": iso(card.state.next_open),
        "holiday": card.state.holiday,
    }


def _short_stand(source_date: str) -> str:
    """ "12.04.2017", "undatiert": the date without the remark in parentheses."""
    return format_stand(source_date).split(" (", 1)[0].strip() or format_stand(source_date)


def details_payload(offer: Offer) -> str:
    """The button payload that asks for the details of ``offer``."""
    return f"/{DETAILS_INTENT}" + json.dumps({"offer": offer.name}, ensure_ascii=False)


def _card_data(card: Card) -> dict[str, Any]:
    offer = card.offer
    return {
        "name": offer.name,
        "role": card.role,
        "kind": offer.kind,
        "phone": _phone(offer.phone),
        "email": offer.email,
        "website": offer.website,
        "hours": offer.hours,
        "status": _status(card),
        "message_anytime": bool(offer.opening_hours and offer.opening_hours.message_anytime),
        "source": {
            "url": offer.source_url,
            "date": _short_stand(offer.source_date),  # shown behind the "Quelle" link
            "date_full": format_stand(offer.source_date),  # with its remark, in the details
        },
        "details": {
            "operator": offer.operator,
            "address": offer.address,
            "languages": list(offer.languages),
            "inferred_coverage": offer.inferred_coverage,
        },
        "details_payload": details_payload(offer),
    }


def cards_payload(cards: ReferralCards, text: str) -> dict[str, Any]:
    """The ``custom`` payload of the cards message (docs/widget.md). Rasa's socket.io channel
    emits ``custom["data"]`` as the event's data, so everything sits under ``data``."""
    night = cards.night
    return {
        "data": {
            "type": CARDS_TYPE,
            "version": CARDS_VERSION,
            "summary": text,
            "generated_at": cards.now.isoformat(timespec="minutes"),
            "central_heading": (
                card_words(cards.language).central_heading
                if cards.local and cards.central
                else None
            ),
            "cards": [_card_data(card) for card in cards.cards],
            "night": None
            if night is None
            else {
                "lines": list(night.lines),
                "crisis_phone": _phone(night.crisis_line.phone if night.crisis_line else None),
            },
        }
    }
