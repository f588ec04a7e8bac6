"""Text forms: the one place that says how printed text is compared.  ``fold`` (NFKC width-folding,
invisible characters dropped, spaces tidied), ``simplify`` (traditional → simplified, OpenCC),
``match_key`` (punctuation- and space-insensitive) and ``strip_pinyin``.  Below every front end, so
the HTML, Markdown, PDF and Word readers and the normaliser share it without importing each other."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-z" + _TONE + r"]{1,6})[)）]")
_HAS_TONE = re.compile("[" + _TONE + "]")
_SPACES = re.compile(r"\s+")
_SPACES_IN_LINE = re.compile(r"[^\S\n]+")
_KEY_DROP = re.compile(r"[\W_]+")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u206a-\u206f\ufeff]")


def strip_pinyin(text: str) -> tuple[str, int]:
    """Drop pinyin glosses after characters (``公開(kāi)`` → ``公開``) when the text is full of them.

    Only when at least three glosses carry a tone mark, so ordinary parentheses are left alone.
    """
    if not _HAS_TONE.search(text):  # (no tone mark anywhere: no gloss can count)
        return text, 0
    found = _PINYIN.findall(text)
    if sum(1 for g in found if _HAS_TONE.search(g)) < 3:
        return text, 0
    return _PINYIN.sub("", text), len(found)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    return _t2s().convert(text)


def fold(text: str) -> str:
    """Width-fold and tidy spaces: the form grammar terminals are matched against (before t2s).
    Invisible characters (zero-width space, BOM, word joiner, soft hyphen, control characters …)
    are dropped."""
    text = unicodedata.normalize("NFKC", text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def fold_lines(lines: list[str]) -> list[str]:
    """:func:`fold` of each line, with one NFKC call for the whole text (no character's NFKC form
    contains a newline, and a newline blocks composition, so the lines stay as they were)."""
    joined = unicodedata.normalize("NFKC", "\n".join(lines))
    if _INVISIBLE.search(joined):  # (no line break among them)
        joined = _INVISIBLE.sub("", joined)
    if joined.count("\n") != len(lines) - 1:
        return [fold(line) for line in lines]
    # spaces collapsed over the whole text at once (never across a line break), then each line's
    # ends trimmed: the line's own ``_SPACES.sub(" ", line).strip()``
    joined = _SPACES_IN_LINE.sub(" ", joined).replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    return joined.split("\n")


def match_key(norm: str) -> str:
    """Punctuation- and space-insensitive key used to compare labels (``商业 企业`` = ``商业企业``)."""
    if len(norm) > MEMO_WIDTH:
        return _KEY_DROP.sub("", norm)
    return _short_key(norm)


#: The longest text whose forms are remembered (labels and cells, which recur in every report;
#: never a paragraph or a whole one-line report, so the memory they take stays small).
MEMO_WIDTH = 80


@lru_cache(maxsize=8192)
def _short_key(norm: str) -> str:
    return _KEY_DROP.sub("", norm)
