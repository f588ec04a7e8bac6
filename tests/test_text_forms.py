"""The fast forms of the text helpers give what their plain definitions give.

``split_lines``, ``fold_lines``, ``pinyin_glosses`` and the mojibake line filter work on the whole text
at once (speed, issue 13); each is compared here with the line-by-line definition it replaces, on
every text fixture and on generated text full of the characters that could tell them apart (line
breaks of every kind, Unicode spaces, invisible characters, full-width forms, tone marks, mojibake
hints)."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.parser import decoding, text
from zfxxgk.parser.normalise import decode

from conftest import FIXTURES, fixture_files

_BREAK = re.compile(r"\r\n|\r|\n")


def plain_split_lines(t: str) -> list[str]:
    lines = _BREAK.split(t)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


#: a gloss as first written: a look-behind for the character, then the bracketed syllable
_PLAIN_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-z" + text._TONE + r"]{1,6})[)）]")


def plain_pinyin_glosses(t: str) -> list[tuple[int, int]]:
    found = list(_PLAIN_PINYIN.finditer(t))
    if sum(1 for m in found if text._HAS_TONE.search(m.group(1))) < 3:
        return []
    return [m.span() for m in found]


#: mojibake as first written: the look-behinds first
_PLAIN_MOJIBAKE = re.compile(
    "\ufffd+|锟斤拷|烫烫烫|屯屯屯"
    r"|(?<=[\u3400-\u9fff])\?[^\s\u3400-\u9fff?]{1,3}(?=[\u3400-\u9fff(（])"
    r"|(?<=[\u3400-\u9fff])\?{2,}"
    "|[" + decoding._LATIN1 + "]{4,}"
)


def plain_hinted(lines: list[str]) -> list[int]:
    return [no for no, line in enumerate(lines, start=1) if decoding._MOJIBAKE_HINT.search(line)]


def every_line_mojibake(lines: list[str]) -> list:
    """What :func:`decoding.mojibake` finds when it searches every line, not only the hinted ones."""
    with mock.patch.object(decoding, "_hinted", lambda ls: list(range(1, len(ls) + 1))):
        return decoding.mojibake(lines)


def check(t: str) -> None:
    lines = decoding.split_lines(t)
    assert lines == plain_split_lines(t)
    assert text.fold_lines(lines) == [text.fold(line) for line in lines]
    assert decoding._hinted(lines) == plain_hinted(lines)
    assert decoding.mojibake(lines) == every_line_mojibake(lines)
    assert text.pinyin_glosses(t) == plain_pinyin_glosses(t)
    assert [m.span() for m in decoding._MOJIBAKE.finditer(t)] == [m.span() for m in _PLAIN_MOJIBAKE.finditer(t)]


CHARS = ("ab 1\t\r\n\x0b\x0c\x1c\x1f\x85\u2028\u2029\u3000\u00a0\u2003\u200b\ufeff\u00ad，。：｜|１２ａ中文公開(（)）"
         "?锟斤拷烫屯ÃÂ€\ufffd“”‘’āáǎàüǖ\u0301")


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS), max_size=60) | st.text(max_size=40))
def test_generated_text(t):
    check(t)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_fixtures(path):
    check(decode(path.read_bytes())[0])


def test_line_with_its_own_break():
    """Lines handed in with a break inside (not from split_lines): still numbered one by one."""
    lines = ["a?\nb", "c", "锟斤拷"]
    assert decoding._hinted(lines) == plain_hinted(lines) == [1, 3]
    assert text.fold_lines(["a\nb", " c "]) == [text.fold("a\nb"), "c"]


def test_pinyin_glosses_still_removed():
    t = "公開(kāi)政府(fǔ)信息(xī)"
    assert text.pinyin_glosses(t) == [(2, 7), (9, 13), (15, 19)]  # (kāi) (fǔ) (xī)


def test_memos_keep_short_texts_only():
    """The per-text memos (match_key, parse_value, the lexer's per-state ones) never hold a
    paragraph or a one-line report: memory stays flat over a batch, whatever the input."""
    from zfxxgk.api import Parser
    from zfxxgk.parser.text import MEMO_WIDTH

    parser = Parser()
    long_line = "一、总体情况 " + "本机关认真贯彻落实政府信息公开条例，" * 300
    parser.parse(long_line + "\n二、主动公开政府信息情况\n" + "规章 | 0 | 0 | 0\n" * 3)
    lexer = parser.built(parser.detect(text.match_key(long_line))).lexer
    remembered = [k for plan in lexer._plans.values() for k in plan.first_plain]
    remembered += [t for plan in lexer._plans.values() for pair in plan.whole for t in pair]
    remembered += [k for plan in lexer._plans.values() for k in plan.prefixes]
    assert remembered and max(map(len, remembered)) <= MEMO_WIDTH


def test_alignments_of_long_texts_are_not_kept_over_a_batch():
    """A one-line report's whole line is aligned for cutting; after many such reports the memo of
    long texts holds a few, not one per report."""
    from zfxxgk.parser.text import _align_long, _align_short

    oneline = sorted(FIXTURES.glob("oneline_*"))
    assert oneline
    for path in oneline * 3:
        zfxxgk.parse_file(path)
    assert _align_long.cache_info().misses > _align_long.cache_info().maxsize  # long lines were aligned
    assert _align_long.cache_info().currsize <= 8
    assert _align_short.cache_info().currsize <= 1024


NFKC_CHARS = CHARS + "\u0308\u0327\u00a8\u00b4ﬁ㈠\u1100\u1161\u11a8가e"


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(NFKC_CHARS), max_size=80) | st.text(max_size=80))
def test_nfkc_in_pieces(t):
    """``nfkc`` cuts the text at line breaks and spaces and normalises only the pieces that change:
    the same as normalising the whole (pieces made tiny here so that every text is cut)."""
    import unicodedata

    old = text._NFKC_PIECE
    text._NFKC_PIECE = 4
    try:
        assert text.nfkc(t) == unicodedata.normalize("NFKC", t)
    finally:
        text._NFKC_PIECE = old


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS + "_-·、《》"), max_size=120) | st.text(max_size=120))
def test_match_key_keeps_letters_and_digits(t):
    """A key is the text without its punctuation, spaces and underscores (the runs of letters and
    digits joined), for short texts (remembered) and long ones alike."""
    assert text.match_key(t) == re.sub(r"[\W_]+", "", t)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS + "\u4e00\u9fff\u4dff\ua000𠀀😀"), max_size=80) | st.text(max_size=80))
def test_han_count(t):
    """The script's count of Han characters (U+4E00–U+9FFF), made on the text's UTF-16 form, is the count
    of those characters."""
    from zfxxgk.parser.normalise import _han

    assert _han(t) == sum(1 for c in t if "\u4e00" <= c <= "\u9fff")


def plain_fold_positions(t: str):
    """``text._fold_positions`` as first written: every character followed one by one."""
    one = t.translate(text._ONE)
    if text._IRREGULAR not in one and "  " not in one and not (one[:1] == " " or one[-1:] == " "):
        return one, None, ()
    out: list[str] = []
    starts: list[int] = []
    spaces: list[bool] = []
    after_space = True
    for ch in t:
        starts.append(len(out))
        spaces.append(ch.isspace())
        for c in text._char_fold(ch):
            if c.isspace():
                if not after_space:
                    out.append(" ")
                after_space = True
            else:
                out.append(c)
                after_space = False
    if out and out[-1] == " ":
        out.pop()
    n = len(out)
    starts.append(n)
    return "".join(out), tuple(min(x, n) for x in starts), tuple(spaces)


@settings(max_examples=600, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(NFKC_CHARS + "…\x00"), max_size=40) | st.text(max_size=40))
def test_fold_positions(t):
    """Where each printed character's form starts (what Fragment.cut slices by), taken run by run,
    is what following every character gives."""
    assert text._fold_positions(t) == plain_fold_positions(t)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_fold_positions_of_fixture_lines(path):
    for line in decoding.split_lines(decode(path.read_bytes())[0]):
        assert text._fold_positions(line) == plain_fold_positions(line)


def plain_chars(aligned, strict: bool):
    """``Alignment._chars`` as first written: every character's width looked at one by one."""
    s = aligned.starts
    if s is None:
        return aligned.form
    out = []
    for i in range(len(s) - 1):
        w = s[i + 1] - s[i]
        if w == 1:
            out.append(aligned.form[s[i]])
        elif strict and (w > 1 or not aligned.spaces[i]):
            return None
        else:
            out.append(" " if w == 0 else "·")
    return "".join(out)


@settings(max_examples=600, derandomize=True, deadline=None)
@given(st.text(alphabet=st.sampled_from(NFKC_CHARS + " \u3000\u200b…"), max_size=40) | st.text(max_size=40))
def test_chars(t):
    """The form one character per printed character, its regular runs sliced whole, is what
    looking at every character gives (also strictly: ``None`` where one has no form of its own)."""
    aligned = text.align(t, text.fold(t))
    for strict in (False, True):
        assert aligned._chars(strict) == plain_chars(aligned, strict)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_chars_of_fixtures(path):
    whole = decode(path.read_bytes())[0]
    for t in [whole, *decoding.split_lines(whole)]:  # (a one-line report's text is its one line)
        aligned = text.align(t, text.fold(t))
        for strict in (False, True):
            assert aligned._chars(strict) == plain_chars(aligned, strict)


def plain_spans_on_cell_lines(lines: list[str]) -> bool:
    """``plaintext.spans_on_cell_lines`` as first written: every pipe line matched."""
    from zfxxgk.parser import plaintext

    spans = multi = fillers = 0
    for raw in lines:
        if "|" not in raw and "｜" not in raw:
            continue
        m = plaintext._SPAN_LINE.fullmatch(raw)
        if m is None:
            multi += plaintext._MULTI_CELL.search(raw) is not None
        elif plaintext._pipes(m.group(2)) > 1:
            if m.group(1):
                spans += 1
            else:
                fillers += 1
    return spans > max(multi, fillers)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("ab 1|｜\t\u00a0"), max_size=8), max_size=8))
def test_spans_on_cell_lines(lines):
    """Lines of one cell and one closing pipe (``x |``) are passed over without a match: the
    answer is the one every line matched gives."""
    from zfxxgk.parser import plaintext

    assert plaintext.spans_on_cell_lines(lines) == plain_spans_on_cell_lines(lines)
