"""Money input and display: outreach.domain.money, plus the shared vector file itself."""

import ast
import re
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.domain import budget, budget_charts, budget_plan, debts, entitlements, money, reference, repayment
from outreach.domain.money import (
    MAX_CENTS,
    NBSP,
    REFUSAL_MESSAGES,
    MoneyError,
    div_round_half_up,
    format_cents,
    parse_amount,
)
from tests.support.vectors import ROOT, VECTORS, outcome

OPS = {"parse", "format", "monthly", "budget", "pro_rata", "plan", "creditor_split", "setoff", "garnishment",
       "kindergeld", "hints", "budget_bars", "arrears_bars", "evaluate"}



def run(vector):
    given_ = vector["input"]
    if vector["op"] == "parse":
        return outcome(lambda: parse_amount(given_["text"]))
    return outcome(lambda: format_cents(given_["cents"]))


@pytest.mark.parametrize(
    "vector", [v for v in VECTORS if v["op"] in {"parse", "format"}], ids=lambda v: v["id"]
)
def test_vector(vector):
    assert run(vector) == vector["expected"], vector["note"]


def test_vector_file_is_large_unique_and_has_no_unknown_op():
    assert len(VECTORS) >= 80
    assert len({v["id"] for v in VECTORS}) == len(VECTORS)
    assert {v["op"] for v in VECTORS} == OPS
    assert all(v["note"] for v in VECTORS)


def test_vector_file_covers_every_refusal_rhythm_and_warning():
    refusals = {v["expected"].get("code") for v in VECTORS if v["op"] == "parse"}
    assert set(REFUSAL_MESSAGES) <= refusals
    rhythms = {v["input"]["rhythm"] for v in VECTORS if v["op"] == "monthly"}
    assert set(budget.RHYTHMS) <= rhythms
    plans = [v["expected"] for v in VECTORS if v["op"] == "plan"]
    warnings = {w["code"] for plan in plans for w in plan.get("warnings", [])}
    assert set(repayment.WARNING_MESSAGES) == warnings


@pytest.mark.parametrize(
    ("text", "cents"),
    [("12,50", 1250), ("12.5", 1250), ("1.234", 123400), ("1.234.567", 123456700), ("1.234,56", 123456)],
)
def test_the_issue_examples_parse(text, cents):
    assert parse_amount(text).cents == cents


def test_a_refusal_says_why_in_german_and_english():
    result = parse_amount("-5")
    assert not result.ok
    assert result.cents is None
    assert result.code == "negative"
    assert result.message == {
        "de": "Bitte einen Betrag ab 0\u00a0€ eingeben.",
        "en": "Please enter an amount of 0\u00a0€ or more.",
    }


def test_every_refusal_message_exists_in_both_languages_and_differs():
    for code, message in REFUSAL_MESSAGES.items():
        assert set(message) == {"de", "en"}, code
        assert message["de"] and message["en"] and message["de"] != message["en"], code


def test_echo_is_german_with_a_no_break_space_before_the_euro_sign():
    assert parse_amount("1234.5").echo == "1.234,50" + NBSP + "€"
    assert format_cents(MAX_CENTS) == "10.000.000,00\u00a0€"


def test_none_is_empty_but_a_number_is_a_programming_error():
    assert parse_amount(None).code == "empty"
    with pytest.raises(TypeError):
        parse_amount(1250)


def test_format_refuses_what_a_browser_cannot_hold_exactly():
    with pytest.raises(MoneyError):
        format_cents(2**53)
    with pytest.raises(MoneyError):
        format_cents(True)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_format_then_parse_gives_back_the_same_cents(cents):
    shown = format_cents(cents)
    result = parse_amount(shown)
    assert (result.cents, result.echo) == (cents, shown)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=0, max_value=MAX_CENTS),
    st.sampled_from(["{e},{c:02d}", "{e}.{c:02d}", "€ {e},{c:02d}"]),
)
def test_plain_euros_and_cents_parse_in_any_accepted_notation(cents, pattern):
    euros, rest = divmod(cents, 100)
    text = pattern.format(e=euros, c=rest)
    # A dot followed by exactly three digits would group thousands; "12.50" has two.
    assert parse_amount(text).cents == cents


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,€- \u00a0a")), max_size=14) | st.text(max_size=14))
def test_parse_never_raises_and_answers_with_cents_or_a_known_code(text):
    result = parse_amount(text)
    if result.ok:
        assert 0 <= result.cents <= MAX_CENTS
        assert result.echo == format_cents(result.cents)
    else:
        assert result.code in REFUSAL_MESSAGES


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=52 * MAX_CENTS), st.integers(min_value=1, max_value=12))
def test_rounding_is_half_up_of_the_exact_fraction(numerator, denominator):
    exact = Fraction(numerator, denominator)
    floor = exact.numerator // exact.denominator
    expected = floor + 1 if exact - floor >= Fraction(1, 2) else floor
    assert div_round_half_up(numerator, denominator) == expected


MODULES = [money, budget, repayment, debts, entitlements, budget_charts, budget_plan, reference]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_domain_module_has_no_float_no_flask_and_no_clock(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        assert not isinstance(node, ast.Div), f"true division at line {node.lineno}"
        if isinstance(node, ast.Constant):
            assert not isinstance(node.value, float), f"float literal at line {node.lineno}"
        if isinstance(node, ast.Name):
            assert node.id != "float", f"float() at line {node.lineno}"
        if isinstance(node, ast.Attribute):
            assert node.attr not in {"now", "today", "utcnow", "time"}, f"reads the clock at line {node.lineno}"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.split(".")[0] in {"flask", "time"} for n in names)


def test_docs_name_every_code_rhythm_and_the_rounding_rule():
    docs = (ROOT / "docs/money.md").read_text(encoding="utf-8")
    codes = set(REFUSAL_MESSAGES) | set(repayment.WARNING_MESSAGES) | set(budget.RHYTHMS)
    missing = [code for code in codes if not re.search(rf"`{code}`", docs)]
    assert missing == []
    assert "round half up" in docs.lower()
