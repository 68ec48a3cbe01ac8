"""Household budget (Haushaltsplan): monthly figures, totals, free amount, pro-rata split.

Amounts are stored as entered with their rhythm; the monthly figure is derived
once per item and totals are sums of those item figures. Mirrored in
outreach/static/js/money.js; see docs/money.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from outreach.domain.money import (
    MAX_SAFE_INTEGER,
    MoneyError,
    div_round_half_up,
    require_cents,
)

# rhythm -> (numerator, denominator) turning one payment into a monthly figure.
RHYTHMS: dict[str, tuple[int, int]] = {
    "weekly": (52, 12),
    "monthly": (1, 1),
    "every_two_months": (1, 2),
    "quarterly": (1, 3),
    "half_yearly": (1, 6),
    "yearly": (1, 12),
    "one_off": (0, 1),  # listed in the budget, but no part of any monthly figure
}
# "deduction": an amount taken off income before it is paid (the Jobcenter's set-off of a loan).
KINDS = ("income", "expense", "deduction")


def monthly_cents(amount_cents: int, rhythm: str) -> int:
    """The monthly figure of one payment: round-half-up(amount × numerator / denominator)."""
    require_cents(amount_cents, name="amount_cents")
    if rhythm not in RHYTHMS:
        raise MoneyError("unknown_rhythm", f"unknown rhythm {rhythm!r}")
    numerator, denominator = RHYTHMS[rhythm]
    return div_round_half_up(amount_cents * numerator, denominator)


@dataclass(frozen=True)
class BudgetItem:
    kind: str  # "income", "expense" or "deduction"
    category: str  # e.g. "net_wages", "base_rent"; the list of categories lives in data
    amount_cents: int  # as entered, per payment
    rhythm: str
    member: str | None = None  # household member the item belongs to
    attachable: bool = False  # pfändbar; only meaningful for income

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise MoneyError("unknown_kind", f"kind must be one of {KINDS}")
        if not isinstance(self.category, str):
            raise MoneyError("invalid_item", "category must be text")
        if self.member is not None and not isinstance(self.member, str):
            raise MoneyError("invalid_item", "member must be text or None")
        if not isinstance(self.attachable, bool):
            raise MoneyError("invalid_item", "attachable must be True or False")
        monthly_cents(self.amount_cents, self.rhythm)  # validates amount and rhythm

    @property
    def monthly_cents(self) -> int:
        return monthly_cents(self.amount_cents, self.rhythm)


@dataclass(frozen=True)
class BudgetSummary:
    monthly_cents: tuple[int, ...]  # per item, in the order given
    income_cents: int
    expense_cents: int
    attachable_income_cents: int
    deduction_cents: int
    one_off_indices: tuple[int, ...]  # items that are listed but not monthly

    @property
    def free_cents(self) -> int:
        return self.income_cents - self.deduction_cents - self.expense_cents

    @property
    def free_is_negative(self) -> bool:
        return self.free_cents < 0

    def to_dict(self) -> dict:
        """The shape money.js returns, and the shape of the test vectors."""
        return {
            "monthly_cents": list(self.monthly_cents),
            "income_cents": self.income_cents,
            "expense_cents": self.expense_cents,
            "deduction_cents": self.deduction_cents,
            "free_cents": self.free_cents,
            "free_is_negative": self.free_is_negative,
            "attachable_income_cents": self.attachable_income_cents,
            "one_off_indices": list(self.one_off_indices),
        }


def _check_safe(total: int) -> int:
    if total > MAX_SAFE_INTEGER:
        raise MoneyError("invalid_amount", "total exceeds what the browser can add exactly")
    return total


def budget_summary(items: Sequence[BudgetItem]) -> BudgetSummary:
    """Monthly figure per item, totals, and the free amount (income − deductions − expenses)."""
    monthly: list[int] = []
    income = expenses = attachable = deductions = 0
    one_off: list[int] = []
    for index, item in enumerate(items):
        if not isinstance(item, BudgetItem):
            raise MoneyError("invalid_item", "budget items must be BudgetItem")
        figure = item.monthly_cents
        monthly.append(figure)
        if item.rhythm == "one_off":
            one_off.append(index)
        if item.kind == "income":
            income = _check_safe(income + figure)
            if item.attachable:
                attachable += figure
        elif item.kind == "deduction":
            deductions = _check_safe(deductions + figure)
        else:
            expenses = _check_safe(expenses + figure)
    return BudgetSummary(
        monthly_cents=tuple(monthly),
        income_cents=income,
        expense_cents=expenses,
        attachable_income_cents=attachable,
        deduction_cents=deductions,
        one_off_indices=tuple(one_off),
    )


@dataclass(frozen=True)
class ProRataSplit:
    shares: tuple[int, ...]  # cents per creditor, in the order given
    undistributed_cents: int  # the whole amount when no claim is above 0, else 0

    def to_dict(self) -> dict:
        return {"shares": list(self.shares), "undistributed_cents": self.undistributed_cents}


def pro_rata(available_cents: int, claims_cents: Sequence[int]) -> ProRataSplit:
    """Share an available amount across creditors in proportion to their claims.

    share = claim / total claims × available, floored to cents; the cents left
    over go one each to the largest remainders, ties to the creditor listed
    first. The shares add up to exactly the available amount. Only when no
    claim is above 0 is there nothing to share by: every share is 0 and the
    whole amount is undistributed. The split does not cap a share at its claim:
    a caller who must not overpay passes min(available, total claims).
    """
    require_cents(available_cents, name="available_cents")
    claims = [require_cents(claim, name="claim") for claim in claims_cents]
    total = sum(claims)
    if total == 0 or available_cents == 0:
        return ProRataSplit(tuple(0 for _ in claims), available_cents)

    shares: list[int] = []
    remainders: list[int] = []
    for claim in claims:
        share, remainder = divmod(claim * available_cents, total)
        shares.append(share)
        remainders.append(remainder)
    left = available_cents - sum(shares)  # fewer than len(claims), since each remainder < total
    # sorted() is stable, so equal remainders keep the order the creditors were listed in.
    by_remainder = sorted(range(len(claims)), key=lambda i: remainders[i], reverse=True)
    for index in by_remainder[:left]:
        shares[index] += 1
    return ProRataSplit(tuple(shares), 0)
