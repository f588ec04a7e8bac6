"""Text is normalised once (issue 12): a fragment's parts are cut off it with their matching form
sliced from the fragment's own (``Fragment.cut`` / ``pieces`` / ``words``), and no module past the
front ends calls ``fold`` or ``simplify`` again.

Expected forms below are worked out by hand from what the forms are: NFKC (``㈠`` → ``(一)``,
``ﬁ`` → ``fi``, ``７`` → ``7``, ``　`` → a space), invisible characters dropped, runs of spaces one
space, OpenCC t2s (``審議`` → ``审议``; ``覆`` is ``复`` only in a phrase such as ``反覆``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zfxxgk.parser.normalise import Fragment
from zfxxgk.parser.text import align, match_key, matching_form

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "zfxxgk"

#: Where text may be normalised: the text-form module, the normaliser, and the front ends (they
#: read the source and decide what its text is).  Everything later uses the forms on fragments and
#: tokens, or text.matching_form for strings of its own (the grammar's and spec's labels).
ALLOWED = {"parser/text.py", "parser/normalise.py", "parser/frontends.py", "parser/pdf.py", "parser/word.py",
           "parser/decoding.py"}
FORMS = {"fold", "simplify", "fold_lines", "fold_text"}


def _normalising_calls(source: str) -> list[tuple[int, str]]:
    """``(line, name)`` of every call of, or import of, ``fold``/``simplify`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name in FORMS:
                found.append((node.lineno, name))
        elif isinstance(node, ast.ImportFrom):
            found += [(node.lineno, a.name) for a in node.names if a.name in FORMS]
    return found


def test_the_scan_finds_calls_and_imports():
    src = "from .text import fold as f\nimport x\nx.text.simplify(s)\nsimplify(fold(t))\nmatching_form(t)\n"
    assert sorted(_normalising_calls(src)) == [(1, "fold"), (3, "simplify"), (4, "fold"), (4, "simplify")]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_past_the_front_ends_normalises_text_again(path):
    rel = path.relative_to(PACKAGE).as_posix()
    if rel in ALLOWED:
        return
    found = _normalising_calls(path.read_text(encoding="utf-8"))
    assert not found, (f"zfxxgk/{rel} normalises text again at {found}: cut the fragment (Fragment.cut, .words) "
                       "or use the token's norm; strings of the code's own go through text.matching_form")


# ---- cutting a fragment ---------------------------------------------------------------------------

def frag(text: str) -> Fragment:
    return Fragment(3, 5, text, matching_form(text))


def test_words_of_a_traditional_line():
    f = frag("反覆審議 12")
    assert f.norm == "反复审议 12"
    assert [(w.text, w.norm, w.column) for w in f.words()] == [("反覆審議", "反复审议", 5), ("12", "12", 10)]


def test_a_cut_inside_a_phrase_keeps_the_phrase_conversion():
    f = frag("反覆審議")
    assert matching_form("覆") == "覆"  # alone it stays: only the phrase converts it
    assert f.cut(1, 2).norm == "复"  # a slice of the fragment's form, not the part normalised on its own
    assert f.cut(0, 2).norm == "反复"


def test_nfkc_expanding_characters():
    f = frag("㈠本年新收 ７１  ３")
    assert f.norm == "(一)本年新收 71 3"
    assert [(w.text, w.norm, w.column) for w in f.words()] == [("㈠本年新收", "(一)本年新收", 5), ("７１", "71", 11),
                                                               ("３", "3", 15)]
    assert f.cut(0, 1).norm == "(一)"
    assert f.cut(1, 5).norm == "本年新收"
    assert frag("ﬁle ①②").words()[0].norm == "file"
    assert frag("ﬁle ①②").cut(4, 6).norm == "12"


def test_full_width_and_runs_of_spaces():
    f = frag("政府信息公開申請\u3000\u3000數量 713")
    assert f.norm == "政府信息公开申请 数量 713"
    assert [w.norm for w in f.words()] == ["政府信息公开申请", "数量", "713"]
    assert f.cut(0, 12).norm == "政府信息公开申请 数量"  # the two full-width spaces: one space, inside
    assert f.cut(8, 12) == Fragment(3, 15, "數量", "数量")  # stripped, the column where its text starts


def test_invisible_characters_have_no_form():
    f = frag("规章\u200b12 3")
    assert f.norm == "规章12 3"
    assert f.cut(2, 5).text == "\u200b12" and f.cut(2, 5).norm == "12"
    assert align(f.text, f.norm).chars() == "规章 12 3"
    assert align(f.text, f.norm).strict_chars() is None  # no position to trust (glued cells)


def test_a_norm_rebuilt_by_hand_falls_back_to_the_texts_own_form():
    f = Fragment(1, 1, "上一年 項目數量", "上一年项目数量")  # a label's layout spaces dropped
    assert f.cut(4, 8).norm == "项目数量"
    assert f.cut(0, 3).norm == "上一年"


def test_pieces_keep_line_and_lose_nothing():
    f = frag("規章 0 0 0 行政規範性文件 88 55 698")
    parts = f.pieces([(0, 2), (2, 9), (9, len(f.text))])
    assert [p.text for p in parts] == ["規章", "0 0 0", "行政規範性文件 88 55 698"]
    assert [p.norm for p in parts] == ["规章", "0 0 0", "行政规范性文件 88 55 698"]
    assert {p.line for p in parts} == {3}


_ALPHABET = st.sampled_from(list("规章審議反覆數量開申請本年新收０１２３４５67890")
                            + ["㈠", "①", "ﬁ", "…", "\u3000", " ", "  ", "\t", "\u200b", "（", "）", "：", "，"])


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=30).map("".join), st.data())
def test_two_halves_make_the_whole(text, data):
    """Cut anywhere, the halves' forms together are the whole's form (spaces aside), and the
    one-per-character form has the printed text's length."""
    f = frag(text.strip())
    k = data.draw(st.integers(0, len(f.text)))
    left, right = f.cut(0, k), f.cut(k, len(f.text))
    assert match_key(left.norm + right.norm) == f.key
    assert (left.text, right.text) == (f.text[:k].strip(), f.text[k:].strip())
    assert len(align(f.text, f.norm).chars()) == len(f.text)
