"""Text at the door: what every request's JSON and form text becomes before the app sees it.

- JSON nested deeper than MAX_JSON_DEPTH is refused before it is parsed (a parser would recurse
  until it fails); no payload of ours is deeper than 8.
- A lone surrogate (half of an emoji cut off by a text field) cannot be stored as UTF-8: it is
  replaced by U+FFFD, the replacement character, so the rest of the text is kept.
- Control characters other than tab, line feed and carriage return (NUL among them) are removed:
  they are invisible, a person cannot have meant them, and they break exports and printing.
- Text is normalised to NFC, so the same words are the same bytes (hashes, search, duplicates).
Documented in docs/security.md ("Input rules").
"""

from __future__ import annotations

import re
import unicodedata

MAX_JSON_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(r"[^\[\]{}]")


class TooDeep(ValueError):
    pass


def json_depth(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> int:
    """The nesting depth of a JSON text, counted without parsing it; stops once past `limit`.

    String literals are cut out first (in C, by the regex engine), so a 10 MB photo in a string
    costs milliseconds; only the brackets that remain are counted."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    structure = _BRACKETS.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for char in structure:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        else:
            depth -= 1
    return deepest


def check_depth(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> None:
    if json_depth(text, limit) > limit:
        raise TooDeep(f"JSON nested deeper than {limit}")


def clean_text(value: str) -> str:
    value = _SURROGATE.sub("\ufffd", value)
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value)


def clean_json(value):
    """The same JSON value with every string (keys too) cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(k) if isinstance(k, str) else k: clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value
