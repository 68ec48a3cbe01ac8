"""Consent and release from confidentiality (DOMAIN.md "Consent and confidentiality"), Flask-free.

A template version is immutable once published; its content holds every word the tenant reads.
`render_text` turns a version and the chosen scope into the exact text signed; its SHA-256 goes
into the record, the record is sealed with an HMAC (DESIGN.md "Evidence that holds"), and
`check` re-does every step. `allowed` decides what a partner may receive: only through an active
consent naming that organisation, that purpose and that data category, with household data
needing every adult party to the lease and personal data that person's own consent.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from .canonical import canonical_json

CATEGORIES = ("status", "contact", "arrears_plan", "household", "documents", "income", "health")
# Data about the tenancy concerns every party to the lease; the rest concerns one person. Copies of
# documents (a termination, the suit, notices, bank statements) count as the household's: every
# adult party to the lease must consent, the stricter reading where a statement is one person's.
HOUSEHOLD_CATEGORIES = frozenset({"status", "arrears_plan", "household", "documents"})
PERSONAL_CATEGORIES = frozenset({"contact", "income", "health"})
# The fixed map from category to the fields a partner may receive under it. Nothing outside it
# ever leaves: the partner view and disclosures pick fields through this map only.
FIELDS = {
    "status": ("referral_status", "case_status", "stage", "first_contact_on", "outcome", "commitment"),
    "contact": ("name", "address", "worker_name"),
    "arrears_plan": ("open_arrears_cents", "arrears_months", "repayment_plan"),
    "household": ("members",),
    "documents": ("documents",),
    "income": ("income",),
    "health": ("health",),
}
PURPOSES = ("status_feedback", "coordination", "arrears_takeover", "energy_arrangement", "emergency_accommodation",
            "onward_referral")
# Which purpose each way out serves: referral statuses beyond "received", the partner's case view.
STATUS_PURPOSE, VIEW_PURPOSE = "status_feedback", "coordination"
# German and English come with the standard wording; for the others the admin writes it once per
# version (new_content(wording=…)), and it is frozen with the version like everything else.
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "ro")
WORDING_KEYS = ("recipients", "purposes", "categories", "health", "validity", "signer", "interpreter", "withdrawal")
PLACEHOLDERS = {"validity": "{months}", "signer": "{name}", "interpreter": "{name}"}
MAX_WORDING = 1000
REQUIRED_LANGUAGE = "de"
ADULT_AGE = 18
# Consent needs understanding, not legal capacity (DOMAIN.md: from about 15). Younger members do
# not sign for themselves: a parent's consent covers a child (docs/privacy.md, for the DPO to confirm).
MIN_SIGNER_AGE = 14
MAX_VALIDITY_MONTHS = 36

# The standard wording copied into each new template version (then frozen with it).
WORDING = {
    "de": {
        "recipients": "Ich entbinde die Beratungsstelle von der Schweigepflicht gegenüber:",
        "purposes": "für diese Zwecke:",
        "categories": "für diese Daten:",
        "health": "Ausdrücklich auch für Gesundheitsdaten (besondere Kategorie nach Art. 9 DSGVO):",
        "validity": "Diese Einwilligung gilt {months} Monate ab dem Tag, an dem sie bei der Beratungsstelle eingeht.",
        "signer": "Unterschrieben von: {name}",
        "interpreter": "Übersetzt von: {name}",
        "withdrawal": "Sie können diese Einwilligung jederzeit widerrufen, genauso einfach wie Sie sie gegeben "
                      "haben – mündlich, schriftlich oder bei Ihrer Beraterin. Der Widerruf gilt für die Zukunft.",
        "purpose": {"status_feedback": "Rückmeldung zum Stand an die meldende Stelle",
                    "coordination": "Abstimmung zur Sicherung der Wohnung",
                    "arrears_takeover": "Antrag auf Übernahme der Mietschulden",
                    "energy_arrangement": "Vereinbarung zur Abwendung einer Energiesperre",
                    "emergency_accommodation": "Anfrage einer Notunterbringung bei drohender Räumung",
                    "onward_referral": "Vermittlung an ein Hilfsangebot (Beratung, Hilfe im Alltag)"},
        "category": {"status": "Stand der Beratung (Kontakt, Bearbeitung, Ergebnis)",
                     "contact": "Name, Anschrift und Ansprechperson",
                     "arrears_plan": "Mietschulden und Ratenplan",
                     "household": "Zusammensetzung des Haushalts",
                     "documents": "Kopien von Unterlagen (Kündigung, Klage, Bescheide, Kontoauszüge)",
                     "income": "Einkommen",
                     "health": "Angaben zur Gesundheit"},
    },
    "en": {
        "recipients": "I release the counselling centre from confidentiality towards:",
        "purposes": "for these purposes:",
        "categories": "for these data:",
        "health": "Explicitly also for health data (a special category under Art. 9 GDPR):",
        "validity": "This consent is valid for {months} months from the day it reaches the counselling centre.",
        "signer": "Signed by: {name}",
        "interpreter": "Interpreted by: {name}",
        "withdrawal": "You can withdraw this consent at any time, as easily as you gave it – orally, in writing "
                      "or with your counsellor. The withdrawal has effect for the future.",
        "purpose": {"status_feedback": "Status feedback to the referrer",
                    "coordination": "Coordination to keep the home",
                    "arrears_takeover": "Application for taking over the rent arrears",
                    "energy_arrangement": "Arrangement to avert an energy cut-off",
                    "emergency_accommodation": "Request for emergency accommodation when eviction threatens",
                    "onward_referral": "Referral to a support service (counselling, everyday help)"},
        "category": {"status": "State of counselling (contact, in progress, outcome)",
                     "contact": "Name, address and contact person",
                     "arrears_plan": "Rent arrears and repayment plan",
                     "household": "Composition of the household",
                     "documents": "Copies of documents (termination, suit, notices, bank statements)",
                     "income": "Income",
                     "health": "Information on health"},
    },
}


class ConsentError(ValueError):
    """Refusal with a stable code (the web layer words it in the person's language)."""

    def __init__(self, field: str, code: str):
        super().__init__(f"{field}: {code}")
        self.field, self.code = field, code


def old_enough_to_sign(birth_year: int | None, today: date) -> bool:
    """By year of birth (the app keeps no birthday); an unknown age is not refused."""
    return birth_year is None or today.year - birth_year >= MIN_SIGNER_AGE


# ---- templates -------------------------------------------------------------------------

def checked_wording(wording: dict | None, purposes: list[str], categories: list[str]) -> dict:
    """An admin's wording for a language without a standard one: every phrase present, on one
    line each, and no braces but the one placeholder a phrase needs (so the phone's rendering and
    the server's agree to the byte)."""
    wording = wording or {}
    phrases = [(key, wording.get(key)) for key in WORDING_KEYS]
    phrases += [(f"purpose.{p}", (wording.get("purpose") or {}).get(p)) for p in purposes]
    phrases += [(f"category.{c}", (wording.get("category") or {}).get(c)) for c in categories]
    for key, text in phrases:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_WORDING \
                or any(unicodedata.category(ch).startswith("C") for ch in text):
            raise ConsentError("wording", "required")
        placeholder = PLACEHOLDERS.get(key, "")
        rest = text.replace(placeholder, "", 1) if placeholder else text
        if (placeholder and placeholder not in text) or "{" in rest or "}" in rest:
            raise ConsentError("wording", "placeholder")
    return {**{key: wording[key].strip() for key in WORDING_KEYS},
            "purpose": {p: wording["purpose"][p].strip() for p in purposes},
            "category": {c: wording["category"][c].strip() for c in categories}}


def wording_of(content: dict) -> dict:
    """A version's frozen phrases, in the shape new_content(wording=…) takes (to start a translation)."""
    return {**content["headings"], "withdrawal": content["withdrawal_notice"],
            "purpose": {p["code"]: p["text"] for p in content["purposes"]},
            "category": {c["code"]: c["text"] for c in content["categories"]}}


def new_content(*, title: str, intro: str, language: str, easy_language: bool, recipients: list[dict],
                purposes: list[str], categories: list[str], validity_months: int,
                wording: dict | None = None) -> dict:
    """A version's full content; every word the tenant will read is copied in and frozen."""
    if language not in LANGUAGES:
        raise ConsentError("language", "unknown")
    if not title.strip() or not intro.strip():
        raise ConsentError("title" if not title.strip() else "intro", "required")
    if not recipients:
        raise ConsentError("recipients", "required")
    if not purposes or any(p not in PURPOSES for p in purposes):
        raise ConsentError("purposes", "required")
    if not categories or any(c not in CATEGORIES for c in categories):
        raise ConsentError("categories", "required")
    if not 1 <= validity_months <= MAX_VALIDITY_MONTHS:
        raise ConsentError("validity_months", "out_of_range")
    words = WORDING.get(language) or checked_wording(wording, purposes, categories)
    return {
        "title": title.strip(), "intro": intro.strip(), "language": language, "easy_language": bool(easy_language),
        "recipients": [{"organisation_id": r["organisation_id"], "name": r["name"], "department": r.get("department", "")}
                       for r in recipients],
        "purposes": [{"code": p, "text": words["purpose"][p]} for p in PURPOSES if p in purposes],
        "categories": [{"code": c, "text": words["category"][c]} for c in CATEGORIES if c in categories],
        "validity_months": validity_months,
        "headings": {k: words[k] for k in ("recipients", "purposes", "categories", "health", "validity",
                                            "signer", "interpreter")},
        "withdrawal_notice": words["withdrawal"],
    }


def version_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def may_publish(language: str, published_languages: set[str]) -> bool:
    """German is required: another language is published only beside a published German version."""
    return language == REQUIRED_LANGUAGE or REQUIRED_LANGUAGE in published_languages


# ---- the text as signed -------------------------------------------------------------------

def clean_scope(content: dict, scope) -> dict:
    """The chosen scope, a non-empty subset of what the version offers, or ConsentError."""
    if not isinstance(scope, dict):
        raise ConsentError("scope", "invalid")
    offered = {"recipients": [r["organisation_id"] for r in content["recipients"]],
               "purposes": [p["code"] for p in content["purposes"]],
               "categories": [c["code"] for c in content["categories"]]}
    chosen = {}
    for key, options in offered.items():
        values = scope.get(key)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise ConsentError(key, "required")
        if set(values) - set(options):
            raise ConsentError(key, "not_offered")
        chosen[key] = [o for o in options if o in values]  # the template's order, no repeats
    return chosen


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def validity(content: dict, signed_on: date) -> tuple[date, date]:
    """From the day of signing for the template's months; the last day is the day before the same
    date n months later (12 months from 10.03.2026 end on 09.03.2027), as periods are counted."""
    return signed_on, add_months(signed_on, content["validity_months"]) - timedelta(days=1)


def render_text(content: dict, scope: dict, *, signer_name: str, interpreter: str) -> str:
    """The exact text the tenant signs: the version's words for the chosen scope, in its language.

    The phone renders the same text (static/js/consent.js, `renderText`) and shows it before
    signing; the server accepts a signature only when both SHA-256 agree. It names no date, so
    the phone can render it offline; the dates of validity are fields of the sealed record."""
    h = content["headings"]
    lines = [content["title"], "", content["intro"], "", h["recipients"]]
    lines += [f"- {r['name']}" + (f", {r['department']}" if r["department"] else "")
              for r in content["recipients"] if r["organisation_id"] in scope["recipients"]]
    lines += ["", h["purposes"]]
    lines += [f"- {p['text']}" for p in content["purposes"] if p["code"] in scope["purposes"]]
    ordinary = [c for c in content["categories"] if c["code"] in scope["categories"] and c["code"] != "health"]
    if ordinary:
        lines += ["", h["categories"]] + [f"- {c['text']}" for c in ordinary]
    if "health" in scope["categories"]:
        lines += ["", h["health"]] + [f"- {c['text']}" for c in content["categories"] if c["code"] == "health"]
    lines += ["", h["validity"].format(months=content["validity_months"]), "", content["withdrawal_notice"], "",
              h["signer"].format(name=signer_name)]
    if interpreter:
        lines.append(h["interpreter"].format(name=interpreter))
    return unicodedata.normalize("NFC", "\n".join(lines))


def text_hash(text: str) -> str:
    """SHA-256 of the signed text as UTF-8: anyone can recompute it from the tenant's copy."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode()).hexdigest()


# ---- the sealed record ------------------------------------------------------------------------

SEALED_FIELDS = ("id", "case_id", "member_id", "signer_name", "form", "template_version_id", "version_hash",
                 "language", "interpreter", "scope", "text_hash", "valid_from", "valid_until",
                 "withdrawal_notice_shown", "device_time", "received_at", "witness_id", "device_id", "app_version",
                 "signature_sha256", "strokes_sha256", "photo_sha256", "key_id")
WITHDRAWAL_FIELDS = ("consent_id", "withdrawn_on", "channel", "received_by", "recorded_at", "partners_to_inform",
                     "key_id")


def record_hash(record: dict) -> str:
    """The record's own hash, printed on the tenant's copy as an anchor outside the system."""
    return hashlib.sha256(canonical_json({f: record[f] for f in SEALED_FIELDS})).hexdigest()


def seal(record: dict, key: bytes, fields: tuple[str, ...] = SEALED_FIELDS) -> str:
    return hmac.new(key, canonical_json({f: record[f] for f in fields}), hashlib.sha256).hexdigest()


def sha256_hex(data: bytes | None) -> str:
    return hashlib.sha256(data).hexdigest() if data else ""


def check(record: dict, *, content: dict | None, signature_png: bytes | None, strokes: bytes | None,
          photo: bytes | None, keys: dict[str, bytes]) -> list[str]:
    """Problems with one stored consent record (empty when it holds).

    record: the stored row with `scope` as a dict; content: the stored template version's content.
    """
    problems = []
    key = keys.get(record["key_id"])
    if key is None or not hmac.compare_digest(seal(record, key), record["mac"]):
        problems.append("seal")
    if content is None or version_hash(content) != record["version_hash"]:
        problems.append("template")
    else:
        try:
            text = render_text(content, record["scope"], signer_name=record["signer_name"],
                               interpreter=record["interpreter"])
        except (KeyError, TypeError, ValueError):
            text = ""
        if text_hash(text) != record["text_hash"]:
            problems.append("text")
    if sha256_hex(signature_png) != record["signature_sha256"]:
        problems.append("signature")
    if sha256_hex(strokes) != record["strokes_sha256"]:
        problems.append("strokes")
    if sha256_hex(photo) != record["photo_sha256"]:
        problems.append("photo")
    if record["form"] == "signature" and not signature_png or record["form"] == "paper" and not photo:
        problems.append("evidence_missing")
    return problems


def check_withdrawal(withdrawal: dict, keys: dict[str, bytes]) -> list[str]:
    key = keys.get(withdrawal["key_id"])
    if key is None or not hmac.compare_digest(seal(withdrawal, key, WITHDRAWAL_FIELDS), withdrawal["mac"]):
        return ["withdrawal_seal"]
    return []


# ---- decisions --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Consent:
    id: str
    member_id: str
    recipients: frozenset[str]
    purposes: frozenset[str]
    categories: frozenset[str]
    valid_from: date
    valid_until: date
    withdrawn: bool = False

    def active(self, today: date) -> bool:
        # A recorded withdrawal ends it at once; expiry by the calendar date in Europe/Berlin.
        return not self.withdrawn and self.valid_from <= today <= self.valid_until


@dataclass(frozen=True)
class Member:
    id: str
    lease_party: bool
    birth_year: int | None


def must_consent_for_household(members: list[Member], today: date) -> set[str]:
    """Every adult party to the lease (an unknown age counts as adult: asking more is the safe side)."""
    return {m.id for m in members if m.lease_party and (m.birth_year is None or today.year - m.birth_year >= ADULT_AGE)}


@dataclass(frozen=True)
class Allowed:
    household: frozenset[str]  # household categories that may go to the partner
    personal: dict  # personal category -> frozenset of member ids whose data may go

    def categories(self) -> set[str]:
        return set(self.household) | {c for c, people in self.personal.items() if people}

    def fields(self) -> set[str]:
        return {f for c in self.categories() for f in FIELDS[c]}

    def only(self, categories) -> Allowed:
        """The same, narrowed to some categories (a request carries only what it names)."""
        wanted = set(categories)
        return Allowed(frozenset(self.household & wanted),
                       {c: (people if c in wanted else frozenset()) for c, people in self.personal.items()})

    def released(self, categories) -> tuple[Allowed, list[str]]:
        """What one disclosure of `categories` may carry: narrowed to them, with personal data only
        of those who released every personal category named (the disclosure names them all, so
        none is shown for whom another category was not released). (narrowed, those people)."""
        personal = [c for c in categories if c in PERSONAL_CATEGORIES]
        people = frozenset.intersection(*(self.personal[c] for c in personal)) if personal else frozenset()
        narrowed = self.only(categories)
        return Allowed(narrowed.household, {c: (people if c in personal else frozenset())
                                            for c in narrowed.personal}), sorted(people)

    def covers(self, category: str, member_id: str | None = None) -> bool:
        if category in HOUSEHOLD_CATEGORIES:
            return category in self.household
        people = self.personal.get(category, frozenset())
        return bool(people) if member_id is None else member_id in people


def allowed(consents: list[Consent], members: list[Member], organisation_id: str, purpose: str,
            today: date) -> Allowed:
    """What may go to this organisation for this purpose today, per category."""
    covering = [c for c in consents if c.active(today) and organisation_id in c.recipients and purpose in c.purposes]
    needed = must_consent_for_household(members, today)
    household = frozenset(
        category for category in HOUSEHOLD_CATEGORIES
        if needed and needed <= {c.member_id for c in covering if category in c.categories})
    personal = {category: frozenset(c.member_id for c in covering if category in c.categories)
                for category in PERSONAL_CATEGORIES}
    return Allowed(household, personal)


def may_disclose(consents: list[Consent], members: list[Member], organisation_id: str, purpose: str,
                 category: str, today: date, member_id: str | None = None) -> bool:
    return allowed(consents, members, organisation_id, purpose, today).covers(category, member_id)


def partners_to_inform(disclosures: list[dict], consent_id: str) -> list[str]:
    """Organisations that received data under this consent: they are told of the withdrawal."""
    seen = []
    for disclosure in disclosures:
        if consent_id in disclosure["consent_ids"] and disclosure["organisation_id"] not in seen:
            seen.append(disclosure["organisation_id"])
    return seen
