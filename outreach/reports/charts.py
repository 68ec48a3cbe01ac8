"""Bar charts of the statistics as geometry for server-rendered SVG (no chart library in the
browser, as with the budget charts): one bar per shown category, the longest BAR_WIDTH wide.
Hidden cells get no bar (a bar's length would tell the number)."""

from __future__ import annotations

from ..domain import statistics as stats

BAR_WIDTH = 200
ROW_HEIGHT = 22


def bars(dist: stats.Distribution, labels: dict) -> dict:
    shown = [c for c in dist.cells if c.count]
    longest = max((c.count for c in shown), default=0)
    items = []
    for index, cell in enumerate(c for c in dist.cells if c.count or c.suppressed):
        width = round(cell.count * BAR_WIDTH / longest) if cell.count and longest else 0
        items.append({"y": index * ROW_HEIGHT, "width": max(width, 1) if cell.count else 0, "count": cell.count,
                      "label": str(labels.get(cell.code, cell.code)), "hidden": cell.suppressed})
    return {"bars": items, "height": max(len(items), 1) * ROW_HEIGHT, "bar_width": BAR_WIDTH}
