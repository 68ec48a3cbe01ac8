"""The budget in real Chromium on a phone: entered offline by touch, figures and pictures update as
amounts are typed, it syncs, and the tenant's PDF holds the same totals."""

from __future__ import annotations

import re
import subprocess

from playwright.sync_api import expect

from outreach.db import get_db
from tests.e2e.test_offline_caseload import caseload_ready, centre, reopen  # noqa: F401  (fixture)

NBSP = "\u00a0"


def row(page, kind, index=-1):
    rows = page.locator(f'[data-row="{kind}"]')
    return rows.nth(index if index >= 0 else rows.count() - 1)


def add(page, kind, button, category, amount, rhythm="monthly"):
    page.get_by_role("button", name=button).tap()
    new = row(page, kind)
    new.locator('[data-field="category"]').select_option(category)
    amount_field = new.locator('[data-field="amount"]')
    amount_field.tap()
    amount_field.fill(amount)
    new.locator('[data-field="rhythm"]').select_option(rhythm)
    return new


def chart_geometry(page):
    return page.eval_on_selector_all(
        'svg[data-chart] rect', "rects => rects.map(r => ['x', 'y', 'width', 'height', 'fill'].map(a => r.getAttribute(a)))")


def test_a_budget_entered_offline_by_touch_updates_live_syncs_and_prints(centre, signed_in_phone, tmp_path):  # noqa: F811
    server, jana, _lukas, mine, _other = centre()
    with server.app.app_context():  # rent on record: the form starts with it as an expense
        get_db().execute("UPDATE household_case SET base_rent_cents = 52000 WHERE id = ?", [mine["id"]])
    page = signed_in_phone(server, jana)
    page.goto(server.url + "/cases")
    caseload_ready(page)

    page.context.set_offline(True)
    page = reopen(page.context, f"{server.url}/cases/{mine['id']}/budget")
    expect(page.get_by_role("heading", level=1)).to_have_text("Haushaltsplan")
    expect(row(page, "expense", 0).locator('[data-field="amount"]')).to_have_value("520,00")
    # Rent but no income yet: short of money, with the hint to check a top-up claim.
    expect(page.locator('[data-out="negative"]')).to_be_visible()
    expect(page.locator('[data-out="hints"]')).to_contain_text("aufstockenden Anspruch")

    add(page, "income", "Einnahme hinzufügen", "net_wages", "1.850")
    expect(page.locator('[data-out="income"]')).to_have_text(f"1.850,00{NBSP}€")
    expect(page.locator('[data-out="negative"]')).to_be_hidden()
    expect(row(page, "income").locator("[data-echo]")).to_have_text(f"1.850,00{NBSP}€")  # echoed as read
    add(page, "expense", "Ausgabe hinzufügen", "broadcasting_fee", "55,08", "quarterly")
    fee = add(page, "expense", "Ausgabe hinzufügen", "food_household", "150", "weekly")
    expect(fee.locator("[data-monthly]")).to_have_text(f"pro Monat: 650,00{NBSP}€")
    # 520 + 18,36 + 650 = 1.188,36 €; free 1.850 − 1.188,36 = 661,64 €
    expect(page.locator('[data-out="expenses"]')).to_have_text(f"1.188,36{NBSP}€")
    expect(page.locator('[data-out="free"]')).to_have_text(f"661,64{NBSP}€")
    expect(page.locator('svg[data-chart="budget"] desc')).to_contain_text(f"Freier Betrag: 661,64{NBSP}€")

    # Nonsense is refused with a message and stays in the field; nothing is counted from it.
    bad = row(page, "expense", 1).locator('[data-field="amount"]')
    bad.fill("55,0,8")
    expect(row(page, "expense", 1).locator("[data-echo]")).to_have_text(re.compile("kein gültiger Betrag"))
    expenses = page.locator('details[data-fold="budget-expenses"]')
    page.locator("#budget-expenses-heading").tap()  # folded away before saving: the part to correct opens again
    expect(expenses).not_to_have_attribute("open", "")
    page.get_by_role("button", name="Haushaltsplan speichern").tap()
    expect(page.locator("[data-form-message]")).to_have_text(re.compile("nichts Eingegebenes geht verloren"))
    expect(expenses).to_have_attribute("open", "")
    expect(bad).to_be_focused()
    expect(bad).to_have_value("55,0,8")
    bad.fill("55,08")

    arrears = page.get_by_label("Mietrückstand (€)")
    arrears.fill("1.000")
    expect(page.locator('[data-out="suggested"]')).to_have_text(f"611,64{NBSP}€")
    expect(page.locator('[data-out="months"]')).to_have_text("2")
    page.get_by_label("Rate (€, leer: der Vorschlag)").fill("800")
    expect(page.locator('[data-out="warnings"] [data-code="instalment_exceeds_free"]')).to_be_visible()
    page.get_by_label("Rate (€, leer: der Vorschlag)").fill("300")
    expect(page.locator('[data-out="months"]')).to_have_text("4")
    expect(page.locator('[data-out="payoff"]')).to_have_text(re.compile(r"^03\.\d{2}\.\d{4}$"))  # due on the 3rd
    expect(page.locator('svg[data-chart="arrears"] rect')).to_have_count(4)
    live_geometry = chart_geometry(page)

    page.get_by_role("button", name="Haushaltsplan speichern").tap()
    expect(page.locator("[data-form-message]")).to_have_text(re.compile("Auf diesem Gerät gespeichert"))
    pending = page.locator(".pending-item")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text("Noch nicht gesendet")
    expect(pending).to_contain_text(f"Freier Betrag: 661,64{NBSP}€")
    with server.app.app_context():
        assert get_db().execute("SELECT count(*) FROM budget_revision").fetchone()[0] == 0

    # Still offline, the form opened again shows the version waiting on the phone and builds on it.
    page.goto(f"{server.url}/cases/{mine['id']}")
    page.locator("#budget").get_by_role("link", name="Haushaltsplan erstellen").tap()
    expect(page.locator("[data-unsent-notice]")).to_contain_text("noch nicht gesendete Fassung")
    expect(page.get_by_label("Rate (€, leer: der Vorschlag)")).to_have_value("300,00")
    page.get_by_label("Notizen").fill("Zweite Fassung, offline.")
    page.get_by_role("button", name="Haushaltsplan speichern").tap()
    expect(page.locator(".pending-item")).to_have_count(2)

    page.context.set_offline(False)
    page.goto(f"{server.url}/cases/{mine['id']}")
    expect(page.locator("[data-pending-list][data-rendered]").first).to_be_attached(timeout=10000)
    expect(page.locator("#budget .pending-item")).to_have_count(0, timeout=20000)
    page.reload()
    budget = page.locator("#budget")
    expect(budget.locator('[data-out="free"]')).to_have_text(f"661,64{NBSP}€")
    expect(budget.locator('[data-out="instalment"]')).to_have_text(f"300,00{NBSP}€")
    with server.app.app_context():  # both arrived, the second built on the first: no conflict
        states = [r[0] for r in get_db().execute("SELECT state FROM budget_revision ORDER BY received_at")]
    assert states == ["superseded", "current"]

    page.goto(f"{server.url}/cases/{mine['id']}/budget/copy")
    assert chart_geometry(page) == live_geometry  # the printed picture is the one drawn live
    page.goto(f"{server.url}/cases/{mine['id']}")
    with page.expect_download() as download:
        page.locator("#budget").get_by_role("link", name="PDF herunterladen").tap()
    path = tmp_path / "haushaltsplan.pdf"
    download.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "Haushaltsplan" in text
    for figure in ("1.850,00 €", "1.188,36 €", "661,64 €", "300,00 €", "1.000,00 €"):
        assert figure in text, figure
