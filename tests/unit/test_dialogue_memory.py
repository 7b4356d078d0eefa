"""Dialogue memory and corrections: places and roles named in any turn, negated places,
colloquial place names and replies to the form's questions."""

from __future__ import annotations

import pytest

from bot.geo import find_place_in_text, names_another_place
from bot.referrals.memory import remembered_audience, remembered_place
from bot.referrals.situation import audience_from_answer, detect_audience


def _kreis(text: str, avoid: str | None = None) -> str | None:
    found = find_place_in_text(text, avoid=avoid)
    return found.kreis_key if found is not None else None


@pytest.mark.parametrize(
    ("text", "kreis"),
    [
        ("nicht Bochum, Bonn", "05314"),
        ("hab Bochum gemeint, nicht Bonn", "05911"),
        ("wir wohnen gar nicht in Essen, sondern in Gelsenkirchen", "05513"),
        ("Bochum statt Bonn", "05911"),
        ("nicht Bergisch Gladbach, Mönchengladbach", "05116"),
        ("ich weiß nicht, Köln vielleicht", "05315"),  # a comma ends the negation
        ("wir wohnen gar nicht mehr in Bonn, sondern in Siegburg", "05382"),
    ],
)
def test_a_negated_place_is_the_wrong_one(text: str, kreis: str) -> None:
    assert _kreis(text) == kreis


@pytest.mark.parametrize(
    ("text", "another"),
    [
        ("und für Bottrop? da wohnt mein Vater", True),
        ("und in Herne?", True),
        ("was ist mit Lünen", True),
        ("gibt es das auch in Minden?", True),
        ("sorry, vertippt, ich meinte 44137", True),
        ("ich meinte Eschweiler", True),
        # a question about something else that mentions a place, or no place at all
        ("und was kostet das in Köln?", False),
        ("und wer bezahlt das?", False),
        ("ich meine das ernst", False),
        ("ich meine, in Köln ist das anders", False),
        ("und essen gehen?", False),
    ],
)
def test_a_follow_up_that_asks_for_another_place(text: str, another: bool) -> None:
    assert names_another_place(text) is another


def test_only_a_negated_place_names_no_place() -> None:
    assert find_place_in_text("aber nicht in Köln") is None


def test_the_place_being_corrected_yields_to_another_mention() -> None:
    assert _kreis("Bochum war falsch, Herne", avoid="Bochum") == "05916"
    assert _kreis("doch Bochum", avoid="Bochum") == "05911"  # nothing else: it stays


@pytest.mark.parametrize(
    ("text", "kreis"),
    [
        ("en Kölle", "05315"),
        ("wir sind aus Gelsen", "05513"),
        ("wohne in wuppi", "05124"),
        ("aus castrop", "05562"),
        ("in Düssel", "05111"),
        ("in mönchen", "05116"),
        ("Bad Godesberg", "05314"),
        ("Rheydt", "05116"),
        ("Cologne", "05315"),
        ("Wanne-Eickel", "05916"),
        ("Marxloh", "05112"),
        ("beratungsstelle dortmnud", "05913"),  # a typo as the last word of a short message
        ("paderbron beratung", "05774"),  # ... or the first
    ],
)
def test_colloquial_names_districts_and_typos_resolve(text: str, kreis: str) -> None:
    assert _kreis(text) == kreis


@pytest.mark.parametrize("text", ["danke schön", "vielen dank", "hilfe beratung bitte"])
def test_short_messages_are_not_fuzzy_matched_to_places(text: str) -> None:
    assert find_place_in_text(text) is None


def test_the_newest_place_and_role_are_remembered() -> None:
    earlier = ["was kostet das?", "wir wohnen in Hagen", "früher in Bonn"]  # newest first
    assert remembered_place(earlier) == "Hagen"
    assert remembered_place(["hallo", "was ist salafismus"]) is None
    assert remembered_audience(["kostet das was?", "ich bin Lehrerin an einer Realschule"]) == (
        "teachers"
    )
    assert remembered_audience(["hallo"]) is None


@pytest.mark.parametrize(
    ("reply", "audience"),
    [
        ("die Mama", "relatives"),
        ("Großeltern", "relatives"),
        ("sein Kumpel halt", "relatives"),
        ("Klassenlehrerin", "teachers"),
        ("Streetworkerin", "professionals"),
        ("um mich selbst", "affected"),
        ("kostet das was?", None),
    ],
)
def test_a_short_reply_to_the_audience_question_names_the_situation(
    reply: str, audience: str | None
) -> None:
    assert audience_from_answer(reply) == audience


def test_relation_words_alone_count_only_as_an_answer() -> None:
    assert detect_audience("die Mama") is None  # in free text it says nothing about the writer
    long_reply = "die mama hat gesagt ich soll hier mal fragen was salafismus eigentlich ist"
    assert audience_from_answer(long_reply) is None


@pytest.mark.parametrize(
    ("answer", "audience"),
    [
        ("ich selber", "affected"),
        ("isch selber, die lassen mich nicht in ruhe", "affected"),
        ("ich werd dauernd angequatscht von denen", "affected"),
        ("Mathelehrerin", "teachers"),
        ("bin sein Bewährungshelfer", "professionals"),
        ("seine Klassenlehrerin", "teachers"),
        ("ich bin de Tant", "relatives"),  # Kölsch
        ("bin ihre ältere Schwester", "relatives"),
        ("ich bin die Stiefmutter", "relatives"),
    ],
)
def test_short_answers_to_the_audience_question_in_colloquial_words(
    answer: str, audience: str
) -> None:
    assert audience_from_answer(answer) == audience
