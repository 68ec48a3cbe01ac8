"""Production checks: the app refuses unsafe settings, says what to set, and nothing bypasses it."""

from __future__ import annotations

import pytest

from outreach import ConfigurationError, create_app
from outreach.config import DEV_SECRET, Defaults, production_problems

GOOD = {
    "SECRET_KEY": "s" * 40,
    "PUBLIC_ORIGIN": "https://outreach.example.org",
    "EVIDENCE_KEY": "e" * 40,
    "DEBUG": False,
}


def problems_with(**changes):
    return production_problems({**GOOD, **changes})


def test_a_complete_configuration_has_no_problems():
    assert production_problems(GOOD) == []


@pytest.mark.parametrize(
    "changes, needle",
    [
        ({"SECRET_KEY": DEV_SECRET}, "OUTREACH_SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "OUTREACH_SECRET_KEY"),
        ({"DEBUG": True}, "Debug"),
        ({"PUBLIC_ORIGIN": ""}, "OUTREACH_PUBLIC_ORIGIN"),
        ({"PUBLIC_ORIGIN": "outreach.example.org"}, "OUTREACH_PUBLIC_ORIGIN"),
        ({"PUBLIC_ORIGIN": "https://outreach.example.org/app"}, "OUTREACH_PUBLIC_ORIGIN"),
        ({"PUBLIC_ORIGIN": "http://outreach.example.org"}, "https"),
        ({"EVIDENCE_KEY": ""}, "evidence key"),
        ({"EVIDENCE_KEY": "short"}, "shorter than 32"),
        ({"EVIDENCE_KEY": "s" * 40}, "differ from the session secret"),
    ],
)
def test_each_unsafe_setting_is_named_with_what_to_set(changes, needle):
    problems = problems_with(**changes)
    assert len(problems) == 1
    assert needle.lower() in problems[0].lower()


def test_evidence_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "evidence.key"
    key_file.write_text("k" * 48 + "\n")
    assert problems_with(EVIDENCE_KEY="", EVIDENCE_KEY_FILE=str(key_file)) == []
    assert problems_with(EVIDENCE_KEY="", EVIDENCE_KEY_FILE=str(tmp_path / "missing.key"))


def test_the_defaults_are_refused_in_production(tmp_path, monkeypatch):
    for name in ("OUTREACH_SECRET_KEY", "OUTREACH_PUBLIC_ORIGIN", "OUTREACH_EVIDENCE_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError) as refused:
        create_app(settings={"DATABASE": str(tmp_path / "p.sqlite3")})
    assert len(refused.value.problems) == 3


def test_no_environment_setting_bypasses_the_checks(tmp_path, monkeypatch):
    for name in ("TESTING", "DEMO", "MODE", "SKIP_CHECKS", "DEBUG"):
        monkeypatch.setenv(f"OUTREACH_{name}", "true")
    with pytest.raises(ConfigurationError):
        create_app(settings={"DATABASE": str(tmp_path / "p.sqlite3")})


def test_environment_overrides_instance_file_and_defaults(tmp_path, monkeypatch):
    from flask import Flask

    from outreach import load_config

    app = Flask("outreach", instance_path=str(tmp_path), instance_relative_config=True)
    (tmp_path / "outreach.cfg").write_text('HOLIDAY_STATE = "BE"\nTRUSTED_PROXIES = 1\n')
    monkeypatch.setenv("OUTREACH_TRUSTED_PROXIES", "2")
    load_config(app)
    assert app.config["HOLIDAY_STATE"] == "BE"  # instance file over default
    assert app.config["TRUSTED_PROXIES"] == 2  # environment over instance file
    load_config(app, test_config={"TRUSTED_PROXIES": 3})
    assert app.config["TRUSTED_PROXIES"] == 3  # test overrides last
    assert app.config["DATABASE_PATH"] == str(tmp_path / Defaults.DATABASE)


def test_production_app_starts_with_good_settings(tmp_path):
    from outreach import db, migrations

    path = str(tmp_path / "prod.sqlite3")
    conn = db.connect(path)
    migrations.migrate(conn)
    conn.close()
    app = create_app(settings={**GOOD, "DATABASE": path})
    assert app.extensions["outreach_mode"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_refuses_a_database_with_pending_migrations(tmp_path):
    with pytest.raises(ConfigurationError, match="outreach init"):
        create_app(settings={**GOOD, "DATABASE": str(tmp_path / "empty.sqlite3")})
