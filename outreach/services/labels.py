"""Human names (German first) for the help network's directory."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KINDS = {"family_centre": _l("family centre"), "debt_counselling": _l("debt counselling"),
         "addiction": _l("addiction counselling"), "mental_health": _l("mental-health service"),
         "youth_office": _l("youth welfare office"), "energy_hardship_fund": _l("energy hardship fund"),
         "food_bank": _l("food bank"), "legal_aid": _l("legal aid"), "migration_advice": _l("migration advice"),
         "other": _l("other service")}
LANGUAGES = {"de": _l("German"), "en": _l("English"), "tr": _l("Turkish"), "ar": _l("Arabic"), "uk": _l("Ukrainian"),
             "ru": _l("Russian"), "pl": _l("Polish"), "ro": _l("Romanian"), "fa": _l("Persian"),
             "vi": _l("Vietnamese")}

OUTCOMES = {"arrived": _l("arrived"), "waiting_list": _l("on the waiting list"), "not_taken_up": _l("not taken up"),
            "refused": _l("refused by the tenant")}
URGENCIES = {"normal": _l("normal"), "urgent": _l("urgent")}
CHANNELS = {"contact_given": _l("contact given to the tenant (no data passes)"),
            "with_data": _l("referral with data (within consent)")}
ANSWERS = {"appointment": _l("first appointment"), "cannot_take": _l("cannot take the tenant")}


def template_globals() -> dict:
    return {"SERVICE_KINDS": KINDS, "SERVICE_LANGUAGES": LANGUAGES, "REFERRAL_OUTCOMES": OUTCOMES,
            "REFERRAL_URGENCIES": URGENCIES, "REFERRAL_CHANNELS": CHANNELS, "REFERRAL_ANSWERS": ANSWERS}
