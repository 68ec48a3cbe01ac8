"""Consent templates and their versions in the database: drafts change, published versions never."""

from __future__ import annotations

import json
import secrets

import sqlite_utils

from .. import clock
from ..db import write
from ..domain import consent as rules


class NotADraft(Exception):
    pass


class GermanFirst(Exception):
    pass


def _version(row: dict | None) -> dict | None:
    if row is not None:
        row["content"] = json.loads(row["content"])
    return row


def create_template(db: sqlite_utils.Database, name: str, content: dict, by: str) -> str:
    """A template with its first (German or other) draft version; returns the version id."""
    template_id, version_id = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    now = clock.stamp()
    with write(db):
        db["consent_template"].insert({"id": template_id, "name": name, "created_by": by, "created_at": now})
        _insert_version(db, version_id, template_id, 1, content, by)
    return version_id


def _insert_version(db, version_id: str, template_id: str, number: int, content: dict, by: str) -> None:
    db["consent_version"].insert({
        "id": version_id, "template_id": template_id, "version": number, "language": content["language"],
        "status": "draft", "content": json.dumps(content, ensure_ascii=False),
        "content_hash": rules.version_hash(content), "created_by": by, "created_at": clock.stamp(),
        "published_by": None, "published_at": None})


def get_version(db, version_id: str) -> dict | None:
    rows = list(db.query("SELECT v.*, t.name AS template_name FROM consent_version v "
                         "JOIN consent_template t ON t.id = v.template_id WHERE v.id = ?", [version_id]))
    return _version(rows[0] if rows else None)


def templates(db) -> list[dict]:
    items = []
    for template in db.query("SELECT * FROM consent_template ORDER BY name"):
        versions = [_version(v) for v in db.query("SELECT * FROM consent_version WHERE template_id = ? "
                                                  "ORDER BY version DESC, language", [template["id"]])]
        items.append({**template, "versions": versions})
    return items


def published(db) -> list[dict]:
    """What a worker may choose from: the newest published version per template and language."""
    rows = db.query("""SELECT v.*, t.name AS template_name FROM consent_version v
                       JOIN consent_template t ON t.id = v.template_id WHERE v.status = 'published'
                       AND v.version = (SELECT max(w.version) FROM consent_version w WHERE w.template_id = v.template_id
                                        AND w.language = v.language AND w.status = 'published')
                       ORDER BY t.name, v.language""")
    return [_version(row) for row in rows]


def update_draft(db, version_id: str, content: dict) -> None:
    with write(db):
        changed = db.execute("UPDATE consent_version SET content = ?, content_hash = ?, language = ? "
                             "WHERE id = ? AND status = 'draft'",
                             [json.dumps(content, ensure_ascii=False), rules.version_hash(content),
                              content["language"], version_id]).rowcount
        if changed != 1:
            raise NotADraft(version_id)


def publish(db, version_id: str, by: str) -> None:
    with write(db):
        version = get_version(db, version_id)
        if version is None or version["status"] != "draft":
            raise NotADraft(version_id)
        languages = {r[0] for r in db.execute("SELECT language FROM consent_version WHERE template_id = ? "
                                               "AND version = ? AND status = 'published'",
                                               [version["template_id"], version["version"]])}
        if not rules.may_publish(version["language"], languages):
            raise GermanFirst(version_id)
        db.execute("UPDATE consent_version SET status = 'published', published_by = ?, published_at = ? WHERE id = ?",
                   [by, clock.stamp(), version_id])


def derive(db, version_id: str, by: str, *, language: str | None = None) -> str:
    """A new draft from a version: the next version number, or (given a language) a translation
    of the same version number, starting from the same content."""
    source = get_version(db, version_id)
    if source is None:
        raise NotADraft(version_id)
    content = dict(source["content"])
    with write(db):
        if language:
            number = source["version"]
            content = rules.new_content(
                title=content["title"], intro=content["intro"], language=language,
                easy_language=content["easy_language"], recipients=content["recipients"],
                purposes=[p["code"] for p in content["purposes"]],
                categories=[c["code"] for c in content["categories"]], validity_months=content["validity_months"],
                wording=rules.wording_of(content))  # a language without a standard wording starts from these
            if db.execute("SELECT 1 FROM consent_version WHERE template_id = ? AND version = ? AND language = ?",
                          [source["template_id"], number, language]).fetchone():
                raise NotADraft(version_id)
        else:
            number = 1 + db.execute("SELECT max(version) FROM consent_version WHERE template_id = ?",
                                    [source["template_id"]]).fetchone()[0]
        new_id = secrets.token_urlsafe(12)
        _insert_version(db, new_id, source["template_id"], number, content, by)
    return new_id
