"""Recovering table cells from digit runs that lost their separators (the transformers' half of
:mod:`zfxxgk.parser.glued`, which cuts labels off the runs while lexing).

**Splitting runs** (:func:`recover_rows`, :func:`recover_review`, called by the transformer):
a row with fewer cells than the template's columns whose cells are all plain digit runs, with
evidence that separators were lost (:func:`glued_chunks`), is split into exactly the
template's column count, every part without a leading zero (a lone ``0`` is fine), keeping
only splits that satisfy the template's arithmetic:

* section 三 — each row: ``total`` = the six applicant columns; the table, per column: the
  stated 勾稽 identity ``new_received + carried_over = total_processed + carried_forward`` and
  the outcome sum ``total_processed = Σ outcome rows``, used when a row alone is ambiguous and
  every other row of the identity is printed once, read or with candidates of its own;
* section 四 — in each group ``total = upheld + corrected + other + pending``;
* Article 20 tables have no identity: only a run that cannot be one number (``000``) is cut,
  where the no-leading-zero rule and the column count force the split; a run such as
  ``行政事业性收费35`` is never guessed at.

Only runs that lack separators are cut: cells between intact separators stay one cell each
(``| 0 | 0 | 0 | 0 | 0 | 33 |`` is a row that lost a cell, not ``… 3 3``).
Exactly one split left: its cells are placed and a ``glued-cells`` warning names the split.
None or several: a ``glued-cells`` error keeps each raw run (``Cell(value=None, raw=run)``)
with its line, and the row is not placed.  Never a guess.

Cost: :func:`splits` is a dynamic programme whose states (position, cell, what the group's other
parts must still add up to) merge every path that reaches them, with exact checks of the last cells
of each group, so it is polynomial in the run's length — about 2,000 steps for a 34-digit row of
三.  Bounds stay as a safety net: a run is at most :data:`MAX_DIGITS` digits and a part at most
:data:`MAX_PART` digits; a row with more than :data:`MAX_CANDIDATES` splits is "too ambiguous"
(reported, not placed); the 勾稽 identity across rows joins the candidates of its two sides by their
column sums; and a whole report's searches share one :class:`Budget` (:meth:`Budget.for_text`: a
base and some steps per character), so no input costs more per byte than a constant share of a parse.
"""

from __future__ import annotations

from itertools import product
from typing import Callable, Sequence

from .. import patterns
from ..arithmetic import _NOT_OUTCOMES as NOT_OUTCOMES, IDENTITY, signs
from ..model import Cell
from ..parser.normalise import Fragment
from ..parser.tokens import CellToken
from ..values import BLANKS, parse_value
from ..vocabulary import alternation, units

MAX_DIGITS = 64
MAX_PART = 9
MAX_STEPS = 200_000
#: a report's budget: a base plus a few steps per character of text, so the search never costs
#: more per byte than a constant share of a parse (a step is ~1 µs, table work included; a parse ~4 µs per byte)
REPORT_STEPS_BASE = 5_000
REPORT_STEPS_PER_CHAR = 50
MAX_REPORT_STEPS = 5_000_000
MAX_CANDIDATES = 64
MAX_COMBINATIONS = 100_000

_RUN = patterns.compile(r"-?[0-9]+")


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
    when more than ``limit`` splits fit, or the search is beyond its bounds (too long, more than
    ``steps`` steps, or the report's ``budget`` spent).

    A dynamic programme, right to left: a state is (the position in the digits, the cell to fill,
    what the current group's other parts must still add up to — the group's sum of
    :func:`zfxxgk.arithmetic.signs` × value so far); paths that reach the same state are merged,
    so the cost grows with the number of distinct states, not of splits.  Counts are capped at
    ``limit + 1`` and each state keeps at most that many predecessors, enough to list every split
    when there are at most ``limit``.  Pruned by exact reachability (cells left vs. digits left)
    and, in a group with an identity and no sign, by the least and greatest sum the cells left of
    the group can make of the digits left.
    """
    cells = sum(n for n, _ in shape)
    if not chunks or sum(len(c.lstrip("-")) for c in chunks) > MAX_DIGITS or len(chunks) > cells:
        return None
    digits, signed, ending = _pieces(chunks, [True] * len(chunks) if open is None else open)
    if not digits:
        return None
    search = _Search(digits, signed, ending, min(steps, budget.left) if budget is not None else steps)
    try:
        search.reach(cells, shape[0][0] - 1 if shape[0][1] else 0)
        if not search.can[cells][len(digits)]:
            return []
        layers = search.layers(_slots(shape), limit + 1)
    except _Budget:
        search.count = search.allowance + 1  # spent: charged one step past the allowance
        return None
    finally:
        if budget is not None:
            budget.left -= search.count
    final = layers[-1].get((0, 0))
    if final is None:
        return []
    if final[0] > limit:
        return None
    return _every_split(layers, cells)


def _pieces(chunks: Sequence[str], open: Sequence[bool]) -> tuple[str, bool, list[list[tuple[int, int]]]]:
    """The chunks' digits, whether any chunk is signed, and the legal pieces ending at each
    position of the digits: ``(start, value)``, shortest first (values grow with length) — a piece
    at most :data:`MAX_PART` digits, within one chunk, without a leading zero, a whole chunk
    where it may not be cut."""
    digits, owner, starts_at, signed_at = "", [], [], set()
    for ci, c in enumerate(chunks):
        d = c.lstrip("-")
        if len(d) != len(c):
            signed_at.add(len(digits))
        starts_at.append(len(digits))
        digits += d
        owner += [ci] * len(d)
    n = len(digits)
    chunk_end = [starts_at[ci + 1] if ci + 1 < len(chunks) else n for ci in range(len(chunks))]
    ending: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
    for j in range(1, n + 1):
        ci = owner[j - 1]
        s0 = starts_at[ci]
        if not open[ci]:
            if j == chunk_end[ci]:
                ending[j].append((s0, _value(digits, s0, j, signed_at)))
            continue
        for i in range(j - 1, max(s0, j - MAX_PART) - 1, -1):
            if j - i > 1 and digits[i] == "0":
                continue
            ending[j].append((i, _value(digits, i, j, signed_at)))
    return digits, bool(signed_at), ending


def _slots(shape: Shape) -> list[tuple[bool, int, int]]:
    """Per cell: whether its group has an identity, its sign in the group's sum (a total is the
    sum of the others, :func:`zfxxgk.arithmetic.signs`), and the group's first cell."""
    slots: list[tuple[bool, int, int]] = []
    for n, ident in shape:
        first = len(slots)
        slots += [(ident and n > 1, sign, first) for sign in signs(n - 1)]
    return slots


class _Search:
    """The tables of one split search and its steps so far (:attr:`count`); raises :class:`_Budget`
    past ``allowance``."""

    def __init__(self, digits: str, signed: bool, ending: list[list[tuple[int, int]]], allowance: int):
        self.digits, self.signed, self.ending, self.allowance = digits, signed, ending, allowance
        self.count = 0
        self.can: list[list[bool]] = []
        self.lo: list[list] = []
        self.hi: list[list] = []
        self.starts_of: list[dict[int, list[int]]] = []
        self.sums: dict[tuple[int, int], set] = {}

    def reach(self, cells: int, lo_upto: int) -> None:
        """``can[k][i]``: the digits [0, i) tile into exactly k legal pieces; ``lo``/``hi``: the
        least and greatest sum (kept for the first ``lo_upto`` cells, where they prune)."""
        n = len(self.digits)
        starting: list[list[tuple[int, int]]] = [[] for _ in range(n + 1)]
        for j in range(n + 1):
            for i, v in self.ending[j]:
                starting[i].append((j, v))
        can = self.can = [[False] * (n + 1) for _ in range(cells + 1)]
        lo = self.lo = [[None] * (n + 1) for _ in range(cells + 1)]
        hi = self.hi = [[None] * (n + 1) for _ in range(cells + 1)]
        can[0][0], lo[0][0], hi[0][0] = True, 0, 0
        work = 0
        for k in range(1, cells + 1):
            prev, row, plo, phi, rlo, rhi = can[k - 1], can[k], lo[k - 1], hi[k - 1], lo[k], hi[k]
            bounded = k <= lo_upto
            for i in range(n):
                if not prev[i]:
                    continue
                work += len(starting[i])
                if work > self.allowance:
                    raise _Budget
                for j, v in starting[i]:
                    row[j] = True
                    if bounded:
                        a, b = plo[i] + v, phi[i] + v
                        if rlo[j] is None or a < rlo[j]:
                            rlo[j] = a
                        if rhi[j] is None or b > rhi[j]:
                            rhi[j] = b
        self.count = work  # the tables are search work too

    def head_sums(self, m: int, i: int) -> set:
        """The sums ``m`` parts can make of the digits [0, i)."""
        hit = self.sums.get((m, i))
        if hit is None:
            hit = set()
            if m == 0:
                if i == 0:
                    hit.add(0)
            elif self.can[m][i]:
                for s, v in self.ending[i]:
                    if self.can[m - 1][s]:
                        prev = self.head_sums(m - 1, s)
                        self.count += len(prev) + 1
                        if self.count > self.allowance:
                            raise _Budget
                        hit.update(x + v for x in prev)
            self.sums[(m, i)] = hit
        return hit

    def fits(self, m: int, i: int, new: int, first: int) -> bool:
        """Cells ``first .. first+m-1`` can end at ``i`` summing to ``new`` (m ≤ 2), with
        ``first`` cells before them."""
        can_first, starts_of = self.can[first], self.starts_of
        if m == 1:
            return any(can_first[s] for s in starts_of[i].get(new, ()))
        for s, v in self.ending[i]:
            if not self.signed and v > new:
                break
            if any(can_first[t] for t in starts_of[s].get(new - v, ())):
                return True
        return False

    def _index(self) -> list[int]:
        """The starts of each piece by its value (for :meth:`fits`); returned, the digit sums of
        the digits [0, i) (casting out nines)."""
        self.starts_of = [{} for _ in range(len(self.digits) + 1)]
        for j, pieces in enumerate(self.ending):
            for i, v in pieces:
                self.starts_of[j].setdefault(v, []).append(i)
        nines = [0]
        for ch in self.digits:
            nines.append(nines[-1] + int(ch))
        return nines

    def layers(self, slots: list[tuple[bool, int, int]], cap: int) -> list[dict]:
        """``layers[t]``: the states after the last t cells are filled, ``{(start, left): [paths
        (capped at cap), [(next state, value), …]]}``; the last layer empty when no split fits."""
        can, lo, hi, ending, signed = self.can, self.lo, self.hi, self.ending, self.signed
        nines = self._index()
        allowance, count = self.allowance, self.count
        layer: dict = {(len(self.digits), 0): [1, []]}
        layers = [layer]
        for k in range(len(slots) - 1, -1, -1):
            ident, sign, gfirst = slots[k]
            nxt: dict = {}
            for (j, left), (paths, _) in layer.items():
                for i, v in ending[j]:
                    count += 1
                    if count > allowance:
                        raise _Budget
                    if not can[k][i]:
                        continue
                    if ident:
                        new = left + sign * v
                        if not signed and new < 0:
                            break  # a longer piece is larger still
                        m = k - gfirst  # cells of the group still to fill, ending at i
                        if m == 0:
                            if new != 0:
                                continue
                        elif gfirst == 0:
                            # casting out nines: parts over [0, i) summing to new have new's digit sum, mod 9
                            if (not signed and (nines[i] - new) % 9) or not lo[m][i] <= new <= hi[m][i]:
                                continue
                            if m <= 3:
                                self.count = count
                                made = self.head_sums(m, i)
                                count = self.count
                                if new not in made:
                                    continue
                        elif m <= 2 and not self.fits(m, i, new, gfirst):
                            continue
                    else:
                        new = 0
                    key = (i, new)
                    st = nxt.get(key)
                    if st is None:
                        nxt[key] = [min(cap, paths), [((j, left), v)]]
                    else:
                        st[0] = min(cap, st[0] + paths)
                        if len(st[1]) < cap:
                            st[1].append(((j, left), v))
            layer = nxt
            layers.append(layer)
            self.count = count
            if not layer:
                break
        return layers


def _every_split(layers: list[dict], cells: int) -> list[tuple[int, ...]]:
    """Every split: the predecessors walked back from the end (``layers[-1]``) to the start (``layers[0]``)."""
    out: list[tuple[int, ...]] = []

    def walk(depth: int, state, acc: list[int]) -> None:
        if depth == 0:
            out.append(tuple(acc))
            return
        for prev, v in layers[depth][state][1]:
            acc.append(v)
            walk(depth - 1, prev, acc)
            acc.pop()

    walk(cells, (0, 0), [])
    return out


def _value(digits: str, i: int, j: int, signed_at: set) -> int:
    v = int(digits[i:j])
    return -v if i in signed_at else v


def is_run(norm: str) -> bool:
    return bool(_RUN.fullmatch(norm))


#: A run whose last cell keeps what follows its digits: a decimal and a unit (``113926.36万元``).
_TAILED = patterns.compile(r"(-?[0-9]+)((?:\.[0-9]+)?(?:" + alternation(units("g")) + ")?)")


def run_head(norm: str) -> str | None:
    """The digits of a run that may be cut (``113926.36万元`` → ``113926``: the decimal and the
    unit stay with the last part), ``None`` when ``norm`` is no run."""
    m = _TAILED.fullmatch(norm)
    return m.group(1) if m else None


def _heads(cells) -> list[str]:
    return [run_head(c.norm.strip()) or "" for c in cells]


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
    heads = [run_head(c.norm.strip()) for c in cells]
    norms = [h for h in heads if h]
    if len(norms) != len(heads) or sum(len(n.lstrip("-")) for n in norms) < columns:
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
        norm = tok.norm.strip()
        digits = run_head(norm) or norm
        tail = norm[len(digits):]  # a decimal and a unit stay with the run's last part
        offset = 0
        frag0 = tok.fragments[0]
        while offset < len(digits):
            value = next(it)
            text = str(value)
            if digits.startswith("-", offset) and not text.startswith("-"):  # -0: the sign was printed
                text = "-" + text
            column = frag0.column + offset
            offset += len(text)
            if offset >= len(digits):
                text += tail
            frag = Fragment(frag0.line, column, text, text, frag0.place)
            out.append(CellToken.make(tok.type, [frag], "glued"))
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
        cands[i] = splits(_heads(cells), shape, open=flags, budget=budget)
    if not cands:
        return rows, set()
    # the column identities (勾稽, the outcome sum) narrow rows a split of their own leaves ambiguous
    if is_applications:
        _narrow(rows, spec, cands, identity_rows, ncols, budget)
    out = list(rows)
    unsolved: set = set()
    for i, found in cands.items():
        label, cells = rows[i]
        run = " ".join(c.value.strip() for c in cells)
        row = spec.row_for(label.base)
        assert row is not None  # a row with candidates is a data row of the template
        if found is not None and len(found) == 1:
            parts = part_tokens(cells, found[0])
            out[i] = (label, parts)
            diag("warning", "glued-cells", line=label.line, where=where, label=row.label, run=run,
                 split=" ".join(t.value for t in parts),
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


def _narrow(rows: list, spec, cands: dict, identity_rows, ncols: int, budget: Budget) -> None:
    """Keep only the candidate splits that some choice of the other rows' splits makes satisfy
    each of 三's column identities (TEMPLATES.md §6.1 勾稽, §6.2 the outcome sum), repeated until
    nothing changes.  An identity is used only when every row it names is printed once, with its
    values read or its candidates found; rows are joined in two halves by their column sums."""
    at: dict[str, list[int]] = {}
    for i, (label, _) in enumerate(rows):
        row = spec.row_for(label.base)
        if row is not None and row.key is not None:
            at.setdefault(row.key, []).append(i)
    outcomes = [r.key for r in spec.rows if r.key is not None and r.key not in NOT_OUTCOMES]
    identities = [(list(identity_rows[0]), list(identity_rows[1]))]
    if outcomes:
        identities.append((outcomes, ["total_processed"]))
    changed = True
    while changed:
        changed = False
        for left, right in identities:
            terms = list(zip([*left, *right], signs(len(left), len(right))))
            if any(len(at.get(k, ())) != 1 for k, _ in terms):
                continue
            fixed = [0] * ncols
            open_terms = []
            for k, sign in terms:
                i = at[k][0]
                if i in cands:
                    options = cands[i]
                else:
                    f = _fixed(rows[i][1], ncols)
                    options = [f] if f is not None else None
                if not options:
                    break
                if len(options) == 1:
                    fixed = [x + sign * v for x, v in zip(fixed, options[0])]
                else:
                    open_terms.append((i, sign, options))
            else:
                if not open_terms:
                    continue
                keep = _join(open_terms, fixed, budget)
                if keep is None:
                    continue
                for (i, _, options), kept in zip(open_terms, keep):
                    if len(kept) < len(options):
                        cands[i] = [v for v in options if v in kept]
                        changed = True


def _join(open_terms, fixed, budget: Budget) -> list[set] | None:
    """The candidates of each open term that appear in some choice making ``fixed + Σ sign·row``
    zero in every column (the totals the sum of the parts, :func:`zfxxgk.arithmetic.signs`); ``None`` when the halves are beyond :data:`MAX_COMBINATIONS`."""
    half = len(open_terms) // 2
    sides = []
    for part in (open_terms[:half], open_terms[half:]):
        n = 1
        for _, _, options in part:
            n *= len(options)
        if n > MAX_COMBINATIONS or n > budget.left:
            return None
        budget.left -= n
        by_sum: dict[tuple, list[tuple]] = {}
        for combo in product(*(options for _, _, options in part)):
            total = tuple(sum(sign * row[c] for (_, sign, _), row in zip(part, combo)) for c in range(len(fixed)))
            by_sum.setdefault(total, []).append(combo)
        sides.append(by_sum)
    keep: list[set] = [set() for _ in open_terms]
    matches = 0
    for total, combos in sides[0].items():
        need = tuple(-f - t for f, t in zip(fixed, total))
        others = sides[1].get(need)
        if not others:
            continue
        matches += len(combos) * len(others)
        if matches > MAX_COMBINATIONS:
            return None
        for c1 in combos:
            for c2 in others:
                for s, v in zip(keep, (*c1, *c2)):
                    s.add(v)
    return keep


def _fixed(cells, ncols) -> tuple | None:
    if len(cells) != ncols:
        return None
    vals = []
    for c in cells:
        v, _ = parse_value(c.norm)
        if v is None and c.norm.strip() not in BLANKS:
            return None  # a cell we cannot read decides nothing
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
    found = splits(_heads(cells), shape, open=flags, budget=budget) if any(flags) else []
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
