"""Anonymous usage report from the conversation store: counts only, never message text.

Reads Rasa's ``events`` table (already redacted) and the deletion counter for a time range.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.geo import kreis_place
from bot.privacy.conversations import deletions_table, ensure_events_table, events_table


@dataclass
class UsageReport:
    start: float
    end: float
    conversations: int = 0
    user_messages: int = 0
    intents: Counter[str] = field(default_factory=Counter)
    fallbacks: int = 0
    emergencies: int = 0
    referrals_by_kreis: Counter[str] = field(default_factory=Counter)
    deletions: int = 0


def _kreis_label(key: str | None) -> str:
    if not key:
        return "ohne Ort (landes-/bundesweit)"
    if key == "outside_nrw":
        return "außerhalb NRW"
    place = kreis_place(key)
    return place.kreis_name if place else key


def usage_report(engine: Engine, *, start: float, end: float) -> UsageReport:
    ensure_events_table(engine)
    report = UsageReport(start=start, end=end)
    in_range = sa.and_(events_table.c.timestamp >= start, events_table.c.timestamp < end)
    columns = (events_table.c.sender_id, events_table.c.type_name, events_table.c.intent_name)
    kreis_by_sender: dict[str, str | None] = {}
    senders: set[str] = set()
    with engine.connect() as conn:
        query = sa.select(*columns, events_table.c.action_name, events_table.c.data)
        rows = conn.execute(query.where(in_range).order_by(events_table.c.id))
        for sender, type_name, intent, action, data in rows:
            senders.add(sender)
            if type_name == "user":
                report.user_messages += 1
                report.intents[intent or "unbekannt"] += 1
                report.fallbacks += intent == "nlu_fallback"
                report.emergencies += intent == "emergency"
            elif type_name == "slot":
                slot = json.loads(data or "{}")
                if slot.get("name") == "place_kreis_key":
                    kreis_by_sender[sender] = slot.get("value")
            elif type_name == "action" and action == "action_find_referral":
                report.referrals_by_kreis[_kreis_label(kreis_by_sender.get(sender))] += 1
        report.deletions = conn.execute(
            sa.select(sa.func.count()).where(
                deletions_table.c.deleted_at >= start, deletions_table.c.deleted_at < end
            )
        ).scalar_one()
    report.conversations = len(senders)
    return report


def headline_rows(report: UsageReport) -> list[tuple[str, int]]:
    """The headline counts (label, number), as the report and the staff dashboard show them."""
    return [
        ("Gespräche", report.conversations),
        ("Nachrichten von Nutzenden", report.user_messages),
        ("nicht verstanden (Fallback)", report.fallbacks),
        ("Notfälle erkannt", report.emergencies),
        ("Beratungsvermittlungen", sum(report.referrals_by_kreis.values())),
        ("Gespräche auf Wunsch gelöscht", report.deletions),
    ]


def to_markdown(report: UsageReport, chart: str | None = None) -> str:
    from datetime import datetime, timezone

    def day(ts: float) -> str:
        return datetime.fromtimestamp(ts, tz=timezone.utc).date().isoformat()

    lines = [
        f"# Lotse – Nutzung {day(report.start)} bis {day(report.end)}",
        "",
        "Nur Zählwerte, keine Nachrichtentexte.",
        "",
        "| Kennzahl | Anzahl |",
        "| --- | --- |",
        *[f"| {label} | {count} |" for label, count in headline_rows(report)],
        "",
        "## Absichten",
        "",
        "| Absicht | Anzahl |",
        "| --- | --- |",
        *[f"| {name} | {count} |" for name, count in report.intents.most_common()],
        "",
        "## Vermittlungen nach Kreis / kreisfreier Stadt",
        "",
        "| Kreis | Anzahl |",
        "| --- | --- |",
        *[f"| {name} | {count} |" for name, count in report.referrals_by_kreis.most_common()],
    ]
    if chart:
        lines += ["", f"![Absichten]({chart})"]
    return "\n".join(lines) + "\n"


def write_chart(report: UsageReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    top = report.intents.most_common(15)
    fig, ax = plt.subplots(figsize=(8, 0.4 * max(len(top), 3) + 1))
    ax.barh([name for name, _ in reversed(top)], [count for _, count in reversed(top)])
    ax.set_xlabel("Nachrichten")
    ax.set_title("Häufigste Absichten")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
