"""Migration 0008_budgets."""

from __future__ import annotations

import sqlite_utils

from . import migration, run_statements


@migration("0008_budgets")
def m0008_budgets(db: sqlite_utils.Database) -> None:
    # One budget plan per case as immutable revisions naming their base (like visit notes), each
    # with the reference values and household facts it was computed with (`context`), so a saved
    # plan and its copies keep their figures; the reference values as dated rows an admin adds to;
    # how each tenant copy was handed over.
    run_statements(
        db,
        """
        CREATE TABLE budget_plan (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL UNIQUE REFERENCES household_case(id),
            current_revision_id TEXT,
            in_conflict INTEGER NOT NULL DEFAULT 0 CHECK (in_conflict IN (0, 1)),
            to_route INTEGER NOT NULL DEFAULT 0 CHECK (to_route IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE budget_revision (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES budget_plan(id),
            base_revision_id TEXT,
            author_id TEXT NOT NULL REFERENCES person(id),
            device_id TEXT,
            schema_version INTEGER NOT NULL,
            payload TEXT NOT NULL,
            context TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('current', 'superseded', 'conflict', 'resolved')),
            reassigned INTEGER NOT NULL DEFAULT 0 CHECK (reassigned IN (0, 1)),
            device_time TEXT,
            received_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX budget_revision_plan ON budget_revision(plan_id);
        CREATE TABLE reference_value (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            value INTEGER NOT NULL,
            valid_from TEXT NOT NULL,
            valid_to TEXT,
            source TEXT NOT NULL DEFAULT '',
            created_by TEXT REFERENCES person(id),
            created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX reference_value_key ON reference_value(key, valid_from);
        CREATE TABLE copy_handover (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES household_case(id),
            document TEXT NOT NULL CHECK (document IN ('budget')),
            revision_id TEXT NOT NULL,
            method TEXT NOT NULL,
            recorded_by TEXT NOT NULL REFERENCES person(id),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX copy_handover_case ON copy_handover(case_id);
        """,
    )
    # The values DOMAIN.md lists (verify before release; an admin adds newer ones).
    seed = [
        *[(f"standard_rate_{level}", cents, "2024-01-01", "2026-12-31", "§ 20, § 28 SGB II/XII, RBEG (Bürgergeld)")
          for level, cents in enumerate((56300, 50600, 45100, 47100, 39000, 35700), start=1)],
        ("jobcenter_setoff_percent", 10, "2005-01-01", "2023-06-30", "§ 42a(2) SGB II (before 1 July 2023)"),
        ("jobcenter_setoff_percent", 5, "2023-07-01", None, "§ 42a(2) SGB II (Bürgergeld-Gesetz)"),
        ("garnishment_exempt_base", 155500, "2025-07-01", "2026-06-30", "§ 850c(1) ZPO, Pfändungsfreigrenzenbekanntmachung 2025"),
        ("garnishment_exempt_first", 58523, "2025-07-01", "2026-06-30", "§ 850c(2) ZPO, Bekanntmachung 2025"),
        ("garnishment_exempt_further", 32604, "2025-07-01", "2026-06-30", "§ 850c(2) ZPO, Bekanntmachung 2025"),
        ("garnishment_fully_attachable_above", 476699, "2025-07-01", "2026-06-30", "§ 850c(3) ZPO, Bekanntmachung 2025"),
        ("kindergeld_per_child", 25500, "2025-01-01", "2025-12-31", "§ 66 EStG"),
        ("kindergeld_per_child", 25900, "2026-01-01", None, "§ 66 EStG"),
        ("kinderzuschlag_max_per_child", 29700, "2026-01-01", "2026-12-31", "§ 6a BKGG"),
    ]
    from ..clock import stamp

    for key, value, valid_from, valid_to, source in seed:
        db.execute("INSERT INTO reference_value (key, value, valid_from, valid_to, source, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?)", [key, value, valid_from, valid_to, source, stamp()])
