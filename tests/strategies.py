"""Hypothesis strategies shared by the unit and the live tests of hostile input."""

from __future__ import annotations

from hypothesis import strategies as st

# Any JSON value: every kind, nested a little.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
