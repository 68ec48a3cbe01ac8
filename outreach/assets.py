"""Static files under content-hashed names, compressed once, cached for a year.

`url_for("static", filename="js/app.js")` gives `/static/js/app.<hash>.js`. The hash is taken
over the file as it is served: a script's imports of other static files ("/static/js/x.js") are
rewritten to their hashed names first, so a change in money.js also renames every script that
imports it, and a browser holding the old files can never mix versions. Hashed names are
`Cache-Control: public, max-age=31536000, immutable`; the plain names still answer (for anything
that knows only them) with `no-cache` and an ETag. Each file is compressed once per process with
Brotli (quality 11) and gzip (level 9) and served in the encoding the browser accepts.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, abort, current_app, request

IMMUTABLE = "public, max-age=31536000, immutable"
HASH_LENGTH = 10
HASHED_NAME = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<suffix>\.[A-Za-z0-9]+)$")
# A quoted or url()-wrapped reference to another static file inside a script or style sheet.
REFERENCE = re.compile(r"""(?P<open>["'(])/static/(?P<name>[A-Za-z0-9_./-]+)(?P<close>["')])""")
REWRITTEN = (".js", ".css")
COMPRESSIBLE = {"text/javascript", "application/javascript", "text/css", "image/svg+xml", "application/json",
                "application/manifest+json", "text/plain"}
MIMETYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".webmanifest": "application/manifest+json"}


@dataclass
class Asset:
    name: str
    hashed: str
    body: bytes
    mimetype: str
    digest: str
    _encoded: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def compressible(self) -> bool:
        return self.mimetype in COMPRESSIBLE

    def encoded(self, encoding: str) -> bytes:
        if encoding not in self._encoded:
            if encoding == "br":
                self._encoded[encoding] = brotli.compress(self.body, quality=11)
            else:
                self._encoded[encoding] = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self._encoded[encoding]


class Assets:
    """Every file of one static folder, read once, under its plain and its hashed name."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sources = {
            path.relative_to(folder).as_posix(): path for path in sorted(folder.rglob("*")) if path.is_file()
        }
        self.by_name: dict[str, Asset] = {}
        for name in self.sources:
            self._resolve(name, ())
        self.by_hashed = {asset.hashed: asset for asset in self.by_name.values()}

    def _resolve(self, name: str, chain: tuple[str, ...]) -> Asset:
        if name in self.by_name:
            return self.by_name[name]
        if name in chain:
            raise ValueError(f"static files refer to each other in a circle: {' → '.join(chain + (name,))}")
        body = self.sources[name].read_bytes()
        if name.endswith(REWRITTEN):
            body = self._rewrite(body, chain + (name,))
        digest = hashlib.sha256(body).hexdigest()
        suffix = Path(name).suffix
        asset = Asset(
            name=name,
            hashed=f"{name[: -len(suffix)] if suffix else name}.{digest[:HASH_LENGTH]}{suffix}",
            body=body,
            mimetype=MIMETYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream",
            digest=digest,
        )
        self.by_name[name] = asset
        return asset

    def _rewrite(self, body: bytes, chain: tuple[str, ...]) -> bytes:
        text = body.decode("utf-8")

        def hashed(match: re.Match) -> str:
            name = match["name"]
            if name not in self.sources:
                return match[0]
            return f"{match['open']}/static/{self._resolve(name, chain).hashed}{match['close']}"

        return REFERENCE.sub(hashed, text).encode("utf-8")

    def url_name(self, name: str) -> str:
        asset = self.by_name.get(name)
        return asset.hashed if asset else name

    def find(self, name: str) -> tuple[Asset | None, bool]:
        """The asset a request names, and whether the name was the immutable (hashed) one."""
        if name in self.by_hashed:
            return self.by_hashed[name], True
        return self.by_name.get(name), False


_loaded: dict[tuple, Assets] = {}


def load(folder: Path) -> Assets:
    """One reading per process for the same files (tests build many apps over one folder)."""
    stats = {path: path.stat() for path in folder.rglob("*") if path.is_file()}
    files = sorted((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in stats.items())
    key = (str(folder), tuple(files))
    if key not in _loaded:
        _loaded.clear()
        _loaded[key] = Assets(folder)
    return _loaded[key]


def assets() -> Assets:
    return current_app.extensions["outreach_assets"]


def _choose_encoding(asset: Asset) -> str | None:
    if not asset.compressible or len(asset.body) < 256:
        return None
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if accepted[encoding]:
            return encoding
    return None


def serve(filename: str) -> Response:
    asset, immutable = assets().find(filename)
    if asset is None:
        abort(404)
    encoding = _choose_encoding(asset)
    response = current_app.response_class(asset.encoded(encoding) if encoding else asset.body,
                                          mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = IMMUTABLE if immutable else "no-cache"
    response.set_etag(f"{asset.digest[:32]}-{encoding or 'identity'}")
    return response.make_conditional(request)


def _hashed_url(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values:
        values["filename"] = assets().url_name(values["filename"])


def init_app(app: Flask) -> None:
    app.extensions["outreach_assets"] = load(Path(app.static_folder))
    app.view_functions["static"] = serve
    app.url_defaults(_hashed_url)
