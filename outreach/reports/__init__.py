"""Statistics for supervisors, admins and funders: figures, charts, exports, the annual report,
a partner's yearly figures and the anonymised per-case record set (docs/statistics.md)."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import partner_views, record_views, views  # noqa: E402,F401  (routes register on bp)
