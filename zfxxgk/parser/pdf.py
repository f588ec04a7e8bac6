"""The PDF front end (pdfplumber): pages → the line text of the other front ends, with places.

* **Ruled tables** come from the page's ruling lines (pdfplumber ``find_tables``, lines strategy).
  Only visible strokes count: stroked lines and rectangles, and filled rectangles at most 2 pt
  thick (rules drawn as bars); white or large filled rectangles — the line backgrounds and cell
  shading WPS and Word draw — do not.  Cell edges are clustered into grid rows and columns, so a
  merged cell spans them exactly as an HTML ``rowspan``/``colspan`` does, and the table is written
  by :func:`~zfxxgk.parser.documents.table_lines` (the HTML front end's rules).  A table needs two
  rows and two columns; a lone box is text.
* **A table continued on the next page** — the last thing on its page, the next page starting with
  a table of the same width — is joined to it; rows at the top of the continuation that repeat the
  first part's header rows are dropped.
* **Text outside tables** is cut into lines by the characters' positions, in reading order (top to
  bottom, tables where they stand).  A line whose words stand apart by more than 1.5 character
  widths is a row of cells (a table printed without ruling lines), written ``| a | b |`` and left to
  the grammar as any text table.  A paragraph wrapped over several lines (the line reaching the
  right margin, the next one not indented and not starting with a heading number) is one line
  again, with no space between CJK characters; so is one wrapped across a page break.
* **Page chrome**: page numbers (``- 4 -``, ``第4页``, ``4/6``, ``第4页 共6页``) at the top or foot of
  a page, and running headers/footers (the same text in the margin of several pages) are dropped.
* **No text layer** (a scan): an ``error`` ``no-text-layer`` with the page count (or the pages
  without text, when only some have none).  Encrypted or damaged files raise ``ReportError``.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter

import attrs

from ..errors import ReportError
from .documents import MAX_PAGES, GridCell, Line, glue, place_text, repeated_header, squeeze, table_lines, wide
from .frontends import _VALUE_LIKE, FrontEnd

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines",
                   "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}
_EDGE_TOL = 2.5  # points: cell edges closer than this are one grid line
_PAGE_NUMBER = re.compile(r"[-—–－~～]*\d{1,4}[-—–－~～]*|第\d{1,4}页(?:共\d{1,4}页)?|共\d{1,4}页第\d{1,4}页|\d{1,4}/\d{1,4}"
                          r"|(?:page)?\d{1,4}(?:of\d{1,4})?", re.I)
_HEADING_START = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．,，]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[、.．](?!\d)"
                            r"|第[一二三四五六七八九十\d]{1,3}[章节部分])")
_CID = re.compile(r"\(cid:\d+\)")


def _rect(objs) -> tuple[float, float, float, float]:
    return (round(min(o["x0"] for o in objs), 1), round(min(o["top"] for o in objs), 1),
            round(max(o["x1"] for o in objs), 1), round(max(o["bottom"] for o in objs), 1))


def _visible(color) -> bool:
    if color is None:
        return True
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not all(isinstance(c, (int, float)) for c in color):
        return True  # a pattern or an odd value: count it
    if len(color) == 4:  # CMYK: white is no ink
        return any(c > 0.02 for c in color)
    return any(c < 0.98 for c in color)


def _ruling(obj) -> bool:
    kind = obj.get("object_type")
    if kind == "char":
        return True
    if kind == "line":
        return _visible(obj.get("stroking_color"))
    if kind == "rect":
        if obj.get("stroke") and _visible(obj.get("stroking_color")):
            return True
        return bool(obj.get("fill")) and min(obj["width"], obj["height"]) <= 2.0 and _visible(obj.get("non_stroking_color"))
    if kind == "curve":
        return bool(obj.get("stroke")) and _visible(obj.get("stroking_color"))
    return False


def _clusters(values, tol: float = _EDGE_TOL) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def _index(xs: list[float], v: float) -> int:
    return min(range(len(xs)), key=lambda i: abs(xs[i] - v))


def _text_lines(chars) -> list[list[dict]]:
    """Characters → lines (one baseline), each sorted left to right."""
    lines: list[list[dict]] = []
    bounds: list[list[float]] = []  # top, bottom per line
    for ch in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            top, bottom = bounds[k]
            if abs(bottom - ch["bottom"]) <= 0.3 * min(ch["size"], bottom - top):  # one baseline
                lines[k].append(ch)
                bounds[k] = [min(top, ch["top"]), max(bottom, ch["bottom"])]
                break
        else:
            lines.append([ch])
            bounds.append([ch["top"], ch["bottom"]])
    for ln in lines:
        ln.sort(key=lambda c: c["x0"])
    return lines


def _join_chars(chars) -> str:
    out = ""
    prev = None
    for ch in chars:
        t = ch["text"]
        if prev is not None and ch["x0"] - prev["x1"] > 0.2 * ch["size"] and not wide(prev["text"][-1]) \
                and not wide(t[0]) and out and not out.endswith(" "):
            out += " "
        out += t
        prev = ch
    return squeeze(out)


def _segments(chars, gap: float) -> list[list[dict]]:
    """Cut a line where its characters stand more than ``gap`` × their size apart."""
    out = [[chars[0]]]
    for prev, ch in zip(chars, chars[1:]):
        if ch["x0"] - prev["x1"] > gap * max(ch["size"], prev["size"]):
            out.append([ch])
        else:
            out[-1].append(ch)
    return out


@attrs.define
class _TextLine:
    page: int
    segments: list[tuple[str, tuple]]  # (text, box)
    box: tuple
    size: float
    chars: list = attrs.field(factory=list, repr=False)

    @property
    def text(self) -> str:
        return self.segments[0][0]


@attrs.define
class _Table:
    page: int
    box: tuple
    cells: list[tuple[tuple, str]]  # (bbox, text)
    parts: list = attrs.Factory(list)  # continuation parts: [(page, cells)]


@attrs.define
class _Page:
    number: int
    height: float
    blocks: list  # _TextLine | _Table, in reading order
    chars: int = 0
    unmapped: int = 0
    images: int = 0


def _read_page(page, number: int) -> _Page:
    page = page.dedupe_chars()
    raw = [c for c in page.chars if c["text"].strip() and c.get("upright", True)
           and -1 <= c["x0"] and c["x1"] <= page.width + 1 and -1 <= c["top"] and c["bottom"] <= page.height + 1]
    unmapped = sum(1 for c in raw if _CID.fullmatch(c["text"]))
    result = _Page(number, float(page.height), [], len(raw), unmapped, len(page.images))
    chars = [c for c in raw if not _CID.fullmatch(c["text"])]
    if not chars:
        return result
    tables = []
    for t in page.filter(_ruling).find_tables(_TABLE_SETTINGS):
        xs = _clusters([v for b in t.cells for v in (b[0], b[2])])
        ys = _clusters([v for b in t.cells for v in (b[1], b[3])])
        if len(xs) >= 3 and len(ys) >= 3:
            tables.append(t)
    owned: dict[int, dict[int, list]] = {}  # table index → cell index → chars
    rest = []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        for ti, t in enumerate(tables):
            x0, top, x1, bottom = t.bbox
            if x0 <= cx <= x1 and top <= cy <= bottom:
                best = None
                for ci, b in enumerate(t.cells):
                    if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                        area = (b[2] - b[0]) * (b[3] - b[1])
                        if best is None or area < best[0]:
                            best = (area, ci)
                if best is not None:
                    owned.setdefault(ti, {}).setdefault(best[1], []).append(ch)
                    break
        else:
            rest.append(ch)
    blocks: list = []
    for ti, t in enumerate(tables):
        cells = []
        for ci, b in enumerate(t.cells):
            got = owned.get(ti, {}).get(ci, [])
            text = ""
            for ln in _text_lines(got):
                text = glue(text, _join_chars(ln))
            cells.append((tuple(round(v, 1) for v in b), text))
        blocks.append(_Table(number, tuple(round(v, 1) for v in t.bbox), cells))
    for ln in _text_lines(rest):
        size = statistics.median(c["size"] for c in ln)
        segs = [(_join_chars(s), _rect(s)) for s in _segments(ln, 1.5)]
        segs = [s for s in segs if s[0]]
        if segs:
            blocks.append(_TextLine(number, segs, _rect(ln), size, ln))
    blocks.sort(key=lambda b: b.box[1])
    result.blocks = blocks
    return result


def _union(a: tuple, b: tuple) -> tuple:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _overlap(a: tuple, b: tuple) -> float:
    """Horizontal overlap of two boxes, as a share of the narrower."""
    inter = min(a[2], b[2]) - max(a[0], b[0])
    return inter / max(0.1, min(a[2] - a[0], b[2] - b[0]))


def _value_like(text: str) -> bool:
    return bool(_VALUE_LIKE.match(text))


def _unruled(page: _Page) -> None:
    """Tables printed without ruling lines: in a run of lines holding one with cells far apart,
    cut every line where words stand apart by more than 0.6 character widths (the padding between
    columns), and put the lines a wrapped cell spills onto back into that cell."""
    runs: list[list[_TextLine]] = []
    for b in page.blocks:
        if isinstance(b, _TextLine) and runs and runs[-1] and isinstance(runs[-1][-1], _TextLine) \
                and b.box[1] - runs[-1][-1].box[3] < 1.5 * b.size:
            runs[-1].append(b)
        else:
            runs.append([b] if isinstance(b, _TextLine) else [])
    doomed: set[int] = set()
    for run in runs:
        if not any(len(b.segments) > 1 for b in run):
            continue
        for b in run:
            b.segments = [s for s in ((_join_chars(seg), _rect(seg)) for seg in _segments(b.chars, 0.6)) if s[0]]
        for i, b in enumerate(run):
            if i == 0 or any(_value_like(t) for t, _ in b.segments) or (len(b.segments) == 1 and _HEADING_START.match(b.text)):
                continue
            targets = []
            for text, box in b.segments:
                target = None
                for above in reversed(run[:i]):
                    if id(above) in doomed or len(above.segments) < 2:
                        continue
                    hit = next((k for k, (_, sbox) in enumerate(above.segments) if _overlap(sbox, box) >= 0.5), None)
                    if hit is not None:
                        t, sbox = above.segments[hit]
                        if not _value_like(t) and box[1] - sbox[3] < 0.45 * b.size:
                            target = (above, hit)
                        break
                if target is None:
                    break
                targets.append(target)
            if len(targets) != len(b.segments) or len({(id(a), k) for a, k in targets}) != len(targets):
                continue
            for (above, k), (text, box) in zip(targets, b.segments):
                t, sbox = above.segments[k]
                above.segments[k] = (glue(t, text), _union(sbox, box))
            doomed.add(id(b))
    page.blocks = [b for b in page.blocks if id(b) not in doomed]


def _drop_chrome(pages: list[_Page]) -> int:
    """Drop page numbers and running headers/footers (in the page's top 10 % or bottom 12 %, or
    its first/last line); return how many lines went."""
    def margin_lines(p: _Page):
        lines = [b for b in p.blocks if isinstance(b, _TextLine)]
        out = set()
        for b in lines:
            if b.box[3] <= 0.10 * p.height or b.box[1] >= 0.88 * p.height:
                out.add(id(b))
        if p.blocks and isinstance(p.blocks[0], _TextLine):
            out.add(id(p.blocks[0]))
        if p.blocks and isinstance(p.blocks[-1], _TextLine):
            out.add(id(p.blocks[-1]))
        return [b for b in lines if id(b) in out]

    def key(b: _TextLine) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", "".join(t for t, _ in b.segments)))

    candidates = {p.number: margin_lines(p) for p in pages}
    counts = Counter(k for lines in candidates.values() for k in {key(b) for b in lines})
    repeated = {k for k, n in counts.items() if n >= 2 and n >= 0.4 * len(pages)}
    dropped = 0
    for p in pages:
        doomed = set()
        for b in candidates[p.number]:
            text = re.sub(r"\s+", "", "".join(t for t, _ in b.segments))
            in_margin = b.box[3] <= 0.10 * p.height or b.box[1] >= 0.88 * p.height
            if _PAGE_NUMBER.fullmatch(text) or (in_margin and key(b) in repeated):
                doomed.add(id(b))
        dropped += len(doomed)
        p.blocks = [b for b in p.blocks if id(b) not in doomed]
    return dropped


def _join_tables(pages: list[_Page]) -> int:
    """A table ending its page continued by a table starting the next page: one table."""
    head_of: dict[int, _Table] = {}
    gone: set[int] = set()
    for prev, page in zip(pages, pages[1:]):
        if not prev.blocks or not page.blocks:
            continue
        a, b = prev.blocks[-1], page.blocks[0]
        if not (isinstance(a, _Table) and isinstance(b, _Table)):
            continue
        if abs(a.box[0] - b.box[0]) > 6 or abs(a.box[2] - b.box[2]) > 6:
            continue
        head = head_of.get(id(a), a)
        head.parts.append((b.page, b.cells))
        head_of[id(b)] = head
        gone.add(id(b))
    for p in pages:
        p.blocks = [b for b in p.blocks if id(b) not in gone]
    return len(gone)


def _grid(table: _Table) -> list[Line]:
    parts = [(table.page, table.cells), *table.parts]
    xs = _clusters([v for _, cells in parts for b, _ in cells for v in (b[0], b[2])])
    out: list[GridCell] = []
    first: list[GridCell] | None = None
    offset = 0
    for page, cells in parts:
        ys = _clusters([v for b, _ in cells for v in (b[1], b[3])])
        part = []
        for b, text in cells:
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            part.append(GridCell(_index(ys, b[1]), c0, max(c1, c0 + 1), text, (page, b)))
        if first is None:
            first = part
        else:
            skip = repeated_header(first, part)
            part = [c for c in part if c.row >= skip]
            for c in part:
                c.row -= skip
        rows = max((c.row for c in part), default=-1) + 1
        for c in part:
            c.row += offset
        offset += rows
        out += part
    nrows = max((c.row for c in out), default=-1) + 1
    return table_lines(out, nrows)


def _prose(pages: list[_Page]) -> tuple[float, float]:
    """The body's left and right margins: the most common line starts and ends."""
    lines = [b for p in pages for b in p.blocks if isinstance(b, _TextLine) and len(b.segments) == 1 and len(b.text) >= 8]
    if not lines:
        return 0.0, 0.0
    left = Counter(round(b.box[0]) for b in lines).most_common(1)[0][0]
    right = Counter(round(b.box[2]) for b in lines).most_common(1)[0][0]
    return float(left), float(right)


def _continues(a: _TextLine, b: _TextLine, left: float, right: float, same_page: bool) -> bool:
    if len(a.segments) != 1 or len(b.segments) != 1:
        return False
    size = max(a.size, b.size)
    if a.box[2] < right - 1.5 * size or b.box[0] > left + 0.6 * size or a.box[0] < left - 2 * size:
        return False
    if same_page and b.box[1] - a.box[3] > 2.5 * size:
        return False
    if abs(a.size - b.size) > 0.15 * size:
        return False
    return not _HEADING_START.match(b.text)


def _title_goes_on(a: _TextLine, b: _TextLine, left: float, right: float, body: float) -> bool:
    """The title printed large and centred over two lines at the top of page 1 is one line."""
    if a.page != 1 or b.page != 1 or len(a.segments) != 1 or len(b.segments) != 1:
        return False
    if abs(a.size - b.size) > 0.05 * a.size or a.size < 1.2 * body or b.box[1] - a.box[3] > 1.5 * a.size:
        return False
    middle = (left + right) / 2
    return all(abs((x.box[0] + x.box[2]) / 2 - middle) < 2 * x.size for x in (a, b))


def pdf_to_text(data: bytes) -> FrontEnd:
    """A PDF file's bytes → line text and places; see the module doc."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:
        raise ReportError(_why(exc)) from None
    if n_pages > MAX_PAGES:
        pdf.close()
        raise ReportError(f"the PDF has {n_pages} pages, over the limit of {MAX_PAGES} (a report has 3–30)")
    pages: list[_Page] = []
    try:
        for i, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(_read_page(page, i))
            except Exception as exc:
                raise ReportError(f"damaged PDF: page {i} cannot be read ({_why(exc, bare=True)})") from None
            page.close()
    finally:
        pdf.close()
    notes: list[tuple] = []
    blank = [p.number for p in pages if not p.blocks and (p.images or p.unmapped)]
    if not any(p.blocks for p in pages):
        why = "glyphs without a Unicode mapping" if any(p.unmapped for p in pages) else "a scan or images only"
        notes.append(("error", "no-text-layer", f"the PDF has {n_pages} page(s) and no text layer ({why}): nothing could "
                      "be read; run OCR on it, or find the report as text", None))
        return FrontEnd("pdf", "", tuple(notes))
    for n in blank:
        notes.append(("error", "no-text-layer", f"page {n} of {n_pages} has no text layer (an image): what it shows is "
                      "not read", None, (), n, None))
    dropped = _drop_chrome(pages)
    for p in pages:
        _unruled(p)
    joined = _join_tables(pages)
    left, right = _prose(pages)
    sizes = [b.size for p in pages for b in p.blocks if isinstance(b, _TextLine)]
    body = statistics.median(sizes) if sizes else 0.0
    lines: list[Line] = []
    tables = 0
    prev: _TextLine | None = None
    for p in pages:
        for b in p.blocks:
            if isinstance(b, _Table):
                lines += _grid(b)
                tables += 1
                prev = None
                continue
            if len(b.segments) > 1:
                lines.append(Line("", [t for t, _ in b.segments], [(b.page, box) for _, box in b.segments]))
                prev = None
                continue
            if prev is not None and (_continues(prev, b, left, right, prev.page == b.page)
                                     or _title_goes_on(prev, b, left, right, body)):
                last = lines[-1]
                last.text = glue(last.text, b.text)
                if b.page == last.places[0][0]:
                    x0, top, x1, bottom = last.places[0][1]
                    last.places[0] = (b.page, (min(x0, b.box[0]), top, max(x1, b.box[2]), b.box[3]))
            else:
                lines.append(Line(b.text, None, [(b.page, b.box)]))
            prev = b
    text, places = place_text(lines)
    notes.append(("info", "pdf-document", f"PDF: {n_pages} page(s), {tables} ruled table(s)"
                  + (f" ({joined} continued on the next page, joined)" if joined else "")
                  + (f", {dropped} page number/running header line(s) dropped" if dropped else ""), None))
    return FrontEnd("pdf", text, tuple(notes), places)


def _why(exc: Exception, *, bare: bool = False) -> str:
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        e = e.__cause__ or e.__context__
    names = " ".join(type(e).__name__ + " " + str(e) for e in chain)
    if re.search(r"password|encrypt", names, re.I):
        return "the PDF is encrypted (password-protected): zfxxgk cannot read it; save an unprotected copy"
    detail = f"{type(chain[-1]).__name__}: {str(chain[-1])[:120]}"
    return detail if bare else f"damaged or not a PDF: {detail}"
