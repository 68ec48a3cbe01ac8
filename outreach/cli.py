"""The `outreach` command: init, serve, demo, backup, stats, notify, grants."""

from __future__ import annotations

import atexit
import ipaddress
import os
import secrets
import signal
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import click

from . import DEMO_MARKER, ConfigurationError, create_app, migrations
from . import db as database

BERLIN = ZoneInfo("Europe/Berlin")


def _settings(db_path: str | None) -> dict:
    return {"DATABASE": os.path.abspath(db_path)} if db_path else {}


def _settings_app(db_path: str | None):
    """The settings (defaults, instance file, environment, --db) without starting the app."""
    from flask import Flask

    from . import load_config

    probe = Flask("outreach", instance_relative_config=True)
    load_config(probe, _settings(db_path))
    return probe


def _database_path(db_path: str | None) -> str:
    """--db, else OUTREACH_DATABASE, else the instance default (resolved like the app does)."""
    probe = _settings_app(db_path)
    os.makedirs(os.path.dirname(probe.config["DATABASE_PATH"]) or ".", exist_ok=True)
    return probe.config["DATABASE_PATH"]


def _fail(problems: list[str]) -> None:
    click.echo("Outreach cannot start:", err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    sys.exit(2)


def _production_app(db_path: str | None):
    """The app with every production check, for commands that act on the real database."""
    try:
        return create_app(settings=_settings(db_path))
    except ConfigurationError as exc:
        _fail(exc.problems)


def _key_use(db, table: str) -> str:
    """Which evidence key the records of a table are sealed with: "Keys: k1 120, k2 4."."""
    counts = db.execute(f"SELECT key_id, count(*) FROM {table} GROUP BY key_id ORDER BY key_id").fetchall()
    return "Keys: " + (", ".join(f"{key_id} {count}" for key_id, count in counts) or "none") + "."


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


db_option = click.option(
    "--db", "db_path", metavar="PATH", help="SQLite database file (default: OUTREACH_DATABASE or instance/outreach.sqlite3)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="outreach")
def main() -> None:
    """Outreach: home visits, budgets and consents for homelessness prevention."""


@main.command()
@db_option
def init(db_path: str | None) -> None:
    """Create the database or upgrade it to the current schema."""
    path = _database_path(db_path)
    db = database.connect(path)
    try:
        applied = migrations.migrate(db)
    finally:
        db.close()
    click.echo(f"Database {path}: " + (f"applied {', '.join(applied)}." if applied else "up to date."))


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind a TLS proxy).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int,
              help="Worker threads (more only add contention for the one interpreter lock: docs/benchmarks.md).")
@click.option("--connections", default=100, show_default=True, type=int,
              help="Open connections at most; more wait to be accepted (docs/benchmarks.md, 200 phones).")
@click.option("--replicate", "with_replication", is_flag=True,
              help="Run Litestream beside the server (OUTREACH_REPLICA_URL) and stop it with the server.")
@click.option("--log-format", type=click.Choice(["text", "json"]), default=None,
              help="One line per request, as text or JSON (default: OUTREACH_LOG_FORMAT, else text).")
def serve(db_path: str | None, host: str, port: int, threads: int, connections: int, with_replication: bool,
          log_format: str | None) -> None:
    """Run the production server (waitress). Refuses unsafe settings and demo databases."""
    app = _production_app(db_path)
    from waitress import serve as waitress_serve

    from .operations import logs, replication

    logs.configure(log_format or app.config["LOG_FORMAT"])
    litestream = None
    if with_replication:
        if not app.config.get("REPLICA_URL"):
            _fail(["--replicate needs OUTREACH_REPLICA_URL (file:///path or s3://bucket/path)."])
        litestream = replication.start(app.config)
        atexit.register(replication.stop, litestream)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # atexit then stops Litestream after its last sync
        click.echo(f"Replication: Litestream to {app.config['REPLICA_URL']}.")

    from .notify.sender import start_thread

    from .retention import start_daily

    click.echo(f"Outreach serves {app.config['PUBLIC_ORIGIN']} on {host}:{port}")
    start_daily(app)  # operational data past its period: at start, then daily
    if start_thread(app):
        click.echo(f"Notifications: sent by a thread every {app.config['NOTIFY_INTERVAL_SECONDS']} s.")
    # The interpreter lock changes hands every 1 ms instead of 5: the thread that accepts and reads
    # connections waited up to 5 ms behind a busy request thread for each socket event, which was
    # most of the tail under 50 phones sending at once (docs/benchmarks.md, concurrency).
    sys.setswitchinterval(0.001)
    # poll() instead of select(), which cannot watch more than 1,024 sockets (--connections).
    waitress_serve(app, host=host, port=port, threads=threads, connection_limit=connections, asyncore_use_poll=True,
                   ident="outreach")


@main.command()
@click.option("--db", "db_path", metavar="PATH", help="Demo database file (default: instance/demo.sqlite3); recreated.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Loopback address only.")
@click.option("--port", default=5000, show_default=True, type=int)
def demo(db_path: str | None, host: str, port: int) -> None:
    """Start a demo with invented German data on this computer only."""
    if not is_loopback(host):
        _fail([f"The demo listens on this computer only (loopback); {host} is not allowed."])
    path = db_path or os.path.join(_instance_path(), "demo.sqlite3")
    try:
        # Fresh keys each run: the demo database is recreated each run too.
        evidence_key = create_demo_database(path)
    except ConfigurationError as exc:
        _fail(exc.problems)
    app = create_app(demo=True, settings={
        "DATABASE": os.path.abspath(path), "PUBLIC_ORIGIN": f"http://localhost:{port}",
        "SECRET_KEY": secrets.token_hex(32), "EVIDENCE_KEY": evidence_key, **_demo_notifications(),
    })
    from waitress import serve as waitress_serve

    from .notify.sender import start_thread

    start_thread(app)
    click.echo(f"Mails of the demo are written to {app.config['MAIL_SINK']} (nothing leaves this computer).")
    click.echo(f"Outreach demo: open http://localhost:{port} (not 127.0.0.1: passkeys need the name localhost).")
    click.echo("Sign in: on the sign-in page choose any invented person under “Demo: sign in as”.")
    click.echo("All data is invented. Stop with Ctrl+C.")
    waitress_serve(app, host=host, port=port, threads=4, ident="outreach-demo")


def _demo_notifications() -> dict:
    """The demo's mails go to a folder of .eml files; push uses a key made once for this computer."""
    from .notify.channels import make_vapid_key

    instance = _instance_path()
    key = os.path.join(instance, "demo-vapid.pem")
    if not os.path.exists(key):
        make_vapid_key(key)
    return {"MAIL_SINK": os.path.join(instance, "demo-mail"), "VAPID_PRIVATE_KEY_FILE": key,
            "VAPID_SUBJECT": "mailto:outreach-demo@example.org", "NOTIFY_INTERVAL_SECONDS": 15}


def _instance_path() -> str:
    from flask import Flask

    path = Flask("outreach", instance_relative_config=True).instance_path
    os.makedirs(path, exist_ok=True)
    return path


def create_demo_database(path: str, today=None, evidence_key: str | None = None) -> str:
    """A fresh, marked database filled by the demo seeder. Never overwrites a real database.
    Returns the evidence key its consents are sealed with (the demo app must run with it)."""
    from .demo import seed

    if os.path.exists(path):
        existing = database.connect(path)
        try:
            marked = database.get_meta(existing, DEMO_MARKER) is not None
            empty = not existing.table_names()
        finally:
            existing.close()
        if not (marked or empty):
            raise ConfigurationError([f"{path} is not a demo database; the demo will not overwrite it."])
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    db = database.connect(path)
    try:
        migrations.migrate(db)
        evidence_key = evidence_key or secrets.token_hex(32)
        seed(db, today or datetime.now(BERLIN).date(), evidence_key.encode())
    finally:
        db.close()
    return evidence_key


@main.command()
@db_option
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice(["worker", "supervisor", "admin"]), help="Role(s) of the person; repeatable.")
@click.option("--name", default="", help="Display name (default: the part of EMAIL before @).")
def invite(db_path: str | None, email: str, roles: tuple[str, ...], name: str) -> None:
    """Invite a person (e.g. the first admin) and print their one-time passkey link."""
    from datetime import timedelta

    from .auth import invitations
    from .auth.people import create_person, person_by_email

    app = _production_app(db_path)
    with app.app_context():
        from . import audit
        from .db import get_db

        db = get_db()
        person = person_by_email(db, email)
        if person is None:
            person = create_person(db, email, name or email.split("@")[0], set(roles))
        elif person.status != "invited":
            _fail([f"{email} is already {person.status}; use the admin pages for a recovery link."])
        hours = app.config["INVITATION_HOURS"]
        token = invitations.create(db, person.id, "invite", timedelta(hours=hours), created_by=None)
        audit.log("invitation.created", actor_id="cli", subject=("person", person.id),
                  details={"purpose": "invite", "roles": sorted(roles)}, db=db)
        link = app.config["PUBLIC_ORIGIN"].rstrip("/") + f"/invite/{token}"
    click.echo(f"One-time link for {email} (valid {hours} h, shown once):\n{link}")


@main.command("verify-audit")
@db_option
def verify_audit(db_path: str | None) -> None:
    """Re-check the audit log's HMAC chain; exit 1 and name each broken entry."""
    app = _production_app(db_path)
    with app.app_context():
        from . import audit, evidence
        from .db import get_db

        db = get_db()
        broken = audit.verify(db, evidence.keys_by_id())
        count = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        used = _key_use(db, "audit_log")
    if broken:
        click.echo(f"Audit log BROKEN at entries: {', '.join(map(str, broken))} (of {count}).")
        sys.exit(1)
    click.echo(f"Audit log intact: {count} entries verified. {used}")


@main.command("verify-approvals")
@db_option
def verify_approvals(db_path: str | None) -> None:
    """Re-verify every note approval (signature, content hash, seal); exit 1 naming broken ones."""
    app = _production_app(db_path)
    with app.app_context():
        from . import evidence
        from .approvals.store import check_all
        from .db import get_db

        results = check_all(get_db(), evidence.keys_by_id(), app.config["PUBLIC_ORIGIN"].rstrip("/"))
        used = _key_use(get_db(), "approval")
    broken = [r for r in results if r["problems"]]
    for result in broken:
        click.echo(f"Approval {result['id']} of note {result['note_id']} BROKEN: {', '.join(result['problems'])}")
    if broken:
        sys.exit(1)
    click.echo(f"Approvals intact: {len(results)} verified. {used}")


@main.command("verify-consents")
@db_option
def verify_consents(db_path: str | None) -> None:
    """Re-verify every consent record (seal, template, signed text, signature or photo, withdrawal); exit 1 naming broken ones."""
    app = _production_app(db_path)
    with app.app_context():
        from . import evidence
        from .consent.records import check_all
        from .db import get_db

        results = check_all(get_db(), evidence.keys_by_id())
        used = _key_use(get_db(), "consent_record")
    broken = [r for r in results if r["problems"]]
    for result in broken:
        click.echo(f"Consent {result['id']} of case {result['case_id']} BROKEN: {', '.join(result['problems'])}")
    if broken:
        sys.exit(1)
    click.echo(f"Consents intact: {len(results)} verified. {used}")


@main.command()
@db_option
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@click.option("--encrypt-to", "recipients", multiple=True, metavar="AGE_RECIPIENT",
              help="Encrypt the copy with age for this public key (age1…); repeat for several.")
def backup(db_path: str | None, target: str, recipients: tuple[str, ...]) -> None:
    """Copy the live database to TARGET (SQLite's online backup) with a manifest beside it: schema,
    rows, SHA-256 and the audit chain's head; encrypted with age for --encrypt-to. Never overwrites."""
    from .operations import commands

    _print_or_fail(commands.make_backup, _database_path(db_path), target, recipients)


@main.command()
@click.argument("source", required=False)
@click.option("--db", "target", required=True, metavar="PATH", help="The new database file (must not exist).")
@click.option("--identity", "identities", multiple=True, metavar="FILE",
              help="age identity file (AGE-SECRET-KEY-…) for an encrypted backup.")
@click.option("--from-replica", "replica_url", metavar="URL", help="Restore from a Litestream replica instead.")
@click.option("--timestamp", metavar="TIME", help="With --from-replica: the state at this time (RFC 3339).")
def restore(source: str | None, target: str, identities: tuple[str, ...], replica_url: str | None,
            timestamp: str | None) -> None:
    """Restore SOURCE (a backup of `outreach backup`) or --from-replica URL into a new file, and check
    it: integrity, schema, the audit chain (and its head against the backup's), approvals, consents."""
    from .operations import commands

    if bool(source) == bool(replica_url):
        _fail(["Give either a backup file or --from-replica URL."])
    if timestamp and not replica_url:
        _fail(["--timestamp needs --from-replica."])
    if replica_url:
        _print_or_fail(commands.restore_replica, replica_url, os.path.abspath(target), timestamp, evidence_problems)
    else:
        _print_or_fail(commands.restore_backup, source, os.path.abspath(target), identities, evidence_problems)


def evidence_problems(path: str) -> list[str]:
    """The audit chain, every approval and every consent of the database at `path`, re-verified with
    the evidence keys of the settings (what verify-audit, verify-approvals and verify-consents do)."""
    from . import audit, evidence
    from .approvals.store import check_all as check_approvals
    from .consent.records import check_all as check_consents
    probe = _settings_app(path)
    with probe.app_context():
        try:
            keys = evidence.keys_by_id()
        except evidence.EvidenceKeyMissing:
            return ["No evidence key is configured (OUTREACH_EVIDENCE_KEY_FILE): the seals cannot be checked."]
        db = database.connect(path)
        try:
            problems = [f"audit line {seq} broken" for seq in audit.verify(db, keys)]
            problems += [f"approval {r['id']} of note {r['note_id']}: {', '.join(r['problems'])}"
                         for r in check_approvals(db, keys, probe.config["PUBLIC_ORIGIN"].rstrip("/")) if r["problems"]]
            problems += [f"consent {r['id']}: {', '.join(r['problems'])}" for r in check_consents(db, keys)
                         if r["problems"]]
        finally:
            db.close()
    return problems[:50]


def _print_or_fail(command, *args) -> None:
    from .operations.backup import Refused

    try:
        lines = command(*args)
    except Refused as refusal:
        for reason in refusal.reasons:
            click.echo(reason, err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)


@main.command()
@db_option
def check(db_path: str | None) -> None:
    """Readiness, as /readyz answers it: database writable, migrations current, evidence key loaded,
    replication lag within its limit. Exit 1 when not ready (for cron and monitoring)."""
    from .operations import commands

    ready, lines = commands.check(_settings_app(db_path).config)
    for line in lines:
        click.echo(line)
    sys.exit(0 if ready else 1)


@main.command()
@db_option
def replicate(db_path: str | None) -> None:
    """Run Litestream for the database: every change to OUTREACH_REPLICA_URL (a directory as
    file:///…, or s3://…) until stopped. `serve --replicate` runs it beside the server instead."""
    from .operations import replication

    app = _production_app(db_path)
    if not app.config.get("REPLICA_URL"):
        _fail(["Set OUTREACH_REPLICA_URL (file:///path or s3://bucket/path)."])
    process = replication.start(app.config)
    click.echo(f"Replicating {app.config['DATABASE_PATH']} to {app.config['REPLICA_URL']} (Ctrl-C stops).")
    try:
        sys.exit(process.wait())
    except KeyboardInterrupt:
        replication.stop(process)


@main.command()
@db_option
@click.option("--from", "start", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day (YYYY-MM-DD).")
@click.option("--team", "team_id", default=None, metavar="ID", help="One team's cases only (default: all teams).")
@click.option("--format", "extension", default="json", show_default=True, type=click.Choice(["csv", "xlsx", "json", "pdf"]))
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default: standard output).")
@click.option("--language", default="de", show_default=True, type=click.Choice(["de", "en"]))
def stats(db_path, start, end, team_id, extension, output, language) -> None:
    """The funders' statistics for a period (docs/statistics.md); reads only, so it also runs on the demo."""
    start, end = start.date(), end.date()
    if end < start:
        _fail(["--to must not lie before --from."])
    path = _database_path(db_path)
    if not os.path.exists(path):
        _fail([f"No database at {path}."])
    probe = database.connect(path)
    try:
        demo = database.get_meta(probe, DEMO_MARKER) is not None
    finally:
        probe.close()
    try:
        app = create_app(demo=demo, settings=_settings(path))
    except ConfigurationError as exc:
        _fail(exc.problems)
    from flask_babel import force_locale

    from .db import get_db
    from .reports import figures, views

    with app.test_request_context(), force_locale(language):
        db = get_db()
        team = next((t for t in views.teams(db) if t["id"] == team_id), None) if team_id else None
        if team_id and team is None:
            _fail([f"No team with the id {team_id}; teams: " + ", ".join(f"{t['id']} ({t['name']})" for t in views.teams(db))])
        computed = figures.compute(db, start, end, team_id, follow_up_months=tuple(app.config["FOLLOW_UP_MONTHS"]))
        body = views.render_file(figures.suppressed(computed), team, extension, language)
    if output:
        with open(output, "wb") as handle:
            handle.write(body)
        click.echo(f"Statistics {start.isoformat()} – {end.isoformat()} written to {output}.", err=True)
    else:
        sys.stdout.buffer.write(body)
        sys.stdout.buffer.flush()


@main.command()
@db_option
def notify(db_path: str | None) -> None:
    """One round of the notifications (for cron, with OUTREACH_NOTIFY_SENDER=cron): plan and send."""
    app = _production_app(db_path)
    from .notify.sender import run_once

    done = run_once(app)
    click.echo(f"Notifications: {done['queued']} queued, {done['sent']} sent, {done['failed']} to try again.")


@main.command()
@db_option
@click.argument("action", type=click.Choice(["list", "confirm", "refuse"]), default="list")
@click.argument("grant_id", required=False)
def grants(db_path: str | None, action: str, grant_id: str | None) -> None:
    """Grants of roles and teams waiting for a second administrator: list them, or confirm or
    refuse one (the second pair of eyes where a centre has one administrator; audited as "cli")."""
    from . import audit
    from .admin import grants as store
    from .db import get_db

    app = _production_app(db_path)
    with app.app_context():
        db = get_db()
        if action == "list":
            waiting = store.pending(db)
            for grant in waiting:
                click.echo(f"{grant['id']}  {grant['person_name']}: {grant['kind']} {grant['before']} -> "
                           f"{grant['after']} (asked by {grant['requester_name'] or 'cli'}, {grant['requested_at']})")
            click.echo(f"{len(waiting)} grant(s) waiting.")
            return
        if not grant_id:
            _fail(["Name the grant: outreach grants confirm ID (see outreach grants list)."])
        try:
            grant = (store.confirm if action == "confirm" else store.refuse)(db, grant_id, "cli")
        except store.GrantRefused as refused:
            _fail([f"Grant {grant_id}: {refused.reason}."])
        audit.log("grant.confirmed" if action == "confirm" else "grant.refused", actor_id="cli",
                  subject=("person", grant["person_id"]),
                  details={"grant": grant_id, "kind": grant["kind"], "before": grant["before"], "after": grant["after"]},
                  db=db)
    click.echo(f"Grant {grant_id} {'confirmed' if action == 'confirm' else 'refused'}.")


@main.command()
@db_option
def prune(db_path: str | None) -> None:
    """Remove operational data past its period (sessions, challenges, devices of people who left,
    ended notifications); `serve` does it daily. Prints and audits the counts."""
    from .retention import run

    app = _production_app(db_path)
    counts = run(app)
    click.echo("Pruned: " + ", ".join(f"{what} {count}" for what, count in counts.items()) + ".")


@main.command("rotate-evidence-key")
@db_option
@click.option("--keyring", "keyring_path", metavar="PATH",
              help="The key ring file (default: OUTREACH_EVIDENCE_KEYRING_FILE); made from the current key if new.")
def rotate_evidence_key(db_path: str | None, keyring_path: str | None) -> None:
    """Start a new evidence key: new records are sealed with it, older ones still verify with theirs."""
    import json
    import re
    import tempfile

    from . import audit, evidence
    from .config import evidence_keyring

    app = _production_app(db_path)
    path = keyring_path or app.config.get("EVIDENCE_KEYRING_FILE")
    if not path:
        _fail(["Name the key ring file: --keyring PATH (keep it apart from the database, like the evidence key)."])
    current_id, keys = evidence_keyring({"EVIDENCE_KEYRING_FILE": path})
    if os.path.exists(path) and not keys:
        _fail([f"{path} is not a key ring this command wrote; it is left as it is."])
    if not keys:  # a first ring: the key in use and the retired ones it knows
        with app.app_context():
            current_id, keys = evidence.current_key()[0], evidence.keys_by_id()
    numbers = [int(m.group(1)) for m in (re.fullmatch(r"k(\d+)", key_id) for key_id in keys) if m]
    new_id = f"k{max(numbers, default=len(keys)) + 1}"
    keys[new_id] = secrets.token_hex(32).encode()
    ring = {"current": new_id, "keys": {key_id: key.decode() for key_id, key in keys.items()}}
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False) as handle:
        json.dump(ring, handle, indent=1)
        os.chmod(handle.name, 0o600)
    os.replace(handle.name, path)  # all at once: never half a key ring
    with app.app_context():
        from .db import get_db

        audit.log("evidence.key_rotated", actor_id="cli", details={"from": current_id, "to": new_id}, db=get_db())
    click.echo(f"New evidence key {new_id} in {path} (the old ones stay in it for verification).")
    click.echo(f"Set OUTREACH_EVIDENCE_KEYRING_FILE={path} (it replaces OUTREACH_EVIDENCE_KEY and _FILE) and restart.")


@main.command("access-report")
@db_option
@click.argument("case_number")
def access_report(db_path: str | None, case_number: str) -> None:
    """Every person and device that read or changed a case, with when (for a breach notice)."""
    from . import audit
    from .admin import access_report as report
    from .db import get_db

    app = _production_app(db_path)
    with app.app_context():
        db = get_db()
        case = report.case_by_number(db, case_number)
        if case is None:
            _fail([f"No case has the number {case_number}."])
        condition = report.about(db, case)
        click.echo(f"Case {case['number']}: people")
        for row in report.people(db, condition):
            click.echo(f"  {row['display_name'] or row['actor_id'] or 'server'}\tfirst {row['first_at']}\t"
                       f"last {row['last_at']}\treads {row['reads']}\tother {row['others']}\t"
                       f"devices {row['devices'] or '-'}")
        click.echo("Devices with an offline copy")
        for row in report.devices(db, case):
            click.echo(f"  {row['device_id']}\t{row['display_name'] or '-'}\tsince {row['received_at']}")
        events, total = report.events(db, condition, limit=1_000_000)
        click.echo(f"Every action ({total})")
        for row in events:
            click.echo(f"  {row['at']}\t{row['display_name'] or row['actor_id'] or 'server'}\t{row['action']}\t"
                       f"{row['device_id'] or '-'}")
        audit.log("access_report.read", actor_id="cli", subject=("case", case["id"]), details={"via": "cli"}, db=db)


@main.command()
@db_option
@click.option("--apply", is_flag=True, help="Anonymise what is due (without it: a dry run that only lists).")
def retention(db_path: str | None, apply: bool) -> None:
    """List the case files whose retention period ended (RETENTION_CASE_FILES_YEARS after the end of
    the year they closed) and declined referrals; --apply anonymises them. A legal hold keeps a file."""
    from .privacy import commands

    _run_privacy(db_path, commands.retention, apply=apply)


@main.command("export-household")
@db_option
@click.argument("case_number")
@click.option("--output", required=True, metavar="DIR", help="A new or empty directory for the export.")
def export_household(db_path: str | None, case_number: str, output: str) -> None:
    """Write everything stored about a household (GDPR Art. 15/20): household.json, a readable
    household.pdf in German and the files (signatures, photos, document pages)."""
    from .privacy import commands

    _run_privacy(db_path, commands.export_household, case_number, output)


@main.command()
@db_option
@click.argument("case_number")
@click.option("--reason", required=True, help="Why (the tenant's request of …), without names.")
def erase(db_path: str | None, case_number: str, reason: str) -> None:
    """Anonymise a closed case file on the tenant's request (refused while open, under a legal hold
    or while the household is placed in emergency accommodation)."""
    from .privacy import commands

    _run_privacy(db_path, commands.erase, case_number, reason)


def _run_privacy(db_path: str | None, command, *args, **kwargs) -> None:
    from .privacy.commands import Refused

    app = _production_app(db_path)
    with app.test_request_context():  # the PDF's template and texts need one
        try:
            lines = command(app, *args, **kwargs)
        except Refused as refusal:
            click.echo(str(refusal), err=True)
            sys.exit(1)
    for line in lines:
        click.echo(line)


@main.command("vapid-key")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def vapid_key(path: str) -> None:
    """Make a VAPID key pair for Web Push; PATH gets the private key (set OUTREACH_VAPID_PRIVATE_KEY_FILE)."""
    from .notify.channels import make_vapid_key

    if os.path.exists(path):
        _fail([f"{path} exists already; a new key would end every device's subscription."])
    make_vapid_key(path)
    os.chmod(path, 0o600)
    click.echo(f"VAPID private key written to {path}.")


if __name__ == "__main__":  # pragma: no cover
    main()
