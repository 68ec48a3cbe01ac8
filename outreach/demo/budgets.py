"""Demo budget plans (invented): a household short of money every month, one that can repay
within the Schonfrist, and one whose plan runs past it. Saved like a phone would, as revisions."""

from __future__ import annotations

import secrets
from datetime import date

import sqlite_utils

from ..auth.people import get_person
from ..budgets.store import KIND, apply_save
from ..cases import store as cases
from ..domain.repayment import add_months
from ..domain.sync import Mutation


def item(kind, category, euros, rhythm="monthly", member="", attachable=False, label=""):
    return {"kind": kind, "category": category, "member_id": member, "amount_cents": round(euros * 100),
            "rhythm": rhythm, "attachable": attachable, "label": label}


def rent(case: dict) -> list[dict]:
    return [item("expense", code, case[column] / 100) for code, column in
            (("base_rent", "base_rent_cents"), ("service_charge", "service_charge_cents"), ("heating", "heating_cents"))]


def plans(case: dict, member: dict, today: date) -> dict | None:
    year, month = add_months(today.year, today.month, 1)
    start = f"{year:04d}-{month:02d}"
    first = member[0]
    if case["street"] == "Bahnhofstraße 14":  # ALG I and a son with a mini-job: short every month
        son = member[1]
        return {"items": [item("income", "alg1", 780.60, member=first, attachable=True),
                          item("income", "minijob", 538, member=son, attachable=True), *rent(case),
                          item("expense", "electricity", 64), item("expense", "telecom", 39.99),
                          item("expense", "broadcasting_fee", 55.08, "quarterly"),
                          item("expense", "food_household", 95, "weekly"), item("expense", "insurance", 148.2, "yearly"),
                          item("expense", "transport", 58), item("expense", "loan_instalments", 120)],
                "setoffs": [], "outside_benefit_unit": [son], "dependants": 0, "creditor_amount_cents": None,
                "debts": [{"creditor": "Wohnungsgesellschaft Senftenberg", "representative": "", "reference": "M-14-0207",
                           "claim_type": "rent", "principal_cents": 316000, "interest_cents": 0, "costs_cents": 12000,
                           "titled": True},
                          {"creditor": "Versandhaus Nord", "representative": "Inkasso Ost GmbH", "reference": "IK 55120",
                           "claim_type": "consumer_credit", "principal_cents": 84000, "interest_cents": 6300,
                           "costs_cents": 4500, "titled": False}],
                "plan": {"arrears_cents": 316000, "buffer_cents": 5000, "instalment_cents": None, "start": start,
                         "due_day": 3}, "note": "Entscheidung des Sozialamts zur Übernahme abwarten."}
    if case["street"] == "Am Neumarkt 9":  # wages and child benefit: a plan within reach
        return {"items": [item("income", "net_wages", 2140, member=first, attachable=True),
                          item("income", "minijob", 450, member=member[1], attachable=True), *rent(case),
                          item("expense", "electricity", 78),
                          item("expense", "telecom", 54.98), item("expense", "broadcasting_fee", 55.08, "quarterly"),
                          item("expense", "food_household", 140, "weekly"), item("expense", "transport", 180),
                          item("expense", "insurance", 412.6, "yearly"), item("expense", "clothing", 60)],
                "setoffs": [], "outside_benefit_unit": [], "dependants": 1, "creditor_amount_cents": 5000,
                "debts": [{"creditor": "Stadtwerke Senftenberg", "representative": "", "reference": "KD 331-907",
                           "claim_type": "energy", "principal_cents": 28650, "interest_cents": 0, "costs_cents": 0,
                           "titled": False}],
                "plan": {"arrears_cents": 180000, "buffer_cents": 7500, "instalment_cents": 30000, "start": start,
                         "due_day": 3}, "note": "Ratenvorschlag mit der Wohnungsgesellschaft abstimmen."}
    if case["street"] == "Schulstraße 21":  # Bürgergeld with a loan set-off and two children; the plan runs past the Schonfrist
        return {"items": [item("income", "buergergeld", 1347, member=first), item("income", "kindergeld", 518),
                          item("income", "maintenance", 180, member=first), *rent(case),
                          item("expense", "electricity", 71), item("expense", "telecom", 29.99),
                          item("expense", "food_household", 105, "weekly"), item("expense", "childcare_school", 35),
                          item("expense", "clothing", 70)],
                "setoffs": [{"member_id": first, "level": 1}], "outside_benefit_unit": [], "dependants": 2,
                "creditor_amount_cents": None, "debts": [],
                "plan": {"arrears_cents": 156400, "buffer_cents": 5000, "instalment_cents": None, "start": start,
                         "due_day": 1}, "note": "Darlehen nach § 22 Abs. 8 SGB II beantragt."}
    return None


def seed_budgets(db: sqlite_utils.Database, today: date) -> None:
    for case in db.query("SELECT * FROM household_case WHERE status = 'open'"):
        members = [m["id"] for m in cases.members(db, case["id"])]
        payload = plans(case, members, today)
        if payload is None:
            continue
        worker = get_person(db, case["assigned_worker_id"])
        mutation = Mutation(id=secrets.token_urlsafe(12), kind=KIND, entity_id=f"plan-{case['id']}", base_revision=None,
                            schema_version=1, payload={"case_id": case["id"], "resolves": [], **payload},
                            author=worker.id, device_id="", device_time="")
        result = apply_save(db, worker, mutation, today=today)
        assert result["status"] == "applied", result
