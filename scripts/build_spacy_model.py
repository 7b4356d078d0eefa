"""Build a blank German spaCy pipeline with the lookup lemmatizer and save it to disk.

No model can be downloaded here (no `spacy download`), so Rasa's SpacyNLP loads this
folder by path. The lemma table comes from the `spacy-lookups-data` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.meta["name"] = "de_lotse"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "Blank German pipeline + lookup lemmatizer (spacy-lookups-data)"
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    lemmas = [t.lemma_ for t in nlp("Die Jugendlichen gingen zu Beratungsstellen")]
    print(f"saved {target} (sample lemmas: {lemmas})")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "var/spacy/de_lotse"))
