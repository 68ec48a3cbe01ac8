"""The demo's budget plans: short every month, within reach, and with a Jobcenter set-off."""

from __future__ import annotations

from datetime import date

import pytest

from outreach import db as database
from outreach.budgets import store
from outreach.cli import create_demo_database
from outreach.domain.budget_plan import evaluate
from outreach.domain.calendar import DEFAULT_STATE


@pytest.fixture(scope="module", params=[date(2026, 2, 27), date(2026, 11, 25)], ids=str)
def plans(request, tmp_path_factory):
    today = request.param
    path = str(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    create_demo_database(path, today=today)
    db = database.connect(path)
    try:
        found = {}
        for case in db.query("SELECT * FROM household_case"):
            plan = store.plan_of_case(db, case["id"])
            if plan:
                [revision] = store.revisions(db, plan["id"])
                context = store.evaluation_context(store.context(db, case, today, DEFAULT_STATE))
                found[case["street"]] = evaluate(revision["payload"], context)
        yield found
    finally:
        db.close()


def test_three_households_have_a_plan(plans):
    assert set(plans) == {"Bahnhofstraße 14", "Am Neumarkt 9", "Schulstraße 21"}


def test_one_household_is_short_every_month_and_gets_the_hints(plans):
    short = plans["Bahnhofstraße 14"]
    assert short["summary"]["free_is_negative"]
    assert [w["code"] for w in short["repayment"]["warnings"]] == ["no_plan_possible"]
    codes = [hint["code"] for hint in short["hints"]]
    assert "wohngeld_first" in codes and "top_up" in codes


def test_one_plan_is_within_reach_and_pays_the_energy_debt_first(plans):
    reach = plans["Am Neumarkt 9"]
    assert reach["summary"]["free_cents"] > 30000 and reach["repayment"]["months"] == 6
    assert reach["debts"]["priorities"] == ["primary"] and reach["debts"]["shares"] == [5000]


def test_the_jobcenter_set_off_is_a_deduction_and_the_plan_runs_past_the_schonfrist(plans):
    setoff = plans["Schulstraße 21"]
    assert "ends_after_schonfrist" in [w["code"] for w in setoff["repayment"]["warnings"]]
    assert setoff["setoffs"][0]["monthly_cents"] == 2815  # 5 % of 563 €
    assert setoff["summary"]["deduction_cents"] == 2815
