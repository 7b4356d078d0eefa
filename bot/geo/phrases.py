"""German phrases for places in chat messages: "in Velbert", "im Kreis Mettmann"."""

from __future__ import annotations

from bot.geo.types import Place


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
