"""Money: integer cents, German amount input and German display.

The same rules are written once more in outreach/static/js/money.js;
tests/fixtures/money_vectors.json proves that both give the same answers.
The rules and their reasons are documented in docs/money.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CENTS = 1_000_000_000  # 10.000.000,00 €, the largest amount anyone may enter
# The browser computes with IEEE doubles; every integer the rules produce must fit.
MAX_SAFE_INTEGER = 2**53 - 1

NBSP = "\u00a0"  # between the number and "€", as Intl.NumberFormat("de-DE") does
EURO = "€"

# Exactly the characters of JavaScript's \s, listed so both languages strip the same set.
_WHITESPACE = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
_MINUS_SIGNS = ("-", "\u2212")
_FOREIGN = re.compile("[^0-9.,€\u2212-]")
_PLAIN = re.compile("[0-9]+")
_DECIMAL_COMMA = re.compile("([0-9]+),([0-9]+)")
_GROUPED_DECIMAL_COMMA = re.compile("([1-9][0-9]{0,2}(?:[.][0-9]{3})+),([0-9]+)")
_GROUPED = re.compile("[1-9][0-9]{0,2}(?:[.][0-9]{3})+")
_DECIMAL_DOT = re.compile("([0-9]+)[.]([0-9]+)")
_MAX_EURO_DIGITS = len(str(MAX_CENTS // 100))

REFUSAL_MESSAGES: dict[str, dict[str, str]] = {
    "empty": {
        "de": "Bitte einen Betrag eingeben.",
        "en": "Please enter an amount.",
    },
    "invalid_character": {
        "de": "Bitte nur Ziffern, Punkt und Komma eingeben, z. B. 1.234,50.",
        "en": "Please use only digits, full stops and a comma, e.g. 1.234,50.",
    },
    "malformed": {
        "de": "Das ist kein gültiger Betrag. Bitte so eingeben: 12,50 oder 1.234,50.",
        "en": "That is not a valid amount. Please enter it like 12,50 or 1.234,50.",
    },
    "too_many_decimals": {
        "de": "Bitte höchstens zwei Nachkommastellen (Cent) eingeben.",
        "en": "Please enter at most two decimal places (cents).",
    },
    "negative": {
        "de": "Bitte einen Betrag ab 0\u00a0€ eingeben.",
        "en": "Please enter an amount of 0\u00a0€ or more.",
    },
    "too_large": {
        "de": "Bitte höchstens 10.000.000,00\u00a0€ eingeben.",
        "en": "Please enter at most 10.000.000,00\u00a0€.",
    },
}


class MoneyError(ValueError):
    """A programming error: a money rule was called with a value it does not accept.

    People's typing never raises; parse_amount() answers with a refusal instead.
    """

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code


@dataclass(frozen=True)
class ParseResult:
    """Either cents plus the amount as read (echo), or a refusal code."""

    cents: int | None = None
    echo: str | None = None
    code: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None

    @property
    def message(self) -> dict[str, str] | None:
        return None if self.code is None else dict(REFUSAL_MESSAGES[self.code])

    def to_dict(self) -> dict:
        """The shape money.js returns, and the shape of the test vectors."""
        if self.ok:
            return {"ok": True, "cents": self.cents, "echo": self.echo}
        return {"ok": False, "code": self.code, "message": self.message}


def is_int(value: object) -> bool:
    # bool is an int subclass in Python but not a number in JavaScript.
    return isinstance(value, int) and not isinstance(value, bool)


def require_cents(value: object, *, name: str, low: int = 0, high: int = MAX_CENTS) -> int:
    if not is_int(value) or not low <= value <= high:
        raise MoneyError("invalid_amount", f"{name} must be an integer from {low} to {high}")
    return value


def div_round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves upwards.

    Only for numerator >= 0 and denominator > 0, where "half up" and "half away
    from zero" agree. Integer arithmetic only.
    """
    if not is_int(numerator) or not is_int(denominator) or numerator < 0 or denominator <= 0:
        raise MoneyError("invalid_amount", "rounding needs numerator >= 0 and denominator > 0")
    return (2 * numerator + denominator) // (2 * denominator)


def format_cents(cents: int) -> str:
    """German display: "1.234,50 €" (thousands ".", decimal ",", NBSP before €)."""
    require_cents(cents, name="cents", low=-MAX_SAFE_INTEGER, high=MAX_SAFE_INTEGER)
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}{grouped},{rest:02d}{NBSP}{EURO}"


def _refuse(code: str) -> ParseResult:
    return ParseResult(code=code)


def parse_amount(text: str | None) -> ParseResult:
    """Read an amount as a person in Germany types it. Never raises for a string.

    Refusal codes, checked in this order: empty, invalid_character, malformed,
    too_many_decimals, negative, too_large.
    """
    if text is None:
        return _refuse("empty")
    if not isinstance(text, str):
        raise TypeError("parse_amount() reads text")

    s = _WHITESPACE.sub("", text)
    negative = False
    if s[:1] in _MINUS_SIGNS:
        negative, s = True, s[1:]
    # One "€" in front of or behind the number; a minus may stand on either side of a leading "€".
    if s.startswith(EURO):
        s = s[1:]
        if not negative and s[:1] in _MINUS_SIGNS:
            negative, s = True, s[1:]
    elif s.endswith(EURO):
        s = s[:-1]
    if s == "":
        return _refuse("empty")
    if _FOREIGN.search(s):
        return _refuse("invalid_character")

    if "," in s:
        # A comma is always the decimal mark; dots before it may only group thousands.
        match = (_GROUPED_DECIMAL_COMMA if "." in s else _DECIMAL_COMMA).fullmatch(s)
        if match is None:
            return _refuse("malformed")
        whole, fraction = match[1].replace(".", ""), match[2]
    elif "." in s:
        if _GROUPED.fullmatch(s):
            whole, fraction = s.replace(".", ""), ""
        else:
            match = _DECIMAL_DOT.fullmatch(s)
            # Exactly three digits after a lone dot group thousands, so "1234.567" is misgrouped.
            if match is None or len(match[2]) == 3:
                return _refuse("malformed")
            whole, fraction = match[1], match[2]
    elif _PLAIN.fullmatch(s):
        whole, fraction = s, ""
    else:
        # Only "€" or a minus sign in the middle of the number is left.
        return _refuse("malformed")

    if len(fraction) > 2:
        return _refuse("too_many_decimals")
    if negative:
        return _refuse("negative")
    whole = whole.lstrip("0")
    if len(whole) > _MAX_EURO_DIGITS:
        return _refuse("too_large")
    cents = int(whole or "0") * 100 + int(fraction.ljust(2, "0"))
    if cents > MAX_CENTS:
        return _refuse("too_large")
    return ParseResult(cents=cents, echo=format_cents(cents))
