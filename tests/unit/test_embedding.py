"""Sentence embeddings (bot.nlp.embedding): offline, normalised, multilingual, cached."""

from __future__ import annotations

import numpy as np

from bot.nlp.embedding import DIMENSIONS, embed, embed_one


def test_embeddings_are_normalised_and_empty_text_is_zero() -> None:
    vectors = embed(["Was kostet die Beratung?", "", "Wo finde ich Hilfe in Köln?"])
    assert vectors.shape == (3, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors[[0, 2]], axis=1), 1.0, atol=1e-3)
    assert not vectors[1].any()


def test_paraphrases_and_translations_are_closer_than_unrelated_questions() -> None:
    cost = embed_one("Was kostet die Beratung?")
    paraphrase = embed_one("Ist die Beratung kostenlos?")
    turkish = embed_one("Danışmanlık ücretli mi?")
    unrelated = embed_one("Wann spielt Schalke am Wochenende?")
    assert cost @ paraphrase > cost @ unrelated + 0.2
    assert cost @ turkish > cost @ unrelated + 0.2


def test_cached_vector_is_the_same_as_a_fresh_one() -> None:
    first = embed_one("Mein Sohn betet jetzt fünfmal am Tag")
    again = embed(["Mein Sohn betet jetzt fünfmal am Tag", "anderer Text"])[0]
    assert np.array_equal(first, again)
