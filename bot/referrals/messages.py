"""What the referral actions say: slot values from a place resolution, the messages for a
lookup result (an intro, then the cards of bot/referrals/cards.py) and the details of one
offer. Returns plain dicts for ``dispatcher.utter_message(**message)``; the German wording
lives in the domain's responses and cards.py, the contact data in the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot.geo import Place, PlaceResolution, resolve_place
from bot.geo.phrases import place_phrase
from bot.referrals.card_words import LEICHTE_SPRACHE
from bot.referrals.cards import (
    build_cards,
    cards_payload,
    cards_text,
    details_button,
    details_payload,
)
from bot.referrals.queries import lookup, lookup_emergency_contacts, lookup_offer
from bot.referrals.rules import Offer, ReferralResult
from bot.text.formatting import format_stand

OUTSIDE_NRW = "outside_nrw"
INFERRED_NOTE = "Hinweis: Zuständigkeit nur aus einer Quelle abgeleitet – bitte dort nachfragen."
Message = dict[str, object]

# The fixed labels of an offer in the conversation's language (slot ``language``; German in
# Leichte Sprache: ``LEICHTE_SPRACHE``); the record data itself (names, hours, source dates)
# stays as recorded, in German.
_LABEL_KEYS = (
    *("operator", "address", "phone", "email", "web", "hours", "languages", "source"),
    "stand",
)
LABELS: dict[str, dict[str, str]] = {
    code: dict(zip(_LABEL_KEYS, labels, strict=True))
    for code, labels in {
        "de": (
            "Träger",
            "Adresse",
            "Telefon",
            "E-Mail",
            "Web",
            "Zeiten",
            "Sprachen",
            "Quelle",
            "Stand",
        ),
        LEICHTE_SPRACHE: (
            "Die Stelle gehört zu",
            "Adresse",
            "Telefon",
            "E-Mail",
            "Internet-Seite",
            "Öffnungs-Zeiten",
            "Beratung in diesen Sprachen",
            "Diese Angaben sind von",
            "Datum",
        ),
        "en": (
            "Operator",
            "Address",
            "Phone",
            "E-mail",
            "Web",
            "Hours",
            "Languages",
            "Source",
            "as of",
        ),
        "tr": (
            "Kurum",
            "Adres",
            "Telefon",
            "E-posta",
            "Web",
            "Saatler",
            "Diller",
            "Kaynak",
            "Tarih",
        ),
        "ar": (
            "الجهة المشغلة",
            "العنوان",
            "الهاتف",
            "البريد الإلكتروني",
            "الموقع",
            "الأوقات",
            "اللغات",
            "المصدر",
            "بتاريخ",
        ),
        "ru": (
            "Организация",
            "Адрес",
            "Телефон",
            "E-mail",
            "Сайт",
            "Часы работы",
            "Языки",
            "Источник",
            "по состоянию на",
        ),
        "uk": (
            "Організація",
            "Адреса",
            "Телефон",
            "E-mail",
            "Сайт",
            "Години роботи",
            "Мови",
            "Джерело",
            "станом на",
        ),
    }.items()
}
INFERRED_NOTES: dict[str, str] = {
    "de": INFERRED_NOTE,
    LEICHTE_SPRACHE: (
        "Wir wissen nicht sicher: Ist diese Stelle für Ihren Ort da? "
        "Bitte fragen Sie bei der Stelle nach."
    ),
    "en": "Note: responsibility derived from one source only – please ask there.",
    "tr": "Not: Sorumluluk yalnızca tek bir kaynaktan çıkarıldı – lütfen orada sorun.",
    "ar": "ملاحظة: الاختصاص مستنتج من مصدر واحد فقط – يرجى الاستفسار هناك.",
    "ru": "Примечание: зона ответственности выведена из одного источника – уточните там.",
    "uk": "Примітка: зону відповідальності визначено за одним джерелом – уточніть там.",
}
# "through interpreters", after an offer that counsels in further languages that way
INTERPRETERS: dict[str, str] = {
    "de": "über Dolmetschende",
    "en": "through interpreters",
    "tr": "tercüman aracılığıyla",
    "ar": "عبر مترجمين",
    "ru": "через переводчиков",
    "uk": "через перекладачів",
}


def labels(language: str | None) -> dict[str, str]:
    return LABELS.get(language or "de", LABELS["de"])


def counselling_lines(offers: Iterable[tuple[Offer, bool]], language: str) -> str:
    """One line per offer that counsels in ``language`` (bot.referrals.queries
    .offers_speaking): name, then phone, website or e-mail as recorded."""
    label = labels(language)
    lines = []
    for offer, via_interpreters in offers:
        if offer.phone:
            contact = f"{label['phone']}: {offer.phone}"
        else:
            contact = offer.website or offer.email or ""
        line = f"{offer.name} – {contact}" if contact else offer.name
        if via_interpreters:
            line += f" ({INTERPRETERS.get(language, INTERPRETERS['de'])})"
        lines.append("• " + line)
    return "\n".join(lines)


def format_offer(offer: Offer, language: str | None = None) -> str:
    """One offer as short lines; empty fields are left out.

    >>> print(format_offer(offer))  # doctest: +SKIP
    Wegweiser Essen
    Träger: Stadt Essen (2018: Ordnungsamt der Stadt Essen)
    Telefon: 0201 52 32 58 90
    E-Mail: wegweiser@essen.de
    Web: https://www.essen.de/wegweiser
    Quelle: https://essen.de/meldungen/pressemeldung_1406412.de.html (Stand: undatiert …)
    """
    label = labels(language)
    lines = [offer.name]
    for key, value in (
        ("operator", offer.operator),
        ("address", offer.address),
        ("phone", offer.phone),
        ("email", offer.email),
        ("web", offer.website),
        ("hours", offer.hours),
        ("languages", ", ".join(offer.languages)),
    ):
        if value:
            lines.append(f"{label[key]}: {value}")
    if offer.inferred_coverage:
        lines.append(INFERRED_NOTES.get(language or "de", INFERRED_NOTE))
    source = f"{label['source']}: {offer.source_url}"
    if offer.source_date:
        source += f" ({label['stand']}: {format_stand(offer.source_date)})"
    lines.append(source)
    return "\n".join(lines)


# More words than a place name with a street or district takes ("Köln, Stadtteil Mülheim, in
# der Nähe vom Wiener Platz" is 9): beyond this, the answer was not meant as a place.
STORY_WORDS = 10


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
    if len(raw.split()) > STORY_WORDS:
        # an answer that tells the story rather than a place ("bin selber Schüler, es geht um
        # mich ..."): ask for the place again, without "Diesen Ort habe ich nicht gefunden"
        return {"place": None, "place_kreis_key": None, "place_problem": None}
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
    language: str | None = None,
) -> Message:
    """The offers as short text with the card data as ``custom`` payload, and the button for
    the details of the first card (bot/referrals/cards.py); the fixed words in ``language``
    ("de_ls": Leichte Sprache, bot.referrals.card_words.card_language)."""
    cards = build_cards(
        local, central, now=now, audience=audience, crisis_lines=crisis_fn, language=language
    )
    text = cards_text(cards)
    message: Message = {"text": text, "json_message": cards_payload(cards, text)}
    if cards.cards:
        first = cards.cards[0].offer
        title = details_button(cards.language)
        message["buttons"] = [{"title": title, "payload": details_payload(first)}]
    return message


def referral_messages(
    *,
    place: str | None,
    kreis_key: str | None,
    audience: str,
    lookup_fn: Callable[[str | None, str], ReferralResult] = lookup,
    now: datetime | None = None,
    crisis_fn: Callable[[], list[Offer]] = lookup_emergency_contacts,
    language: str | None = None,
) -> list[Message]:
    """Messages for the best offers for a place and audience (exit needs no place): an intro,
    then the cards (the responsible office first, then up to two central offers), their
    fixed words in the conversation's ``language`` (default German; "de_ls": Leichte Sprache,
    bot.referrals.card_words.card_language)."""

    def cards(local: tuple[Offer, ...], central: tuple[Offer, ...]) -> Message:
        return cards_message(
            local, central, audience=audience, now=now, crisis_fn=crisis_fn, language=language
        )

    if audience == "exit" and kreis_key not in (None, OUTSIDE_NRW):
        # Someone who wants out and named a place: the exit programme first, then the centre
        # of the place whose record names exit help, else the one for young people themselves.
        found = lookup_fn(kreis_key, "exit")
        local = found.local or lookup_fn(kreis_key, "affected").local
        if not found.degraded and local and found.central:
            return [
                {"response": "utter_referral_intro_audience"},
                cards(found.central[:1], (local[0], *found.central[1:])),
            ]
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
    # the translated intros name the place plainly (the phrase is German: "im Kreis Mettmann")
    label = place or ""
    if result.degraded:
        return [{"response": "utter_referral_degraded"}, cards((), result.offers)]
    if not result.local:
        return [
            {"response": "utter_referral_gap", "place_phrase": phrase, "place_label": label},
            cards((), result.central),
        ]
    return [
        {"response": "utter_referral_intro", "place_phrase": phrase, "place_label": label},
        cards(result.local, result.central),
    ]


def details_messages(
    name: str,
    lookup_fn: Callable[[str], Offer | None] = lookup_offer,
    language: str | None = None,
) -> list[Message]:
    """ "Mehr zu dieser Stelle": all that is known about one offer, with its source; the
    labels in the conversation's ``language`` ("de_ls": Leichte Sprache)."""
    offer = lookup_fn(name) if name else None
    if offer is None:
        return [{"response": "utter_referral_details_unknown"}]
    return [{"text": format_offer(offer, language)}]
