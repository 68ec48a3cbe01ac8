"""Human names (German first) for how a case ends: causes, tools, the household's categories and
follow-up results (domain/outcomes.py holds the codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

UNKNOWN = _l("unknown")
CAUSES = {
    "income_loss": _l("Loss of income (e.g. job loss)"),
    "benefit_problems": _l("Benefits stopped, delayed or cut"),
    "over_indebtedness": _l("Over-indebtedness"),
    "rent_unaffordable": _l("Rent or service charges unaffordable"),
    "separation": _l("Separation or divorce"),
    "illness_addiction": _l("Illness, addiction or mental health"),
    "death_in_household": _l("Death in the household"),
    "administrative_overload": _l("Overwhelmed by letters and offices"),
    "conflict_with_landlord": _l("Conflict with landlord or neighbours"),
    "landlord_own_use_sale": _l("Landlord's own use, sale or renovation"),
    "violence": _l("Violence in the household"),
    "other": _l("Other"),
    "unknown": UNKNOWN,
}
TOOLS = {
    "sgb2_loan": _l("Jobcenter loan (§ 22(8) SGB II)"),
    "sgb12_help": _l("Sozialamt help (§ 36 SGB XII)"),
    "instalment_agreement": _l("Instalment agreement with the landlord"),
    "own_funds": _l("Own funds"),
    "charity_funds": _l("Charity funds"),
    "direct_rent_payment": _l("Rent paid directly to the landlord"),
    "wohngeld_kinderzuschlag": _l("Wohngeld or Kinderzuschlag application"),
    "authority_commitment": _l("Authority's commitment to pay (Verpflichtungserklärung)"),
    "court_time_to_move": _l("Court-granted time to move (Räumungsfrist)"),
    "none": _l("None"),
    "unknown": UNKNOWN,
}
ONWARD_SERVICES = {
    "debt_counselling": _l("Debt counselling"),
    "addiction_counselling": _l("Addiction counselling"),
    "family_centre": _l("Family centre"),
    "social_psychiatric_service": _l("Social psychiatric service"),
    "legal_advice": _l("Legal advice"),
    "youth_welfare": _l("Youth welfare office"),
    "migration_counselling": _l("Migration counselling"),
    "other": _l("Other"),
    "none": _l("None"),
    "unknown": UNKNOWN,
}
YES_NO = {"yes": _l("yes"), "no": _l("no"), "not_applicable": _l("not applicable"), "unknown": UNKNOWN}
DETAIL_TITLES = {
    "schonfrist_used": _l("Schonfrist used (payment or commitment within two months of the suit)"),
    "eviction_date_set": _l("An eviction date was set before the outcome"),
    "sex": _l("Sex"),
    "age_band": _l("Age band"),
    "household_type": _l("Household type"),
    "children": _l("Children under 18 in the household"),
    "income_source": _l("Main income"),
    "nationality": _l("Nationality"),
    "housing_situation": _l("Housing situation at first contact"),
    "education": _l("Education"),
    "employment": _l("Employment"),
    "bank_account": _l("Bank account"),
    "over_indebtedness": _l("Over-indebtedness"),
}
DETAIL_VALUES = {
    "schonfrist_used": YES_NO,
    "eviction_date_set": YES_NO,
    "over_indebtedness": YES_NO,
    "sex": {"female": _l("female"), "male": _l("male"), "diverse": _l("diverse"), "unknown": UNKNOWN},
    "age_band": {"under_18": _l("under 18"), "18_24": "18–24", "25_29": "25–29", "30_39": "30–39", "40_49": "40–49",
                 "50_59": "50–59", "60_64": "60–64", "65_plus": _l("65 and over"), "unknown": UNKNOWN},
    "household_type": {"single": _l("single person"), "single_parent": _l("single parent"),
                       "couple": _l("couple without children"), "couple_with_children": _l("couple with children"),
                       "other": _l("other household"), "unknown": UNKNOWN},
    "children": {"0": _l("none"), "1": "1", "2": "2", "3_plus": _l("3 or more"), "unknown": UNKNOWN},
    "income_source": {"employment": _l("work"), "sgb2": _l("Bürgergeld (SGB II)"),
                      "sgb12": _l("social assistance (SGB XII)"), "pension": _l("pension"),
                      "unemployment_benefit": _l("unemployment benefit (SGB III)"),
                      "other_benefits": _l("other benefits"), "none": _l("no income"), "other": _l("other"),
                      "unknown": UNKNOWN},
    "nationality": {"german": _l("German"), "eu": _l("other EU"), "non_eu": _l("outside the EU"),
                    "stateless": _l("stateless / unclear"), "unknown": UNKNOWN},
    "housing_situation": {"own_tenancy": _l("own tenancy"), "sublease": _l("sublease"),
                          "supported_housing": _l("supported housing"), "other": _l("other"), "unknown": UNKNOWN},
    "education": {"no_school_certificate": _l("no school-leaving certificate"),
                  "school_certificate": _l("school-leaving certificate"),
                  "vocational_training": _l("vocational qualification"), "university": _l("university degree"),
                  "unknown": UNKNOWN},
    "employment": {"employed": _l("employed"), "marginal_employment": _l("mini-job"), "unemployed": _l("unemployed"),
                   "retired": _l("retired"), "unable_to_work": _l("unable to work"), "in_training": _l("in training"),
                   "other": _l("other"), "unknown": UNKNOWN},
    "bank_account": {"account": _l("account"), "p_account": _l("protected account (P-Konto)"),
                     "none": _l("no account"), "unknown": UNKNOWN},
}
FOLLOW_UP_RESULTS = {
    "stands": _l("Tenancy stands"),
    "arrears_again": _l("Arrears again"),
    "lost": _l("Flat lost"),
    "no_contact": _l("No contact"),
}


def template_globals() -> dict:
    return {"CAUSES": CAUSES, "TOOLS": TOOLS, "ONWARD_SERVICES": ONWARD_SERVICES, "DETAIL_TITLES": DETAIL_TITLES, "DETAIL_VALUES": DETAIL_VALUES,
            "FOLLOW_UP_RESULTS": FOLLOW_UP_RESULTS}
