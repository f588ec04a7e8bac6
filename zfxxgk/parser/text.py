"""Text forms: the one place that says how printed text is compared.  ``fold`` (NFKC width-folding,
invisible characters dropped, spaces tidied), ``simplify`` (traditional → simplified, OpenCC),
``match_key`` (punctuation- and space-insensitive) and ``pinyin_glosses``.  Below every front end, so
the HTML, Markdown, PDF and Word readers and the normaliser share it without importing each other."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（]([a-z" + _TONE + r"]{1,6})[)）]")
_HAS_TONE = re.compile("[" + _TONE + "]")
_SPACES = re.compile(r"\s+")
_KEY_DROP = re.compile(r"[\W_]+")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u206a-\u206f\ufeff]")


def pinyin_glosses(text: str) -> list[tuple[int, int]]:
    """Where the pinyin glosses after characters are (``公開(kāi)``: the ``(kāi)``), as ``(start, end)``,
    when the text is full of them: at least three carry a tone mark, so ordinary parentheses are
    left alone (none are given otherwise)."""
    found = list(_PINYIN.finditer(text))
    if sum(1 for m in found if _HAS_TONE.search(m.group(1))) < 3:
        return []
    return [m.span() for m in found]


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
    whole = joined.split("\n")
    if len(whole) != len(lines):
        return [fold(line) for line in lines]
    sub = _SPACES.sub
    return [sub(" ", line).strip() for line in whole]


def match_key(norm: str) -> str:
    """Punctuation- and space-insensitive key used to compare labels (``商业 企业`` = ``商业企业``)."""
    return _KEY_DROP.sub("", norm)
