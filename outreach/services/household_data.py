"""What onward referrals store about a household (the `household` registry, issue 23)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register


def register_tables() -> None:
    register(
        "services",
        Table("onward_referral", "t.case_id = :case", _l("Onward referrals"), position=75, order="t.referred_on",
              personal=columns("reason answer_note"),
              kept=columns("id case_id service_id from_note_id urgency channel categories member_ids referred_on "
                           "check_on outcome outcome_on outcome_by answer appointment_on answered_by answered_at "
                           "created_by created_at mutation_id"),
              labels={"service_id": _l("Service"), "reason": _l("Reason"), "referred_on": _l("Referred on"),
                      "outcome": _l("Outcome"), "answer_note": _l("Answer")}),
    )
