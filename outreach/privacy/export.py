"""Everything stored about one household (GDPR Art. 15 and 20, issue 23): every row of every table
the areas declared in the `household` registry, the files among them (signatures, strokes, paper
photos, document pages), the audit lines about any of those rows, and the names of the staff and
organisations they mention. Nothing about another household: rows are found through the case
only, and audit lines by the ids of those rows. The schema is docs/household-export.md."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from .. import household

SCHEMA = "outreach-household-export/1"
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "application/json": "json",
              "application/pdf": "pdf"}
AUDIT_FIELDS = ("seq", "at", "actor_id", "action", "subject_type", "subject_id", "device_id", "details")


@dataclass
class Export:
    data: dict
    files: dict[str, bytes] = field(default_factory=dict)  # path in the export -> content


def _file_entry(table: household.Table, row: dict, column: str, number: int, files: dict) -> dict | None:
    blob = row.get(column)
    if not blob:
        return None
    declared = table.files[column]
    media = row.get(declared) if declared in row else declared
    name = str(row.get("id") or row.get("document_id") or number)
    position = f"-{row['position']}" if "position" in row and "id" not in row else ""
    path = f"files/{table.name}/{name}{position}-{column}.{EXTENSIONS.get(media or '', 'bin')}"
    files[path] = bytes(blob)
    return {"file": path, "media_type": media or "application/octet-stream", "bytes": len(blob),
            "sha256": hashlib.sha256(blob).hexdigest()}


def _plain(value):
    if isinstance(value, bytes | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode()}
    return value


def collect(db, case_id: str, *, exported_at: str, exported_by: str | None) -> Export:
    files: dict[str, bytes] = {}
    parts, ids = [], set()
    for table in household.tables():
        rows = []
        for number, row in enumerate(db.query(f"SELECT t.* FROM {table.name} t WHERE {table.rows} "
                                              f"ORDER BY {table.order}", {"case": case_id}), start=1):
            row = dict(row)
            if isinstance(row.get("id"), str):
                ids.add(row["id"])
            rows.append({column: (_file_entry(table, row, column, number, files) if column in table.files
                                  else _plain(value)) for column, value in row.items()})
        parts.append({"table": table.name, "title": str(table.title), "rows": rows})
    audit = _audit_lines(db, sorted(ids))
    mentioned = {v for part in parts for row in part["rows"] for k, v in row.items()
                 if isinstance(v, str) and (k.endswith(("_by", "_id")) or k in ("done_by", "decided_by"))}
    mentioned |= {line["actor_id"] for line in audit if line["actor_id"]}
    case = next(iter(parts[0]["rows"]), {}) if parts and parts[0]["table"] == "household_case" else {}
    data = {
        "schema": SCHEMA,
        "exported_at": exported_at,
        "exported_by": exported_by,
        "case_number": case.get("number"),
        "anonymised_at": case.get("anonymised_at"),
        "parts": parts,
        "audit": audit,
        "people": _names(db, "person", "display_name", mentioned),
        "organisations": _names(db, "organisation", "name", mentioned),
        "services": _names(db, "service", "name", mentioned),
        "files": [{"path": path, "bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
                  for path, content in sorted(files.items())],
    }
    return Export(data, files)


def _chunks(ids: list[str], size: int = 500):
    """`ids` a few hundred at a time, with the marks of an IN (…) for them (SQLite's variable limit)."""
    for start in range(0, len(ids), size):
        chunk = ids[start:start + size]
        yield chunk, ",".join("?" * len(chunk))


def _audit_lines(db, ids: list[str]) -> list[dict]:
    """The audit lines whose subject is one of the household's rows (the case, its notes, consents,
    documents …), oldest first."""
    lines: list[dict] = []
    for chunk, marks in _chunks(ids):
        lines += [dict(row) for row in db.query(
            f"SELECT {', '.join(AUDIT_FIELDS)} FROM audit_log WHERE subject_id IN ({marks})", chunk)]
    for line in lines:
        line["details"] = json.loads(line["details"] or "{}")
    return sorted(lines, key=lambda line: line["seq"])


def _names(db, table: str, column: str, ids: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk, marks in _chunks(sorted(i for i in ids if i and len(i) <= 64)):
        found.update(db.execute(f"SELECT id, {column} FROM {table} WHERE id IN ({marks})", chunk).fetchall())
    return dict(sorted(found.items()))


def to_json(export: Export) -> bytes:
    return json.dumps(export.data, ensure_ascii=False, indent=1, sort_keys=False).encode()


def write_zip(export: Export, pdf: bytes) -> bytes:
    """One download: household.json, household.pdf and the files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("household.json", to_json(export))
        archive.writestr("household.pdf", pdf)
        for path, content in sorted(export.files.items()):
            archive.writestr(path, content)
    return buffer.getvalue()
