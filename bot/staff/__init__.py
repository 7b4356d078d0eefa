"""The staff console's core (no Flask, no Rasa): accounts, audit log, the review inbox and
its export to NLU data, test stories, content changes and the dashboard's counts.

The web layer is the top-level package ``staff`` (Flask); ``lotse staff …`` is
bot/commands/staff.py.
"""
