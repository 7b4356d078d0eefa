"""The dashboard: the anonymous counts of ``lotse privacy report`` as charts."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, render_template, request

from bot.analytics import headline_rows, usage_report
from bot.staff.charts import bar_chart, day
from bot.staff.inbox import inbox
from bot.staff.review import labels
from staff.app import db, engine

bp = Blueprint("dashboard", __name__)
PERIODS = (7, 30, 90)


@bp.route("/")
def index() -> Any:
    days = request.args.get("days", type=int) or 30
    if days not in PERIODS:
        days = 30
    end = time.time()
    report = usage_report(engine(), start=end - days * 86400, end=end)
    headline = headline_rows(report)
    intents = report.intents.most_common(15)
    kreise = report.referrals_by_kreis.most_common(15)
    with db() as db_session:
        open_groups = inbox(engine(), db_session, days=days)
        pending = len(labels(db_session, pending_only=True))
    return render_template(
        "dashboard.html",
        days=days,
        periods=PERIODS,
        start=day(report.start),
        end=day(report.end),
        headline=headline,
        intents=intents,
        kreise=kreise,
        headline_chart=bar_chart("Kennzahlen", headline, chart_id="kennzahlen"),
        intent_chart=bar_chart("Häufigste Absichten", intents, chart_id="absichten"),
        kreis_chart=bar_chart("Vermittlungen nach Kreis", kreise, chart_id="kreise"),
        inbox_messages=sum(len(group.items) for group in open_groups),
        inbox_groups=len(open_groups),
        pending_labels=pending,
    )
