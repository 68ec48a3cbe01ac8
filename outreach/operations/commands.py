"""The operations commands' work (`outreach check`, `backup`, `restore`, `replicate`); outreach/cli.py
parses the arguments and prints. Each returns the lines to print or raises `Refused`."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .. import db as database
from .. import migrations
from . import backup, health, replication
from .backup import Refused


def check(config) -> tuple[bool, list[str]]:
    found = health.readiness(config)
    lines = [f"{'ok  ' if c.ok else 'FAIL'} {c.name}{': ' + c.detail if c.detail else ''}" for c in found]
    return all(c.ok for c in found), lines


def make_backup(db_path: str, target: str, recipients: tuple[str, ...]) -> list[str]:
    if not os.path.exists(db_path):
        raise Refused([f"No database at {db_path}."])
    manifest = backup.make(db_path, target, recipients=recipients)
    head = manifest["audit_head"] or {}
    return [f"Backup written to {target}{' (encrypted with age for ' + str(len(recipients)) + ' recipient(s))' if recipients else ''}.",
            f"Manifest: {backup.manifest_path(target)} (schema {manifest['migrations'][-1] if manifest['migrations'] else '-'}, "
            f"{sum(manifest['rows'].values())} rows).",
            f"Audit log head: {head.get('seq', 0)} entries, last MAC {head.get('mac', '-')}"]


def migrated_then(verify):
    """An older backup is brought to this version's schema first (the checks read today's tables)."""
    def run(path: str) -> list[str]:
        db = database.connect(path)
        try:
            migrations.migrate(db)
        finally:
            db.close()
        return verify(path)

    return run


def restore_backup(source: str, target: str, identity_files: tuple[str, ...], verify) -> list[str]:
    """`verify(path) -> [problems]`: the evidence checks (outreach/cli.py passes them: they read the areas)."""
    restored = backup.restore(source, target, identity_files=identity_files, verify=migrated_then(verify))
    return _restored_lines(restored.manifest, restored.facts, target)


def _restored_lines(manifest: dict, facts: dict, target: str) -> list[str]:
    before = manifest["migrations"][-1] if manifest.get("migrations") else "-"
    now = facts["migrations"][-1] if facts["migrations"] else "-"
    head = facts["audit_head"] or {}
    return [f"Restored into {target}: integrity ok, schema {before}" + (f" (upgraded to {now})" if now != before else ""),
            f"Audit chain, approvals and consents verified; audit head {head.get('seq', 0)} matches the backup's.",
            f"Rows: {sum(facts['rows'].values())} in {len(facts['rows'])} tables."]


def restore_replica(replica_url: str, target: str, timestamp: str | None, verify) -> list[str]:
    """Through Litestream into a new file, then the same checks (the head is whatever the replica held)."""
    backup.refuse_existing(target)
    folder = Path(target).resolve().parent
    with tempfile.TemporaryDirectory(dir=folder) as work:
        staged = str(Path(work) / "restored.sqlite3")
        done = replication.restore(replica_url, staged, timestamp)
        if done.returncode != 0 or not Path(staged).exists():
            raise Refused([f"Litestream could not restore from {replica_url}: "
                           f"{(done.stderr or done.stdout).strip().splitlines()[-1:] or ['no output']}"])
        facts = backup.describe(staged)
        problems = backup.check(staged, {"audit_head": facts["audit_head"]}, migrated_then(verify))
        if problems:
            raise Refused(problems)
        database.backup(staged, target)
        os.chmod(target, 0o600)
    return _restored_lines({"migrations": facts["migrations"]}, backup.describe(target), target)[:1] + [
        "Audit chain, approvals and consents verified.", f"Restored from the replica at {timestamp or 'its newest state'}."]


def manifest_of(backup_path: str) -> dict:
    return json.loads(backup.manifest_path(backup_path).read_text(encoding="utf-8"))
