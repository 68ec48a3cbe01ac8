"""The export as a reader sees it (the A4 PDF in German): per part its title and, per row, the
labelled columns with their values written out — names for people and organisations, euros for
amounts, dates as dates, lists as lists. Ids, hashes and seals stay in the JSON."""

from __future__ import annotations

import json
from datetime import date

from .. import household
from ..domain.money import format_cents


def _text(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if v not in (None, "", [], {}))
    return "" if value is None else str(value)


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value[:10]).strftime("%d.%m.%Y") + (f" {value[11:16]}" if len(value) > 10 else "")
    except ValueError:
        return value


def show(column: str, value, data: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and "file" in value:
        return f"{value['file']} ({value['bytes']} Bytes)"
    if column.endswith("_cents") and isinstance(value, int):
        return format_cents(value)
    if isinstance(value, str):
        for names in ("people", "organisations", "services"):
            if value in data[names]:
                return data[names][value]
        if value[:1] in "[{":
            try:
                return _text(json.loads(value)) or "—"
            except ValueError:
                return value
        if len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit():
            return _day(value)
    return _text(value)


def sections(data: dict) -> list[dict]:
    out = []
    for part in data["parts"]:
        table = household.table(part["table"])
        if not part["rows"] or table is None or not table.labels:
            continue
        rows = [[(str(label), show(column, row.get(column), data)) for column, label in table.labels.items()
                 if column in row] for row in part["rows"]]
        out.append({"title": part["title"], "rows": rows})
    return out


def audit_summary(data: dict) -> list[dict]:
    """Who did what with the file, once per person and kind of action: how often, first and last
    time. A file read daily for years has thousands of lines; the PDF stays a few pages (the JSON
    keeps every line)."""
    grouped: dict[tuple[str, str], dict] = {}
    for line in data["audit"]:
        who = data["people"].get(line["actor_id"] or "", line["actor_id"] or "—")
        entry = grouped.setdefault((who, line["action"]), {"who": who, "action": line["action"], "count": 0,
                                                           "first": line["at"], "last": line["at"]})
        entry["count"] += 1
        entry["first"], entry["last"] = min(entry["first"], line["at"]), max(entry["last"], line["at"])
    return [{**entry, "first": _day(entry["first"]), "last": _day(entry["last"])}
            for entry in sorted(grouped.values(), key=lambda e: (e["first"], e["who"], e["action"]))]
