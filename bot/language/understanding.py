"""What a message in English, Turkish, Arabic, Russian or Ukrainian asks for, by a model.

The German intent classifier never sees these languages. This model is trained on examples
written in each of them (``data/languages/<code>.yml``: per label, short and long, with and
without diacritics, in dialect) over the same three views as the German one (``bot.nlp``):
character n-grams and words of the text folded without accents in any script, and the
multilingual USE sentence embedding, which carries meaning across languages.

Its labels are the core paths of issue 19 (``LABELS``): the German intents, the trust and the
most-asked knowledge answers as ``intent/answer key``, and a short self-description as
``inform_audience/<audience>``. Everything else is ``other_language`` (the rest is in German).
Which route decides a message (keywords of ``bot.language.intents`` or this model, and from
which confidence on) was measured on blind sets written in these languages:
scripts/eval_languages.py, docs/architecture.md ("Understanding other languages").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.nlp.classifier import ClassifierSettings, TextClassifier, intent_of

AUDIENCE_INTENT = "inform_audience"
OTHER_LANGUAGE = "other_language"
_KNOWLEDGE_KEYS = (
    *("salafismus", "gewaltbereiter_salafismus", "salafismus_islam", "islamismus", "herkunft"),
    *("warum_jugendliche", "zahlen", "schwerpunkte", "warnzeichen", "was_tun_angehoerige"),
)
# The labels a file may use: every one is answered in the user's language (core paths).
LABELS: frozenset[str] = frozenset(
    (
        *("greet", "goodbye", "thank", "bot_challenge", "help", "affirm", "deny", "cancel"),
        *("express_worry", "describe_faith", "express_fear", "ask_referral", "want_exit"),
        *("ask_privacy", "delete_conversation", OTHER_LANGUAGE),
        *(
            f"vertrauen/{key}"
            for key in ("kosten", "vertraulich", "behoerden", "freiwillig", "anonym")
        ),
        "vertrauen/erreichbarkeit",
        *(f"wissen/{key}" for key in _KNOWLEDGE_KEYS),
        *(f"angebote/{key}" for key in ("wegweiser", "wegweiser_chat", "bamf_hotline")),
        *(
            f"{AUDIENCE_INTENT}/{audience}"
            for audience in ("relatives", "teachers", "professionals", "affected")
        ),
    )
)
LANGUAGES: tuple[str, ...] = ("en", "tr", "ar", "ru", "uk")
# From this confidence on the model decides; below it the keywords of bot.language.intents
# do when they name an intent, else the model's guess still does (scripts/eval_languages.py).
MODEL_MIN_CONFIDENCE = 0.5
DEFAULT_DIRECTORY = Path("data/languages")
# Written examples are few per label; the sentence embedding weighs more than in the German
# model because it is what carries meaning across the dialects and spellings of a language.
SETTINGS = ClassifierSettings(
    regularization=10.0, char_ngrams=(2, 4), embedding_weight=3.0, folding="plain"
)


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    language: str


@dataclass(frozen=True)
class ForeignGuess:
    """The model's reading of one message: an intent, its answer key or audience, and how
    sure the model is of the intent."""

    intent: str
    confidence: float
    response_key: str | None = None
    audience: str | None = None

    @classmethod
    def from_label(cls, label: str, confidence: float) -> ForeignGuess:
        intent = intent_of(label)
        if label == intent:
            return cls(intent, confidence)
        if intent == AUDIENCE_INTENT:
            return cls(intent, confidence, audience=label.split("/", 1)[1])
        return cls(intent, confidence, response_key=label)


def example_files(directory: Path = DEFAULT_DIRECTORY) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def load_examples(files: Iterable[Path]) -> list[Example]:
    """Every example of the files; a label outside ``LABELS`` or a file whose language is not
    one of ``LANGUAGES`` is an error (a typo would otherwise train a label nobody answers)."""
    examples: list[Example] = []
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        language = data.get("language")
        if language not in LANGUAGES:
            raise ValueError(f"{path}: language {language!r} is not one of {LANGUAGES}")
        for label, texts in (data.get("labels") or {}).items():
            if label not in LABELS:
                raise ValueError(f"{path}: unknown label {label!r}")
            for text in texts or []:
                if isinstance(text, str) and text.strip():
                    examples.append(Example(text.strip(), label, language))
    return examples


def fingerprint(files: Iterable[Path]) -> str:
    """Changes whenever an example file does: Rasa then retrains the component."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class ForeignUnderstanding:
    """Train with ``fit``, read messages with ``guess``; ``save``/``load`` persist it."""

    def __init__(self, classifier: TextClassifier | None = None) -> None:
        self.classifier = classifier

    def fit(self, examples: Sequence[Example]) -> ForeignUnderstanding:
        self.classifier = TextClassifier(SETTINGS).fit(
            [e.text for e in examples], [e.label for e in examples]
        )
        return self

    def guess(self, texts: Sequence[str]) -> list[ForeignGuess]:
        if self.classifier is None or not texts:
            return [ForeignGuess(OTHER_LANGUAGE, 0.0) for _ in texts]
        guesses = []
        for prediction in self.classifier.predict(list(texts)):
            guesses.append(ForeignGuess.from_label(prediction.label, prediction.confidence))
        return guesses

    def save(self, path: Path) -> None:
        assert self.classifier is not None, "not trained"
        self.classifier.save(path)

    @classmethod
    def load(cls, path: Path) -> ForeignUnderstanding:
        return cls(TextClassifier.load(path))
