"""A case's claims on its deadline lists (the `cases/deadline_sources.py` registry): file within
the month, appeal a decision in time, and the urgent interim order when a take-over is refused
while the Schonfrist runs."""

from __future__ import annotations

from datetime import date

from ..cases import deadline_sources
from ..cases import store as cases_store
from ..domain.cases import case_deadlines
from ..domain.deadlines.claims import appeal_deadline, filing_hint, needs_interim_order, receipt
from . import requests, store


def schonfrist_end(db, case: dict, today: date, state: str) -> date | None:
    """The case's Schonfrist end from its key dates (None without one, or when the recorded dates
    contradict each other: the case view says so instead of guessing, cases/store.case_view)."""
    key_dates = cases_store.domain_key_dates(cases_store.key_dates(db, case["id"]))
    try:
        found = [d.due_on for d in case_deadlines(date.fromisoformat(case["report_received_on"]), key_dates, [],
                                                 None, today, state) if d.code == "schonfrist_end"]
    except ValueError:
        return None
    return found[0] if found else None


def decision_dates(decision: dict, state: str) -> tuple[date, date]:
    """(the day the notice counts as received, the last day to appeal it)."""
    received = receipt(date.fromisoformat(decision["notice_dated_on"]), decision["sent_by"],
                       date.fromisoformat(decision["received_on"]) if decision["received_on"] else None)
    return received, appeal_deadline(received, bool(decision["instructions_correct"]), state)


def claim_deadlines(db, cases: list[dict], today: date, state: str) -> dict:
    open_cases = {case["id"]: case for case in cases if case["status"] == "open"}
    names = store.benefit_names(db, today)
    found: dict[str, list] = {}
    by_case = store.of_cases(db, list(open_cases))
    asked = requests.of_claims(db, [claim["id"] for claims in by_case.values() for claim in claims])
    for case_id, claims in by_case.items():
        for claim in claims:
            name_de, name_en = names.get(claim["kind"], (claim["kind"], claim["kind"]))
            for request in asked[claim["id"]]:
                if request["state"] == "documents_requested" and request["documents_due_on"]:
                    found.setdefault(case_id, []).append(deadline_sources.to_do(
                        "claim_documents", date.fromisoformat(request["documents_due_on"]),
                        f"Unterlagen nachreichen: {name_de}", f"Send the documents: {name_en}",
                        "§ 60, § 66 SGB I", today))
            if claim["state"] == "preparing":
                hint = filing_hint(claim["kind"], today, state)
                if hint:
                    found.setdefault(case_id, []).append(deadline_sources.to_do(
                        "claim_file_by", hint.file_by, f"{name_de}: vor dem {hint.month_starts:%d.%m.} stellen",
                        f"{name_en}: file before {hint.month_starts:%d %b}", "§ 25(2) WoGG; § 37(2) S. 2 SGB II",
                        today))
            decision = claim["decisions"][0] if claim["decisions"] else None
            if not decision or claim["state"] not in ("decided",) or decision["appealed_on"]:
                continue
            received, ends = decision_dates(decision, state)
            if decision["decision"] != "granted":
                found.setdefault(case_id, []).append(deadline_sources.to_do(
                    "appeal_deadline", ends, f"Widerspruch gegen den Bescheid: {name_de}",
                    f"Appeal against the decision: {name_en}", "§ 84(1) SGG; § 70 VwGO", today))
            if decision["decision"] == "refused" and claim["kind"] in store.TAKEOVERS and needs_interim_order(
                    "refused", received, schonfrist_end(db, open_cases[case_id], today, state)):
                found.setdefault(case_id, []).append(deadline_sources.to_do(
                    "interim_order", received, "Übernahme abgelehnt, Schonfrist läuft: Eilantrag beim Sozialgericht",
                    "Take-over refused while the Schonfrist runs: urgent application to the social court",
                    "§ 86b(2) SGG", today))
    return found


deadline_sources.register("claims", claim_deadlines)
