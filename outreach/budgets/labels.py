"""Human names (German first) for the budget's codes, and the texts of its hints and warnings.

The live form in the browser gets the same texts as JSON from the page (`form_texts()`), so a
hint reads the same on the phone, on the case page and on the tenant's copy.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..domain.money import format_cents
from ..domain.repayment import WARNING_MESSAGES
from ..i18n import current_locale

INCOME = {
    "net_wages": _l("Net wages"), "minijob": _l("Mini-job"), "self_employment": _l("Self-employment"),
    "alg1": _l("Unemployment benefit (ALG I)"), "buergergeld": _l("Bürgergeld / basic income (SGB II)"),
    "sgb12": _l("Social assistance (SGB XII)"), "wohngeld": _l("Wohngeld (housing benefit)"),
    "kindergeld": _l("Kindergeld"), "kinderzuschlag": _l("Kinderzuschlag"),
    "maintenance": _l("Maintenance received"), "advance_maintenance": _l("Advance maintenance (Unterhaltsvorschuss)"),
    "pension": _l("Pension"), "sick_pay": _l("Sick pay"), "parental_allowance": _l("Parental allowance"),
    "bafoeg_bab": _l("BAföG / BAB"), "other_income": _l("Other income"),
}
EXPENSE = {
    "base_rent": _l("Base rent"), "service_charge": _l("Service-charge prepayment"),
    "heating": _l("Heating prepayment"), "electricity": _l("Electricity"), "gas": _l("Gas"), "water": _l("Water"),
    "telecom": _l("Phone, internet, mobile"), "broadcasting_fee": _l("Broadcasting fee"),
    "insurance": _l("Insurances"), "transport": _l("Car / transport"), "loan_instalments": _l("Loans / instalments"),
    "maintenance_paid": _l("Maintenance paid"), "childcare_school": _l("Childcare / school"),
    "food_household": _l("Food and household"), "clothing": _l("Clothing"),
    "health_copayments": _l("Health co-payments"), "pets": _l("Pets"), "savings": _l("Savings"),
    "other_expense": _l("Other expenses"),
}
RHYTHMS = {
    "monthly": _l("monthly"), "weekly": _l("weekly"), "every_two_months": _l("every two months"),
    "quarterly": _l("quarterly"), "half_yearly": _l("half-yearly"), "yearly": _l("yearly"), "one_off": _l("one-off"),
}
CLAIM_TYPES = {
    "rent": _l("Rent"), "energy": _l("Energy"), "maintenance": _l("Maintenance"), "fine": _l("Fine"),
    "jobcenter_loan": _l("Jobcenter loan"), "consumer_credit": _l("Consumer credit"), "telecom": _l("Phone / internet"),
    "insurance": _l("Insurance"), "tax": _l("Tax"), "health": _l("Health insurance / doctor"), "other": _l("Other"),
}
PRIORITIES = {"primary": _l("primary debt"), "secondary": _l("other debt")}
HANDOVER_METHODS = {
    "handed_printed": _l("printed and handed over"), "sent_by_post": _l("sent by post"),
    "sent_by_email": _l("PDF sent by e-mail"), "declined": _l("tenant declined a copy"),
}
REFERENCE_KEYS = {
    **{f"standard_rate_{level}": _l("Standard rate RBS %(level)s", level=level) for level in range(1, 7)},
    "jobcenter_setoff_percent": _l("Jobcenter set-off of a loan (percent of the standard rate)"),
    "garnishment_exempt_base": _l("Garnishment exemption, no dependants"),
    "garnishment_exempt_first": _l("Garnishment exemption, plus first dependant"),
    "garnishment_exempt_further": _l("Garnishment exemption, plus each of the 2nd–5th dependants"),
    "garnishment_fully_attachable_above": _l("Fully attachable above"),
    "kindergeld_per_child": _l("Kindergeld per child"), "kinderzuschlag_max_per_child": _l("Kinderzuschlag, most per child"),
}
REFERENCE_TABLES = {
    "standard_rates": _l("Standard rates (Bürgergeld)"), "jobcenter_setoff": _l("Jobcenter set-off"),
    "garnishment": _l("Garnishment exemption (§ 850c ZPO)"), "kindergeld": _l("Kindergeld"),
    "kinderzuschlag": _l("Kinderzuschlag"),
}
REVISION_STATES = {"current": _l("current"), "superseded": _l("earlier version"), "conflict": _l("conflicting version"),
                   "resolved": _l("conflict resolved")}
CHART_BARS = {"income": _l("Income"), "expenses": _l("Expenses"), "free": _l("Free amount")}
# %(name)s placeholders are filled with amounts as shown ("12,50 €") or counts.
HINTS = {
    "wohngeld_first": _l("Check Wohngeld first: where the household has income of its own, Wohngeld (with "
                         "Kinderzuschlag for children) takes precedence over Bürgergeld if it ends the need "
                         "(§ 12a SGB II, § 7(1) S. 3 WoGG). The gap is %(gap)s a month."),
    "wohngeld_first_covers": _l("Kinderzuschlag of up to %(kinderzuschlag)s a month for %(children)s child(ren) could "
                                "close the gap of %(gap)s: apply for Kinderzuschlag and Wohngeld."),
    "wohngeld_outside_benefit_unit": _l("%(members)s household member(s) outside the benefit unit may claim Wohngeld "
                                        "of their own (§ 7(2) WoGG)."),
    "top_up": _l("Otherwise check a top-up claim under SGB II or SGB XII for the gap of %(gap)s a month."),
    "kindergeld_not_whole_rates": _l("Kindergeld is paid in whole amounts of %(rate)s per child: please check the "
                                     "amount entered."),
    "kindergeld_missing": _l("For %(children)s child(ren) under 18, Kindergeld would be %(expected)s a month: check "
                             "whether it is claimed."),
}


def warning_text(code: str) -> str:
    """A repayment warning in the page's language (the rules carry their messages in both)."""
    return WARNING_MESSAGES[code]["en" if current_locale() == "en" else "de"]


def hint_text(hint: dict) -> str:
    code = hint["code"]
    if code == "wohngeld_first" and hint.get("kinderzuschlag_may_cover"):
        code = "wohngeld_first_covers"
    values = {"gap": format_cents(hint.get("gap_cents", 0)), "children": hint.get("children", 0),
              "kinderzuschlag": format_cents(hint.get("kinderzuschlag_cents", 0)), "members": hint.get("members", 0),
              "rate": format_cents(hint.get("rate_cents", 0)), "expected": format_cents(hint.get("expected_cents", 0))}
    return str(HINTS[code]) % values


def form_texts() -> dict:
    """The texts the live form needs, in the page's language, as JSON."""
    return {"hints": {code: str(text) for code, text in HINTS.items()},
            "bars": {code: str(text) for code, text in CHART_BARS.items()},
            "priorities": {code: str(text) for code, text in PRIORITIES.items()},
            "arrears_desc": str(_l("%(months)s months, from %(first)s after the first instalment to %(last)s")),
            "truncated": str(_l("first 60 months shown")),
            "per_month": str(_l("per month")), "share": str(_l("share")),
            "needs_fix": str(_l("%(n)s entries need correcting: they are not counted yet.")),
            "fix_before_save": str(_l("Please check the highlighted entries – nothing you typed is lost.")),
            "creditor_required": str(_l("Please name the creditor.")),
            "amount_required": str(_l("Please enter an amount.")),
            "not_computable": str(_l("These amounts are too large to compute a budget. Please check them.")),
            "showing_unsent": str(_l("This is your version saved on this phone, not yet sent.")),
            "free": str(_l("Free amount")), "title": str(_l("Budget plan"))}


def template_globals() -> dict:
    return {"BUDGET_INCOME": INCOME, "BUDGET_EXPENSE": EXPENSE, "BUDGET_RHYTHMS": RHYTHMS,
            "CLAIM_TYPES": CLAIM_TYPES, "DEBT_PRIORITIES": PRIORITIES, "HANDOVER_METHODS": HANDOVER_METHODS,
            "REFERENCE_KEYS": REFERENCE_KEYS, "REFERENCE_TABLES": REFERENCE_TABLES, "CHART_BARS": CHART_BARS, "REVISION_STATES": REVISION_STATES,
            "warning_text": warning_text, "hint_text": hint_text}
