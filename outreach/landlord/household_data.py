"""What the landlord's rent account stores about a household (the `household` registry, issue 23):
months with rent due and paid — amounts the statistics may count — and a note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..household import Table, columns, register


def register_tables() -> None:
    register(
        "landlord",
        Table("rent_statement", "t.case_id = :case", _l("Rent account according to the landlord"), position=60,
              order="t.as_of", personal=columns("note"),
              kept=columns("id case_id organisation_id as_of months balance_cents posted_by posted_at"),
              labels={"as_of": _l("As of"), "balance_cents": _l("Balance"), "note": _l("Note")}),
    )
