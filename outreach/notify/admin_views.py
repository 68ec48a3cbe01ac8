"""The admins' view of the notification queue: what waits, what went, what failed and why, and
whether mail and push are set up. Messages hold a count, never a text about a case."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l

from .. import audit
from ..auth.access import require
from ..db import get_db
from ..domain.permissions import may_administer
from ..forms import whole_number
from . import bp, channels, store

PAGE_SIZE = 50
STATUSES = ("waiting", "sent", "failed", "dropped")
STATUS_LABELS = {"waiting": _l("waiting"), "sent": _l("sent"), "failed": _l("failed"), "dropped": _l("dropped")}


@bp.get("/admin/notifications")
@require(may_administer)
def queue():
    db = get_db()
    status = request.args.get("status", "")
    status = status if status in STATUSES else ""
    page = whole_number(request.args.get("page", "1"), maximum=100_000) or 1
    messages, total = store.queue_page(db, status=status, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    audit.log("notify.queue_read", details={"status": status, "page": page})
    return render_template("notify/queue.html", messages=messages, total=total, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), status=status, counts=store.queue_counts(db),
                           statuses=STATUSES, status_labels=STATUS_LABELS, mail_ready=channels.mail_configured(current_app.config),
                           push_ready=channels.push_configured(current_app.config),
                           sink=current_app.config.get("MAIL_SINK") or "")
