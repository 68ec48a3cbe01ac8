"""Migration 0016_rent_statements."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers

CASE_OF = {"rent_statement": "{row}.case_id"}


@migration("0016_rent_statements")
def m0016_rent_statements(db: sqlite_utils.Database) -> None:
    # The landlord's rent account as of a day (months with rent due and paid), posted by the
    # housing company under a status-feedback consent. It stands beside the worker's ledger and
    # never changes it; statements are kept, a newer one does not replace an older one. The
    # housing company's list of its tenancies in counselling reads cases by landlord.
    run_statements(
        db,
        """
        CREATE TABLE rent_statement (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            organisation_id TEXT NOT NULL REFERENCES organisation(id),
            as_of TEXT NOT NULL,
            months TEXT NOT NULL,
            balance_cents INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            posted_by TEXT NOT NULL REFERENCES person(id),
            posted_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX rent_statement_case ON rent_statement(case_id, as_of);
        CREATE INDEX household_case_landlord ON household_case(landlord_organisation_id, status, number);
        CREATE TRIGGER rent_statement_append_only_update BEFORE UPDATE ON rent_statement
        BEGIN SELECT RAISE(ABORT, 'rent statements are kept as posted'); END;
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items()),
    )
