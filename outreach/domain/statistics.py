"""The arithmetic of the funders' statistics: medians, the 90th percentile, rates, and the
suppression of small numbers, so that no figure identifies a household (docs/statistics.md).

Plain Python over plain values; reports/ reads the rows and names the figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

SMALL = 3  # counts of 1 or 2 are shown as "< 3" (staff statistics)
PARTNER_SMALL = 5  # partners see their referrals' yearly figures with cells under 5 suppressed


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of all values at or below
    it (no interpolation, so it is always a value that occurred)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return float(ordered[rank - 1])


def rate(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


@dataclass(frozen=True)
class Cell:
    code: str
    count: int | None  # None once suppressed
    suppressed: bool = False
    reason: str = ""  # "small" (primary) or "secondary"


@dataclass(frozen=True)
class Distribution:
    """Counts by category. `partition`: every case falls in exactly one category, so the cells add
    up to the total (outcomes, age bands); otherwise a case may count in several (causes, tools)."""

    cells: tuple[Cell, ...]
    total: int | None
    partition: bool = True
    total_suppressed: bool = False
    notes: tuple[str, ...] = field(default=())


def distribution(counts: dict[str, int], order: tuple[str, ...], total: int, *, partition: bool = True) -> Distribution:
    return Distribution(tuple(Cell(code, counts.get(code, 0)) for code in order), total, partition)


def suppress(dist: Distribution, small: int = SMALL) -> Distribution:
    """Primary suppression: every cell from 1 to small−1 is hidden. Secondary suppression, for a
    partition whose total is shown: a single hidden cell could be worked out as the total minus
    the others, so the next smallest shown cell above zero is hidden as well; where there is none,
    the total is hidden. A total itself under `small` is hidden (then every cell is, too)."""
    cells = [replace(c, count=None, suppressed=True, reason="small") if c.count and c.count < small else c
             for c in dist.cells]
    total, total_hidden = dist.total, False
    if total is not None and 0 < total < small:
        total, total_hidden = None, True
        cells = [replace(c, count=None, suppressed=True, reason="small") if c.count else c for c in cells]
    hidden = [c for c in cells if c.suppressed]
    if dist.partition and len(hidden) == 1 and not total_hidden:
        shown = [(c.count, index) for index, c in enumerate(cells) if not c.suppressed and c.count]
        if shown:
            _, index = min(shown)
            cells[index] = replace(cells[index], count=None, suppressed=True, reason="secondary")
        else:
            total, total_hidden = None, True
    return Distribution(tuple(cells), total, dist.partition, total_hidden, dist.notes)


def shown_count(value: int | None, small: int = SMALL) -> int | None:
    """A single count (no distribution around it): hidden when 1 to small−1."""
    return None if value is not None and 0 < value < small else value


def small_sample(values: list, small: int = SMALL) -> bool:
    """A median or percentile over fewer than `small` cases would show one household's value."""
    return 0 < len(values) < small


def months_between(start: date, end: date) -> int:
    """Calendar months a period touches (1 Jan–31 Mar: 3), for hours per case and month."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def in_period(day: str | None, start: date, end: date) -> bool:
    return bool(day) and start.isoformat() <= day[:10] <= end.isoformat()
