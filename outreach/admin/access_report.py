"""Who saw what (issue 23): for one case, every person and device that read or changed it, with
when — from the audit log (the case, its visit notes, consents and referral as subjects) and the
server's record of which devices hold an offline copy. What a breach notice (Art. 33/34 GDPR)
needs; the actions are named, never the case's content."""

from __future__ import annotations

from ..db import one_row

PAGE = 200


def case_by_number(db, number: str) -> dict | None:
    return one_row(db, "SELECT id, number, status, team_id FROM household_case WHERE number = ?", [number.strip()[:20]])


def about(db, case: dict) -> tuple[str, list[str]]:
    """The audit log's condition for the lines about a case (the case, its notes, consents and
    referral as subjects) and its parameters; read once per report, used by `events` and `people`."""
    subjects = [("case", case["id"])]
    subjects += [("visit_note", row[0]) for row in db.execute("SELECT id FROM visit_note WHERE case_id = ?", [case["id"]])]
    subjects += [("consent", row[0]) for row in db.execute("SELECT id FROM consent_record WHERE case_id = ?",
                                                            [case["id"]])]
    referral = one_row(db, "SELECT referral_id FROM household_case WHERE id = ?", [case["id"]])
    if referral and referral["referral_id"]:
        subjects.append(("referral", referral["referral_id"]))
    return (" OR ".join("(a.subject_type = ? AND a.subject_id = ?)" for _ in subjects),
            [value for pair in subjects for value in pair])


def events(db, condition: tuple[str, list[str]], *, limit: int = PAGE, offset: int = 0) -> tuple[list[dict], int]:
    """The audit lines about the case, newest first (one page), and how many there are."""
    where, params = condition
    total = db.execute(f"SELECT count(*) FROM audit_log a WHERE {where}", params).fetchone()[0]
    rows = list(db.query(f"""SELECT a.seq, a.at, a.actor_id, a.action, a.subject_type, a.device_id, p.display_name
                             FROM audit_log a LEFT JOIN person p ON p.id = a.actor_id WHERE {where}
                             ORDER BY a.seq DESC LIMIT ? OFFSET ?""", [*params, limit, offset]))
    return rows, total


def people(db, condition: tuple[str, list[str]]) -> list[dict]:
    """Per person: first and last time, how many reads and how many other actions (changes,
    refusals), and the devices they used."""
    where, params = condition
    return list(db.query(
        f"""SELECT a.actor_id, p.display_name, min(a.at) AS first_at, max(a.at) AS last_at,
                   sum(a.action LIKE '%read%' OR a.action LIKE '%review%' OR a.action LIKE '%copy%') AS reads,
                   sum(NOT (a.action LIKE '%read%' OR a.action LIKE '%review%' OR a.action LIKE '%copy%')) AS others,
                   group_concat(DISTINCT nullif(a.device_id, '')) AS devices
            FROM audit_log a LEFT JOIN person p ON p.id = a.actor_id WHERE {where}
            GROUP BY a.actor_id ORDER BY last_at DESC""", params))


def devices(db, case: dict) -> list[dict]:
    """The devices that received an offline copy of the case (sync promise 4), whose and when."""
    return list(db.query("""SELECT c.device_id, c.received_at, p.display_name, d.revoked_at, d.wiped_at
                            FROM case_on_device c LEFT JOIN person p ON p.id = c.person_id
                            LEFT JOIN device d ON d.id = c.device_id WHERE c.case_id = ?
                            ORDER BY c.received_at DESC""", [case["id"]]))
