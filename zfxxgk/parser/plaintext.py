"""The plain-text front end: lines → blocks (TEMPLATES.md §7).

A line without ``|`` or tab is a paragraph.  A line with pipes is a table row, its cells between
them (``a | b | c``, ``| a | b |``); a line with tabs but no pipes is cut at the tabs (a table
copied from a page).  A Markdown table rule (``|---|:--:|``) and a line of pipes alone (the fillers
of spanned cells) hold no cell.  A line of only non-breaking or wide spaces is a blank cell (an
``&nbsp;`` cell of a crawled table on a line of its own).

Three conventions write a table one cell per line; the shape of the document decides which
(:func:`spans_on_cell_lines`): a page-to-text tool writes every cell as ``text |`` and a cell
spanning N columns as ``text |`` followed by N−1 more ``|`` (``13 ||``), its blank cell as nothing
(or an NBSP) before the ``|``; another writes the fillers on a line of their own (``|||``); a third
writes whole rows (``a | b | c``).
"""

from __future__ import annotations

import itertools
from functools import partial
from typing import Sequence

from .. import patterns
from .blocks import Block, Document, SourceCell
from .decoding import split_lines

__all__ = ["text_document", "text_cells", "line_block", "split_cells", "span_cell", "spans_on_cell_lines", "is_rule_line"]

_PIPE_SPLIT = patterns.compile(r"\s*[|｜]\s*")
_TAB_SPLIT = patterns.compile(r" *\t *")
#: the spaces an ``&nbsp;`` cell leaves on a line of its own
_CELL_SPACE = patterns.compile("[\u00a0\u2002\u2003\u3000]")


#: per line a cell and a block are made: the tuples directly, without the named tuples' own
#: ``__new__`` (a Python call each); fields in order, defaults written out
_cell = partial(tuple.__new__, SourceCell)  # (text, line, column, span, place)
_block = partial(tuple.__new__, Block)  # (kind, cells, line)


def text_document(text: str) -> Document:
    """Plain text → its blocks, a line each (the line numbers are the text's)."""
    lines = split_lines(text)
    spans = spans_on_cell_lines(lines)
    blocks = []
    for no, raw in enumerate(lines, start=1):
        block = line_block(no, raw, spans) if raw else None
        if block is not None:
            blocks.append(block)
    return Document("text", tuple(blocks), tuple(lines))


def text_cells(text: str, lines: list[str]) -> tuple[Sequence, ...]:
    """The cells of :func:`text_document`'s blocks (``text`` split into ``lines``), in order, without
    the blocks (a block is the cells on one line): their texts, lines, columns, spans and places,
    each a sequence (what the normaliser reads of plain text)."""
    if "|" in text or "｜" in text or "\t" in text or "---" in text:
        return _line_cells(lines, ("|" in text or "｜" in text) and spans_on_cell_lines(lines))
    # no pipe, tab or rule anywhere: a line is a paragraph, a blank cell or nothing (its columns
    # written one by one: no tuple per cell)
    texts: list[str] = []
    nos: list[int] = []
    columns: list[int] = []
    add_text, add_no, add_column = texts.append, nos.append, columns.append
    for no, raw in itertools.compress(enumerate(lines, start=1), lines):
        stripped = raw.strip()
        if stripped:
            add_text(stripped)
            add_no(no)
            add_column(1 if len(stripped) == len(raw) else raw.index(stripped) + 1)
        elif _CELL_SPACE.search(raw):
            add_text("")
            add_no(no)
            add_column(1)
    return texts, nos, columns, [1] * len(texts), [None] * len(texts)


def _line_cells(lines: list[str], spans: bool) -> tuple[Sequence, ...]:
    """:func:`text_cells` a line at a time (``spans``: see :func:`line_block`)."""
    texts: list[str] = []
    nos: list[int] = []
    columns: list[int] = []
    add_text, add_no, add_column = texts.append, nos.append, columns.append
    wide = []  # (cell, span) of the cells spanning more than one column
    for no, raw in itertools.compress(enumerate(lines, start=1), lines):  # (the lines not empty)
        # the common lines (a paragraph, an ``x |`` row) as line_block reads them, their columns
        # written one by one; any other line through line_block
        stripped = raw.strip()
        if stripped and "---" not in raw:
            if "|" not in raw and "｜" not in raw:
                if "\t" not in stripped:
                    add_text(stripped)
                    add_no(no)
                    add_column(1 if len(stripped) == len(raw) else raw.index(stripped) + 1)
                    continue
            elif not spans and stripped[-1] == "|" and stripped.count("|") == 1:
                text = stripped[:-1].rstrip()
                if text:
                    add_text(text)
                    add_no(no)
                    add_column(raw.index(text) + 1)
                continue
        block = line_block(no, raw, spans)
        for cell in block[1] if block is not None else ():
            if cell.span != 1:
                wide.append((len(texts), cell.span))
            add_text(cell.text)
            add_no(no)
            add_column(cell.column)
    spanned = [1] * len(texts)
    for at, span in wide:
        spanned[at] = span
    return texts, nos, columns, spanned, [None] * len(texts)  # (a line's cells are printed, not placed)


def line_block(no: int, raw: str, spans: bool) -> Block | None:
    """The block line ``no`` holds (``raw`` as printed), ``None`` if none; ``spans``: whether the
    document writes spans on the cell's own line (:func:`spans_on_cell_lines`)."""
    stripped = raw.strip()
    if not stripped:
        return _block(("paragraph", (_cell(("", no, 1, 1, None)),), no)) if _CELL_SPACE.search(raw) else None
    if "---" in raw and is_rule_line(raw):
        return None
    if "|" not in raw and "｜" not in raw and "\t" not in stripped:
        column = 1 if len(stripped) == len(raw) else raw.index(stripped) + 1
        return _block(("paragraph", (_cell((stripped, no, column, 1, None)),), no))
    if spans:
        one = span_cell(raw)
        if one is not None:
            col, text, span = one
            return _block(("row", (_cell((text, no, col, span, None)),), no))
    elif stripped[-1] == "|" and stripped.count("|") == 1:  # the common "x |" (split_cells' first case)
        text = stripped[:-1].rstrip()
        return _block(("row", (_cell((text, no, raw.index(text) + 1, 1, None)),), no)) if text else None
    cells = split_cells(raw)
    return _block(("row", tuple([_cell((text, no, col, 1, None)) for col, text in cells]), no)) if cells else None


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


_SPAN_LINE = patterns.compile(r"\s*([^|｜]*?)\s*([|｜](?:\s*[|｜])*)\s*")  # ``13 ||``, also ``13 | |``
_MULTI_CELL = patterns.compile(r"[^|｜\s][^|｜]*[|｜][\s|｜]*[^|｜\s]")


def spans_on_cell_lines(lines) -> bool:
    """Whether the document writes spans on the cell's own line: lines that are a single cell
    followed by two or more pipes (``13 ||``) outnumber both lines of several cells (``a | b``,
    Markdown rows: read as rows, as before) and lines of two or more pipes alone (fillers on a
    line of their own, ``|||``: dropped, as before)."""
    spans = multi = fillers = 0
    for raw in lines:
        if "|" not in raw and "｜" not in raw:
            continue
        if raw.count("|") == 1 and raw.rstrip()[-1] == "|" and "｜" not in raw:  # ``x |``: a cell, no span
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


_RULE_LINE = patterns.compile(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*")
