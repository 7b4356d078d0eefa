"""Subcommand groups of the ``lotse`` console script (see ``bot.cli``)."""
