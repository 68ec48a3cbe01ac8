"""Words for consent codes in the person's language (the signed text carries its own words)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


def purpose_labels() -> dict:
    return {"status_feedback": _l("Status feedback to the referrer"), "coordination": _l("Coordination to keep the home"),
            "arrears_takeover": _l("Taking over the rent arrears"),
            "energy_arrangement": _l("Averting an energy cut-off"),
            "emergency_accommodation": _l("Emergency accommodation"),
            "onward_referral": _l("Referral to a support service")}


def category_labels() -> dict:
    return {"status": _l("Status of counselling"), "contact": _l("Contact details"),
            "arrears_plan": _l("Arrears and repayment plan"), "household": _l("Household"),
            "documents": _l("Copies of documents"),
            "income": _l("Income"), "health": _l("Health (separate, explicit consent)")}


def language_labels() -> dict:
    return {"de": _l("German"), "en": _l("English"), "tr": _l("Turkish"), "ar": _l("Arabic"), "uk": _l("Ukrainian"),
            "ru": _l("Russian"), "pl": _l("Polish"), "ro": _l("Romanian")}


def channel_labels() -> dict:
    return {"in_person": _l("In person"), "phone": _l("By phone"), "letter": _l("By letter"), "email": _l("By e-mail")}


def handover_labels() -> dict:
    return {"printed": _l("Printed and handed over"), "pdf_email": _l("PDF sent by e-mail"),
            "pdf_shown": _l("PDF given on the tenant's phone"), "paper_copy": _l("Copy of the paper form handed over")}


def disclosure_channel_labels() -> dict:
    return {"phone": _l("By phone"), "letter": _l("By letter"), "email": _l("By e-mail"),
            "meeting": _l("In a meeting"), "partner_view": _l("Partner's case view"),
            "referral_status": _l("Referral status"), "claim_request_app": _l("Take-over request in the app"),
            "claim_request_letter": _l("Take-over request as a letter"),
            "authority_view": _l("The office opened the request"),
            "authority_download": _l("The office downloaded a document"), "landlord_view": _l("Landlord's view")}


def form_labels() -> dict:
    return {"signature": _l("Signed on the device"), "paper": _l("Signed on paper (photo)")}
