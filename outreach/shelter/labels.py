"""Human names (German first) for emergency accommodation; the return uses the law's own words
(domain/accommodation.py), these are for the pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATES = {"sent": _l("waiting for the city"), "placed": _l("place given"), "refused": _l("refused")}
KINDS = {"short_term": _l("a) short-term help such as an emergency shelter"), "part_residential": _l("b) part-residential"),
         "residential": _l("c) residential"), "other": _l("d) other accommodation")}
PROVIDERS = {"supra_local": _l("a) supra-local social-assistance body"), "municipality": _l("b) the municipality"),
             "welfare": _l("c) an independent welfare provider"), "commercial": _l("d) a commercial provider"),
             "other": _l("e) another body")}
ASSOCIATIONS = {"awo": "AWO", "caritas": "Caritas", "drk": "DRK", "paritaetischer": "Paritätischer", "diakonie": "Diakonie",
                "zwst": "ZWST", "other": _l("another welfare provider")}
SEXES = {"male": _l("male"), "female": _l("female"), "diverse": _l("diverse"), "not_stated": _l("not stated")}
HOUSEHOLD_TYPES = {"single": _l("single person"), "single_parent": _l("single parent with children"),
                   "couple_without_children": _l("couple without children"),
                   "couple_with_children": _l("couple with children"), "other": _l("other household of several")}


def template_globals() -> dict:
    return {"SHELTER_STATES": STATES, "SHELTER_KINDS": KINDS, "SHELTER_PROVIDERS": PROVIDERS,
            "SHELTER_ASSOCIATIONS": ASSOCIATIONS, "SHELTER_SEXES": SEXES,
            "SHELTER_HOUSEHOLD_TYPES": HOUSEHOLD_TYPES}
