"""The record of processing activities (issue 23): generated from the partner organisations, the
published consent templates and the retention settings, for admins only, and audited."""

from __future__ import annotations

import pytest

from outreach.db import get_db
from tests.support.consent import published_version


def test_it_is_made_from_the_configuration(app, centre):
    html = centre.admin.page("/admin/record-of-processing")
    assert "Verzeichnis der Verarbeitungstätigkeiten" in html
    assert 'data-purpose="arrears_takeover"' in html and "keine veröffentlichte Einwilligungsvorlage" in html
    published_version(app, centre.admin, [centre.city], purposes=("arrears_takeover",),
                      categories=("contact", "arrears_plan"))
    app.config["RETENTION_SESSIONS_DAYS"] = 77
    html = centre.admin.page("/admin/record-of-processing")
    takeover = html.split('data-purpose="arrears_takeover"')[1].split("</dl>")[0]
    with app.app_context():
        city = get_db().execute("SELECT name FROM organisation WHERE id = ?", [centre.city]).fetchone()[0]
    assert city in takeover and "Kontaktdaten" in takeover and "Mietschulden und Ratenplan" in takeover
    assert "Gesundheit" not in takeover
    assert "77 Tage" in html and city in html.split('id="recipients"')[1]
    with app.app_context():
        assert get_db().execute("SELECT count(*) FROM audit_log WHERE action = 'record_of_processing.read'"
                                ).fetchone()[0] == 2


@pytest.mark.parametrize("person", ("worker", "supervisor", "partner"))
def test_only_admins_see_it(app, centre, person):
    assert getattr(centre, person).client.get("/admin/record-of-processing").status_code == 403
    assert app.test_client().get("/admin/record-of-processing").status_code == 302
