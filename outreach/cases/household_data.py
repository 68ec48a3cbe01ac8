"""What the case file stores about a household (the `household` registry, issue 23)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register

CASE = "t.case_id = :case"


def register_tables() -> None:
    register(
        "cases",
        Table("household_case", "t.id = :case", _l("Case"), position=1,
              personal=columns("street postcode city landlord_name tenancy_start situation address_key"),
              kept=columns("id number status outcome stage source landlord_organisation_id base_rent_cents "
                           "service_charge_cents heating_cents assigned_worker_id team_id report_received_on "
                           "referral_id created_at updated_at closed_on version stage_at_first_contact anonymised_at"),
              labels={"number": _l("Case number"), "status": _l("Status"), "stage": _l("Stage"),
                      "source": _l("Source"), "street": _l("Street"), "postcode": _l("Postcode"), "city": _l("City"),
                      "landlord_name": _l("Landlord"), "tenancy_start": _l("Tenancy since"),
                      "base_rent_cents": _l("Base rent"), "service_charge_cents": _l("Service charges"),
                      "heating_cents": _l("Heating costs"), "situation": _l("Situation"),
                      "report_received_on": _l("Report received on"), "closed_on": _l("Closed on"),
                      "assigned_worker_id": _l("Worker")}),
        Table("household_member", CASE, _l("Household members"), position=2, order="t.position",
              personal=columns("name birth_year name_key"), kept=columns("id case_id relation lease_party position"),
              labels={"name": _l("Name"), "birth_year": _l("Year of birth"), "relation": _l("Relation"),
                      "lease_party": _l("Party to the lease")}),
        Table("referral", "t.case_id = :case OR t.id = (SELECT referral_id FROM household_case WHERE id = :case)",
              _l("Referral"), position=3,
              personal=columns("tenant_name street postcode city note decline_reason address_key name_key"),
              json=columns("known_dates"),
              kept=columns("id organisation_id submitted_by submitted_at arrears_cents stage tenant_informed status "
                           "decided_by decided_at case_id anonymised_at"),
              labels={"submitted_at": _l("Submitted at"), "tenant_name": _l("Name"), "street": _l("Street"),
                      "postcode": _l("Postcode"), "city": _l("City"), "arrears_cents": _l("Arrears"),
                      "known_dates": _l("Known dates"), "note": _l("Note"), "status": _l("Status")}),
        Table("arrears_month", CASE, _l("Rent arrears by month"), position=10, order="t.year, t.month",
              personal=frozenset(), kept=columns("case_id year month due_cents paid_cents"),
              labels={"year": _l("Year"), "month": _l("Month"), "due_cents": _l("Due"), "paid_cents": _l("Paid")}),
        Table("key_date", CASE, _l("Key dates"), position=11, order="t.on_date",
              personal=columns("detail"),
              kept=columns("id case_id kind on_date member_id recorded_by recorded_at done_on done_by"),
              labels={"kind": _l("Kind"), "on_date": _l("Date"), "detail": _l("Detail"), "done_on": _l("Done on")}),
        Table("contact_attempt", CASE, _l("Contact attempts"), position=12, order="t.on_date",
              personal=frozenset(),
              kept=columns("id case_id on_date kind recorded_by recorded_at minutes travel_minutes"),
              labels={"on_date": _l("Date"), "kind": _l("Kind"), "recorded_by": _l("Recorded by")}),
        Table("case_assignment", CASE, _l("Assignments"), position=13, order="t.assigned_at",
              personal=frozenset(), kept=columns("id case_id worker_id team_id assigned_by assigned_at"),
              labels={"worker_id": _l("Worker"), "assigned_at": _l("Assigned at")}),
        Table("case_closure", CASE, _l("Closings"), position=80, order="t.closed_on",
              personal=columns("reopen_reason"),
              kept=columns("id case_id closed_on outcome causes tools onward_referrals schonfrist_used "
                           "eviction_date_set sex age_band household_type children income_source nationality "
                           "housing_situation education employment bank_account over_indebtedness closed_by "
                           "recorded_at reopened_on reopened_by is_repeat"),
              labels={"closed_on": _l("Closed on"), "outcome": _l("Outcome"), "causes": _l("Causes"),
                      "tools": _l("Tools"), "reopened_on": _l("Reopened on"), "reopen_reason": _l("Reason")}),
        Table("follow_up", CASE, _l("Tenancy follow-ups"), position=81, order="t.due_on",
              personal=columns("note"),
              kept=columns("id case_id closure_id months due_on status result checked_on recorded_by recorded_at "
                           "mutation_id"),
              labels={"due_on": _l("Due on"), "status": _l("Status"), "result": _l("Result"), "note": _l("Note")}),
        Table("case_look", CASE, _l("Case opened by"), position=95, order="t.looked_at",
              personal=frozenset(), kept=columns("person_id case_id looked_at")),
        Table("case_on_device", CASE, _l("Offline copies on devices"), position=96, order="t.received_at",
              personal=frozenset(), kept=columns("case_id device_id person_id received_at"),
              labels={"device_id": _l("Device"), "person_id": _l("Person"), "received_at": _l("Received at")}),
        before_anonymise=keep_repeat_cases,
    )


def keep_repeat_cases(db, case_id: str) -> None:
    """The statistics count a case as a repeat when an earlier case at its address had closed:
    before the address goes, keep that as a closing day — on each later case for this case's
    closings, and on this case for the earlier cases' closings."""
    for later, earlier in (("c", "p"), ("p", "c")):
        db.execute(f"""INSERT OR IGNORE INTO prior_closing (case_id, closed_on)
                       SELECT {later}.id, max(cl.closed_on) FROM household_case p
                       JOIN household_case c ON c.address_key = p.address_key AND c.id != p.id
                       JOIN case_closure cl ON cl.case_id = {earlier}.id AND cl.closed_on <= {later}.report_received_on
                       WHERE p.id = ? AND p.address_key != '' GROUP BY {later}.id""", [case_id])
