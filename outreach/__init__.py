"""Outreach: offline-first home-visit app for homelessness prevention."""

from __future__ import annotations

import os

from flask import Flask

from . import db as database
from .config import Defaults, production_problems, resolve_database_path
from .modes import DEMO, DEMO_MARKER, PRODUCTION, TEST, VERSION

__version__ = VERSION


class ConfigurationError(RuntimeError):
    """The app refuses to start; .problems says what to set."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def load_config(app: Flask, settings: dict | None = None, test_config: dict | None = None) -> None:
    """Defaults → instance config file → OUTREACH_* environment → explicit settings → tests."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("outreach.cfg", silent=True)
    app.config.from_prefixed_env("OUTREACH")
    app.config.update(settings or {})
    app.config.update(test_config or {})
    app.config["DATABASE_PATH"] = resolve_database_path(app.config, app.instance_path)
    if app.config["PUBLIC_ORIGIN"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True


def create_app(test_config: dict | None = None, *, demo: bool = False, settings: dict | None = None) -> Flask:
    """Build the app. Without test_config and outside the demo, production checks always run."""
    app = Flask(__name__, instance_relative_config=True)
    mode = TEST if test_config is not None else DEMO if demo else PRODUCTION
    app.extensions["outreach_mode"] = mode
    load_config(app, settings, test_config)
    os.makedirs(app.instance_path, exist_ok=True)

    if mode == PRODUCTION:
        problems = production_problems(app.config)
        if problems:
            raise ConfigurationError(problems)

    database.init_app(app)
    _check_database(app, mode)

    from . import auth, web

    web.init_app(app)
    auth.init_app(app)

    from .admin import bp as admin_bp
    if mode == TEST:
        from .sync import faults

        faults.install(app)

    from .approvals import bp as approvals_bp
    from .budgets import bp as budgets_bp
    from .cases import bp as cases_bp
    from .claims import bp as claims_bp
    from .consent import bp as consent_bp
    from . import followups  # noqa: F401  (registers its sync kind)
    from .landlord import bp as landlord_bp
    from .notify import bp as notify_bp
    from .privacy import bp as privacy_bp
    from .reports import bp as reports_bp
    from .shell import bp as shell_bp
    from .services import bp as services_bp
    from .shelter import bp as shelter_bp
    from .sync import bp as sync_bp
    from .visits import bp as visits_bp

    app.register_blueprint(shell_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(sync_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(visits_bp)
    app.register_blueprint(approvals_bp)
    app.register_blueprint(budgets_bp)
    app.register_blueprint(consent_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(claims_bp)
    app.register_blueprint(landlord_bp)
    app.register_blueprint(shelter_bp)
    app.register_blueprint(services_bp)
    app.register_blueprint(notify_bp)
    app.register_blueprint(privacy_bp)
    from .operations import views as operations

    operations.init_app(app)
    return app


def _check_database(app: Flask, mode: str) -> None:
    """The test factory migrates; production refuses demo data and unapplied migrations."""
    from . import migrations

    db = database.connect(app.config["DATABASE_PATH"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    try:
        if mode == TEST:
            migrations.migrate(db)
        marked = database.get_meta(db, DEMO_MARKER) is not None
        if mode == PRODUCTION and marked:
            raise ConfigurationError(
                ["This database holds demo data (it carries the demo marker): production refuses it. "
                 "Point OUTREACH_DATABASE at the real database."]
            )
        if mode == DEMO and not marked:
            raise ConfigurationError(["The demo runs only on a database created by `outreach demo`."])
        waiting = migrations.pending(db)
        if mode != TEST and waiting:
            raise ConfigurationError(
                [f"The database needs {len(waiting)} migration(s) ({', '.join(waiting)}): run `outreach init`."]
            )
    finally:
        db.close()
