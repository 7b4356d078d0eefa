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


@pytest.mark.parametrize("folding", ["german", "plain"])
def test_one_message_is_scored_as_the_batch_path_scores_it(folding: str) -> None:
    """A served message is one text, scored without scipy's matrices (``_decision_of_one``):
    same ranking, same probabilities up to the order of float sums, with and without lemmas,
    for words the model knows, does not know, and an empty text."""
    import numpy as np

    from bot.nlp.classifier import softmax

    texts = [text for texts in TRAINING.values() for text in texts]
    labels = [label for label, texts in TRAINING.items() for _ in texts]
    lemmas = [" ".join(reversed(text.split())) for text in texts]
    settings = ClassifierSettings(embedding_weight=3.0, folding=folding)
    classifier = TextClassifier(settings).fit(texts, labels, lemmas)
    probes = [
        *texts,
        "Kostet die Beratung in Köln etwas?",
        "Beratungstelle Extremismuspraevention",
        "Muss ich was zahlen?",
        "ışık ğüş — Добрый день, مرحبا",
        "hallo hallo hallo",
        "xyz",
        "",
    ]
    for text, words in [(t, None) for t in probes] + [(t, t.lower()) for t in probes]:
        ours = softmax(classifier._decision_of_one(text, words))
        theirs = classifier._model.predict_proba(
            classifier._features([text], None if words is None else [words], fit=False)
        )
        assert np.allclose(ours, theirs, rtol=1e-12, atol=1e-15), text
        one = classifier.predict([text], None if words is None else [words])[0]
        batch = classifier.predict([text, "zweiter text"], None if words is None else [words, ""])
        assert [label for label, _ in one.labels] == [label for label, _ in batch[0].labels]
        assert one.intents[0][0] == batch[0].intents[0][0]
