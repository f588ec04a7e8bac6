"""The document model: what every front end makes of its input, and what the normaliser reads.

A :class:`Document` is its input's :class:`Block` s in reading order — paragraphs and table rows —
made of :class:`SourceCell` s: each the text exactly as printed in one cell (whitespace-trimmed,
never re-split or escaped: a ``|`` in a cell stays ``|``), with where it is printed.  The front ends
(plain text :mod:`.plaintext`; HTML and Markdown :mod:`.frontends`; PDF :mod:`.pdf` and Word
:mod:`.word`) only lay their input out as blocks; the normaliser (:mod:`.normalise`) gives every
cell its matching form, once, and drops page chrome.  Nothing here decides what a cell *is*.

Positions
    ``Document.lines`` are the lines shown in snippets and errors.  For plain text they are the
    source's lines; Markdown's are its lines with the markup removed; HTML, PDF and Word show a
    paragraph as its text and a table row as ``| a | b | c |`` (:func:`row`), on the line the front
    end gives the block — HTML: the source line of its ``<tr>``/element (the next free line when an
    earlier block took it); Markdown: its own line; PDF and Word: the n-th line read.  A cell's
    ``line`` indexes ``lines`` (1-based) and its ``column`` is where its text starts in that line
    (1-based), so ``lines[line - 1][column - 1:][:len(text)] == text``; a blank cell's column is
    that of the ``|`` closing it.  At most one block is on a line, and between its cells a line
    holds only spaces, tabs and pipes.  A cell's ``place`` is where a PDF prints it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, Sequence

#: ``(page, box)``: page 1-based, box ``(x0, top, x1, bottom)`` in points from the page's top-left
#: (or ``None``); see :mod:`zfxxgk.parser.documents`.
Place = tuple

#: ``(severity, code, message, line)`` and, for a PDF, ``(…, cells, page, box)``: what a front end
#: noted about its input; the facade turns it into a diagnostic.
Note = tuple


class SourceCell(NamedTuple):
    """One cell as printed: its text (whitespace-trimmed; ``""`` for a blank cell) and position.

    Cells and blocks are named tuples, immutable as the frozen attrs classes elsewhere: one is made
    for every cell of every input, and a tuple is three times cheaper to make.
    """

    text: str
    line: int
    column: int
    #: columns the cell spans in its source table (``13 ||`` spans two): how the page merged its
    #: cells, never a count of template columns
    span: int = 1
    place: Place | None = None


class Block(NamedTuple):
    """A paragraph (one cell) or a table row (its cells, left to right), starting on ``line``."""

    kind: Literal["paragraph", "row"]
    cells: tuple[SourceCell, ...]
    line: int


class Document(NamedTuple):
    """What a front end read: its ``blocks`` in reading order, the ``lines`` shown for them, notes."""

    kind: str  # "text" | "html" | "markdown" | "pdf" | "docx"
    blocks: tuple[Block, ...]
    lines: tuple[str, ...]
    notes: tuple[Note, ...] = ()

    @property
    def size(self) -> int:
        """Characters of the text shown (lines and their breaks): what the size limit counts."""
        return sum(map(len, self.lines)) + len(self.lines)


def _one_line(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def paragraph(line: int, text: str, place: Place | None = None) -> tuple[str, Block | None]:
    """A paragraph printed on ``line``: the line shown, and its block (``None`` when it is blank)."""
    shown = _one_line(text)
    stripped = shown.strip()
    if not stripped:
        return shown, None
    return shown, Block("paragraph", (SourceCell(stripped, line, shown.index(stripped) + 1, place=place),), line)


def row(line: int, texts: Sequence[str], places: Sequence[Place | None] | None = None) -> tuple[str, Block]:
    """A table row on ``line``, its cells' texts as printed: shown as ``| a | b |``, and its block."""
    texts = [_one_line(t) for t in texts]
    cells = []
    at = 2  # where the text of the next cell starts in the line shown
    for n, text in enumerate(texts):
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        column = at + lead + 1 if stripped else at + len(text) + 2  # a blank: its closing pipe
        cells.append(SourceCell(stripped, line, column, place=places[n] if places else None))
        at += len(text) + 3
    return "| " + " | ".join(texts) + " |", Block("row", tuple(cells), line)
