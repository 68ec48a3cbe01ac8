"""Human names (German first) for claims: states, decisions, how a notice was sent."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

STATES = {"preparing": _l("being prepared"), "filed": _l("filed"), "documents_requested": _l("documents requested"),
          "decided": _l("decided"), "appealed": _l("appealed"), "final": _l("final")}
DECISIONS = {"granted": _l("granted"), "partly_granted": _l("partly granted"), "refused": _l("refused")}
SENT_BY = {"post": _l("by post"), "electronic": _l("electronically"), "in_person": _l("handed over")}
FORMS = {"loan": _l("loan"), "grant": _l("grant")}
REQUEST_STATES = {"sent": _l("waiting for the office"), "documents_requested": _l("documents requested"),
                  "answered": _l("answered")}
REQUEST_ANSWERS = {"documents_requested": _l("Documents are needed"), "granted": _l("Granted (commitment)"),
                   "refused": _l("Refused")}
DOCUMENT_KINDS = {"termination": _l("termination"), "court_suit": _l("the court's suit"),
                  "authority_notice": _l("the authority's notice"), "bank_statement": _l("bank statements"),
                  "income_proof": _l("proof of income"), "rent_account": _l("the landlord's rent account"),
                  "tenancy_agreement": _l("tenancy agreement or rent certificate"), "id_document": _l("identity card"),
                  "other": _l("other document")}
REQUEST_CHANNELS = {"app": _l("in the app"), "letter": _l("as a letter")}


def template_globals() -> dict:
    return {"CLAIM_STATES": STATES, "CLAIM_DECISIONS": DECISIONS, "CLAIM_SENT_BY": SENT_BY, "CLAIM_FORMS": FORMS,
            "REQUEST_STATES": REQUEST_STATES, "REQUEST_ANSWERS": REQUEST_ANSWERS, "REQUEST_CHANNELS": REQUEST_CHANNELS,
            "DOCUMENT_KINDS": DOCUMENT_KINDS}
