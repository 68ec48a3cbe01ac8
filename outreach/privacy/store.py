"""Legal holds, rectifications, and which case files are due or may be erased (issue 23)."""

from __future__ import annotations

import secrets
from datetime import date

from .. import clock
from ..db import insert_row, one_row, write
from ..domain import retention as rules


def holds(db, case_id: str) -> list[dict]:
    return list(db.query("""SELECT h.*, p.display_name AS held_by_name, e.display_name AS ended_by_name
                            FROM legal_hold h LEFT JOIN person p ON p.id = h.held_by
                            LEFT JOIN person e ON e.id = h.ended_by WHERE h.case_id = ?
                            ORDER BY h.held_at DESC""", [case_id]))


def in_force(found: list[dict], today: date) -> list[dict]:
    """The holds among `found` (a case's holds) that keep the file today."""
    return [h for h in found if rules.hold_in_force(h["until"], h["ended_at"], today)]


def holds_in_force(db, case_id: str, today: date) -> list[dict]:
    return in_force(holds(db, case_id), today)


FRAME = "SELECT id, number, status, closed_on, team_id, anonymised_at FROM household_case"


def case_frame(db, *, case_id: str | None = None, number: str | None = None) -> dict | None:
    """A case's number and state (no content): what the tenant's-rights page and commands work on."""
    if case_id is not None:
        return one_row(db, f"{FRAME} WHERE id = ?", [case_id]) if case_id and len(case_id) <= 40 else None
    return one_row(db, f"{FRAME} WHERE number = ?", [(number or "").strip()[:20]])


def place_hold(db, case_id: str, *, reason: str, until: date, by: str) -> str:
    hold_id = secrets.token_urlsafe(12)
    with write(db):
        insert_row(db, "legal_hold", {"id": hold_id, "case_id": case_id, "reason": reason, "until": until.isoformat(),
                                      "held_by": by, "held_at": clock.stamp()})
    return hold_id


def end_hold(db, case_id: str, hold_id: str, *, by: str) -> bool:
    with write(db):
        ended = db.execute("UPDATE legal_hold SET ended_by = ?, ended_at = ? WHERE id = ? AND case_id = ? "
                           "AND ended_at IS NULL", [by, clock.stamp(), hold_id, case_id]).rowcount
    return ended == 1


def rectifications(db, case_id: str) -> list[dict]:
    return list(db.query("""SELECT r.*, p.display_name AS recorded_by_name FROM rectification r
                            LEFT JOIN person p ON p.id = r.recorded_by WHERE r.case_id = ?
                            ORDER BY r.recorded_at DESC""", [case_id]))


def add_rectification(db, case_id: str, *, received_on: date, request: str, action: str, note: str, by: str) -> str:
    rectification_id = secrets.token_urlsafe(12)
    with write(db):
        insert_row(db, "rectification", {"id": rectification_id, "case_id": case_id,
                                         "received_on": received_on.isoformat(), "request": request,
                                         "action": action, "note": note, "recorded_by": by,
                                         "recorded_at": clock.stamp()})
    return rectification_id


def erasure(db, case_id: str) -> dict | None:
    return one_row(db, """SELECT e.*, p.display_name AS requested_by_name FROM case_erasure e
                          LEFT JOIN person p ON p.id = e.requested_by WHERE e.case_id = ?""", [case_id])


def erasure_refusals(db, case: dict, today: date, holds_now: list[dict] | None = None) -> list[str]:
    """Why the case may not be erased today; `holds_now`: its holds in force, when already read."""
    if holds_now is None:
        holds_now = holds_in_force(db, case["id"], today)
    running = db.execute("SELECT count(*) FROM placement WHERE case_id = ? AND (ends_on IS NULL OR ends_on >= ?)",
                         [case["id"], today.isoformat()]).fetchone()[0]
    return rules.erasure_refusals(anonymised=bool(case["anonymised_at"]), status=case["status"],
                                  holds=len(holds_now), placements_running=running)


def due(db, today: date, *, case_years: int, referral_years: int) -> dict[str, list[dict]]:
    """What the retention would anonymise today: case files closed long enough ago (and those of
    them a legal hold keeps), and declined referrals that never became a case."""
    cases = list(db.query("""SELECT id, number, closed_on, status FROM household_case
                             WHERE status = 'closed' AND anonymised_at IS NULL AND closed_on < ?
                             ORDER BY closed_on, number""", [rules.closed_before(today, case_years)]))
    held = {row[0]: row[1] for row in db.execute(
        """SELECT case_id, max(until) FROM legal_hold WHERE ended_at IS NULL AND until >= ? GROUP BY case_id""",
        [today.isoformat()])}
    referrals = list(db.query("""SELECT id, decided_at FROM referral WHERE status = 'declined' AND case_id IS NULL
                                 AND anonymised_at IS NULL AND decided_at < ? ORDER BY decided_at""",
                              [rules.closed_before(today, referral_years)]))
    return {"cases": [c for c in cases if c["id"] not in held],
            "held": [{**c, "held_until": held[c["id"]]} for c in cases if c["id"] in held],
            "referrals": referrals}
