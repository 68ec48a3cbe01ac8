"""A centre in its tenth year, for the scale benchmarks (issue 18):

    .venv/bin/python -m tests.benchmarks.big_centre big_centre.sqlite3 [--cases 10000]

10 teams of 10 workers (one supervisor each), 10,000 open cases (100 per worker, 1,000 per team)
with households, contact attempts, key dates and ledger months; 10 visit notes per case with
about 1.6 revisions each (some submitted, waiting for approval); a budget plan and a signed consent
per case; 500 referrals waiting at intake. Everything is written through the project's own
migrations, stores and sync handlers (the same savepoints, idempotency records, seals and audit
entries as a phone's outbox produces), in one batch per case. Prints the counts and the time taken.
`tests/benchmarks/pages_bench.py` measures the pages on it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flask_login import login_user  # noqa: E402

from outreach import create_app  # noqa: E402
from outreach.auth.people import create_organisation, create_person, create_team, get_person  # noqa: E402
from outreach.cases import referrals, store  # noqa: E402
from outreach.clock import berlin_today  # noqa: E402
from outreach.consent import versions  # noqa: E402
from outreach.db import get_db  # noqa: E402
from outreach.domain.consent import new_content  # noqa: E402
from outreach.sync.views import apply_batch  # noqa: E402
from tests.conftest import make_test_config  # noqa: E402
from tests.support.budgets import save_budget  # noqa: E402
from tests.support.consent import sign  # noqa: E402
from tests.support.notes import save_note  # noqa: E402

TEAMS, WORKERS_PER_TEAM = 10, 10
STREETS = ("Bahnhofstraße", "Thälmannstraße", "Am Neumarkt", "Lauchhammerstraße", "Ringstraße", "Kirchplatz",
           "Schulstraße", "Rathausstraße", "Dubinaweg", "Steindamm")
NAMES = ("Nowak", "Krüger", "Schulz", "Kaya", "Zieliński", "Hoffmann", "Wagner", "Petrenko", "Becker", "Yılmaz")


def app_for(path: Path):
    config = make_test_config(path.parent)
    config["DATABASE"] = str(path)
    return create_app(config)


def build(path: Path, cases: int = 10_000, notes_per_case: int = 10, waiting_referrals: int = 500) -> dict:
    started = time.perf_counter()
    app = app_for(path)
    today = berlin_today()
    with app.app_context():
        db = get_db()
        admin = create_person(db, "admin@big.example", "Admin", {"admin"}, status="active")
        housing = create_organisation(db, "Wohnungsgesellschaft Groß", "housing_company", "DSGVO")
        city = create_organisation(db, "Stadt Groß", "city", "SGB X")
        partner = create_person(db, "partner@big.example", "Partner", {"partner"}, organisation_id=housing,
                                status="active")
        content = new_content(title="Einwilligung", intro="Einwilligung zur Wohnungssicherung.", language="de",
                              easy_language=False,
                              recipients=[{"organisation_id": housing, "name": "Wohnungsgesellschaft Groß",
                                           "department": "Mieterservice"},
                                          {"organisation_id": city, "name": "Stadt Groß", "department": "Soziales"}],
                              purposes=["status_feedback", "coordination"], categories=["status", "contact"],
                              validity_months=12)
        version_id = versions.create_template(db, "Schweigepflichtentbindung", content, admin.id)
        versions.publish(db, version_id, admin.id)
        row = db.execute("SELECT content_hash, content FROM consent_version WHERE id = ?", [version_id]).fetchone()
        version = {"id": version_id, "hash": row[0], "content": json.loads(row[1]), "app": app}
        teams, workers = [], []
        for t in range(TEAMS):
            team = create_team(db, f"Team {t + 1}")
            supervisor = create_person(db, f"sup{t}@big.example", f"Aufsicht {t + 1}", {"supervisor"},
                                       team_id=team, status="active")
            teams.append((team, supervisor))
            for w in range(WORKERS_PER_TEAM):
                workers.append((create_person(db, f"w{t}-{w}@big.example", f"Fachkraft {t + 1}-{w + 1}", {"worker"},
                                              team_id=team, status="active"), team, supervisor))
    counts = {"cases": 0, "mutations": 0, "rejected": 0}
    for n in range(cases):
        worker, team, supervisor = workers[n % len(workers)]
        name = f"{NAMES[n % len(NAMES)]} {n}"
        with app.app_context():
            db = get_db()
            case = store.create_case(
                db, stage=("arrears", "termination", "eviction_suit")[n % 3], source="housing_company",
                street=f"{STREETS[n % len(STREETS)]} {n // len(STREETS) + 1}", postcode="01968", city="Senftenberg",
                report_received_on=today - timedelta(days=n % 400), worker_id=worker.id, team_id=team,
                by=supervisor.id, today=today,
                members=[{"name": name, "birth_year": 1960 + n % 40, "relation": "Mieter/in", "lease_party": True},
                         {"name": f"Kind {n}", "birth_year": 2015, "relation": "Kind", "lease_party": False}][:1 + n % 2])
            member = db.execute("SELECT id FROM household_member WHERE case_id = ? ORDER BY position LIMIT 1",
                                [case["id"]]).fetchone()[0]
            store.set_tenancy(db, case["id"], tenancy_start=today - timedelta(days=2000), base_rent_cents=52_000,
                              service_charge_cents=9_000, heating_cents=6_000)
            for attempt in range(1 + n % 3):
                store.add_attempt(db, case["id"], ("call", "letter", "reached")[attempt], today - timedelta(days=attempt),
                                  worker.id)
            if n % 3 == 2:
                store.add_key_date(db, case["id"], "suit_served", today - timedelta(days=n % 50), worker.id,
                                   member_id=member)
            for back in range(3):
                month = (today.replace(day=1) - timedelta(days=28 * back))
                store.set_ledger_month(db, case["id"], month.year, month.month, 67_000, 67_000 if back else 0)
        batch = []
        for k in range(notes_per_case):
            first = save_note(worker.id, case["id"], situation=f"Besuch {k + 1} bei {name}.",
                              visited_at=(today - timedelta(days=30 + k)).isoformat() + "T10:00")
            batch.append(first)
            if k % 5 < 3:  # about 1.6 revisions per note
                status = "submitted" if k == 0 and n % 20 == 0 else "draft"
                batch.append(save_note(worker.id, case["id"], note_id=first["entity_id"], base=first["id"],
                                       status=status, situation=f"Besuch {k + 1} bei {name}, ergänzt.",
                                       visited_at=first["payload"]["visited_at"]))
        batch.append(save_budget(worker.id, case["id"]))
        batch.append(sign(worker.id, case["id"], member, version, recipients=[housing]))
        with app.test_request_context("/sync", method="POST"):
            db = get_db()
            login_user(get_person(db, worker.id))
            results = apply_batch(db, batch)
        counts["cases"] += 1
        counts["mutations"] += len(results)
        counts["rejected"] += sum(result["status"] == "rejected" for result in results)
    with app.app_context():
        db = get_db()
        for r in range(waiting_referrals):
            referrals.submit(db, organisation_id=housing, by=partner.id, tenant_name=f"{NAMES[r % len(NAMES)]} {r}",
                             street=f"{STREETS[r % len(STREETS)]} {r // len(STREETS) + 1}", postcode="01968",
                             city="Senftenberg", arrears_cents=100_000 + r, stage="termination", known_dates={},
                             tenant_informed=True, note="")
        tables = ("household_case", "household_member", "visit_note", "note_revision", "budget_plan",
                  "budget_revision", "consent_record", "referral", "audit_log", "sync_mutation")
        rows = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
    return {"seconds": round(time.perf_counter() - started, 1), **counts, "rows": rows, "path": str(path),
            "size_mb": round(path.stat().st_size / 1e6, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--notes-per-case", type=int, default=10)
    parser.add_argument("--referrals", type=int, default=500)
    arguments = parser.parse_args()
    if arguments.path.exists():
        sys.exit(f"{arguments.path} exists: choose a new path")
    print(json.dumps(build(arguments.path, arguments.cases, arguments.notes_per_case, arguments.referrals)))


if __name__ == "__main__":
    main()
