"""Reading form fields the way people type them, with clear messages and nothing typed lost.

The one form helper of the app. `Form(request.form)` (or a dict of initial values) keeps what was
typed in `values`; each reader returns the value or records a message under the field's name in
`errors`; the view re-renders the form with `values` and `errors` on a 400. Area checks that need
more (roles, organisations) are plain functions that take a Form and add to its `errors`.
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from .domain.money import format_cents, parse_amount
from .i18n import current_locale

GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def whole_number(text, *, maximum: int = 999_999_999) -> int | None:
    """ASCII digits only ("²" or "٣" are digits to str.isdigit() but not to int()), at most `maximum`."""
    if not isinstance(text, str) or not re.fullmatch(r"[0-9]{1,18}", text.strip()):
        return None
    value = int(text.strip())
    return value if value <= maximum else None


class Form:
    def __init__(self, data=None):
        data = data if data is not None else {}
        self._source = data
        self.values: dict = {key: data.get(key, "") for key in data}
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        return str(self.values.get(name, "") or "")

    def text(self, name: str, *, required: bool = True, max_length: int = 200, missing: str | None = None) -> str:
        value = self.raw(name).strip()
        self.values[name] = value
        if required and not value:
            self.errors[name] = missing or _("Please fill in this field.")
        elif len(value) > max_length:
            self.errors[name] = _("Please shorten this to at most %(n)s characters.", n=max_length)
        return value

    def many(self, name: str, *, limit: int = 50) -> list[str]:
        """Every value of a repeated field (checkboxes), empty ones dropped, at most `limit`."""
        getlist = getattr(self._source, "getlist", None)
        found = getlist(name) if getlist else self._source.get(name) or []
        chosen = [str(v) for v in (found if isinstance(found, (list, tuple)) else [found]) if v][:limit]
        self.values[name] = chosen
        return chosen

    def choice(self, name: str, options, *, required: bool = True) -> str | None:
        value = self.raw(name).strip()
        if not value and not required:
            return None
        if value not in options:
            self.errors[name] = _("Please choose one of the options.")
            return None
        return value

    def date(self, name: str, *, required: bool = True, not_after: date | None = None,
             not_before: date | None = None) -> date | None:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.errors[name] = _("Please enter a date.")
            return None
        match = ISO_DATE.match(value) or GERMAN_DATE.match(value)
        try:
            if match is None:
                raise ValueError
            parts = [int(p) for p in match.groups()]
            day = date(*parts) if ISO_DATE.match(value) else date(parts[2], parts[1], parts[0])
        except ValueError:
            self.errors[name] = _("That is not a valid date. Please enter it like 31.12.2026.")
            return None
        if not_after and day > not_after:
            self.errors[name] = _("This date cannot be in the future.")
        elif not_before and day < not_before:
            self.errors[name] = _("This date is too far in the past.")
        return day

    def money(self, name: str, *, required: bool = True) -> int | None:
        value = self.raw(name)
        if not value.strip() and not required:
            return 0
        result = parse_amount(value)
        if not result.ok:
            self.errors[name] = result.message[current_locale()]
            return None
        return result.cents

    def integer(self, name: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
        value = self.raw(name).strip()
        if not value:
            if required:
                self.errors[name] = _("Please fill in this field.")
            return None
        if not re.fullmatch(r"\d{1,9}", value) or not minimum <= int(value) <= maximum:
            self.errors[name] = _("Please enter a whole number from %(a)s to %(b)s.", a=minimum, b=maximum)
            return None
        return int(value)

    def flag(self, name: str) -> bool:
        return self.raw(name) in ("1", "yes", "on", "true")

    @property
    def ok(self) -> bool:
        return not self.errors


def euro(cents: int | None) -> str:
    return format_cents(cents or 0)
