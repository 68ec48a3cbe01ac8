"""Shared fixtures: a fresh app and database per test, a Flask client, a CLI runner."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import settings as hypothesis_settings

from outreach import create_app

# Bounded property tests in CI: fixed example counts, no per-example deadline.
hypothesis_settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
hypothesis_settings.load_profile("ci")

TEST_EVIDENCE_KEY = "test-evidence-key-0123456789abcdef0123456789"


def pytest_report_header(config):
    return f"SQLite {sqlite3.sqlite_version}"


def make_test_config(tmp_path, **overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-for-the-test-factory-only",
        "DATABASE": str(tmp_path / "test.sqlite3"),
        "PUBLIC_ORIGIN": "http://localhost",
        "EVIDENCE_KEY": TEST_EVIDENCE_KEY,
    }
    config.update(overrides)
    return config


@pytest.fixture
def app(tmp_path):
    return create_app(make_test_config(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_token(client):
    """A valid CSRF token for `client`'s session, read from a page as a browser would."""
    import re

    html = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
