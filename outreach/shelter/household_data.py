"""What emergency accommodation stores about a household (the `household` registry, issue 23).
The placement's features (kind, provider, household type, and per person sex, month of birth,
nationality) are what the federal return counts: they stay; where the household was placed goes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register


def register_tables() -> None:
    register(
        "shelter",
        Table("shelter_request", "t.case_id = :case", _l("Shelter requests"), position=70, order="t.sent_at",
              personal=columns("needs refusal_reason"),
              kept=columns("id case_id organisation_id household_size member_ids needed_on state sent_by sent_at "
                           "sent_on answered_by answered_at"),
              labels={"household_size": _l("Household size"), "needs": _l("Needs"), "needed_on": _l("Needed on"),
                      "state": _l("State"), "refusal_reason": _l("Reason")}),
        Table("placement", "t.case_id = :case", _l("Placements"), position=71, order="t.begins_on",
              personal=columns("place"),
              kept=columns("id request_id case_id organisation_id begins_on ends_on accommodation_kind provider "
                           "association municipality_key household_type household_size recorded_by recorded_at"),
              labels={"place": _l("Place"), "begins_on": _l("From"), "ends_on": _l("Until")}),
        Table("placement_person", "t.placement_id IN (SELECT id FROM placement WHERE case_id = :case)",
              _l("Placed persons (for the federal return)"), position=72, order="t.placement_id, t.position",
              personal=frozenset(), kept=columns("placement_id position sex birth_month nationality"),
              labels={"sex": _l("Sex"), "birth_month": _l("Month of birth"), "nationality": _l("Nationality")}),
    )
