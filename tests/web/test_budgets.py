"""Budget plans through sync and the case page: revisions, conflicts, refusals, the tenant's copy."""

from __future__ import annotations

import json

import pytest

from outreach.db import get_db
from tests.support.budgets import save_budget
from tests.support.notes import send
from tests.web.test_cases import open_case


@pytest.fixture
def case_id(centre):
    case_id = open_case(centre)
    centre.worker.client.get(f"/cases/{case_id}")  # the worker's device received the case
    return case_id


def revisions(app):
    with app.app_context():
        return [tuple(r) for r in get_db().execute(
            "SELECT id, state, reassigned FROM budget_revision ORDER BY received_at").fetchall()]


def test_a_saved_plan_shows_on_the_case_page_with_its_figures(app, centre, case_id):
    mutation = save_budget(centre.worker.person.id, case_id)
    [result] = send(centre.worker, mutation)
    assert result["status"] == "applied" and result["plan"] == f"plan-{case_id}"
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    # 1.850,00 income; 520,00 + 55,08/3 = 538,36 expenses; free 1.311,64; instalment 1.261,64 → 1 month
    assert "1.850,00\u00a0€" in html and "538,36\u00a0€" in html and "1.311,64\u00a0€" in html
    assert 'data-chart="budget"' in html and "Haushaltsplan bearbeiten" in html


def test_each_save_is_a_revision_and_the_history_keeps_them(app, centre, case_id):
    first = save_budget(centre.worker.person.id, case_id)
    second = save_budget(centre.worker.person.id, case_id, base=first["id"], note="Nach Rücksprache")
    assert [r["status"] for r in send(centre.worker, first, second)] == ["applied", "applied"]
    assert revisions(app) == [(first["id"], "superseded", 0), (second["id"], "current", 0)]
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Verlauf (2 Fassungen)" in html


def test_two_first_saves_from_two_phones_meet_as_a_conflict_and_a_later_save_resolves_it(app, centre, case_id):
    worker, supervisor = centre.worker, centre.supervisor
    supervisor.client.get(f"/cases/{case_id}")
    mine = save_budget(worker.person.id, case_id)
    theirs = save_budget(supervisor.person.id, case_id, note="Vom Tablet")
    assert send(worker, mine)[0]["status"] == "applied"
    assert send(supervisor, theirs)[0]["status"] == "conflict"
    html = worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "beide sind erhalten" in html
    resolve = save_budget(worker.person.id, case_id, base=mine["id"], resolves=[theirs["id"]])
    assert send(worker, resolve)[0]["status"] == "applied"
    assert dict((r[0], r[1]) for r in revisions(app))[theirs["id"]] == "resolved"


@pytest.mark.parametrize("change, field, code", [
    ({"items": [{"kind": "income", "category": "net_wages", "amount_cents": -5, "rhythm": "monthly"}]},
     "items.0.amount_cents", "negative"),
    ({"items": [{"kind": "income", "category": "net_wages", "amount_cents": 1_000_000_001, "rhythm": "monthly"}]},
     "items.0.amount_cents", "too_large"),
    ({"items": [{"kind": "income", "category": "net_wages", "amount_cents": 12.5, "rhythm": "monthly"}]},
     "items.0.amount_cents", "not_an_amount"),
    ({"items": [{"kind": "income", "category": "lottery", "amount_cents": 100, "rhythm": "monthly"}]},
     "items.0.category", "unknown"),
    ({"items": [{"kind": "income", "category": "pension", "amount_cents": 100, "rhythm": "daily"}]},
     "items.0.rhythm", "unknown"),
    ({"items": [{"kind": "income", "category": "pension", "amount_cents": 100, "rhythm": "monthly",
                 "member_id": "someone-else"}]}, "items.0.member_id", "unknown_member"),
    ({"items": [{}] * 101}, "items", "too_many"),
    ({"debts": [{"creditor": "", "claim_type": "rent", "principal_cents": 100}]}, "debts.0.creditor", "required"),
    ({"debts": [{"creditor": "X", "claim_type": "casino", "principal_cents": 100}]}, "debts.0.claim_type", "unknown"),
    ({"plan": {"arrears_cents": 100, "start": "2027-13"}}, "plan.start", "invalid_month"),
    ({"note": "x" * 2001}, "note", "too_long"),
])
def test_bad_content_is_rejected_with_the_field_and_kept_for_the_worker(app, centre, case_id, change, field, code):
    mutation = save_budget(centre.worker.person.id, case_id, **change)
    [result] = send(centre.worker, mutation)
    assert result == {"id": mutation["id"], "status": "rejected", "reason": "invalid", "field": field, "code": code}
    assert revisions(app) == []


def test_duplicates_unknown_schema_and_foreign_authors_are_handled(app, centre, case_id):
    mutation = save_budget(centre.worker.person.id, case_id)
    assert [r["status"] for r in send(centre.worker, mutation, mutation)] == ["applied", "duplicate"]
    assert send(centre.worker, save_budget(centre.worker.person.id, case_id, schema_version=7))[0]["reason"] == \
        "schema_version"
    assert send(centre.worker, save_budget(centre.colleague.person.id, case_id))[0]["reason"] == "wrong_author"
    other = save_budget(centre.worker.person.id, case_id, plan_id="another-plan-id")
    assert send(centre.worker, other)[0]["reason"] == "id_conflict"
    assert send(centre.worker, save_budget(centre.worker.person.id, "no-such-case"))[0]["reason"] == "not_found"
    assert len(revisions(app)) == 1


@pytest.mark.parametrize("who", ["colleague", "other_team_worker", "other_supervisor", "admin", "partner"])
def test_people_who_may_not_change_the_case_cannot_save_its_plan(app, centre, case_id, who):
    browser = getattr(centre, who)
    [result] = send(browser, save_budget(browser.person.id, case_id))
    assert result["status"] == "rejected" and result["reason"] == "forbidden"
    assert revisions(app) == []


def test_a_household_short_of_money_gets_the_warning_and_the_hints_on_the_case_page(app, centre, case_id):
    short = save_budget(centre.worker.person.id, case_id, items=[
        {"kind": "income", "category": "pension", "member_id": "", "amount_cents": 98000, "rhythm": "monthly",
         "attachable": True, "label": ""},
        {"kind": "expense", "category": "base_rent", "member_id": "", "amount_cents": 61000, "rhythm": "monthly",
         "attachable": False, "label": ""},
        {"kind": "expense", "category": "food_household", "member_id": "", "amount_cents": 9000, "rhythm": "weekly",
         "attachable": False, "label": ""},
    ])
    assert send(centre.worker, short)[0]["status"] == "applied"
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    # 980 − 610 − 390 = −20 €: no instalment possible, Wohngeld first (own income), then a top-up claim
    assert "-20,00\u00a0€" in html and "Dem Haushalt fehlt jeden Monat Geld." in html
    assert "Zuerst Wohngeld prüfen" in html and "Es fehlen 20,00\u00a0€ im Monat." in html
    assert "aufstockenden Anspruch nach SGB II oder SGB XII" in html
    assert 'data-code="no_plan_possible"' in html


def test_a_plan_past_the_schonfrist_points_to_a_public_take_over(app, centre, case_id):
    from datetime import timedelta

    from outreach.cases import store
    from outreach.clock import berlin_today

    with app.app_context():
        db = get_db()
        tenant = store.members(db, case_id)[0]["id"]
        store.add_key_date(db, case_id, "termination_received", berlin_today() - timedelta(days=40),
                           centre.worker.person.id, tenant, "without_notice")
        store.add_key_date(db, case_id, "suit_served", berlin_today() - timedelta(days=10),
                           centre.worker.person.id, tenant, "")
    slow = save_budget(centre.worker.person.id, case_id, plan={
        "arrears_cents": 300000, "buffer_cents": 5000, "instalment_cents": 20000,
        "start": f"{berlin_today().year}-{berlin_today().month:02d}", "due_day": 3})
    assert send(centre.worker, slow)[0]["status"] == "applied"
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert 'data-code="ends_after_schonfrist"' in html and "Verpflichtungserklärung" in html
    form = centre.worker.client.get(f"/cases/{case_id}/budget").get_data(as_text=True)
    assert "Die Schonfrist endet am" in form


def test_a_plan_whose_figures_cannot_be_computed_is_refused_and_no_page_breaks(app, centre, case_id):
    huge = [{"kind": "income", "category": "net_wages", "member_id": "", "amount_cents": 1_000_000_000,
             "rhythm": "weekly", "attachable": True, "label": ""}] * 100
    [result] = send(centre.worker, save_budget(centre.worker.person.id, case_id, items=huge,
                                               plan={"arrears_cents": 0, "start": "2027-01"}))
    assert result["status"] == "applied"  # 100 × 4,3 Mrd. ct still adds up exactly
    assert centre.worker.client.get(f"/cases/{case_id}").status_code == 200


def test_a_new_plan_must_carry_its_case_name_and_a_base_must_be_of_this_plan(app, centre, case_id):
    other_case = open_case(centre, street="Schulstraße 8")
    centre.worker.client.get(f"/cases/{other_case}")
    squat = save_budget(centre.worker.person.id, case_id, plan_id=f"plan-{other_case}")
    assert send(centre.worker, squat)[0]["reason"] == "id_conflict"  # cannot block the other case's plan
    mine = save_budget(centre.worker.person.id, other_case)
    assert send(centre.worker, mine)[0]["status"] == "applied"
    foreign_base = save_budget(centre.worker.person.id, case_id, base=mine["id"])
    assert send(centre.worker, foreign_base)[0]["reason"] == "unknown_base"
    invented = save_budget(centre.worker.person.id, case_id, base="no-such-revision")
    assert send(centre.worker, invented)[0]["reason"] == "unknown_base"
    assert [r[0] for r in revisions(app)] == [mine["id"]]


def test_someone_without_access_learns_nothing_from_the_answer(app, centre, case_id):
    probe = save_budget(centre.other_team_worker.person.id, case_id, outside_benefit_unit=["not-a-member"])
    assert send(centre.other_team_worker, probe)[0] == {"id": probe["id"], "status": "rejected", "reason": "forbidden"}


def test_a_case_reassigned_while_the_phone_was_offline_is_applied_and_flagged(app, centre, case_id):
    from outreach.cases.store import assign

    with app.app_context():
        assign(get_db(), case_id, centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    late = save_budget(centre.worker.person.id, case_id)
    [result] = send(centre.worker, late)
    assert result["status"] == "applied" and result["flag"] == "reassigned"
    assert revisions(app) == [(late["id"], "current", 1)]
    html = centre.supervisor.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Neu zugewiesen – weiterleiten" in html
    fresh = open_case(centre, street="Am Markt 1")  # never on the worker's phone: refused
    with app.app_context():
        assign(get_db(), fresh, centre.colleague.person.id, centre.north, centre.supervisor.person.id)
    assert send(centre.worker, save_budget(centre.worker.person.id, fresh))[0]["reason"] == "forbidden"


def test_a_saved_revision_keeps_the_values_it_was_computed_with(app, centre, case_id):
    mutation = save_budget(centre.worker.person.id, case_id, setoffs=[{"member_id": "", "level": 1}])
    send(centre.worker, mutation)
    with app.app_context():
        db = get_db()
        db.execute("UPDATE reference_value SET value = 99900 WHERE key = 'standard_rate_1'")
        [context] = [json.loads(r[0]) for r in db.execute("SELECT context FROM budget_revision")]
    assert context["references"]["standard_rate_1"] == 56300
    html = centre.worker.client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "28,15\u00a0€" in html  # 5 % of 563 €, as when it was saved
