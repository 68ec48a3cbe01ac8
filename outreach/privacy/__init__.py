"""The tenant's rights and the case files' retention (issue 23): export of everything stored about
a household, erasure on request, rectification notes, legal holds, and the anonymisation of case
files whose retention period ended. Reads what each area stores through the `household` registry;
imports no area."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("privacy", __name__)

from . import views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from .. import household, retention
    from ..cases import sections
    from ..household import Table, columns
    from . import audit_retention

    household.register(
        "privacy",
        Table("legal_hold", "t.case_id = :case", _l("Legal holds"), position=90, order="t.held_at",
              personal=columns("reason"), kept=columns("id case_id until held_by held_at ended_by ended_at"),
              labels={"reason": _l("Reason"), "until": _l("Until"), "held_by": _l("Placed by"),
                      "held_at": _l("Placed at"), "ended_at": _l("Ended at")}),
        Table("rectification", "t.case_id = :case", _l("Rectifications"), position=91, order="t.recorded_at",
              personal=columns("request note"),
              kept=columns("id case_id received_on action recorded_by recorded_at"),
              labels={"received_on": _l("Received on"), "request": _l("What the tenant asked"),
                      "action": _l("What was done"), "note": _l("Note"), "recorded_by": _l("Recorded by")}),
        # written by the anonymisation itself: kind, reason (asked for without names) and counts
        Table("case_erasure", "t.case_id = :case", _l("Anonymisation"), position=92,
              personal=frozenset(), kept=columns("id case_id kind reason requested_by done_at counts"),
              labels={"kind": _l("Kind"), "reason": _l("Reason"), "done_at": _l("Done at")}),
    )
    sections.register("privacy", order=98, partial="privacy/_case_privacy.html", title=_l("Data protection"),
                      loader=views.case_section, folded=True)
    retention.register("audit", audit_retention.prune)


_register()
