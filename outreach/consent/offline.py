"""Consent pages in a worker's offline set: the signing page and each consent of the case."""

from __future__ import annotations

from flask import url_for


def consent_urls(db, case_id: str) -> list[str]:
    urls = [url_for("consent.new_consent", case_id=case_id)]
    urls += [url_for("consent.consent_page", consent_id=row["id"])
             for row in db.query("SELECT id FROM consent_record WHERE case_id = ? ORDER BY received_at DESC", [case_id])]
    return urls
