"""Stage 1 — normalise: bytes → text → lines → cells (``Fragment``), with a matching form.

Every fragment keeps the text as printed (``text``, minus pinyin annotations and surrounding
spaces) and its position; ``norm`` is the form the lexer matches on: width-folded (NFKC),
traditional→simplified (OpenCC), inner runs of spaces collapsed.  Nothing here decides what a
fragment *is*; that is the lexer's job, guided by the grammar.
"""

from __future__ import annotations

import re

import attrs

from ..errors import ReportError
from . import decoding
from .attachments import document_kind, read_document
from .frontends import convert
from .text import align, fold, fold_lines, match_key, simplify, strip_pinyin

_WORD = re.compile(r"\S+")


@attrs.frozen
class Fragment:
    """One cell of text: a whole line, or one ``|``-separated cell of a line."""

    line: int
    column: int
    text: str
    norm: str
    key: str = attrs.field(init=False, eq=False)
    #: ``(page, box)`` where a PDF prints it (see :mod:`zfxxgk.parser.documents`), else ``None``
    place: tuple | None = attrs.field(default=None, eq=False)
    #: columns the cell spans in the source table (``13 ||`` spans two): how the page merged its
    #: cells, never a count of template columns
    span: int = attrs.field(default=1, kw_only=True)

    def __attrs_post_init__(self):
        object.__setattr__(self, "key", match_key(self.norm))

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
            out.append(Fragment(self.line, self.column + a + lead, raw.strip(), al.slice(a, b)))
        return out

    def words(self, start: int = 0) -> list["Fragment"]:
        """The runs of text between spaces, from ``start`` on, each cut off as a fragment."""
        return self.pieces([m.span() for m in _WORD.finditer(self.text, start)])


@attrs.frozen
class Normalised:
    fragments: tuple[Fragment, ...]
    lines: tuple[str, ...]  # the source lines as printed, for snippets
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


_CJK = re.compile(r"[\u4e00-\u9fff]+")
_CELL_SPACE = re.compile("[\u00a0\u2002\u2003\u3000]")


# --- page chrome ----------------------------------------------------------------------------

_CHROME = re.compile(
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
    r"|.*(?:版权所有|ICP备|网站标识码|公网安备|技术支持\s*[:：]|网站地图|政府网站找错|浏览次数\s*[:：]).*"
    r"|(?:打印|关闭|收藏|分享)(?:\s*[|｜]?\s*(?:打印|关闭|收藏|分享|本页|窗口))+"
    r"|[=＝\-—]{3,}\s*正文\s*[=＝\-—]{3,}"
    r")$"
)
#: A breadcrumb that starts a line this long holds the body too (a crawler stored the page's text on
#: one line): the line is kept, and the segmenter (segment.py) cuts the breadcrumb off.
LONG_LINE = 200
CRUMB = re.compile(r"(?:您)?(?:当前|现在)(?:的)?位置\s*[:：>]\s*|(?:网站)?首页\s*[>»›]")


def is_chrome(norm: str) -> bool:
    return bool(_CHROME.match(norm))


# --- cells ----------------------------------------------------------------------------------

_PIPE_SPLIT = re.compile(r"\s*[|｜]\s*")
_TAB_SPLIT = re.compile(r" *\t *")


def split_cells(raw: str) -> list[tuple[int, str]]:
    """Split one source line into ``(column, text)`` cells.

    ``a | b | c`` gives three cells; ``x |`` (one cell per line) gives one; a line of only pipes is
    a filler for spanned cells and gives none.  An empty cell *between* pipes is a blank cell.
    Lines without pipes are split on tabs the same way (tables copied from a page).
    """
    stripped = raw.rstrip()
    if stripped.endswith("|") and stripped.count("|") == 1:  # the common "x |": one cell
        text = stripped[:-1].strip()
        return [(raw.index(text) + 1, text)] if text else []
    pieces: list[tuple[int, str]] = []
    pos = 0
    sep = _PIPE_SPLIT if ("|" in raw or "｜" in raw) else _TAB_SPLIT
    for m in sep.finditer(raw):
        pieces.append((pos, raw[pos : m.start()]))
        pos = m.end()
    pieces.append((pos, raw[pos:]))
    if all(not p.strip() for _, p in pieces):
        return []
    if not pieces[0][1].strip():
        pieces = pieces[1:]
    if pieces and not pieces[-1][1].strip():
        pieces = pieces[:-1]
    out = []
    for start, piece in pieces:
        text = piece.strip()
        col = start + (piece.index(text) if text else 0) + 1
        out.append((col, text))
    return out


# --- one cell per line, its span on the same line -------------------------------------------
# A page-to-text tool writes every cell on a line of its own as ``text |`` and a cell spanning N
# columns as ``text |`` followed by N−1 more ``|`` (``13 ||``).  Its blank cell is its own content
# (nothing, NBSP) before the ``|``.  Another convention writes the fillers on a line of their own
# (``|||``); a third writes whole rows (``a | b | c``).  The shape of the document decides.

_SPAN_LINE = re.compile(r"\s*([^|｜]*?)\s*([|｜](?:\s*[|｜])*)\s*")  # ``13 ||``, also ``13 | |``
_MULTI_CELL = re.compile(r"[^|｜\s][^|｜]*[|｜][\s|｜]*[^|｜\s]")


def spans_on_cell_lines(lines) -> bool:
    """Whether the document writes spans on the cell's own line: lines that are a single cell
    followed by two or more pipes (``13 ||``) outnumber both lines of several cells (``a | b``,
    Markdown rows: read as rows, as before) and lines of two or more pipes alone (fillers on a
    line of their own, ``|||``: dropped, as before)."""
    spans = multi = fillers = 0
    for raw in lines:
        if "|" not in raw and "｜" not in raw:
            continue
        m = _SPAN_LINE.fullmatch(raw)
        if m is None:
            multi += _MULTI_CELL.search(raw) is not None
        elif _pipes(m.group(2)) > 1:
            if m.group(1):
                spans += 1
            else:
                fillers += 1
    return spans > max(multi, fillers)


def span_cell(raw: str) -> tuple[int, str, int] | None:
    """``13 ||`` → ``(column, "13", 2)``; a line of pipes alone (``|``, ``||``, NBSP and ``|``) is
    a blank cell of that span.  ``None`` when the line is not one cell followed only by pipes."""
    m = _SPAN_LINE.fullmatch(raw)
    if m is None:
        return None
    text = m.group(1)
    return (m.start(1) + 1 if text else 1), text, _pipes(m.group(2))


def _pipes(run: str) -> int:
    return run.count("|") + run.count("｜")


def is_rule_line(raw: str) -> bool:
    """A Markdown table rule (``|---|:---:|``): layout only, no cells."""
    return "---" in raw and _RULE_LINE.fullmatch(raw) is not None


_RULE_LINE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*")


#: Lines as an editor counts them (CR, LF, CRLF; not the form feed pdftotext puts between pages).
split_lines = decoding.split_lines


def normalise(source: str | bytes, *, max_bytes: int | None = None) -> Normalised:
    encoding = None
    front = None
    decoded: decoding.Decoded | None = None
    if isinstance(source, (bytes, bytearray)):
        kind = document_kind(source)
        if kind is not None:  # PDF / Word: decided by the bytes; their own size limit
            front = read_document(bytes(source), kind)
            source = front.text
        else:
            _check_size(len(source), "bytes", max_bytes)
            what = decoding.sniff_binary(bytes(source))
            if what is not None:
                return _not_text(what)
            decoded = decoding.decode(bytes(source))
            source, encoding = decoded.text, decoded.encoding
    else:
        _check_size(len(source), "characters", max_bytes)
        what = decoding.sniff_text(source)
        if what is not None:
            return _not_text(what)
        decoded = decoding.clean_text(source)
        source = decoded.text
    _check_size(len(source), "characters", max_bytes)
    source = source.replace("\x00", "")
    if front is None:
        front = convert(source)  # HTML / Markdown → line text; plain text unchanged
    source = front.text
    places = front.places
    notes = _notes(decoded, front.notes, source)
    text, n_pinyin = strip_pinyin(source)
    lines = split_lines(text)
    folded = fold_lines(lines)
    simplified = simplify("\n".join(folded)).split("\n")
    if len(simplified) != len(folded):  # conversion must not move lines; fall back per line
        simplified = [simplify(f) for f in folded]
    fragments: list[Fragment] = []
    chrome: list[Fragment] = []
    total = sum(map(len, _CJK.findall("\n".join(folded))))  # Han characters, counted run by run
    changed = 0
    spans = spans_on_cell_lines(lines)
    for no, (raw, f, s) in enumerate(zip(lines, folded, simplified), start=1):
        if not f:
            if raw and _CELL_SPACE.search(raw):  # an &nbsp; cell: kept as a blank (see lexer)
                fragments.append(Fragment(no, 1, "", ""))
            continue
        if f != s:
            changed += sum(1 for a, b in zip(f, s) if a != b)
        if is_chrome(s) and not (len(s) > LONG_LINE and CRUMB.match(s)):
            chrome.append(Fragment(no, 1, raw.strip(), s))
            continue
        if not is_rule_line(raw):
            fragments += _line_fragments(no, raw, s, places.get(no), spans)
    script = "traditional" if total and changed >= max(3, total * 0.02) else "simplified"
    while fragments and not fragments[-1].norm:
        fragments.pop()
    return Normalised(tuple(fragments), tuple(lines), script, encoding, tuple(chrome), n_pinyin, tuple(notes),
                      {no: _line_place(at) for no, at in places.items()})


def _notes(decoded: decoding.Decoded | None, front_notes, source: str) -> list:
    """What decoding and the front end noted, and mojibake found in ``source``."""
    notes = [*(decoded.notes if decoded is not None else ()), *front_notes]
    replaced = decoded.replaced if decoded is not None else frozenset()
    for no, frag, context in decoding.mojibake(split_lines(source), skip=replaced):
        notes.append(("warning", "mojibake", f"mojibake {frag!r} in …{context}… (decoded with the wrong encoding "
                      "before it reached us); kept as printed", no))
    return notes


def _check_size(size: int, unit: str, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise ReportError(f"input is {size:,} {unit}, over the limit of {max_bytes:,} "
                          "(a report is 10–100 KB; zfxxgk.Parser(max_size=…) sets the limit)")


def _line_fragments(no: int, raw: str, s: str, at, spans: bool) -> list[Fragment]:
    """The cells of line ``no`` (``raw`` as printed, ``s`` its matching form; ``at`` its places)."""
    if "|" not in raw and "｜" not in raw and "\t" not in raw.strip():
        stripped = raw.strip()
        return [Fragment(no, raw.index(stripped) + 1, stripped, s, at[0] if at else None)]
    if spans:
        one = span_cell(raw)
        if one is not None:
            col, cell, span = one
            span_norm = span_cell(s)
            return [Fragment(no, col, cell, span_norm[1] if span_norm else simplify(fold(cell)), _line_place(at),
                             span=span)]
    cells = split_cells(raw)
    norms = [n for _, n in split_cells(s)]  # the line's matching form, cut the same way
    if len(norms) != len(cells):
        norms = [simplify(fold(cell)) for _, cell in cells]
    if not at or len(at) != len(cells):
        at = [_line_place(at)] * len(cells)
    return [Fragment(no, col, cell, norm, place) for (col, cell), norm, place in zip(cells, norms, at)]


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
