"""Training data and fitting of the danger classifier (``lotse safety train``).

Units to learn from (format: data/safety/README.md):

* ``examples`` in ``data/safety/*.yml``: single messages with a label;
* ``sequences`` in ``data/safety/*.yml``: conversations with ``danger_at`` (the 1-based turn
  at which the turns read together become acute danger, or null). Each turn up to
  ``danger_at`` gives a window of itself and up to ``HISTORY_TURNS`` turns before it: the
  window ending at ``danger_at`` has the sequence's label, the windows before it are
  ``none``; so are the single turns before it, and every window and turn of a harmless one;
* every example of the NLU training data (``data/nlu/``) is a ``none`` message, and so is every
  example written for the other languages (``data/languages/``).

Thresholds are chosen on out-of-fold scores (grouped k-fold: the windows of one
conversation stay in one fold): ``ask`` is the lowest score that keeps false alarms on the
held-out near misses at ``ASK_FALSE_ALARMS``; ``alarm`` keeps them at ``ALARM_FALSE_ALARMS``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from bot.nlp.embedding import DIMENSIONS, embed
from bot.safety.classifier import (
    LABELS,
    DangerClassifier,
    Embedder,
    TfidfBlock,
    Thresholds,
    char_ngrams,
    feature_text,
    fingerprint,
    stored_fingerprint,
    word_ngrams,
)
from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

SAFETY_DATA = PROJECT_ROOT / "data" / "safety"
NLU_DATA = PROJECT_ROOT / "data" / "nlu"
# The examples written in English, Turkish, Arabic, Russian and Ukrainian for understanding
# those languages (bot/language/understanding.py): worry, faith, fear, trust questions, none of
# them acute danger. Without them the model had seen few harmless messages in Cyrillic or
# Arabic script and took a Ukrainian mother's worry for danger (blind L2: 14 of 70 alarmed).
LANGUAGES_DATA = PROJECT_ROOT / "data" / "languages"
MODEL_DIR = PROJECT_ROOT / "models" / "danger"
# The code whose change changes the model (with the training files, the fingerprint).
FEATURE_CODE = tuple(
    PROJECT_ROOT / "bot" / "safety" / name for name in ("classifier.py", "training.py", "text.py")
)
HISTORY_TURNS = 3  # earlier user turns read together with the current one
EMBEDDING_WEIGHT = 1.0
# Chosen on held-out recall at the ask threshold (grouped 5-fold, 2026-12-03): C 3 / 10 / 30
# gave 67.9 / 69.7 / 70.8 %, written examples weighted 3x against the NLU ones 70.4 %.
C = 30.0
HARD_WEIGHT = 3.0  # sample weight of the written examples against the ordinary NLU ones
MIN_DF = 2
FOLDS = 5
ASK_FALSE_ALARMS = 0.03
ALARM_FALSE_ALARMS = 0.01
_NLU_ENTITY = re.compile(r"\[([^\]]*)\](?:\{[^}]*\}|\([^)]*\))")
_EMERGENCY_INTENT = "emergency"


@dataclass(frozen=True)
class Unit:
    """One thing to classify: a message, or a window of turns (the last is the current)."""

    turns: tuple[str, ...]
    label: str
    group: str  # cross-validation group: a conversation's windows share one
    hard: bool = True  # a near miss or danger example (not an ordinary NLU example)
    window: bool = False


@dataclass
class TrainingData:
    units: list[Unit] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def windows(turns: Sequence[str], end: int) -> tuple[str, ...]:
    """The turn ``end`` (0-based) with up to ``HISTORY_TURNS`` turns before it."""
    return tuple(turns[max(0, end - HISTORY_TURNS) : end + 1])


def _label(value: object, where: str) -> str:
    label = str(value)
    if label not in LABELS:
        raise ValueError(f"{where}: unknown label {label!r} (one of {', '.join(LABELS)})")
    return label


def _safety_units(path: Path) -> list[Unit]:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    units: list[Unit] = []
    for i, item in enumerate(data.get("examples") or []):
        where = f"{path.name}#{i}"
        units.append(Unit((str(item["text"]),), _label(item["label"], where), where))
    for i, item in enumerate(data.get("sequences") or []):
        where = f"{path.name}~{i}"
        turns = [str(t) for t in item["turns"]]
        danger_at = item.get("danger_at")
        last = len(turns) if danger_at is None else int(danger_at)
        for end in range(last):
            acute = danger_at is not None and end == last - 1
            label = _label(item["label"], where) if acute else "none"
            if end > 0:
                units.append(Unit(windows(turns, end), label, where, window=True))
            if not acute:
                units.append(Unit((turns[end],), "none", where))
            elif end == 0:
                units.append(Unit((turns[end],), label, where))
    return units


def _nlu_units(path: Path) -> list[Unit]:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    units: list[Unit] = []
    for block in data.get("nlu") or []:
        if "intent" not in block or block["intent"] == _EMERGENCY_INTENT:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = _NLU_ENTITY.sub(r"\1", line[2:].strip())
                units.append(Unit((text,), "none", f"{path.name}:{block['intent']}", hard=False))
    return units


def _language_units(path: Path) -> list[Unit]:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return [
        Unit((str(text).strip(),), "none", f"{path.name}:{label}", hard=False)
        for label, texts in (data.get("labels") or {}).items()
        for text in texts or []
        if str(text).strip()
    ]


def load_training_data(
    safety_dir: Path = SAFETY_DATA,
    nlu_dir: Path | None = NLU_DATA,
    languages_dir: Path | None = LANGUAGES_DATA,
) -> TrainingData:
    data = TrainingData()
    for path in sorted(safety_dir.glob("*.yml")):
        data.units += _safety_units(path)
        data.files.append(path)
    if nlu_dir is not None:
        for path in sorted(nlu_dir.glob("*.yml")):
            data.units += _nlu_units(path)
            data.files.append(path)
    if languages_dir is not None:
        for path in sorted(languages_dir.glob("*.yml")):
            data.units += _language_units(path)
            data.files.append(path)
    return data


class EmbeddingTable:
    """Every distinct turn of the training data embedded once, in batches (the per-process
    cache of ``embed`` is too small for the whole training set)."""

    def __init__(self, units: Sequence[Unit], batch: int = 128) -> None:
        texts = sorted({t for u in units for t in u.turns if t.strip()})
        self._rows = {text: i for i, text in enumerate(texts)}
        parts = [embed(texts[i : i + batch]) for i in range(0, len(texts), batch)]
        self._vectors = np.vstack(parts) if parts else np.zeros((0, DIMENSIONS), np.float32)

    def __call__(self, texts: list[str]) -> np.ndarray:
        rows = [self._rows.get(t) for t in texts]
        if any(r is None for r in rows):
            return embed(texts)
        return self._vectors[rows]


def fit(
    units: Sequence[Unit],
    thresholds: Thresholds | None = None,
    *,
    embedder: Embedder | None = None,
    c: float = C,
    embedding_weight: float = EMBEDDING_WEIGHT,
    hard_weight: float = HARD_WEIGHT,
    fingerprint_: str = "",
) -> DangerClassifier:
    """Fit vocabularies, idf and the logistic regression on ``units``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [feature_text(u.turns) for u in units]
    blocks = []
    for analyzer in (char_ngrams, word_ngrams):
        vectorizer = TfidfVectorizer(analyzer=analyzer, min_df=MIN_DF, sublinear_tf=True)
        vectorizer.fit(texts)
        vocabulary = {gram: int(i) for gram, i in vectorizer.vocabulary_.items()}
        blocks.append(TfidfBlock(vocabulary, vectorizer.idf_.astype(np.float64)))
    n_labels = len(LABELS)
    empty = DangerClassifier(
        chars=blocks[0],
        words=blocks[1],
        embedding_weight=embedding_weight,
        char_coef=np.zeros((len(blocks[0].vocabulary), n_labels)),
        word_coef=np.zeros((len(blocks[1].vocabulary), n_labels)),
        embedding_coef=np.zeros((0, n_labels)),
        intercept=np.zeros(n_labels),
        thresholds=thresholds or Thresholds(0.5, 0.5),
    )
    features = empty.features([u.turns for u in units], embedder or EmbeddingTable(units))
    targets = np.array([LABELS.index(u.label) for u in units])
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    weights = np.array([hard_weight if u.hard else 1.0 for u in units])
    model.fit(features, targets, sample_weight=weights / weights.mean())
    coef = model.coef_.T  # (n_features, n_labels), classes are 0..5 in LABELS order
    n_chars, n_words = len(blocks[0].vocabulary), len(blocks[1].vocabulary)
    return DangerClassifier(
        chars=blocks[0],
        words=blocks[1],
        embedding_weight=embedding_weight,
        char_coef=coef[:n_chars],
        word_coef=coef[n_chars : n_chars + n_words],
        embedding_coef=coef[n_chars + n_words :],
        intercept=model.intercept_,
        thresholds=empty.thresholds,
        fingerprint=fingerprint_,
    )


def out_of_fold_scores(
    units: Sequence[Unit],
    folds: int = FOLDS,
    embedder: Embedder | None = None,
    **kwargs: float,
) -> np.ndarray:
    """Danger score of every unit by a model that did not see its group."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels = np.array([LABELS.index(u.label) for u in units])
    groups = np.array([u.group for u in units])
    scores = np.zeros(len(units))
    table = embedder or EmbeddingTable(units)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=7)
    for train, held_out in splitter.split(np.zeros(len(units)), labels, groups):
        model = fit([units[i] for i in train], embedder=table, **kwargs)
        probs = model.predict_proba([units[i].turns for i in held_out], table)
        scores[held_out] = 1.0 - probs[:, 0]
    return scores


def choose_thresholds(units: Sequence[Unit], scores: np.ndarray) -> Thresholds:
    """The scores that keep held-out false alarms on near misses at the target rates."""
    negatives = np.sort(
        [s for u, s in zip(units, scores, strict=True) if u.label == "none" and u.hard]
    )

    def at_rate(rate: float) -> float:
        index = min(len(negatives) - 1, int(np.ceil((1 - rate) * len(negatives))))
        return float(negatives[index]) + 1e-6

    ask = at_rate(ASK_FALSE_ALARMS)
    return Thresholds(ask=ask, alarm=max(ask, at_rate(ALARM_FALSE_ALARMS)))


def train(model_dir: Path = MODEL_DIR, *, force: bool = False) -> tuple[bool, str]:
    """Build the model in ``model_dir`` unless its fingerprint is unchanged.
    Returns (built, message)."""
    data = load_training_data()
    print_ = fingerprint(data.files, FEATURE_CODE)
    if not force and stored_fingerprint(model_dir) == print_:
        return False, f"danger model up to date ({print_})"
    started = time.monotonic()
    table = EmbeddingTable(data.units)
    scores = out_of_fold_scores(data.units, embedder=table)
    thresholds = choose_thresholds(data.units, scores)
    model = fit(data.units, thresholds, embedder=table, fingerprint_=print_)
    model.save(model_dir)
    seconds = time.monotonic() - started
    danger = np.array([u.label != "none" for u in data.units])
    recall = float(np.mean(scores[danger] >= thresholds.ask))
    return True, (
        f"danger model built in {seconds:.0f} s from {len(data.units)} units "
        f"({print_}); thresholds ask {thresholds.ask:.3f}, alarm {thresholds.alarm:.3f}; "
        f"held-out danger recall at ask {recall:.1%}"
    )
