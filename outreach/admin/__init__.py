"""Administration: people, roles, teams, partner organisations, passkeys, devices, audit log.

Every route is for admins only (`may_administer`; the audit log `may_see_audit_log`). The admin pages of
an area (reference values, consent templates, the approval and consent checks) live in that area. Views
parse the form (forms.py), call the auth layer, write an audit row and answer 303, or re-render
the form with what was typed and a message (400).
"""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.context_processor
def labels():
    from .forms import organisation_kind_labels, role_labels, status_labels

    return {"role_labels": role_labels(), "status_labels": status_labels(),
            "kind_labels": organisation_kind_labels()}


from . import audit_views, device_views, organisation_views, views  # noqa: E402,F401  (routes register on bp)
