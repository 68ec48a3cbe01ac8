"""German is the default language and its catalogue is complete and compiled."""

from __future__ import annotations

import pathlib

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "outreach" / "translations" / "de" / "LC_MESSAGES"
METHODS = [("outreach/**.py", "python"), ("outreach/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def german():
    with open(CATALOGUE / "messages.po", "rb") as handle:
        return read_po(handle, locale="de")


def test_every_source_string_has_a_german_translation():
    catalogue = german()
    def translated(message) -> bool:
        entry = catalogue.get(message)
        if entry is None:
            return False
        return all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string)

    missing = [m for m in source_messages() if not translated(m)]
    assert missing == [], "run scripts/translations.sh and translate: " + repr(missing)


def test_compiled_catalogue_matches_the_po_file():
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        compiled = read_mo(handle)
    def pairs(catalogue):
        as_key = lambda value: tuple(value) if isinstance(value, (list, tuple)) else value  # plurals
        return {as_key(m.id): as_key(m.string) for m in catalogue if m.id}

    po, mo = pairs(german()), pairs(compiled)
    assert mo == po, "run scripts/translations.sh to recompile"


def test_no_fuzzy_translations():
    assert [m.id for m in german() if m.id and m.fuzzy] == []


def test_extraction_finds_the_templates():
    assert "Keep the home" in source_messages()
