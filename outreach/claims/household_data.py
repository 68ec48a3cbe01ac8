"""What the claims and documents store about a household (the `household` registry, issue 23)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register

OF_CLAIMS = "t.claim_id IN (SELECT id FROM claim WHERE case_id = :case)"


def register_tables() -> None:
    register(
        "claims",
        Table("claim", "t.case_id = :case", _l("Claims to authorities"), position=50, order="t.created_at",
              personal=columns("addressee_name note"),
              kept=columns("id case_id kind addressee_organisation_id state filed_on amount_asked_cents created_by "
                           "created_at updated_at"),
              labels={"kind": _l("Kind"), "addressee_name": _l("Addressee"), "state": _l("State"),
                      "filed_on": _l("Filed on"), "amount_asked_cents": _l("Amount asked"), "note": _l("Note")}),
        Table("claim_decision", OF_CLAIMS, _l("Decisions of authorities"), position=51, order="t.recorded_at",
              personal=columns("landlord"),
              kept=columns("id claim_id decision notice_dated_on sent_by received_on instructions_correct "
                           "amount_granted_cents form appealed_on reached_landlord_on recorded_by recorded_at "
                           "answered_in_app"),
              labels={"decision": _l("Decision"), "notice_dated_on": _l("Notice dated"),
                      "amount_granted_cents": _l("Amount granted"), "landlord": _l("Landlord")}),
        Table("claim_request", "t.case_id = :case", _l("Take-over requests"), position=52, order="t.sent_at",
              personal=columns("reasons"), json=columns("documents_requested"),
              kept=columns("id claim_id case_id organisation_id channel categories member_ids schonfrist_end state "
                           "documents_due_on decision_id sent_by sent_at answered_by answered_at"),
              labels={"organisation_id": _l("Recipient"), "categories": _l("Data categories"),
                      "reasons": _l("Reasons"), "state": _l("State"), "sent_at": _l("Sent at")}),
        Table("case_document", "t.case_id = :case", _l("Documents"), position=53, order="t.created_at",
              personal=columns("note"),
              kept=columns("id case_id claim_id kind dated_on pages created_by created_at mutation_id"),
              labels={"kind": _l("Kind"), "dated_on": _l("Dated"), "pages": _l("Pages"), "note": _l("Note")}),
        Table("case_document_page", "t.document_id IN (SELECT id FROM case_document WHERE case_id = :case)",
              _l("Document pages"), position=54, order="t.document_id, t.position",
              personal=columns("picture"), kept=columns("document_id position picture_type sha256"),
              files={"picture": "picture_type"}),
    )
