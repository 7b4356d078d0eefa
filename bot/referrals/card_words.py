"""The fixed words of the referral cards (bot/referrals/cards.py) in the conversation's
language (slot ``language``): German, English, Turkish, Arabic, Russian, Ukrainian, and
German in Leichte Sprache (key ``LEICHTE_SPRACHE``, "de_ls", when the slot
``simple_language`` is true: :func:`card_language` turns the two slots into the key).

Only these words follow the language; the record data (names, numbers, addresses, web
addresses, the recorded hours) stays as recorded. The German words are the originals; an
unknown language gets them. The opening hours in words: ``bot.hours.words``; the labels of
the offer details: ``bot.referrals.messages``. Both take the same key.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.hours.words import LEICHTE_SPRACHE

__all__ = ["CARD_WORDS", "LEICHTE_SPRACHE", "CardWords", "card_language", "card_words"]


@dataclass(frozen=True)
class CardWords:
    """Templates: ``{phone}``, ``{email}``, ``{host}``, ``{url}``, ``{button}``, ``{name}``,
    ``{hours}`` (``around_the_clock`` or empty), ``{contact}`` and ``{status}`` (a contact
    line and the state of the hours in words)."""

    central_heading: str  # before the central offers when a local one comes first
    details_button: str  # the button that asks for the details of the first card
    phone: str
    email: str
    web: str
    contact: str  # no phone, e-mail or website: the details button says more
    message_anytime: str  # the chat's message function when no one answers
    own_distress: str  # the crisis line for the writer's own distress
    own_distress_no_hours: str
    around_the_clock: str
    site: str = "{url}"  # a short web address, shown whole
    with_status: str = "{contact} – {status}"  # a card's contact line and its state now


CARD_WORDS: dict[str, CardWords] = {
    "de": CardWords(
        central_heading="Außerdem:",
        details_button="Mehr zu dieser Stelle",
        phone="Tel. {phone}",
        email="E-Mail {email}",
        web="Web: {host}",
        contact="Kontakt: „{button}“",
        message_anytime="Nachricht im {name} jederzeit möglich (mit Registrierung).",
        own_distress="Für Sie selbst: {name} {phone}, {hours}.",
        own_distress_no_hours="Für Sie selbst: {name} {phone}.",
        around_the_clock="rund um die Uhr",
    ),
    # Leichte Sprache: whole short sentences, no abbreviations ("Tel."), hyphenated compounds;
    # the state of the hours (whole sentences too) on a line of its own.
    LEICHTE_SPRACHE: CardWords(
        central_heading="Hier bekommen Sie auch Hilfe:",
        details_button="Mehr über diese Stelle",
        phone="Telefon: {phone}",
        email="E-Mail: {email}",
        web="Internet-Seite: {host}",
        contact="So erreichen Sie die Stelle: Drücken Sie auf „{button}“.",
        message_anytime=(
            "Im {name} können Sie immer eine Nachricht schreiben. Dafür melden Sie sich zuerst an."
        ),
        own_distress=(
            "Brauchen Sie selbst Hilfe? Dann rufen Sie an: {name}, Telefon: {phone}. "
            "Dort ist {hours} jemand für Sie da."
        ),
        own_distress_no_hours=(
            "Brauchen Sie selbst Hilfe? Dann rufen Sie an: {name}, Telefon: {phone}."
        ),
        around_the_clock="Tag und Nacht",
        site="Internet-Seite: {url}",
        with_status="{contact}\n{status}",
    ),
    "en": CardWords(
        central_heading="Also:",
        details_button="More about this service",
        phone="Phone {phone}",
        email="Email {email}",
        web="Web: {host}",
        contact="Contact: “{button}”",
        message_anytime="You can leave a message in the {name} at any time (registration needed).",
        own_distress="For yourself: {name} {phone}, {hours}.",
        own_distress_no_hours="For yourself: {name} {phone}.",
        around_the_clock="around the clock",
    ),
    "tr": CardWords(
        central_heading="Ayrıca:",
        details_button="Bu kurum hakkında daha fazla",
        phone="Telefon {phone}",
        email="E-posta {email}",
        web="Web: {host}",
        contact="İletişim: “{button}”",
        message_anytime="{name} üzerinden her zaman mesaj bırakabilirsiniz (kayıt gerekli).",
        own_distress="Kendiniz için: {name} {phone}, {hours}.",
        own_distress_no_hours="Kendiniz için: {name} {phone}.",
        around_the_clock="7/24",
    ),
    "ar": CardWords(
        central_heading="وأيضًا:",
        details_button="المزيد عن هذه الجهة",
        phone="هاتف {phone}",
        email="البريد الإلكتروني {email}",
        web="الموقع: {host}",
        contact="للتواصل: «{button}»",
        message_anytime="يمكنكم ترك رسالة في {name} في أي وقت (يتطلب التسجيل).",
        own_distress="لكم أنتم: {name} {phone}، {hours}.",
        own_distress_no_hours="لكم أنتم: {name} {phone}.",
        around_the_clock="على مدار الساعة",
    ),
    "ru": CardWords(
        central_heading="Также:",
        details_button="Подробнее об этой службе",
        phone="Тел. {phone}",
        email="Эл. почта {email}",
        web="Сайт: {host}",
        contact="Контакт: «{button}»",
        message_anytime="В {name} можно написать в любое время (нужна регистрация).",
        own_distress="Для вас самих: {name} {phone}, {hours}.",
        own_distress_no_hours="Для вас самих: {name} {phone}.",
        around_the_clock="круглосуточно",
    ),
    "uk": CardWords(
        central_heading="Також:",
        details_button="Докладніше про цю службу",
        phone="Тел. {phone}",
        email="Ел. пошта {email}",
        web="Сайт: {host}",
        contact="Контакт: «{button}»",
        message_anytime="У {name} можна написати будь-коли (потрібна реєстрація).",
        own_distress="Для вас особисто: {name} {phone}, {hours}.",
        own_distress_no_hours="Для вас особисто: {name} {phone}.",
        around_the_clock="цілодобово",
    ),
}


def card_words(language: str | None = None) -> CardWords:
    """The card words of ``language``; German for None or a language without its own."""
    return CARD_WORDS.get(language or "de", CARD_WORDS["de"])


def card_language(language: str | None, simple_language: object = False) -> str:
    """The key of the fixed words (cards, hours, details) for the slots ``language`` and
    ``simple_language``: ``LEICHTE_SPRACHE`` for German (or no or an unknown language, which
    get German) when ``simple_language`` is true, else the language; ``simple_language``
    changes only German.

    >>> card_language("de", True), card_language(None, True), card_language("en", True)
    ('de_ls', 'de_ls', 'en')
    """
    key = language if language is not None and language in CARD_WORDS else "de"
    simple = simple_language is True or str(simple_language).strip().lower() == "true"
    return LEICHTE_SPRACHE if key == "de" and simple else key
