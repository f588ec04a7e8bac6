"""The normaliser reads plain text straight from its lines (``plaintext.text_cells``, no blocks made):
what it makes must be what it makes of the plain-text front end's document (``text_document``)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zfxxgk.parser import normalise as N
from zfxxgk.parser.decoding import split_lines
from zfxxgk.parser.plaintext import text_document

from conftest import fixture_files


def fields(n: N.Normalised) -> tuple:
    return (tuple(map(tuple, n.fragments)), n.lines, n.script, tuple(map(tuple, n.chrome)), n.pinyin_stripped, n.places)


def check(text: str) -> None:
    lines = split_lines(text)
    direct = N._text_fragments(text, lines, None, [])
    assert fields(direct) == fields(N._fragments(text_document(text), None, []))


@pytest.mark.parametrize("path", [p for p in fixture_files() if p.suffix == ".txt"], ids=lambda p: p.name)
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fixtures(path, newline):
    check(N.decode(path.read_bytes())[0].replace("\r\n", "\n").replace("\n", newline))


CHARS = ["公開(kāi)", "信息(xī)", "政府(fǔ)", "當前位置：首頁>", "版權所有", "打印 | 關閉", "\u3000", "\xa0", " ", "\t", "|", "｜",
         "||", "---", "|---|---|", "\n", "\r\n", "13", "規章", "，", "\u200b", "ｘ", "【打印本页】", "中国政府网 |"]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(CHARS), max_size=40).map("".join))
def test_generated_text(text):
    check(text)
