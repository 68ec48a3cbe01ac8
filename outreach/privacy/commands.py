"""The tenant's rights and the retention from the server's command line (`outreach retention`,
`outreach export-household`, `outreach erase`): each runs in the app's context and writes its
audit lines as the CLI; outreach/cli.py only parses the arguments."""

from __future__ import annotations

import os
from pathlib import Path

from .. import audit, clock
from ..clock import berlin_today
from ..db import get_db
from ..domain.retention import closed_before
from . import export, store
from .anonymise import anonymise, anonymise_referral, truncate_wal


class Refused(Exception):
    """A clear reason, printed for the person at the console."""


def retention(app, *, apply: bool) -> list[str]:
    """What is due today (and what a legal hold keeps); with `apply`, anonymise it."""
    config, db, today = app.config, get_db(), berlin_today()
    found = store.due(db, today, case_years=int(config["RETENTION_CASE_FILES_YEARS"]),
                      referral_years=int(config["RETENTION_DECLINED_REFERRALS_YEARS"]))
    lines = [f"Case files due (closed before {closed_before(today, int(config['RETENTION_CASE_FILES_YEARS']))}): "
             f"{len(found['cases'])}"]
    lines += [f"  {case['number']}\tclosed {case['closed_on']}" for case in found["cases"]]
    lines.append(f"Kept by a legal hold: {len(found['held'])}")
    lines += [f"  {case['number']}\tclosed {case['closed_on']}\thold until {case['held_until']}" for case in found["held"]]
    lines.append(f"Declined referrals due: {len(found['referrals'])}")
    if not apply:
        lines.append("Dry run: nothing changed. Run with --apply to anonymise these.")
        return lines
    rows = sum(sum(anonymise(db, case["id"], kind="retention").values()) for case in found["cases"])
    referrals = sum(anonymise_referral(db, referral["id"]) for referral in found["referrals"])
    audit.log("retention.case_files", actor_id="cli", details={
        "cases": len(found["cases"]), "rows": rows, "held": len(found["held"]), "referrals": referrals}, db=db)
    truncated = truncate_wal(config["DATABASE_PATH"], config["SQLITE_BUSY_TIMEOUT_MS"])
    lines.append(f"Anonymised: {len(found['cases'])} case files ({rows} records), {referrals} referrals."
                 + ("" if truncated else " The WAL is still in use; `outreach prune` truncates it later."))
    return lines


def _case(number: str) -> dict:
    case = store.case_frame(get_db(), number=number)
    if case is None:
        raise Refused(f"No case has the number {number}.")
    return case


def export_household(app, number: str, output: str) -> list[str]:
    from .views import package

    case = _case(number)
    target = Path(output)
    if target.exists() and any(target.iterdir()):
        raise Refused(f"{output} is not empty; choose a new directory.")
    found, pdf = package(get_db(), case["id"], by_id="cli", by_name="Server (outreach export-household)")
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)  # it holds everything about a household
    (target / "household.json").write_bytes(export.to_json(found))
    (target / "household.pdf").write_bytes(pdf)
    for path, content in found.files.items():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(content)
    audit.log("household.exported", actor_id="cli", subject=("case", case["id"]),
              details={"rows": sum(len(p["rows"]) for p in found.data["parts"]), "files": len(found.files),
                       "via": "cli"}, db=get_db())
    return [f"Export of case {case['number']} written to {output}: household.json, household.pdf and "
            f"{len(found.files)} files."]


def erase(app, number: str, reason: str) -> list[str]:
    from .views import refusal_text

    case, db = _case(number), get_db()
    reason = reason.strip()
    if not reason or len(reason) > 500:
        raise Refused("Give the reason (at most 500 characters, without names) with --reason.")
    refusals = store.erasure_refusals(db, case, berlin_today())
    if refusals:
        audit.log("case.erasure_refused", actor_id="cli", subject=("case", case["id"]), details={"why": refusals},
                  db=db)
        raise Refused(" ".join(refusal_text(code) for code in refusals))
    counts = anonymise(db, case["id"], kind="request", reason=reason, by=None, actor="cli")
    truncate_wal(app.config["DATABASE_PATH"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    return [f"Case {case['number']} anonymised at {clock.stamp()}: {sum(counts.values())} records in "
            f"{len(counts)} tables no longer hold any personal value."]
