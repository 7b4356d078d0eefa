"""Reading the project's NLU data and domain without Rasa: examples per intent, the labels
staff may choose, and the messages of the test and blind sets that must never become
training data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
REVIEW_FILE = NLU_DIR / "review.yml"
DOMAIN_FILES = (PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "data" / "responses")
# Sets that measure the bot: an example found in one of them is never trained on.
TEST_SET_DIRS = (
    PROJECT_ROOT / "tests" / "nlu",
    PROJECT_ROOT / "tests" / "blind",
    PROJECT_ROOT / "tests" / "safety" / "blind",
)
# Intents a label may not name: set by rules or by Rasa itself, never learned from examples.
NOT_LABELS = frozenset({"nlu_fallback", "bad_input", "emergency"})
OUT_OF_SCOPE = "out_of_scope"
# Rasa 3.6's default actions (rasa.shared.core.constants.DEFAULT_ACTION_NAMES), which a
# story may name without the domain listing them; bot/ does not import Rasa.
RASA_DEFAULT_ACTIONS = frozenset(
    {
        "action_listen", "action_restart", "action_session_start", "action_default_fallback",
        "action_deactivate_loop", "action_revert_fallback_events",
        "action_default_ask_affirmation", "action_default_ask_rephrase",
        "action_two_stage_fallback", "action_unlikely_intent", "action_back",
        "action_extract_slots",
    }
)  # fmt: skip
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def normalise(text: str) -> str:
    """Case-, whitespace- and edge-punctuation-insensitive form of an example."""
    text = re.sub(r"\s+", " ", text.casefold()).strip()
    return text.strip(" .,!?;:…\"'")


def plain_example(line: str) -> str:
    """An example line of a Rasa NLU file without its entity annotations."""
    return _ANNOTATION.sub(r"\1", line)


def nlu_examples(path: Path) -> Iterator[tuple[str, str]]:
    """(intent, example text) of one Rasa YAML NLU file."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    for block in data.get("nlu") or []:
        if not isinstance(block, dict) or "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield str(block["intent"]), plain_example(line[2:].strip())


def training_examples(*, exclude: Path | None = None) -> dict[str, set[str]]:
    """Normalised example -> intents, over every file in data/nlu (but ``exclude``)."""
    found: dict[str, set[str]] = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        if exclude is not None and path.resolve() == exclude.resolve():
            continue
        for intent, text in nlu_examples(path):
            found.setdefault(normalise(text), set()).add(intent)
    return found


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "examples") and isinstance(value, str):
                if key == "examples":
                    for line in value.splitlines():
                        if line.strip().startswith("- "):
                            yield plain_example(line.strip()[2:])
                else:
                    yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


@lru_cache(maxsize=1)
def protected_examples() -> frozenset[str]:
    """Normalised messages of the test split, the held-out sets and the blind sets."""
    texts: set[str] = set()
    for folder in TEST_SET_DIRS:
        for path in sorted(folder.rglob("*.yml")):
            texts.update(normalise(t) for t in _strings(yaml.safe_load(path.read_text("utf-8"))))
    texts.discard("")
    return frozenset(texts)


@dataclass(frozen=True)
class Vocabulary:
    """What a message can be labelled with."""

    intents: tuple[str, ...]  # plain intents
    answer_keys: tuple[str, ...]  # "wissen/salafismus", … (retrieval intent / response key)

    def kind_of(self, label: str) -> str | None:
        """ "answer", "out_of_scope" or "intent"; None for an unknown label."""
        if label in self.answer_keys:
            return "answer"
        if label == OUT_OF_SCOPE:
            return "out_of_scope"
        if label in self.intents:
            return "intent"
        return None


def _domain_files() -> tuple[tuple[Path, float], ...]:
    domain, responses = DOMAIN_FILES
    paths = [domain, *sorted(responses.glob("*.yml"))]
    return tuple((path, path.stat().st_mtime) for path in paths)


@lru_cache(maxsize=4)
def _parsed(files: tuple[tuple[Path, float], ...]) -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(path.read_text("utf-8")) or {} for path, _ in files)


def _domain_parts() -> tuple[dict[str, Any], ...]:
    """The domain files, parsed once per change of their modification times."""
    return _parsed(_domain_files())


def vocabulary() -> Vocabulary:
    intents: list[str] = []
    retrieval: set[str] = set()
    responses: set[str] = set()
    for part in _domain_parts():
        for entry in part.get("intents") or []:
            if isinstance(entry, dict):
                name, options = next(iter(entry.items()))
                if (options or {}).get("is_retrieval_intent"):
                    retrieval.add(name)
                    continue
            else:
                name = entry
            if name not in NOT_LABELS and name not in intents:
                intents.append(name)
        responses.update(part.get("responses") or {})
    keys = sorted(
        name.removeprefix("utter_")
        for name in responses
        if "/" in name and name.removeprefix("utter_").split("/")[0] in retrieval
    )
    return Vocabulary(
        intents=tuple(i for i in intents if i not in retrieval), answer_keys=tuple(keys)
    )


def domain_names() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Intents, actions (responses, custom actions, forms) and slots of the domain."""
    intents: set[str] = set()
    slots: set[str] = {"requested_slot"}
    actions: set[str] = set(RASA_DEFAULT_ACTIONS)
    for part in _domain_parts():
        for entry in part.get("intents") or []:
            name = next(iter(entry)) if isinstance(entry, dict) else entry
            intents.add(name)
            if isinstance(entry, dict) and (entry[name] or {}).get("is_retrieval_intent"):
                actions.add(f"utter_{name}")  # Rasa's retrieval action of the intent
        actions.update(part.get("responses") or {})
        actions.update(part.get("actions") or [])
        actions.update(part.get("forms") or {})
        slots.update(part.get("slots") or {})
    return frozenset(intents), frozenset(actions), frozenset(slots)
