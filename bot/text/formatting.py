"""German plain-text formatting of offers and place names for chat messages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.geo.types import Place
from bot.referral_rules import Offer

INFERRED_NOTE = "Hinweis: Zuständigkeit nur aus einer Quelle abgeleitet – bitte dort nachfragen."

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})(?![\d-])")


def format_stand(source_date: str) -> str:
    """``"2017-04-12"`` → ``"12.04.2017"``, ``"2021-12"`` → ``"12/2021"``; else unchanged."""
    text = source_date.strip()
    if match := _ISO_DAY.match(text):
        return f"{match[3]}.{match[2]}.{match[1]}{text[match.end() :]}"
    if match := _ISO_MONTH.match(text):
        return f"{match[2]}/{match[1]}{text[match.end() :]}"
    return text


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


def format_offers(offers: Iterable[Offer]) -> str:
    """Several offers, separated by a blank line."""
    return "\n\n".join(format_offer(offer) for offer in offers)


def kreis_phrase(kreis_name: str, kreis_type: str) -> str:
    """ "in Köln", "im Kreis Mettmann", "im Rhein-Sieg-Kreis", "im Märkischen Kreis",
    "in der Städteregion Aachen"."""
    if kreis_type == "kreisfreie_stadt":
        return f"in {kreis_name}"
    if kreis_type == "staedteregion" or kreis_name.startswith("Städteregion"):
        return f"in der {kreis_name}"
    if kreis_name.endswith("er Kreis"):  # adjective: "Märkischer Kreis" → "im Märkischen Kreis"
        return f"im {kreis_name[: -len('er Kreis')]}en Kreis"
    return f"im {kreis_name}"


def place_phrase(place: Place) -> str:
    """Where the user lives, as a German phrase: "in Velbert", "in Köln-Mülheim", or the
    Kreis phrase for a Kreis."""
    if place.kind == "kreis":
        return kreis_phrase(place.kreis_name, place.kreis_type)
    return f"in {place.label}"
