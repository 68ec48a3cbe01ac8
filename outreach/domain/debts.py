"""Debts (Schuldenliste): claims with their priority, and the split of an amount across creditors.

Primary debts (rent, energy, maintenance, fines) threaten the home, the power supply or liberty
and are served first; the rest (consumer credit …) share what is left. Within each class the
amount is split pro rata by largest remainder (budget.pro_rata). Mirrored in
outreach/static/js/budget-rules.js; see docs/money.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .budget import pro_rata
from .money import MAX_SAFE_INTEGER, MoneyError, require_cents

PRIMARY_CLAIMS = ("rent", "energy", "maintenance", "fine")
CLAIM_TYPES = (*PRIMARY_CLAIMS, "jobcenter_loan", "consumer_credit", "telecom", "insurance", "tax", "health",
               "other")


def priority(claim_type: str) -> str:
    if claim_type not in CLAIM_TYPES:
        raise MoneyError("invalid_item", f"unknown claim type {claim_type!r}")
    return "primary" if claim_type in PRIMARY_CLAIMS else "secondary"


@dataclass(frozen=True)
class Debt:
    claim_type: str
    principal_cents: int
    interest_cents: int = 0
    costs_cents: int = 0

    def __post_init__(self) -> None:
        priority(self.claim_type)
        for name in ("principal_cents", "interest_cents", "costs_cents"):
            require_cents(getattr(self, name), name=name)

    @property
    def total_cents(self) -> int:
        return self.principal_cents + self.interest_cents + self.costs_cents

    @property
    def priority(self) -> str:
        return priority(self.claim_type)


@dataclass(frozen=True)
class CreditorSplit:
    shares: tuple[int, ...]  # per debt, in the order listed
    primary_cents: int  # what went to primary debts
    secondary_cents: int
    undistributed_cents: int  # more than all debts together: never paid out

    def to_dict(self) -> dict:
        return {"shares": list(self.shares), "primary_cents": self.primary_cents,
                "secondary_cents": self.secondary_cents, "undistributed_cents": self.undistributed_cents}


def creditor_split(available_cents: int, debts: Sequence[Debt]) -> CreditorSplit:
    """Primary debts first (pro rata, never beyond their total), the rest pro rata to the others.

    Shares add up to the amount distributed; what exceeds every debt is undistributed.
    """
    require_cents(available_cents, name="available_cents")
    if not all(isinstance(debt, Debt) for debt in debts):
        raise MoneyError("invalid_item", "debts must be Debt")
    shares = [0] * len(debts)
    left = available_cents
    given: dict[str, int] = {}
    for klass in ("primary", "secondary"):
        indices = [i for i, debt in enumerate(debts) if debt.priority == klass]
        claims = [debts[i].total_cents for i in indices]
        total = sum(claims)
        if total > MAX_SAFE_INTEGER:
            raise MoneyError("invalid_amount", "claims exceed what the browser can add exactly")
        amount = min(left, total)
        split = pro_rata(amount, claims) if claims else None
        for index, share in zip(indices, split.shares if split else ()):
            shares[index] = share
        given[klass] = amount if claims and total else 0
        left -= given[klass]
    return CreditorSplit(tuple(shares), given["primary"], given["secondary"], left)


