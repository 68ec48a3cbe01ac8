"""The shared money vectors (tests/fixtures/money_vectors.json), loaded once for every test."""

from __future__ import annotations

import json
from pathlib import Path

from outreach.domain.money import MoneyError

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests/fixtures/money_vectors.json").read_text(encoding="utf-8"))["vectors"]


def vectors(*ops: str) -> list[dict]:
    return [v for v in VECTORS if v["op"] in ops]


def outcome(call):
    """What a vector expects: the result as JSON, or {"error": code} for a MoneyError."""
    try:
        result = call()
    except MoneyError as error:
        return {"error": error.code}
    return result.to_dict() if hasattr(result, "to_dict") else result
