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
    from .forms import decision_labels, organisation_kind_labels, role_labels, status_labels

    return {"role_labels": role_labels(), "status_labels": status_labels(),
            "kind_labels": organisation_kind_labels(), "decision_labels": decision_labels()}


from . import access_views, audit_views, device_views, grant_views, organisation_views, views  # noqa: E402,F401  (routes register on bp)


def _for_you(db, actor, today) -> list:
    """An admin: grants of roles or teams waiting for a second administrator (this one may decide)."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from .grants import decidable_ids

    if not actor.has("admin"):
        return []
    ids = decidable_ids(db, actor.id)
    return [for_you.Entry("grant_waiting", _("Grants of roles or teams waiting for a second administrator"),
                          url_for("admin.grant_list"), urgent=True, count=len(ids),
                          keys=tuple(f"grant_waiting:{gid}" for gid in ids))]


def _register_for_you() -> None:
    from flask_babel import lazy_gettext as _l

    from .. import for_you

    for_you.register("admin", _for_you, kinds=(
        for_you.Kind("grant_waiting", _l("Grants waiting for a second administrator"), frozenset({"admin"})),))


_register_for_you()
