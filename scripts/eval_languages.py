"""Which route understands messages in English, Turkish, Arabic, Russian and Ukrainian best?

Issue 19 asks to measure the sentence-embedding route against per-language training data and
to keep what the numbers favour. Every route reads the same blind messages, written by
outside writers who never saw the data or code (tests/blind/languages: the single messages of
single_L2_*.yml and the turns of the conversations of paths_L1.yml whose expectation names a
meaning), each in the language its writer wrote it in, so detection does not blur the figure:

* ``keywords``: the rules of ``bot.language.intents`` (the route of the fourth round), else
  ``other_language``;
* ``embedding (German data)``: the model of ``bot.language.understanding`` trained on the German
  examples of the same labels only (data/nlu): meaning carried across languages by the
  multilingual USE embedding alone;
* ``per-language data``: the same model trained on data/languages (written per language);
* ``per-language + German``: both;
* ``keywords, then model`` / ``model, then keywords``: one route first, the other where the
  first says nothing (or the model is unsure, below ``--threshold``).

Prints accuracy per language and route and writes reports/languages/understanding.md.

    python scripts/eval_languages.py [--threshold 0.3 0.5 0.7]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.language.intents import audience_answer, guess_intent  # noqa: E402
from bot.language.understanding import (  # noqa: E402
    AUDIENCE_INTENT,
    LABELS,
    LANGUAGES,
    MODEL_MIN_CONFIDENCE,
    OTHER_LANGUAGE,
    Example,
    ForeignGuess,
    ForeignUnderstanding,
    example_files,
    load_examples,
)
from bot.staff.nlu_data import nlu_examples  # noqa: E402

BLIND = ROOT / "tests" / "blind" / "languages"
REPORT = ROOT / "reports" / "languages" / "understanding.md"
TRUST_KEYS = {
    "trust.cost": "kosten",
    "trust.confidential": "vertraulich",
    "trust.authorities": "behoerden",
    "trust.voluntary": "freiwillig",
    "trust.anonymous": "anonym",
    "trust.hours": "erreichbarkeit",
}
SIMPLE = {
    "greet": {"greet"},
    "goodbye": {"goodbye"},
    "thank": {"thank"},
    "bot_challenge": {"bot_challenge"},
    "help": {"help", "greet"},
    "affirm": {"affirm"},
    "deny": {"deny"},
    "cancel": {"cancel"},
    "worry": {"express_worry", "ask_referral"},
    "faith_only": {"describe_faith"},
    "fear_helpless": {"express_fear", "express_worry"},
    "referral": {"ask_referral", "express_worry"},
    "exit": {"want_exit"},
    "privacy": {"ask_privacy"},
    "delete": {"delete_conversation"},
    "out_of_scope": {OTHER_LANGUAGE},
    "other_language": {OTHER_LANGUAGE},
}


def right_labels(case: dict) -> set[str] | None:
    """The labels that answer a blind case rightly; None when the case is no question of
    meaning (a place, a switch of language, an emergency: other layers decide those)."""
    expect = str(case.get("expect"))
    if expect in SIMPLE:
        return SIMPLE[expect]
    if expect in TRUST_KEYS:
        return {f"vertrauen/{TRUST_KEYS[expect]}"}
    if expect.startswith("knowledge:"):
        key = expect.removeprefix("knowledge:")
        return {key} if key in LABELS else {OTHER_LANGUAGE}
    if expect == "audience":
        audience = {"school": "teachers"}.get(case.get("audience"), case.get("audience"))
        return {f"{AUDIENCE_INTENT}/{audience}"}
    return None


def blind_cases() -> list[dict]:
    cases: list[dict] = []
    for path in sorted(BLIND.glob("single_L2_*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data["cases"]:
            cases.append({**case, "lang": case.get("lang", data.get("lang")), "set": path.stem})
    paths = yaml.safe_load((BLIND / "paths_L1.yml").read_text("utf-8"))["conversations"]
    for conversation in paths:
        language = conversation["lang"]
        for turn in conversation["turns"]:
            if turn.get("to") or conversation.get("kind") == "switch":
                break  # after a switch the turns are German
            cases.append({**turn, "lang": language, "set": "paths_L1"})
    return [c for c in cases if c["lang"] in LANGUAGES and right_labels(c) is not None]


def german_examples() -> list[Example]:
    """data/nlu's German examples of the labels, and of everything else as other_language."""
    examples = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for intent, text in nlu_examples(path):
            label = intent if intent in LABELS else OTHER_LANGUAGE
            if intent in ("emergency", "safety_check", "inform_place", "bad_input"):
                continue
            examples.append(Example(text, label, "de"))
    return examples


def label_of(guess: ForeignGuess) -> str:
    if guess.audience:
        return f"{AUDIENCE_INTENT}/{guess.audience}"
    return guess.response_key or guess.intent


def keyword_label(text: str, language: str, expect: str) -> str | None:
    if expect == "audience":  # asked by the form: the action reads the answer this way
        audience = audience_answer(text, language, asked=True)
        if audience:
            return f"{AUDIENCE_INTENT}/{audience}"
    guess = guess_intent(text, language)
    if guess is None:
        return None
    for entity, value in guess.entities:
        if entity == "audience":
            return f"{AUDIENCE_INTENT}/{value}"
    return guess.response_key or guess.intent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, nargs="+", default=[MODEL_MIN_CONFIDENCE])
    args = parser.parse_args()
    cases = blind_cases()
    written = load_examples(example_files(ROOT / "data" / "languages"))
    german = german_examples()
    print(f"{len(cases)} blind cases; {len(written)} written examples; {len(german)} German")
    models = {
        "embedding (German data)": ForeignUnderstanding().fit(german),
        "per-language data": ForeignUnderstanding().fit(written),
        "per-language + German": ForeignUnderstanding().fit([*written, *german]),
    }
    texts = [c["text"] for c in cases]
    guesses = {name: model.guess(texts) for name, model in models.items()}
    keywords = [keyword_label(c["text"], c["lang"], str(c["expect"])) for c in cases]
    per_language = guesses["per-language data"]

    def model_then_keywords(i: int, threshold: float) -> str:
        guess = per_language[i]
        if guess.confidence >= threshold or keywords[i] is None:
            return label_of(guess)
        return keywords[i] or OTHER_LANGUAGE

    routes: dict[str, Callable[[int], str]] = {
        "keywords": lambda i: keywords[i] or OTHER_LANGUAGE,
        **{name: (lambda i, n=name: label_of(guesses[n][i])) for name in models},
        "keywords, then model": lambda i: keywords[i] or label_of(per_language[i]),
        **{
            f"model (>= {t}), then keywords": (lambda i, t=t: model_then_keywords(i, t))
            for t in args.threshold
        },
    }
    right: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter(c["lang"] for c in cases)
    misses: dict[str, list[str]] = defaultdict(list)
    for i, case in enumerate(cases):
        wanted = right_labels(case) or set()
        for name, route in routes.items():
            got = route(i)
            if got in wanted:
                right[name][case["lang"]] += 1
            else:
                misses[name].append(f"{case['lang']} {case['expect']} -> {got}: {case['text']!r}")
    header = "| route | " + " | ".join(LANGUAGES) + " | all |"
    lines = [header, "| --- |" + " --- |" * (len(LANGUAGES) + 1)]
    for name in routes:
        cells = [
            f"{right[name][lang] / total[lang]:.1%}" if total[lang] else "-" for lang in LANGUAGES
        ]
        overall = sum(right[name].values()) / max(1, len(cases))
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {overall:.1%} |")
    counts = ", ".join(f"{lang} {total[lang]}" for lang in LANGUAGES)
    table = "\n".join(lines)
    print(table)
    best = max(routes, key=lambda name: sum(right[name].values()))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    body = [
        "# Understanding other languages: routes compared on blind messages",
        "",
        f"{len(cases)} blind messages ({counts}); {len(written)} written training examples,"
        f" {len(german)} German ones. Best: {best}.",
        "",
        table,
        "",
        f"## Misses of {best}",
        "",
        *(f"- {line}" for line in misses[best]),
        "",
        "## Misses of keywords",
        "",
        *(f"- {line}" for line in misses["keywords"]),
        "",
    ]
    REPORT.write_text("\n".join(body), encoding="utf-8")
    print(f"best: {best}; report: {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
