"""Stage 1 — normalise: bytes → text → a front end's :class:`~.blocks.Document` → cells
(``Fragment``), with a matching form.

Every fragment keeps the text as printed (``text``: its source cell's, minus pinyin annotations)
and its position; ``norm`` is the form the lexer matches on: width-folded (NFKC),
traditional→simplified (OpenCC), inner runs of spaces collapsed — computed here once, for all
cells together.  Nothing here decides what a fragment *is*; that is the lexer's job, guided by the
grammar.  A block whose line is page chrome (breadcrumbs, share/print links, footers) is set apart.
Plain text, the common input, is read straight into its cells (:func:`.plaintext.text_cells`), with
what the blocks of :func:`.plaintext.text_document` would give (``tests/test_text_cells.py``).
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from typing import Iterable, NamedTuple, Sequence

import attrs

from .. import patterns
from ..errors import ReportError
from ..reprs import attrs_eq, attrs_hash, attrs_repr
from . import decoding
from .attachments import document_kind, read_document
from .blocks import Block, Document, SourceCell
from .decoding import split_lines
from .kind import detect
from .plaintext import text_cells
from .text import align, fold, fold_text, match_key, match_keys, pinyin_glosses, simplify  # noqa: F401  (fold: re-exported)

_WORD = patterns.compile(r"\S+")
_new_tuple = tuple.__new__


class _FragmentFields(NamedTuple):
    line: int
    column: int
    text: str
    norm: str
    key: str
    #: ``(page, box)`` where a PDF prints it (see :mod:`zfxxgk.parser.documents`), else ``None``
    place: tuple | None
    #: columns the cell spans in the source table (``13 ||`` spans two): how the page merged its
    #: cells, never a count of template columns
    span: int


class Fragment(_FragmentFields):
    """One cell of text: a paragraph, or one cell of a table row (see :mod:`.blocks`); ``key`` is
    :func:`.text.match_key` of ``norm``.

    A named tuple (one is made for every cell: a tuple is made several times faster than a frozen
    attrs instance), that otherwise behaves as the attrs class it was: equal by position, text, norm
    and span (not ``place``, not ``key``), never to a plain tuple, and not ordered."""

    __slots__ = ()

    def __new__(cls, line: int, column: int, text: str, norm: str, place: tuple | None = None, *, span: int = 1):
        return _new_tuple(cls, (line, column, text, norm, match_key(norm), place, span))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return False if isinstance(other, tuple) else NotImplemented
        return self[:4] == other[:4] and self[6] == other[6]  # type: ignore[index]

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash((self[:4], self[6]))

    def __lt__(self, other):
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    def __getnewargs_ex__(self):
        return self[:4] + (self.place,), {"span": self.span}

    def cut(self, a: int, b: int) -> "Fragment":
        """``text[a:b]`` as a fragment of its own: stripped, its column where it starts, its
        ``norm`` the matching slice of this one's (see :func:`.text.align`; nothing normalised again)."""
        return self.pieces([(a, b)])[0]

    def pieces(self, spans) -> list["Fragment"]:
        """:meth:`cut` at each ``(start, end)`` of ``spans`` (positions in ``text``)."""
        al = align(self.text, self.norm)
        out = []
        for a, b in spans:
            raw = self.text[a:b]
            lead = len(raw) - len(raw.lstrip())
            out.append(Fragment(self.line, self.column + a + lead, raw.strip(), al.slice(a, b), self.place))
        return out

    def words(self, start: int = 0) -> list["Fragment"]:
        """The runs of text between spaces, from ``start`` on, each cut off as a fragment."""
        return self.pieces([m.span() for m in _WORD.finditer(self.text, start)])


@attrs.frozen(repr=False)
class Normalised:
    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash
    fragments: tuple[Fragment, ...]
    lines: tuple[str, ...]  # the lines shown for snippets (the document's, pinyin glosses dropped)
    script: str
    encoding: str | None
    chrome: tuple[Fragment, ...]  # page-chrome lines dropped before parsing
    pinyin_stripped: int
    #: ``(severity, code, message, line)`` from the front ends and decoding (HTML body found,
    #: mojibake kept, …); the facade turns them into diagnostics.
    notes: tuple[tuple[str, str, str, int | None], ...] = ()
    #: line → ``(page, box)`` of the whole line (PDF input), for diagnostics
    places: dict = attrs.field(factory=dict, eq=False)


# --- decoding ---------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes of unknown encoding; return ``(text, encoding)`` (see :mod:`.decoding`)."""
    decoded = decoding.decode(data)
    return decoded.text, decoded.encoding


# --- page chrome ----------------------------------------------------------------------------

_CHROME = patterns.compile(
    r"^(?:"
    r"(?:您)?(?:当前|现在)(?:的)?位置\s*[:：>].*"
    r"|【(?:打印本页|关闭窗口|打印|关闭|字体[^】]*)】.*"
    r"|\[?\s*字体\s*[:：].*"
    r"|扫一扫在手机(?:上)?打开当前页"
    r"|附件下载"
    r"|[•·]?\s*(?:上篇|下篇|上一篇|下一篇)\s*[:：].*"
    r"|联系我们"
    r"|(?:分享到|打印本页|关闭窗口)\s*[:：]?.*"
    r"|中国政府网\s*\|.*"
    r"|(?:网站)?首页\s*[>»›].*"
    r"|.{0,10}字号\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中.*"
    r"|(?:主办|承办|协办)(?:单位)?\s*[:：].*"
    r"|(?:打印|关闭|收藏|分享)(?:\s*[|｜]?\s*(?:打印|关闭|收藏|分享|本页|窗口))+"
    r"|[=＝\-—]{3,}\s*正文\s*[=＝\-—]{3,}"
    # a page number as PDF-to-text tools print it between pages (第3页 共11页; ``- 3 -``, which may
    # also be a row of three cells, blank 3 blank, is one only in a run: _page_numbers): never a
    # value, and between two cells of a row it would cut the row in two
    r"|第\s?(?:[0-9]{1,4}|[一二三四五六七八九十]{1,3})\s?页(?:\s?[/,，、]?\s?共\s?[0-9]{1,4}\s?页)?"
    r"|共\s?[0-9]{1,4}\s?页\s?[/,，、]?\s?第\s?[0-9]{1,4}\s?页"
    r")$"
)
#: a footer's marks, anywhere in the line (searched for on their own: as a ``.*(?:…).*`` branch of
#: the pattern above they were tried at every position of every line)
_CHROME_MARK = patterns.compile(r"版权所有|ICP备|网站标识码|公网安备|技术支持\s*[:：]|网站地图|政府网站找错|浏览次数\s*[:：]")
#: What every line of page chrome holds (one of the words each branch above needs, none with a line
#: break or pipe in it, so in one cell's form): searched for once in all the cells' forms, and only a line
#: with one of its cells holding one is tried against the patterns above.
_CHROME_HINT = patterns.compile("位置|【|字体|扫一扫|附件下载|上篇|下篇|上一篇|下一篇|联系我们|分享|打印|关闭|中国政府网|首页"
                                "|字号|主办|承办|协办|收藏|正文|版权所有|ICP备|网站标识码|公网安备|技术支持|网站地图"
                                "|政府网站找错|浏览次数|页")
#: A page number printed between dashes (``- 3 -``), a cell of its own (searched for on its own: a
#: class in the alternation above made every position of the text a start to try)
_PAGE_NUMBER_HINT = patterns.compile("^[-—–~] ?([0-9]{1,4}) ?[-—–~]$", re.M)
#: A breadcrumb that starts a line this long holds the body too (a crawler stored the page's text on
#: one line): the line is kept, and the segmenter (segment.py) cuts the breadcrumb off.
LONG_LINE = 200
CRUMB = patterns.compile(r"(?:您)?(?:当前|现在)(?:的)?位置\s*[:：>]\s*|(?:网站)?首页\s*[>»›]")


def is_chrome(norm: str) -> bool:
    """Whether ``norm``, the matching form of a line (no line break in it), is page chrome."""
    return bool(_CHROME.match(norm) or _CHROME_MARK.search(norm))


def normalise(source: str | bytes, *, max_bytes: int | None = None) -> Normalised:
    """Read ``source`` (bytes of any encoding, or text; PDF/Word by their bytes) through its front
    end and give every cell its matching form; page chrome is set apart."""
    if isinstance(source, (bytes, bytearray)):
        kind = document_kind(source)
        if kind is not None:  # PDF / Word: decided by the bytes; their own size limit
            document = read_document(bytes(source), kind)
            _check_size(document.size, "characters", max_bytes)
            return _fragments(document, None, _notes(None, document.notes, document.lines))
        _check_size(len(source), "bytes", max_bytes)
        what = decoding.sniff_binary(bytes(source))
        if what is not None:
            return _not_text(what)
        decoded = decoding.decode(bytes(source))
    else:
        _check_size(len(source), "characters", max_bytes)
        what = decoding.sniff_text(source)
        if what is not None:
            return _not_text(what)
        decoded = decoding.clean_text(source)
    _check_size(len(decoded.text), "characters", max_bytes)
    text = decoded.text.replace("\x00", "")
    kind = detect(text)
    if kind == "text":  # (its cells read straight from its lines: see _text_fragments)
        lines = split_lines(text)
        return _text_fragments(text, lines, decoded.encoding, _notes(decoded, (), lines))
    from .frontends import html_document, markdown_document  # (a plain-text report needs neither)

    document = html_document(text) if kind == "html" else markdown_document(text)  # → blocks
    return _fragments(document, decoded.encoding, _notes(decoded, document.notes, document.lines))


def _fragments(document: Document, encoding: str | None, notes: list) -> Normalised:
    """The document's cells as fragments with their matching form, computed for all cells at once."""
    document, n_pinyin = _without_pinyin(document)
    blocks = document.blocks
    cells = [c for b in blocks for c in b.cells]
    columns = tuple(zip(*cells)) if cells else ((), (), (), (), ())
    places = {b.line: _line_place([c.place for c in b.cells if c.place is not None])
              for b in blocks if b.cells[0].place is not None}
    starts = list(itertools.accumulate([len(b.cells) for b in blocks], initial=0))

    def block_of(i: int) -> tuple[int, int, int]:
        j = bisect.bisect_right(starts, i) - 1
        return starts[j], starts[j + 1], blocks[j].line

    return _normalised(columns, block_of, document.lines, encoding, notes, n_pinyin, places)


def _text_fragments(text: str, lines: list[str], encoding: str | None, notes: list) -> Normalised:
    """What :func:`_fragments` makes of plain text's document (:func:`.plaintext.text_document`),
    its cells read straight from the ``lines`` of ``text`` (:func:`.plaintext.text_cells`): no blocks made."""
    found = pinyin_glosses(text if "\r" not in text else "\n".join(lines))  # (positions in the lines joined)
    # (a gloss holds no pipe, tab, space or line break: the text cut gives the lines and cells cut)
    if found and "\r" not in text:
        text = "".join([text[b:a] for b, a in zip([0] + [b for _, b in found], [a for a, _ in found] + [len(text)])])
        lines = split_lines(text)
    elif found:
        lines = _cut_glosses(lines, found)[0]
        text = "\n".join(lines)
    columns = text_cells(text, lines)
    nos = columns[1]

    def block_of(i: int) -> tuple[int, int, int]:  # a block is the cells on one line
        no = nos[i]
        a, b = i, i + 1
        while a and nos[a - 1] == no:
            a -= 1
        while b < len(nos) and nos[b] == no:
            b += 1
        return a, b, no

    return _normalised(columns, block_of, tuple(lines), encoding, notes, len(found), {})


def _normalised(columns: tuple[Sequence, ...], block_of, lines: tuple[str, ...], encoding: str | None, notes: list,
                n_pinyin: int, places: dict) -> Normalised:
    """The cells of all the blocks, in order, as fragments, their matching forms computed for all
    at once; ``columns``: the cells' texts, lines, columns, spans and places (a sequence each);
    ``block_of(i)``: the block of cell ``i``, as ``(first cell, end, line)``."""
    texts, nos, starts, spans, at = columns
    if not texts:
        return Normalised((), lines, "simplified", encoding, (), n_pinyin, tuple(notes), places)
    joined = fold_text(list(texts))  # (the cells' folds, a line each)
    forms = converted = simplify(joined)
    simplified = converted.split("\n")
    if len(simplified) != len(texts):  # conversion must not move lines; fall back per cell
        simplified = [simplify(f) for f in joined.split("\n")]
        forms = "\n".join(simplified)
    # per cell: the tuple made directly, what Fragment.__new__ makes, without a Python call
    fragments = list(map(_new_tuple, itertools.repeat(Fragment),
                         zip(nos, starts, texts, simplified, match_keys(simplified), at, spans)))
    chrome: list[Fragment] = []
    pages = _page_numbers(forms, nos, block_of)
    page_lines = frozenset(pages.values())
    for a, b, no in reversed(_special_blocks(forms, simplified, block_of, pages)):
        cells = [SourceCell(*c) for c in zip(*(column[a:b] for column in columns))]
        kept = _kept(lines[no - 1], cells, simplified[a:b], no, chrome, page_lines)
        if kept is not None:
            fragments[a:b] = kept
    chrome.reverse()
    while fragments and not fragments[-1].norm:
        fragments.pop()
    script = _script(joined, converted, simplified)
    return Normalised(tuple(fragments), lines, script, encoding, tuple(chrome), n_pinyin, tuple(notes), places)


def _special_blocks(forms: str, norms: list[str], block_of, pages: dict[int, int]) -> list[tuple[int, int, int]]:
    """The blocks, in order, that :func:`_kept` may not keep as they are: those with a cell whose
    form is empty or holds a :data:`_CHROME_HINT` (``forms``: the cells' forms, a line each), and
    the page numbers' (``pages``, :func:`_page_numbers`); all of a document of a few cells."""
    if len(norms) <= _FEW_CELLS:  # (a one-line report's: its line is tried as it is, not searched first)
        return _blocks(range(len(norms)), block_of)
    marked = list(itertools.compress(range(len(norms)), map(operator.not_, norms)))
    marked += pages
    no = at = 0
    for m in _CHROME_HINT.finditer(forms):
        no += forms.count("\n", at, m.start())
        at = m.start()
        marked.append(no)
    return _blocks(sorted(set(marked)), block_of)


def _page_numbers(forms: str, nos: Sequence[int], block_of) -> dict[int, int]:
    """The cells that are page numbers printed between dashes (``- 3 -``), as ``{cell: line}``: a
    cell alone on its line, and at least two of them counting up through the text (``- 3 -`` alone
    may as well be a row of three cells: blank, 3, blank)."""
    if "-" not in forms and "—" not in forms and "–" not in forms and "~" not in forms:
        return {}
    found: list[tuple[int, int]] = []  # (cell, its number)
    cell = at = 0
    for m in _PAGE_NUMBER_HINT.finditer(forms):
        cell += forms.count("\n", at, m.start())
        at = m.start()
        a, b, _ = block_of(cell)
        if b - a == 1:
            found.append((cell, int(m.group(1))))
    numbers = [n for _, n in found]
    if len(found) < 2 or any(x >= y for x, y in zip(numbers, numbers[1:])):
        return {}
    return {c: nos[c] for c, _ in found}


_FEW_CELLS = 8


def _blocks(cells: Iterable[int], block_of) -> list[tuple[int, int, int]]:
    """The blocks of ``cells`` (in order), each once."""
    out: list[tuple[int, int, int]] = []
    for i in cells:
        if not out or i >= out[-1][1]:
            out.append(block_of(i))
    return out


def _kept(line: str, cells: list[SourceCell], norms: Sequence[str], no: int, chrome: list,
          page_lines: frozenset[int]) -> list | None:
    """What is kept of a block on ``line``: ``None`` its fragments as they are; ``[]`` nothing (an
    empty line; page chrome, added to ``chrome``, and the page numbers on ``page_lines``); a
    printed blank cell (an &nbsp; line) as one."""
    first = cells[0]
    if len(cells) == 1 and (len(first.text) == len(line) or first.text == line.strip()):
        s = norms[0]
    else:
        s = _line_norm(line, cells, norms)
    if not s:
        return [Fragment(no, 1, "", "")] if first.text == "" else []
    if (is_chrome(s) and not (len(s) > LONG_LINE and CRUMB.match(s))) or no in page_lines:
        chrome.append(Fragment(no, 1, line.strip(), s))
        return []
    return None


def _line_norm(line: str, cells: Sequence[SourceCell], norms: Sequence[str]) -> str:
    """The matching form of a block's whole line, from its cells' forms (between cells a line holds
    only spaces and pipes): what page chrome is recognised on."""
    if len(cells) == 1:  # (a cell on a line of its own, ``x |``: the common row)
        start = cells[0].column - 1
        whole = line[:start] + norms[0] + line[start + len(cells[0].text) :]
    else:
        parts = []
        pos = 0
        for cell, norm in zip(cells, norms):
            parts.append(line[pos : cell.column - 1])
            parts.append(norm)
            pos = cell.column - 1 + len(cell.text)
        parts.append(line[pos:])
        whole = "".join(parts)
    return " ".join(whole.replace("｜", "|").split())  # (spaces collapsed, as fold does)


def _script(joined: str, converted: str, simplified: list[str]) -> str:
    """``traditional`` when OpenCC changes at least 2 % (and 3) of the Han characters (``joined``:
    the cells' folded forms, a line each; ``converted`` those simplified, ``simplified`` per cell)."""
    if converted == joined:
        return "simplified"
    total = _han(joined)
    if not total:
        return "simplified"
    need = max(3, total * 0.02)
    changed = 0
    for f, s in zip(joined.split("\n"), simplified):
        if f != s:
            changed += sum(map(operator.ne, f, s))
            if changed >= need:  # (counted only as far as the answer needs)
                return "traditional"
    return "simplified"


#: the high bytes of U+4E00–U+9FFF in UTF-16 (no other character's, surrogates included, is among them)
_HAN_HIGH = bytes(range(0x4E, 0xA0))


def _han(text: str) -> int:
    """How many characters of ``text`` are Han (U+4E00–U+9FFF): counted in its UTF-16 form's high
    bytes, a C loop each, where a regex would make a string of every run."""
    high = text.encode("utf-16-le")[1::2]
    return len(high) - len(high.translate(None, _HAN_HIGH))


def _without_pinyin(document: Document) -> tuple[Document, int]:
    """The document without pinyin glosses when it is full of them (see :func:`.text.pinyin_glosses`),
    its cells' texts and columns cut with their lines; and how many were dropped."""
    found = pinyin_glosses("\n".join(document.lines))
    if not found:
        return document, 0
    lines, glosses = _cut_glosses(document.lines, found)
    blocks = tuple(b if b.line not in glosses else Block(
        b.kind, tuple(_cut(c, glosses[c.line], lines[c.line - 1]) for c in b.cells), b.line) for b in document.blocks)
    return Document(document.kind, blocks, tuple(lines), document.notes), len(found)


def _cut_glosses(lines: Sequence[str], found: list[tuple[int, int]]) -> tuple[list[str], dict[int, list[tuple[int, int]]]]:
    """The ``lines`` with the glosses ``found`` (positions in the lines joined) cut out, and where
    each line's were."""
    lines = list(lines)
    glosses: dict[int, list[tuple[int, int]]] = {}  # line → where its glosses are in it
    starts = list(itertools.accumulate([len(line) + 1 for line in lines], initial=0))  # of each line, joined
    for a, b in found:
        no = bisect.bisect_right(starts, a)
        glosses.setdefault(no, []).append((a - starts[no - 1], b - starts[no - 1]))
    for no, spans in glosses.items():
        line = lines[no - 1]
        lines[no - 1] = "".join([line[b:a] for b, a in zip([0] + [b for _, b in spans], [a for a, _ in spans] + [len(line)])])
    return lines, glosses


def _cut(cell: SourceCell, glosses: list[tuple[int, int]], line: str) -> SourceCell:
    """``cell`` in its ``line`` once the line's ``glosses`` are cut out."""
    start = end = cell.column - 1
    end += len(cell.text)
    cut_start = cut_end = 0
    for a, b in glosses:  # (a gloss is inside a cell or between cells, never across a border)
        if b <= end:
            cut_end += b - a
            if b <= start:
                cut_start += b - a
    return SourceCell(line[start - cut_start : end - cut_end], cell.line, start - cut_start + 1, cell.span, cell.place)


def _notes(decoded: decoding.Decoded | None, front_notes, lines) -> list:
    """What decoding and the front end noted, and mojibake found in the ``lines`` shown."""
    notes = [*(decoded.notes if decoded is not None else ()), *front_notes]
    replaced = decoded.replaced if decoded is not None else frozenset()
    for no, frag, context in decoding.mojibake(lines, skip=replaced):
        notes.append(("warning", "mojibake", f"mojibake {frag!r} in …{context}… (decoded with the wrong encoding "
                      "before it reached us); kept as printed", no))
    return notes


def _check_size(size: int, unit: str, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise ReportError(f"input is {size:,} {unit}, over the limit of {max_bytes:,} "
                          "(a report is 10–100 KB; zfxxgk.Parser(max_size=…) sets the limit)")


def _line_place(at) -> tuple | None:
    """One place for a line from its cells' places: the first page, the box around its cells there."""
    if not at:
        return None
    page = at[0][0]
    boxes = [b for p, b in at if p == page and b is not None]
    if not boxes:
        return page, None
    return page, (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _not_text(what: str) -> Normalised:
    """Input that is no text at all: nothing to read, one ``not-a-report`` error."""
    return Normalised((), (), "simplified", None, (), 0,
                      (("error", "not-a-report", f"the input is {what}, not a report; nothing was read", None),))
