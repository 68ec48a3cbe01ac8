"""Tenant copies as A4 PDFs (WeasyPrint): the same HTML as the printable page, rendered offline.

The PDF renderer fetches nothing: the print stylesheet is passed in directly and pictures must be
inline SVG or data: URLs, so a copy never reaches the network or the file system (a value a person
typed can never become a request).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PRINT_CSS = Path(__file__).resolve().parent / "static" / "css" / "print.css"


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=PRINT_CSS.read_text(encoding="utf-8"))


def render_pdf(html: str) -> bytes:
    """An A4 PDF of a printable page's HTML, with the print stylesheet and no outside fetches."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, base_url="about:blank", url_fetcher=fetcher).write_pdf(stylesheets=[_stylesheet()])
