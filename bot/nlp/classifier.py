"""Intents and answer keys from one linear model over three views of a message.

One flat label set: ordinary intents (``greet``, ``ask_referral``) and the answer keys of the
retrieval intents (``wissen/warnzeichen``, ``vertrauen/kosten``). Three views of the text:

* character n-grams (2-5, inside word boundaries) of the folded text: typos, compounds,
  missing umlauts ("Beratungstelle", "Extremismuspraevention");
* word uni- and bigrams of the folded lemmas (or the folded words when no lemmas are given):
  inflection and word order ("kostet die Beratung" / "Beratung kostenlos");
* the multilingual USE sentence embedding (``bot.nlp.embedding``): meaning beyond shared
  letters ("Muss ich was zahlen?" near "Ist das kostenlos?"), and German mixed with Turkish,
  Arabic or English words.

A multinomial logistic regression over the concatenation predicts the label. The intent's
confidence is the summed probability of its labels (all answer keys of ``wissen`` count for
``wissen``), so a question split between two answer keys of one topic is still sure of its
topic. Why this model and not DIET: docs/architecture.md ("NLU classifier").
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import softmax

from bot.nlp.embedding import embed
from bot.text.folding import fold, fold_plain

RETRIEVAL_SEPARATOR = "/"


def intent_of(label: str) -> str:
    """``"wissen/warnzeichen"`` → ``"wissen"``; an ordinary intent stays as it is."""
    return label.split(RETRIEVAL_SEPARATOR, 1)[0]


@dataclass(frozen=True)
class ClassifierSettings:
    """What the model is built from (the component's config in config.yml)."""

    regularization: float = 10.0  # LogisticRegression's C: the data is small and clean
    char_ngrams: tuple[int, int] = (2, 5)
    word_ngrams: tuple[int, int] = (1, 2)
    # Weight of the (L2-normalised) embedding beside the two L2-normalised TF-IDF views;
    # 0 leaves the embedding out.
    embedding_weight: float = 3.0
    # "german": umlauts spelt out (``fold``); "plain": accents and vowel signs of any script
    # dropped (``fold_plain``), for the model of the other languages.
    folding: str = "german"
    max_iter: int = 3000
    random_state: int = 42


@dataclass(frozen=True)
class Prediction:
    """The ranking of one message: labels and intents, best first."""

    labels: list[tuple[str, float]]
    intents: list[tuple[str, float]]

    @property
    def label(self) -> str:
        """The best label inside the best intent (the answer key for a retrieval intent)."""
        intent = self.intents[0][0]
        return next(label for label, _ in self.labels if intent_of(label) == intent)

    @property
    def intent(self) -> str:
        return self.intents[0][0]

    @property
    def confidence(self) -> float:
        return self.intents[0][1]

    def keys_of(self, intent: str) -> list[tuple[str, float]]:
        """The answer keys of one retrieval intent with their probability within it."""
        keys = [(label, p) for label, p in self.labels if intent_of(label) == intent]
        total = sum(p for _, p in keys) or 1.0
        return [(label, p / total) for label, p in keys]


@dataclass
class TextClassifier:
    """Train with ``fit``, classify with ``predict``; ``save``/``load`` persist it."""

    settings: ClassifierSettings = field(default_factory=ClassifierSettings)
    _chars: TfidfVectorizer | None = None
    _words: TfidfVectorizer | None = None
    _model: LogisticRegression | None = None

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self._model.classes_] if self._model is not None else []

    @property
    def _fold_text(self) -> Callable[[str], str]:
        return fold_plain if self.settings.folding == "plain" else fold

    def _features(self, texts: Sequence[str], words: Sequence[str] | None, *, fit: bool):
        fold_text = self._fold_text
        folded = [fold_text(text) for text in texts]
        word_texts = [fold_text(w) for w in words] if words is not None else folded
        if fit:
            self._chars = TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=self.settings.char_ngrams,
                sublinear_tf=True,
                lowercase=False,
            )
            self._words = TfidfVectorizer(
                analyzer="word",
                ngram_range=self.settings.word_ngrams,
                sublinear_tf=True,
                lowercase=False,
                token_pattern=r"(?u)\b\w+\b",
            )
            views = [self._chars.fit_transform(folded), self._words.fit_transform(word_texts)]
        else:
            assert self._chars is not None and self._words is not None, "not trained"
            views = [tfidf(self._chars, folded), tfidf(self._words, word_texts)]
        if self.settings.embedding_weight > 0:
            dense = embed(list(texts)) * self.settings.embedding_weight
            views.append(sp.csr_matrix(dense))
        return sp.hstack(views, format="csr")

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], words: Sequence[str] | None = None
    ) -> TextClassifier:
        """Train on ``texts`` (with their lemma strings ``words``, if known) and ``labels``."""
        if len(set(labels)) < 2:
            raise ValueError("the classifier needs at least two labels")
        features = self._features(texts, words, fit=True)
        self._model = LogisticRegression(
            C=self.settings.regularization,
            max_iter=self.settings.max_iter,
            random_state=self.settings.random_state,
        )
        self._model.fit(features, list(labels))
        _transpose_friendly(self._model)
        return self

    def predict(self, texts: Sequence[str], words: Sequence[str] | None = None) -> list[Prediction]:
        """One ranking per text; empty input gives an empty list."""
        if not texts:
            return []
        if self._model is None:
            raise RuntimeError("the classifier is not trained")
        if len(texts) == 1 and _is_multinomial(self._model):
            probabilities = softmax(self._decision_of_one(texts[0], words[0] if words else None))
        else:
            probabilities = self._model.predict_proba(self._features(texts, words, fit=False))
        labels = self.labels
        predictions = []
        for row in probabilities:
            order = np.argsort(-row)
            ranked = [(labels[i], float(row[i])) for i in order]
            by_intent: dict[str, float] = defaultdict(float)
            for label, p in ranked:
                by_intent[intent_of(label)] += p
            intents = sorted(by_intent.items(), key=lambda item: -item[1])
            predictions.append(Prediction(labels=ranked, intents=intents))
        return predictions

    def _decision_of_one(self, text: str, words: str | None) -> np.ndarray:
        """The model's decision values for one text (1 x labels), as ``decision_function``
        over ``_features`` gives them, without building sparse matrices: a served message is
        one text, and scipy's construction of its three views and their concatenation cost
        more than the product itself. Same features and weights; only the order in which
        floating-point products are summed may differ (tests/unit/test_classifier.py)."""
        assert self._chars is not None and self._words is not None and self._model is not None
        fold_text = self._fold_text
        folded = fold_text(text)
        coef = self._model.coef_
        decision = np.zeros(coef.shape[0])
        offset = 0
        for vectorizer, view_text in (
            (self._chars, folded),
            (self._words, fold_text(words) if words is not None else folded),
        ):
            columns, values = _tfidf_of_one(vectorizer, view_text)
            if columns.size:
                decision += _times(coef[:, columns + offset], values)
            offset += len(vectorizer.vocabulary_)
        if self.settings.embedding_weight > 0:
            dense = (embed([text]) * self.settings.embedding_weight)[0].astype(np.float64)
            decision += _times(coef[:, offset : offset + dense.size], dense)
        return (decision + self._model.intercept_).reshape(1, -1)

    def save(self, path: Path) -> None:
        with path.open("wb") as handle:
            pickle.dump(
                {"settings": self.settings, "chars": self._chars, "words": self._words,
                 "model": self._model},
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> TextClassifier:
        # Only files this class wrote into Rasa's model archive are loaded.
        with path.open("rb") as handle:
            state = pickle.load(handle)
        _transpose_friendly(state["model"])
        return cls(
            settings=state["settings"],
            _chars=state["chars"],
            _words=state["words"],
            _model=state["model"],
        )


_IDF = "_lotse_idf"


def _idf(vectorizer: TfidfVectorizer) -> np.ndarray:
    """The fitted idf vector, read once per vectorizer (see ``tfidf``)."""
    idf = vectorizer.__dict__.get(_IDF)
    if idf is None:
        idf = vectorizer.__dict__[_IDF] = np.asarray(vectorizer.idf_, dtype=np.float64)
    return idf


def tfidf(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` with the idf vector read once: scikit-learn 1.1
    rebuilds it from a diagonal matrix over all ~100,000 features twice per call (a fitted
    check, then a sparse product). Same counts, sublinear tf, idf weights and norm."""
    idf = _idf(vectorizer)
    matrix = CountVectorizer.transform(vectorizer, texts).astype(np.float64)
    if vectorizer.sublinear_tf:
        np.log(matrix.data, matrix.data)
        matrix.data += 1
    matrix.data *= idf[matrix.indices]
    return normalize(matrix, norm=vectorizer.norm, copy=False) if vectorizer.norm else matrix


def _times(matrix: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``matrix @ vector`` without BLAS: for a product this small OpenBLAS wakes its threads,
    and they spin on the other core after every call (measured: twice the CPU per message)."""
    return np.einsum("ij,j->i", matrix, vector)


_ANALYZER = "_lotse_analyzer"


def _tfidf_of_one(vectorizer: TfidfVectorizer, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The non-zero columns (ascending) and values of ``tfidf(vectorizer, [text])``."""
    analyzer = vectorizer.__dict__.get(_ANALYZER)
    if analyzer is None:
        analyzer = vectorizer.__dict__[_ANALYZER] = vectorizer.build_analyzer()
    idf = _idf(vectorizer)
    vocabulary = vectorizer.vocabulary_
    counts: dict[int, int] = {}
    for feature in analyzer(text):
        column = vocabulary.get(feature)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    columns = np.fromiter(sorted(counts), dtype=np.intp, count=len(counts))
    values = np.fromiter((counts[c] for c in columns), dtype=np.float64, count=len(counts))
    if vectorizer.sublinear_tf:
        np.log(values, values)
        values += 1
    values *= idf[columns]
    if vectorizer.norm:
        length = np.abs(values).sum() if vectorizer.norm == "l1" else np.sqrt(values @ values)
        if length > 0:
            values /= length
    return columns, values


def _is_multinomial(model: LogisticRegression) -> bool:
    """Whether ``predict_proba`` is the softmax of the decision values (scikit-learn's rule)."""
    return model.multi_class == "multinomial" or (
        model.multi_class == "auto" and model.classes_.size > 2 and model.solver != "liblinear"
    )


def _transpose_friendly(model: LogisticRegression) -> None:
    """Store the weights column-major. scikit-learn scores ``X @ coef_.T``; with a row-major
    ``coef_`` that transpose is not contiguous, and scipy copies the whole weight matrix
    (classes x ~100,000 features) on every prediction: a fifth of a reply's CPU time. The
    values are the same, so are the probabilities."""
    model.coef_ = np.asfortranarray(model.coef_)
