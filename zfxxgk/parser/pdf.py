"""The PDF front end (pdfplumber): pages → the blocks of the other front ends, each cell with its place.

* **Ruled tables** come from the page's ruling lines (pdfplumber's table finder on them).  Only
  visible strokes count: stroked lines and rectangles, and filled bars at most 6 pt thick and twice
  as long (rules drawn as bars, as Word does; the rule is the bar's middle line); white or large
  filled rectangles — the line backgrounds and cell shading WPS and Word draw — do not.  A table
  printed without its left or right border, its rules running on to where it would be, gets that
  border back (over its rows, and a header row a vertical line runs down).  Cell edges are
  clustered into grid rows and columns, so a merged cell spans them exactly as an HTML
  ``rowspan``/``colspan`` does, and the table is written
  by :func:`~zfxxgk.parser.documents.table_lines` (the HTML front end's rules).  A table needs two
  rows and two columns; a lone box is text.  Text turned a quarter in a cell (a group label set to
  read upwards in a narrow column) is read along its turn; turned text outside tables (watermarks,
  margin notes) is not read.
* **A table continued on the next page** — the last thing on its page, the next page starting with
  a table of the same width — is joined to it; rows at the top of the continuation that repeat the
  first part's header rows are dropped, and text the page break cut (a merged label going on in
  the same columns, the rest of a row that breaks across pages) is put back into its cell.
* **Text outside tables** is cut into lines by the characters' positions, in reading order (top to
  bottom, tables where they stand).  A line whose words stand apart by more than 1.5 character
  widths is a row of cells (a table printed without ruling lines), written ``| a | b |`` and left to
  the grammar as any text table.  A paragraph wrapped over several lines (the line reaching the
  right margin, the next one not indented and not starting with a heading number) is one line
  again, with no space between CJK characters; so is one wrapped across a page break.
* **Characters** are pdfplumber's (its measure, its de-duplication of text drawn twice for bold),
  read in one pass over each page's layout; Kangxi/CJK radicals a font's Unicode map gives for
  ideographs (``⾏`` for 行) are read as the ideographs.
* **Page chrome**: page numbers (``- 4 -``, ``第4页``, ``4/6``, ``第4页 共6页``) at the top or foot of
  a page, and running headers/footers (the same text in the margin of several pages) are dropped.
* **No text layer** (a scan): an ``error`` ``no-text-layer`` with the page count (or the pages
  without text, when only some have none); a large picture among the text with no text over it
  (a table pasted as an image — an OCR'd scan has its text over the picture) a ``warning`` of the
  same code with its page and box.
* **Refused** with ``ReportError``, saying why: a PDF that opens only with a password (one that only
  forbids printing or copying — encrypted, the open password empty — is read), a truncated one (an
  interrupted download: its page index is gone, neither pdfminer nor PDFium finds its pages), a
  damaged one, one with no pages, one declaring more than ``MAX_PAGES``, one holding a stream that
  inflates beyond :data:`MAX_STREAM` (a decompression bomb, checked before anything is inflated).
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter

import attrs

from ..errors import ReportError
from .blocks import Document
from .documents import MAX_PAGES, GridCell, Line, document, glue, repeated_header, squeeze, table_lines, wide
from .frontends import _VALUE_LIKE

# pdfminer warns about every oddity of a damaged file through logging; with no handler of its own,
# Python's last-resort handler prints them on stderr, in the middle of the CLI's output.  Give it
# one that drops them (an application that configures logging still gets them at its root).
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_TABLE_SETTINGS = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                   "snap_tolerance": 3, "join_tolerance": 3, "intersection_tolerance": 3}
_EDGE_TOL = 2.5  # points: cell edges closer than this are one grid line
_N = r"(?:\d{1,4}|[一二三四五六七八九十百〇零]{1,4})"  # a page number, in digits or in words (第三页)
_PAGE_NUMBER = re.compile(rf"[-—–－~～]*\d{{1,4}}[-—–－~～]*|第{_N}页(?:[/／,，、]?共{_N}页)?|共{_N}页[/／,，、]?第{_N}页"
                          r"|\d{1,4}[/／]\d{1,4}|(?:page)?\d{1,4}(?:of\d{1,4})?", re.I)
_HEADING_START = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．,，]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}\s*[、.．](?!\d)"
                            r"|第[一二三四五六七八九十\d]{1,3}[章节部分])")
_CID = re.compile(r"\(cid:\d+\)")
#: What a font read through the wrong encoding gives (a damaged or broken font: ``Œ¡‘¯`` for 政府):
#: control characters, Latin-1 and Latin Extended letters, private-use code points, U+FFFD — not
#: the few Latin-1 signs reports print (· × ÷ ° ± § and the no-break space).
_GARBLED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\xa1-\xa6\xa8-\xaf\xb2-\xb6\xb8-\xd6\xd8-\xf6\xf8-\u024f"
                      "\ue000-\uf8ff\ufffd]")
_CONTINUED = re.compile(r"[（(]?(?:续表|续上表|接上表|续)[一二三四五六七八九十\d]*[）)]?[:：]?")
#: Kangxi radicals (U+2F00–) and CJK radicals (U+2E80–) a font's ToUnicode map gives for the
#: ideographs they look like (``⾏政⼀`` for 行政一, common in Word/WPS exports with subset fonts):
#: the ideograph, as printed.
_RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in (*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6))
             if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)}


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


_BAR = 6.0  # points: a filled rectangle at most this thick and twice as long is a rule (Word's borders go to 6 pt)


def _rule(kind: str, stroke: bool, fill: bool, scolor, ncolor, width: float, height: float) -> bool:
    """A visible stroke: a stroked line, rectangle or path, or a rule drawn as a bar (a filled
    rectangle at most 6 pt thick and twice as long); white or larger filled shapes (backgrounds,
    cell shading) are not."""
    if stroke and _visible(scolor):
        return True
    return kind == "rect" and fill and _bar(width, height) and _visible(ncolor)


def _bar(width: float, height: float) -> bool:
    return min(width, height) <= _BAR and max(width, height) >= 2 * min(width, height)


def _page_objects(page) -> tuple[list[dict], list[dict], list[tuple]]:
    """One pass over the page's layout (pdfminer's objects, as pdfplumber interprets the page):
    its characters and ruling edges as small dicts in pdfplumber's measure (points from the
    top-left), and the boxes of its images.  Cheaper than ``page.objects`` (every attribute of
    every object resolved) and ``dedupe_chars`` (quadratic), which cost more than reading the page."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage

    height = float(page.height)
    mx, my = (float(v) for v in page.mediabox[:2])
    chars: list[dict] = []
    edges: list[dict] = []
    images: list[tuple] = []  # their boxes
    stack = [iter(page.layout._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            a, b = obj.matrix[:2]  # the direction the text runs in
            chars.append({"text": obj.get_text().translate(_RADICALS), "x0": obj.x0 + mx, "x1": obj.x1 + mx,
                          "top": height - obj.y1 + my, "bottom": height - obj.y0 + my, "size": obj.size,
                          "upright": obj.upright,
                          "fontname": obj.fontname,
                          "turn": "" if obj.upright else "up" if b > abs(a) else "down" if -b > abs(a) else "other"})
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj._objs))
        elif isinstance(obj, LTImage):
            images.append((obj.x0 + mx, height - obj.y1 + my, obj.x1 + mx, height - obj.y0 + my))
        elif isinstance(obj, LTCurve):
            edges += _rule_edges(obj, height, mx, my)
    return chars, edges, images


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> list[dict]:
    """A ruling edge as pdfplumber's table finder takes it (none when shorter than 1 pt)."""
    if (x1 - x0 if orientation == "h" else bottom - top) < 1:
        return []
    return [{"object_type": "rule_edge", "orientation": orientation, "x0": x0, "x1": x1, "top": top,
             "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}]


def _rule_edges(obj, height: float, mx: float, my: float) -> list[dict]:
    """The ruling edges a line, rectangle or path draws: a stroked rectangle's four sides, a bar's
    middle line, a path's horizontal and vertical strokes; none for what is no rule (see :func:`_rule`)."""
    from pdfminer.layout import LTLine, LTRect

    kind = "rect" if isinstance(obj, LTRect) else "line" if isinstance(obj, LTLine) else "curve"
    if kind == "curve" and obj.fill and not obj.stroke and _boxed(obj):
        kind = "rect"  # a filled rectangle pdfminer did not see as one (left open, corners off by noise)
    if not _rule(kind, obj.stroke, obj.fill, obj.stroking_color, obj.non_stroking_color, obj.width, obj.height):
        return []
    if kind == "rect":
        x0, x1, top, bottom = obj.x0 + mx, obj.x1 + mx, height - obj.y1 + my, height - obj.y0 + my
        if not (obj.stroke and _visible(obj.stroking_color)):  # a bar: the rule is its middle line
            if obj.width >= obj.height:
                return _edge("h", x0, (top + bottom) / 2, x1, (top + bottom) / 2)
            return _edge("v", (x0 + x1) / 2, top, (x0 + x1) / 2, bottom)
        return _edge("h", x0, top, x1, top) + _edge("h", x0, bottom, x1, bottom) \
            + _edge("v", x0, top, x0, bottom) + _edge("v", x1, top, x1, bottom)
    out: list[dict] = []
    pts = [(x + mx, height - y + my) for x, y in obj.pts]
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        if abs(ya - yb) < 0.01:
            out += _edge("h", min(xa, xb), ya, max(xa, xb), ya)
        elif abs(xa - xb) < 0.01:
            out += _edge("v", xa, min(ya, yb), xa, max(ya, yb))
        # a slanted stroke (the diagonal of a corner cell) is no grid line
    return out


def _boxed(curve) -> bool:
    """A path of at most five points, each a corner of its bounding box (within 0.1 pt)."""
    pts = curve.pts
    if not 3 <= len(pts) <= 5:
        return False
    xs, ys = (curve.x0, curve.x1), (curve.y0, curve.y1)
    return all(min(abs(x - v) for v in xs) <= 0.1 and min(abs(y - v) for v in ys) <= 0.1 for x, y in pts)


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop a character drawn again on itself (fake bold, shadows): same text, font and size
    within 1 pt — pdfplumber's ``dedupe_chars`` rule, in linear time."""
    seen: dict[tuple, list[dict]] = {}  # (text, font, size, upright, top in whole points) → chars
    out = []
    for ch in chars:
        key = (ch["text"], ch["fontname"], round(ch["size"], 3), ch["upright"])
        row = int(ch["top"])
        if not any(abs(o["x0"] - ch["x0"]) <= 1 and abs(o["top"] - ch["top"]) <= 1
                   for dy in (-1, 0, 1) for o in seen.get((*key, row + dy), ())):
            seen.setdefault((*key, row), []).append(ch)
            out.append(ch)
    return out


def _open_sides(tables, vertical: list[dict], horizontal: list[dict], chars: list[dict]) -> list[dict]:
    """A table printed without its left or right border (its rules run on past the outermost
    vertical line, to where the border would be): that border, over the table's rows and the one
    row above or below them its finder could not close (the identity cell and 申请人情况 over the
    columns), when a vertical line runs down that row too — so the first or last column is read
    as cells too."""
    out = []
    for t in tables:
        x0, top, x1, bottom = t.bbox
        for left in (True, False):
            def end(e, left=left):
                return e["x0"] if left else e["x1"]

            beyond = [e for e in horizontal if (end(e) < x0 - 3 if left else end(e) > x1 + 3)
                      and e["x0"] <= x1 + _EDGE_TOL and e["x1"] >= x0 - _EDGE_TOL]
            inside = [e for e in beyond if top - 1 <= e["top"] <= bottom + 1]
            if len(inside) < 2:
                continue
            ends = _clusters([end(e) for e in inside])
            x = ends[0] if left else ends[-1]
            ys = _clusters([e["top"] for e in beyond if abs(end(e) - x) <= _EDGE_TOL])
            at = [k for k, y in enumerate(ys) if top - 1 <= y <= bottom + 1]
            if len(at) < 2:
                continue
            lo, hi = at[0], at[-1]
            if lo > 0 and _row_band(ys[lo - 1], ys[lo], x, x0, x1, vertical, chars):
                lo -= 1
            if hi < len(ys) - 1 and _row_band(ys[hi], ys[hi + 1], x, x0, x1, vertical, chars):
                hi += 1
            out.append({"object_type": "rule_edge", "orientation": "v", "x0": x, "x1": x, "top": ys[lo],
                        "bottom": ys[hi], "doctop": ys[lo], "width": 0.0, "height": ys[hi] - ys[lo]})
    return out


def _row_band(top: float, bottom: float, x: float, x0: float, x1: float, vertical: list[dict],
              chars: list[dict]) -> bool:
    """Between two rules, a table row rather than the space between two tables: a vertical line of
    the table runs down it, and it holds no numbered heading."""
    lo, hi = min(x, x0) - _EDGE_TOL, max(x, x1) + _EDGE_TOL
    if not any(lo <= e["x0"] <= hi and e["top"] <= top + 3 and e["bottom"] >= bottom - 3 for e in vertical):
        return False
    inside = [c for c in chars if top < (c["top"] + c["bottom"]) / 2 < bottom
              and min(x, x0) <= (c["x0"] + c["x1"]) / 2 <= max(x, x1)]
    text = "".join(c["text"] for c in sorted(inside, key=lambda c: (round(c["top"]), c["x0"])))
    return not _HEADING_START.match(text)


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


def _turned_text(chars) -> str:
    """Text turned a quarter (a label set to read upwards or downwards in a narrow cell): columns of
    characters, read along the turn, one column after the other."""
    out = ""
    for turn in ("up", "down"):
        these = sorted((c for c in chars if c["turn"] == turn), key=lambda c: (c["x0"] + c["x1"]) / 2,
                       reverse=turn == "down")
        columns: list[list[dict]] = []
        for ch in these:
            mid = (ch["x0"] + ch["x1"]) / 2
            if columns and abs(mid - (columns[-1][-1]["x0"] + columns[-1][-1]["x1"]) / 2) <= 0.5 * ch["size"]:
                columns[-1].append(ch)
            else:
                columns.append([ch])
        for col in columns:
            col.sort(key=lambda c: c["top"], reverse=turn == "up")
            out = glue(out, squeeze("".join(c["text"] for c in col)))
    return out


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
    pictures: list = attrs.Factory(list)  # boxes of large images with no text over them
    width: float = 0.0
    garbled: int = 0  # characters no Chinese report prints (see _GARBLED)
    flat: int = 0  # characters drawn without width (a font whose metrics are lost)


def _read_page(page, number: int) -> _Page:
    found, edges, images = _page_objects(page)
    width, height = float(page.width), float(page.height)
    kept = [c for c in _dedupe(found) if c["text"].strip()
            and -1 <= c["x0"] and c["x1"] <= width + 1 and -1 <= c["top"] and c["bottom"] <= height + 1]
    raw = [c for c in kept if c["upright"]]
    turned = [c for c in kept if c["turn"] in ("up", "down") and not _CID.fullmatch(c["text"])]
    unmapped = sum(1 for c in raw if _CID.fullmatch(c["text"]))
    result = _Page(number, height, [], len(raw), unmapped, len(images), width=width,
                   garbled=sum(1 for c in raw if _GARBLED.search(c["text"])),
                   flat=sum(1 for c in raw if c["x1"] - c["x0"] < 0.01 * c["size"]))
    result.pictures = _pictures(images, raw, width, height)
    chars = [c for c in raw if not _CID.fullmatch(c["text"])]
    if not chars:
        return result
    tables = _ruled_tables(page, edges, chars)
    owned, rest = _owners(tables, chars + turned)
    blocks: list = [_table_block(number, t, owned.get(ti, {})) for ti, t in enumerate(tables)]
    for ln in _text_lines(rest):
        size = statistics.median(c["size"] for c in ln)
        segs = [(_join_chars(s), _rect(s)) for s in _segments(ln, 1.5)]
        segs = [s for s in segs if s[0]]
        if segs:
            blocks.append(_TextLine(number, segs, _rect(ln), size, ln))
    blocks.sort(key=lambda b: b.box[1])
    result.blocks = blocks
    return result


def _pictures(images: list[tuple], chars: list[dict], width: float, height: float) -> list[tuple]:
    """Large pictures among text with (almost) no text over them: a table or text pasted as an
    image (an OCR'd scan has its text layer over the picture)."""
    out = []
    for box in images:
        x0, top, x1, bottom = box
        inside = sum(1 for c in chars
                     if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        if (x1 - x0) * (bottom - top) >= 0.12 * width * height and inside < 20:
            out.append(tuple(round(v, 1) for v in box))
    return out


def _ruled_tables(page, edges: list[dict], chars: list[dict]) -> list:
    """pdfplumber's table finder on the page's visible ruling edges only (and the borders a table
    printed with open sides lacks); a table needs two rows and two columns."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    settings = dict(_TABLE_SETTINGS, explicit_vertical_lines=vertical, explicit_horizontal_lines=horizontal)
    found = page.find_tables(settings)
    sides = _open_sides(found, vertical, horizontal, chars)
    if sides:
        settings["explicit_vertical_lines"] = vertical + sides
        found = page.find_tables(settings)
    return [t for t in found if len(_clusters([v for b in t.cells for v in (b[0], b[2])])) >= 3
            and len(_clusters([v for b in t.cells for v in (b[1], b[3])])) >= 3]


def _owners(tables: list, chars: list[dict]) -> tuple[dict[int, dict[int, list]], list[dict]]:
    """Each character to the smallest cell of the table it stands in (table index → cell index →
    chars), and the upright characters outside tables.  Turned text is read in table cells only (a
    label turned to fit its column)."""
    owned: dict[int, dict[int, list]] = {}
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
            if ch["upright"]:
                rest.append(ch)
    return owned, rest


def _table_block(number: int, table, owned: dict[int, list]) -> _Table:
    """A found table with each cell's text: its upright lines, then its turned text."""
    cells = []
    for ci, b in enumerate(table.cells):
        got = owned.get(ci, [])
        text = ""
        for ln in _text_lines([c for c in got if c["upright"]]):
            text = glue(text, _join_chars(ln))
        text = glue(text, _turned_text([c for c in got if not c["upright"]]))
        cells.append((tuple(round(v, 1) for v in b), text))
    return _Table(number, tuple(round(v, 1) for v in table.bbox), cells)


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
    """A table ending its page continued by a table starting the next page (under a ``续表`` line, if
    one says so): one table."""
    head_of: dict[int, _Table] = {}
    gone: set[int] = set()
    markers: set[int] = set()
    for prev, page in zip(pages, pages[1:]):
        if not prev.blocks or not page.blocks:
            continue
        a, b = prev.blocks[-1], page.blocks[0]
        marker = None
        if isinstance(b, _TextLine) and len(page.blocks) > 1 and _CONTINUED.fullmatch(re.sub(r"\s+", "", b.text)):
            marker, b = b, page.blocks[1]  # the marker goes with the join (and stays if there is none)
        if not (isinstance(a, _Table) and isinstance(b, _Table)):
            continue
        if abs(a.box[0] - b.box[0]) > 6 or abs(a.box[2] - b.box[2]) > 6:
            continue
        head = head_of.get(id(a), a)
        head.parts.append((b.page, b.cells))
        head_of[id(b)] = head
        gone.add(id(b))
        if marker is not None:
            markers.add(id(marker))
    for p in pages:
        p.blocks = [b for b in p.blocks if id(b) not in gone and id(b) not in markers]
    return len(gone)


def _stitch(prev: list[tuple[GridCell, int, int]], prev_rows: int, part: list[tuple[GridCell, int]]) -> None:
    """Text a page break cut: Word and WPS go on with a cell's text at the top of the same columns on
    the next page — a merged label (``三、本年度办`` / ``理结果``) or a row allowed to break across
    pages (the rest of its label, every other cell of that row empty).  Such a piece goes back to
    the cell it continues: one that reaches the bottom of the part before, in the same columns.  A
    piece starting with a number (``（五）``, ``2.``) or looking like a value begins a cell of its own."""
    top = [c for c, _ in part if c.row == 0 and c.text.strip()]
    tall = {id(c) for c, bottom in part if bottom - c.row >= 2}
    pieces = []
    for c in top:
        text = c.text.strip()
        if _HEADING_START.match(text) or _value_like(text):
            continue
        match = next(((a, row) for a, row, bottom in prev if bottom == prev_rows and (a.col, a.end) == (c.col, c.end)),
                     None)
        if match is not None and match[0].text.strip() and not _value_like(match[0].text.strip()):
            pieces.append((c, *match))
    row_split = len(pieces) == len(top)
    for c, above, row in pieces:
        spans = prev_rows - row >= 2 or id(c) in tall  # a merged cell cut by the break
        if spans or row_split:
            above.text = glue(above.text, c.text)
            c.text = ""


def _grid(table: _Table) -> list[Line]:
    parts = [(table.page, table.cells), *table.parts]
    xs = _clusters([v for _, cells in parts for b, _ in cells for v in (b[0], b[2])])
    out: list[GridCell] = []
    first: list[GridCell] | None = None
    prev: list[tuple[GridCell, int, int]] = []  # the part before: cell, its first and its end row there
    prev_rows = 0
    offset = 0
    for page, cells in parts:
        ys = _clusters([v for b, _ in cells for v in (b[1], b[3])])
        part = []
        for b, text in cells:
            c0, c1 = _index(xs, b[0]), _index(xs, b[2])
            part.append((GridCell(_index(ys, b[1]), c0, max(c1, c0 + 1), text, (page, b)), _index(ys, b[3])))
        if first is None:
            first = [c for c, _ in part]
        else:
            skip = repeated_header(first, [c for c, _ in part])
            part = [(c, bottom - skip) for c, bottom in part if c.row >= skip]
            for c, _ in part:
                c.row -= skip
            _stitch(prev, prev_rows, part)
        rows = max((c.row for c, _ in part), default=-1) + 1
        prev, prev_rows = [(c, c.row, bottom) for c, bottom in part], max((bottom for _, bottom in part), default=0)
        for c, _ in part:
            c.row += offset
        offset += rows
        out += [c for c, _ in part]
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


def pdf_document(data: bytes) -> Document:
    """A PDF file's bytes → blocks, their cells placed; see the module doc."""
    pdf = None
    try:
        pdf, misplaced = _open(data)
        declared = _declared_pages(pdf)
        if declared > MAX_PAGES:  # refused before walking a page tree of that size
            raise ReportError(f"the PDF has {declared} pages, over the limit of {MAX_PAGES} (a report has 3–30)")
        n_pages = len(pdf.pages)
    except ReportError:
        if pdf is not None:
            _close(pdf)
        raise
    except Exception as exc:
        if pdf is not None:
            _close(pdf)
        raise ReportError(_why(exc, data)) from None
    if n_pages > MAX_PAGES or n_pages == 0:
        _close(pdf)
        raise ReportError(f"the PDF has {n_pages} pages, over the limit of {MAX_PAGES} (a report has 3–30)" if n_pages
                          else "damaged PDF: it holds pages, but its page tree cannot be found (its index or catalog "
                          "is damaged)" if re.search(rb"/Type\s*/Page\b", data)
                          else "the PDF has no pages: there is nothing in it to read")
    pages, notes = _read_pages(pdf, data, declared)
    if misplaced:
        notes.append(("warning", "damaged-pdf", f"the PDF's index (xref) points beside {misplaced} of its objects (bytes "
                      "lost or added before them): they were read where they stand", None))
    if b"%PDF-" not in data[:1024]:
        notes.append(("warning", "damaged-pdf", f"the PDF's header is damaged ({data[:8]!r}): read by its objects",
                      None))
    blank = [p.number for p in pages if not p.blocks and (p.images or p.unmapped)]
    if not any(p.blocks for p in pages):
        why = ("glyphs without a Unicode mapping" if any(p.unmapped for p in pages) else "a scan or images only"
               if any(p.images for p in pages) else "no text on its pages: blank, or text drawn as outlines")
        notes.append(("error", "no-text-layer", f"the PDF has {n_pages} page(s) and no text layer ({why}): nothing could "
                      "be read; run OCR on it, or find the report as text", None))
        return Document("pdf", (), (), tuple(notes))
    for n in blank:
        notes.append(("error", "no-text-layer", f"page {n} of {n_pages} has no text layer (an image): what it shows is "
                      "not read", None, (), n, None))
    for p in pages:
        if p.blocks:
            for box in p.pictures:
                share = (box[2] - box[0]) * (box[3] - box[1]) / max(1.0, p.width * p.height)
                notes.append(("warning", "no-text-layer", f"page {p.number} holds an image over {share:.0%} of the page, "
                              "with no text on it: what it shows is not read (a table or text pasted as a picture?)",
                              None, (), p.number, box))
    dropped = _drop_chrome(pages)
    for p in pages:
        _unruled(p)
    joined = _join_tables(pages)
    lines, tables = _lines(pages)
    notes.append(("info", "pdf-document", f"PDF: {n_pages} page(s), {tables} ruled table(s)"
                  + (f" ({joined} continued on the next page, joined)" if joined else "")
                  + (f", {dropped} page number/running header line(s) dropped" if dropped else ""), None))
    return document("pdf", lines, notes)


def _lines(pages: list[_Page]) -> tuple[list[Line], int]:
    """The pages' tables and text as lines in reading order (wrapped paragraphs joined), and how
    many tables there are."""
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
    return lines, tables


#: A stream pdfminer would inflate (page content, forms, fonts, maps) may hold at most this much: a
#: few KB that inflate to gigabytes (a decompression bomb) are refused before anything is read.
MAX_STREAM = 64_000_000


def _open(data: bytes):
    """pdfplumber's PDF of ``data`` (an empty user password opens a PDF that only forbids printing or
    copying: pdfminer's default), and how many objects its index (xref) places where they are not —
    bytes lost or added before them, which pdfminer then reads as missing.  Then the index is
    rewritten with the offsets where those objects stand (:func:`_reindexed`, as readers repair a
    file), when the PDF so read has pages."""
    import pdfplumber

    pdf = pdfplumber.open(io.BytesIO(data))
    misplaced = _misplaced(pdf.doc, data)
    repaired = _reindexed(data) if misplaced else None
    if repaired is None:
        return pdf, 0
    fixed = None
    try:
        fixed = pdfplumber.open(io.BytesIO(repaired))
        if 0 < _declared_pages(fixed) <= MAX_PAGES and len(fixed.pages):
            _close(pdf)
            return fixed, misplaced
    except Exception:
        pass
    if fixed is not None:
        _close(fixed)
    return pdf, 0


_OBJ = re.compile(rb"(?<![^\r\n])(\d{1,7})[ \t]+(\d{1,5})[ \t]+obj\b")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \t\r\n]{2}")


def _reindexed(data: bytes) -> bytes | None:
    """``data`` with each cross-reference table entry that misses its object (``N G obj``) set to
    where that object stands (its last copy, as an update appends it), and ``startxref`` to where
    the last table stands; None when nothing changes or a table is itself damaged.  Entries are
    ten digits wide, so nothing else moves."""
    where = {(int(m[1]), int(m[2])): m.start() for m in _OBJ.finditer(data)}
    out = bytearray(data)
    tables = [m.start() for m in re.finditer(rb"(?<![^\r\n])xref[ \t]*\r?\n", data)]
    changed = 0
    for table in tables:
        pos = data.index(b"\n", table) + 1
        while (head := re.match(rb"(\d+) (\d+)[ \t]*\r?\n", data[pos:pos + 30])) is not None:
            pos += head.end()
            for objid in range(int(head[1]), int(head[1]) + int(head[2])):
                entry = _XREF_ENTRY.match(data, pos)
                if entry is None:
                    return None
                at = where.get((objid, int(entry[2])))
                if entry[3] == b"n" and at is not None and at != int(entry[1]) \
                        and not _OBJ.match(data, int(entry[1])):
                    out[pos:pos + 10] = b"%010d" % at
                    changed += 1
                pos = entry.end()
    last = list(re.finditer(rb"startxref\s+(\d+)", data))
    if tables and last and int(last[-1][1]) != tables[-1]:
        out[last[-1].start(1):last[-1].end(1)] = str(tables[-1]).encode()
        changed += 1
    return bytes(out) if changed else None


def _misplaced(doc, data: bytes) -> int:
    """How many objects a cross-reference table places at an offset where that object does not start."""
    from pdfminer.pdfdocument import PDFXRef

    bad = 0
    for xref in doc.xrefs:
        if type(xref) is not PDFXRef:  # an index in a stream, or pdfminer's own scan
            continue
        for objid, (_, pos, genno) in xref.offsets.items():
            m = _OBJ_AT.match(data[pos:pos + 40])
            if m is None or m[1] != b"%d" % objid or m[2] != b"%d" % genno:
                bad += 1
    return bad


#: an object's header where a cross-reference puts it (one pattern: a pattern per object was compiled
#: for every object of every PDF, past ``re``'s cache)
_OBJ_AT = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")


def _read_pages(pdf, data: bytes, declared: int) -> tuple[list[_Page], list[tuple]]:
    """Every page read, and an ``error`` ``damaged-pdf`` for each page whose text cannot all be read
    (:func:`_page_damage`, or reading it failed) and for pages the page tree declares but does not
    hold; ``ReportError`` when damage leaves nothing to read (never taken for a scan).  The PDF is
    closed."""
    n_pages = len(pdf.pages)
    pages: list[_Page] = []
    broken: dict[int, str] = {}
    try:
        damaged = _guard_streams(pdf.doc)
        for i, page in enumerate(pdf.pages, start=1):
            why = None
            try:
                why = _page_damage(page.page_obj, damaged)
                read = _read_page(page, i)
                why = why or _garbling(read)
            except Exception as exc:
                why = why or f"it cannot be read ({_why(exc, data, bare=True)})"
                read = _Page(i, 0.0, [])
            pages.append(read)
            if why:
                broken[i] = why
            page.close()
    finally:
        _close(pdf)
    if broken and not any(p.blocks for p in pages):
        shown = "; ".join(f"page {n} of {n_pages}: {why}" for n, why in list(broken.items())[:3])
        more = f" (and {len(broken) - 3} more pages)" if len(broken) > 3 else ""
        raise ReportError(f"damaged PDF: {shown}{more}; nothing could be read")
    notes: list[tuple] = []
    if declared > n_pages:
        notes.append(("error", "damaged-pdf", f"damaged PDF: its page tree declares {declared} pages and holds "
                      f"{n_pages}: {declared - n_pages} page(s) could not be found, and what they show is not read",
                      None))
    for n, why in broken.items():
        notes.append(("error", "damaged-pdf", f"page {n} of {n_pages} cannot be read whole: {why}; values printed on "
                      "it may be missing or wrong", None, (), n, None))
    return pages, notes


def _garbling(p: _Page) -> str | None:
    """Why a page's text, read, cannot be trusted: mostly unmapped or junk characters, or characters
    drawn without width (a font whose encoding or metrics a damage took)."""
    if p.blocks and p.garbled + p.unmapped >= max(10, 0.3 * p.chars):
        return (f"its text reads garbled ({p.garbled + p.unmapped} of {p.chars} characters have no Unicode mapping "
                "or are none a report prints: a damaged or broken font)")
    if p.flat >= 3:
        return f"{p.flat} of its characters are drawn without width (a damaged font): their text runs together"
    return None


def _page_damage(page, damaged: dict[int, str]) -> str | None:
    """Why the text a page (pdfminer's) draws cannot all be read — pdfminer reads a damaged stream
    as empty or short, a misspelt key as absent, and says nothing: its content stream, a form it
    draws, its page box, or a font it draws with is damaged (``damaged``: see :func:`_guard_streams`),
    misspelt or cannot be found."""
    contents = page.attrs.get("Contents")
    if contents is None:  # a blank page — unless a damaged key hides its content
        odd = _misspelt(page.attrs, _PAGE_KEYS)
        return f"it has no content stream, and its dictionary holds /{', /'.join(odd)}, which no page has" if odd else None
    box = _resolved(page.attrs.get("MediaBox"))
    if not (isinstance(box, list) and len(box) == 4 and all(isinstance(_resolved(v), (int, float)) for v in box)):
        return f"its page box (/MediaBox {box!r:.60}) is damaged"
    why, drawn = _content_damage(contents, damaged)
    resources = _resolved(page.resources)
    if why or not isinstance(resources, dict):
        return why
    forms = _resolved(resources.get("XObject"))
    for name, ref in forms.items() if isinstance(forms, dict) else ():
        objid = getattr(ref, "objid", None)
        if objid in damaged:
            return f"a form it draws ({name}, object {objid}) {damaged[objid]}"
    used = {m.decode("latin-1") for m in re.findall(rb"/([^\s/\[\]()<>{}%]+)\s+[-+\d.]+\s+Tf\b", drawn)}
    fonts = _resolved(resources.get("Font"))
    for name, ref in fonts.items() if isinstance(fonts, dict) else ():
        font = _resolved(ref)
        if name not in used or not isinstance(font, dict):
            continue
        objid = getattr(font.get("ToUnicode"), "objid", None)
        if objid in damaged:
            return f"the Unicode map of its font {name} (object {objid}) {damaged[objid]}"
        descendants = _resolved(font.get("DescendantFonts"))
        for part in [font, *(_resolved(d) for d in descendants)] if isinstance(descendants, list) else [font]:
            odd = _misspelt(part, _FONT_KEYS) if isinstance(part, dict) else []
            if odd:
                return f"the dictionary of its font {name} is damaged (it holds /{', /'.join(odd)})"
    return None


def _content_damage(contents, damaged: dict[int, str]) -> tuple[str | None, bytes]:
    """Why a page's content streams cannot be read whole (or None), and what they draw, decoded."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    if isinstance(contents, PDFObjRef) and isinstance(_resolved(contents), list):
        contents = _resolved(contents)
    drawn = b""
    for ref in contents if isinstance(contents, list) else [contents]:
        objid = getattr(ref, "objid", None)
        stream = _resolved(ref)
        at = f" (object {objid})" if objid is not None else ""
        if objid in damaged:
            return f"its content stream{at} {damaged[objid]}", drawn
        if not isinstance(stream, PDFStream):
            return f"its content stream{at} cannot be found or read", drawn
        odd = _misspelt(stream.attrs, _CONTENT_KEYS)
        if "Length" not in stream.attrs or odd:
            return f"the dictionary of its content stream{at} is damaged" + (f" (it holds /{', /'.join(odd)})" if odd
                                                                                else ""), drawn
        try:
            drawn += stream.get_data() + b"\n"  # decoded once: pdfminer keeps it for drawing the page
        except Exception:
            pass  # what is wrong with it is told when the page is drawn
    return None, drawn


def _resolved(obj):
    """pdfminer's object for a reference, None for one that cannot be read."""
    from pdfminer.pdftypes import resolve1

    try:
        return resolve1(obj)
    except Exception:
        return None


#: The keys a page dictionary holds (ISO 32000-2, table 31).
_PAGE_KEYS = frozenset("Type Parent LastModified Resources MediaBox CropBox BleedBox TrimBox ArtBox BoxColorInfo "
                       "Contents Rotate Group Thumb B Dur Trans Annots AA Metadata PieceInfo StructParents ID PZ "
                       "SeparationInfo Tabs TemplateInstantiated PresSteps UserUnit VP AF OutputIntents DPart".split())


def _misspelt(attrs: dict, keys: frozenset) -> list[str]:
    """Keys of a dictionary that are no key it may hold but one of them with a character changed,
    added or lost (``/Cgntents``, ``/Filter!``): damaged, not a producer's private key."""
    import difflib

    out = []
    for k in attrs:
        if k in keys or not isinstance(k, (str, bytes)):
            continue
        # a name that is no UTF-8 comes as bytes, or as their repr (b'BaseFont\xa7'): its letters are compared
        name = k.decode("latin-1") if isinstance(k, bytes) else k
        letters = re.sub(r"^b'|'$|\\x[0-9a-f]{2}|[^A-Za-z0-9]", "", name)
        if difflib.get_close_matches(letters, keys, 1, 0.8):
            out.append(name)
    return out


#: The keys a font dictionary holds (ISO 32000-2, tables 109–124).
_FONT_KEYS = frozenset("Type Subtype Name BaseFont FirstChar LastChar Widths FontDescriptor Encoding ToUnicode "
                       "DescendantFonts CIDSystemInfo DW W DW2 W2 CIDToGIDMap FontBBox FontMatrix CharProcs "
                       "Resources".split())


#: The keys a content stream's dictionary holds (ISO 32000-2, table 5).
_CONTENT_KEYS = frozenset(("Length", "Filter", "DecodeParms", "F", "FFilter", "FDecodeParms", "DL"))


def _guard_streams(doc) -> dict[int, str]:
    """Refuse a PDF holding a Flate stream that inflates beyond :data:`MAX_STREAM` (images are not
    inflated to read text, so they are not counted); return the streams that do not decode whole
    (object id → what is wrong), which pdfminer reads as empty or cut short without a word."""
    from pdfminer.pdftypes import PDFStream

    damaged = _unterminated(doc)
    seen: set[int] = set(damaged)
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = doc.getobj(objid)
            except Exception as exc:
                damaged[objid] = f"cannot be read ({type(exc).__name__}: {str(exc)[:80]})"
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            if getattr(obj.get("Subtype"), "name", "") == "Image":
                continue
            why = _undecodable(obj, objid)
            if why:
                damaged[objid] = why
    return damaged


_ENDOBJ = re.compile(rb"endobj(?:[\s%<>\[\]()/{}]|$)")


def _unterminated(doc) -> dict[int, str]:
    """Objects of a cross-reference table with no ``endobj`` before the next object starts: pdfminer
    reads on into that object and takes it for this one (a content stream for another page's)."""
    from pdfminer.pdfdocument import PDFXRef

    data = doc._parser.fp.getvalue() if hasattr(doc._parser.fp, "getvalue") else b""
    starts = sorted((pos, objid) for xref in doc.xrefs if type(xref) is PDFXRef
                    for objid, (_, pos, _) in xref.offsets.items())
    ends = [pos for pos, _ in starts[1:]] + [len(data)]
    return {objid: "does not end where the next object starts (its endobj is damaged): another object is read for it"
            for (pos, objid), end in zip(starts, ends) if data and not _ENDOBJ.search(data, pos, end)}


def _undecodable(obj, objid: int) -> str | None:
    """Why a stream's filters (ASCII85, ASCIIHex, Flate; others are left to pdfminer) do not decode
    it whole, or None; ``ReportError`` for a decompression bomb."""
    import zlib

    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE, \
        ascii85decode, asciihexdecode

    data = obj.rawdata
    try:
        if obj.decipher and obj.objid is not None and obj.genno is not None:
            data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
        for f, _ in obj.get_filters():
            if f in LITERALS_ASCII85_DECODE:
                data = ascii85decode(data)
            elif f in LITERALS_ASCIIHEX_DECODE:
                data = asciihexdecode(data)
            elif f in LITERALS_FLATE_DECODE:
                inflate, size = zlib.decompressobj(), 0
                while data and size <= MAX_STREAM:
                    size += len(inflate.decompress(data, 1 << 20))
                    data = inflate.unconsumed_tail
                if size > MAX_STREAM:
                    raise ReportError(f"the PDF holds a stream (object {objid}) that inflates to more than "
                                      f"{MAX_STREAM:,} bytes from {len(obj.rawdata):,}: refused (a damaged "
                                      "file, or one made to exhaust memory)")
                if not inflate.eof:
                    return f"is cut short: its compressed data ends after {size:,} bytes, unfinished"
                break
            else:
                break
    except ReportError:
        raise
    except Exception as exc:
        if "incorrect data check" in str(exc):  # inflated whole, but not to what was written
            return "inflates, but fails its checksum: some of its text is altered"
        return f"is damaged and cannot be decoded ({type(exc).__name__}: {str(exc)[:80]})"
    return None


def _close(pdf) -> None:
    """pdfplumber's ``close`` walks the pages again: on a file whose pages cannot be read, it raises
    what opening it raised (the bytes are in memory; nothing is left open)."""
    try:
        pdf.close()
    except Exception:
        pass


def _declared_pages(pdf) -> int:
    """The page count the document's page tree declares (``/Count``), 0 when it says none."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
        return int(count) if isinstance(count, (int, float)) else 0
    except Exception:
        return 0  # no usable count: the page tree itself is walked (and its errors reported) next


def _why(exc: Exception, data: bytes = b"", *, bare: bool = False) -> str:
    """What a PDF that cannot be opened or read suffers from, in the user's terms."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        e = e.__cause__ or e.__context__
    names = " ".join(type(e).__name__ + " " + str(e) for e in chain)
    detail = f"{type(chain[-1]).__name__}: {str(chain[-1])[:120]}"
    if re.search(r"PasswordIncorrect", names):
        return ("the PDF is encrypted with a password (it opens only with one): zfxxgk cannot read it; "
                "save a copy without the open password")
    if re.search(r"password|encrypt", names, re.I):
        return f"the PDF is encrypted in a way that cannot be read ({detail}): save an unencrypted copy"
    if data and b"%%EOF" not in data[-2048:]:
        return (f"damaged PDF, truncated: it ends after {len(data):,} bytes without its end-of-file marker (%%EOF) "
                f"and cannot be read ({detail}); download or export it again")
    return detail if bare else f"damaged or not a PDF: {detail}"
