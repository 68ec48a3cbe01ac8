"""The app shell: start page, offline fallback, manifest, service worker, language choice."""

from flask import Blueprint

bp = Blueprint("shell", __name__)

from . import views  # noqa: E402,F401  (routes register on bp)
