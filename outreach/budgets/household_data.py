"""What the budgets store about a household (the `household` registry, issue 23)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register


def register_tables() -> None:
    register(
        "budgets",
        Table("budget_plan", "t.case_id = :case", _l("Budgets and repayment plans"), position=30,
              order="t.created_at", personal=frozenset(),
              kept=columns("id case_id current_revision_id in_conflict to_route created_at updated_at"),
              labels={"created_at": _l("Created at")}),
        Table("budget_revision", "t.plan_id IN (SELECT id FROM budget_plan WHERE case_id = :case)",
              _l("Budgets: every version"), position=31, order="t.received_at",
              personal=frozenset(), json=columns("payload context"),
              kept=columns("id plan_id base_revision_id author_id device_id schema_version content_hash state "
                           "reassigned device_time received_at"),
              labels={"received_at": _l("Received at"), "state": _l("State"), "payload": _l("Content")}),
        Table("copy_handover", "t.case_id = :case", _l("Copies handed to the tenant"), position=32,
              order="t.recorded_at", personal=frozenset(),
              kept=columns("id case_id document revision_id method recorded_by recorded_at"),
              labels={"document": _l("Document"), "method": _l("How"), "recorded_at": _l("Recorded at")}),
    )
