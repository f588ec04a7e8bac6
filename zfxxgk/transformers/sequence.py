"""A table as the template's row sequence: which value rows belong to which label (issue 9).

PDF-extracted text (pdftotext, PDF→Markdown) shreds tables: a label printed on the line before or
after its values, two labels in a row and then their two value rows, a label lost or broken into
fragments.  Adjacency then misleads: the value row after a label is not always its own.  This
module reads a table block as a sequence of *entries* in source order —

* ``label`` — a row or group label of the template (an anchor: the template says where it is);
* ``values`` — a run of value cells, cut into value rows by line (a line of cells is a row; cells
  one per line are taken ``ncols`` at a time);
* ``fragment`` — text that is no label (a label's piece, a header word): places nothing, but no
  pairing reaches across it (it may be what is left of a label); a page number is skipped

— and decides, without guessing (value rows printed one cell per line are cut by
:func:`cut_rows`, also when a block is printed column by column):

1. **By label.**  A value row on its label's own line belongs to it.  Between such rows (and
   headers, text that is no label, the table's ends) lie *runs* of labels and value rows printed
   apart.  A layout prints each label right before or after its values, or k labels together
   before or after their k value rows; a label left without values or a value row without a label is
   an anomaly.  A run that one anomaly at most explains is read every way with the fewest
   anomalies, and a label takes the value row beside it only when every such reading pairs them
   (``_forced_pairs``): an undisturbed context re-anchors the table after a damaged one, and a
   context that could pair either way places nothing.
2. **By order.**  The other value rows lie in *stretches* between two placed rows (or the table's
   ends).  The template's data rows between those two anchors are the stretch's rows.  The value
   rows are placed on them in order only when there are exactly as many value rows as rows, every
   value row has the template's cell count and every label printed in the stretch is one of them;
   the caller then checks the table's arithmetic before keeping them.

Nothing here emits diagnostics or cells; :class:`zfxxgk.transformers.national.NationalTransformer`
does, from the :class:`Plan` returned.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import groupby
from operator import attrgetter, sub
from typing import NamedTuple, Sequence

import attrs

from .. import patterns
from ..parser.tokens import CellToken
from ..parser.normalise import Fragment
from ..parser.text import match_key, matching_form
from ..reprs import attrs_eq, attrs_repr
from ..spec import Row, TableSpec


@attrs.define(repr=False)
class Entry:
    """One label, fragment or run of values of a table block, in source order."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq

    kind: str  # "label" | "header" | "fragment" | "values"
    token: CellToken | None  # the label, header cell or fragment; None for values after the heading
    cells: list[CellToken] = attrs.Factory(list)  # the values printed after it (before the next entry)
    position: int | None = None  # the label's index in the template's rows
    rows: list[list[CellToken]] = attrs.Factory(list)  # ``cells`` cut into value rows
    owned: list[CellToken] | None = None  # the value row placed under this label by step 1
    #: the label's values were already reported (a glued run no split fits): it stands where the
    #: template puts it, so it is an anchor, not a label left without values
    reported: bool = False
    #: paired by step 1 with (part of) a value row of the wrong cell count, reported on its own: the
    #: label stands where the template puts it, an anchor without values
    accounted: bool = False

    @property
    def label(self) -> CellToken:
        """The token of a label, header or fragment entry (only a run of values has none)."""
        assert self.token is not None, self.kind
        return self.token


class Stretch(NamedTuple):
    """Value rows between two placed rows, and the template rows between them."""

    rows: tuple[Row, ...]  # the template's data rows strictly between the anchors
    values: tuple[tuple[CellToken, ...], ...]  # the value rows printed there, in order
    labels: tuple[CellToken, ...]  # labels printed there without values of their own
    after: Row | None  # the anchors (None: the table's start or end)
    before: Row | None
    why: str | None  # None when placeable by order; else why not
    texts: tuple[CellToken | None, ...] = ()  # per value row: text printed on its line (no label)


class Plan(NamedTuple):
    owned: tuple[tuple[CellToken, list[CellToken]], ...]  # (label, cells) placed by label, in order
    stretches: tuple[Stretch, ...]
    strays: tuple[tuple[CellToken, ...], ...] = ()  # value rows no row of the template can take


class ColumnRow(tuple):
    """A value row read from a block printed column by column (its cells are one column's run each)."""


def cut_rows(cells: Sequence[CellToken], ncols: int, row_ok=None) -> list[list[CellToken]]:
    """A run of value cells as value rows: the cells of one line are a row; cells one per line
    are taken ``ncols`` at a time (a remainder is a short row, which will not be placed) — or, when
    they form ``ncols`` runs of consecutive lines of the same length (a block printed column by
    column, as ``pdftotext`` reads a table), read column by column if ``row_ok`` (the table's row
    arithmetic) confirms that reading and not another (see :func:`_one_per_line`)."""
    if not cells:
        return []
    lines = [c.line for c in cells]
    steps = set(map(sub, lines[1:], lines))
    if 0 not in steps:  # each cell on a line of its own
        if 1 not in steps or len(steps) == 1:  # blank lines between all, or none: one run, or runs of one
            return _chunk(list(cells), ncols)  # ncols at a time, as _one_per_line takes them
        return _one_per_line(list(cells), ncols, row_ok)
    rows: list[list[CellToken]] = []
    single: list[CellToken] = []
    for _, group in groupby(cells, _line):
        row = list(group)
        if len(row) == 1:
            single.append(row[0])
            continue
        if single:
            rows.extend(_one_per_line(single, ncols, row_ok))
            single = []
        while len(row) > ncols and row[0].norm == "":
            row.pop(0)  # the empty label cell of a row printed without its label (| | 1 | 0 …)
        rows.append(row)
    if single:
        rows.extend(_one_per_line(single, ncols, row_ok))
    return rows


_line = attrgetter("line")


def _runs(cells: list[CellToken]) -> list[list[CellToken]]:
    """Cells one per line, cut where a line is skipped (a blank line between them)."""
    runs: list[list[CellToken]] = []
    for c in cells:
        if runs and c.line == runs[-1][-1].line + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _one_per_line(cells: list[CellToken], ncols: int, row_ok) -> list[list[CellToken]]:
    """Cells one per line.  Separated by blank lines (runs of one), or a lone longer run among
    them: ``ncols`` at a time.  Longer runs side by side are read by their lengths: ``ncols`` runs
    of ``k`` are a block that may be ``k`` rows printed column by column (each run a column) or row
    after row (:func:`_block_rows`); runs whose lengths are multiples of ``ncols`` are rows printed
    one after another; anything else is one bad row, not placed (a blank line lost in a block
    printed column by column must not shift its cells into rows)."""
    if all(b.line != a.line + 1 for a, b in zip(cells, cells[1:])):
        return _chunk(cells, ncols)  # each cell a run of its own (blank lines between): the loose case below
    out: list[list[CellToken]] = []
    loose: list[CellToken] = []  # cells taken ncols at a time

    def emit(rows):
        nonlocal loose
        if loose:
            out.extend(_chunk(loose, ncols))
            loose = []
        out.extend(rows)

    runs = _runs(cells)
    i = 0
    while i < len(runs):
        j = i
        while j + 1 < len(runs) and (len(runs[j + 1]) > 1) == (len(runs[i]) > 1):
            j += 1
        multi = runs[i : j + 1]
        i = j + 1
        if len(multi[0]) == 1 or len(multi) == 1 or row_ok is None:
            loose += [c for r in multi for c in r]
            continue
        a = 0
        while a < len(multi):  # stretches of runs of one length
            b = a
            while b + 1 < len(multi) and len(multi[b + 1]) == len(multi[a]):
                b += 1
            same = multi[a : b + 1]
            a = b + 1
            if len(same) % ncols == 0:
                emit([r for g in range(0, len(same), ncols) for r in _block_rows(same[g : g + ncols], ncols, row_ok)])
            elif len(same[0]) % ncols == 0:
                emit([run[n : n + ncols] for run in same for n in range(0, len(run), ncols)])
            else:
                emit([[c for r in same for c in r]])
    if loose:
        out.extend(_chunk(loose, ncols))
    return out


def _block_rows(block: list[list[CellToken]], ncols: int, row_ok) -> list[list[CellToken]]:
    """``ncols`` runs of ``k`` cells: read column by column or row after row, whichever the row
    arithmetic confirms; both with different rows, or neither: one bad row (not placed)."""
    part = [c for r in block for c in r]
    readings: dict[str, list] = {"column": [ColumnRow(r[n] for r in block) for n in range(len(block[0]))],
                "row": [part[n : n + ncols] for n in range(0, len(part), ncols)]}
    fits = [rows for rows in readings.values() if all(row_ok(r) for r in rows)]
    if len({tuple(tuple(c.norm for c in r) for r in rows) for rows in fits}) == 1:
        return fits[0]
    return [part]


def _chunk(single: list, ncols: int) -> list[list]:
    """Cells one per line: ``ncols`` at a time when they divide evenly, else one (bad) row."""
    if len(single) % ncols:
        return [list(single)]
    return [single[i : i + ncols] for i in range(0, len(single), ncols)]


_GAP = patterns.compile(r"\s{2,}")


def resembles(text: Fragment, label: str) -> bool:
    """Whether ``text`` printed beside a value row can be a damaged form of ``label``
    (``2.其他法律行政止公开`` for ``2.其他法律行政法规禁止公开``): at least two characters, and
    four in five of them in the label, in the label's order."""
    body = text.text.rstrip()
    gaps = [m.end() for m in _GAP.finditer(body) if m.start() > 0]
    if gaps:  # a group label before it on the same line: （四）无法提供   1.本机关不掌握…
        text = text.cut(gaps[-1], len(body))
    a, b = text.key, match_key(matching_form(label))
    if len(a) < 2:
        return False
    j = hits = 0
    for ch in a:
        k = b.find(ch, j)
        if k >= 0:
            hits += 1
            j = k + 1
    return hits * 5 >= len(a) * 4


_PAGE_NUMBER = patterns.compile(r"[-－—–\s]*[0-9]+[-－—–\s]*|第\s*[0-9]+\s*页")

#: the longest run of labels printed together before (or after) their value rows that a layout makes
MAX_BLOCK = 12


def _forced_pairs(kinds: Sequence[str]) -> list[tuple[int, int]]:
    """Adjacent (label, value row) pairs that belong together, in a run of labels ``L`` and value rows
    ``V`` printed apart.  A layout prints each row's label right before or after its values, or k
    labels together and then (or after) their k value rows; a label without values or a value row
    without a label is an *anomaly*.  Every reading of the run with the fewest anomalies is
    considered; a pair is forced when all of them pair those two, side by side (k = 1).  Only a
    run that at most one anomaly explains is read at all — a damaged context proves nothing, and
    is left to placement by order."""
    return list(_forced(tuple(kinds)))


@lru_cache(maxsize=512)  # a layout's runs recur in every report laid out alike
def _forced(kinds: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    n = len(kinds)
    if n < 2:
        return ()
    inf = float("inf")
    # the readings of what starts at ``i``, as (end, anomalies): the item alone (an anomaly), or the
    # labels (values) from ``i`` with the next 1…k values (labels) — k : k pairs in order, k : m (a
    # label or value row of it lost) pairs nothing and costs |k − m|
    run_end = [n] * (n + 1)  # where the run of one kind that holds position i ends
    for i in range(n - 2, -1, -1):
        run_end[i] = run_end[i + 1] if kinds[i + 1] == kinds[i] else i + 1
    blocks: list[list[tuple[int, int]]] = []
    for i in range(n):
        j = run_end[i]
        a = j - i
        moves = [(i + 1, 1)]
        if a <= MAX_BLOCK and j < n:
            moves += [(m, abs(a - (m - j))) for m in range(j + 1, min(run_end[j], j + MAX_BLOCK) + 1)]
        blocks.append(moves)

    # best[i] / count[i]: fewest anomalies reading kinds[i:] and in how many ways; the same from the left
    best, count = [inf] * (n + 1), [0] * (n + 1)
    best[n], count[n] = 0, 1
    for i in range(n - 1, -1, -1):
        for j, cost in blocks[i]:
            c = cost + best[j]
            if c < best[i]:
                best[i], count[i] = c, count[j]
            elif c == best[i]:
                count[i] += count[j]
    if best[0] > 1:
        return ()
    left, lcount = [inf] * (n + 1), [0] * (n + 1)
    left[0], lcount[0] = 0, 1
    for i in range(n):
        if left[i] == inf:
            continue
        for j, cost in blocks[i]:
            c = left[i] + cost
            if c < left[j]:
                left[j], lcount[j] = c, lcount[i]
            elif c == left[j]:
                lcount[j] += lcount[i]
    return tuple((i, i + 1) for i in range(n - 1) if kinds[i] != kinds[i + 1]
                 and left[i] + best[i + 2] == best[0] and lcount[i] * count[i + 2] == count[0])


def _same_line(label: CellToken, row: Sequence[CellToken]) -> bool:
    if not row:
        return False
    line = row[0].line
    frags = label.fragments
    if len(frags) == 1:  # (most labels: no generator)
        return frags[0].line == line
    return any(f.line == line for f in frags)


def plan(entries: list[Entry], spec: TableSpec, row_ok=None, *, open_end: bool = False) -> Plan:
    """Decide which value rows belong to which label (step 1) and which stretches are left (step 2).

    ``row_ok(cells)`` — the table's arithmetic on one row (section 三: the total is the six
    applicant columns) — lets a block printed column by column be read (:func:`cut_rows`).
    ``open_end``: the text ends in the table (cut short), so what followed its last label is
    unknown (see :func:`_pair_runs`)."""
    ncols = len(spec.columns)
    index = {r.terminal: i for i, r in enumerate(spec.rows)}
    for e in entries:
        e.owned = None
        e.accounted = False
        e.rows = cut_rows(e.cells, ncols, row_ok)
        if e.kind == "label":
            e.position = index.get(e.label.base)
    if all(_clean(e, spec, ncols) for e in entries):  # what the two steps decide, without them
        for e in entries:
            if e.kind == "label" and e.rows:
                e.owned = e.rows[0]
        return Plan(tuple((e.label, e.owned) for e in entries if e.owned is not None), ())
    items = _items(entries, spec, ncols)
    taken = _pair_runs(items, ncols, open_end)
    strays = _strays(entries, taken, ncols)
    owned = tuple((e.label, e.owned) for e in entries if e.owned is not None)
    stretches = _stretches(items, spec, taken | {id(r) for r in strays})
    return Plan(owned, stretches, tuple(tuple(r) for r in strays))


def _clean(e: Entry, spec: TableSpec, ncols: int) -> bool:
    """An entry of a clean table: a label with one value row on its own line; a data label with
    one full value row (a run of them, each label before its row, pairs them one way only); a group
    label or a header without values.  A block of such entries has no run to read two ways, no
    stretch and no stray: every data label owns its row."""
    if e.kind == "header":
        return not e.rows
    if e.kind != "label":
        return False
    if len(e.rows) == 1 and _same_line(e.label, e.rows[0]):
        return True
    if e.position is None or e.reported:
        return False
    if spec.rows[e.position].key is None:
        return not e.rows
    return len(e.rows) == 1 and len(e.rows[0]) == ncols


_Item = tuple[str, Entry, "list[CellToken] | None"]


def _items(entries: list[Entry], spec: TableSpec, ncols: int) -> list[_Item]:
    """The block as items: "L" a data label printed apart from values, "V" a value row, "B" what
    bounds a run of them (a header, a label with its values on its own line — which owns them
    here —, a label already reported, an unknown label, text that is no label, a value row with
    text of its own).  Group labels and page numbers carry nothing and stand nowhere: skipped."""
    items: list[_Item] = []
    for e in entries:
        rows = e.rows
        if e.kind == "label" and rows and _same_line(e.label, rows[0]):
            e.owned, rows = rows[0], rows[1:]
            items.append(("B", e, None))
        elif e.kind == "label" and e.position is not None and spec.rows[e.position].key is not None \
                and not e.reported:
            items.append(("L", e, None))
        elif e.kind == "header" or (e.kind == "label" and (e.reported or e.position is None)) \
                or (e.kind == "fragment" and not _PAGE_NUMBER.fullmatch(e.label.norm)):
            items.append(("B", e, None))  # a fragment may be what is left of a label: no run crosses it
        for r in rows:
            if e.kind == "fragment" and _same_line(e.label, r):
                items.append(("B", e, r))  # a row with text of its own
            elif len(r) < ncols and not (e.kind == "label" and len(e.rows) == 1):
                continue  # a few cells away from any label (a stray value): no row of the table
            else:  # cells one per line that do not divide into rows (a cell lost): the rows they nearly make
                items += [("V", e, r)] * (1 if len(r) <= ncols else round(len(r) / ncols))
    return items


def _pair_runs(items: list[_Item], ncols: int, open_end: bool = False) -> set[int]:
    """Step 1 on each run of labels and value rows between two bounds: the pairs every reading
    forces (:func:`_forced_pairs`) give the label its row; the ids of the value rows so taken.
    Evidence can only be taken away, never added:

    * a label printed after a later row's label (displaced: a page break moved it, a block printed
      twice) starts a part of its own — a pair is kept only when its part forces it and so does the
      whole run;
    * with ``open_end`` (the text cut short in the table) the last run, ending in a label, may have
      had that label's values cut off: a pair is kept only when it is forced also with a value row
      after it (``V L … V L`` is no proof that each label follows its values)."""
    taken: set[int] = set()
    runs: list[list[int]] = [[]]
    for n, item in enumerate(items):
        if item[0] == "B":
            runs.append([])
        else:
            runs[-1].append(n)
    for run in runs:
        if not run:
            continue
        cut = open_end and run[-1] == len(items) - 1 and items[run[-1]][0] == "L"
        whole = _run_pairs(items, run, cut)
        for part in _parts(items, run):
            for i, j in sorted(_run_pairs(items, part, cut and part[-1] == run[-1]) & whole):
                _pair(items, i, j, ncols, taken)
    return taken


def _run_pairs(items: list[_Item], run: list[int], cut: bool) -> set[tuple[int, int]]:
    """The pairs (indexes into ``items``) every reading of ``run`` forces; ``cut``: also with a
    value row after its last label."""
    kinds = tuple(items[m][0] for m in run)
    pairs = {(run[i], run[j]) for i, j in _forced_pairs(kinds)}
    if cut:
        pairs &= {(run[i], run[j]) for i, j in _forced_pairs(kinds + ("V",)) if j < len(run)}
    return pairs


def _parts(items: list[_Item], run: list[int]) -> list[list[int]]:
    """``run`` cut before each label printed after a later row's label."""
    parts: list[list[int]] = [[]]
    last = -1  # the template position of the part's last label
    for n in run:
        kind, entry, _ = items[n]
        if kind == "L":
            position = entry.position if entry is not None and entry.position is not None else -1
            if position <= last and parts[-1]:
                parts.append([])
            last = position
        parts[-1].append(n)
    return parts


def _pair(items: list[_Item], i: int, j: int, ncols: int, taken: set[int]) -> None:
    """Give the label of the pair ``(i, j)`` its value row."""
    (_, label, _), (_, _, row) = (items[i], items[j]) if items[i][0] == "L" else (items[j], items[i])
    assert label is not None and row is not None  # an "L" item and a "V" item
    if len(row) == ncols or (len(row) < ncols and any(r is row for r in label.rows)):
        label.owned = row
        taken.add(id(row))
    else:
        label.accounted = True  # its values are in a row reported as cut wrongly


def _strays(entries: list[Entry], taken: set[int], ncols: int) -> list[list[CellToken]]:
    """Value rows that cannot be a displaced row of this table (a stray value, a short row):
    reported on their own, and no evidence of displacement."""
    strays: list[list[CellToken]] = []
    for e in entries:
        if e.kind == "label" and len(e.rows) == 1:
            continue  # a label's one row: placed or reported with it
        strays += [r for r in e.rows if id(r) not in taken and r is not e.owned and len(r) != ncols]
    return strays


def _stretches(items: list[_Item], spec: TableSpec, skip: set[int]) -> tuple[Stretch, ...]:
    """Step 2: the value rows left (not owned, not in ``skip``) between consecutive anchors —
    labels that own a row or stand where the template puts them — as stretches."""
    stretches: list[Stretch] = []
    anchor_pos = -1
    values: list[list[CellToken]] = []
    texts: list[CellToken | None] = []  # text printed on a value row's line (an unknown label)
    labels: list[Entry] = []
    for _, e, vals in items:
        if vals is None:
            if (e.owned is not None or e.accounted or (e.reported and not e.rows)) and e.position is not None:
                if values:
                    stretches.append(_stretch(spec, anchor_pos, e.position, values, texts, labels))
                values, texts, labels = [], [], []
                anchor_pos = e.position
            elif e.kind == "label" and e.position is not None:
                labels.append(e)
        elif vals is not e.owned and id(vals) not in skip:
            values.append(vals)
            texts.append(e.label if e.kind == "fragment" and _same_line(e.label, vals) else None)
    if values:
        stretches.append(_stretch(spec, anchor_pos, len(spec.rows), values, texts, labels))
    return tuple(stretches)


def _stretch(spec: TableSpec, lo: int, hi: int, values: list[list[CellToken]], texts: list[CellToken | None],
             labels: list[Entry]) -> Stretch:
    """The value rows between the anchors at template positions ``lo`` and ``hi``, and why they
    cannot be placed by order (``None`` when they can)."""
    ncols = len(spec.columns)
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
        bad = next(((t, r) for t, r in zip(texts, rows) if t is not None and not resembles(t.whole, r.label)), None)
        if bad is not None:
            why = f"the text on their line, {bad[0].value!r}, is not the label {bad[1].label}"
    return Stretch(rows, tuple(v if isinstance(v, ColumnRow) else tuple(v) for v in values),
                   tuple(e.label for e in labels if e.position is not None),
                   spec.rows[lo] if lo >= 0 else None, spec.rows[hi] if hi < len(spec.rows) else None, why,
                   tuple(texts))
