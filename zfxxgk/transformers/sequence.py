"""A table as the template's row sequence: which value rows belong to which label (issue 9).

PDF-extracted text (pdftotext, PDF→Markdown) shreds tables: a label printed on the line before or
after its values, two labels in a row and then their two value rows, a label lost or broken into
fragments.  Adjacency then misleads: the value row after a label is not always its own.  This
module reads a table block as a sequence of *entries* in source order —

* ``label`` — a row or group label of the template (an anchor: the template says where it is);
* ``values`` — a run of value cells, cut into value rows by line (a line of cells is a row; cells
  one per line are taken ``ncols`` at a time);
* ``fragment`` — text that is no label (a label's piece, a header word): skipped

— and decides, without guessing:

1. **By label.**  A value row on its label's own line belongs to it.  A label followed by exactly one
   value row belongs to it when its neighbourhood is clean: what came before was a placed row, a
   header or the start, and what follows is not a label left without values (a displaced label
   would make the pairing a shift).  A label followed by two value rows owns neither.
2. **By order.**  The other value rows lie in *stretches* between two placed rows (or the table's
   ends).  The template's data rows between those two anchors are the stretch's rows.  The value
   rows are placed on them in order only when there are exactly as many value rows as rows, every
   value row has the template's cell count and every label printed in the stretch is one of them;
   the caller then checks the table's arithmetic before keeping them.

Nothing here emits diagnostics or cells; :class:`zfxxgk.transformers.national.NationalTransformer`
does, from the :class:`Plan` returned.
"""

from __future__ import annotations

import re
from typing import Sequence

import attrs

from ..parser.tokens import CellToken
from ..parser.normalise import fold, match_key, simplify
from ..spec import Row, TableSpec


@attrs.define
class Entry:
    """One label, fragment or run of values of a table block, in source order."""

    kind: str  # "label" | "header" | "fragment" | "values"
    token: CellToken | None  # the label, header cell or fragment; None for values after the heading
    cells: list[CellToken] = attrs.Factory(list)  # the values printed after it (before the next entry)
    position: int | None = None  # the label's index in the template's rows
    rows: list[list[CellToken]] = attrs.Factory(list)  # ``cells`` cut into value rows
    owned: list[CellToken] | None = None  # the value row placed under this label by step 1
    #: the label's values were already reported (a glued run no split fits): it stands where the
    #: template puts it, so it is an anchor, not a label left without values
    reported: bool = False

    @property
    def label(self) -> CellToken:
        """The token of a label, header or fragment entry (only a run of values has none)."""
        assert self.token is not None, self.kind
        return self.token


@attrs.frozen
class Stretch:
    """Value rows between two placed rows, and the template rows between them."""

    rows: tuple[Row, ...]  # the template's data rows strictly between the anchors
    values: tuple[tuple[CellToken, ...], ...]  # the value rows printed there, in order
    labels: tuple[CellToken, ...]  # labels printed there without values of their own
    after: Row | None  # the anchors (None: the table's start or end)
    before: Row | None
    why: str | None  # None when placeable by order; else why not
    texts: tuple[CellToken | None, ...] = ()  # per value row: text printed on its line (no label)


@attrs.frozen
class Plan:
    owned: tuple[tuple[CellToken, list[CellToken]], ...]  # (label, cells) placed by label, in order
    stretches: tuple[Stretch, ...]
    strays: tuple[tuple[CellToken, ...], ...] = ()  # value rows no row of the template can take


def cut_rows(cells: Sequence[CellToken], ncols: int) -> list[list[CellToken]]:
    """A run of value cells as value rows: the cells of one line are a row; cells one per line
    are taken ``ncols`` at a time (a remainder is a short row, which will not be placed)."""
    rows: list[list[CellToken]] = []
    single: list[CellToken] = []

    def flush():
        if single:
            rows.extend(_chunk(single, ncols))
        single.clear()

    i = 0
    while i < len(cells):
        j = i
        while j + 1 < len(cells) and cells[j + 1].line == cells[i].line:
            j += 1
        if j == i:
            single.append(cells[i])
        else:
            flush()
            row = list(cells[i : j + 1])
            while len(row) > ncols and row[0].norm == "":
                row.pop(0)  # the empty label cell of a row printed without its label (| | 1 | 0 …)
            rows.append(row)
        i = j + 1
    flush()
    return rows


def _chunk(single: list, ncols: int) -> list[list]:
    """Cells one per line: ``ncols`` at a time when they divide evenly, else one (bad) row."""
    if len(single) % ncols:
        return [list(single)]
    return [single[i : i + ncols] for i in range(0, len(single), ncols)]


def resembles(text: str, label: str) -> bool:
    """Whether ``text`` printed beside a value row can be a damaged form of ``label``
    (``2.其他法律行政止公开`` for ``2.其他法律行政法规禁止公开``): at least two characters, and
    four in five of them in the label, in the label's order."""
    parts = re.split(r"\s{2,}", text.strip())
    if len(parts) > 1:  # a group label before it on the same line: （四）无法提供   1.本机关不掌握…
        return resembles(parts[-1], label)
    a, b = match_key(simplify(fold(text))), match_key(simplify(fold(label)))
    if len(a) < 2:
        return False
    j = hits = 0
    for ch in a:
        k = b.find(ch, j)
        if k >= 0:
            hits += 1
            j = k + 1
    return hits * 5 >= len(a) * 4


def _same_line(label: CellToken, row: Sequence[CellToken]) -> bool:
    lines = {f.line for f in label.fragments}
    return bool(row) and row[0].line in lines


def plan(entries: list[Entry], spec: TableSpec) -> Plan:
    """Decide which value rows belong to which label (step 1) and which stretches are left (step 2)."""
    ncols = len(spec.columns)
    index = {r.terminal: i for i, r in enumerate(spec.rows)}
    for e in entries:
        e.rows = cut_rows(e.cells, ncols)
        if e.kind == "label":
            e.position = index.get(e.label.base)

    def is_data_label(e: Entry) -> bool:
        return e.kind == "label" and e.position is not None and spec.rows[e.position].key is not None

    # value rows that cannot be a displaced row of this table (a stray value, a short row): reported
    # on their own, and no evidence of displacement
    strays: list[list[CellToken]] = []
    for e in entries:
        if e.kind == "label" and e.rows and _same_line(e.label, e.rows[0]):
            e.owned, rest = e.rows[0], e.rows[1:]
        elif e.kind == "label" and len(e.rows) == 1:
            continue
        else:
            rest = e.rows
        keep = [r for r in rest if len(r) == ncols]
        strays += [r for r in rest if len(r) != ncols]
        e.rows = ([e.owned] if e.owned is not None else []) + keep

    relevant = [e for e in entries if e.kind == "label" or e.rows]
    prev_ok = True
    for k, e in enumerate(relevant):
        if e.owned is not None:
            prev_ok = len(e.rows) == 1
            continue
        if e.reported:
            prev_ok = not e.rows
            continue
        if e.kind != "label" or len(e.rows) != 1:
            if e.rows or is_data_label(e):
                prev_ok = False  # values without a label of their own, or a label without values
            continue
        nxt = relevant[k + 1] if k + 1 < len(relevant) else None
        clean_after = nxt is None or (nxt.kind == "label" and (nxt.rows or nxt.reported or not is_data_label(nxt)))
        if prev_ok and clean_after and is_data_label(e):
            e.owned = e.rows[0]
            prev_ok = True
        else:
            prev_ok = False
    owned = tuple((e.label, e.owned) for e in entries if e.owned is not None)

    # stretches: between consecutive owning labels (their template positions)
    stretches = []
    anchor_pos = -1
    values: list[list[CellToken]] = []
    texts: list[CellToken | None] = []  # text printed on a value row's line (an unknown label)
    labels: list[Entry] = []

    def close(end_pos: int):
        if not values:
            return
        lo, hi = anchor_pos, end_pos
        rows = tuple(r for r in spec.rows[lo + 1 : hi] if r.key is not None) if lo < hi else ()
        why = None
        if lo >= hi:
            why = "the rows around them are out of the template's order"
        elif len(values) != len(rows):
            why = (f"{len(values)} value row(s) where the template has {len(rows)} row(s)")
        elif any(len(v) != ncols for v in values):
            why = f"a value row does not have the template's {ncols} cells"
        elif any(e.position is not None and spec.rows[e.position].key is not None and not lo < e.position < hi
                 for e in labels):  # a group label out of place moves no value
            why = "a label printed among them belongs elsewhere in the template"
        else:
            bad = next(((t, r) for t, r in zip(texts, rows) if t is not None and not resembles(t.value, r.label)), None)
            if bad is not None:
                why = f"the text on their line, {bad[0].value!r}, is not the label {bad[1].label}"
        stretches.append(Stretch(rows, tuple(tuple(v) for v in values),
                                 tuple(e.label for e in labels if e.position is not None),
                                 spec.rows[lo] if lo >= 0 else None, spec.rows[hi] if hi < len(spec.rows) else None, why,
                                 tuple(texts)))

    for e in entries:
        if (e.owned is not None or (e.reported and not e.rows)) and e.position is not None:
            close(e.position)
            values.clear()
            texts.clear()
            labels.clear()
            anchor_pos = e.position
        elif e.kind == "label" and e.position is not None:
            labels.append(e)
        for r in e.rows[1:] if e.owned is not None else e.rows:
            values.append(r)
            texts.append(e.label if e.kind == "fragment" and _same_line(e.label, r) else None)
    close(len(spec.rows))
    return Plan(owned, tuple(stretches), tuple(tuple(r) for r in strays))
