"""A photo of a signed paper form, attached to the same kind of sealed record as a finger
signature: one function for both ways it arrives — uploaded while online, or waiting in the
outbox (`consent.paper`, the photo already made smaller on the phone) and sent by the sync."""

from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import gettext as _

from .. import clock, evidence
from ..db import write
from ..domain import consent as rules
from ..modes import VERSION
from .. import pictures as images
from . import records, versions

MAX_PHOTO_BYTES = 10 * 1024 * 1024


def attach(db, case: dict, witness_id: str, *, consent_id: str, member_id: str, template_version_id: str,
           version_hash: str, notice_shown: bool, scope: dict, interpreter: str, photo: bytes, device_id: str,
           device_time: str, today: date) -> tuple[str, str] | None:
    """Store the sealed record, or (field, code) saying why not (nothing stored then)."""
    member = records.one_row(db, "SELECT * FROM household_member WHERE id = ? AND case_id = ?", [member_id, case["id"]])
    if member is None:
        return "member_id", "not_in_household"
    if not rules.old_enough_to_sign(member["birth_year"], today):
        return "member_id", "too_young"
    version = versions.get_version(db, template_version_id)
    if version is None or version["status"] != "published" or version["content_hash"] != version_hash:
        return "template_version_id", "not_published"
    if not notice_shown:
        return "withdrawal_notice_shown", "required"
    try:
        scope = rules.clean_scope(version["content"], scope)
    except rules.ConsentError:
        return "scope", "required"
    if len(photo) > MAX_PHOTO_BYTES:
        return "photo", "too_big"
    try:
        picture, photo_type = images.photo(photo)
    except images.NotAPicture as error:
        return "photo", error.code
    if any(unicodedata.category(ch).startswith("C") for ch in interpreter):
        return "interpreter", "control_character"
    valid_from, valid_until = rules.validity(version["content"], today)
    text = rules.render_text(version["content"], scope, signer_name=member["name"], interpreter=interpreter)
    key_id, key = evidence.current_key()
    with write(db):
        records.insert(db, {
            "id": consent_id, "case_id": case["id"], "member_id": member["id"], "signer_name": member["name"],
            "form": "paper", "template_version_id": version["id"], "version_hash": version["content_hash"],
            "language": version["language"], "interpreter": interpreter, "scope": scope,
            "text_hash": rules.text_hash(text), "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(), "withdrawal_notice_shown": True, "device_time": device_time,
            "received_at": clock.stamp(), "witness_id": witness_id, "device_id": device_id,
            "app_version": VERSION, "key_id": key_id,
        }, key=key, signature_png=None, strokes=None, photo=picture, photo_type=photo_type)
    return None


def message(field: str, code: str) -> str:
    """The refusal in the person's language (for the upload page; the outbox shows its own)."""
    return {
        ("member_id", "not_in_household"): _("Please choose who signed."),
        ("member_id", "too_young"): _("Children under 14 do not sign for themselves: a parent's consent covers them."),
        ("template_version_id", "not_published"): _("This form is not (or no longer) published. Please reload the page."),
        ("withdrawal_notice_shown", "required"): _("Please confirm that the right to withdraw was shown."),
        ("scope", "required"): _("Tick at least one recipient, one purpose and one kind of data, as on the paper."),
        ("photo", "too_big"): _("The photo is larger than 10 MB. Please take it again with a lower resolution."),
        ("photo", "too_large"): _("This photo has too many pixels (at most 40 megapixels). Please take it again "
                                  "with a lower resolution."),
        ("interpreter", "control_character"): _("Please enter the interpreter's name on one line."),
    }.get((field, code), _("Only photos in JPEG or PNG format can be attached."))
