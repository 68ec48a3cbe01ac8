"""Whether an authority's commitment to take over the arrears heals the termination: it must reach
the landlord within the Schonfrist and cover what the deadline engine says is due by then
(§ 569(3) Nr. 2 BGB; domain/deadlines/claims.commitment_check)."""

from __future__ import annotations

from datetime import date

from ..cases import store as cases_store
from ..db import one_row
from ..domain.deadlines import LedgerMonth, healing_amount
from ..domain.deadlines.claims import CommitmentCheck, commitment_check
from .store import TAKEOVERS


def check(db, case: dict, view, claim: dict, schonfrist_end: date | None, state: str) -> dict | None:
    """The check for a take-over claim granted with an amount while a Schonfrist is counted, with the
    amount needed; None where it does not apply."""
    granted = next((d for d in claim["decisions"] if d["decision"] != "refused" and d["amount_granted_cents"]), None)
    if claim["kind"] not in TAKEOVERS or granted is None or schonfrist_end is None:
        return None
    reached = date.fromisoformat(granted["reached_landlord_on"]) if granted["reached_landlord_on"] else None
    pay_on = min(reached, schonfrist_end) if reached else schonfrist_end
    terminations = [date.fromisoformat(k["on_date"]) for k in cases_store.key_dates(db, case["id"])
                    if k["kind"] == "termination_received"]
    months = [LedgerMonth(m["year"], m["month"], m["due_cents"], m["paid_cents"])
              for m in cases_store.ledger(db, case["id"])]
    needed = healing_amount(months, view.monthly_rent_cents, pay_on, max(terminations) if terminations else pay_on,
                            state)
    needed_cents = needed.total_cents
    result: CommitmentCheck = commitment_check(committed_cents=granted["amount_granted_cents"], needed_cents=needed_cents,
                                               reached_landlord_on=reached, schonfrist_ends_on=schonfrist_end)
    return {"state": result.state, "shortfall_cents": result.shortfall_cents, "needed_cents": needed_cents,
            "needed_on": pay_on, "schonfrist_end": schonfrist_end}


def committed(db, case_id: str) -> bool:
    """Whether an authority has committed to take over arrears on this case (a take-over granted
    with an amount), whatever the check says of its timing: the flat's rescue is under way."""
    marks = ",".join("?" * len(TAKEOVERS))
    return one_row(db, f"""SELECT 1 AS found FROM claim_decision d JOIN claim c ON c.id = d.claim_id
                          WHERE c.case_id = ? AND c.kind IN ({marks}) AND d.decision != 'refused'
                          AND d.amount_granted_cents > 0 LIMIT 1""", [case_id, *TAKEOVERS]) is not None
