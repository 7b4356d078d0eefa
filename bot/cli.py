"""Console script ``lotse``.

Subcommand groups are modules listed in ``COMMAND_GROUPS``. A group module defines ``HELP``
(one line) and ``register(parser)``, which adds the group's subcommands to ``parser``; every
subcommand sets ``func`` (``handler(args) -> int``, the exit code) with ``set_defaults``.
To add a group (e.g. ``lotse privacy purge``), add one line to ``COMMAND_GROUPS`` or call
:func:`register_group`.
"""

from __future__ import annotations

import argparse
import importlib
import logging
from collections.abc import Mapping, Sequence

COMMAND_GROUPS: dict[str, str] = {
    "db": "bot.commands.db",
    "privacy": "bot.commands.privacy",
    "staff": "bot.commands.staff",
    "safety": "bot.commands.safety",
}


def register_group(name: str, module_path: str) -> None:
    """Add a subcommand group (module with ``HELP`` and ``register``) to the ``lotse`` CLI."""
    COMMAND_GROUPS[name] = module_path


def build_parser(groups: Mapping[str, str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lotse", description="Lotse: administration of the chatbot's data."
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL (default: DATABASE_URL, else SQLite in var/lotse.db)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    subparsers = parser.add_subparsers(dest="group", metavar="GROUP")
    subparsers.required = True
    for name, module_path in (COMMAND_GROUPS if groups is None else groups).items():
        module = importlib.import_module(module_path)
        group = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.register(group)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lotse`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
