"""The statistics as files: CSV for German Excel (UTF-8 with BOM, ";" and decimal comma), XLSX
(XlsxWriter), JSON (keys as docs/statistics.md) and the annual report (PDF, WeasyPrint).

No cell is ever a formula: a text that starts with =, +, -, @, a tab or a carriage return gets a
leading apostrophe (OWASP's advice against CSV injection), in CSV and XLSX alike.
"""

from __future__ import annotations

import csv
import io
import json

import xlsxwriter

from ..domain import statistics as stats
from .figures import Figures
from .tables import Row, number_text, rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADERS = {"de": ("Kennzahl", "Kennzahl (Name)", "Kategorie", "Kategorie (Name)", "Wert", "Einheit"),
           "en": ("figure", "figure name", "category", "category name", "value", "unit")}


def neutral(text: str) -> str:
    """A text cell that no spreadsheet will run as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def period_lines(figures: Figures, team_name: str, locale: str) -> list[list[str]]:
    de = locale == "de"
    return [[("Zeitraum" if de else "period"), f"{figures.start.isoformat()} – {figures.end.isoformat()}"],
            [("Team" if de else "team"), neutral(team_name or ("alle Teams" if de else "all teams"))]]


def to_csv(figures: Figures, team_name: str, locale: str, small: int = stats.SMALL) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS[locale])
    for row in rows(figures, locale):
        writer.writerow([row.figure, neutral(row.figure_name), neutral(row.category), neutral(row.category_label),
                         number_text(row.value, locale, small, row.hidden), neutral(row.unit)])
    writer.writerow([])
    for line in period_lines(figures, team_name, locale):
        writer.writerow(line)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def to_xlsx(figures: Figures, team_name: str, locale: str, small: int = stats.SMALL) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Statistik" if locale == "de" else "Statistics")
    bold = book.add_format({"bold": True})
    decimal = book.add_format({"num_format": "0.0#"})
    for column, header in enumerate(HEADERS[locale]):
        sheet.write_string(0, column, header, bold)
    line = 0
    for line, row in enumerate(rows(figures, locale), start=1):
        for column, text in enumerate((row.figure, row.figure_name, row.category, row.category_label)):
            sheet.write_string(line, column, neutral(text))
        if row.value is None:
            sheet.write_string(line, 4, number_text(None, locale, small, row.hidden))
        else:
            sheet.write_number(line, 4, row.value, decimal if isinstance(row.value, float) else None)
        sheet.write_string(line, 5, neutral(row.unit))
    for offset, (label, value) in enumerate(period_lines(figures, team_name, locale), start=line + 2):
        sheet.write_string(offset, 0, label, bold)
        sheet.write_string(offset, 1, value)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 3, 36)
    book.close()
    return buffer.getvalue()


def to_json(figures: Figures, team: dict | None, small: int = stats.SMALL) -> dict:
    """Keys as docs/statistics.md; a hidden value is the string "< 3", nothing to count is null."""
    out: dict = {}
    for row in rows(figures, "en"):
        value = f"< {small}" if row.hidden else row.value
        if not row.category:
            out[row.figure] = value
        elif row.figure == "tenancies_standing":
            months, part = row.category.split(".", 1)
            out.setdefault(row.figure, {}).setdefault(f"{months}_months", {})[part] = value
        else:
            out.setdefault(row.figure, {})[row.category] = value
    return {"period": {"from": figures.start.isoformat(), "to": figures.end.isoformat()},
            "team": team, "suppression": {"cells_under": small, "shown_as": f"< {small}"}, "figures": out}


def json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


__all__ = ["Row", "json_bytes", "neutral", "to_csv", "to_json", "to_xlsx"]
