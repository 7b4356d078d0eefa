"""What the referral actions say: slot values from a place resolution, the messages for a
lookup result (an intro, then the cards of bot/referrals/cards.py) and the details of one
offer. Returns plain dicts for ``dispatcher.utter_message(**message)``; the German wording
lives in the domain's responses and cards.py, the contact data in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.geo import Place, PlaceResolution, resolve_place
from bot.geo.phrases import place_phrase
from bot.referrals.cards import (
    DETAILS_BUTTON,
    build_cards,
    cards_payload,
    cards_text,
    details_payload,
)
from bot.referrals.queries import lookup, lookup_emergency_contacts, lookup_offer
from bot.referrals.rules import Offer, ReferralResult
from bot.text.formatting import format_stand

OUTSIDE_NRW = "outside_nrw"
INFERRED_NOTE = "Hinweis: Zuständigkeit nur aus einer Quelle abgeleitet – bitte dort nachfragen."
Message = dict[str, object]


def format_offer(offer: Offer) -> str:
    """One offer as short lines; empty fields are left out.

    >>> print(format_offer(offer))  # doctest: +SKIP
    Wegweiser Essen
    Träger: Stadt Essen (2018: Ordnungsamt der Stadt Essen)
    Telefon: 0201 52 32 58 90
    E-Mail: wegweiser@essen.de
    Web: https://www.essen.de/wegweiser
    Quelle: https://essen.de/meldungen/pressemeldung_1406412.de.html (Stand: undatiert …)
    """
    lines = [offer.name]
    for label, value in (
        ("Träger", offer.operator),
        ("Adresse", offer.address),
        ("Telefon", offer.phone),
        ("E-Mail", offer.email),
        ("Web", offer.website),
        ("Zeiten", offer.hours),
        ("Sprachen", ", ".join(offer.languages)),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if offer.inferred_coverage:
        lines.append(INFERRED_NOTE)
    source = f"Quelle: {offer.source_url}"
    if offer.source_date:
        source += f" (Stand: {format_stand(offer.source_date)})"
    lines.append(source)
    return "\n".join(lines)


def place_slots(resolution: PlaceResolution, raw: str) -> dict[str, str | None]:
    """Slot values for the referral form after the user named a place."""
    query = (resolution.matched or resolution.query or raw).strip()
    if resolution.status == "ambiguous" and resolution.kreis_key and resolution.candidates:
        # e.g. two spellings in one Kreis: the Kreis is all the lookup needs
        resolution = PlaceResolution("found", place=resolution.candidates[0])
    if resolution.status == "found" and resolution.place is not None:
        return {
            "place": resolution.place.label,
            "place_kreis_key": resolution.place.kreis_key,
            "place_problem": None,
        }
    if resolution.status == "ambiguous":
        labels = "|".join(candidate.label for candidate in resolution.candidates)
        return {
            "place": None,
            "place_kreis_key": None,
            "place_problem": f"ambiguous:{query}|{labels}",
        }
    if resolution.status == "outside_nrw":
        name = resolution.outside_name or query
        return {"place": name, "place_kreis_key": OUTSIDE_NRW, "place_problem": None}
    return {"place": None, "place_kreis_key": None, "place_problem": "unknown"}


def describe_place(label: str | None) -> str:
    """ "in Velbert (Kreis Mettmann)", "im Kreis Mettmann", "in Köln-Mülheim"."""
    if not label:
        return "Ihren Ort"
    resolution = resolve_place(label)
    place: Place | None = resolution.place if resolution.status == "found" else None
    if place is None:
        return f"in {label}"
    phrase = place_phrase(place)
    if place.kind == "gemeinde" and place.kreis_type != "kreisfreie_stadt":
        phrase += f" ({place.kreis_name})"
    return phrase


def cards_message(
    local: tuple[Offer, ...],
    central: tuple[Offer, ...],
    *,
    audience: str,
    now: datetime | None = None,
    crisis_fn: Callable[[], list[Offer]] = lookup_emergency_contacts,
) -> Message:
    """The offers as short text with the card data as ``custom`` payload, and the button for
    the details of the first card (bot/referrals/cards.py)."""
    cards = build_cards(local, central, now=now, audience=audience, crisis_lines=crisis_fn)
    text = cards_text(cards)
    message: Message = {"text": text, "json_message": cards_payload(cards, text)}
    if cards.cards:
        first = cards.cards[0].offer
        message["buttons"] = [{"title": DETAILS_BUTTON, "payload": details_payload(first)}]
    return message


def referral_messages(
    *,
    place: str | None,
    kreis_key: str | None,
    audience: str,
    lookup_fn: Callable[[str | None, str], ReferralResult] = lookup,
    now: datetime | None = None,
    crisis_fn: Callable[[], list[Offer]] = lookup_emergency_contacts,
) -> list[Message]:
    """Messages for the best offers for a place and audience (exit needs no place): an intro,
    then the cards (the responsible office first, then up to two central offers)."""

    def cards(local: tuple[Offer, ...], central: tuple[Offer, ...]) -> Message:
        return cards_message(local, central, audience=audience, now=now, crisis_fn=crisis_fn)

    if audience == "exit" or kreis_key in (None, OUTSIDE_NRW):
        result = lookup_fn(None, audience)
        if result.degraded:
            return [{"response": "utter_referral_degraded"}, cards((), result.offers)]
        if kreis_key == OUTSIDE_NRW and audience != "exit":
            intro: Message = {"response": "utter_referral_outside_nrw", "place_query": place}
        else:
            intro = {"response": "utter_referral_intro_audience"}
        return [intro, cards((), result.offers)]
    result = lookup_fn(kreis_key, audience)
    phrase = describe_place(place)
    if result.degraded:
        return [{"response": "utter_referral_degraded"}, cards((), result.offers)]
    if not result.local:
        return [
            {"response": "utter_referral_gap", "place_phrase": phrase},
            cards((), result.central),
        ]
    return [
        {"response": "utter_referral_intro", "place_phrase": phrase},
        cards(result.local, result.central),
    ]


def details_messages(
    name: str, lookup_fn: Callable[[str], Offer | None] = lookup_offer
) -> list[Message]:
    """ "Mehr zu dieser Stelle": all that is known about one offer, with its source."""
    offer = lookup_fn(name) if name else None
    if offer is None:
        return [{"response": "utter_referral_details_unknown"}]
    return [{"text": format_offer(offer)}]
