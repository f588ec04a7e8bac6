"""Stage 1b — segment: find the report's outline inside a line that holds several of its parts.

A crawler that stored an element's text gives the whole body on one line, its parts separated by a
space or by nothing: ``…予以答复。一、总体情况 2020年，… 二、主动公开政府信息情况第二十条第（一）项
信息内容 本年新制作数量 … 规章000规范性文件212121 …``.  This stage cuts such a line into
:class:`~zfxxgk.parser.normalise.Fragment` s — the cells the lexer would have had from a clean layout —
each keeping its true column in the source line, so a value's line and column still find it.

The anchors are the template's own outline, never a second hand-typed list:

* chapter titles (``TemplateSpec.chapters``), looked for in order 一 … 六, each with its ordinal and
  the ordinal's punctuation (``二、主动公开政府信息情况``) — never ``一是…`` or a title named in prose;
* inside 二: the Article 20 block titles, and per block its header words and row labels;
* inside 三 and 四: the table's header words and row labels (``一、本年新收…`` is a row label here,
  not a chapter), then the values after them (the grammar's ``CELL``);
* table labels count only in their table's chapter; a table ends after its last row's values
  (三) or after its one stretch of values (四); what follows is prose again;
* in prose: sub-headings ``（一）`` ``（二）`` … in order, after a sentence boundary (best effort);
  before the first chapter: metadata fields (``发布时间:``) and the report title.

Labels compare as the lexer compares them (punctuation-, width-, script- and space-insensitive) on
a compact form of the line that keeps a map back to printed positions.  Everything between anchors
stays text.  Glued digit runs stay whole (``212121``): the transformer splits them only where the
template's arithmetic leaves one split (:mod:`zfxxgk.parser.glued`).

A line is only cut when the outline is really there: a chapter or block title inside it, or (in a
table's chapter) two labels of that table and a value.  Clean layouts pass through untouched.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from collections import defaultdict
from typing import Iterable

import attrs

from .. import patterns
from ..reprs import attrs_eq, attrs_repr
from .normalise import CRUMB, Fragment, Normalised, is_chrome
from .text import align, match_key, matching_form

_KEYRUN = patterns.compile(r"[^\W_]+")
_DUN = "、,，.．"
_CLOSE = ")）]】”’」』》〉\"'"
_OPEN = "(（[【“‘「『《〈\"'"
_NUMERALS = "一二三四五六七八九十"
_SUBHEADING = patterns.compile(r"[(（]([一二三四五六七八九十]{1,3})[)）]")
_ATTACHMENT = patterns.compile(r"(?<=[\s。；;])附件\s*\d*\s*[:：]")
_BOUNDARY = "。；;！？!?:：" + _CLOSE
_DATE_VALUE = patterns.compile(r"\s*((?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)")
#: The shortest title (TITLE terminal) is looked for up to this far from where the preamble starts.
TITLE_REACH = 100
#: A breadcrumb item longer than this glued to what follows is the body's start, not a column name.
CRUMB_ITEM = 16
#: A sub-heading followed by a space within this many characters ends there (it was its own line).
HEADING_REACH = 40
_GAP = patterns.compile(r"\S\s+")
#: A breadcrumb is looked for this far into the text (site links may come before it).
CRUMB_REACH = 120
#: A chapter title of at least this many key characters may differ from the outline's by this many
#: edits (a character lost to or garbled by a bad byte); shorter titles must match exactly.
TITLE_EDITS = ((12, 2), (8, 1))
#: Fragments with fewer key characters are never cut.
MIN_KEY = 16

PREAMBLE, PROSE, TABLE = "preamble", "prose", "table"


class _Line:
    """One line in matching form, with its compact (key characters only) form and the map between."""

    __slots__ = ("s", "compact", "idx")

    def __init__(self, frag: Fragment):
        self.s = align(frag.text, frag.norm).chars()
        idx: list[int] = []
        parts = []
        for m in _KEYRUN.finditer(self.s):
            idx.extend(range(m.start(), m.end()))
            parts.append(m.group())
        self.compact = "".join(parts)
        self.idx = idx

    def ci(self, p: int) -> int:
        """Compact index of the first key character at or after printed position ``p``."""
        return bisect_left(self.idx, p)

    def end(self, ci: int, n: int) -> int:
        """Printed end of a match of ``n`` compact characters at ``ci``, closing brackets included."""
        e = self.idx[ci + n - 1] + 1
        while e < len(self.s) and self.s[e] in _CLOSE:
            e += 1
        return e


class _Vocab:
    """The labels of one context: literal keys by first character (longest first), and regexes."""

    def __init__(self, literals: Iterable[tuple[str, str]], regexes: Iterable[tuple[re.Pattern, str]] = ()):
        self.first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, name in sorted(set(literals), key=lambda e: (-len(e[0]), e)):
            if key:
                self.first[key[0]].append((key, name))
        self.regexes = list(regexes)
        self.scan = patterns.compile("|".join(re.escape(k) for ks in self.first.values() for k, _ in ks)) if self.first else None

    def at(self, compact: str, ci: int) -> tuple[int, str] | None:
        if ci >= len(compact):
            return None
        for key, name in self.first.get(compact[ci], ()):
            if compact.startswith(key, ci):
                return len(key), name
        for rx, name in self.regexes:
            m = rx.match(compact, ci)
            if m and m.end() - ci >= 2:
                return m.end() - ci, name
        return None

    def count(self, key: str) -> int:
        return len(self.scan.findall(key)) if self.scan else 0


@attrs.define(repr=False)
class _Table:
    """A table context: its vocabulary and where it ends."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq

    vocab: _Vocab
    last: str | None = None  # the terminal whose values close the table
    one_stretch: bool = False  # 四: one stretch of values after the headers, then prose


def _entries(by_base: dict[str, list], terminals: Iterable[str], *, bare: bool = False) -> tuple[list, list]:
    """The label keys (literals) and regexes of ``terminals``; ``bare``: also each key without its ordinal."""
    lits: list = []
    rxs: list = []
    for t in terminals:
        for m in by_base.get(t, ()):
            if m.literals:
                for k in m.keys:
                    lits.append((k, t))
                    stripped = patterns.compile(r"^(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})").sub("", k, count=1)
                    if bare and stripped != k and len(stripped) >= 4:
                        lits.append((stripped, t))
            elif m.regex is not None and not m.fallback and m.joinable:
                rxs.append((m.regex, t))
    return lits, rxs


class Outline:
    """A template's anchors, built once per template from its spec and its lexer's matchers."""

    def __init__(self, lexer, spec):
        by_base: dict[str, list] = defaultdict(list)
        for m in lexer.matchers.values():
            by_base[m.base].append(m)
        self.cell = lexer.cell.regex if lexer.cell is not None else None

        self.chapters = []  # (index, number, keys)
        for i, ch in enumerate(spec.chapters):
            keys = sorted({match_key(matching_form(ch.number + "、" + t)) for t in ch.titles}, key=len, reverse=True)
            self.chapters.append((i, ch.number, keys))
        # any chapter's title, for telling whether a fragment holds one after its start
        every = sorted({k for _, _, keys in self.chapters for k in keys}, key=lambda k: (-len(k), k))
        self.chapter_scan = patterns.compile("|".join(map(re.escape, every))) if every else None
        self.table_of: dict[str, int] = {}  # chapter number → kind of table
        self.items: list[tuple[str, _Table]] = []
        item_titles = []
        for item in spec.active_disclosure:
            lits, rxs = _entries(by_base, [item.title_terminal] if item.title_terminal else [])
            item_titles += [(k, item.title_terminal) for k, _ in lits]
            cols = [*(h.terminal for h in item.headers), *(c.terminal for c in item.columns)]
            lits2, rxs2 = _entries(by_base, [*cols, *(r.terminal for r in item.rows)], bare=True)
            self.items.append((item.title_terminal, _Table(_Vocab(lits2, rxs2))))
        self.item_vocab = _Vocab(item_titles)
        # every block's labels at once: where a block title was lost, its rows sit in 二's prose
        self.active_vocab = _Vocab([e for _, t in self.items for ks in t.vocab.first.values() for e in ks],
                                   [r for _, t in self.items for r in t.vocab.regexes])
        self.applications = self.review = None
        if spec.applications is not None:
            app = spec.applications
            terms = [*(h.terminal for h in app.headers), *(c.terminal for c in app.columns),
                     *(r.terminal for r in app.rows)]
            lits, rxs = _entries(by_base, terms, bare=True)
            self.applications = _Table(_Vocab(lits, rxs), last=app.rows[-1].terminal)
            self.starters = _Vocab([(k, t) for k, t in lits if t in ("IDENTITY_NOTE", "NEW_RECEIVED", "APPLICANT")])
        if spec.review_litigation is not None:
            rev = spec.review_litigation
            lits, rxs = _entries(by_base, [*(c.terminal for c in rev.headers), *(c.terminal for c in rev.columns)])
            self.review = _Table(_Vocab(lits, rxs), one_stretch=True)
        numbers = [c.number for c in spec.chapters]
        self.kind = {}
        for ch in spec.chapters:
            if ch.terminal == "ACTIVE_DISCLOSURE_HEADING":
                self.kind[numbers.index(ch.number)] = "active"
            elif ch.terminal == "APPLICATIONS_HEADING":
                self.kind[numbers.index(ch.number)] = "applications"
            elif ch.terminal == "REVIEW_HEADING":
                self.kind[numbers.index(ch.number)] = "review"
        #: the chapters of the active-disclosure tables (二)
        self.active = frozenset(i for i, k in self.kind.items() if k == "active")
        self.chapter_first = {k[:2]: i for i, _, keys in self.chapters for k in keys}
        meta = next((m for m in lexer.matchers.values() if m.base == "META"), None)
        # the META terminal is "key: anything"; its key alone marks where a field starts
        self.meta = patterns.compile(meta.regex.pattern.removesuffix(".*")) if meta is not None else None
        title = next((m for m in lexer.matchers.values() if m.base == "TITLE"), None)
        self.title = title.regex if title is not None else None
        date = next((m for m in lexer.matchers.values() if m.base == "SIGNATURE_DATE"), None)
        self.date = date.regex if date is not None else None

    # ---- which chapter / block a clean fragment opens ------------------------------------------
    def chapter_at_start(self, key: str) -> int | None:
        i = self.chapter_first.get(key[:2])
        if i is None:
            return None
        return i if any(key.startswith(k) for k in self.chapters[i][2]) else None

    def item_at_start(self, key: str) -> int | None:
        hit = self.item_vocab.at(key, 0)
        if hit is None:
            return None
        return next(i for i, (t, _) in enumerate(self.items) if t == hit[1])

    def labels(self, chapter: int | None) -> _Vocab | None:
        """Every table label of a chapter (all Article 20 blocks' for 二)."""
        kind = self.kind.get(chapter) if chapter is not None else None
        if kind == "active":
            return self.active_vocab
        table = self.applications if kind == "applications" else self.review if kind == "review" else None
        return table.vocab if table is not None else None

    def table(self, chapter: int | None, item: int | None) -> _Table | None:
        kind = self.kind.get(chapter) if chapter is not None else None
        if kind == "active":
            return self.items[item][1] if item is not None else None
        if kind == "applications":
            return self.applications
        if kind == "review":
            return self.review
        return None


@attrs.define(repr=False)
class _State:
    """Where the text stands, carried from fragment to fragment."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq

    chapter: int | None = None  # index into the outline's chapters; None: before the first
    item: int | None = None  # Article 20 block, inside 二
    done: bool = False  # the chapter's table is complete: prose follows
    sub: int = 0  # the last sub-heading number （N） seen in this chapter
    chrome: list = attrs.Factory(list)  # printed spans of the fragment being cut that are page chrome
    labels: set = attrs.Factory(set)  # printed spans of the fragment being cut that are labels


_OUTLINES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def outline_for(lexer, spec) -> Outline | None:
    if spec is None or not spec.chapters:
        return None
    got = _OUTLINES.get(lexer)
    if got is None:
        got = _OUTLINES[lexer] = Outline(lexer, spec)
    return got


def segment(text: Normalised, lexer, spec) -> Normalised:
    """Cut the fragments of ``text`` that hold several parts of the report at the template's anchors."""
    outline = outline_for(lexer, spec)
    if outline is None:
        return text
    out: list[Fragment] = []
    chrome: list[Fragment] = []
    state = _State()
    changed = False
    last = len(text.fragments) - 1
    # a fragment moves the state only when it may open a chapter, or a block inside 二
    opens, active = outline.chapter_first, outline.active
    for n, frag in enumerate(text.fragments):
        key = frag.key
        pieces = None
        if len(key) >= MIN_KEY and _worth_cutting(outline, frag, state):
            pieces = _cut(outline, frag, state, chrome, final=n == last)
        if pieces is not None and len(pieces) > 1:
            out.extend(pieces)
            changed = True
            continue
        out.append(frag)
        if key[:2] in opens or state.chapter in active:
            _follow(outline, key, state)
    if not changed:
        return text
    return attrs.evolve(text, fragments=tuple(out), chrome=tuple(sorted(text.chrome + tuple(chrome),
                                                                         key=lambda f: (f.line, f.column))))


def _follow(outline: Outline, key: str, state: _State) -> None:
    """Update the state after a fragment that was not cut (a clean layout's heading or cell)."""
    ch = outline.chapter_at_start(key)
    if ch is not None and (state.chapter is None or ch > state.chapter):
        state.chapter, state.item, state.done, state.sub = ch, None, False, 0
        return
    if outline.kind.get(state.chapter) == "active":
        item = outline.item_at_start(key)
        if item is not None:
            state.item = item


def _worth_cutting(outline: Outline, frag: Fragment, state: _State) -> bool:
    key = frag.key
    if outline.chapter_scan is not None and outline.chapter_scan.search(key, 1):
        return True
    if outline.item_vocab.count(key[1:]) or (state.chapter is None and CRUMB.search(frag.norm, 0, CRUMB_REACH)):
        return True
    table = outline.table(state.chapter, state.item)
    if table is not None and not state.done:
        return table.vocab.count(key) >= 2 and any(c.isdigit() for c in key)
    return False


# ---- cutting one fragment -------------------------------------------------------------------------

def _chapter_anchors(outline: Outline, line: _Line, state: _State) -> list[tuple[int, int, int]]:
    """``(start, end, chapter)`` of the chapter headings inside the line, in outline order."""
    found = []
    ci = 0
    first = state.chapter + 1 if state.chapter is not None else 0
    for index, _, keys in outline.chapters[first:]:
        best = None
        for k in keys:
            at = ci
            while True:
                at = line.compact.find(k, at)
                if at < 0:
                    break
                p = line.idx[at]
                if _is_heading_at(line.s, p) and (best is None or at < best[0]):
                    best = (at, k)
                    break
                at += 1
        if best is None:
            best = _damaged_title(line, ci, keys)
        if best is None:
            continue
        at, n = best[0], len(best[1])
        found.append((line.idx[at], line.end(at, n), index))
        ci = at + n
    return found


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is past ``limit``."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _damaged_title(line: _Line, ci: int, keys: list[str]):
    """A chapter title that lost a character to a bad byte (``四、政府信息公开行政复��、行政诉讼情况``:
    U+FFFD is no key character, so one is missing) or gained one: its ordinal and punctuation
    intact, the rest within ``TITLE_EDITS`` of a title of the outline.  ``(compact index, matched
    compact text)`` of the first such heading, or None."""
    best = None
    for k in keys:
        limit = next((n for size, n in TITLE_EDITS if len(k) >= size), 0)
        if not limit:
            continue
        at = ci
        while True:
            at = line.compact.find(k[0], at)
            if at < 0 or (best is not None and at > best[0]):
                break
            if _is_heading_at(line.s, line.idx[at]):
                # the title's own last character closes it (情况): a match never ends inside prose
                got = min(((_edits(line.compact[at:at + n], k, limit), -n) for n in
                           range(len(k) - limit, len(k) + limit + 1)
                           if line.compact[at + n - 1:at + n] == k[-1]), default=(limit + 1, 0))
                if got[0] <= limit:
                    best = (at, line.compact[at:at - got[1]])
                    break
            at += 1
    return best


def _implied_applications(outline: Outline, line: _Line, anchors: list, state: _State) -> list:
    """三's heading lost (or printed in a form we do not know) after 二: the table's unmistakable first
    label (勾稽 note, 申请人情况, 一、本年新收…) opens 三 where it stands; the lexer then supplies the
    heading and the transformer reports it missing."""
    kinds = {v: k for k, v in outline.kind.items()}
    app, act = kinds.get("applications"), kinds.get("active")
    if app is None or act is None or outline.applications is None or any(c == app for _, _, c in anchors):
        return anchors
    if state.chapter is not None and state.chapter > act:
        return anchors
    after = next((e for _, e, c in anchors if c == act), 0 if state.chapter == act else None)
    if after is None:
        return anchors
    until = next((a for a, _, c in anchors if c > app), len(line.s))
    hit = _find_vocab(line, outline.starters, after, until)
    if hit is None:
        return anchors
    return sorted(anchors + [(hit[0], hit[0], app)])


def _is_heading_at(s: str, p: int) -> bool:
    """An ordinal at ``p`` followed by its punctuation (``二、``), not inside ``第二、`` or a number."""
    q = p + 1
    while q < len(s) and s[q] == " ":
        q += 1
    if q >= len(s) or s[q] not in _DUN:
        return False
    b = p - 1
    while b >= 0 and s[b] == " ":
        b -= 1
    return b < 0 or (s[b] != "第" and s[b] not in _NUMERALS)


def _cut(outline: Outline, frag: Fragment, state: _State, chrome: list[Fragment], *, final: bool) -> list[Fragment] | None:
    line = _Line(frag)
    state.chrome, state.labels = [], set()
    spans: list[tuple[int, int]] = []  # printed (start, end) of each piece, in order
    anchors = _implied_applications(outline, line, _chapter_anchors(outline, line, state), state)
    bounds = [(0, None)] + [(a, c) for a, _, c in anchors]
    structural = len(anchors)
    for k, (start, chapter) in enumerate(bounds):
        end = anchors[k][0] if k < len(anchors) else len(line.s)
        if chapter is not None:
            a, e, _ = anchors[k - 1]
            spans.append((a, e))
            state.chapter, state.item, state.done, state.sub = chapter, None, False, 0
            start = e
        if start >= end:
            continue
        got, n = _region(outline, line, start, end, state, final=final and k == len(anchors))
        spans += got
        structural += n
    if structural < 2 and not anchors:  # one label alone is the lexer's (label + cells)
        return None
    out: list[Fragment] = []
    for (a, b), piece in zip(spans, frag.pieces(spans)):
        if not piece.text:
            continue
        if (a, b) in state.labels:  # 上一年 项目数量: a label's inner spaces are layout
            piece = Fragment(piece.line, piece.column, piece.text, piece.norm.replace(" ", ""), piece.place)
        (chrome if (a, b) in state.chrome else out).append(piece)
    return out


def _region(outline: Outline, line: _Line, start: int, end: int, state: _State, *, final: bool):
    """Pieces of one chapter's stretch of the line: a table, prose, or both (prose after a table)."""
    spans: list[tuple[int, int]] = []
    structural = 0
    p = start
    if outline.kind.get(state.chapter) == "active":
        # prose until the first block title; each block title opens its block's table
        while p < end:
            nxt = _find_vocab(line, outline.item_vocab, p, end)
            stop = nxt[0] if nxt else end
            if state.item is None or state.done:
                spans += _prose(outline, line, p, stop, state, final=False)
            else:
                got, n, p2 = _table(outline, line, p, stop, outline.items[state.item][1], state)
                spans += got
                structural += n
                if p2 < stop:
                    spans += _prose(outline, line, p2, stop, state, final=False)
            if nxt is None:
                break
            a, e, name = nxt
            spans.append((a, e))
            structural += 1
            state.item = next(i for i, (t, _) in enumerate(outline.items) if t == name)
            state.done = False
            p = e
        return spans, structural
    table = outline.table(state.chapter, state.item)
    if table is not None and not state.done:
        got, n, p = _table(outline, line, p, end, table, state)
        spans += got
        structural += n
    if p < end and outline.kind.get(state.chapter) == "applications" and state.done:
        at = _implied_review(outline, line, p, end)
        if at is not None:  # 四's title lost or unknown: its header words open it
            spans += _prose(outline, line, p, at, state, final=False)
            state.chapter = next(i for i, k in outline.kind.items() if k == "review")
            state.item, state.done, state.sub = None, False, 0
            got, n = _region(outline, line, at, end, state, final=final)
            return spans + got, structural + n + 1
    if p < end:
        spans += _prose(outline, line, p, end, state, final=final)
    return spans, structural


#: 四's header words open 四 without its title only when this many of them come before its values.
REVIEW_WORDS = 3
#: … and at least this many digits follow them as values (glued or not).
REVIEW_VALUES = 3


def _implied_review(outline: Outline, line: _Line, start: int, end: int) -> int | None:
    """Where 四 starts when its title was lost, damaged past recognition or printed in a form we do
    not know, after 三's table: at its first header word 行政复议 (the lexer supplies the heading
    and the transformer reports it missing), when header words and a run of values follow it as
    they follow in 四's table (more header words than other text).  Prose that names 行政复议 is
    not a table: it has no such run."""
    if outline.review is None or not any(k == "review" for k in outline.kind.values()):
        return None
    s = line.s
    p = start
    while True:
        hit = _find_vocab(line, outline.review.vocab, p, end)
        if hit is None:
            return None
        at, e, name = hit
        if name == "REVIEW":
            probe = _State()
            got, n, _ = _table(outline, line, at, end, outline.review, probe)
            values = [(a, b) for a, b in got if (a, b) not in probe.labels
                      and outline.cell is not None and outline.cell.fullmatch(s, a, b)]
            digits = sum(c.isdigit() for a, b in values for c in s[a:b])
            words = sum(b - a for a, b in probe.labels)
            text = sum(b - a for a, b in got) - words - sum(b - a for a, b in values)
            if n >= REVIEW_WORDS and digits >= REVIEW_VALUES and text < words:
                return at
        p = e


def _find_vocab(line: _Line, vocab: _Vocab, start: int, end: int):
    """The first label of ``vocab`` between printed positions ``start`` and ``end``."""
    ci = line.ci(start)
    while ci < len(line.idx) and line.idx[ci] < end:
        hit = vocab.at(line.compact, ci)
        if hit is not None:
            e = line.end(ci, hit[0])
            if e <= end:
                return line.idx[ci], e, hit[1]
        ci += 1
    return None


def _label(line: _Line, vocab: _Vocab, p: int, end: int):
    ci = line.ci(p)
    if ci >= len(line.idx) or line.idx[ci] - p > 2 or any(c not in _OPEN for c in line.s[p:line.idx[ci]]):
        return None
    hit = vocab.at(line.compact, ci)
    if hit is None:
        return None
    e = line.end(ci, hit[0])
    return (e, hit[1]) if e <= end else None


def _value(outline: Outline, line: _Line, vocab: _Vocab, p: int, end: int) -> int | None:
    """End of a table cell (the grammar's CELL) starting at ``p``; a digit run stops where a
    numbered label begins (``…00002.其他法律…``)."""
    if outline.cell is None:
        return None
    m = outline.cell.match(line.s, p, end)
    if m is None or m.end() == p:
        return None
    e = m.end()
    for j in range(p + 1, e):
        if line.s[j].isdigit() and not line.s[j - 1] in "-−+" and j + 1 < len(line.s) and not line.s[j + 1].isdigit():
            if _label(line, vocab, j, end) is not None:
                m = outline.cell.match(line.s, p, j)
                return m.end() if m and m.end() > p else None
    return e


#: A label of at least this many key characters, one edit away, is a label a bad byte damaged.
DAMAGED_LABEL = 5


def _inside_damaged_label(line: _Line, vocab: _Vocab, start: int, end: int) -> bool:
    """Whether the text from ``start`` (where a cell begins) through ``end`` (where a shorter label
    found inside it ends) is the start of a longer label of ``vocab`` one edit away: 法�或其他组织
    is 法人或其他组织 damaged, and 其他 inside it no header."""
    ca, ce = line.ci(start), line.ci(end)
    for keys in vocab.first.values():
        for k, _ in keys:
            if len(k) < DAMAGED_LABEL or len(k) < ce - ca:
                continue
            for n in range(max(ce - ca, len(k) - 1), len(k) + 2):
                if _edits(line.compact[ca:ca + n], k, 1) <= 1:
                    return True
    return False


def _table(outline: Outline, line: _Line, start: int, end: int, table: _Table, state: _State):
    """Labels, header words and values; text between them stays whole.  Returns the pieces, how many
    are labels, and where the table ended (prose follows)."""
    s = line.s
    spans: list[tuple[int, int]] = []
    structural = 0
    p = start
    text_from: int | None = None
    values_seen = in_values = False
    closing = False  # the last row's label was seen: its values close the table
    while p < end:
        if s[p].isspace():
            p += 1
            continue
        lab = _label(line, table.vocab, p, end)
        if lab is not None and text_from is not None and not s[p - 1].isspace() \
                and _inside_damaged_label(line, table.vocab, text_from, lab[0]):
            lab = None  # 其他 inside 法�或其他组织 (a header a bad byte made unknown): a word, no label
        val = None
        if lab is None and (text_from is None or s[p - 1].isspace()):
            val = _value(outline, line, table.vocab, p, end)
        if lab is None and val is None:
            if in_values and (table.one_stretch or closing):
                break
            if text_from is None:
                text_from = p
            p += 1
            continue
        if text_from is not None:
            spans += _table_text(outline, line, state, text_from, p)
            text_from = None
        if lab is not None:
            if in_values and (table.one_stretch or closing):
                break
            e, name = lab
            spans.append((p, e))
            state.labels.add((p, e))
            structural += 1
            in_values = False
            closing = closing or name == table.last
            p = e
            continue
        assert val is not None  # neither a label nor a value went on above
        spans.append((p, val))
        values_seen = in_values = True
        p = val
    else:
        if text_from is not None:
            spans += _table_text(outline, line, state, text_from, end)
        return spans, structural, end
    if text_from is not None:
        spans += _table_text(outline, line, state, text_from, p)
    state.done = True
    return spans, structural, p


#: Digits glued to the end of a table's text that is no label (a label damaged by a bad byte:
#: ``一、本年新收政府信息公�申请数量2994831416…``) are its values when there are this many.
GLUED_TAIL = 3
_TAIL = patterns.compile(r"(?<![\d.,\-−+])\d{%d,}$" % GLUED_TAIL)


def _table_text(outline: Outline, line: _Line, state: _State, a: int, b: int) -> list[tuple[int, int]]:
    """Text inside a table that is no label of it: digits glued to its end, or to a label of
    another table of the chapter (a block whose title was damaged), become pieces of their own."""
    vocab = outline.labels(state.chapter)
    pieces = _text_then_digits(line.s, a, b)
    if vocab is None:
        return pieces
    return [piece for x, y in pieces for piece in _glued_values(outline, line, vocab, x, y)]


def _text_then_digits(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Text inside a table, its trailing digit run a piece of its own (a cell, or reported)."""
    while b > a and s[b - 1].isspace():
        b -= 1
    m = _TAIL.search(s, a, b)
    return [(a, m.start()), (m.start(), b)] if m and m.start() > a else [(a, b)]


def _prose(outline: Outline, line: _Line, start: int, end: int, state: _State, *, final: bool):
    """Prose: cut before sub-headings （一）（二）… in order; before the first chapter, metadata
    fields and the title; at the very end, a signature date."""
    if state.chapter is None:
        return _preamble(outline, line, start, end, state.chrome)
    s = line.s
    cuts = [start]
    for m in _SUBHEADING.finditer(s, start, end):
        n = _NUMERALS.find(m.group(1)) + 1 if len(m.group(1)) == 1 else None
        b = m.start() - 1
        while b >= start and s[b] == " ":
            b -= 1
        if n == state.sub + 1 and (b < start or s[b] in _BOUNDARY or s[b].isdigit() or b < m.start() - 1):
            if s[m.end(): m.end() + 1] not in ("项", "款", "条"):
                cuts.append(m.start())
                state.sub = n
                gap = _GAP.search(s, m.end(), min(end, m.end() + HEADING_REACH))
                if gap and "。" not in s[m.end():gap.start()]:
                    cuts.append(gap.start() + 1)  # the heading, then its first paragraph
    for m in _ATTACHMENT.finditer(s, start, end):  # 附件：XX2023年度…报告 names the organ
        if m.start() > cuts[-1]:
            cuts.append(m.start())
    spans = [(a, b) for a, b in zip(cuts, cuts[1:] + [end])]
    vocab = outline.labels(state.chapter)
    if vocab is not None:
        spans = [piece for a, b in spans for piece in _stray_runs(s, a, b)]
        spans = [piece for a, b in spans for piece in _glued_values(outline, line, vocab, a, b)]
    if final and spans:
        a, b = spans[-1]
        c = _trailing_chrome(s, a, b)
        tail = [(c, b)] if c < b else []
        state.chrome.extend(tail)
        spans[-1:] = _signature(outline, s, a, c) + tail
    return spans


#: Table-like numbers in a table chapter's prose: STRAY_RUN or more digit-only tokens in a row.
STRAY_RUN = 3
_STRAY = patterns.compile(r"(?<!\S)[-−+]?\d+(?:\.\d+)?(?:\s+[-−+]?\d+(?:\.\d+)?){%d,}(?!\S)" % (STRAY_RUN - 1))
_TOKEN = patterns.compile(r"\S+")


def _stray_runs(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """A table chapter's prose with its runs of table-like numbers cut out, one piece per number:
    values whose row or heading was lost sit there, and a number standing alone is reported by the
    transformer (``stray-value``, raw, with its position) — never left only inside a paragraph."""
    out = []
    p = a
    for m in _STRAY.finditer(s, a, b):
        if m.start() > p:
            out.append((p, m.start()))
        out += [(t.start(), t.end()) for t in _TOKEN.finditer(s, m.start(), m.end())]
        p = m.end()
    if p < b:
        out.append((p, b))
    return out


def _glued_values(outline: Outline, line: _Line, vocab: _Vocab, a: int, b: int) -> list[tuple[int, int]]:
    """A table chapter's prose with the values glued to one of the chapter's row labels cut out
    (``政府集中采购113926.36万元`` after a lost block title): reported, never only prose."""
    if outline.cell is None:
        return [(a, b)]
    s = line.s
    out = []
    p = q = a
    while (hit := _find_vocab(line, vocab, q, b)) is not None:
        e = hit[1]
        m = outline.cell.match(s, e, b)
        if m and sum(c.isdigit() for c in m.group()) >= GLUED_TAIL and not s[m.end():m.end() + 1].isdigit():
            if e > p:
                out.append((p, e))
            out.append((e, m.end()))
            p = m.end()
        q = max(e, p)
    if p < b:
        out.append((p, b))
    return out


_CHROME_START = patterns.compile(r"(?<=\s)\S|【|[•·]|附件下载|扫一扫|联系我们|上一?篇|下一?篇|打印|关闭")


def _trailing_chrome(s: str, a: int, b: int) -> int:
    """Where the page chrome at the end of the text begins (``… 扫一扫在手机打开当前页 【打印本页】``),
    or ``b``: the leftmost cut from which every piece to the end is chrome (normalise.is_chrome)."""
    lo = max(a, b - 200)
    cuts = sorted({m.start() for m in _CHROME_START.finditer(s, lo, b)})
    ok = {b: True}
    for i in reversed(cuts):
        ok[i] = any(ok.get(j, False) and is_chrome(" ".join(s[i:j].split())) for j in [c for c in cuts if c > i] + [b])
    return next((i for i in cuts if ok[i]), b)


def _signature(outline: Outline, s: str, a: int, b: int) -> list[tuple[int, int]]:
    """The text ends ``… 益阳市资阳区人民政府 2021年1月26日`` (or ``乌杨街道办事处2021114``): the date
    (the grammar's SIGNATURE_DATE) and the short name before it become pieces of their own."""
    while b > a and s[b - 1].isspace():
        b -= 1
    if outline.date is None:
        return [(a, b)]
    q = next((q for q in range(max(a, b - 20), b) if outline.date.fullmatch(s, q, b)
              and (q == a or not s[q - 1].isdigit())), None)
    if q is None:
        return [(a, b)]
    r = q
    while r > a and s[r - 1].isspace():
        r -= 1
    o = r
    while o > a and not s[o - 1].isspace() and s[o - 1] not in "。，,；;：:":
        o -= 1
    if 2 <= r - o <= 40 and o > a:
        return [(a, o), (o, r), (q, b)]
    return [(a, q), (q, b)] if q > a and (s[q - 1].isspace() or s[q - 1] in "。；;") else [(a, b)]


def _crumb_end(outline: Outline, s: str, p: int, end: int) -> int:
    """Where a breadcrumb's last item ends: at a space, a metadata field, or — glued to the body —
    after its last separator when the item runs on too long to be a column name."""
    last_sep = p
    q = p
    while q < end:
        c = s[q]
        if c in ">»›":
            last_sep = q + 1
        elif c.isspace():
            r = q
            while r < end and s[r].isspace():
                r += 1
            if r < end and s[r] not in ">»›" and s[q - 1] not in ">»›":
                return q
            q = r
            continue
        elif outline.meta is not None and outline.meta.match(s, q, end):
            return q
        elif q - last_sep > CRUMB_ITEM:  # glued to the title: cut where a title starts, if one does
            cuts = [last_sep + m.end() for m in re.finditer("年报|报告|公开|专栏", s[last_sep:q])]
            return next((c for c in reversed(cuts) if _title_at(outline, s, c, end) is not None), last_sep)
        q += 1
    return end


def _preamble(outline: Outline, line: _Line, start: int, end: int, state_chrome: list) -> list[tuple[int, int]]:
    """Before the first chapter: the title, metadata fields (``发布时间:…``) and the introduction."""
    s = line.s
    pre: list[tuple[int, int]] = []
    crumb = CRUMB.search(s, start, min(end, start + CRUMB_REACH))
    while crumb:  # [site links] 当前位置：首页 > … > 年报  then the body on the same line: chrome
        stop = _crumb_end(outline, s, crumb.end(), end)
        pre.append((start, stop))
        state_chrome.append((start, stop))
        start = stop
        while start < end and s[start].isspace():
            start += 1
        crumb = CRUMB.match(s, start, end)
    titles: list[str] = []
    head = _title_at(outline, s, start, end)
    if head is not None:
        titles.append(s[start:head])
    fields = list(outline.meta.finditer(s, start, end)) if outline.meta is not None else []
    for m in fields:
        if m.group(0).replace(" ", "").startswith("标题"):
            t = _title_at(outline, s, m.end() + (len(s[m.end():end]) - len(s[m.end():end].lstrip())), end)
            if t is not None:
                titles.append(s[m.end():t].strip())
    titles = [t for t in dict.fromkeys(titles) if t]
    # title occurrences, then fields: each field's value ends at the next anchor, a date, or a space
    marks: list[tuple[int, int]] = []
    for title in titles:
        at = s.find(title, start, end)
        while at >= 0:
            marks.append((at, at + len(title)))
            at = s.find(title, at + len(title), end)
    taken = sorted(marks)
    cuts: list[tuple[int, int]] = []
    for i, m in enumerate(fields):
        if any(a <= m.start() < b for a, b in taken):
            continue
        nxt = min([f.start() for f in fields[i + 1:]] + [a for a, _ in taken if a >= m.end()] + [end])
        v = _DATE_VALUE.match(s, m.end(), nxt)
        if v:
            stop = v.end()
        else:
            rest = s[m.end():nxt]
            lead = len(rest) - len(rest.lstrip())
            sp = re.search(r"\s|【", rest[lead:])
            stop = m.end() + lead + sp.start() if sp else nxt
        cuts.append((m.start(), stop))
    pieces = sorted(taken + cuts)
    spans: list[tuple[int, int]] = pre
    p = start
    for a, b in pieces:
        if a < p:
            continue
        if a > p:
            spans.append((p, a))
        spans.append((a, b))
        p = b
    if p < end:
        spans.append((p, end))
    return spans


def _title_at(outline: Outline, s: str, start: int, end: int) -> int | None:
    """End of the shortest report title (the grammar's TITLE) starting at ``start``."""
    if outline.title is None:
        return None
    at = s.find("报告", start, min(end, start + TITLE_REACH))
    while at >= 0:
        e = at + 2
        m = re.match(r"\s*[(（]\d[)）]", s[e:end])
        for stop in ([e + m.end()] if m else []) + [e]:
            if outline.title.fullmatch(s, start, stop):
                return stop
        at = s.find("报告", e, min(end, start + TITLE_REACH))
    return None
