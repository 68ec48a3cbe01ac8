"""Budget benchmark (issue 8). Run: .venv/bin/python -m tests.benchmarks.budget_bench

- evaluating a full plan (100 items, 10 set-offs, 50 debts, a 60-month schedule): Python on the
  server and JavaScript in headless Chromium (what the phone does on every keystroke);
- the tenant's copy: applying a save through POST /sync, rendering the printable page and the A4 PDF.
Prints JSON; see docs/benchmarks.md.
"""

from __future__ import annotations

import json
import pathlib
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from outreach.domain.budget_plan import evaluate, validate  # noqa: E402

RUNS = 200


def full_plan(case_id: str = "bench-case", members=("m1", "m2")) -> dict:
    rhythms = ("monthly", "weekly", "quarterly", "yearly", "every_two_months", "half_yearly", "one_off")
    items = [{"kind": "income" if i % 5 == 0 else "expense", "category": "other_income" if i % 5 == 0 else "other_expense",
              "member_id": members[i % len(members)] if members else "", "amount_cents": 1237 + 7919 * i,
              "rhythm": rhythms[i % len(rhythms)], "attachable": i % 10 == 0, "label": f"Posten {i}"} for i in range(100)]
    items[0] = {**items[0], "amount_cents": 90_000_00}  # enough income for a 60-month plan
    debts = [{"creditor": f"Gläubiger {i}", "representative": "", "reference": f"AZ {i}",
              "claim_type": ("rent", "energy", "consumer_credit", "telecom")[i % 4], "principal_cents": 10_000 + 333 * i,
              "interest_cents": 17 * i, "costs_cents": 5 * i, "titled": i % 2 == 0} for i in range(50)]
    return {"case_id": case_id, "items": items, "debts": debts, "dependants": 2, "outside_benefit_unit": [],
            "setoffs": [{"member_id": "", "level": 1 + i % 6} for i in range(10)], "creditor_amount_cents": 123_456,
            "plan": {"arrears_cents": 1_800_000, "buffer_cents": 5000, "instalment_cents": 30_000, "start": "2027-01",
                     "due_day": 3}, "note": "", "resolves": []}


CONTEXT = {"references": {"standard_rate_1": 56300, "standard_rate_2": 50600, "standard_rate_3": 45100,
                          "standard_rate_4": 47100, "standard_rate_5": 39000, "standard_rate_6": 35700,
                          "jobcenter_setoff_percent": 5, "garnishment_exempt_base": 155500,
                          "garnishment_exempt_first": 58523, "garnishment_exempt_further": 32604,
                          "garnishment_fully_attachable_above": 476699, "kindergeld_per_child": 25900,
                          "kinderzuschlag_max_per_child": 29700},
           "children": 2, "schonfrist_end": "2027-03-31"}


def median_ms(call, runs=RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 3)


def python_evaluate() -> dict:
    plan = validate(full_plan(), members={"m1", "m2"})
    return {"python_evaluate_ms_median": median_ms(lambda: evaluate(plan, CONTEXT)), "runs": RUNS}


def browser_evaluate() -> dict:
    from playwright.sync_api import sync_playwright

    from outreach import create_app
    from tests.conftest import make_test_config
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer

    app = create_app(make_test_config(pathlib.Path(tempfile.mkdtemp())))
    with LiveServer(app) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(server.url + "/offline")
        result = page.evaluate("""async ([plan, context, runs]) => {
            const rules = await import('/static/js/budget-rules.js');
            const times = [];
            for (let i = 0; i < runs; i += 1) {
              const start = performance.now();
              rules.evaluatePlan(plan, context);
              times.push(performance.now() - start);
            }
            times.sort((a, b) => a - b);
            return times[Math.floor(times.length / 2)];
        }""", [validate(full_plan(), members={"m1", "m2"}), CONTEXT, RUNS])
        browser.close()
    return {"chromium_evaluate_ms_median": round(result, 3), "runs": RUNS}


def copies() -> dict:
    from outreach import create_app
    from outreach.cases import store
    from outreach.clock import berlin_today
    from outreach.db import get_db
    from tests.conftest import make_test_config
    from tests.support.notes import send
    from tests.support.people import signed_in

    app = create_app(make_test_config(pathlib.Path(tempfile.mkdtemp())))
    worker = signed_in(app, "w@example.org", "Jana Becker", ("worker",))
    with app.app_context():
        case = store.create_case(get_db(), stage="eviction_suit", source="court_notice", street="Am Neumarkt 3",
                                 postcode="01968", city="Senftenberg", report_received_on=berlin_today(),
                                 worker_id=worker.person.id, team_id=None, by=None, today=berlin_today(),
                                 members=[{"name": "Erika Nowak", "birth_year": 1971, "relation": "Mieterin",
                                           "lease_party": True}])
        members = [m["id"] for m in store.members(get_db(), case["id"])]
    payload = full_plan(case["id"], members)
    start = time.perf_counter()
    [result] = send(worker, {"id": "benchmark-save-1", "kind": "budget.save", "entity_id": f"plan-{case['id']}",
                             "base_revision": None, "schema_version": 1, "payload": payload,
                             "author": worker.person.id, "device_id": "", "device_time": ""})
    apply_ms = (time.perf_counter() - start) * 1000
    assert result["status"] == "applied", result
    page_ms = median_ms(lambda: worker.client.get(f"/cases/{case['id']}/budget/copy"), runs=20)
    pdf = worker.client.get(f"/cases/{case['id']}/budget/copy.pdf")
    pdf_ms = median_ms(lambda: worker.client.get(f"/cases/{case['id']}/budget/copy.pdf"), runs=10)
    return {"sync_apply_ms": round(apply_ms, 1), "copy_page_ms_median": page_ms, "copy_pdf_ms_median": pdf_ms,
            "pdf_bytes": len(pdf.data), "items": 100, "debts": 50}


def main() -> None:
    for name, run in (("python", python_evaluate), ("chromium", browser_evaluate), ("copies", copies)):
        print(name, json.dumps(run()))


if __name__ == "__main__":
    main()
