"""bot.nlp.classifier: one flat label set, intents summed over their answer keys."""

from __future__ import annotations

import pytest

from bot.nlp.classifier import ClassifierSettings, TextClassifier, intent_of

TRAINING = {
    "greet": ["hallo", "guten tag", "hi", "moin", "servus"],
    "vertrauen/kosten": ["kostet die beratung was", "ist das kostenlos", "muss ich zahlen"],
    "vertrauen/anonym": ["kann ich anonym bleiben", "muss ich meinen namen sagen", "ohne namen"],
    "ask_referral": ["beratung in meiner nähe", "wo ist eine beratungsstelle", "hilfe vor ort"],
}


def _fit(embedding_weight: float = 0.0) -> TextClassifier:
    texts = [text for texts in TRAINING.values() for text in texts]
    labels = [label for label, texts in TRAINING.items() for _ in texts]
    return TextClassifier(ClassifierSettings(embedding_weight=embedding_weight)).fit(texts, labels)


def test_intent_of_strips_the_answer_key() -> None:
    assert intent_of("vertrauen/kosten") == "vertrauen"
    assert intent_of("greet") == "greet"


def test_an_intent_is_as_sure_as_all_its_answer_keys_together() -> None:
    prediction = _fit().predict(["kostet das beratungsgespräch etwas"])[0]
    assert prediction.intent == "vertrauen"
    assert prediction.label == "vertrauen/kosten"
    by_label = dict(prediction.labels)
    assert prediction.confidence == pytest.approx(
        by_label["vertrauen/kosten"] + by_label["vertrauen/anonym"]
    )
    keys = prediction.keys_of("vertrauen")
    assert keys[0][0] == "vertrauen/kosten"
    assert sum(p for _, p in keys) == pytest.approx(1.0)
    assert sum(p for _, p in prediction.intents) == pytest.approx(1.0)


def test_typos_and_missing_umlauts_still_classify() -> None:
    model = _fit()
    assert model.predict(["Hallöchen"])[0].intent == "greet"
    assert model.predict(["beratung in meiner naehe bitte"])[0].intent == "ask_referral"


def test_the_embedding_view_is_used_and_persisted(tmp_path) -> None:
    model = _fit(embedding_weight=3.0)
    path = tmp_path / "model.pkl"
    model.save(path)
    loaded = TextClassifier.load(path)
    assert loaded.labels == model.labels
    before = model.predict(["Entstehen Gebühren für das Gespräch?"])[0]
    after = loaded.predict(["Entstehen Gebühren für das Gespräch?"])[0]
    assert after.labels == before.labels
    assert after.intent == "vertrauen"


def test_untrained_or_degenerate_input_is_refused_clearly() -> None:
    with pytest.raises(RuntimeError):
        TextClassifier().predict(["hallo"])
    with pytest.raises(ValueError):
        TextClassifier().fit(["a", "b"], ["greet", "greet"])
    assert _fit().predict([]) == []


def test_column_major_weights_give_the_same_probabilities(tmp_path) -> None:
    # The weights are kept column-major so scoring does not copy them (bot/nlp/classifier.py);
    # a row-major copy of the same model must score exactly alike, before and after loading.
    import copy

    import numpy as np

    classifier = _fit()
    path = tmp_path / "classifier.pkl"
    classifier.save(path)
    loaded = TextClassifier.load(path)
    texts = ["kostet das was", "hallo zusammen", "beratung in köln bitte", ""]
    for model in (classifier._model, loaded._model):
        assert model.coef_.flags.f_contiguous
        row_major = copy.deepcopy(model)
        row_major.coef_ = np.ascontiguousarray(model.coef_)
        features = classifier._features(texts, None, fit=False)
        assert np.array_equal(model.predict_proba(features), row_major.predict_proba(features))
    assert [p.labels for p in loaded.predict(texts)] == [
        p.labels for p in classifier.predict(texts)
    ]


def test_the_tfidf_shortcut_equals_scikit_learns_transform() -> None:
    import numpy as np

    from bot.nlp.classifier import tfidf

    classifier = _fit()
    texts = ["kostet das was kostet", "hallo hallo zusammen", "beratung in köln bitte", "", "xyz"]
    for vectorizer in (classifier._chars, classifier._words):
        ours, theirs = tfidf(vectorizer, texts), vectorizer.transform(texts)
        assert ours.shape == theirs.shape
        assert np.allclose(ours.toarray(), theirs.toarray(), rtol=1e-12, atol=0)
        assert np.array_equal(ours.toarray() != 0, theirs.toarray() != 0)
