"""Place resolution against tests/data/places.yml, free-text scanning, data integrity, speed."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.geo import (
    PlaceResolution,
    all_kreise,
    find_place_in_text,
    kreis_place,
    load_gazetteer,
    resolve_place,
)
from bot.geo.scan import COMMON_WORD_KEYS

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "bot" / "data"
CASES = yaml.safe_load((REPO / "tests" / "data" / "places.yml").read_text(encoding="utf-8"))
PLACES = CASES["places"]
SENTENCES = CASES["sentences"]


def _check(result: PlaceResolution | None, case: dict) -> None:
    status = result.status if result else "none"
    assert status == case["status"], (case, result)
    if result is None:
        return
    if "name" in case:
        assert result.place is not None and result.place.label == case["name"]
    if "kreis_key" in case:
        assert result.kreis_key == case["kreis_key"]
    if "method" in case:
        assert result.method == case["method"]
    if "matched" in case:
        assert result.matched == case["matched"]
    if "candidates" in case:
        assert sorted(c.label for c in result.candidates) == sorted(case["candidates"])


@pytest.mark.parametrize("case", PLACES, ids=[f"{c['group']}:{c['text']}" for c in PLACES])
def test_resolve_place(case: dict) -> None:
    _check(resolve_place(case["text"]), case)


@pytest.mark.parametrize("case", SENTENCES, ids=[c["text"][:40] for c in SENTENCES])
def test_find_place_in_text(case: dict) -> None:
    _check(find_place_in_text(case["text"]), case)


def test_places_file_covers_what_the_issue_asks_for() -> None:
    groups = [case["group"] for case in PLACES]
    assert len(PLACES) >= 150
    assert groups.count("gemeinde") >= 50
    kreis_keys = {c["kreis_key"] for c in PLACES if c["group"] == "kreis_or_kreisfreie_stadt"}
    assert kreis_keys == {place.kreis_key for place in all_kreise()}
    for group in ("typo", "folding", "preposition", "ambiguous", "district", "plz", "outside"):
        assert group in groups
    assert {"Sorgen", "Hilfe", "Moschee", "morgen"} <= {
        c["text"] for c in PLACES if c["group"] == "not_a_place"
    }


def test_every_municipality_resolves_to_itself_by_name() -> None:
    rows = list(csv.DictReader((DATA / "gazetteer" / "nrw_gemeinden.csv").open(encoding="utf-8")))
    assert len(rows) == 396
    for row in rows:
        result = resolve_place(row["name"])
        assert result.status == "found", row["name"]
        assert result.place is not None and result.place.ags == row["ags"]


def test_kreise() -> None:
    kreise = all_kreise()
    assert len(kreise) == 53
    assert kreis_place("05158") is not None and kreis_place("05158").name == "Kreis Mettmann"
    assert kreis_place("99999") is None


def test_ambiguous_postal_code_with_one_kreis_has_a_kreis_key() -> None:
    result = resolve_place("52538")
    assert result.status == "ambiguous"
    assert result.kreis_key == "05370"
    assert resolve_place("40472").kreis_key is None  # Düsseldorf vs Ratingen (Kreis Mettmann)


@pytest.mark.parametrize("word", sorted(COMMON_WORD_KEYS))
def test_common_word_place_names_need_a_preposition(word: str) -> None:
    assert find_place_in_text(f"Wir {word} heute zusammen") is None
    assert find_place_in_text(f"{word.capitalize()} ist das Thema") is None
    mention = find_place_in_text(f"Wir wohnen in {word.capitalize()}")
    assert mention is not None and mention.status in ("found", "ambiguous")


def test_districts_file_is_sourced_and_consistent() -> None:
    index = load_gazetteer()
    rows = list(csv.DictReader((DATA / "districts.csv").open(encoding="utf-8")))
    assert len(rows) >= 100
    for row in rows:
        assert row["source"].startswith(f"Stadt {row['city']}: ")
        assert "https://" in row["source"]
        assert row["level"] in ("stadtbezirk", "stadtteil")
        assert row["standalone"] in ("yes", "no")
        city = index.gemeinden[row["city_ags"]]
        assert city.name == row["city"]
        assert city.kreis_type == "kreisfreie_stadt" or city.ags == "05334002"


def test_outside_names_never_shadow_nrw_places() -> None:
    rows = list(csv.DictReader((DATA / "outside_nrw.csv").open(encoding="utf-8")))
    for row in rows:
        for name in [row["name"], *filter(None, row["aliases"].split(";"))]:
            assert resolve_place(name).status == "outside_nrw", name


def test_nothing_is_loaded_or_connected_at_import() -> None:
    code = (
        "import sys, bot.geo, bot.referrals, bot.cli, bot.db.session as s, "
        "bot.geo.index as i\n"
        "assert i.load_index.cache_info().currsize == 0\n"
        "assert not s._engines\n"
        "assert not any(m == 'rasa' or m.startswith(('rasa.', 'rasa_sdk')) for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_breaks_resolution(text: str) -> None:
    result = resolve_place(text)
    assert result.status in ("found", "ambiguous", "outside_nrw", "unknown")
    if result.status == "found":
        assert result.place is not None
    mention = find_place_in_text(text)
    assert mention is None or mention.status != "unknown"
