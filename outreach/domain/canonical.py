"""Canonical JSON: UTF-8, NFC-normalised strings, sorted keys, no whitespace — the same bytes
for the same content every time, so hashes and HMACs over it are stable."""

from __future__ import annotations

import hashlib
import json
import unicodedata


def _normalise(item):
    if isinstance(item, str):
        return unicodedata.normalize("NFC", item)
    if isinstance(item, dict):
        return {_normalise(k): _normalise(v) for k, v in item.items()}
    if isinstance(item, (list, tuple)):
        return [_normalise(v) for v in item]
    return item


def canonical_json(value) -> bytes:
    return json.dumps(_normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(value) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()
