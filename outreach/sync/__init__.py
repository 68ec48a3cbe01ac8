"""The sync endpoint: JSON only, never redirects. Devices report here and send their outbox.

This module holds the transport contract (docs/sync.md): who may send, from which device, in
which shape. Mutation kinds register in KINDS as their areas are built; an unknown kind is
rejected with a reason and stays in the device's outbox.
"""

from flask import Blueprint

bp = Blueprint("sync", __name__)

from . import caseload, vault, views  # noqa: E402,F401  (routes register on bp)


def _for_you(db, actor, today) -> list:
    """A supervisor: devices of the team holding unsent items older than 24 hours at their last
    contact, or that have not been in contact for 24 hours with items waiting (what CHT shows its
    admins): whose, since when, how many."""
    from flask import url_for
    from flask_babel import format_datetime
    from flask_babel import gettext as _

    from .. import clock, for_you

    if not (actor.has("supervisor") and actor.team_id):
        return []
    found = []
    for device_id, name, contact, count, since in db.execute(
            """SELECT d.id, p.display_name, d.last_contact_at, d.last_unsent_count,
                      coalesce(d.oldest_unsent_at, d.last_contact_at) FROM device d JOIN person p ON p.id = d.person_id
               WHERE p.team_id = ? AND p.status = 'active' AND d.revoked_at IS NULL AND d.last_unsent_count > 0
               AND coalesce(d.oldest_unsent_at, d.last_contact_at) < ? ORDER BY 5""",
            [actor.team_id, clock.later(hours=-24)]):
        found.append(for_you.Entry(
            "device_unsent", _("%(person)s: %(count)s unsent items on a device, the oldest from %(since)s; last "
                               "contact %(contact)s", person=name, count=count,
                               since=format_datetime(clock.parse_stamp(since), "short"),
                               contact=format_datetime(clock.parse_stamp(contact), "short")),
            url_for("shell.for_you_page") + "#device_unsent", keys=(f"device_unsent:{device_id}@{since}",)))
    return found


def _register_for_you() -> None:
    from flask_babel import lazy_gettext as _l

    from .. import for_you

    for_you.register("sync", _for_you, kinds=(
        for_you.Kind("device_unsent", _l("Team devices with unsent items older than 24 hours"),
                     frozenset({"supervisor"})),))


_register_for_you()
