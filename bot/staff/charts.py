"""Server-rendered SVG bar charts of the anonymous usage counts (bot/analytics.py).

No script and no chart library: each chart is an ``<svg role="img">`` with a title and a
description, and the page shows the same numbers as a table for screen readers and copying.
Labels are escaped; the counts are all the chart knows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 6
LABEL_WIDTH = 260
BAR_AREA = 380
VALUE_WIDTH = 60
COLOUR = "#1d4f91"  # contrast 8.6:1 on white


def bar_chart(title: str, rows: Sequence[tuple[str, int]], *, chart_id: str) -> Markup:
    """A horizontal bar chart of ``rows`` (label, count)."""
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP) + GAP
    top = max((count for _, count in rows), default=0) or 1
    description = ", ".join(f"{label}: {count}" for label, count in rows) or "keine Daten"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for index, (label, count) in enumerate(rows):
        y = GAP + index * (BAR_HEIGHT + GAP)
        bar = round(BAR_AREA * count / top)
        middle = y + BAR_HEIGHT / 2 + 5
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'font-size="14" fill="#1a1a1a">{escape(label)}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" '
            f'fill="{COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{middle}" font-size="14" '
            f'fill="#1a1a1a">{count}</text>',
        ]
    if not rows:
        parts.append(
            f'<text x="{GAP}" y="{BAR_HEIGHT}" font-size="14" fill="#1a1a1a">keine Daten</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).date().isoformat()
