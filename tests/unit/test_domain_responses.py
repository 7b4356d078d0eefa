"""Button payloads with entities survive Rasa's slot interpolation without an error.

Rasa 3.6 reads ``{...}`` in a response as a slot placeholder; a JSON payload written with
single braces made it log a KeyError with a traceback on every rendering (measurable under
load). Doubled braces render to the single-brace payload that Rasa parses.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from rasa.core.nlg.interpolator import interpolate

from bot.vocab import AUDIENCES

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
SLOTS = {"place": None, "audience": None, "place_kreis_key": None}


def _buttons() -> list[tuple[str, str]]:
    responses = yaml.safe_load(DOMAIN.read_text("utf-8"))["responses"]
    return [
        (name, button["payload"])
        for name, variants in responses.items()
        for variant in variants
        for button in variant.get("buttons", [])
    ]


def test_audience_buttons_render_to_parsable_payloads() -> None:
    rendered = {}
    for name, payload in _buttons():
        if name == "utter_ask_audience":
            text = interpolate(payload, SLOTS)
            intent, _, entities = text.partition("{")
            rendered[json.loads("{" + entities)["audience"]] = intent
    assert rendered == dict.fromkeys(AUDIENCES, "/inform_audience")


def test_every_payload_with_braces_doubles_them() -> None:
    for name, payload in _buttons():
        if "{" in payload:
            assert "{{" in payload and "}}" in payload, f"{name}: {payload}"
