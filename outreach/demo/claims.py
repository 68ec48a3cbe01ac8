"""Demo claims (issue 20): claims in every state on the hand-written households, take-over requests
the Jobcenter and the city answer in the app, a commitment in time, one too small and one too late,
a landlord's rent statement that disagrees with the worker's ledger, and the consents (signed on
the phone, sealed with the demo's evidence key) that let them leave."""

from __future__ import annotations

import io
import json
import secrets
from datetime import date, datetime, timedelta

import sqlite_utils
from PIL import Image, ImageDraw

from .. import clock
from ..cases import store as cases_store
from ..claims import deadlines as claim_deadlines
from ..claims import documents, requests, store
from ..consent import records, versions
from ..domain import consent as rules
from ..domain.calendar import DEFAULT_STATE
from ..domain.deadlines import LedgerMonth
from ..landlord import store as landlord_store
from .people import PEOPLE

REQUESTED = ["arrears_plan", "contact", "documents", "household", "income"]
REASONS = {
    "Am Neumarkt 3": "Herr Nowak ist nach einem Arbeitsunfall krankgeschrieben; das Krankengeld deckt die Miete "
                     "nicht. Die Räumungsklage ist zugestellt. Ab dem nächsten Monat wird die Miete direkt vom "
                     "Krankengeld überwiesen; ohne die Übernahme verliert die Familie mit zwei Kindern die Wohnung.",
    "Schulstraße 21": "Nach der Trennung fehlt das zweite Einkommen. Frau Yılmaz hat Wohngeld und Kinderzuschlag "
                      "beantragt und kann die laufende Miete danach tragen. Die Schonfrist endet in Kürze.",
    "Kreuzstraße 5": "Frau Lehmann (78) lebt seit über dreißig Jahren in der Wohnung; die Grundsicherung wurde "
                     "spät beantragt. Mit der Übernahme bleibt sie in ihrer Wohnung, die Miete ist angemessen.",
    "Am Neumarkt 9": "Herr Fischer hat nach Kurzarbeit wieder volle Stunden; die Rückstände aus dem Winter kann "
                     "der Haushalt nicht auf einmal zahlen. Eine Ratenvereinbarung mit dem Vermieter liegt vor.",
}


def _case(db, street: str) -> dict:
    return next(db.query("SELECT * FROM household_case WHERE street = ? AND status = 'open'", [street]))


def _person(db, email: str) -> str:
    return db.execute("SELECT id FROM person WHERE email = ?", [email]).fetchone()[0]


def _organisation(db, kind: str) -> str:
    return db.execute("SELECT id FROM organisation WHERE kind = ? ORDER BY name", [kind]).fetchone()[0]


def _signature() -> tuple[bytes, bytes]:
    points = [{"x": 20 + i * 6, "y": 60 + (i % 7) * 4, "time": 1000 + i * 16, "pressure": 0.5} for i in range(40)]
    picture = Image.new("RGBA", (300, 120), (255, 255, 255, 255))
    ImageDraw.Draw(picture).line([(p["x"], p["y"]) for p in points], fill=(0, 0, 0, 255), width=3)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue(), json.dumps([{"points": points}]).encode()


def sign_consents(db, case: dict, recipients: list[str], key: bytes, today: date,
                  purposes: tuple[str, ...] = ("status_feedback", "coordination", "arrears_takeover"),
                  signed_on: date | None = None) -> None:
    """Every adult lease party signs on the worker's phone: the Jobcenter, the city and the housing
    company may hear what the take-over needs (the same record as a phone's `consent.sign`);
    20 days before `today` unless `signed_on` says when."""
    version = next(v for v in versions.published(db) if v["language"] == "de")
    scope = rules.clean_scope(version["content"], {"recipients": recipients,
                                                  "purposes": list(purposes),
                                                  "categories": REQUESTED + ["status"]})
    png, strokes = _signature()
    signed_on = signed_on or today - timedelta(days=20)
    for member in db.query("SELECT * FROM household_member WHERE case_id = ? AND lease_party = 1", [case["id"]]):
        text = rules.render_text(version["content"], scope, signer_name=member["name"], interpreter="")
        valid_from, valid_until = rules.validity(version["content"], signed_on)
        records.insert(db, {
            "id": secrets.token_urlsafe(12), "case_id": case["id"], "member_id": member["id"],
            "signer_name": member["name"], "form": "signature", "template_version_id": version["id"],
            "version_hash": version["content_hash"], "language": "de", "interpreter": "", "scope": scope,
            "text_hash": rules.text_hash(text), "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(), "withdrawal_notice_shown": True,
            "device_time": f"{signed_on.isoformat()}T10:00:00Z", "received_at": clock.stamp(),
            "witness_id": case["assigned_worker_id"], "device_id": "", "app_version": "demo", "key_id": "k1",
        }, key=key, signature_png=png, strokes=strokes, photo=None)


def _request(db, case: dict, claim_id: str, authority: str, sent_days_ago: int, today: date) -> dict:
    claim = store.get(db, claim_id)
    members = [m["id"] for m in db.query("SELECT id FROM household_member WHERE case_id = ? AND lease_party = 1",
                                         [case["id"]])]
    request_id = requests.create(db, claim, organisation_id=authority, channel="app", categories=REQUESTED,
                                 member_ids=members, reasons=REASONS[case["street"]],
                                 schonfrist_end=claim_deadlines.schonfrist_end(db, case, today, DEFAULT_STATE),
                                 by=case["assigned_worker_id"])
    day = today - timedelta(days=sent_days_ago)
    sent = clock.stamp(datetime(day.year, day.month, day.day, 9, 30, tzinfo=clock.BERLIN))
    db.execute("UPDATE claim_request SET sent_at = ? WHERE id = ?", [sent, request_id])
    db.execute("UPDATE claim SET filed_on = ? WHERE id = ?", [(today - timedelta(days=sent_days_ago)).isoformat(),
                                                               claim_id])
    return requests.get(db, request_id)


def _letter_page(title: str, lines: int) -> tuple[bytes, str]:
    """A photographed page: grey paper with a heading and lines of "text" (no real letter)."""
    picture = Image.new("RGB", (1240, 1754), (236, 233, 226))
    draw = ImageDraw.Draw(picture)
    draw.text((120, 140), title, fill=(30, 30, 30))
    for index in range(lines):
        y = 260 + index * 48
        draw.line([(120, y), (1120 - (index % 4) * 90, y)], fill=(70, 70, 70), width=6)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=80)
    return out.getvalue(), "image/jpeg"


def _photographed(db, case: dict, claim_id: str, kind: str, dated_on: date, titles: list[str]) -> None:
    document_id = secrets.token_urlsafe(12)
    documents.add(db, document_id, case_id=case["id"], claim_id=claim_id, kind=kind, dated_on=dated_on, note="",
                  pages=[_letter_page(title, 18) for title in titles], by=case["assigned_worker_id"],
                  mutation_id=f"demo-{document_id}")


def _landlord_statement(db, case: dict, housing: str, today: date) -> None:
    """The housing company's rent account disagrees with the worker's ledger in one month: it has
    not booked a part payment the tenant says he made (the worker checks the bank statement)."""
    months = [LedgerMonth(m["year"], m["month"], m["due_cents"], m["paid_cents"])
              for m in cases_store.ledger(db, case["id"])]
    partial = next(i for i, m in enumerate(months) if 0 < m.paid_cents < m.due_cents)
    months[partial] = LedgerMonth(months[partial].year, months[partial].month, months[partial].due_cents, 0)
    thomas = _person(db, next(p[0] for p in PEOPLE if p[4] == "housing"))
    landlord_store.add(db, case["id"], housing, as_of=today - timedelta(days=3), months=months,
                       note="Auszug aus dem Mietkonto", by=thomas)


def seed_claims(db: sqlite_utils.Database, today: date, key: bytes) -> None:
    jobcenter, city, housing = (_organisation(db, kind) for kind in ("jobcenter", "city", "housing_company"))
    uwe = _person(db, next(p[0] for p in PEOPLE if p[4] == "jobcenter"))
    sabine = _person(db, next(p[0] for p in PEOPLE if p[4] == "city"))

    def claim(case, kind, office, *, asked=None, filed=None, name=""):
        return store.create(db, case["id"], kind=kind, addressee_organisation_id=office, addressee_name=name,
                            amount_asked_cents=asked, filed_on=filed, note="", by=case["assigned_worker_id"])

    # In time: the Jobcenter commits the whole arrears plus the rent falling due; it reached the landlord.
    nowak = _case(db, "Am Neumarkt 3")
    sign_consents(db, nowak, [housing, city, jobcenter], key, today)
    takeover = claim(nowak, "rent_arrears_takeover", jobcenter, asked=332100)
    _photographed(db, nowak, takeover, "termination", today - timedelta(days=75),
                  ["Fristlose Kündigung – Seite 1", "Fristlose Kündigung – Seite 2"])
    _photographed(db, nowak, takeover, "court_suit", today - timedelta(days=38), ["Räumungsklage – Seite 1"])
    found = _request(db, nowak, takeover, jobcenter, 14, today)
    requests.decide(db, found, decision="granted", notice_dated_on=today - timedelta(days=4), sent_by="post",
                    amount_cents=332100 + 81000, form="loan", landlord="Wohnungsgesellschaft Senftenberg mbH",
                    reached_landlord_on=today - timedelta(days=2), by=uwe)
    claim(nowak, "wohngeld", None, name="Wohngeldstelle der Stadt Senftenberg")  # being prepared
    _landlord_statement(db, nowak, housing, today)
    # Too small: the Jobcenter commits less than is due by the end of the Schonfrist.
    yilmaz = _case(db, "Schulstraße 21")
    sign_consents(db, yilmaz, [city, jobcenter], key, today)
    found = _request(db, yilmaz, claim(yilmaz, "rent_arrears_takeover", jobcenter, asked=333200), jobcenter, 20, today)
    requests.decide(db, found, decision="granted", notice_dated_on=today - timedelta(days=3), sent_by="post",
                    amount_cents=250000, form="loan", landlord="Hausverwaltung Elsterblick GmbH",
                    reached_landlord_on=today - timedelta(days=1), by=uwe)
    claim(yilmaz, "kinderzuschlag", None, filed=today - timedelta(days=30), name="Familienkasse Cottbus")
    # Too late: the social office's commitment reached the landlord after the Schonfrist (worker's entry).
    schreiber = _case(db, "Ackerstraße 4")
    late = claim(schreiber, "rent_arrears_takeover", city, asked=186000, filed=today - timedelta(days=54))
    store.record_decision(db, late, decision="granted", notice_dated_on=today - timedelta(days=9), sent_by="post",
                          received_on=None, instructions_correct=True, amount_granted_cents=200000, form="grant",
                          by=schreiber["assigned_worker_id"], reached_landlord_on=today - timedelta(days=5),
                          landlord="Wohnungsgesellschaft Senftenberg mbH")
    # Documents requested: the city asks for the pension notice before it decides.
    lehmann = _case(db, "Kreuzstraße 5")
    sign_consents(db, lehmann, [housing, city], key, today)
    found = _request(db, lehmann, claim(lehmann, "rent_arrears_takeover", city, asked=340000), city, 9, today)
    requests.ask_for_documents(db, found, documents="Rentenbescheid 2026, Kontoauszüge der letzten drei Monate",
                               due_on=today + timedelta(days=7), by=sabine)
    # Waiting for the Jobcenter: sent three days ago.
    fischer = _case(db, "Am Neumarkt 9")
    sign_consents(db, fischer, [housing, jobcenter], key, today)
    _request(db, fischer, claim(fischer, "rent_arrears_takeover", jobcenter, asked=105900), jobcenter, 3, today)
    # Refused and appealed; and a final one.
    al_hassan = _case(db, "Thälmannstraße 32")
    refused = claim(al_hassan, "wohngeld", None, filed=today - timedelta(days=70), name="Wohngeldstelle Senftenberg")
    decision = store.record_decision(db, refused, decision="refused", notice_dated_on=today - timedelta(days=20),
                                     sent_by="post", received_on=None, instructions_correct=True,
                                     amount_granted_cents=None, form="", by=al_hassan["assigned_worker_id"])
    store.record_appeal(db, refused, decision, today - timedelta(days=6))
    demir = _case(db, "Bergstraße 6")
    final = claim(demir, "wohngeld", None, filed=today - timedelta(days=120), name="Wohngeldstelle Senftenberg")
    store.record_decision(db, final, decision="granted", notice_dated_on=today - timedelta(days=80), sent_by="post",
                          received_on=None, instructions_correct=True, amount_granted_cents=21400, form="grant",
                          by=demir["assigned_worker_id"])
    db.execute("UPDATE claim SET state = 'final' WHERE id = ?", [final])
