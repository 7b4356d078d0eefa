"""Automatic checks of the Leichte Sprache variants (rules of the Netzwerk Leichte Sprache).

What a program can check with the blank German spaCy pipeline (tokeniser + sentencizer, no
parser, no model download) and simple patterns:

* sentence length: at most ``MAX_WORDS`` words per sentence;
* passive: a form of "werden" together with a participle "ge…t"/"ge…en" in one sentence
  ("wird geprüft", "wurde gelöscht"); "Ich habe gelöscht" (active perfect) passes;
* subjunctive: "würde", "könnte", "hätte", "wäre", "müsste", "sollte" and their forms;
* genitive: the article "des", and "eines"/"wegen"/"trotz"/"während" (genitive prepositions);
* long compounds without a hyphen: a capitalised word of ``MAX_COMPOUND`` letters or more
  ("Beratungsstelle" must be "Beratungs-Stelle"), except the names in ``NAMES``.

What it cannot check (staff check these, docs/redaktion.md): one statement per sentence,
whether a hard word is explained, negations, abstract nouns, numbers and dates written
plainly, and the genitive after "der" ("die Stelle der Stadt"), which needs a parser.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_WORDS = 15
MAX_COMPOUND = 13
# Names and words that keep their spelling (programmes, places, the bot).
NAMES = frozenset(
    {
        "Nordrhein-Westfalen",
        "Radikalisierung",
        "Extremismus",
        "Salafisten",
    }
)
_PLACEHOLDER = re.compile(r"\{\w+\}")
_URL = re.compile(r"https?://\S+")
_WERDEN = re.compile(r"\b(?:werde|wirst|wird|werden|werdet|wurde|wurdest|wurden|wurdet)\b", re.I)
_PARTICIPLE = re.compile(r"\bge\w{2,}(?:t|en)\b")
_SUBJUNCTIVE = re.compile(
    r"\b(?:würde|würdest|würden|würdet|könnte|könntest|könnten|hätte|hättest|hätten|"
    r"wäre|wärst|wären|müsste|müssten|sollte|solltest|sollten|dürfte|dürften)\b",
    re.I,
)
_GENITIVE = re.compile(r"\b(?:des|eines|wegen|trotz|während)\b", re.I)
_WORD = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)


@lru_cache(maxsize=1)
def _nlp():  # type: ignore[no-untyped-def]
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str) -> list[str]:
    """The sentences of a text (URLs and placeholders replaced, so they count as one word)."""
    plain = _PLACEHOLDER.sub("X", _URL.sub("Link", text))
    found: list[str] = []
    for line in plain.splitlines():
        if line.strip():
            found += [s.text.strip() for s in _nlp()(line).sents if s.text.strip()]
    return found


def problems(text: str) -> list[str]:
    """What breaks the checkable rules of Leichte Sprache in ``text``."""
    found: list[str] = []
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        if len(words) > MAX_WORDS:
            found.append(f"sentence of {len(words)} words (max {MAX_WORDS}): {sentence!r}")
        if _WERDEN.search(sentence) and _PARTICIPLE.search(sentence):
            found.append(f"passive: {sentence!r}")
        for match in _SUBJUNCTIVE.finditer(sentence):
            found.append(f"subjunctive {match.group(0)!r}: {sentence!r}")
        for match in _GENITIVE.finditer(sentence):
            found.append(f"genitive {match.group(0)!r}: {sentence!r}")
        for word in words:
            if (
                word[0].isupper()
                and "-" not in word
                and len(word) >= MAX_COMPOUND
                and word not in NAMES
            ):
                found.append(f"long word without hyphen {word!r}: {sentence!r}")
    return found
