"""The offline copy: the plan (which parts, which versions) and the parts themselves, several per
request, so a phone on slow 4G copies a caseload in a few compressed round trips (docs/offline.md)."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict, defaultdict

from flask import current_app, jsonify, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..cases.devices import record_case_on_device
from ..db import get_db, write
from . import bp, offline_set, page_delta

# Parts per request: ten cases are about 900 kB of HTML that Brotli sends as a few tens of kB
# (the forms every case shares compress to almost nothing after the first), and one request
# stays short enough to be repeated when the line drops.
PARTS_PER_REQUEST = 10
KEY = re.compile(r"[A-Za-z0-9_-]{1,64}")  # "lists" or a case id
FRAME = re.compile(r"[0-9a-f]{16}")
FRAMES_HELD_MAX = 64  # a phone holds one frame per kind of page (a few), more only briefly
FRAMES_KEPT = 1024  # frames the server remembers (per person), so phones need not send them back


class Frames:
    """The frames sent to each person's phone, by id: a phone says which it holds (`have`), and
    pages are then sent as differences from them. Kept in the process; one it forgot (a restart,
    another process) is simply sent anew."""

    def __init__(self) -> None:
        self.known: OrderedDict[tuple[str, str], tuple[str, list[str]]] = OrderedDict()
        self.guard = threading.Lock()

    def held(self, person: str, ids: list[str]) -> dict[str, tuple[str, list[str]]]:
        """By kind of page: the frame id and lines among those the phone holds."""
        found = {}
        with self.guard:
            for frame_id in ids:
                if (person, frame_id) in self.known:
                    self.known.move_to_end((person, frame_id))
                    kind, lines = self.known[(person, frame_id)]
                    found[kind] = (frame_id, lines)
        return found

    def add(self, person: str, frame_id: str, kind: str, lines: list[str]) -> None:
        with self.guard:
            self.known[(person, frame_id)] = (kind, lines)
            while len(self.known) > FRAMES_KEPT:
                self.known.popitem(last=False)


FRAMES = Frames()


def as_differences(person: str, pages: list[tuple[str, str]], have: list[str]) -> tuple[dict, dict]:
    """Each page as a difference from its kind's frame where that is much smaller (else whole), and
    the frames this phone does not hold yet: a frame of two pages of a kind in this answer."""
    lines = {url: page_delta.placeholders(html, url) for url, html in pages}
    kinds = {url: page_delta.kind_of(url) for url, _html in pages}
    urls_by_kind = defaultdict(list)
    for url, _html in pages:
        if lines[url] is not None:
            urls_by_kind[kinds[url]].append(url)
    frames = FRAMES.held(person, have)
    new = {}
    for kind, urls in urls_by_kind.items():
        if kind not in frames and len(urls) >= 2:
            frame_id, frame_lines = page_delta.frame(lines[urls[0]], lines[urls[1]])
            FRAMES.add(person, frame_id, kind, frame_lines)
            frames[kind], new[frame_id] = (frame_id, frame_lines), frame_lines
    entries, used = {}, set()
    for url, html in pages:
        entries[url] = {"url": url, "html": html}
        if lines[url] is not None and kinds[url] in frames:
            frame_id, frame_lines = frames[kinds[url]]
            operations = page_delta.delta(frame_lines, lines[url])
            if page_delta.worth_it(operations, html):
                entries[url] = {"url": url, "frame": frame_id, "ops": operations}
                used.add(frame_id)
    return entries, {frame_id: frame_lines for frame_id, frame_lines in new.items() if frame_id in used}


def signed_out():
    return jsonify(error="signed_out", message=_("Please sign in again.")), 401


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/sync/caseload")
def caseload_for_device():
    """The plan of a copy: every part of the person's offline set with its version. JSON only, never
    a redirect. Audits one event per copy or refresh: "caseload copied to device D, n cases"."""
    if not current_user.is_authenticated:
        return signed_out()
    db, actor = get_db(), current_user.actor
    parts, _cases = offline_set.current(db, actor)
    cases = len(parts) - (offline_set.LISTS in parts)
    audit.log("caseload.copied", details={"device": session.device_id or "", "cases": cases})
    return no_store(jsonify(
        person=current_user.id, scope=offline_set.scope(actor), parts=parts,
        parts_url=url_for("sync.caseload_parts"), parts_per_request=PARTS_PER_REQUEST,
        lifetime_seconds=int(current_app.config["OFFLINE_LIFETIME_SECONDS"]),
        refresh_seconds=int(current_app.config["CASELOAD_REFRESH_SECONDS"])))


@bp.get("/sync/caseload/parts")
def caseload_parts():
    """`?part=KEY&part=KEY…`: each part with its version and its pages (URL and HTML). A part that is
    not (or no longer) in the person's offline set is refused by itself, with its reason; the
    others still come. Records which case went to which device (sync promise 4)."""
    if not current_user.is_authenticated:
        return signed_out()
    keys = list(dict.fromkeys(request.args.getlist("part")))
    have = list(dict.fromkeys(request.args.getlist("have")))
    if (not keys or len(keys) > PARTS_PER_REQUEST or not all(KEY.fullmatch(key) for key in keys)
            or len(have) > FRAMES_HELD_MAX or not all(FRAME.fullmatch(frame_id) for frame_id in have)):
        return jsonify(error="invalid_parts", message=_("Between 1 and %(n)s parts per request, please.",
                                                         n=PARTS_PER_REQUEST)), 400
    db, actor = get_db(), current_user.actor
    current, cases = offline_set.current(db, actor)  # read before rendering: a change meanwhile shows next time
    parts, refused, sent, rendered = [], [], [], []
    for key in keys:
        if key not in current:
            refused.append({"key": key, "reason": "not_in_offline_set"})
            if db.execute("SELECT 1 FROM household_case WHERE id = ?", [key]).fetchone():
                audit.log("caseload.part_refused", subject=("case", key), details={"reason": "not_in_offline_set"})
            continue
        urls, complete = [], True
        for url in offline_set.urls_of(db, key, cases.get(key)):
            html = offline_set.render(url)
            if html is None:
                complete = False  # the phone keeps its older copy of that page and asks again next time
            else:
                urls.append(url)
                rendered.append((url, html))
        parts.append({"key": key, "version": current[key] if complete else None, "pages": urls})
        if key in cases:
            sent.append(key)
    entries, frames = as_differences(current_user.id, rendered, have)
    for part in parts:
        part["pages"] = [entries[url] for url in part["pages"]]
    if sent:
        with write(db):
            for case_id in sent:
                record_case_on_device(db, case_id, session.device_id, current_user.id)
    return no_store(jsonify(parts=parts, refused=refused, frames=frames))
