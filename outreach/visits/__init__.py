"""Visit notes: written offline as outbox mutations, applied once, never silently overwritten."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("visits", __name__)

from . import views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from flask import url_for

    from ..cases import sections
    from ..sync import kinds
    from . import steps
    from .store import KIND, apply_save, notes_of_case

    kinds.register(KIND, apply_save)
    kinds.register_offline_pages("visits", lambda db, case: [url_for("visits.new_visit", case_id=case["id"])] + [
        url_for("visits.note_page", note_id=n["id"]) for n in notes_of_case(db, case["id"])[:RECENT_NOTES]])
    sections.register("visits", order=20, partial="visits/_case_visits.html", title=_l("Visit notes"),
                      loader=lambda db, case, view: {"notes": notes_of_case(db, case["id"]),
                                                     "steps": steps.steps_of_cases(db, [case["id"]])[case["id"]]},
                      action=next_visit)


def next_visit(case: dict, view, data: dict):
    """The default next step of every open case: the next visit's note."""
    from flask import url_for

    from ..cases.sections import Action

    return Action(90, str(_l("Write a visit note")), url_for("visits.new_visit", case_id=case["id"]))


RECENT_NOTES = 3  # the newest notes of each case a device keeps offline
_register()


def _for_you(db, actor, today) -> list:
    """An author: notes returned by the supervisor, and notes in conflict between two devices."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you

    found = []
    for row in db.execute("""SELECT n.id, n.status, n.in_conflict, c.number, n.updated_at FROM visit_note n
                             JOIN household_case c ON c.id = n.case_id
                             WHERE n.author_id = ? AND (n.status = 'returned' OR n.in_conflict = 1)
                             AND c.anonymised_at IS NULL
                             ORDER BY n.updated_at""", [actor.id]).fetchall():
        note_id, status, conflict, number, updated = row
        if status == "returned":
            found.append(for_you.Entry("note_returned", _("Visit note returned to you (case %(number)s)", number=number),
                                       url_for("visits.note_page", note_id=note_id),
                                       keys=(f"note_returned:{note_id}@{updated}",)))
        if conflict:
            found.append(for_you.Entry("note_conflict", _("Two versions of a visit note to bring together (case "
                                                          "%(number)s)", number=number),
                                       url_for("visits.note_page", note_id=note_id), urgent=True))
    return found


def _register_for_you() -> None:
    from .. import for_you

    for_you.register("visits", _for_you, kinds=(
        for_you.Kind("note_returned", _l("Visit notes returned to you"), frozenset({"worker", "supervisor"})),
        for_you.Kind("note_conflict", _l("Visit notes in conflict between two devices"),
                     frozenset({"worker", "supervisor"})),
    ))


_register_for_you()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
