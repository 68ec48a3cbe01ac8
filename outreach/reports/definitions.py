"""Each figure's name and definition, German and English, in words a funder can read (no SQL).
docs/statistics.md holds the same definitions with the mapping to the national categories; a
test keeps the two key lists equal."""

from __future__ import annotations

# key: (German name, English name, German definition, English definition)
FIGURES = {
    "new_cases": ("Neue Fälle", "New cases",
                  "Fälle, deren Meldung im Zeitraum einging (Eingangsdatum der Meldung).",
                  "Cases whose report was received within the period (date the report arrived)."),
    "new_cases_by_source": ("Neue Fälle nach Zugang", "New cases by source",
                            "Neue Fälle nach dem Weg, auf dem sie kamen (Wohnungsunternehmen, Mitteilung des Gerichts, "
                            "Jobcenter/Sozialamt, selbst, andere).",
                            "New cases by how they arrived (housing company, court notice, Jobcenter/Sozialamt, "
                            "self-referral, other)."),
    "new_cases_by_partner": ("Neue Fälle nach meldender Stelle", "New cases by referring partner",
                             "Neue Fälle nach der Partnerorganisation, die sie über die App gemeldet hat; leer: ohne "
                             "Meldung eines Partners.",
                             "New cases by the partner organisation that referred them through the app; blank: not "
                             "referred by a partner."),
    "stage_at_first_contact": ("Stand beim Erstkontakt", "Stage at first contact",
                               "Neue Fälle nach dem Stand des Verfahrens, als die Mieterin oder der Mieter zum ersten "
                               "Mal erreicht wurde; „nicht erreicht“: bis heute kein Kontakt.",
                               "New cases by the stage of the proceedings when the tenant was first reached; "
                               "“not reached”: no contact so far."),
    "reach_rate": ("Erreichungsquote", "Reach rate",
                   "Anteil der neuen Fälle, in denen der Haushalt erreicht wurde (ein Kontaktversuch „persönlich "
                   "erreicht“ oder eine Notiz über ein Gespräch zu Hause, im Büro oder am Telefon).",
                   "Share of new cases in which the household was reached (a contact attempt “reached in person” or "
                   "a note of a talk at home, at the centre or by phone)."),
    "days_to_first_contact": ("Tage bis zum Erstkontakt", "Days to first contact",
                              "Bei erreichten neuen Fällen: Tage von der Meldung bis zum ersten Kontakt; Median und "
                              "90. Perzentil (9 von 10 Fällen wurden spätestens dann erreicht).",
                              "For new cases that were reached: days from the report to the first contact; median "
                              "and 90th percentile (9 in 10 cases were reached by then)."),
    "days_to_first_home_visit": ("Tage bis zum ersten Hausbesuch", "Days to first home visit",
                                 "Bei neuen Fällen mit Hausbesuch: Tage von der Meldung bis zum ersten Hausbesuch mit "
                                 "Gespräch; Median und 90. Perzentil.",
                                 "For new cases with a home visit: days from the report to the first home visit with "
                                 "a talk; median and 90th percentile."),
    "arrears_at_intake": ("Mietschulden bei Meldung", "Arrears at intake",
                          "Median der Mietschulden der neuen Fälle: laut Meldung des Partners, sonst offene Monate der "
                          "Mietkontoübersicht bis zum Monat der Meldung (Euro).",
                          "Median arrears of the new cases: as the partner's referral states, otherwise the open "
                          "months of the arrears ledger up to the month of the report (euros)."),
    "closed_cases": ("Abgeschlossene Fälle", "Closed cases",
                     "Abschlüsse im Zeitraum (ein wieder aufgenommener und erneut abgeschlossener Fall zählt jedes Mal).",
                     "Closings within the period (a case reopened and closed again counts each time)."),
    "outcomes": ("Ergebnis beim Abschluss", "Outcome at closing",
                 "Abschlüsse im Zeitraum nach Ergebnis.", "Closings within the period by outcome."),
    "tools": ("Hilfen, die die Wohnung sicherten", "Tools that secured the flat",
              "Abschlüsse nach den Hilfen, die die Wohnung oder eine neue sicherten; mehrere je Fall möglich, daher "
              "ergibt die Summe mehr als die Zahl der Fälle.",
              "Closings by the tools that secured the flat or a new one; several per case, so they add up to more "
              "than the cases."),
    "causes": ("Ursachen", "Causes",
               "Abschlüsse nach Auslöser und Ursache des drohenden Wohnungsverlusts; mehrere je Fall möglich.",
               "Closings by trigger and reason of the threatened loss of the flat; several per case."),
    "onward_referrals": ("Weitervermittlungen", "Onward referrals",
                         "Abschlüsse nach den Diensten, an die der Haushalt weitervermittelt wurde; mehrere je Fall.",
                         "Closings by the services the household was referred on to; several per case."),
    "schonfrist_used": ("Schonfrist genutzt", "Schonfrist used",
                        "Abschlüsse danach, ob die Kündigung durch Zahlung oder Verpflichtungserklärung binnen zwei "
                        "Monaten nach Zustellung der Räumungsklage unwirksam wurde (§ 569 Abs. 3 Nr. 2 BGB).",
                        "Closings by whether the termination was healed by payment or an authority's commitment within "
                        "two months of the eviction suit (§ 569(3) no. 2 BGB)."),
    "evictions_prevented": ("Verhinderte Räumungen", "Evictions prevented",
                            "Abschlüsse, bei denen vor dem Ergebnis ein Räumungstermin angesetzt war, und davon die mit "
                            "erhaltener oder neuer Wohnung.",
                            "Closings where an eviction date had been set before the outcome, and of those the ones "
                            "that ended with the flat kept or a new flat."),
    "shelter_requests": ("Anfragen zur Notunterbringung", "Shelter requests",
                         "Anfragen an die Stadt nach einem Platz in einer Notunterkunft, gesendet im Zeitraum (ein "
                         "Räumungstermin stand fest, keine Behörde hatte die Übernahme zugesagt), nach der Antwort der "
                         "Stadt: Platz zugewiesen, abgelehnt, noch keine Antwort.",
                         "Requests to the city for a place in emergency accommodation sent within the period (an "
                         "eviction date was set and no authority had committed to pay), by the city's answer: place "
                         "given, refused, no answer yet."),
    "repeat_cases_12_months": ("Wiederholungsfälle (12 Monate)", "Repeat cases (12 months)",
                               "Fälle, die im Zeitraum wieder aufgenommen wurden (30 Tage oder mehr nach dem "
                               "Abschluss) oder neu gemeldet wurden unter der Anschrift eines zuvor abgeschlossenen "
                               "Falls, und zwar höchstens 12 Monate nach diesem Abschluss.",
                               "Cases reopened within the period (30 days or more after closing) or newly reported at "
                               "the address of a case closed before, at most 12 months after that closing."),
    "repeat_cases_24_months": ("Wiederholungsfälle (24 Monate)", "Repeat cases (24 months)",
                               "Wie oben, höchstens 24 Monate nach dem früheren Abschluss.",
                               "As above, at most 24 months after the earlier closing."),
    "tenancies_standing": ("Mietverhältnis besteht nach 3/6/12 Monaten", "Tenancies standing at 3/6/12 months",
                           "Nachfragen, die im Zeitraum fällig waren (nach Abschluss mit erhaltener oder neuer "
                           "Wohnung), nach Ergebnis; der Anteil „besteht“ bezieht sich auf alle fälligen, auch die noch "
                           "offenen.",
                           "Follow-ups due within the period (after closing with the flat kept or a new flat), by "
                           "result; the share “stands” is of all due, including those still open."),
    "effort": ("Aufwand", "Effort",
               "Kontaktversuche, Hausbesuche, Notizen und Zeit im Zeitraum; Stunden = erfasste Minuten der Kontakte "
               "und Besuche, Fahrzeit getrennt ausgewiesen und in den Stunden enthalten; Fachleistungsstunden je Fall "
               "und Monat = Stunden ÷ Fälle mit Aufwand ÷ Monate des Zeitraums.",
               "Contact attempts, home visits, notes and time within the period; hours = recorded minutes of "
               "contacts and visits, travel shown apart and included; professional hours per case and month = "
               "hours ÷ cases with effort ÷ months of the period."),
}
for _demographic, (_de, _en) in {
    "sex": ("Geschlecht", "Sex"), "age_band": ("Altersgruppe", "Age band"),
    "household_type": ("Haushaltsform", "Household type"), "children": ("Kinder unter 18", "Children under 18"),
    "income_source": ("Haupteinkommen", "Main income"), "nationality": ("Staatsangehörigkeit", "Nationality"),
    "housing_situation": ("Wohnsituation", "Housing situation"), "education": ("Bildung", "Education"),
    "employment": ("Erwerbssituation", "Employment"), "bank_account": ("Bankkonto", "Bank account"),
    "over_indebtedness": ("Überschuldung", "Over-indebtedness"),
}.items():
    FIGURES[_demographic] = (_de, _en, f"Abschlüsse im Zeitraum nach {_de} des Haushalts (bei Abschluss erfasst, "
                                       "Bezugsperson: wer den Mietvertrag hat).",
                             f"Closings within the period by the household's {_en.lower()} (recorded at closing, for "
                             "the tenant who holds the lease).")

# How the figures are grouped on the page and in the report.
SECTIONS = (
    ("intake", ("Zugang", "Intake"), ("new_cases", "new_cases_by_source", "new_cases_by_partner",
                                      "stage_at_first_contact", "reach_rate", "days_to_first_contact",
                                      "days_to_first_home_visit", "arrears_at_intake")),
    ("results", ("Ergebnisse", "Results"), ("closed_cases", "outcomes", "tools", "schonfrist_used",
                                            "evictions_prevented", "shelter_requests", "repeat_cases_12_months",
                                            "repeat_cases_24_months", "tenancies_standing", "causes",
                                            "onward_referrals")),
    ("effort", ("Aufwand", "Effort"), ("effort",)),
    ("household", ("Haushalte", "Households"), ("sex", "age_band", "household_type", "children", "income_source",
                                                "nationality", "housing_situation", "education", "employment",
                                                "bank_account", "over_indebtedness")),
)


def name(key: str, locale: str) -> str:
    de, en, _, _ = FIGURES[key]
    return de if locale == "de" else en


def definition(key: str, locale: str) -> str:
    _, _, de, en = FIGURES[key]
    return de if locale == "de" else en
