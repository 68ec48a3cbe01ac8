"""What sealing the offline copy costs on a phone (issue 25):

    .venv/bin/python -m tests.benchmarks.vault_bench [--cases 50] [--slowdown 4]

Takes the demo worker's real case pages (case page, budget, visit and consent forms, as the server
renders them for the offline copy; the worker's cases repeated up to `--cases` cases of four pages
each), and in headless Chromium with the CPU slowed down (DevTools' CPU throttling, 4× by default,
a mid-range phone) times: unlocking with a passkey (HKDF from a PRF output, then unwrapping the
data key), unlocking with a PIN (PBKDF2-SHA-256, 600,000 rounds), and storing the caseload as the
service worker does — each case's pages as one JSON part, gzip-compressed (CompressionStream),
sealed (AES-GCM, the part's URL bound in) — and opening it again; counts the bytes: the pages as
HTML, the parts compressed, the parts sealed. Prints JSON; docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, static_url  # noqa: E402
from tests.quality import site as demo  # noqa: E402

MEASURE_JS = """
async ([vaultUrl, pages]) => {
  const v = await import(vaultUrl);
  const time = async (work) => { const start = performance.now(); const result = await work(); return [performance.now() - start, result]; };
  const key = await v.newDataKey();
  const prf = v.randomBytes(32), salt = v.randomBytes(16);
  const wrapping = await v.wrap(key, await v.keyFromPrf(prf, salt), 'prf:bench', salt);
  const pinSalt = v.randomBytes(16);
  const pinWrapping = await v.wrap(key, await v.keyFromPin('482915', pinSalt), 'pin', pinSalt);
  const [prfMs, opened] = await time(async () => v.unwrap(wrapping, await v.keyFromPrf(prf, salt)));
  const [pinMs] = await time(async () => v.unwrapWithPin(pinWrapping, '482915'));
  const gzip = async (bytes) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
  const gunzip = async (bytes) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  const parts = [];
  for (let n = 0; n < pages.length; n += 4) parts.push(Object.fromEntries(pages.slice(n, n + 4).map((html, k) => [`/cases/case-${n / 4}/${k}`, html])));
  let zipped = 0;
  const [sealMs, sealed] = await time(() => Promise.all(parts.map(async (part, n) => {
    const bytes = await gzip(new TextEncoder().encode(JSON.stringify(part)));
    zipped += bytes.length;
    return v.packSealed(await v.seal(opened, `/__outreach/part/case-${n}`, 'cache-entry', bytes));
  })));
  const [openMs, back] = await time(() => Promise.all(sealed.map(async (bytes, n) =>
    JSON.parse(new TextDecoder().decode(await gunzip(await v.open(opened, `/__outreach/part/case-${n}`, 'cache-entry', v.unpackSealed(bytes))))))));
  return {
    unlock_passkey_ms: prfMs, unlock_pin_ms: pinMs, store_caseload_ms: sealMs, open_caseload_ms: openMs,
    html_bytes: pages.reduce((sum, html) => sum + new TextEncoder().encode(html).length, 0),
    gzipped_bytes: zipped, sealed_bytes: sealed.reduce((sum, bytes) => sum + bytes.length, 0),
    same: back.every((part, n) => JSON.stringify(part) === JSON.stringify(parts[n])),
  };
}
"""


def case_pages(running, cases: int) -> list[str]:
    worker = running.client("worker")
    html = [worker.get(url).get_data(as_text=True) for endpoint, url in running.pages("worker").items()
            if endpoint in ("cases.case_page", "budgets.budget_form", "visits.new_visit", "consent.new_consent")]
    return [html[n % len(html)] for n in range(cases * 4)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=50)
    parser.add_argument("--slowdown", type=float, default=4)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    running = demo.start(Path(tempfile.mkdtemp()))
    try:
        pages = case_pages(running, args.cases)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(running.url + "/offline")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.slowdown})
            result = page.evaluate(MEASURE_JS, [static_url(running.app, "js/vault.js"), pages])
            browser.close()
    finally:
        running.close()
    print(json.dumps({"cases": args.cases, "cpu_slowdown": args.slowdown,
                      **{k: round(v, 1) if isinstance(v, float) else v for k, v in result.items()}}))


if __name__ == "__main__":
    main()
