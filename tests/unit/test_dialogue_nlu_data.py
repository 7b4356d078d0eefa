"""Checks for the dialogue NLU training data and its held-out test set.

Covers data/nlu/general.yml, data/nlu/help.yml, data/nlu/safety.yml and
tests/nlu/dialogue_heldout.yml: minimum example counts, no example in two intents,
no held-out example in training, valid `audience` values, and `place` annotations that
resolve to the shipped NRW gazetteer (bot/data/gazetteer) or to one of the allow-lists below.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.geo import resolve_place
from bot.referrals.situation import audience_from_answer
from bot.vocab import AUDIENCES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = PROJECT_ROOT / "bot" / "data" / "gazetteer"
NLU_DIR = PROJECT_ROOT / "data" / "nlu"
DIALOGUE_FILES = ("general.yml", "help.yml", "safety.yml")
HELDOUT_FILE = PROJECT_ROOT / "tests" / "nlu" / "dialogue_heldout.yml"

# Minimum examples per intent (the basic intents have no number in the brief: 15 is ours).
MIN_TRAINING_EXAMPLES = {
    "greet": 15,
    "goodbye": 15,
    "thank": 15,
    "bot_challenge": 15,
    "help": 15,
    "affirm": 15,
    "deny": 15,
    "cancel": 15,
    "out_of_scope": 40,
    "other_language": 25,
    "ask_referral": 40,
    "inform_place": 50,
    "express_worry": 50,
    "want_exit": 20,
    "inform_audience": 30,
    # emergency: set by the safety layer, trained on data/safety (tests/unit/test_safety_data.py)
    "ask_privacy": 20,
    "delete_conversation": 20,
    "correct_place": 15,
}
# Intents the held-out set checks beyond the dialogue training files: `emergency` is set by
# the safety layer (data/safety), and the whole pipeline must still reach it.
HELDOUT_ONLY_INTENTS = {"emergency"}
MIN_HELDOUT_EXAMPLES = 8
MIN_DISTINCT_INFORM_PLACES = 40
AUDIENCE_VALUES = frozenset(AUDIENCES)

# Place spellings that are not in the gazetteer but that users really write. Each is
# listed on purpose; the place resolver has to map them (or ask back).
KNOWN_PLACE_VARIANTS = frozenset(
    {
        # misspellings
        "wupertal",
        "wittgenstein",  # the Wittgensteiner Land (Kreis Siegen-Wittgenstein)
        "gelsenkirchn",
        "mühlheim",
        # colloquial short forms (Gladbach = Mönchengladbach; Mülheim is also Köln-Mülheim)
        "gladbach",
        # inflected Kreis names ("im Märkischen Kreis")
        "märkischen kreis",
        "oberbergischen kreis",
        # city districts (the gazetteer has no Ortsteile)
        "köln-mülheim",
        "köln-chorweiler",
        "duisburg-marxloh",
        "dortmund-nordstadt",
    }
)
# Places outside NRW that users may name; the bot points them to nationwide offers.
OUTSIDE_NRW_PLACES = frozenset(
    {
        "berlin",
        "hamburg",
        "münchen",
        "mainz",
        "frankfurt am main",
        "hannover",
        "osnabrück",
        "koblenz",
        "stuttgart",
        "niedersachsen",
    }
)

# A real-looking person name must never appear in the data (privacy of examples).
# ("Ben" is left out: it is the Turkish word for "I".)
COMMON_GIVEN_NAMES = frozenset(
    [
        "ahmed",
        "ahmet",
        "ali",
        "aylin",
        "ayşe",
        "ayse",
        "anna",
        "elias",
        "emil",
        "emma",
        "emre",
        "fatima",
        "fatma",
        "finn",
        "hamza",
        "hannah",
        "hasan",
        "ibrahim",
        "jan",
        "jonas",
        "julia",
        "karim",
        "kevin",
        "laura",
        "lea",
        "leon",
        "lukas",
        "maria",
        "marie",
        "max",
        "mehmet",
        "mia",
        "mohammed",
        "mohamed",
        "muhammad",
        "murat",
        "mustafa",
        "noah",
        "omar",
        "paul",
        "sarah",
        "sophie",
        "tim",
        "tom",
        "yasin",
        "yusuf",
        "zeynep",
    ]
)


def normalise(text: str) -> str:
    """Case-insensitive, whitespace- and edge-punctuation-insensitive form of an example."""
    text = re.sub(r"\s+", " ", text.casefold()).strip()
    return text.strip(" .,!?;:…\"'")


@cache
def gazetteer_places() -> frozenset[str]:
    names: set[str] = set()
    with (GAZETTEER / "nrw_gemeinden_extended.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names.add(row["name"])
            names.update(alias for alias in row["aliases"].split(";") if alias)
    with (GAZETTEER / "nrw_kreise.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            kreis = row["kreis_name"]
            names.add(kreis)
            if kreis.startswith("Kreis "):
                names.add(kreis.removeprefix("Kreis "))
    return frozenset(name.casefold() for name in names)


def is_known_place(value: str) -> bool:
    """In the gazetteer, an allow-list, or a name the place resolver maps (Kölle, districts)."""
    key = re.sub(r"\s+", " ", value.casefold()).strip()
    if key in gazetteer_places() or key in KNOWN_PLACE_VARIANTS or key in OUTSIDE_NRW_PLACES:
        return True
    return resolve_place(value).status in ("found", "ambiguous")


@cache
def dialogue_training() -> TrainingData:
    return TrainingData().merge(*(load_data(str(NLU_DIR / name)) for name in DIALOGUE_FILES))


@cache
def all_training() -> TrainingData:
    return load_data(str(NLU_DIR))


@cache
def heldout() -> TrainingData:
    return load_data(str(HELDOUT_FILE))


def examples_by_intent(data: TrainingData) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for example in data.intent_examples:
        grouped[example.get_full_intent()].append(example)
    return grouped


def cross_intent_duplicates(data: TrainingData) -> dict[str, set[str]]:
    """Normalised texts that occur under more than one intent."""
    intents_of: dict[str, set[str]] = defaultdict(set)
    for example in data.intent_examples:
        intents_of[normalise(example.get("text"))].add(example.get_full_intent())
    return {text: intents for text, intents in intents_of.items() if len(intents) > 1}


def overlap(heldout_data: TrainingData, training_data: TrainingData) -> set[str]:
    seen = {normalise(example.get("text")) for example in training_data.intent_examples}
    return {
        example.get("text")
        for example in heldout_data.intent_examples
        if normalise(example.get("text")) in seen
    }


def entity_values(data: TrainingData, entity: str) -> list[tuple[str, str]]:
    """(value, example text) for every annotation of `entity`."""
    return [
        (str(annotation["value"]), example.get("text"))
        for example in data.intent_examples
        for annotation in example.get("entities") or []
        if annotation["entity"] == entity
    ]


def bad_audience_values(data: TrainingData) -> list[tuple[str, str]]:
    return [(v, t) for v, t in entity_values(data, "audience") if v not in AUDIENCE_VALUES]


def unknown_places(data: TrainingData) -> list[tuple[str, str]]:
    return [(v, t) for v, t in entity_values(data, "place") if not is_known_place(v)]


def names_used(data: TrainingData) -> list[tuple[str, str]]:
    hits = []
    for example in data.intent_examples:
        for token in re.findall(r"\w+", example.get("text").casefold()):
            if token in COMMON_GIVEN_NAMES:
                hits.append((token, example.get("text")))
    return hits


# --------------------------------------------------------------------------- the data


def test_shipped_gazetteer_is_present() -> None:
    assert (GAZETTEER / "nrw_gemeinden_extended.csv").is_file()
    assert "velbert" in gazetteer_places()
    assert "rhein-sieg-kreis" in gazetteer_places()
    assert "mettmann" in gazetteer_places()  # "Kreis Mettmann" without its prefix


@pytest.mark.parametrize("intent,minimum", sorted(MIN_TRAINING_EXAMPLES.items()))
def test_training_intent_has_enough_examples(intent: str, minimum: int) -> None:
    count = len(examples_by_intent(dialogue_training()).get(intent, []))
    assert count >= minimum, f"{intent}: {count} examples, need at least {minimum}"


def test_dialogue_files_hold_only_dialogue_intents() -> None:
    assert set(examples_by_intent(dialogue_training())) == set(MIN_TRAINING_EXAMPLES)


def test_no_example_in_two_dialogue_intents() -> None:
    assert cross_intent_duplicates(dialogue_training()) == {}


def test_no_example_in_two_intents_across_all_nlu_files() -> None:
    assert cross_intent_duplicates(all_training()) == {}


def test_audience_values_are_the_five_audiences() -> None:
    values = entity_values(dialogue_training(), "audience")
    assert {v for v, _ in values} == AUDIENCE_VALUES  # all five are covered
    assert bad_audience_values(dialogue_training()) == []


def test_every_inform_audience_example_names_an_audience() -> None:
    """Annotated, or a short reply whose role the form reads (audience_from_answer)."""
    for example in examples_by_intent(dialogue_training())["inform_audience"]:
        entities = [e["entity"] for e in example.get("entities") or []]
        text = example.get("text")
        assert "audience" in entities or audience_from_answer(text) in AUDIENCE_VALUES, text


def test_training_places_are_known() -> None:
    assert unknown_places(dialogue_training()) == []


def test_place_allow_lists_are_not_gazetteer_names() -> None:
    # The allow-lists hold only what the gazetteer lacks; a gazetteer name there is a slip.
    assert KNOWN_PLACE_VARIANTS.isdisjoint(gazetteer_places())
    assert OUTSIDE_NRW_PLACES.isdisjoint(gazetteer_places())


def test_every_inform_place_example_has_a_place() -> None:
    places = set()
    for example in examples_by_intent(dialogue_training())["inform_place"]:
        found = [e["value"] for e in example.get("entities") or [] if e["entity"] == "place"]
        assert found, example.get("text")
        places.update(value.casefold() for value in found)
    assert len(places) >= MIN_DISTINCT_INFORM_PLACES, sorted(places)


def test_ask_referral_comes_with_and_without_place() -> None:
    examples = examples_by_intent(dialogue_training())["ask_referral"]
    with_place = [
        e for e in examples if any(x["entity"] == "place" for x in e.get("entities") or [])
    ]
    assert 0 < len(with_place) < len(examples)


def test_no_person_names_or_contact_data() -> None:
    for data in (dialogue_training(), heldout()):
        assert names_used(data) == []
        for example in data.intent_examples:
            text = example.get("text")
            assert "@" not in text, text
            assert not re.search(r"\d[\d /-]{5,}\d", text), text  # phone-like digit runs


# ----------------------------------------------------------------------- held-out set


def test_heldout_covers_every_dialogue_intent() -> None:
    grouped = examples_by_intent(heldout())
    assert set(grouped) == set(MIN_TRAINING_EXAMPLES) | HELDOUT_ONLY_INTENTS
    too_few = {i: len(ex) for i, ex in grouped.items() if len(ex) < MIN_HELDOUT_EXAMPLES}
    assert too_few == {}


def test_heldout_does_not_overlap_training() -> None:
    assert overlap(heldout(), all_training()) == set()


def test_heldout_has_no_example_in_two_intents() -> None:
    assert cross_intent_duplicates(heldout()) == {}


def test_heldout_entities_follow_training_rules() -> None:
    assert bad_audience_values(heldout()) == []
    assert unknown_places(heldout()) == []


# ------------------------------------------------------- the checks themselves can fail

BROKEN_YAML = """
version: "3.1"
nlu:
- intent: greet
  examples: |
    - Hallo!
- intent: affirm
  examples: |
    - hallo
- intent: inform_place
  examples: |
    - [Atlantis](place)
    - [Köln](place)
- intent: inform_audience
  examples: |
    - ich bin [Opa]{"entity": "audience", "value": "grandparents"}
- intent: express_worry
  examples: |
    - mein sohn Mehmet ist komisch
"""


def test_checks_report_broken_data() -> None:
    broken = RasaYAMLReader().reads(BROKEN_YAML)
    assert cross_intent_duplicates(broken) == {"hallo": {"greet", "affirm"}}
    assert unknown_places(broken) == [("Atlantis", "Atlantis")]
    assert bad_audience_values(broken) == [("grandparents", "ich bin Opa")]
    assert names_used(broken) == [("mehmet", "mein sohn Mehmet ist komisch")]
    assert overlap(broken, RasaYAMLReader().reads(BROKEN_YAML.replace("Hallo!", "HALLO"))) != set()


def test_place_matching_is_case_insensitive_and_follows_the_resolver() -> None:
    assert is_known_place("koeln")
    assert is_known_place("KREIS UNNA")
    assert is_known_place("Unna")
    assert is_known_place("Kölle")  # colloquial, mapped by the resolver
    assert not is_known_place("Paris")
    assert not is_known_place("Atlantis")


def test_no_blind_message_is_in_the_training_data() -> None:
    """The blind sets of tests/blind stay a measure: no training example copies one of their
    messages (a close paraphrase counts; short questions like "Seit wann gibt es die IMAG?" may
    coincide, people ask them alike)."""
    import yaml
    from rapidfuzz import fuzz, process

    blind: list[str] = []
    for path in sorted((PROJECT_ROOT / "tests" / "blind").glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        blind += [case["text"].lower() for case in data.get("cases") or []]
        for conversation in data.get("conversations") or []:
            blind += [turn["text"].lower() for turn in conversation["turns"]]
    blind = [text for text in blind if len(text) >= 50]
    assert len(blind) > 500
    copies = []
    for example in all_training().intent_examples:
        text = example.get("text", "").lower()
        if len(text) < 50:
            continue
        hit = process.extractOne(text, blind, scorer=fuzz.ratio, score_cutoff=90)
        if hit:
            copies.append(f"{text!r} ~ {hit[0]!r}")
    assert not copies, "\n".join(copies)
