"""Tenant-copy PDFs: A4, readable text, and no fetch of anything outside the HTML given."""

from __future__ import annotations

import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from outreach.pdf import render_pdf


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="scripts/test.sh installs poppler-utils")


def test_a_copy_is_an_a4_pdf_with_its_german_text(tmp_path):
    pdf = render_pdf('<div class="print-copy"><h1>Haushaltsplan</h1><p>Freier Betrag: 1.311,64\u00a0€</p></div>')
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert "Haushaltsplan" in text and "1.311,64 €" in text
    info = subprocess.run(["pdfinfo", "-", ], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_renderer_fetches_nothing_a_page_names(tmp_path):
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("h1::after { content: 'LEAKED'; }")
    try:
        pdf = render_pdf(f'<link rel="stylesheet" href="file://{secret}">'
                         f'<h1>Kopie</h1><img src="http://127.0.0.1:{server.server_port}/tracker.png">'
                         f'<link rel="stylesheet" href="http://127.0.0.1:{server.server_port}/x.css">')
    finally:
        server.shutdown()
    assert hits == []
    assert "LEAKED" not in pdf_text(pdf, tmp_path)
