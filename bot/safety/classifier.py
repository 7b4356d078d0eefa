"""Trained danger classifier: reads meaning where the rules see no trigger word.

A multinomial logistic regression over three feature blocks of a *unit* (one message, or
the last few user turns of a conversation read together):

* character n-grams (2-5, inside word boundaries) of the normalised text, TF-IDF: typos,
  dialect, compounds and inflection share n-grams ("sprengstoffguertel", "sprenggürtl");
* words and word pairs, TF-IDF: the vocabulary of plans, times, places and intentions;
* the multilingual sentence embedding :func:`bot.nlp.embedding.embed` (USE v3, 512-d):
  meaning beyond the words, in German, English, Turkish, Arabic, Russian and Ukrainian. For
  several turns the embedding is the normalised mean of the turns' embeddings, so each turn
  is embedded once (and cached) however often it is part of a window.

Classes: ``none`` and the kinds of danger ``attack``, ``weapons``, ``threat``, ``travel``,
``suicide``. The danger score is ``1 - P(none)``. The fitted model is stored as plain
arrays (``model.npz``) and JSON (``model.json``: vocabularies, labels, thresholds,
fingerprint), never as a pickle; ``lotse safety train`` builds it (:mod:`bot.safety.training`).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse

from bot.nlp.embedding import DIMENSIONS, embed
from bot.safety.text import normalise

# Bump when the features change: the stored model no longer fits and is rebuilt.
FEATURE_VERSION = "1"
LABELS: tuple[str, ...] = ("none", "attack", "weapons", "threat", "travel", "suicide")
CHAR_NGRAMS = (2, 5)
MODEL_FILES = ("model.npz", "model.json")
_TOKEN = re.compile(r"\w+")


def feature_text(turns: Sequence[str]) -> str:
    """The normalised text of a unit: folded, without punctuation and clause marks."""
    return " ".join(normalise(turn).replace("|", " ") for turn in turns).strip()


def char_ngrams(text: str) -> list[str]:
    """Character n-grams inside word boundaries, as scikit-learn's ``char_wb`` builds them."""
    grams: list[str] = []
    low, high = CHAR_NGRAMS
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size < n:
                if n == low:
                    grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


def word_ngrams(text: str) -> list[str]:
    """Words and pairs of neighbouring words."""
    tokens = _TOKEN.findall(text)
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


@dataclass(frozen=True)
class TfidfBlock:
    """A fitted TF-IDF vocabulary: sublinear term frequency times idf, L2-normalised."""

    vocabulary: dict[str, int]
    idf: np.ndarray

    def vector(self, grams: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and weights of one text's TF-IDF vector (unknown grams dropped)."""
        counts = Counter(i for g in grams if (i := self.vocabulary.get(g)) is not None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        weights = (1.0 + np.log(tf)) * self.idf[columns]
        return columns, weights / math.sqrt(float(weights @ weights))

    def matrix(self, grams_per_text: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for row, grams in enumerate(grams_per_text):
            columns, weights = self.vector(grams)
            rows.append(np.full(len(columns), row))
            cols.append(columns)
            vals.append(weights)
        shape = (len(grams_per_text), len(self.vocabulary))
        if not rows:
            return sparse.csr_matrix(shape)
        data = (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols)))
        return sparse.csr_matrix(data, shape=shape)


Embedder = Callable[[list[str]], np.ndarray]


def unit_embedding(turns: Sequence[str], embedder: Embedder = embed) -> np.ndarray:
    """Normalised mean of the turns' sentence embeddings (each turn cached by ``embed``)."""
    vectors = embedder([turn for turn in turns if turn.strip()])
    if not len(vectors):
        return np.zeros(DIMENSIONS, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


@dataclass(frozen=True)
class Thresholds:
    """Danger score from which the safety question is asked (``ask``) and from which the
    emergency answer is given (``alarm``); chosen on held-out folds of the training data."""

    ask: float
    alarm: float


@dataclass(frozen=True)
class DangerClassifier:
    chars: TfidfBlock
    words: TfidfBlock
    embedding_weight: float
    char_coef: np.ndarray  # (n_chars, n_labels)
    word_coef: np.ndarray  # (n_words, n_labels)
    embedding_coef: np.ndarray  # (512, n_labels)
    intercept: np.ndarray  # (n_labels,)
    thresholds: Thresholds
    fingerprint: str = ""

    # --- features shared by training and prediction -----------------------------------------
    def features(
        self, units: Sequence[Sequence[str]], embedder: Embedder = embed
    ) -> sparse.csr_matrix:
        """The feature matrix of several units (training, evaluation)."""
        texts = [feature_text(turns) for turns in units]
        vectors = [unit_embedding(turns, embedder) for turns in units]
        dense = np.vstack(vectors) * self.embedding_weight
        return sparse.hstack(
            [
                self.chars.matrix([char_ngrams(t) for t in texts]),
                self.words.matrix([word_ngrams(t) for t in texts]),
                sparse.csr_matrix(dense),
            ],
            format="csr",
        )

    @property
    def coef(self) -> np.ndarray:
        return np.vstack([self.char_coef, self.word_coef, self.embedding_coef])

    def predict_proba(
        self, units: Sequence[Sequence[str]], embedder: Embedder = embed
    ) -> np.ndarray:
        """Class probabilities of several units, one row each (evaluation)."""
        logits = self.features(units, embedder) @ self.coef + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    # --- prediction -------------------------------------------------------------------------
    def probabilities(self, turns: Sequence[str]) -> np.ndarray:
        """Class probabilities (in ``LABELS`` order) of one unit."""
        text = feature_text(turns)
        logits = self.intercept.astype(np.float64).copy()
        for block, coef, grams in (
            (self.chars, self.char_coef, char_ngrams(text)),
            (self.words, self.word_coef, word_ngrams(text)),
        ):
            columns, weights = block.vector(grams)
            if len(columns):
                logits += weights @ coef[columns]
        logits += (unit_embedding(turns) * self.embedding_weight) @ self.embedding_coef
        logits -= logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def danger_score(self, turns: Sequence[str]) -> tuple[float, str]:
        """``1 - P(none)`` and the most likely kind of danger."""
        probs = self.probabilities(turns)
        kind = LABELS[1 + int(np.argmax(probs[1:]))]
        return float(1.0 - probs[0]), kind

    # --- storage ----------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / "model.npz",
            char_idf=self.chars.idf,
            word_idf=self.words.idf,
            char_coef=self.char_coef.astype(np.float32),
            word_coef=self.word_coef.astype(np.float32),
            embedding_coef=self.embedding_coef.astype(np.float32),
            intercept=self.intercept,
        )
        meta = {
            "feature_version": FEATURE_VERSION,
            "labels": list(LABELS),
            "fingerprint": self.fingerprint,
            "embedding_weight": self.embedding_weight,
            "thresholds": {"ask": self.thresholds.ask, "alarm": self.thresholds.alarm},
            "char_vocabulary": _ordered(self.chars.vocabulary),
            "word_vocabulary": _ordered(self.words.vocabulary),
        }
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> DangerClassifier:
        meta = json.loads((folder / "model.json").read_text("utf-8"))
        if meta.get("feature_version") != FEATURE_VERSION or tuple(meta["labels"]) != LABELS:
            raise ValueError(f"{folder}: built for other features; run `lotse safety train`")
        with np.load(folder / "model.npz", allow_pickle=False) as arrays:
            return cls(
                chars=TfidfBlock(_index(meta["char_vocabulary"]), arrays["char_idf"]),
                words=TfidfBlock(_index(meta["word_vocabulary"]), arrays["word_idf"]),
                embedding_weight=float(meta["embedding_weight"]),
                char_coef=arrays["char_coef"],
                word_coef=arrays["word_coef"],
                embedding_coef=arrays["embedding_coef"],
                intercept=arrays["intercept"],
                thresholds=Thresholds(**meta["thresholds"]),
                fingerprint=meta.get("fingerprint", ""),
            )


def _ordered(vocabulary: dict[str, int]) -> list[str]:
    return [gram for gram, _ in sorted(vocabulary.items(), key=lambda item: item[1])]


def _index(grams: list[str]) -> dict[str, int]:
    return {gram: i for i, gram in enumerate(grams)}


def stored_fingerprint(folder: Path) -> str | None:
    """The fingerprint of the model stored in ``folder`` (None when there is none)."""
    try:
        return json.loads((folder / "model.json").read_text("utf-8")).get("fingerprint")
    except (OSError, ValueError):
        return None


def fingerprint(files: Iterable[Path], code: Iterable[Path]) -> str:
    """Hash of the training files, the feature code and ``FEATURE_VERSION``."""
    digest = hashlib.sha256(FEATURE_VERSION.encode())
    for path in sorted({*files, *code}):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def load_classifier(folder: str) -> DangerClassifier:
    """The model stored in ``folder``, loaded once per process."""
    return DangerClassifier.load(Path(folder))
