"""The one check every `next` return address goes through before a redirect."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a local path may be a redirect target (no scheme, no host, no '//' or backslash)."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(char) < 32 or ord(char) == 127 for char in target) or len(target) > 2000:
        return default  # a line break in a Location header would split the answer
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
