"""Claims to the authorities (Wohngeld, SGB II, take-over of rent arrears …), their decisions and
the deadlines they set (issue 20): a section of the case page and dated to-dos on its lists."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("claims", __name__)


@bp.app_context_processor
def claim_labels():
    from .labels import template_globals

    return template_globals()


from . import deadlines, views  # noqa: E402,F401  (routes and the deadline source register on import)


def _register() -> None:
    from ..cases import sections

    sections.register("claims", order=35, partial="claims/_case_claims.html", title=_l("Claims to the authorities"),
                      loader=views.case_section, folded=True)


_register()
