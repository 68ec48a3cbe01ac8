"""Pages of the offline copy as differences from a frame every case shares (docs/offline.md).

The pages of one kind (every case's budget form, every case page, …) are the same form, labels,
options and help texts around a few lines of the case's own. A *frame* is the lines two cases'
pages of a kind have in common, in order (their longest common subsequence of lines): what every
case shares, and nothing that differs between two households. It is sent to a phone once; each
case's page then travels, and is kept, as the few lines that differ from it.

A page's own ids (the case's, a note's: the 16-character segments of its URL) are replaced by
placeholders before comparing, so the many links and form targets that name them stay equal lines.
Flask-free; the service worker (`sw/sw.js`, `rebuild`) puts pages back together the same way as
`rebuild` here, which the tests use to check every page.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re

ID = re.compile(r"[A-Za-z0-9_-]{16}")
MARK = "\ue000"  # a private-use character: not expected in a page, and a page holding one is sent whole


def _segments(url: str) -> list[str]:
    return url.split("?")[0].split("/")


def ids_of(url: str) -> list[str]:
    return [segment for segment in _segments(url) if ID.fullmatch(segment)]


def kind_of(url: str) -> str:
    """The page's URL with its ids replaced: /cases/{}/budget."""
    return "/".join("{}" if ID.fullmatch(segment) else segment for segment in _segments(url))


def placeholders(html: str, url: str) -> list[str] | None:
    """The page's lines with its ids replaced by placeholders, or None when it cannot be (the mark
    character in the page)."""
    if MARK in html:
        return None
    for n, found in enumerate(ids_of(url)):
        html = html.replace(found, f"{MARK}{n}{MARK}")
    return html.splitlines(keepends=True)


def frame(first: list[str], second: list[str]) -> tuple[str, list[str]]:
    """The lines two pages of a kind share, in order, and the frame's id (a hash of them)."""
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    lines = [line for block in matcher.get_matching_blocks() for line in first[block.a:block.a + block.size]]
    return hashlib.sha256(json.dumps(lines).encode()).hexdigest()[:16], lines


def delta(frame_lines: list[str], page: list[str]) -> list:
    """The page as operations on the frame: [start, count] copies frame lines, a string is text of
    the page's own."""
    operations: list = []
    matcher = difflib.SequenceMatcher(None, frame_lines, page, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            operations.append([i1, i2 - i1])
        elif tag in ("replace", "insert"):
            operations.append("".join(page[j1:j2]))
    return operations


def rebuild(frame_lines: list[str], operations: list, url: str) -> str:
    """The page again (what the service worker does on the phone)."""
    parts = ["".join(frame_lines[op[0]:op[0] + op[1]]) if isinstance(op, list) else op for op in operations]
    html = "".join(parts)
    for n, found in enumerate(ids_of(url)):
        html = html.replace(f"{MARK}{n}{MARK}", found)
    return html


def worth_it(operations: list, html: str) -> bool:
    """A difference is sent only when it is much smaller than the page."""
    return len(json.dumps(operations)) < len(html) // 2
