"""Translations and Leichte Sprache variants are content: the checks behind them.

A response's variations are told apart by their conditions on two slots: ``language``
(de, en, tr, ar, ru, uk) and ``simple_language`` (true: Leichte Sprache). The German original
is the variation without a language condition (or ``language: de``) and without
``simple_language``, with the same other conditions (e.g. ``danger_target``). Every other
variation is a translation or a simplification of it and carries

    metadata: {status: draft|reviewed, source_hash: <source_hash(German text)>}

The checks (``make check-content``, the staff console and the unit tests):

* every core-path response (bot/language/core_paths.py) has a variation in each language of
  ``TRANSLATED``, and every German answer a Leichte Sprache one with the same other
  conditions (exceptions with their reasons: ``NO_LEICHTE_SPRACHE``);
* every translation names its status and source hash;
* a *reviewed* translation whose German original changed since (hash differs) is an error;
  a *draft* one is a warning (it is not reviewed anyway, but the translator should redo it).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.content.checks import response_files
from bot.language.core_paths import (
    CORE_PREFIXES,
    LEICHTE_SPRACHE_PER_CONDITION_ONLY,
    NO_LEICHTE_SPRACHE,
    TRANSLATED,
    core_responses,
)
from bot.settings import PROJECT_ROOT

LANGUAGE_SLOT = "language"
SIMPLE_SLOT = "simple_language"
STATUSES = ("draft", "reviewed")
GERMAN = "de"
SIMPLE = "de-simple"  # the key under which Leichte Sprache variations are counted


def source_hash(text: str) -> str:
    """12 hex digits of SHA-256 over the text with whitespace collapsed (line breaks in the
    YAML do not count, every word and punctuation mark does)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Variation:
    response: str
    text: str
    language: str | None  # None: no language condition (the German default)
    simple: bool
    others: tuple[tuple[str, str], ...]  # other conditions, e.g. (("danger_target", "self"),)
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        """Which variant this is: ``de``, ``de-simple``, ``en``, ..."""
        if self.simple and self.language in (None, GERMAN):
            return SIMPLE
        return self.language or GERMAN

    @property
    def is_original(self) -> bool:
        return self.key == GERMAN


def variation(response: str, raw: dict[str, Any]) -> Variation:
    language: str | None = None
    simple = False
    others: list[tuple[str, str]] = []
    for condition in raw.get("condition") or []:
        name, value = condition.get("name"), condition.get("value")
        if name == LANGUAGE_SLOT:
            language = str(value)
        elif name == SIMPLE_SLOT:
            simple = value is True
        else:
            others.append((str(name), str(value)))
    return Variation(
        response=response,
        text=str(raw.get("text") or ""),
        language=language,
        simple=simple,
        others=tuple(sorted(others)),
        metadata=dict(raw.get("metadata") or {}),
    )


def load_variations(root: Path = PROJECT_ROOT) -> dict[str, list[Variation]]:
    """Response name -> its variations, from domain.yml and data/responses/."""
    found: dict[str, list[Variation]] = {}
    for path in response_files(root):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        for name, variants in (data.get("responses") or {}).items():
            found[name] = [variation(name, v) for v in variants or [] if isinstance(v, dict)]
    return found


def original_of(variant: Variation, variants: list[Variation]) -> Variation | None:
    """The German variation a translation or simplification was made from."""
    candidates = [v for v in variants if v.is_original and v.others == variant.others]
    candidates.sort(key=lambda v: v.language != GERMAN)  # an explicit `de` first
    return candidates[0] if candidates else None


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (key, status) -> n

    def summary(self) -> str:
        keys = sorted({k for k, _ in self.counts})
        parts = []
        for key in keys:
            reviewed, draft = self.counts[(key, "reviewed")], self.counts[(key, "draft")]
            parts.append(f"{key}: {reviewed + draft} ({reviewed} reviewed, {draft} draft)")
        return "; ".join(parts) if parts else "no translated variations"


def _leichte_sprache_gaps(name: str, variants: list[Variation]) -> list[str]:
    """Every German original needs a Leichte Sprache variation with its other conditions."""
    if name in NO_LEICHTE_SPRACHE:
        return []
    simple = {v.others for v in variants if v.key == SIMPLE}
    gaps = []
    for original in (v for v in variants if v.is_original):
        if original.others in simple:
            continue
        if not original.others and name in LEICHTE_SPRACHE_PER_CONDITION_ONLY and simple:
            continue
        where = "".join(f" {k}={x}" for k, x in original.others)
        gaps.append(f"{name}{where}: lacks its Leichte Sprache variant (simple_language)")
    return gaps


def check_variations(
    variations: dict[str, list[Variation]], core: tuple[str, ...] | None = None
) -> Report:
    """Errors and warnings of all variations; ``core`` defaults to the core paths."""
    report = Report()
    # 1. coverage of the core paths
    if core is None:
        core = (*core_responses(), *(n for n in variations if n.startswith(CORE_PREFIXES)))
    for name in dict.fromkeys(core):
        variants = variations.get(name)
        if variants is None:
            report.errors.append(f"{name}: core-path response is missing")
            continue
        keys = {v.key for v in variants}
        missing = [code for code in TRANSLATED if code not in keys]
        if missing:
            report.errors.append(
                f"{name}: core-path answer lacks a variant in {', '.join(missing)}"
            )
    for name, variants in sorted(variations.items()):
        report.errors.extend(_leichte_sprache_gaps(name, variants))
    # 2. status and source hash of every translation and simplification
    for name, variants in sorted(variations.items()):
        for v in variants:
            if v.is_original:
                continue
            label = f"{name} [{v.key}{''.join(f' {k}={x}' for k, x in v.others)}]"
            status = v.metadata.get("status")
            recorded = v.metadata.get("source_hash")
            if status not in STATUSES:
                report.errors.append(f"{label}: metadata.status must be draft or reviewed")
                continue
            report.counts[(v.key, status)] += 1
            original = original_of(v, variants)
            if original is None:
                report.errors.append(f"{label}: no German original with the same conditions")
                continue
            current = source_hash(original.text)
            if not recorded:
                report.errors.append(f"{label}: metadata.source_hash missing (now {current})")
            elif recorded != current:
                message = (
                    f"{label}: the German text changed since this {status} variant was written "
                    f"(source_hash {recorded}, German text now {current})"
                )
                if status == "reviewed":
                    report.errors.append(message + ": review it, then set the new hash")
                else:
                    report.warnings.append(message + ": update the draft and its hash")
    return report


def check_translations(root: Path = PROJECT_ROOT) -> Report:
    return check_variations(load_variations(root))
