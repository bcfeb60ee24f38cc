"""Paste sequences (exporters/naver/sequence.py): body.html cut at each top-level picture marker
the clipboard can carry; every other picture keeps its marker inside a text piece."""

from __future__ import annotations

from tistory_migrate.exporters.naver.sequence import MAX_SIDE, is_animated_gif, paste_sequence, why_not

M1, M2, M3 = "[사진 01] 01-a.jpg", "[사진 02] 02-b.png — 설명", "[사진 03] 03-c.gif"
IMAGES = [{"n": 1, "marker": M1}, {"n": 2, "marker": M2}, {"n": 3, "marker": M3}]


def test_text_picture_text_in_order_and_no_empty_piece_between_two_pictures():
    html = f"<p>앞 <strong>굵게</strong></p>\n<p>{M1}</p>\n<p>{M2}</p>\n<h3>제목</h3>\n<p>뒤</p>\n"
    pieces = paste_sequence(html, IMAGES, {1: True, 2: True})
    assert [p["k"] for p in pieces] == ["t", "i", "i", "t"]
    assert pieces[0] == {"k": "t", "html": "<p>앞 <strong>굵게</strong></p>\n", "text": "앞 굵게\n"}
    assert [p.get("n") for p in pieces] == [None, 1, 2, None]
    assert pieces[3]["html"] == "<h3>제목</h3>\n<p>뒤</p>\n" and pieces[3]["text"] == "제목\n\n뒤\n"


def test_a_picture_the_clipboard_cannot_carry_keeps_its_marker_in_the_text():
    html = f"<p>앞</p>\n<p>{M1}</p>\n<p>{M3}</p>\n<p>뒤</p>\n"
    pieces = paste_sequence(html, IMAGES, {1: True, 3: False})
    assert [p["k"] for p in pieces] == ["t", "i", "t"]
    assert M3 in pieces[2]["html"] and M3 in pieces[2]["text"]


def test_a_marker_inside_a_table_or_list_stays_text_and_a_body_without_pictures_is_one_piece():
    html = f"<table><tbody><tr><td><p>{M1}</p></td></tr></tbody></table>\n<ul><li>{M2}</li></ul>\n"
    pieces = paste_sequence(html, IMAGES, {1: True, 2: True})
    assert [p["k"] for p in pieces] == ["t"] and M1 in pieces[0]["text"] and M2 in pieces[0]["text"]
    assert paste_sequence("", IMAGES, {}) == []
    assert [p["k"] for p in paste_sequence("<p>글만</p>\n", [], {})] == ["t"]


def test_a_repeated_marker_line_makes_one_picture_piece():
    html = f"<p>{M1}</p>\n<p>{M1}</p>\n"
    assert [p["k"] for p in paste_sequence(html, IMAGES, {1: True})] == ["i", "t"]


def test_why_not(tmp_path):
    assert why_not({"file": None}, tmp_path) == "missing"
    assert why_not({"file": "images/01-a.svg"}, tmp_path) == "format"
    assert why_not({"file": "images/01-a.jpg", "width": MAX_SIDE + 1, "height": 10}, tmp_path) == "side"
    assert why_not({"file": "images/01-a.jpg", "width": MAX_SIDE, "height": MAX_SIDE}, tmp_path) is None
    (tmp_path / "images").mkdir()
    one = b"GIF89a\x01\x00\x01\x00\x00\x00\x00" + b"\x21\xf9\x04\x00\x00\x00\x00\x00" + b",\x00" * 4 + b";"
    two = one[:-1] + b"\x21\xf9\x04\x00\x00\x00\x00\x00" + b",\x00" * 4 + b";"
    (tmp_path / "images" / "still.gif").write_bytes(one)
    (tmp_path / "images" / "moving.gif").write_bytes(two)
    assert not is_animated_gif(tmp_path / "images" / "still.gif") and is_animated_gif(tmp_path / "images" / "moving.gif")
    assert why_not({"file": "images/still.gif"}, tmp_path) is None
    assert why_not({"file": "images/moving.gif"}, tmp_path) == "animated"
