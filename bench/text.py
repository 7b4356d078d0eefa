"""CPU time of the text rules per message: danger detection, redaction and place resolution.

The budgets were unit-test assertions before; a timing belongs to a benchmark, not to a test
that must pass on any machine under any load. CPU time (``process_time``) is measured, so a
busy machine counts less than with wall-clock time. Exits 1 when a budget is exceeded.

    .venv/bin/python bench/text.py   (make bench-text)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from bot.geo import find_place_in_text, load_gazetteer, resolve_place
from bot.privacy import redact
from bot.safety import assess_danger

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# Adversarial inputs: long, repetitive, or a threat at the end of 9,000 characters.
ADVERSARIAL = [
    "a" * 10_000,
    "anschlag plant " * 700,
    "toeten bringt ihn um " * 500,
    "mein sohn will nach syrien ausreisen und hat eine waffe. " * 180,
    "? " * 5_000,
    "\n" * 10_000,
    "x" * 9_000 + " er plant einen anschlag",
]


def _load(name: str, key: str) -> list:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))[key]


def mean_ms(function: Callable[[str], object], texts: Iterable[str], *, warm: bool = True) -> float:
    texts = list(texts)
    if warm:  # caches filled as in a running bot
        for text in texts:
            function(text)
    start = time.process_time()
    for text in texts:
        function(text)
    return (time.process_time() - start) * 1000 / len(texts)


def worst_ms(function: Callable[[str], object], texts: Iterable[str]) -> float:
    worst = 0.0
    for text in texts:
        start = time.process_time()
        function(text)
        worst = max(worst, (time.process_time() - start) * 1000)
    return worst


def main() -> int:
    danger = [item["text"] for item in _load("danger_messages.yml", "messages")]
    near = list(_load("near_misses.yml", "messages"))
    pii = [item["text"] for item in _load("pii_corpus.yml", "items")]
    clean = list(_load("clean_messages.yml", "messages"))
    places = yaml.safe_load((DATA / "places.yml").read_text(encoding="utf-8"))
    place_texts = [c["text"] for c in places["places"]] + [c["text"] for c in places["sentences"]]
    load_gazetteer()

    def place(text: str) -> None:
        resolve_place(text)
        find_place_in_text(text)

    rows = [
        ("danger detection, mean per message", mean_ms(assess_danger, danger + near), 1.0),
        ("danger detection, worst adversarial", worst_ms(assess_danger, ADVERSARIAL), 500.0),
        ("redaction, mean per message", mean_ms(redact, pii + clean, warm=False), 2.0),
        ("place resolution, mean per text (2 calls)", mean_ms(place, place_texts), 2.0),
    ]
    failed = False
    print(f"{'what':45} {'CPU ms':>8} {'budget':>8}")
    for name, value, budget in rows:
        over = value > budget
        failed |= over
        print(f"{name:45} {value:8.3f} {budget:8.1f}{'  OVER' if over else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
