"""The document model (zfxxgk/parser/blocks.py): every front end's cells are the source's own text,
found at their line and column in the lines shown."""

import re
from pathlib import Path

import pytest

from zfxxgk.parser.attachments import document_kind, read_document
from zfxxgk.parser.decoding import decode
from zfxxgk.parser.frontends import convert, html_document, markdown_document
from zfxxgk.parser.normalise import normalise
from zfxxgk.parser.plaintext import text_document

from conftest import EXAMPLES, FIXTURES

INPUTS = sorted([*EXAMPLES.glob("*.txt"), *FIXTURES.glob("*.txt"), *FIXTURES.glob("*.html"), *FIXTURES.glob("*_*.md"),
                 *(FIXTURES / "documents").glob("*.pdf"), *(FIXTURES / "documents").glob("*.docx")])
_BETWEEN = re.compile(r"[\s|｜]*")


def read(path: Path):
    data = path.read_bytes()
    kind = document_kind(data)
    return read_document(data, kind) if kind else convert(decode(data).text)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_cells_are_where_the_lines_shown_print_them(path):
    doc = read(path)
    assert doc.blocks or doc.kind == "pdf"
    assert [b.line for b in doc.blocks] == sorted({b.line for b in doc.blocks})  # in order, one block a line
    for block in doc.blocks:
        line = doc.lines[block.line - 1]
        pos = 0
        for cell in block.cells:
            start = cell.column - 1
            assert cell.line == block.line and cell.text == cell.text.strip() and "\n" not in cell.text
            assert line[start : start + len(cell.text)] == cell.text
            assert start >= pos and _BETWEEN.fullmatch(line[pos:start]), (line, cell)  # only spaces, pipes between
            pos = start + len(cell.text)
        assert _BETWEEN.fullmatch(line[pos:])
    if doc.kind == "pdf":
        assert all(c.place is not None and c.place[0] >= 1 for b in doc.blocks for c in b.cells)


def test_a_pipe_in_an_html_cell_or_paragraph_is_text():
    page = """<html><body><div>
<p>二、主动公开政府信息情况</p><p>说明：a | b</p>
<table>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td></tr>
<tr><td>规章|规范</td><td>&nbsp;</td><td>3</td></tr>
</table>
</div></body></html>"""
    doc = html_document(page)
    rows = {b.line: [c.text for c in b.cells] for b in doc.blocks}
    assert rows[2] == ["二、主动公开政府信息情况"] and rows[3] == ["说明：a | b"] and rows[5] == ["规章|规范", "", "3"]
    assert doc.lines[4] == "| 规章|规范 | \xa0 | 3 |" and doc.lines[2] == "说明：a | b"  # (the next free line)
    texts = [f.text for f in normalise(page).fragments]
    assert "说明：a | b" in texts and "规章|规范" in texts


def test_markdown_escaped_pipe_is_a_pipe_of_the_cell():
    md = "| 项目 | 说明 |\n|---|---|\n| a\\|b | 3 |\n"
    doc = markdown_document(md)
    assert [[c.text for c in b.cells] for b in doc.blocks] == [["项目", "说明"], ["a|b", "3"]]


def test_plain_text_blocks():
    doc = text_document("一、总体情况\n\n  规章 | 3 | 5\n\xa0\n|---|---|\n13 |\n")
    assert [(b.kind, b.line, [(c.text, c.column) for c in b.cells]) for b in doc.blocks] == [
        ("paragraph", 1, [("一、总体情况", 1)]),
        ("row", 3, [("规章", 3), ("3", 8), ("5", 12)]),
        ("paragraph", 4, [("", 1)]),  # a line of NBSP: a blank cell
        ("row", 6, [("13", 1)]),  # the rule line holds no cell
    ]


def test_pinyin_glosses_leave_cells_and_columns_with_their_lines():
    text = "公開(kāi)工(gōng)作(zuò)年度報(bào)告\n規(guī)章(zhāng) | 3\n"
    n = normalise(text)
    assert n.pinyin_stripped == 6 and n.lines == ("公開工作年度報告", "規章 | 3")
    assert [(f.line, f.column, f.text) for f in n.fragments] == [(1, 1, "公開工作年度報告"), (2, 1, "規章"), (2, 6, "3")]
