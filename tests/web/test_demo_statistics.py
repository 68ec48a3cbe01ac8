"""The demo gives every statistic something to show (a newcomer sees filled charts at once)."""

from __future__ import annotations

from datetime import timedelta

from outreach import create_app
from outreach.cli import create_demo_database
from outreach.clock import berlin_today
from outreach.db import get_db
from outreach.domain import outcomes
from outreach.domain import statistics as stats
from outreach.domain.cases import OUTCOMES
from outreach.reports import figures


def test_every_figure_of_the_last_two_years_has_something_to_show(tmp_path):
    # Every area imported first (as in a process that built an app before): their deadline sources
    # then run inside the seeder, outside any request or app context.
    create_app({"TESTING": True, "DATABASE": str(tmp_path / "other.sqlite3"), "EVIDENCE_KEY": "e" * 40})
    path = str(tmp_path / "demo.sqlite3")
    today = berlin_today()
    create_demo_database(path, today=today)
    app = create_app(demo=True, settings={"DATABASE": path})
    with app.app_context():
        db = get_db()
        v = figures.compute(db, today - timedelta(days=730), today).values
        shown = figures.suppressed(figures.compute(db, today - timedelta(days=730), today)).values
        follow_ups = dict(db.execute("SELECT status, count(*) FROM follow_up GROUP BY status").fetchall())
    counts = {c.code: c.count for c in v["outcomes"].cells}
    assert all(counts[outcome] for outcome in OUTCOMES), counts
    tools = {c.code: c.count for c in v["tools"].cells}
    assert sum(1 for t in outcomes.TOOLS if tools[t]) >= 8, tools
    assert v["repeat_cases_12_months"] >= 1 and v["repeat_cases_24_months"] >= 2
    assert follow_ups["done"] > 10 and follow_ups["due"] > 5
    assert v["reach_rate"]["percent"] and v["days_to_first_contact"]["median"] is not None
    assert v["days_to_first_home_visit"]["median"] is not None and v["effort"]["hours"] > 0
    for key, value in shown.items():
        if isinstance(value, stats.Distribution):
            assert any(c.count for c in value.cells), key  # a chart with at least one bar
