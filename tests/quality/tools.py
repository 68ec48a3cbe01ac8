"""Where the pinned quality tools live (tests/quality/package.json, installed by scripts/test.sh)."""

from __future__ import annotations

from pathlib import Path

TOOLS = Path(__file__).resolve().parent / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / ".bin" / "lighthouse"


def install_hint() -> str:
    return "the quality tools are missing: run ./scripts/test.sh (it runs npm ci in tests/quality)"
