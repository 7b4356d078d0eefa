"""Checks of the answer texts (links and phone numbers against the sourced material), shared
by ``make check-content`` (scripts/check_content.py) and the staff console's editor."""
