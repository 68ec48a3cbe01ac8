"""What the visit notes store about a household (the `household` registry, issue 23)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register

OF_NOTES = "t.note_id IN (SELECT id FROM visit_note WHERE case_id = :case)"


def register_tables() -> None:
    register(
        "visits",
        Table("visit_note", "t.case_id = :case", _l("Visit notes"), position=20, order="t.created_at",
              personal=frozenset(),
              kept=columns("id case_id author_id current_revision_id status in_conflict to_route created_at updated_at "
                           "addendum_of visited_on visit_kind minutes travel_minutes"),
              labels={"visited_on": _l("Visited on"), "visit_kind": _l("Kind"), "status": _l("Status"),
                      "author_id": _l("Author")}),
        # every revision, conflict siblings included: each holds the note's text as written then
        Table("note_revision", OF_NOTES, _l("Visit notes: every version"), position=21, order="t.received_at",
              personal=frozenset(), json=columns("payload"),
              kept=columns("id note_id base_revision_id author_id device_id mutation_id schema_version content_hash "
                           "state reassigned device_time received_at"),
              labels={"note_id": _l("Note"), "received_at": _l("Received at"), "state": _l("State"),
                      "payload": _l("Content")}),
        Table("note_return", OF_NOTES, _l("Visit notes returned"), position=22, order="t.returned_at",
              personal=columns("comment"), kept=columns("id note_id revision_id supervisor_id returned_at"),
              labels={"returned_at": _l("Returned at"), "comment": _l("Comment")}),
        Table("step_done", OF_NOTES, _l("Next steps done"), position=23, order="t.done_on",
              personal=frozenset(), kept=columns("note_id list position done_on done_by")),
    )
