"""Text forms: the one place that says how printed text is compared.  ``fold`` (NFKC width-folding,
invisible characters dropped, spaces tidied), ``simplify`` (traditional → simplified, OpenCC),
``match_key`` (punctuation- and space-insensitive) and ``pinyin_glosses``.  Below every front end, so
the HTML, Markdown, PDF and Word readers and the normaliser share it without importing each other.

Text is normalised once: the normaliser gives every fragment its ``norm``; later stages cut parts off
a fragment with their form sliced from it (:func:`align`, behind ``Fragment.cut``) and never call
``fold``/``simplify`` again (``tests/test_fragments.py`` holds them to it).  Strings of the code's own
(grammar and spec labels) get theirs from :func:`matching_form`."""

from __future__ import annotations

import bisect
import itertools
import operator
import os
import unicodedata
import zlib
from functools import lru_cache
from typing import Callable

from .. import patterns

try:
    from .t2s_triggers import PHRASES, STAMP, TRIGGERS
except Exception:  # noqa: BLE001 - a generated module broken: every text converted (remade by tools/t2s_triggers.py)
    PHRASES, STAMP, TRIGGERS = (), (), ""  # type: ignore[assignment]

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
#: (the look behind follows the bracket: a pattern that starts with a character class is searched
#: for much faster than one that starts with a look-behind)
_PINYIN = patterns.compile(r"[(（](?<=[\u3400-\u9fff][(（])([a-z" + _TONE + r"]{1,6})[)）]")
_HAS_TONE = patterns.compile("[" + _TONE + "]")
_SPACES = patterns.compile(r"\s+")
#: what a key keeps: its letters and digits (joining the runs found is faster than deleting the
#: punctuation and spaces between them)
_KEY_KEEP = patterns.compile(r"[^\W_]+")
_INVISIBLE = patterns.compile("[\x00-\x08\x0e-\x1b\x7f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u206a-\u206f\ufeff]")


def pinyin_glosses(text: str) -> list[tuple[int, int]]:
    """Where the pinyin glosses after characters are (``公開(kāi)``: the ``(kāi)``), as ``(start, end)``,
    when the text is full of them: at least three carry a tone mark, so ordinary parentheses are
    left alone (none are given otherwise)."""
    if not _HAS_TONE.search(text):  # (no tone mark anywhere: no gloss can count)
        return []
    found = list(_PINYIN.finditer(text))
    toned = (m for m in found if _HAS_TONE.search(m.group(1)))
    if next(itertools.islice(toned, 2, None), None) is None:  # (fewer than three: no need to count all)
        return []
    return [m.span() for m in found]


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplify(text: str) -> str:
    """Traditional → simplified script (OpenCC ``t2s``).  A text with none of the characters the
    installed dictionaries can change (:mod:`.t2s_triggers`) is its own conversion and is returned
    as it is, without loading OpenCC (≈ 5 ms of a new process; most reports are simplified)."""
    unchanged = _unchanged()
    if unchanged is not None and unchanged(text):
        return text
    return _t2s().convert(text)


def converter():
    """The OpenCC ``t2s`` converter, loaded now if it is not yet (a batch's parent process loads it
    before forking its workers, whatever the texts it met)."""
    return _t2s()


@lru_cache(maxsize=1)
def _unchanged() -> Callable[[str], bool] | None:
    """A test for texts OpenCC's ``t2s`` leaves unchanged: no character of :data:`TRIGGERS` in
    them but where none of :data:`PHRASES` is; ``None`` when the installed dictionaries are not
    the ones these were read from (then every text is converted)."""
    if not _dictionaries_match():
        return None
    astral = bisect.bisect_left(TRIGGERS, "\U00010000")  # (sorted: the BMP ones first)
    # (a set of them is not made: 5,000 one-character strings cost a millisecond, a tenth of the
    # first parse; an astral one is rare and looked up in the string)
    others = TRIGGERS[astral:]
    # one class: the BMP triggers (a bitmap), lone surrogates (OpenCC cannot encode them and
    # raises, as it keeps doing) and every astral character: astral characters in a class are
    # compared one by one, 20× slower
    search = patterns.compile("[" + TRIGGERS[:astral] + "\\ud800-\\udfff\\U00010000-\\U0010ffff]").search
    # a phrase's trigger character → (the phrase, where in it the character is), for each place
    in_phrases: dict[str, list[tuple[str, int]]] = {}
    for phrase in PHRASES:
        for at, ch in enumerate(phrase):
            if search(ch) and (ch < "\U00010000" or ch in others):
                in_phrases.setdefault(ch, []).append((phrase, at))

    def unchanged(text: str) -> bool:
        found = search(text)
        while found is not None:
            ch, at = found.group(), found.start()
            places = in_phrases.get(ch)
            if places is not None:  # (``覆`` of ``覆盖`` stays, of ``答覆`` changes)
                if any(at >= i and text.startswith(phrase, at - i) for phrase, i in places):
                    return False
            elif ch < "\U00010000" or ch in others:
                return False
            found = search(text, found.end())
        return True

    return unchanged


def _dictionaries_match() -> bool:
    """Whether ``OpenCC("t2s")`` would read the files in :data:`STAMP`, as they were: the package
    is found without importing it (``find_spec``), and ``t2s.json`` and the dictionaries it lists
    are compared by size and CRC-32.  Any doubt (another layout, a ``t2s.json`` in the working
    directory, which OpenCC would prefer, an unreadable file) is a no."""
    try:
        folder = opencc_share()
        if folder is None or os.path.isfile("t2s.json"):
            return False
        return bool(STAMP) and all(_stamp(os.path.join(folder, n)) == (n, size, crc) for n, size, crc in STAMP)
    except Exception:  # noqa: BLE001 - whatever went wrong: convert every text
        return False


def opencc_share() -> str | None:
    """The folder the installed ``opencc`` package reads its configurations and dictionaries from
    (``clib/share/opencc`` beside its ``__init__.py``), found without importing it; ``None`` when
    there is none."""
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.origin:
        return None
    folder = os.path.join(os.path.dirname(os.path.abspath(spec.origin)), "clib", "share", "opencc")
    return folder if os.path.isdir(folder) else None


def _stamp(path: str) -> tuple[str, int, int]:
    """``(file name, size, CRC-32)`` of ``path``, as :data:`STAMP` lists them."""
    with open(path, "rb") as fh:
        data = fh.read()
    return os.path.basename(path), len(data), zlib.crc32(data)


def fold(text: str) -> str:
    """Width-fold and tidy spaces: the form grammar terminals are matched against (before t2s).
    Invisible characters (zero-width space, BOM, word joiner, soft hyphen, control characters …)
    are dropped."""
    text = nfkc(text)
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


#: below this many characters a text is normalised whole (a cut and its checks would cost more)
_NFKC_PIECE = 64


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalising only the pieces that change: a report
    has a handful of wide or compatibility characters, and the check that a piece needs nothing is
    a hundred times cheaper than normalising it.  The text is cut at a line break (else a space),
    which no character composes or reorders across, so each piece normalises as in the whole."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    if len(text) > _NFKC_PIECE:
        mid = len(text) // 2
        for sep in "\n ":
            cut = text.find(sep, mid)
            if cut < 0:
                cut = text.rfind(sep, 0, mid)
            if cut >= 0:
                return nfkc(text[:cut]) + sep + nfkc(text[cut + 1 :])
    return unicodedata.normalize("NFKC", text)


def fold_lines(lines: list[str]) -> list[str]:
    """:func:`fold` of each line, with one NFKC call for the whole text (see :func:`fold_text`)."""
    return fold_text(lines).split("\n") if lines else []


def fold_text(lines: list[str]) -> str:
    """:func:`fold` of each line, the lines joined by line breaks (none is in a fold), with one NFKC
    call for the whole text (no character's NFKC form contains a newline, and a newline blocks
    composition, so the lines stay as they were)."""
    joined = nfkc("\n".join(lines))
    # (a printable text holds no invisible character: checked much faster than searched for)
    if not joined.replace("\n", " ").isprintable() and _INVISIBLE.search(joined):  # (no line break among them)
        joined = _INVISIBLE.sub("", joined)
    if joined.count("\n") != len(lines) - 1:
        return "\n".join([fold(line) for line in lines])
    # spaces collapsed over the whole text at once, then each line's ends trimmed: the line's own
    # ``_SPACES.sub(" ", line).strip()``.  str.split() cuts at the same spaces as ``\s`` and is
    # several times faster than a regex over every space; the line breaks are kept apart from it
    # as NULs (dropped above with the invisible characters, so none is the text's own)
    joined = " ".join(joined.replace("\n", "\x00").split())
    return joined.replace(" \x00", "\x00").replace("\x00 ", "\x00").replace("\x00", "\n")


def match_key(norm: str) -> str:
    """Punctuation- and space-insensitive key used to compare labels (``商业 企业`` = ``商业企业``)."""
    if len(norm) > MEMO_WIDTH:
        return "".join(_KEY_KEEP.findall(norm))
    return _short_key(norm)


def match_keys(norms: list[str]) -> list[str]:
    """:func:`match_key` of each of ``norms``."""
    keep, short = _KEY_KEEP.findall, _short_key
    return [short(n) if len(n) <= MEMO_WIDTH else "".join(keep(n)) for n in norms]


#: The longest text whose forms are remembered (labels and cells, which recur in every report;
#: never a paragraph or a whole one-line report, so the memory they take stays small).
MEMO_WIDTH = 80


def remember(memo: dict, key, value, limit: int):
    """``memo[key] = value``, the memo emptied first when it holds ``limit`` entries: the memos of
    the lexer, the driver and the glued splitter stay bounded whatever the input."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


@lru_cache(maxsize=8192)
def _short_key(norm: str) -> str:
    return "".join(_KEY_KEEP.findall(norm))


def matching_form(text: str) -> str:
    """The form text is matched in (:attr:`~zfxxgk.parser.normalise.Fragment.norm`), for strings
    that come from no fragment: the grammar's and the spec's own labels, a title or organ name
    rebuilt from several fields.  Text read from the source has its form on its fragment already
    (cut it with :meth:`~zfxxgk.parser.normalise.Fragment.cut`, never normalise it again)."""
    return simplify(fold(text))


# --- printed text ↔ matching form ------------------------------------------------------------

_IRREGULAR = "\x00"  # in the one-character table: a character whose form is not one character


class _CharFold(dict):
    """``str.translate`` table: code point → its one-character form (NFKC; any space a space), or
    :data:`_IRREGULAR` when that is nothing or several characters.  Filled as met."""

    def __missing__(self, code: int) -> str:
        f = _char_fold(chr(code))
        out = self[code] = (" " if f.isspace() else f) if len(f) == 1 else _IRREGULAR
        return out


_ONE = _CharFold()


@lru_cache(maxsize=4096)
def _char_fold(ch: str) -> str:
    f = unicodedata.normalize("NFKC", ch)
    return _INVISIBLE.sub("", f) if _INVISIBLE.search(f) else f


class Alignment:
    """How a printed ``text`` and its matching ``form`` line up: the form of ``text[i]`` is
    ``form[starts[i]:starts[i + 1]]`` (``starts is None``: one character each, same positions).

    ``form`` is the fragment's ``norm`` whenever that is ``text`` folded character by character
    and then simplified without changing its length; otherwise (a norm rebuilt by hand, a
    conversion that changed the length) it is ``text``'s own form, simplified character by
    character where the whole would not keep its length.  That is the one fallback."""

    __slots__ = ("form", "starts", "spaces")

    def __init__(self, form: str, starts: tuple[int, ...] | None, spaces: tuple[bool, ...] = ()):
        self.form = form
        self.starts = starts
        self.spaces = spaces  # which printed characters are spaces (when ``starts`` is given)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Where ``text[a:b]``'s form is in :attr:`form`."""
        return (a, b) if self.starts is None else (self.starts[a], self.starts[b])

    def slice(self, a: int, b: int) -> str:
        """The matching form of ``text[a:b]``: as :func:`fold` would give it, stripped."""
        x, y = self.span(a, b)
        return self.form[x:y].strip()

    def chars(self) -> str:
        """The form with one character per printed character (same length, same positions as
        ``text``): a space where a character has no form of its own (a space folded into the one
        before it, an invisible one), ``·`` where it has several (``㈠`` → ``(一)``)."""
        return self._chars(False) or ""

    def strict_chars(self) -> str | None:
        """:meth:`chars`, or ``None`` when a character other than a space has no one-character form."""
        return self._chars(True)

    def _chars(self, strict: bool) -> str | None:
        s, form = self.starts, self.form
        if s is None:
            return form
        out = []
        at = 0  # the next character of ``text`` to write
        # the characters whose form is not one character (a one-line report's few spaces and wide
        # forms among thousands): the runs between them are sliced whole
        for i in itertools.compress(range(len(s) - 1), map((1).__ne__, map(operator.sub, s[1:], s))):
            out.append(form[s[at]:s[i]])
            w = s[i + 1] - s[i]
            if strict and (w > 1 or not self.spaces[i]):
                return None
            out.append(" " if w == 0 else "·")
            at = i + 1
        out.append(form[s[at]:s[-1]])
        return "".join(out)


def _fold_positions(text: str) -> tuple[str, tuple[int, ...] | None, tuple[bool, ...]]:
    """:func:`fold` of ``text`` character by character: the folded text, where each character's
    fold starts in it (``None``: one each), and which characters are spaces."""
    # printable (no space but " ", no invisible character) and in NFKC: every character is its own
    # form, checked for the whole text at once rather than looked up one by one
    one = text if text.isprintable() and unicodedata.is_normalized("NFKC", text) else text.translate(_ONE)
    if _IRREGULAR not in one and "  " not in one and not (one[:1] == " " or one[-1:] == " "):
        return one, None, ()
    out: list[str] = []
    starts: list[int] = []
    spaces: list[bool] = []
    written = 0
    after_space = True  # a space at the start is dropped, as fold strips it
    at = 0
    # a run of characters whose forms are one character (a space only between two others) is
    # taken whole; only the other characters are followed one by one
    ends = [m.span() for m in _NOT_ONE_TO_ONE.finditer(one)]
    for a, b in [*ends, (len(one), len(one))]:
        if a > at:
            out.append(one[at:a])
            starts.extend(range(written, written + a - at))
            spaces.extend(map(str.isspace, text[at:a]))
            written += a - at
            after_space = False
        for ch in text[a:b]:
            starts.append(written)
            spaces.append(ch.isspace())
            for c in _char_fold(ch):
                if c.isspace():
                    if not after_space:
                        out.append(" ")
                        written += 1
                    after_space = True
                else:
                    out.append(c)
                    written += 1
                    after_space = False
        at = b
    if out and out[-1] == " ":
        out.pop()
        written -= 1
    i = len(starts) - 1
    while i >= 0 and starts[i] > written:  # (the spaces after the last character: where it ends)
        starts[i] = written
        i -= 1
    starts.append(written)
    return "".join(out), tuple(starts), tuple(spaces)


#: in a text's one-character forms, what is not written one for one: a character of another form
#: and the spaces after it, a space before another space or such a character, a space at either
#: end (``(?<![\s\S] )``: no character before it).  Every branch starts with its character, so
#: the pattern is searched for by them.
_NOT_ONE_TO_ONE = patterns.compile(_IRREGULAR + "[ " + _IRREGULAR + "]*| (?:[ " + _IRREGULAR + r"]+|(?<![\s\S] )|\Z)")


def align(text: str, norm: str) -> Alignment:
    """The :class:`Alignment` of printed ``text`` with ``norm``, its :func:`matching_form`
    (computed once per pair; most fragments are never cut, so never aligned)."""
    # a whole line of a one-line report is cut several times in its parse, but must not stay in
    # memory over a batch: long texts get a memo of their own, a few entries deep
    return _align_short(text, norm) if len(text) <= MEMO_WIDTH else _align_long(text, norm)


def _align(text: str, norm: str) -> Alignment:
    folded, starts, spaces = _fold_positions(text)
    if folded == norm or (len(folded) == len(norm) and simplify(folded) == norm):
        form = norm
    else:  # the one fallback: the text's own form, position for position
        form = simplify(folded)
        if len(form) != len(folded):
            form = "".join(s if len(s) == 1 else ch for ch, s in ((ch, simplify(ch)) for ch in folded))
    return Alignment(form, starts, spaces)


_align_short = lru_cache(maxsize=1024)(_align)
_align_long = lru_cache(maxsize=8)(_align)
