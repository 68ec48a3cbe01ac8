"""What the approvals store about a household's notes (the `household` registry, issue 23): the
supervisor's signature over a note's hash, and its short-lived challenge — no text of the note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register

OF_NOTES = "t.note_id IN (SELECT id FROM visit_note WHERE case_id = :case)"


def register_tables() -> None:
    register(
        "approvals",
        Table("approval", OF_NOTES, _l("Approvals of visit notes"), position=24, order="t.approved_at",
              personal=frozenset(),
              kept=columns("id note_id revision_id supervisor_id nonce content_hash client_data_json "
                           "authenticator_data signature credential_id public_key approved_at key_id mac"),
              labels={"approved_at": _l("Approved at"), "supervisor_id": _l("Supervisor")}),
        Table("approval_challenge", OF_NOTES, _l("Approval challenges"), position=25, order="t.created_at",
              personal=frozenset(),
              kept=columns("challenge nonce content_hash note_id revision_id supervisor_id session_hash created_at "
                           "expires_at used_at")),
    )
