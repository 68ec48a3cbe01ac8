"""The funders' figures against a centre counted by hand (tests/support/statistics.py), the page,
its exports read back as a person's programs would, and who may see what."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date

import openpyxl
import pytest

from outreach.db import get_db, write
from outreach.reports import figures as reports
from tests.support import statistics as fixture

YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def built(app, centre):
    return fixture.build(app, centre)


def compute(app, start=date(2026, 1, 1), end=date(2026, 12, 31), team=None):
    with app.app_context():
        return reports.compute(get_db(), start, end, team).values


def cells(dist) -> dict:
    return {c.code: c.count for c in dist.cells if c.count}


def test_intake_figures_all_teams(app, built):
    v = compute(app)
    assert v["new_cases"] == 7  # A B C D F G H; E came on 31.12.2025
    assert cells(v["new_cases_by_source"]) == {"housing_company": 2, "court_notice": 2, "self": 1,
                                               "jobcenter_sozialamt": 1, "other": 1}
    assert cells(v["new_cases_by_partner"]) == {"Wohnungsgesellschaft Test": 1, "none": 6}
    assert cells(v["stage_at_first_contact"]) == {"termination": 1, "eviction_suit": 1, "eviction_title": 1,
                                                  "arrears": 1, "not_reached": 3}
    assert v["reach_rate"] == {"reached": 4, "cases": 7, "percent": 57.1}
    assert v["days_to_first_contact"] == {"median": 3.5, "p90": 20.0, "cases": 4}  # 1, 3, 4, 20
    assert v["days_to_first_home_visit"] == {"median": 15.0, "p90": 20.0, "cases": 2}  # 10, 20
    assert v["arrears_at_intake"] == {"median": 0.0, "cases": 7}  # 0 0 0 0 800 1200 2000


def test_results_figures_all_teams(app, built):
    v = compute(app)
    assert v["closed_cases"] == 5  # A B C E F; D closed on 01.01.2027
    assert cells(v["outcomes"]) == {"flat_kept": 3, "emergency_accommodation": 1, "help_refused": 1}
    assert cells(v["tools"]) == {"sgb2_loan": 1, "instalment_agreement": 1, "sgb12_help": 1, "unknown": 3}
    assert cells(v["causes"]) == {"income_loss": 1, "unknown": 4}
    assert cells(v["schonfrist_used"]) == {"yes": 1, "unknown": 4}
    assert v["evictions_prevented"] == {"prevented": 1, "with_eviction_date": 2, "percent": 50.0}  # B yes, C no
    assert v["repeat_cases_12_months"] == 2  # E reopened, G at A's address
    assert v["repeat_cases_24_months"] == 3  # and H at I's address (17 months)
    standing = v["tenancies_standing"]
    assert standing[3]["due"] == 3 and cells(standing[3]["results"]) == {"stands": 1, "lost": 1, "open": 1}
    assert standing[3]["percent_standing"] == 33.3
    assert standing[6]["due"] == 2 and cells(standing[6]["results"]) == {"stands": 1, "no_contact": 1}
    assert standing[12]["due"] == 0
    assert cells(v["sex"]) == {"female": 2, "male": 2, "unknown": 1}
    assert cells(v["age_band"]) == {"30_39": 1, "40_49": 1, "unknown": 3}


def test_effort_all_teams(app, built):
    effort = compute(app)["effort"]
    # minutes 30+15+0+10+5+60+90 = 210, travel 20+10+25+20+30 = 105: 315 min = 5.25 h over 5 cases and 12 months
    assert effort == {"contact_attempts": 5, "home_visits": 2, "home_visit_attempts": 1, "notes": 2, "hours": 5.2,
                      "travel_hours": 1.8, "cases_with_effort": 5, "hours_per_case_and_month": 0.09}


def test_one_team_and_the_period_boundaries(app, built):
    v = compute(app, team=built["nord"])
    assert v["new_cases"] == 6 and v["closed_cases"] == 3  # without E and F (Team Süd)
    assert v["repeat_cases_12_months"] == 1 and v["repeat_cases_24_months"] == 2
    # reported on 31 December, closed on 1 January: one year counts the report, the next the closing
    next_year = compute(app, date(2027, 1, 1), date(2027, 12, 31))
    assert next_year["new_cases"] == 0 and cells(next_year["outcomes"]) == {"moved_away_no_contact": 1}
    last_year = compute(app, date(2025, 1, 1), date(2025, 12, 31))
    assert last_year["new_cases"] == 1 and last_year["closed_cases"] == 1  # E reported, I closed


def page(browser, **params):
    return browser.client.get("/statistics", query_string=params)


def test_the_page_shows_suppressed_figures_with_links_to_their_definitions(app, centre, built):
    response = page(centre.supervisor, **YEAR)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'href="#def-reach_rate"' in html and 'id="def-reach_rate"' in html
    assert "Erreichungsquote" in html and "<svg" in html and "&lt; 3" in html
    assert "Wohnungsgesellschaft Test" not in html or "&lt; 3" in html  # one referral: a hidden cell
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'statistics.read'").fetchone()[0] == 1


@pytest.mark.parametrize("params, field", [
    ({"from": "2026-12-01", "to": "2026-01-01"}, "to"),
    ({"from": "01.13.2026"}, "from"),
    ({"team": "no-such-team"}, "team"),
    ({"from": "1990-01-01"}, "from"),
])
def test_bad_periods_and_teams_are_refused_in_german(centre, params, field):
    response = page(centre.supervisor, **params)
    assert response.status_code == 400
    assert f'aria-describedby="{field}-error"' in response.get_data(as_text=True)
    assert centre.supervisor.client.get("/statistics/export.csv", query_string=params).status_code == 400


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_opens_in_german_excel_with_decimal_commas(app, centre, built):
    response = centre.supervisor.client.get("/statistics/export.csv", query_string=YEAR)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    assert rows[0] == ["Kennzahl", "Kennzahl (Name)", "Kategorie", "Kategorie (Name)", "Wert", "Einheit"]
    by_key = {(r[0], r[2]): r[4] for r in rows[1:] if len(r) == 6}
    assert by_key[("new_cases", "")] == "7"
    assert by_key[("reach_rate", "percent")] == "57,1"
    assert by_key[("days_to_first_contact", "median")] == "3,5"
    assert by_key[("outcomes", "flat_kept")] == "3" and by_key[("outcomes", "help_refused")] == "< 3"
    assert by_key[("effort", "hours")] == "5,2"
    with app.app_context():
        [line] = get_db().execute("SELECT details FROM audit_log WHERE action = 'statistics.exported'").fetchall()
    assert json.loads(line[0])["format"] == "csv"


def test_a_team_name_that_looks_like_a_formula_stays_text(app, centre, built):
    with app.app_context():
        db = get_db()
        with write(db):
            db.execute("UPDATE team SET name = '=HYPERLINK(\"http://x\")' WHERE id = ?", [built["nord"]])
            db.execute("UPDATE organisation SET name = '+SUM(A1)' WHERE id = ?", [built["housing"]])
    query = {**YEAR, "team": built["nord"]}
    rows = read_csv(centre.supervisor.client.get("/statistics/export.csv", query_string=query).data)
    assert ["Team", "'=HYPERLINK(\"http://x\")"] in rows
    book = openpyxl.load_workbook(io.BytesIO(centre.supervisor.client.get("/statistics/export.xlsx",
                                                                          query_string=query).data))
    texts = [cell.value for row in book.active.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "'=HYPERLINK(\"http://x\")" in texts
    assert not any(t.startswith(("=", "+", "@")) for t in texts)
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_xlsx_reads_back_with_numbers_as_numbers(app, centre, built):
    response = centre.supervisor.client.get("/statistics/export.xlsx", query_string=YEAR)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    values = {(r[0], r[2] or ""): r[4] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert values[("new_cases", "")] == 7 and values[("reach_rate", "percent")] == 57.1
    assert values[("outcomes", "help_refused")] == "< 3"


def test_json_uses_the_documented_keys(app, centre, built):
    data = centre.supervisor.client.get("/statistics/export.json", query_string=YEAR).get_json()
    assert data["period"] == {"from": "2026-01-01", "to": "2026-12-31"}
    figures = data["figures"]
    assert figures["new_cases"] == 7 and figures["outcomes"]["flat_kept"] == 3
    assert figures["outcomes"]["help_refused"] == "< 3"
    assert figures["tenancies_standing"]["3_months"]["due"] == 3
    documented = open("docs/statistics.md", encoding="utf-8").read()
    for key in figures:
        assert f"`{key}`" in documented, key


def test_the_annual_report_pdf_has_the_figures(app, centre, built):
    response = centre.admin.client.get("/statistics/export.pdf", query_string=YEAR)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.data, capture_output=True,
                          check=True).stdout.decode()
    assert "Sachbericht" in text and "Neue Fälle" in text and "Erreichungsquote" in text and "57,1" in text


STATISTICS = {"supervisor": 200, "other_supervisor": 200, "admin": 200, "worker": 403, "colleague": 403,
              "other_team_worker": 403, "partner": 403}
ROUTES = {
    "/statistics": STATISTICS,
    "/statistics/export.csv": STATISTICS,
    "/statistics/export.xlsx": STATISTICS,
    "/statistics/export.json": STATISTICS,
    "/statistics/export.pdf": STATISTICS,
    "/statistics/export.exe": {**STATISTICS, "supervisor": 404, "other_supervisor": 404, "admin": 404},
    "/statistics/records.csv": {**{role: 403 for role in STATISTICS}, "admin": 200},
    "/statistics/mine": {**{role: 200 for role in STATISTICS}, "admin": 403, "partner": 403},
    "/partner/statistics": {**{role: 403 for role in STATISTICS}, "partner": 200},
}


def test_the_matrix_covers_every_reports_route(app):
    rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("reports.")}
    assert rules == {"/statistics", "/statistics/export.<extension>", "/statistics/records.csv", "/statistics/mine",
                     "/partner/statistics"}


@pytest.mark.parametrize("url", sorted(ROUTES))
def test_route_by_role(app, centre, url):
    assert app.test_client().get(url).status_code == 302  # signed out: to the sign-in
    for role, status in ROUTES[url].items():
        response = getattr(centre, role).client.get(url, query_string=YEAR if "partner" not in url else {})
        assert response.status_code == status, (url, role, response.status_code)


def test_the_case_record_set_is_anonymous_and_audited(app, centre, built):
    response = centre.admin.client.get("/statistics/records.csv", query_string=YEAR)
    rows = read_csv(response.data)
    header, records = rows[0], rows[1:]
    assert len(records) == 5 and "record" in header and "age_band" in header
    text = response.data.decode("utf-8-sig")
    for secret in ("Bahnhofstraße", "Haushalt", "Markt 2", "1980", *built["cases"].values()):
        assert secret not in text
    months = {r[header.index("closed_month")] for r in records}
    assert months <= {"2026-01", "2026-05", "2026-06", "2026-07", "2026-12"}
    assert {r[header.index("arrears_at_intake_rounded")] for r in records} <= {"0", "800", "1200", "2000"}
    with app.app_context():
        [line] = get_db().execute("SELECT details FROM audit_log WHERE action = 'statistics.case_records_exported'")
    assert json.loads(line[0])["records"] == 5


def test_a_worker_sees_her_own_month(app, centre, built):
    html = centre.worker.client.get("/statistics/mine", query_string={"month": "2026-02"}).get_data(as_text=True)
    # February: A reached (30 + 20) and A's home visit (60 + 20): 130 minutes = 2.2 hours
    assert "Mein Monat" in html and "2,2" in html
    assert centre.worker.client.get("/statistics/mine", query_string={"month": "2026-13"}).status_code == 400
    assert centre.worker.client.get("/statistics/mine", query_string={"month": "2999-01"}).status_code == 400
    assert "0" in centre.colleague.client.get("/statistics/mine", query_string={"month": "2026-02"}).get_data(
        as_text=True)  # the colleague recorded nothing


def test_a_partner_sees_only_its_own_yearly_figures_with_cells_under_five_hidden(app, centre, built):
    response = centre.partner.client.get("/partner/statistics", query_string={"year": "2026"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "&lt; 5" in html and "Bahnhofstraße" not in html
    assert centre.partner.client.get("/partner/statistics", query_string={"year": "1999"}).status_code == 404
    other = centre.city_partner.client.get("/partner/statistics", query_string={"year": "2026"}).get_data(as_text=True)
    assert "&lt; 5" not in other  # the city referred nothing: zeros, nothing hidden
