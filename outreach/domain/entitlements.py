"""What a budget tells the worker beyond its totals: reference values applied, and hints.

- the Jobcenter's set-off of a loan (§ 42a(2) SGB II): a percentage of the standard rate per
  month, shown as a deduction from income;
- an orientation on the attachable part of income (§ 850c ZPO), without the official table's
  10-euro steps;
- Kindergeld plausibility against the rate per child;
- entitlement hints when the free amount is negative (DOMAIN.md "Household budget").

Amounts are integer cents; nothing reads the clock. Mirrored in
outreach/static/js/budget-rules.js; see docs/money.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .money import MAX_SAFE_INTEGER, MoneyError, div_round_half_up, is_int, require_cents

BASIC_INCOME = ("buergergeld", "sgb12")
EARNED_INCOME = ("net_wages", "minijob", "self_employment")
# Income of the household's own that Wohngeld and Kinderzuschlag build on (not basic income).
OWN_INCOME = (*EARNED_INCOME, "alg1", "pension", "sick_pay", "parental_allowance", "maintenance",
              "advance_maintenance", "bafoeg_bab")


def setoff_cents(standard_rate_cents: int, percent: int) -> int:
    """The monthly set-off: round-half-up(standard rate × percent / 100)."""
    require_cents(standard_rate_cents, name="standard_rate_cents")
    if not is_int(percent) or not 0 <= percent <= 100:
        raise MoneyError("invalid_amount", "percent must be an integer from 0 to 100")
    return div_round_half_up(standard_rate_cents * percent, 100)


@dataclass(frozen=True)
class Garnishment:
    exempt_cents: int  # the exemption for this number of dependants
    attachable_cents: int  # the part a creditor could take from this income (orientation)

    def to_dict(self) -> dict:
        return {"exempt_cents": self.exempt_cents, "attachable_cents": self.attachable_cents}


def garnishment(income_cents: int, dependants: int, *, base_cents: int, first_cents: int, further_cents: int,
                fully_attachable_above_cents: int) -> Garnishment:
    """§ 850c ZPO: exemption = base + first dependant + 2nd–5th each; of the income above it,
    3/10 stay free, 2/10 more for the first dependant and 1/10 for each of the 2nd–5th; above
    the ceiling everything is attachable. Attachable amounts round down to the cent."""
    require_cents(income_cents, name="income_cents", high=MAX_SAFE_INTEGER)  # a monthly total, not one entry
    for name, value in (("base_cents", base_cents), ("first_cents", first_cents), ("further_cents", further_cents),
                        ("fully_attachable_above_cents", fully_attachable_above_cents)):
        require_cents(value, name=name)
    if not is_int(dependants) or not 0 <= dependants <= 20:
        raise MoneyError("invalid_amount", "dependants must be an integer from 0 to 20")
    counted = min(dependants, 5)
    exempt = base_cents + (first_cents if counted >= 1 else 0) + further_cents * max(0, counted - 1)
    if income_cents <= exempt:
        return Garnishment(exempt, 0)
    free_tenths = 3 + (2 if counted >= 1 else 0) + max(0, counted - 1)
    within = max(0, min(income_cents, fully_attachable_above_cents) - exempt)
    above = max(0, income_cents - max(fully_attachable_above_cents, exempt))
    return Garnishment(exempt, within * (10 - free_tenths) // 10 + above)


@dataclass(frozen=True)
class Hint:
    code: str
    values: dict

    def to_dict(self) -> dict:
        return {"code": self.code, **self.values}


def kindergeld_check(kindergeld_monthly_cents: int, children: int, rate_cents: int) -> Hint | None:
    """Plausibility: Kindergeld comes in whole rates per child; fewer rates than children under 18
    may mean a claim was never made."""
    require_cents(kindergeld_monthly_cents, name="kindergeld_monthly_cents", high=MAX_SAFE_INTEGER)
    require_cents(rate_cents, name="rate_cents")
    if not is_int(children) or children < 0:
        raise MoneyError("invalid_amount", "children must be an integer >= 0")
    if rate_cents == 0:
        return None
    if kindergeld_monthly_cents % rate_cents:
        return Hint("kindergeld_not_whole_rates", {"rate_cents": rate_cents})
    if kindergeld_monthly_cents < children * rate_cents:
        return Hint("kindergeld_missing", {"rate_cents": rate_cents, "expected_cents": children * rate_cents,
                                           "children": children})
    return None


def entitlement_hints(free_cents: int, categories: Sequence[str], *, children: int, outside_benefit_unit: int,
                      kinderzuschlag_max_cents: int) -> list[Hint]:
    """When the free amount is negative: Wohngeld (with Kinderzuschlag for children) first where
    the household has income of its own, since it takes precedence over Bürgergeld when it ends
    the need (§ 12a SGB II, § 7(1) S. 3 WoGG); members outside the benefit unit may get Wohngeld
    themselves (§ 7(2) WoGG); otherwise a top-up claim under SGB II/XII."""
    require_cents(kinderzuschlag_max_cents, name="kinderzuschlag_max_cents")
    if not is_int(free_cents) or not is_int(children) or not is_int(outside_benefit_unit):
        raise MoneyError("invalid_amount", "free amount and counts must be integers")
    if free_cents >= 0:
        return []
    gap = -free_cents
    hints: list[Hint] = []
    covers = False
    if any(category in OWN_INCOME for category in categories):
        possible = children * kinderzuschlag_max_cents if any(c in EARNED_INCOME for c in categories) else 0
        covers = possible >= gap
        hints.append(Hint("wohngeld_first", {"gap_cents": gap, "children": children,
                                             "kinderzuschlag_cents": possible, "kinderzuschlag_may_cover": covers}))
    if outside_benefit_unit and any(category in BASIC_INCOME for category in categories):
        hints.append(Hint("wohngeld_outside_benefit_unit", {"members": outside_benefit_unit}))
    if not covers:
        hints.append(Hint("top_up", {"gap_cents": gap}))
    return hints
