"""What the consents and disclosures store about a household (the `household` registry, issue 23):
the consent evidence is kept as long as the data it covered, and anonymised with it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register

OF_CONSENTS = "t.consent_id IN (SELECT id FROM consent_record WHERE case_id = :case)"


def register_tables() -> None:
    register(
        "consent",
        Table("consent_record", "t.case_id = :case", _l("Consents"), position=40, order="t.received_at",
              personal=columns("signer_name interpreter signature_png strokes photo"),
              kept=columns("id case_id member_id form template_version_id version_hash language scope text_hash "
                           "valid_from valid_until withdrawal_notice_shown device_time received_at witness_id "
                           "device_id app_version signature_sha256 strokes_sha256 photo_type photo_sha256 key_id mac"),
              files={"signature_png": "image/png", "strokes": "application/json", "photo": "photo_type"},
              labels={"signer_name": _l("Signed by"), "form": _l("Form"), "language": _l("Language"),
                      "interpreter": _l("Interpreter"), "scope": _l("Recipients, purposes and categories"),
                      "valid_from": _l("Valid from"), "valid_until": _l("Valid until"),
                      "witness_id": _l("Witnessed by"), "received_at": _l("Received at")}),
        Table("consent_withdrawal", OF_CONSENTS, _l("Consents withdrawn"), position=41, order="t.recorded_at",
              personal=frozenset(),
              kept=columns("consent_id withdrawn_on channel received_by recorded_at partners_to_inform key_id mac"),
              labels={"withdrawn_on": _l("Withdrawn on"), "channel": _l("How"), "received_by": _l("Received by")}),
        Table("consent_handover", OF_CONSENTS, _l("Copies of consents handed over"), position=42,
              order="t.recorded_at", personal=frozenset(),
              kept=columns("id consent_id method recorded_by recorded_at"),
              labels={"method": _l("How"), "recorded_at": _l("Recorded at")}),
        Table("disclosure", "t.case_id = :case", _l("Disclosures to partners"), position=43, order="t.disclosed_at",
              personal=columns("note"),
              kept=columns("id case_id organisation_id purpose categories fields channel consent_ids member_ids "
                           "disclosed_by disclosed_at"),
              labels={"organisation_id": _l("Recipient"), "purpose": _l("Purpose"),
                      "categories": _l("Data categories"), "channel": _l("How"), "note": _l("Note"),
                      "disclosed_at": _l("Disclosed at")}),
    )
