"""Demo households in Senftenberg (all invented), dated relative to `today` so the alerts stay true.

Every date below is an offset in days from `today` (negative: in the past). Ages, not birth
years, so children stay children; the ledger ends with the last month whose rent is surely due.
Together the households cover every stage twice or more and every alert level of the deadline
board (see tests/web/test_demo_households.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from ..cases import closing, store
from ..domain.calendar import DEFAULT_STATE, add_months, next_working_day_on_or_after

JANA, LUKAS, SELIN = "jana.becker@caritas-demo.de", "lukas.hoffmann@caritas-demo.de", "selin.kaya@caritas-demo.de"
HOUSING_COMPANY = None  # landlord = the demo housing company (an organisation, not a name)
LEASE, NOT_LEASE = True, False
ALL_TENANTS = "all"  # a per-tenant key date recorded once for every lease party
ON_WORKING_DAY = {"hearing", "eviction_date"}  # courts and bailiffs do not sit on Sundays or holidays
LEDGER_LAG_DAYS = 8  # by default the ledger ends with the month of today − 8 days: its rent is due by then


@dataclass(frozen=True)
class Household:
    worker: str
    stage: str
    source: str
    street: str
    members: list[tuple]  # (name, age, relation, lease party)
    moved_in_months_ago: int
    rent: tuple[int, int, int]  # Kaltmiete, Betriebskosten, Heizkosten in euros
    ledger: tuple[float, ...]  # share of the month's rent paid, oldest first
    report: int  # day the report was received
    situation: str
    attempts: list[tuple] = field(default_factory=list)  # (kind, day)
    key_dates: list[tuple] = field(default_factory=list)  # (kind, day, member index | ALL_TENANTS | None, detail)
    landlord: str | None = HOUSING_COMPANY
    closed: tuple | None = None  # (outcome, day)
    ledger_until: int = -LEDGER_LAG_DAYS  # the ledger ends with the month of this day


HOUSEHOLDS = [
    # Eviction in about ten days; the § 765a application date has passed (Jana's most urgent case).
    Household(
        JANA, "eviction_date", "self", "Bahnhofstraße 14",
        [("Heike Krüger", 58, "Mieterin", LEASE), ("Kevin Krüger", 27, "Sohn", NOT_LEASE)],
        moved_in_months_ago=190, rent=(412, 135, 88), ledger=(1, 1, 0, 0, 0.5, 0, 0, 0.3, 0, 0, 0), report=-12,
        attempts=[("reached", -12)],
        key_dates=[("termination_received", -190, ALL_TENANTS, "without_notice"), ("judgment_final", -75, None, ""),
                   ("eviction_date", 10, None, "Gerichtsvollzieherin, 9:00 Uhr")],
        situation="Frau Krüger kam nach dem Schreiben der Gerichtsvollzieherin selbst in die Sprechstunde. "
                  "Seit dem Verlust ihrer Stelle im Einzelhandel blieben die Mieten über Monate aus; der "
                  "erwachsene Sohn wohnt mit im Haushalt. Vollstreckungsschutz und eine Übernahme durch das "
                  "Sozialamt werden parallel geprüft.",
    ),
    # Schonfrist running; suit served on the two tenants a week apart; early first hearing next month.
    Household(
        LUKAS, "eviction_suit", "court_notice", "Am Neumarkt 3",
        [("Piotr Nowak", 44, "Mieter", LEASE), ("Agnieszka Nowak", 41, "Ehefrau", LEASE),
         ("Zofia Nowak", 12, "Tochter", NOT_LEASE), ("Jakub Nowak", 8, "Sohn", NOT_LEASE)],
        moved_in_months_ago=108, rent=(545, 160, 105), ledger=(1, 1, 0.5, 0, 0, 0.4, 0), report=-28,
        attempts=[("letter", -27), ("visit_nobody_home", -22), ("reached", -19)],
        key_dates=[("termination_received", -75, ALL_TENANTS, "without_notice_and_ordinary_in_alternative"),
                   ("suit_served", -38, 0, ""), ("suit_served", -31, 1, ""),
                   ("authority_application", -15, None, "Jobcenter: Mietschuldenübernahme"),
                   ("hearing", 33, None, "Amtsgericht Senftenberg, früher erster Termin")],
        situation="Herr Nowak ist seit einem Arbeitsunfall krankgeschrieben, das Krankengeld deckt die Miete "
                  "nicht. Die Räumungsklage wurde den Eheleuten an verschiedenen Tagen zugestellt. Beim "
                  "Jobcenter ist die Übernahme der Mietschulden beantragt.",
    ),
    # Schonfrist ends within three weeks; the Jobcenter has not decided yet.
    Household(
        SELIN, "eviction_suit", "jobcenter_sozialamt", "Schulstraße 21",
        [("Emine Yılmaz", 36, "Mieterin", LEASE), ("Deniz Yılmaz", 15, "Sohn", NOT_LEASE),
         ("Elif Yılmaz", 10, "Tochter", NOT_LEASE)],
        moved_in_months_ago=50, rent=(468, 128, 84), ledger=(1, 0.6, 0, 0, 0.5, 0, 0), report=-45,
        attempts=[("call", -44), ("reached", -41)], landlord="Hausverwaltung Elsterblick GmbH",
        key_dates=[("termination_received", -80, ALL_TENANTS, "without_notice"), ("suit_served", -48, 0, ""),
                   ("authority_application", -40, None, "Darlehen nach § 22 Abs. 8 SGB II")],
        situation="Das Jobcenter meldete den Fall, nachdem Frau Yılmaz die Räumungsklage vorgelegt hatte. "
                  "Nach der Trennung fehlt das zweite Einkommen. Der Antrag auf Übernahme der Mietschulden "
                  "liegt vor, eine Entscheidung steht noch aus.",
    ),
    # Schonfrist not available: an earlier termination was healed 14 months before this one.
    Household(
        JANA, "eviction_suit", "court_notice", "Rathenaustraße 7",
        [("Ralf Schubert", 52, "Mieter", LEASE), ("Petra Schubert", 50, "Ehefrau", LEASE)],
        moved_in_months_ago=146, rent=(398, 142, 96), ledger=(1, 1, 0, 0, 0.5, 0), report=-9,
        attempts=[("letter", -9), ("visit_nobody_home", -6), ("reached", -4)],
        key_dates=[("earlier_healed_termination", -480, None, "Schonfristzahlung durch das Sozialamt"),
                   ("termination_received", -60, ALL_TENANTS, "without_notice"),
                   ("suit_served", -12, 0, ""), ("suit_served", -11, 1, ""), ("claim_served", -11, None, "")],
        situation="Familie Schubert ist zum zweiten Mal innerhalb kurzer Zeit von einer Räumungsklage betroffen; "
                  "die frühere fristlose Kündigung wurde durch eine Schonfristzahlung geheilt. Eine erneute "
                  "Heilung ist ausgeschlossen, deshalb geht es um die Verteidigungsanzeige und eine Einigung "
                  "mit dem Vermieter.",
    ),
    # Default judgment served five days ago: two weeks for the Einspruch.
    Household(
        SELIN, "eviction_title", "court_notice", "Thälmannstraße 32",
        [("Khaled Al-Hassan", 39, "Mieter", LEASE), ("Rania Al-Hassan", 34, "Ehefrau", LEASE),
         ("Omar Al-Hassan", 11, "Sohn", NOT_LEASE), ("Lina Al-Hassan", 7, "Tochter", NOT_LEASE),
         ("Yusuf Al-Hassan", 3, "Sohn", NOT_LEASE)],
        moved_in_months_ago=70, rent=(590, 170, 115), ledger=(1, 0.5, 0, 0, 0, 0.5, 0), report=-40,
        attempts=[("letter", -39), ("visit_nobody_home", -33), ("visit_nobody_home", -26), ("reached", -4)],
        landlord="Immobilienverwaltung Lausitzer Seenland KG",
        key_dates=[("termination_received", -110, ALL_TENANTS, "without_notice"),
                   ("default_judgment_served", -5, None, "Versäumnisurteil, Amtsgericht Senftenberg")],
        situation="Nach drei erfolglosen Kontaktversuchen meldete sich Herr Al-Hassan erst mit dem "
                  "Versäumnisurteil in der Beratungsstelle. Die Familie hatte die Post des Gerichts wegen "
                  "Sprachschwierigkeiten nicht verstanden. Einspruch und Wohngeldantrag werden vorbereitet.",
    ),
    # Räumungsfrist granted; ask for an extension within six weeks.
    Household(
        LUKAS, "eviction_title", "jobcenter_sozialamt", "Kreuzstraße 5",
        [("Gerda Lehmann", 78, "Mieterin", LEASE)],
        moved_in_months_ago=372, rent=(310, 118, 72), report=-30,
        ledger=(1, 0, 0, 0.3, 0.3, 0.3, 0.3, 0.5, 0.5, 0.5, 0.5),
        attempts=[("reached", -27)],
        key_dates=[("termination_received", -200, ALL_TENANTS, "without_notice"), ("judgment_final", -50, None, ""),
                   ("raeumungsfrist_end", 40, None, "Räumungsfrist nach § 721 ZPO")],
        situation="Frau Lehmann lebt seit über dreißig Jahren in der Wohnung. Nach dem Tod ihres Mannes fiel "
                  "seine Rente weg, Grundsicherung wurde erst spät beantragt. Mit dem Sozialamt werden eine "
                  "Übernahme nach § 36 SGB XII und ein Verbleib in der Wohnung geklärt.",
    ),
    # Eviction date in ten weeks: nothing on the board yet.
    Household(
        SELIN, "eviction_date", "housing_company", "Steindamm 18",
        [("Marcel Wagner", 31, "Mieter", LEASE)],
        moved_in_months_ago=40, rent=(290, 95, 55), ledger=(1, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0, 0), report=-21,
        attempts=[("letter", -20), ("visit_nobody_home", -14), ("call", -9)],
        key_dates=[("termination_received", -240, ALL_TENANTS, "without_notice"), ("judgment_final", -120, None, ""),
                   ("eviction_date", 70, None, "Gerichtsvollzieher, 10:00 Uhr")],
        situation="Herr Wagner ist nach einer längeren Suchterkrankung kaum erreichbar; die "
                  "Wohnungsgesellschaft meldete den angesetzten Räumungstermin. Kontakt zur Suchtberatung und "
                  "zum Sozialpsychiatrischen Dienst wird gesucht.",
    ),
    # Termination just received; first contact still pending.
    Household(
        JANA, "termination", "housing_company", "Schulstraße 8",
        [("Sandra Müller", 42, "Mieterin", LEASE), ("Tim Müller", 17, "Sohn", NOT_LEASE),
         ("Lea Müller", 13, "Tochter", NOT_LEASE)],
        moved_in_months_ago=100, rent=(455, 150, 98), ledger=(1, 1, 0.3, 0, 0), report=-12,
        attempts=[("letter", -11), ("visit_nobody_home", -5)],
        key_dates=[("termination_received", -12, ALL_TENANTS, "without_notice_and_ordinary_in_alternative")],
        situation="Die Wohnungsgesellschaft meldete zwei offene Monatsmieten und hat fristlos, hilfsweise "
                  "ordentlich gekündigt. Frau Müller arbeitet in Teilzeit in der Pflege; seit ihre Stunden "
                  "gekürzt wurden, reicht das Einkommen nicht. Bisher kein persönlicher Kontakt.",
    ),
    # Termination and an energy cut threatened by the default supplier.
    Household(
        LUKAS, "termination", "self", "Briesker Straße 12",
        [("Olena Petrenko", 46, "Mieterin", LEASE), ("Mykola Petrenko", 19, "Sohn", NOT_LEASE)],
        moved_in_months_ago=36, rent=(395, 110, 78), ledger=(1, 0.5, 0, 0, 0), report=-6,
        attempts=[("reached", -6)], landlord="Privatvermieter (Eigentümergemeinschaft Bahnhofstraße)",
        key_dates=[("termination_received", -30, ALL_TENANTS, "without_notice"),
                   ("energy_cut_warning", -25, None, "Strom, Rückstand 312 €")],
        situation="Frau Petrenko kam mit der fristlosen Kündigung und einer Sperrandrohung des "
                  "Stromversorgers in die offene Sprechstunde. Ihr Bürgergeld wurde nach dem Auszug des "
                  "jüngeren Sohnes neu berechnet und zeitweise nicht gezahlt. Vorrangig ist eine "
                  "Abwendungsvereinbarung mit dem Grundversorger.",
    ),
    # Arrears only; the first-contact standard lapsed (two attempts in four weeks).
    Household(
        LUKAS, "arrears", "housing_company", "Am Neumarkt 9",
        [("Dirk Fischer", 49, "Mieter", LEASE), ("Manuela Fischer", 47, "Ehefrau", LEASE)],
        moved_in_months_ago=220, rent=(430, 140, 92), ledger=(1, 1, 0.4, 0), report=-40,
        attempts=[("letter", -38), ("visit_nobody_home", -30)],
        situation="Die Wohnungsgesellschaft meldete Mietrückstände, nachdem Herr Fischer seine Arbeit im "
                  "Tagebau-Nachfolgebetrieb verloren hat. Brief und Hausbesuch blieben ohne Antwort. Ein "
                  "weiterer Besuch mit Nachricht an der Tür ist geplant.",
    ),
    # Arrears only, reached, nothing due.
    Household(
        SELIN, "arrears", "jobcenter_sozialamt", "Rathenaustraße 19",
        [("Jennifer Zimmermann", 29, "Mieterin", LEASE), ("Finn Zimmermann", 6, "Sohn", NOT_LEASE),
         ("Mia Zimmermann", 2, "Tochter", NOT_LEASE)],
        moved_in_months_ago=30, rent=(360, 105, 70), ledger=(1, 1, 0.5, 0.7), report=-18,
        attempts=[("call", -17), ("reached", -15)], landlord="Hausverwaltung Elsterblick GmbH",
        situation="Das Jobcenter bat um Unterstützung, weil die Kosten der Unterkunft nach einem Umzug "
                  "falsch berechnet wurden. Frau Zimmermann ist alleinerziehend; eine Direktzahlung der Miete "
                  "an den Vermieter wird beantragt.",
    ),
    # Arrears only; first-contact standard due within a week.
    Household(
        SELIN, "arrears", "housing_company", "Bergstraße 6",
        [("Mehmet Demir", 61, "Mieter", LEASE), ("Ayşe Demir", 58, "Ehefrau", LEASE)],
        moved_in_months_ago=260, rent=(420, 130, 90), ledger=(1, 1, 0, 0), report=-24,
        attempts=[("letter", -22), ("call", -15)],
        situation="Die Wohnungsgesellschaft meldete zwei offene Monatsmieten. Herr Demir ist nach einer "
                  "Herzoperation erwerbsunfähig, über die Rente ist noch nicht entschieden. Ein Hausbesuch "
                  "mit Dolmetscherin ist vereinbart.",
    ),
    # The Schonfrist ended last week; the social office's commitment reached the landlord two days too late.
    Household(
        LUKAS, "eviction_suit", "court_notice", "Ackerstraße 4",
        [("Monika Schreiber", 61, "Mieterin", LEASE)],
        moved_in_months_ago=220, rent=(330, 110, 70), ledger=(1, 1, 0, 0, 0.2, 0, 0), report=-58,
        attempts=[("letter", -57), ("reached", -55)],
        key_dates=[("termination_received", -95, ALL_TENANTS, "without_notice"), ("suit_served", -68, 0, ""),
                   ("authority_application", -54, None, "Sozialamt: Übernahme nach § 36 SGB XII")],
        situation="Frau Schreiber bezieht eine kleine Erwerbsminderungsrente; nach einer Nachzahlung von "
                  "Nebenkosten geriet sie in Rückstand. Das Sozialamt sagte die Übernahme zu, die Zusage ging "
                  "dem Vermieter aber erst nach dem Ende der Schonfrist zu. Jetzt wird mit dem Vermieter über "
                  "die Fortsetzung des Mietverhältnisses verhandelt.",
    ),
    # Closed: Schonfrist kept with the Jobcenter's commitment to pay; flat kept.
    Household(
        JANA, "eviction_suit", "court_notice", "Bahnhofstraße 27",
        [("Stefan Hartmann", 38, "Mieter", LEASE)],
        moved_in_months_ago=80, rent=(340, 112, 66), ledger=(1, 1, 1, 1, 1, 1), report=-115,
        attempts=[("letter", -114), ("reached", -112)],
        key_dates=[("termination_received", -150, ALL_TENANTS, "without_notice"), ("suit_served", -120, 0, ""),
                   ("authority_application", -110, None, "Jobcenter: Mietschuldenübernahme"),
                   ("authority_decision", -95, None, "Verpflichtungserklärung erteilt")],
        situation="Nach Kurzarbeit und einer Sperrzeit beim Arbeitslosengeld waren drei Monatsmieten offen. "
                  "Das Jobcenter gab innerhalb der Schonfrist eine Verpflichtungserklärung ab, die Kündigung "
                  "wurde unwirksam. Die laufende Miete wird seitdem pünktlich gezahlt.",
        closed=("flat_kept", -60),
    ),
    # Closed: evicted, now in the municipal emergency shelter.
    Household(
        LUKAS, "eviction_date", "housing_company", "Thälmannstraße 11",
        [("Andreas Lorenz", 55, "Mieter", LEASE)],
        moved_in_months_ago=150, rent=(285, 92, 52), report=-45,
        ledger=(1, 1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0), ledger_until=-31,  # until the eviction
        attempts=[("letter", -44), ("visit_nobody_home", -40), ("visit_nobody_home", -33), ("reached", -31)],
        key_dates=[("termination_received", -230, ALL_TENANTS, "without_notice"), ("judgment_final", -100, None, ""),
                   ("eviction_date", -30, None, "Gerichtsvollzieher")],
        situation="Herr Lorenz wurde erst kurz vor dem Räumungstermin erreicht und lehnte eine Übernahme durch "
                  "das Sozialamt zunächst ab. Die Räumung fand statt; er wurde in die Obdachlosenunterkunft der "
                  "Stadt eingewiesen. Die Wohnungssuche läuft über die Fachstelle weiter.",
        closed=("emergency_accommodation", -29),
    ),
]


def _person(db, email: str) -> dict:
    return next(db.query("SELECT id, team_id FROM person WHERE email = ?", [email]))


def _supervisor(db, team_id: str) -> str:
    return next(db.query("""SELECT p.id FROM person p JOIN person_role r ON r.person_id = p.id
                            WHERE r.role = 'supervisor' AND p.team_id = ? ORDER BY p.email""", [team_id]))["id"]


def _ledger_months(today: date, h: Household) -> list[date]:
    last = (today + timedelta(days=h.ledger_until)).replace(day=1)
    return [add_months(last, index - len(h.ledger) + 1) for index in range(len(h.ledger))]


def seed_households(db: sqlite_utils.Database, today: date) -> None:
    housing = next(db.query("SELECT id FROM organisation WHERE kind = 'housing_company' ORDER BY name"))["id"]
    for h in HOUSEHOLDS:
        worker = _person(db, h.worker)
        by = _supervisor(db, worker["team_id"])
        case = store.create_case(
            db, stage=h.stage, source=h.source, street=h.street, postcode="01968", city="Senftenberg",
            report_received_on=today + timedelta(days=h.report), worker_id=worker["id"], team_id=worker["team_id"],
            by=by, situation=h.situation, today=today,
            landlord_organisation_id=housing if h.landlord is HOUSING_COMPANY else None, landlord_name=h.landlord or "",
            members=[{"name": name, "birth_year": today.year - age, "relation": relation, "lease_party": lease}
                     for name, age, relation, lease in h.members])
        member_ids = [m["id"] for m in store.members(db, case["id"])]
        tenants = [m_id for m_id, m in zip(member_ids, h.members) if m[3]]
        base, service, heating = (euros * 100 for euros in h.rent)
        store.set_tenancy(db, case["id"], tenancy_start=add_months(today.replace(day=1), -h.moved_in_months_ago),
                          base_rent_cents=base, service_charge_cents=service, heating_cents=heating)
        rent = base + service + heating
        for month, share in zip(_ledger_months(today, h), h.ledger):
            store.set_ledger_month(db, case["id"], month.year, month.month, rent, int(round(rent * share, -2)))
        for kind, days, member, detail in h.key_dates:
            on = today + timedelta(days=days)
            if kind in ON_WORKING_DAY:
                on = next_working_day_on_or_after(on, DEFAULT_STATE)
            for member_id in tenants if member == ALL_TENANTS else [None if member is None else member_ids[member]]:
                store.add_key_date(db, case["id"], kind, on, worker["id"], member_id, detail)
        for kind, days in h.attempts:
            store.add_attempt(db, case["id"], kind, today + timedelta(days=days), worker["id"])
        if h.closed:
            outcome, days = h.closed
            closing.close(db, case["id"], outcome=outcome, on=today + timedelta(days=days), by=worker["id"])
