"""Migration 0014_claims."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers, shared_triggers

CASE_OF = {
    "claim": "{row}.case_id",
    "claim_decision": "(SELECT case_id FROM claim WHERE id = {row}.claim_id)",
}


@migration("0014_claims")
def m0014_claims(db: sqlite_utils.Database) -> None:
    # Claims to the authorities (Wohngeld, SGB II, take-over of rent arrears …) with their state and
    # amounts, and the authority's decisions with the dates the deadline engine counts from. Benefit
    # names are dated data: the SGB II benefit is "Grundsicherungsgeld" from 1 July 2026.
    run_statements(
        db,
        """
        CREATE TABLE benefit_name (
            kind TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            name_de TEXT NOT NULL,
            name_en TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (kind, valid_from)
        ) STRICT;
        INSERT INTO benefit_name (kind, valid_from, name_de, name_en, source) VALUES
            ('wohngeld', '1965-01-01', 'Wohngeld', 'housing benefit (Wohngeld)', 'WoGG'),
            ('sgb2_basic_income', '2005-01-01', 'Arbeitslosengeld II', 'unemployment benefit II', 'SGB II'),
            ('sgb2_basic_income', '2023-01-01', 'Bürgergeld', 'Bürgergeld (basic income)', 'Bürgergeld-Gesetz'),
            ('sgb2_basic_income', '2026-07-01', 'Grundsicherungsgeld', 'Grundsicherungsgeld (basic income)',
             '13. SGB-II-Änderungsgesetz (Bundestag 5 March 2026; promulgation not verified)'),
            ('kinderzuschlag', '2005-01-01', 'Kinderzuschlag', 'child supplement (Kinderzuschlag)', '§ 6a BKGG'),
            ('sgb12_help', '2005-01-01', 'Hilfe nach dem SGB XII', 'social assistance (SGB XII)', 'SGB XII'),
            ('rent_arrears_takeover', '2005-01-01', 'Übernahme der Mietschulden',
             'take-over of rent arrears', '§ 22(8) SGB II, § 36 SGB XII'),
            ('energy_debt_takeover', '2005-01-01', 'Übernahme der Energieschulden', 'take-over of energy debts',
             '§ 22(8) SGB II, § 36 SGB XII'),
            ('other', '1900-01-01', 'Sonstiger Antrag', 'other claim', '');
        CREATE TABLE claim (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            kind TEXT NOT NULL CHECK (kind IN ('wohngeld', 'sgb2_basic_income', 'kinderzuschlag', 'sgb12_help',
                                               'rent_arrears_takeover', 'energy_debt_takeover', 'other')),
            addressee_organisation_id TEXT REFERENCES organisation(id),
            addressee_name TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL CHECK (state IN ('preparing', 'filed', 'documents_requested', 'decided', 'appealed',
                                                 'final')),
            filed_on TEXT,
            amount_asked_cents INTEGER CHECK (amount_asked_cents >= 0),
            note TEXT NOT NULL DEFAULT '',
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX claim_case ON claim(case_id);
        CREATE TABLE claim_decision (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claim(id),
            decision TEXT NOT NULL CHECK (decision IN ('granted', 'partly_granted', 'refused')),
            notice_dated_on TEXT NOT NULL,
            sent_by TEXT NOT NULL CHECK (sent_by IN ('post', 'electronic', 'in_person')),
            received_on TEXT,
            instructions_correct INTEGER NOT NULL CHECK (instructions_correct IN (0, 1)),
            amount_granted_cents INTEGER CHECK (amount_granted_cents >= 0),
            form TEXT NOT NULL DEFAULT '' CHECK (form IN ('', 'loan', 'grant')),
            appealed_on TEXT,
            reached_landlord_on TEXT,
            recorded_by TEXT REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX claim_decision_claim ON claim_decision(claim_id);
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items())
        + shared_triggers("benefit_name"),
    )
