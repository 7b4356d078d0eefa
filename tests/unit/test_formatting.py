"""German formatting of offers and place phrases."""

from __future__ import annotations

import pytest

from bot.geo import all_kreise, resolve_place
from bot.geo.phrases import kreis_phrase, place_phrase
from bot.referrals import Offer
from bot.referrals.messages import INFERRED_NOTE, format_offer
from bot.text.formatting import format_stand

ESSEN = Offer(
    name="Wegweiser Essen",
    kind="wegweiser_site",
    operator="Stadt Essen (2018: Ordnungsamt der Stadt Essen)",
    city="Essen",
    address=None,
    phone="0201 52 32 58 90",
    email="wegweiser@essen.de",
    website="https://www.essen.de/wegweiser",
    hours=None,
    source_url="https://essen.de/meldungen/pressemeldung_1406412.de.html",
    source_date="undatiert (Pressemeldung)",
)


def test_format_offer_lists_the_fields_in_order() -> None:
    assert format_offer(ESSEN) == (
        "Wegweiser Essen\n"
        "Träger: Stadt Essen (2018: Ordnungsamt der Stadt Essen)\n"
        "Telefon: 0201 52 32 58 90\n"
        "E-Mail: wegweiser@essen.de\n"
        "Web: https://www.essen.de/wegweiser\n"
        "Quelle: https://essen.de/meldungen/pressemeldung_1406412.de.html "
        "(Stand: undatiert (Pressemeldung))"
    )


def test_empty_fields_are_left_out_and_inference_is_noted() -> None:
    bare = Offer(
        name="Wegweiser Bielefeld / Herford",
        kind="wegweiser_site",
        operator=None,
        city=None,
        address="Engelbert-Kämpfer-Str. 4, Lemgo",
        phone=None,
        email=None,
        website=None,
        hours="Di 11–13 Uhr",
        source_url="https://example.org/q",
        source_date="2017-05-08",
        inferred_coverage=True,
    )
    text = format_offer(bare)
    assert "Telefon" not in text and "Träger" not in text and "E-Mail" not in text
    assert text.splitlines() == [
        "Wegweiser Bielefeld / Herford",
        "Adresse: Engelbert-Kämpfer-Str. 4, Lemgo",
        "Zeiten: Di 11–13 Uhr",
        INFERRED_NOTE,
        "Quelle: https://example.org/q (Stand: 08.05.2017)",
    ]


@pytest.mark.parametrize(
    ("source_date", "stand"),
    [
        ("2017-04-12", "12.04.2017"),
        ("2021-12", "12/2021"),
        ("2019-07 (Eröffnung 22.07.2019)", "07/2019 (Eröffnung 22.07.2019)"),
        ("2016-07-19 (epd)", "19.07.2016 (epd)"),
        ("April 2024 (Impressum)", "April 2024 (Impressum)"),
        ("undatiert", "undatiert"),
    ],
)
def test_format_stand(source_date: str, stand: str) -> None:
    assert format_stand(source_date) == stand


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Köln", "in Köln"),
        ("Velbert", "in Velbert"),
        ("Köln-Mülheim", "in Köln-Mülheim"),
        ("Kreis Mettmann", "im Kreis Mettmann"),
        ("Rhein-Sieg-Kreis", "im Rhein-Sieg-Kreis"),
        ("Städteregion Aachen", "in der Städteregion Aachen"),
        ("Märkischer Kreis", "im Märkischen Kreis"),
        ("Oberbergischer Kreis", "im Oberbergischen Kreis"),
        ("Hochsauerlandkreis", "im Hochsauerlandkreis"),
        ("Rhein-Kreis Neuss", "im Rhein-Kreis Neuss"),
    ],
)
def test_place_phrase(text: str, phrase: str) -> None:
    place = resolve_place(text).place
    assert place is not None
    assert place_phrase(place) == phrase


def test_every_kreis_has_a_phrase() -> None:
    for kreis in all_kreise():
        phrase = kreis_phrase(kreis.kreis_name, kreis.kreis_type)
        assert phrase.startswith(("in ", "im ", "in der ")), phrase
        assert phrase.endswith(kreis.kreis_name.split()[-1])
