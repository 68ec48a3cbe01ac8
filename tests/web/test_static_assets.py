"""Static files: content-hashed names cached for a year, compressed once, pages and JSON compressed."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from outreach.assets import HASHED_NAME, Assets

HASHED_SCRIPT = re.compile(r'src="(/static/js/app\.[0-9a-f]{10}\.js)"')
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def app_script(client) -> str:
    return HASHED_SCRIPT.search(client.get("/").get_data(as_text=True))[1]


def test_pages_link_static_files_by_content_hashed_names(client):
    html = client.get("/").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert HASHED_NAME.match(url.removeprefix("/static/")), url
        assert client.get(url).status_code == 200


def test_a_hashed_name_is_immutable_for_a_year_and_answers_304_to_its_validator(client):
    url = app_script(client)
    response = client.get(url)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.mimetype == "text/javascript"
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_the_plain_name_still_answers_but_must_be_revalidated(client):
    response = client.get("/static/js/app.js")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    assert response.data == client.get(app_script(client)).data


def test_unknown_or_wrongly_hashed_names_are_not_found(client):
    assert client.get("/static/js/app.0123456789.js").status_code == 404
    assert client.get("/static/js/none.js").status_code == 404
    assert client.get("/static/../outreach.cfg").status_code == 404


def test_scripts_import_each_other_by_hashed_names(client):
    body = client.get(app_script(client)).get_data(as_text=True)
    imports = re.findall(r'import\("(/static/[^"]+)"\)', body)
    assert imports and all(HASHED_NAME.match(url.removeprefix("/static/")) for url in imports)
    assert '"/static/js/offline.js"' not in body


@pytest.mark.parametrize("encoding, decode", [("br", brotli.decompress), ("gzip", gzip.decompress)])
def test_static_files_are_sent_compressed_in_the_encoding_the_browser_accepts(client, encoding, decode):
    url = app_script(client)
    plain = client.get(url).data
    response = client.get(url, headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding and "Accept-Encoding" in response.headers["Vary"]
    assert decode(response.data) == plain and len(response.data) < len(plain)
    assert response.headers["ETag"] != client.get(url).headers["ETag"]  # each encoding its own validator


def test_brotli_is_preferred_and_images_are_not_compressed_again(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{10}\.css)"', html)[1]
    icon = re.search(r'href="(/static/icons/icon-192\.[0-9a-f]{10}\.png)"', html)[1]
    assert client.get(css, headers=BROWSER).headers["Content-Encoding"] == "br"
    assert "Content-Encoding" not in client.get(icon, headers=BROWSER).headers
    assert "Content-Encoding" not in client.get(css).headers  # a client that accepts none


@pytest.mark.parametrize("path", ["/", "/offline", "/manifest.webmanifest", "/sw.js", "/healthz"])
def test_pages_json_manifest_and_service_worker_are_compressed(client, path):
    response = client.get(path, headers=BROWSER)
    assert response.status_code == 200
    if len(client.get(path).data) >= 500:
        assert response.headers["Content-Encoding"] == "br"
        # The page's CSRF token carries its signing second: compare without it (two requests may
        # straddle a second on a busy machine).
        assert without_token(brotli.decompress(response.data)) == without_token(client.get(path).data)


def without_token(body: bytes) -> bytes:
    return re.sub(rb'name="csrf-token" content="[^"]*"', b'name="csrf-token"', body)


def test_pages_are_still_never_stored_while_static_files_are(client):
    assert client.get("/", headers=BROWSER).headers["Cache-Control"] == "no-store"


def test_the_service_worker_precaches_hashed_names_and_answers_304_when_unchanged(client):
    response = client.get("/sw.js", headers=BROWSER)
    source = client.get("/sw.js").get_data(as_text=True)
    precache = re.search(r'"precache": (\[[^\]]*\])', source)[1]
    statics = re.findall(r'"(/static/[^"]+)"', precache)
    assert statics and all(HASHED_NAME.match(url.removeprefix("/static/")) for url in statics)
    assert client.get("/sw.js", headers={**BROWSER, "If-None-Match": response.headers["ETag"]}).status_code == 304
    plain = client.get("/sw.js")
    assert client.get("/sw.js", headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


def test_the_manifest_names_its_icons_by_hashed_names(client):
    icons = client.get("/manifest.webmanifest").json["icons"]
    for icon in icons:
        assert HASHED_NAME.match(icon["src"].removeprefix("/static/"))
        assert client.get(icon["src"]).mimetype == "image/png"


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_a_change_in_an_imported_file_renames_every_file_that_imports_it(tmp_path):
    write(tmp_path, "js/money.js", "export const cents = 1;\n")
    write(tmp_path, "js/budget.js", 'import { cents } from "/static/js/money.js";\n')
    write(tmp_path, "js/app.js", 'import("/static/js/budget.js");\n')
    write(tmp_path, "js/alone.js", "export const x = 1;\n")
    before = Assets(tmp_path)
    write(tmp_path, "js/money.js", "export const cents = 2;\n")
    after = Assets(tmp_path)
    for name in ("js/money.js", "js/budget.js", "js/app.js"):
        assert before.url_name(name) != after.url_name(name), name
    assert before.url_name("js/alone.js") == after.url_name("js/alone.js")
    assert f'"/static/{after.url_name("js/money.js")}"' in after.by_name["js/budget.js"].body.decode()


def test_files_that_import_each_other_in_a_circle_are_refused_at_start(tmp_path):
    write(tmp_path, "js/a.js", 'import "/static/js/b.js";\n')
    write(tmp_path, "js/b.js", 'import "/static/js/a.js";\n')
    with pytest.raises(ValueError, match="circle"):
        Assets(tmp_path)


def test_references_to_files_that_do_not_exist_are_left_alone(tmp_path):
    write(tmp_path, "css/app.css", "a { background: url(/static/img/none.png); }\n")
    assert b"url(/static/img/none.png)" in Assets(tmp_path).by_name["css/app.css"].body
