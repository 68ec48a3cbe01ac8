"""The local help network (issue 21): a directory of services kept by admins, readable offline on
every worker's phone."""

from flask import Blueprint, url_for

bp = Blueprint("services", __name__)


@bp.app_context_processor
def service_labels():
    from .labels import template_globals

    return template_globals()


from . import admin_views, views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from ..sync import kinds

    kinds.register_list_pages("services", lambda db: [url_for("services.directory")])


_register()
