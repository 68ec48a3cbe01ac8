"""The one text every message carries, in the person's language: how many things wait and where
to see them. Never a name, an address, a case number or a note: social data does not travel by
e-mail or through a push service (docs/privacy.md)."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from .channels import Text


def text(count: int, digest: bool, language: str) -> Text:
    """Needs an app context with a request (for the links); the sender makes one."""
    origin = current_app.config["PUBLIC_ORIGIN"].rstrip("/")
    with force_locale(language):
        subject = ngettext("%(num)d new item waits for you in Outreach", "%(num)d new items wait for you in Outreach",
                           count)
        page = origin + url_for("shell.for_you_page")
        settings = origin + url_for("notify.settings")
        lead = _("Your daily summary from Outreach:") + " " if digest else ""
        body = "\n\n".join([
            _("Hello,"),
            lead + subject + ".",
            _("See what it is and where it is done (after signing in):") + "\n" + page,
            _("This message names no person and no case on purpose: social data does not travel by e-mail. "
              "Change or switch off these messages in Outreach:") + "\n" + settings,
        ]) + "\n"
    return Text(subject, body, url_for("shell.for_you_page"))
