"""The local help network (issue 21): a directory of services kept by admins, readable offline on
every worker's phone; onward referrals from a case (offline too: sync kind `onward_referral.add`),
followed up on the deadline lists, answered by a service that uses the app."""

from flask import Blueprint, url_for

bp = Blueprint("services", __name__)


@bp.app_context_processor
def service_labels():
    from .labels import template_globals

    return template_globals()


@bp.app_context_processor
def service_partner_nav():
    """For a signed-in partner whose organisation runs a service in the app: its referrals' link."""
    from flask_login import current_user

    if not (current_user.is_authenticated and current_user.has("partner")):
        return {}
    from ..db import get_db, one_row

    db = get_db()
    if one_row(db, "SELECT 1 AS found FROM service WHERE organisation_id = ? AND accepts_data_referrals = 1",
               [current_user.organisation_id]) is None:
        return {}
    from .referrals import waiting_answers

    return {"is_service_partner": True, "onward_waiting": waiting_answers(db, current_user.organisation_id)}


from . import admin_views, card_views, partner_views, referral_views, views  # noqa: E402,F401  (routes register on bp)


def _register() -> None:
    from flask_babel import lazy_gettext as _l

    from ..cases import closing, deadline_sources, sections
    from ..sync import kinds
    from .referral_sync import KIND, apply_add

    kinds.register(KIND, apply_add)
    kinds.register_list_pages("services", lambda db: [url_for("services.directory")])
    sections.register("help", order=45, partial="services/_case_help.html", title=_l("Help network"),
                      loader=referral_views.case_section, folded=True)
    sections.register_timeline("services", referral_views.timeline)
    deadline_sources.register("onward_referrals", referral_views.deadlines)
    closing.register_suggestions("services", referral_views.closing_suggestions)


_register()


def _for_you(db, actor, today) -> list:
    """A service in the app: referrals waiting for its answer. A worker: referrals on the cases
    assigned to them whose check day has come (did the tenant arrive?)."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from .referrals import waiting_answer_ids

    found = []
    if actor.has("partner"):
        ids = waiting_answer_ids(db, actor.organisation_id)
        found.append(for_you.Entry("onward_referral_answer", _("Referrals waiting for your answer"),
                                   url_for("services.partner_inbox"), count=len(ids),
                                   keys=tuple(f"onward_referral_answer:{rid}" for rid in ids)))
    if actor.has("worker") or actor.has("supervisor"):
        for case_id, number, service in db.execute(
                """SELECT r.case_id, c.number, s.name FROM onward_referral r JOIN household_case c ON c.id = r.case_id
                   JOIN service s ON s.id = r.service_id
                   WHERE c.assigned_worker_id = ? AND c.status = 'open' AND r.outcome IS NULL AND r.check_on <= ?
                   ORDER BY r.check_on""", [actor.id, today.isoformat()]).fetchall():
            found.append(for_you.Entry("onward_referral_check", _("Ask whether the tenant reached %(service)s (case "
                                                                  "%(number)s)", service=service, number=number),
                                       url_for("cases.case_page", case_id=case_id) + "#help"))
    return found


def _register_for_you() -> None:
    from flask_babel import lazy_gettext as _l

    from .. import for_you

    for_you.register("services", _for_you, kinds=(
        for_you.Kind("onward_referral_answer", _l("Referrals to your service to answer"), frozenset({"partner"})),
        for_you.Kind("onward_referral_check", _l("Check days of onward referrals"), frozenset({"worker", "supervisor"})),
        for_you.Kind("service_answer", _l("A service answered a referral on your case"),
                     frozenset({"worker", "supervisor"})),
    ))


_register_for_you()


def _answers(db, actor, today) -> list:
    """A worker: a service answered an onward referral on one of their cases since they last opened it."""
    from flask import url_for
    from flask_babel import gettext as _

    from .. import for_you
    from ..cases.looks import SINCE_LOOK

    if not actor.has("worker"):
        return []
    return [for_you.Entry("service_answer", _("%(service)s answered a referral (case %(number)s)", service=service,
                                              number=number),
                          url_for("cases.case_page", case_id=case_id) + "#help", keys=(f"service_answer:{referral_id}",))
            for referral_id, case_id, number, service in db.execute(
                f"""SELECT r.id, c.id, c.number, s.name FROM onward_referral r JOIN household_case c ON c.id = r.case_id
                    JOIN service s ON s.id = r.service_id {SINCE_LOOK}
                    WHERE c.assigned_worker_id = ? AND c.status = 'open' AND r.answered_at IS NOT NULL
                    AND r.answered_at > coalesce(l.looked_at, '') ORDER BY r.answered_at""", [actor.id, actor.id])]


def _register_answers() -> None:
    from .. import for_you

    for_you.register("services.answers", _answers)


_register_answers()


def _register_household_data() -> None:
    from .household_data import register_tables

    register_tables()


_register_household_data()
