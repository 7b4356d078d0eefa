"""Internals of the place gazetteer. Use :mod:`bot.gazetteer` as the public API."""
