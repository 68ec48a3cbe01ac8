"""Migration 0017_documents."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers, shared_triggers

CASE_OF = {
    "case_document": "{row}.case_id",
    "case_document_page": "(SELECT case_id FROM case_document WHERE id = {row}.document_id)",
}


@migration("0017_documents")
def m0017_documents(db: sqlite_utils.Database) -> None:
    # The tenant's letters photographed on the phone (termination, the court's suit, the
    # authority's notice, bank statements …), offline too: one document of one or more pages, each
    # page re-encoded on the server (metadata gone), kept as posted. A document may belong to a
    # claim and ticks its checklist: what each kind of claim needs, dated data like the reference
    # values (seeded from the usual lists; an admin adds and ends items).
    run_statements(
        db,
        """
        CREATE TABLE case_document (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            claim_id TEXT REFERENCES claim(id),
            kind TEXT NOT NULL,
            dated_on TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            pages INTEGER NOT NULL CHECK (pages >= 1),
            created_by TEXT NOT NULL REFERENCES person(id),
            created_at TEXT NOT NULL,
            mutation_id TEXT NOT NULL UNIQUE
        ) STRICT;
        CREATE INDEX case_document_case ON case_document(case_id, dated_on);
        CREATE INDEX case_document_claim ON case_document(claim_id);
        CREATE TABLE case_document_page (
            document_id TEXT NOT NULL REFERENCES case_document(id),
            position INTEGER NOT NULL,
            picture BLOB NOT NULL,
            picture_type TEXT NOT NULL CHECK (picture_type IN ('image/jpeg', 'image/png')),
            sha256 TEXT NOT NULL,
            PRIMARY KEY (document_id, position)
        ) STRICT;
        CREATE TABLE document_checklist (
            id INTEGER PRIMARY KEY,
            claim_kind TEXT NOT NULL,
            document_kind TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            source TEXT NOT NULL DEFAULT '',
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL DEFAULT ''
        ) STRICT;
        INSERT INTO document_checklist (claim_kind, document_kind, valid_from, source) VALUES
            ('rent_arrears_takeover', 'termination', '2005-01-01', 'Praxis der Fachstellen'),
            ('rent_arrears_takeover', 'court_suit', '2005-01-01', '§ 22(9) SGB II: die Klage liegt dem Amt ohnehin vor'),
            ('rent_arrears_takeover', 'rent_account', '2005-01-01', 'Forderungsaufstellung des Vermieters'),
            ('rent_arrears_takeover', 'bank_statement', '2005-01-01', 'Vermögen zuerst: § 22(8) S. 3 SGB II'),
            ('rent_arrears_takeover', 'income_proof', '2005-01-01', ''),
            ('energy_debt_takeover', 'bank_statement', '2005-01-01', ''),
            ('energy_debt_takeover', 'income_proof', '2005-01-01', ''),
            ('energy_debt_takeover', 'other', '2005-01-01', 'Sperrandrohung des Versorgers'),
            ('wohngeld', 'tenancy_agreement', '1965-01-01', 'Wohngeldantrag: Mietbescheinigung oder Mietvertrag'),
            ('wohngeld', 'income_proof', '1965-01-01', ''),
            ('wohngeld', 'id_document', '1965-01-01', ''),
            ('sgb2_basic_income', 'bank_statement', '2005-01-01', ''),
            ('sgb2_basic_income', 'tenancy_agreement', '2005-01-01', ''),
            ('sgb2_basic_income', 'id_document', '2005-01-01', ''),
            ('kinderzuschlag', 'income_proof', '2005-01-01', ''),
            ('sgb12_help', 'bank_statement', '2005-01-01', ''),
            ('sgb12_help', 'income_proof', '2005-01-01', '');
        CREATE TRIGGER case_document_page_kept BEFORE UPDATE ON case_document_page
        BEGIN SELECT RAISE(ABORT, 'document pages are kept as received'); END;
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items())
        + shared_triggers("document_checklist"),
    )
