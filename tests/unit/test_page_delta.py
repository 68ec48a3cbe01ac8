"""Pages as differences from a frame: put back together exactly, and frames hold only what two
households' pages have in common."""

from __future__ import annotations

import random

from outreach.sync import page_delta

A = "/cases/AAAAAAAAAAAAAAAA"
B = "/cases/BBBBBBBBBBBBBBBB"


def page(case_url: str, name: str, extra: str = "") -> str:
    return (f"<!doctype html>\n<title>{name}</title>\n<form action=\"{case_url}/budget\">\n"
            "<label>Einkommen</label>\n<select><option>Lohn</option><option>Rente</option></select>\n"
            f"<p>{name}, Weg 1</p>\n{extra}<a href=\"{case_url}#contact\">Kontakt</a>\n</form>\n")


def test_a_page_is_rebuilt_exactly_from_its_frame():
    first, second = page(A, "Anna Adler"), page(B, "Bernd Brandt", "<p>Räumung am 3.\u00a0März</p>\n")
    frame_id, frame = page_delta.frame(page_delta.placeholders(first, A), page_delta.placeholders(second, B))
    assert len(frame_id) == 16
    for html, url in ((first, A), (second, B)):
        operations = page_delta.delta(frame, page_delta.placeholders(html, url))
        assert page_delta.rebuild(frame, operations, url) == html


def test_the_frame_holds_no_line_that_differs_between_the_two_households():
    frame_id, frame = page_delta.frame(page_delta.placeholders(page(A, "Anna Adler"), A),
                                       page_delta.placeholders(page(B, "Bernd Brandt"), B))
    text = "".join(frame)
    assert "Adler" not in text and "Brandt" not in text and "AAAA" not in text and "BBBB" not in text
    assert "<option>Lohn</option>" in text and "budget" in text  # the form every case shares


def test_a_page_of_another_kind_or_with_many_own_lines_is_sent_whole():
    first, second = page(A, "Anna Adler"), page(B, "Bernd Brandt")
    _frame_id, frame = page_delta.frame(page_delta.placeholders(first, A), page_delta.placeholders(second, B))
    other = "\n".join(f"<p>Zeile {n}</p>" for n in range(50))
    operations = page_delta.delta(frame, page_delta.placeholders(other, A))
    assert not page_delta.worth_it(operations, other)
    assert page_delta.worth_it(page_delta.delta(frame, page_delta.placeholders(first, A)), first)


def test_a_page_holding_the_mark_character_is_not_turned_into_a_difference():
    assert page_delta.placeholders("<p>\ue000</p>", A) is None


def test_kinds_and_ids_come_from_the_url():
    assert page_delta.kind_of("/cases/AAAAAAAAAAAAAAAA/visits/NNNNNNNNNNNNNNNN") == "/cases/{}/visits/{}"
    assert page_delta.ids_of("/cases/AAAAAAAAAAAAAAAA/consents/new?x=1") == ["AAAAAAAAAAAAAAAA"]
    assert page_delta.kind_of("/deadlines") == "/deadlines"


def test_random_pages_round_trip():
    chance = random.Random(18)
    words = ["<li>", "Miete", "€", "Ä", "\n", " ", "AAAAAAAAAAAAAAAA", "\r\n", "\u2028", "x" * 30, "</li>"]
    for _ in range(200):
        first, second = ("".join(chance.choice(words) for _ in range(chance.randint(0, 80))) for _ in range(2))
        frame_id, frame = page_delta.frame(page_delta.placeholders(first, A), page_delta.placeholders(second, B))
        for html in (first, second, "".join(chance.choice(words) for _ in range(40))):
            assert page_delta.rebuild(frame, page_delta.delta(frame, page_delta.placeholders(html, A)), A) == html
