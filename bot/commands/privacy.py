"""``lotse privacy …``: delete stored conversations (already redacted) by retention or id."""

from __future__ import annotations

import argparse

from bot.conversations import delete_conversation, ensure_events_table, purge_conversations
from bot.db.session import get_engine
from bot.settings import get_settings

HELP = "conversation store: purge old conversations, delete one conversation"


def _purge(args: argparse.Namespace) -> int:
    days = args.days if args.days is not None else get_settings().retention_days
    engine = get_engine(args.database_url)
    ensure_events_table(engine)
    result = purge_conversations(engine, older_than_days=days)
    print(
        f"Purged {result.conversations} conversation(s) idle for more than {days} day(s) "
        f"({result.events} event(s))."
    )
    return 0


def _delete(args: argparse.Namespace) -> int:
    engine = get_engine(args.database_url)
    ensure_events_table(engine)
    removed = delete_conversation(engine, args.sender_id)
    print(f"Deleted {removed} event(s) of conversation {args.sender_id}.")
    return 0


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="privacy_command", required=True)
    purge = sub.add_parser("purge", help="delete conversations idle longer than the retention")
    purge.add_argument("--days", type=int, help="retention in days (default: RETENTION_DAYS)")
    purge.set_defaults(func=_purge)
    delete = sub.add_parser("delete", help="delete one conversation by its sender id")
    delete.add_argument("sender_id")
    delete.set_defaults(func=_delete)
