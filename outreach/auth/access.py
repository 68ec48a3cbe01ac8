"""Access decorators: signed out → sign-in (HTML) or 401 (JSON); lacking permission → 403."""

from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..errors import error_response, wants_json


def signed_in_person():
    return current_user if current_user.is_authenticated else None


def require(predicate=None):
    """Guard a view: signed in, and `predicate(actor)` true when given."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                if wants_json():
                    return error_response(401, "signed_out")
                return redirect(url_for("auth.sign_in", next=request.path))
            if predicate is not None and not predicate(current_user.actor):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator
