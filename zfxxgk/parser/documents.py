"""PDF and Word documents: the pieces both front ends share (:mod:`zfxxgk.parser.pdf`,
:mod:`zfxxgk.parser.word`; which of them reads some bytes is :mod:`zfxxgk.parser.attachments`).

Both front ends give the blocks the HTML front end gives (:mod:`.blocks`: a paragraph or a table
row per line, spans laid out by :func:`~zfxxgk.parser.frontends.clean_grid`), each cell with its
``place`` — ``(page, box)`` where a PDF prints it — which the normaliser hands to the fragments and
so to ``Cell.page``/``Cell.box`` and the diagnostics.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

import attrs

from .blocks import Block, Document, Note, Place, paragraph, row
from .frontends import _VALUE_LIKE, clean_grid

#: A PDF with more pages than this is refused (a report has 3–30).
MAX_PAGES = 500

# --- text --------------------------------------------------------------------------------------

_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2026\u2014\u00b7]")


def wide(ch: str) -> bool:
    """A CJK character or full-width punctuation: no space is ever needed next to it."""
    return bool(_WIDE.match(ch))


def glue(a: str, b: str) -> str:
    """Join two pieces of one paragraph or cell (a wrapped line, a word): a space only between two
    Latin letters or digits, never next to a CJK character."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if wide(a[-1]) or wide(b[0]) or not (a[-1].isalnum() and b[0].isalnum()):
        return a + b
    return a + " " + b


def squeeze(text: str) -> str:
    """Drop spaces next to CJK characters (justified PDFs space ``2024 年``), collapse the rest."""
    text = re.sub(r"[ \t\u00a0\u2002\u2003]+", " ", text).strip()
    return re.sub(r" (?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])|(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]) ", "",
                  text)


# --- tables ------------------------------------------------------------------------------------

@attrs.define
class GridCell:
    """A table cell laid out on the grid: rows ``row`` …, columns ``col`` … ``end - 1``."""

    row: int
    col: int
    end: int
    text: str
    place: Place | None = None


@attrs.define
class Line:
    """A line read: a paragraph (``cells is None``) or a table row."""

    text: str
    cells: list[str] | None = None
    places: list = attrs.Factory(list)  # one Place per cell (one for a paragraph)


def table_lines(cells: Sequence[GridCell], nrows: int, *, keep_empty: bool = False) -> list[Line]:
    """A laid-out table → one :class:`Line` per row holding text, spans as HTML's rowspan/colspan
    (with ``keep_empty``, an empty line for every other row too)."""
    grid: list[list[tuple[int, int, str]]] = [[] for _ in range(nrows)]
    origin: list[list[GridCell]] = [[] for _ in range(nrows)]
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        grid[c.row].append((c.col, c.end, c.text))
        origin[c.row].append(c)
    out = []
    for r, kept in enumerate(clean_grid(grid, explicit_spans=True, indices=True)):
        if kept:
            out.append(Line("", [grid[r][n][2] for n in kept], [origin[r][n].place for n in kept]))
        elif keep_empty:
            out.append(Line(""))
    return out


def row_texts(cells: Iterable[GridCell]) -> dict[int, tuple[str, ...]]:
    """Per grid row, the texts (spaces removed) of the cells starting in it."""
    rows: dict[int, list[GridCell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    return {r: tuple(re.sub(r"\s+", "", c.text) for c in sorted(cs, key=lambda c: c.col)) for r, cs in rows.items()}


def repeated_header(first: Sequence[GridCell], cont: Sequence[GridCell]) -> int:
    """How many leading rows of a continued table repeat the first part's header rows (labels only,
    same texts in the same order): those are dropped when the parts are joined."""
    a, b = row_texts(first), row_texts(cont)
    ra, rb = sorted(a), sorted(b)
    n = 0
    while n < len(ra) and n < len(rb):
        ta, tb = a[ra[n]], b[rb[n]]
        if ta != tb or not any(ta) or any(_VALUE_LIKE.match(t) for t in ta if t):
            break
        n += 1
    return rb[n - 1] + 1 if n else 0


def document(kind: str, lines: Sequence[Line], notes: Sequence[Note]) -> Document:
    """The lines read, line ``n`` the ``n``-th, as a document (NUL characters dropped)."""
    shown: list[str] = []
    blocks: list[Block] = []
    for no, ln in enumerate(lines, start=1):
        block: Block | None
        if ln.cells is not None:
            text, block = row(no, [c.replace("\x00", "") for c in ln.cells], ln.places or None)
        else:
            text, block = paragraph(no, ln.text.replace("\x00", ""), ln.places[0] if ln.places else None)
        shown.append(text)
        if block is not None:
            blocks.append(block)
    return Document(kind, tuple(blocks), tuple(shown), tuple(notes))
