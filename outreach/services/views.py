"""The directory for those who work cases: every active service, searchable by kind and language
(the server filters without JavaScript; on the phone, offline too, the page filters itself)."""

from __future__ import annotations

from flask import render_template, request

from ..auth.access import require
from ..db import get_db
from ..domain import services as rules
from ..domain.permissions import may_see_caseload
from . import bp, store


@bp.get("/services")
@require(may_see_caseload)
def directory():
    kind = request.args.get("kind", "")
    language = request.args.get("language", "")
    kind = kind if kind in rules.KINDS else ""
    language = language if language in rules.LANGUAGES else ""
    services = store.directory(get_db())
    for service in services:
        service["shown"] = rules.matches(service, kind, language)
    return render_template("services/directory.html", services=services, kind=kind, language=language,
                           kinds=rules.KINDS, languages=rules.LANGUAGES)
