"""Recovering table cells from digit runs that lost their separators (the transformers' half of
:mod:`zfxxgk.parser.glued`, which cuts labels off the runs while lexing).

**Splitting runs** (:func:`recover_rows`, :func:`recover_review`, called by the transformer):
a row with fewer cells than the template's columns whose cells are all plain digit runs, with
evidence that separators were lost (:func:`glued_chunks`), is split into exactly the
template's column count, every part without a leading zero (a lone ``0`` is fine), keeping
only splits that satisfy the template's arithmetic:

* section 三 — each row: ``total`` = the six applicant columns; the table: the stated 勾稽
  identity ``new_received + carried_over = total_processed + carried_forward`` per column,
  used when a row alone is ambiguous and the other three rows are known or candidates;
* section 四 — in each group ``total = upheld + corrected + other + pending``;
* Article 20 tables have no identity: only a run that cannot be one number (``000``) is cut,
  where the no-leading-zero rule and the column count force the split; a run such as
  ``行政事业性收费35`` is never guessed at.

Only runs that lack separators are cut: cells between intact separators stay one cell each
(``| 0 | 0 | 0 | 0 | 0 | 33 |`` is a row that lost a cell, not ``… 3 3``).
Exactly one split left: its cells are placed and a ``glued-cells`` warning names the split.
None or several: a ``glued-cells`` error keeps each raw run (``Cell(value=None, raw=run)``)
with its line, and the row is not placed.  Never a guess.

Bounds: a run is at most :data:`MAX_DIGITS` digits and a part at most :data:`MAX_PART` digits;
the depth-first search checks each group's identity as soon as the group is complete and stops
after :data:`MAX_STEPS` steps or :data:`MAX_CANDIDATES` surviving splits of one row ("too
ambiguous": reported, not placed); combining rows for the 勾稽 identity stops after
:data:`MAX_COMBINATIONS` combinations; and a whole report's searches share one :class:`Budget`
(:meth:`Budget.for_text`: a base and a few steps per character, at most :data:`MAX_REPORT_STEPS`),
so many long runs cannot add up to more than a constant share of the parse.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Callable, Sequence

from ..arithmetic import IDENTITY
from ..model import Cell
from ..parser.normalise import Fragment
from ..parser.tokens import CellToken
from ..values import parse_value

MAX_DIGITS = 64
MAX_PART = 9
MAX_STEPS = 200_000
#: a report's budget: a base plus a few steps per character of text, so the search never costs
#: more per byte than a constant share of a parse (steps are ~5 µs; a parse ~5 µs per character)
REPORT_STEPS_BASE = 1_000
REPORT_STEPS_PER_CHAR = 3
MAX_REPORT_STEPS = 400_000
MAX_CANDIDATES = 64
MAX_COMBINATIONS = 100_000

_RUN = re.compile(r"-?[0-9]+")


#: A row shape: groups of column counts, each with or without the identity "last = sum of others".
Shape = tuple[tuple[int, bool], ...]


class _Budget(Exception):
    pass


class Budget:
    """Search steps left for one report: every row's split search and the 勾稽 combinations draw
    on it, so a report of many long glued runs costs at most this much in all."""

    __slots__ = ("left",)

    def __init__(self, steps: int = MAX_REPORT_STEPS):
        self.left = steps

    @classmethod
    def for_text(cls, chars: int) -> "Budget":
        """The budget for a report of ``chars`` characters."""
        return cls(min(MAX_REPORT_STEPS, REPORT_STEPS_BASE + REPORT_STEPS_PER_CHAR * chars))


def splits(chunks: Sequence[str], shape: Shape, *, steps: int = MAX_STEPS, limit: int = MAX_CANDIDATES,
           open: Sequence[bool] | None = None, budget: Budget | None = None) -> list[tuple[int, ...]] | None:
    """Every way to cut ``chunks`` (digit runs; a separator between chunks is certain) into the
    cells of ``shape``, no part with a leading zero, each group's identity holding.  Only the
    chunks flagged in ``open`` (default: all) may be cut; the others are one cell each.  ``None``
    when the search is beyond its bounds (too long, too many steps or candidates, or the report's
    ``budget`` spent)."""
    total = sum(n for n, _ in shape)
    if not chunks or sum(len(c.lstrip("-")) for c in chunks) > MAX_DIGITS or len(chunks) > total:
        return None
    if open is None:
        open = [True] * len(chunks)
    # Right to left: a group's total comes first, so every other part of the group is bounded by
    # what is left of it (parts are never negative where an identity holds).
    slots: list[tuple[int, bool, bool]] = []  # per cell: (group size, identity, is the group's total)
    for n, ident in shape:
        slots += [(n, ident, i == n - 1) for i in range(n)]
    signed = any(c.startswith("-") for c in chunks)
    gfirst: list[int] = []  # per cell: its group's first cell
    for k, (_, _, is_total) in enumerate(slots):
        gfirst.append(k if k == 0 or slots[k - 1][2] else gfirst[k - 1])
    before = [0]  # digits in the chunks before each chunk
    for c in chunks:
        before.append(before[-1] + len(c.lstrip("-")))
    capped = all(o or len(c.lstrip("-")) <= MAX_PART for o, c in zip(open, chunks))
    out: list[tuple[int, ...]] = []
    count = [0]
    parts: list[int] = []  # filled from the right

    def rec(ci: int, end: int, k: int, left: int):
        """Fill cells ``k, k-1, …, 0`` from ``chunks[ci][:end]`` and the chunks before it;
        ``left`` is what the current group's other parts must still add up to."""
        count[0] += 1
        if count[0] > steps or count[0] > allowance:
            raise _Budget
        if end == 0:
            if ci == 0:
                if k < 0:
                    out.append(tuple(reversed(parts)))
                    if len(out) > limit:
                        raise _Budget
                return
            ci -= 1
            end = len(chunks[ci])
        if k < ci:  # every chunk left needs a cell of its own
            return
        chunk = chunks[ci]
        sign = 1 if chunk.startswith("-") else 0
        n, ident, is_total = slots[k]
        if capped:  # the digits left must fit the cells left; a group's parts are at most its total
            digits = max(0, end - sign) + before[ci]
            if ident and n > 1 and not signed and not is_total:
                room = (k - gfirst[k] + 1) * len(str(left)) + gfirst[k] * MAX_PART
            else:
                room = (k + 1) * MAX_PART
            if digits > room:
                return
        first = k == 0 or slots[k - 1][2]  # the group's first cell: its identity is complete
        check = ident and n > 1
        starts = range(end - 1, max(sign, end - MAX_PART) - 1, -1) if open[ci] else (sign,)
        for start in starts:
            piece = chunk[start:end]
            if len(piece) > 1 and piece[0] == "0":
                continue
            value, begin = int(piece), start
            if sign and start == sign:  # the chunk's sign belongs to its first cell
                value, begin = -value, 0
            rest = left
            if check and not signed:
                if is_total:
                    rest = value
                elif value > left:
                    break  # a wider piece is larger still
                else:
                    rest = left - value
                    if first and rest:
                        continue
            elif check and first:
                group = [value, *parts[len(parts) - n + 1:][::-1]]
                if group[-1] != sum(group[:-1]):
                    continue
            parts.append(value)
            rec(ci, begin, k - 1, rest)
            parts.pop()

    allowance = budget.left if budget is not None else steps
    try:
        rec(len(chunks) - 1, len(chunks[-1]), total - 1, 0)
    except _Budget:
        return None
    finally:
        if budget is not None:
            budget.left -= count[0]
    return out


def is_run(norm: str) -> bool:
    return bool(_RUN.fullmatch(norm))


def glued_chunks(cells: Sequence, columns: int, *, label=None, identity: bool = False) -> list[bool] | None:
    """Which cells of a short row are digit runs that lost their separators and may be cut.

    ``None`` when the row does not look glued (then it is a row with a cell too few, as printed):
    it must have fewer cells than columns, all plain digit runs with enough digits for every
    column, and evidence that separators were lost — a run that cannot be one number (``000``: a
    leading zero), a run printed right against its row label (``规章000``), or a whole row in one
    run where an identity can check it (section 三 rows, section 四).  Cells between intact
    separators (``| 0 | 0 | 0 | 0 | 0 | 33 |``) are one cell each.

    Otherwise one flag per cell: ``True`` where the arithmetic may cut it — a run with a leading
    zero (any split is forced), or, in a table with an identity, a run glued to its label or a
    whole row.  All ``False`` (a run glued to its label in an Article 20 table, which has no
    identity: ``行政事业性收费35``): glued, but nothing constrains the split — an error.
    """
    if not cells or len(cells) >= columns:
        return None
    norms = [c.norm.strip() for c in cells]
    if not all(is_run(n) for n in norms) or sum(len(n.lstrip("-")) for n in norms) < columns:
        return None
    against_label = False
    if label is not None:
        end = label.fragments[-1]
        first = cells[0].fragments[0]
        against_label = first.line == end.line and first.column == end.column + len(end.text)
    evidence, flags = False, []
    for k, n in enumerate(norms):
        digits = n.lstrip("-")
        forced = len(digits) > 1 and digits[0] == "0"
        glued = (k == 0 and against_label) or (len(norms) == 1 and identity)
        evidence = evidence or forced or glued
        flags.append(forced or (identity and glued))
    return flags if evidence else None


def _shown(parts) -> str:
    return " ".join(str(p) for p in parts)


def part_tokens(cells: Sequence, parts: Sequence[int]):
    """Tokens for the parts of glued runs, each with the run's line and its column in the run."""
    out = []
    it = iter(parts)
    for tok in cells:
        digits = tok.norm.strip()
        offset = 0
        frag0 = tok.fragments[0]
        while offset < len(digits):
            value = next(it)
            text = str(value)
            if digits.startswith("-", offset) and not text.startswith("-"):  # -0: the sign was printed
                text = "-" + text
            frag = Fragment(frag0.line, frag0.column + offset, text, text, frag0.place)
            piece = CellToken.make(tok.type, [frag], "glued")
            out.append(piece)
            offset += len(text)
    return out


def recover_rows(rows: list, spec, where: str, diag: Callable, *, identity_rows=IDENTITY,
                 budget: Budget | None = None) -> tuple[list, set]:
    """Split the glued runs of a table's rows; return the rows (glued cells replaced by their
    parts where exactly one split fits) and the ids of the labels of rows left unsolved."""
    budget = budget if budget is not None else Budget()
    ncols = len(spec.columns)
    is_applications = spec.key == "applications"
    keys = {"table": "applications"} if is_applications else {"table": "active_disclosure", "item": spec.key}
    shape: Shape = ((ncols, True),) if is_applications and spec.columns[-1].key == "total" else ((ncols, False),)
    cands: dict[int, list[tuple[int, ...]] | None] = {}
    unconstrained: set[int] = set()
    for i, (label, cells) in enumerate(rows):
        row = spec.row_for(label.base)
        flags = None if row is None or row.key is None else glued_chunks(cells, ncols, label=label,
                                                                          identity=shape[0][1])
        if flags is None:
            continue
        if not any(flags):
            unconstrained.add(i)
            cands[i] = []
            continue
        cands[i] = splits([c.norm.strip() for c in cells], shape, open=flags, budget=budget)
    if not cands:
        return rows, set()
    if is_applications:  # the 勾稽 identity narrows rows a split of their own leaves ambiguous
        _narrow_by_identity(rows, spec, cands, ncols, identity_rows, budget)
    out = list(rows)
    unsolved: set = set()
    for i, found in cands.items():
        label, cells = rows[i]
        run = " ".join(c.value.strip() for c in cells)
        row = spec.row_for(label.base)
        if found is not None and len(found) == 1:
            out[i] = (label, part_tokens(cells, found[0]))
            diag("warning", "glued-cells", line=label.line, where=where, label=row.label, run=run, split=_shown(found[0]),
                 column=cells[0].column if cells else label.column, row=row.key, expected=ncols, found=len(cells),
                 **keys)
            continue
        unsolved.add(id(label))

        why = ("nothing in the template constrains how to split it (this table has no arithmetic)"
               if i in unconstrained else
               "no split fits the template's arithmetic" if found == [] else
               f"{len(found)} splits fit (e.g. {_shown(found[0])} or {_shown(found[1])})" if found else
               "too many ways to split it (beyond the search bounds)")
        diag("error", "glued-cells", line=label.line, cells=[Cell(None, c.value.strip(), None, c.line) for c in cells],
             shape="glued-cells/error", where=where, label=row.label, run=run, why=why,
             column=cells[0].column if cells else label.column, row=row.key, expected=ncols, found=len(cells), **keys)
    return out, unsolved


def _narrow_by_identity(rows: list, spec, cands: dict, ncols: int, identity_rows, budget: Budget) -> None:
    """The 勾稽 identity narrows rows a split of their own leaves ambiguous (``cands``, in place)."""
    key_at = {}
    for i, (label, cells) in enumerate(rows):
        row = spec.row_for(label.base)
        if row is not None and row.key is not None and row.key not in key_at:
            key_at[row.key] = i
    needed = [*identity_rows[0], *identity_rows[1]]
    if all(k in key_at for k in needed) and any(key_at[k] in cands and len(cands[key_at[k]] or ()) > 1
                                                for k in needed):
        options = []
        for k in needed:
            i = key_at[k]
            if i in cands:
                options.append(cands[i] or [])
            else:
                fixed = _fixed(rows[i][1], ncols)
                options.append([fixed] if fixed is not None else [])
        n = 1
        for o in options:
            n *= max(1, len(o))
        if all(options) and n <= MAX_COMBINATIONS and budget.left >= n:
            budget.left -= n
            keep: list[set] = [set() for _ in needed]
            for combo in product(*options):
                a, b, c, d = combo
                if all(a[j] + b[j] == c[j] + d[j] for j in range(ncols)):
                    for s, v in zip(keep, combo):
                        s.add(v)
            for k, s in zip(needed, keep):
                i = key_at[k]
                found = cands.get(i)
                if found is not None:  # (all of them are: none of the options was empty)
                    cands[i] = [v for v in found if v in s]


def _fixed(cells, ncols) -> tuple | None:
    if len(cells) != ncols:
        return None
    vals = []
    for c in cells:
        v, _ = parse_value(c.norm)
        vals.append(0 if v is None else v)
    return tuple(vals)


def recover_review(cells: list, spec, diag: Callable, *, budget: Budget | None = None) -> list | None:
    """Section 四's one row: split glued runs into the 15 cells (three groups with identities)."""
    expected = len(spec.groups) * len(spec.columns)
    ident = spec.columns[-1].key == "total"
    flags = glued_chunks(cells, expected, identity=ident)
    if flags is None:
        return None
    shape: Shape = tuple((len(spec.columns), ident) for _ in spec.groups)
    found = splits([c.norm.strip() for c in cells], shape, open=flags, budget=budget) if any(flags) else []
    run = " ".join(c.value.strip() for c in cells)
    if found is not None and len(found) == 1:
        diag("warning", "glued-cells", line=cells[0].line, shape="glued-cells/review", run=run, split=_shown(found[0]),
             column=cells[0].column, expected=expected, found=len(cells), table="review_litigation")
        return part_tokens(cells, found[0])
    why = ("no split fits the template's arithmetic" if found == [] else
           f"{len(found)} splits fit" if found else "too many ways to split them (beyond the search bounds)")
    diag("error", "glued-cells", line=cells[0].line, cells=[Cell(None, c.value.strip(), None, c.line) for c in cells],
         shape="glued-cells/review-error", run=run, why=why, column=cells[0].column, expected=expected,
         found=len(cells), table="review_litigation")
    return []
