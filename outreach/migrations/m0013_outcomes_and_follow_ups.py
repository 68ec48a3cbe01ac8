"""Migration 0013_outcomes_and_follow_ups."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements
from .m0012_case_versions import case_triggers

# New tables shown on a case's pages (their rows bump the case's version, as in 0012).
CASE_OF = {
    "case_closure": "{row}.case_id",
    "follow_up": "{row}.case_id",
    "step_done": "(SELECT case_id FROM visit_note WHERE id = {row}.note_id)",
}


@migration("0013_outcomes_and_follow_ups")
def m0013_outcomes_and_follow_ups(db: sqlite_utils.Database) -> None:
    # What the funders are shown: each closing with its causes, tools and the household in
    # aggregated categories (one row per closing: a reopened case keeps its earlier closing), the
    # tenancy follow-ups after it, minutes of effort per contact, "done" on key dates and on the
    # steps and tasks of visit notes, and the stage a case was in when the tenant was first reached.
    run_statements(
        db,
        """
        CREATE TABLE case_closure (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            closed_on TEXT NOT NULL,
            outcome TEXT NOT NULL,
            causes TEXT NOT NULL DEFAULT '["unknown"]',
            tools TEXT NOT NULL DEFAULT '["unknown"]',
            onward_referrals TEXT NOT NULL DEFAULT '["unknown"]',
            schonfrist_used TEXT NOT NULL DEFAULT 'unknown',
            eviction_date_set TEXT NOT NULL DEFAULT 'unknown',
            sex TEXT NOT NULL DEFAULT 'unknown',
            age_band TEXT NOT NULL DEFAULT 'unknown',
            household_type TEXT NOT NULL DEFAULT 'unknown',
            children TEXT NOT NULL DEFAULT 'unknown',
            income_source TEXT NOT NULL DEFAULT 'unknown',
            nationality TEXT NOT NULL DEFAULT 'unknown',
            housing_situation TEXT NOT NULL DEFAULT 'unknown',
            education TEXT NOT NULL DEFAULT 'unknown',
            employment TEXT NOT NULL DEFAULT 'unknown',
            bank_account TEXT NOT NULL DEFAULT 'unknown',
            over_indebtedness TEXT NOT NULL DEFAULT 'unknown',
            closed_by TEXT REFERENCES person(id),
            recorded_at TEXT NOT NULL,
            reopened_on TEXT,
            reopened_by TEXT REFERENCES person(id),
            reopen_reason TEXT NOT NULL DEFAULT '',
            is_repeat INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1))
        ) STRICT;
        CREATE INDEX case_closure_case ON case_closure(case_id, closed_on);
        CREATE INDEX case_closure_closed ON case_closure(closed_on);
        CREATE INDEX case_closure_reopened ON case_closure(reopened_on);
        CREATE TABLE follow_up (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            closure_id TEXT NOT NULL REFERENCES case_closure(id),
            months INTEGER NOT NULL CHECK (months > 0),
            due_on TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('due', 'done', 'cancelled')),
            result TEXT CHECK (result IN ('stands', 'arrears_again', 'lost', 'no_contact')),
            note TEXT NOT NULL DEFAULT '',
            checked_on TEXT,
            recorded_by TEXT REFERENCES person(id),
            recorded_at TEXT,
            mutation_id TEXT
        ) STRICT;
        CREATE INDEX follow_up_case ON follow_up(case_id, due_on);
        CREATE INDEX follow_up_due ON follow_up(status, due_on);
        CREATE TABLE step_done (
            note_id TEXT NOT NULL REFERENCES visit_note(id),
            list TEXT NOT NULL CHECK (list IN ('agreed_steps', 'tasks')),
            position INTEGER NOT NULL CHECK (position >= 0),
            done_on TEXT NOT NULL,
            done_by TEXT REFERENCES person(id),
            PRIMARY KEY (note_id, list, position)
        ) STRICT;
        ALTER TABLE contact_attempt ADD COLUMN minutes INTEGER CHECK (minutes BETWEEN 0 AND 1440);
        ALTER TABLE contact_attempt ADD COLUMN travel_minutes INTEGER CHECK (travel_minutes BETWEEN 0 AND 1440);
        ALTER TABLE key_date ADD COLUMN done_on TEXT;
        ALTER TABLE key_date ADD COLUMN done_by TEXT REFERENCES person(id);
        ALTER TABLE household_case ADD COLUMN stage_at_first_contact TEXT;
        CREATE INDEX household_case_reported ON household_case(report_received_on);
        -- A note's day, kind and minutes from its current revision, kept as columns by triggers, so
        -- the statistics count contacts and hours by an index instead of reading 100,000 payloads.
        ALTER TABLE visit_note ADD COLUMN visited_on TEXT;
        ALTER TABLE visit_note ADD COLUMN visit_kind TEXT;
        ALTER TABLE visit_note ADD COLUMN minutes INTEGER;
        ALTER TABLE visit_note ADD COLUMN travel_minutes INTEGER;
        UPDATE visit_note SET (visited_on, visit_kind, minutes, travel_minutes) = (
            SELECT substr(json_extract(r.payload, '$.visited_at'), 1, 10), json_extract(r.payload, '$.kind'),
                   json_extract(r.payload, '$.minutes'), json_extract(r.payload, '$.travel_minutes')
            FROM note_revision r WHERE r.id = visit_note.current_revision_id);
        -- Covering indexes: the year's effort and each case's first talk are read from the index alone.
        CREATE INDEX visit_note_visited ON visit_note(visited_on, case_id, visit_kind, minutes, travel_minutes, author_id);
        CREATE INDEX visit_note_case_kind ON visit_note(case_id, visit_kind, visited_on);
        CREATE TRIGGER visit_note_facts_on_revision AFTER INSERT ON note_revision BEGIN
            UPDATE visit_note SET visited_on = substr(json_extract(NEW.payload, '$.visited_at'), 1, 10),
                visit_kind = json_extract(NEW.payload, '$.kind'), minutes = json_extract(NEW.payload, '$.minutes'),
                travel_minutes = json_extract(NEW.payload, '$.travel_minutes')
            WHERE id = NEW.note_id AND current_revision_id = NEW.id;
        END;
        CREATE TRIGGER visit_note_facts_on_current AFTER UPDATE OF current_revision_id ON visit_note BEGIN
            UPDATE visit_note SET (visited_on, visit_kind, minutes, travel_minutes) = (
                SELECT substr(json_extract(r.payload, '$.visited_at'), 1, 10), json_extract(r.payload, '$.kind'),
                       json_extract(r.payload, '$.minutes'), json_extract(r.payload, '$.travel_minutes')
                FROM note_revision r WHERE r.id = NEW.current_revision_id)
            WHERE id = NEW.id;
        END;
        -- Cases closed before this release: their outcome and date, everything else unknown.
        INSERT INTO case_closure (id, case_id, closed_on, outcome, recorded_at)
            SELECT 'm13-' || id, id, closed_on, outcome, updated_at FROM household_case
            WHERE status = 'closed' AND outcome IS NOT NULL AND closed_on IS NOT NULL;
        -- The stage is only known now: for cases already reached it is the best there is.
        UPDATE household_case SET stage_at_first_contact = stage
            WHERE id IN (SELECT case_id FROM contact_attempt WHERE kind = 'reached');
        """ + "".join(case_triggers(table, case_of) for table, case_of in CASE_OF.items()),
    )
