"""The demo seeder: invented German data, dated relative to `today` so alerts stay true.

Each area adds one `seed_<area>(db, today)` function to SEEDERS, in dependency order.
"""

from __future__ import annotations

from datetime import date

import sqlite_utils

from ..db import set_meta
from ..modes import DEMO_MARKER
from .budgets import seed_budgets
from .households import seed_households


def seed_marker(db: sqlite_utils.Database, today: date) -> None:
    # The marker makes `outreach serve` refuse this database.
    set_meta(db, DEMO_MARKER, today.isoformat())


def seed_people(db: sqlite_utils.Database, today: date) -> None:
    from .people import seed_people as seed

    seed(db, today)


SEEDERS = [seed_marker, seed_people, seed_households, seed_budgets]


def seed_consent(db: sqlite_utils.Database, today: date) -> None:
    from .consent import seed_consent_templates

    seed_consent_templates(db, today)


SEEDERS.append(seed_consent)


def seed_outcomes(db: sqlite_utils.Database, today: date) -> None:
    from .outcomes import seed_outcomes as seed

    seed(db, today)


SEEDERS.append(seed_outcomes)


def seed_services(db: sqlite_utils.Database, today: date) -> None:
    from .services import seed_services as seed

    seed(db, today)


SEEDERS.append(seed_services)


def seed(db: sqlite_utils.Database, today: date, evidence_key: bytes) -> None:
    """Everything, in order; records that carry a seal (consents) are sealed with `evidence_key`,
    the key the demo app then runs with."""
    from .claims import seed_claims
    from .services import seed_referrals
    from .shelter import seed_shelter

    for seeder in SEEDERS:
        seeder(db, today)
    seed_claims(db, today, evidence_key)
    seed_shelter(db, today, evidence_key)
    seed_referrals(db, today, evidence_key)
    from .notices import seed_notices
    from .privacy import seed_privacy

    seed_notices(db, today)
    seed_privacy(db, today, evidence_key)
