"""The sync registries; they know no area. Areas register here at import time:
- a mutation kind and its handler `(db, person, mutation, *, today) -> result dict`;
- the pages of a case a device keeps offline: `pages(db, case) -> [url, …]`;
- pages every device keeps beside the caseload lists (no personal data): `pages(db) -> [url, …]`.
"""

from __future__ import annotations

from collections.abc import Callable

KINDS: dict[str, Callable] = {}
_OFFLINE_PAGES: dict[str, Callable] = {}
_LIST_PAGES: dict[str, Callable] = {}


def register(kind: str, handler: Callable) -> None:
    KINDS[kind] = handler


def handler_for(kind: str) -> Callable | None:
    return KINDS.get(kind)


def register_offline_pages(area: str, pages: Callable) -> None:
    """pages(db, case) -> the urls of this area's pages for that case (forms, recent records)."""
    _OFFLINE_PAGES[area] = pages


def offline_pages(db, case: dict) -> list[str]:
    urls: list[str] = []
    for area in sorted(_OFFLINE_PAGES):
        urls += _OFFLINE_PAGES[area](db, case)
    return urls


def register_list_pages(area: str, pages: Callable) -> None:
    """pages(db) -> the urls of this area's pages kept with the lists (a directory, no personal
    data); their changes must bump `offline_shared` (migration 0012's shared triggers)."""
    _LIST_PAGES[area] = pages


def list_pages(db) -> list[str]:
    urls: list[str] = []
    for area in sorted(_LIST_PAGES):
        urls += _LIST_PAGES[area](db)
    return urls
