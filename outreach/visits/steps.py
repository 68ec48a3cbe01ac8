"""The agreed steps and tasks of visit notes as dated to-dos: on the deadline lists until marked
done (a finished step no longer stays overdue for ever). A mark belongs to the note's step by its
list and position in the note's current revision."""

from __future__ import annotations

import json
from datetime import date

from .. import clock
from ..cases import deadline_sources
from ..db import write

LISTS = {"agreed_steps": "by", "tasks": "due"}  # the list and its date field
BATCH = 500
MAX_POSITION = 100  # a note holds at most 20 steps per list (domain/visits.MAX_STEPS)


def steps_of_cases(db, case_ids: list[str]) -> dict[str, list[dict]]:
    """Every step and task with its note, date and done mark, by case, from current revisions."""
    found: dict[str, list[dict]] = {case_id: [] for case_id in case_ids}
    for start in range(0, len(case_ids), BATCH):
        chunk = case_ids[start:start + BATCH]
        rows = db.execute(
            f"""SELECT n.id, n.case_id, json_extract(r.payload, '$.agreed_steps'), json_extract(r.payload, '$.tasks'),
                       json_extract(r.payload, '$.visited_at')
                FROM visit_note n JOIN note_revision r ON r.id = n.current_revision_id
                WHERE n.case_id IN ({','.join('?' * len(chunk))})""", chunk).fetchall()
        note_ids = [row[0] for row in rows]
        done = {}
        for offset in range(0, len(note_ids), BATCH):
            part = note_ids[offset:offset + BATCH]
            for note_id, kind, position, done_on in db.execute(
                    f"SELECT note_id, list, position, done_on FROM step_done WHERE note_id IN ({','.join('?' * len(part))})",
                    part):
                done[(note_id, kind, position)] = done_on
        for note_id, case_id, agreed, tasks, visited_at in rows:
            for kind, items in (("agreed_steps", agreed), ("tasks", tasks)):
                for position, item in enumerate(json.loads(items) if items else []):
                    found[case_id].append({
                        "note_id": note_id, "list": kind, "position": position, "what": item.get("what", ""),
                        "who": item.get("who", ""), "on": item.get(LISTS[kind]) or "", "visited_at": visited_at or "",
                        "done_on": done.get((note_id, kind, position)),
                    })
    for items in found.values():
        items.sort(key=lambda s: (bool(s["done_on"]), s["on"] or "9999", s["visited_at"]))
    return found


def mark(db, note_id: str, kind: str, position: int, *, done: bool, on: date, by: str) -> None:
    with write(db):
        if done:
            db.execute("INSERT INTO step_done (note_id, list, position, done_on, done_by) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT (note_id, list, position) DO UPDATE SET done_on = excluded.done_on, "
                       "done_by = excluded.done_by", [note_id, kind, position, on.isoformat(), by])
        else:
            db.execute("DELETE FROM step_done WHERE note_id = ? AND list = ? AND position = ?", [note_id, kind, position])
        db.execute("UPDATE household_case SET updated_at = ? WHERE id = (SELECT case_id FROM visit_note WHERE id = ?)",
                   [clock.stamp(), note_id])


def _deadlines(db, cases: list[dict], today: date, state: str) -> dict:
    open_ids = [case["id"] for case in cases if case["status"] == "open"]
    result = {}
    for case_id, items in steps_of_cases(db, open_ids).items():
        result[case_id] = [deadline_sources.to_do(
            "agreed_step" if s["list"] == "agreed_steps" else "task", date.fromisoformat(s["on"]),
            f"{'Vereinbarter Schritt' if s['list'] == 'agreed_steps' else 'Aufgabe'}: {s['what']}",
            f"{'Agreed step' if s['list'] == 'agreed_steps' else 'Task'}: {s['what']}", "Besuchsnotiz / visit note", today)
            for s in items if s["on"] and not s["done_on"] and _is_date(s["on"])]
    return result


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


deadline_sources.register("visit_steps", _deadlines)
