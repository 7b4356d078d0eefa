"""``lotse privacy …``: delete stored conversations (already redacted) by retention or id."""

from __future__ import annotations

import argparse

from bot.db.session import get_engine
from bot.privacy.conversations import delete_conversation, ensure_events_table, purge_conversations
from bot.settings import get_settings

HELP = "conversation store: purge, delete, anonymous usage report"


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


def _report(args: argparse.Namespace) -> int:
    import time
    from datetime import datetime, timezone
    from pathlib import Path

    from bot.analytics import to_markdown, usage_report, write_chart

    def parse(day: str) -> float:
        return datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=timezone.utc).timestamp()

    end = parse(args.until) + 86400 if args.until else time.time()
    start = parse(args.since) if args.since else end - 30 * 86400
    report = usage_report(get_engine(args.database_url), start=start, end=end)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_chart(report, out / "usage-intents.png")
    (out / "usage.md").write_text(to_markdown(report, "usage-intents.png"), encoding="utf-8")
    print(f"Wrote {out / 'usage.md'} and {out / 'usage-intents.png'}")
    return 0


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="privacy_command", required=True)
    purge = sub.add_parser("purge", help="delete conversations idle longer than the retention")
    purge.add_argument("--days", type=int, help="retention in days (default: RETENTION_DAYS)")
    purge.set_defaults(func=_purge)
    delete = sub.add_parser("delete", help="delete one conversation by its sender id")
    delete.add_argument("sender_id")
    delete.set_defaults(func=_delete)
    report = sub.add_parser("report", help="anonymous usage counts as Markdown and a PNG chart")
    report.add_argument("--since", help="first day YYYY-MM-DD (default: 30 days ago)")
    report.add_argument("--until", help="last day YYYY-MM-DD (default: today)")
    report.add_argument("--out", default="reports/usage", help="output folder")
    report.set_defaults(func=_report)
