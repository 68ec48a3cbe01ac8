"""Backups that can be trusted, and their restore (issue 24).

A backup is SQLite's online copy plus a manifest beside it (`<backup>.manifest.json`): when, the
schema (the migrations applied), the rows per table, the SHA-256 of the copy and the audit chain's
head (sequence number and MAC) — so a restore can tell the copy it holds is the one that was made.
With recipients the copy is encrypted with age (pyrage: the Rust `rage` implementation of the age
format, X25519 recipients — `age-keygen`'s keys), so a backup on another disk or provider is
unreadable without the centre's identity file; the manifest holds no personal data.

A restore never writes over an existing file: it decrypts if needed, checks the SHA-256, copies
into the new file, then checks `PRAGMA integrity_check`, the schema, the audit chain, every
approval and every consent with the evidence keys, and that the audit head equals the manifest's.
Any failure removes the new file and says why."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import clock
from .. import db as database
from .. import migrations

FORMAT = "outreach-backup/1"
AGE_MAGIC = b"age-encryption.org/v1"


class Refused(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def manifest_path(backup: str | Path) -> Path:
    return Path(f"{backup}.manifest.json")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: str | Path) -> dict:
    """Schema, rows per table and the audit chain's head of a database file."""
    db = database.connect(str(path))
    try:
        applied = [row[0] for row in db.execute("SELECT name FROM _sqlite_migrations ORDER BY id")] \
            if db["_sqlite_migrations"].exists() else []
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        rows = {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
        head = db.execute("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone() \
            if "audit_log" in tables else None
    finally:
        db.close()
    return {"migrations": applied, "rows": rows, "audit_head": {"seq": head[0], "mac": head[1]} if head else None}


def make(source: str, target: str, *, recipients: tuple[str, ...] = ()) -> dict:
    """Copy `source` to `target` (encrypted for `recipients` when given) and write its manifest."""
    target_path = Path(target)
    if target_path.exists() or manifest_path(target).exists():
        raise Refused([f"{target} exists already; choose a new file name."])
    keys = _recipients(recipients)
    # The plain copy is made beside the live database (which is plain anyway), never on the backup
    # disk or share the encrypted copy goes to.
    with tempfile.TemporaryDirectory(dir=Path(source).resolve().parent) as work:
        plain = Path(work) / "copy.sqlite3"
        database.backup(source, str(plain))
        facts = describe(plain)
        manifest = {"format": FORMAT, "created_at": clock.stamp(), **facts, "sha256": _sha256(plain),
                    "encrypted_for": list(recipients)}
        if keys:
            import pyrage

            target_path.write_bytes(pyrage.encrypt(plain.read_bytes(), keys))
        else:
            shutil.move(plain, target_path)
    os.chmod(target_path, 0o600)
    manifest_path(target).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _recipients(recipients: tuple[str, ...]) -> list:
    if not recipients:
        return []
    from pyrage import x25519

    try:
        return [x25519.Recipient.from_str(r.strip()) for r in recipients]
    except Exception as error:  # noqa: BLE001 — pyrage raises its own types for a malformed key
        raise Refused([f"Not an age recipient (age1…): {error}"]) from error


def _identities(identity_files: tuple[str, ...]) -> list:
    from pyrage import x25519

    found = []
    for path in identity_files:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith("AGE-SECRET-KEY-"):
                found.append(x25519.Identity.from_str(line.strip()))
    if not found:
        raise Refused(["The backup is encrypted: give the identity file (--identity) that holds its AGE-SECRET-KEY."])
    return found


@dataclass
class Restored:
    path: str
    manifest: dict
    facts: dict
    notes: list[str] = field(default_factory=list)


def refuse_existing(target: str) -> None:
    if any(Path(f"{target}{suffix}").exists() for suffix in ("", "-wal", "-shm")):
        raise Refused([f"{target} exists already: a restore never writes over a database. Choose a new file."])


def restore(backup: str, target: str, *, identity_files: tuple[str, ...] = (), verify=None) -> Restored:
    """Restore `backup` into the new file `target` and check it; `verify(path) -> [problems]`
    re-checks the evidence (it needs the keys: the CLI passes it)."""
    refuse_existing(target)
    if not manifest_path(backup).is_file():
        raise Refused([f"No manifest beside the backup ({manifest_path(backup).name}): it was not made by "
                       "`outreach backup`, or the manifest was lost."])
    manifest = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
    raw = Path(backup).read_bytes()
    partial = Path(f"{target}.partial")
    try:
        if raw.startswith(AGE_MAGIC):
            import pyrage

            try:
                raw = pyrage.decrypt(raw, _identities(identity_files))
            except pyrage.DecryptError as error:
                raise Refused(["The identity file does not open this backup."]) from error
        if hashlib.sha256(raw).hexdigest() != manifest.get("sha256"):
            raise Refused(["The backup's SHA-256 differs from its manifest: the file was changed or is incomplete."])
        partial.write_bytes(raw)
        del raw
        problems = check(str(partial), manifest, verify)
        if problems:
            raise Refused(problems)
        database.backup(str(partial), target)  # a clean file of its own (no journal of the copy)
        os.chmod(target, 0o600)
        return Restored(target, manifest, describe(target))
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)


def check(path: str, manifest: dict, verify=None) -> list[str]:
    problems = []
    connection = sqlite3.connect(path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"Not a readable SQLite database: {error}"]
    finally:
        connection.close()
    if result != [("ok",)]:
        return ["PRAGMA integrity_check: " + "; ".join(row[0] for row in result[:5])]
    facts = describe(path)
    unknown = [name for name in facts["migrations"] if name not in migrations.NAMES]
    if unknown:
        problems.append(f"The backup has migrations this version does not know ({', '.join(unknown)}): restore it "
                        "with the version that made it.")
    if facts["audit_head"] != manifest.get("audit_head"):
        problems.append(f"The audit chain's head {facts['audit_head']} is not the one the backup recorded "
                        f"({manifest.get('audit_head')}).")
    if verify is not None and not problems:
        problems += verify(path)
    return problems
