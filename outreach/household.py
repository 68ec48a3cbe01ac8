"""What each area stores about a household (issue 23): the registry the tenant's rights rest on.

An area declares each of its tables that hold a case's rows — how to find them, which columns
are personal (anonymised when the case's retention ends or the tenant asks for erasure) and which
are kept (ids, codes, dates and amounts the statistics count), the blobs that are files, and the
labels of the readable export. Every column is one or the other: a new column without a decision
fails tests/unit/test_household_data.py, as does a table linked to a case and declared nowhere.
It knows no area; the export and the anonymisation (outreach/privacy) read only this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

_TABLES: dict[str, Table] = {}
_BEFORE: dict[str, Callable] = {}


@dataclass(frozen=True)
class Table:
    name: str
    rows: str  # an SQL condition on the table (alias t) naming the case as :case
    title: object  # a lazy text: the heading of its part in the readable export
    personal: frozenset[str]  # replaced: NULL where allowed, else '' (text), X'' (blob), 0 (number)
    kept: frozenset[str]  # no personal value: kept as they are
    json: frozenset[str] = frozenset()  # personal JSON: every string in it becomes '' (numbers stay)
    files: dict[str, str] = field(default_factory=dict)  # blob column -> its media type column or a fixed type
    labels: dict[str, object] = field(default_factory=dict)  # column -> lazy label for the readable export
    order: str = "t.rowid"
    position: int = 50  # order of the parts in the export


def columns(text: str) -> frozenset[str]:
    return frozenset(text.split())


def register(area: str, *tables: Table, before_anonymise: Callable | None = None) -> None:
    """`before_anonymise(db, case_id)` runs first, inside the same transaction — to keep what
    the statistics derive from a personal value (e.g. a repeat case found by its address)."""
    for table in tables:
        _TABLES[table.name] = table
    if before_anonymise:
        _BEFORE[area] = before_anonymise


def tables() -> list[Table]:
    return sorted(_TABLES.values(), key=lambda t: (t.position, t.name))


def table(name: str) -> Table | None:
    return _TABLES.get(name)


def before_anonymise_hooks() -> list[Callable]:
    return [_BEFORE[area] for area in sorted(_BEFORE)]
