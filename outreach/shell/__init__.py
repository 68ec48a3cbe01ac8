"""The app shell: start page, offline fallback, manifest, service worker, language choice."""

from flask import Blueprint

bp = Blueprint("shell", __name__)

from . import for_you_views, views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from flask import url_for

    from ..sync import kinds

    # The worker's "for you" page is kept with the lists on the phone (it names case numbers, no more).
    kinds.register_list_pages("for_you", lambda db: [url_for("shell.for_you_page")])


_register()
