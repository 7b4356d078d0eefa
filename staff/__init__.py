"""Lotse's staff console (Flask, server-side templates): review inbox, story tester, answers
and referral records, dashboard. The logic lives in ``bot.staff``; this package is the web
layer. Start it with ``lotse staff serve`` (``make run`` does)."""

from staff.app import create_app

__all__ = ["create_app"]
