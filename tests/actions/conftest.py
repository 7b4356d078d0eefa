"""Build Rasa SDK trackers for action tests without a server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker

from bot.db.session import dispose_engines, get_session_factory, upgrade_schema
from bot.load.referrals_yaml import import_file
from bot.settings import PROJECT_ROOT

DOMAIN: dict[str, Any] = {}


def make_tracker(
    text: str = "",
    *,
    intent: str = "greet",
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    parse_extra: dict[str, Any] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    latest.update(parse_extra or {})
    all_slots = {
        "place": None,
        "place_kreis_key": None,
        "place_problem": None,
        "audience": None,
        "requested_slot": None,
    }
    all_slots.update(slots or {})
    return Tracker(
        sender_id="test",
        slots=all_slots,
        latest_message=latest,
        events=(events or []) + [{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


@pytest.fixture()
def tracker_factory() -> Callable[..., Tracker]:
    return make_tracker


@pytest.fixture()
def seeded_db(tmp_path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite referral database that the actions find through DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'actions.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade_schema(url)
    with get_session_factory(url).begin() as session:
        import_file(session, PROJECT_ROOT / "bot" / "data" / "referrals.yaml")
    yield url
    dispose_engines()


@pytest.fixture()
def broken_db(monkeypatch: pytest.MonkeyPatch) -> str:
    url = "postgresql+psycopg2://postgres@127.0.0.1:1/unreachable"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    dispose_engines()
