"""Glued cells: recovering table cells from digit runs that lost their separators.

Some crawlers drop every separator between table cells: ``规章000行政规范性文件8855698`` (= 0 0 0 /
88 55 698), ``一、本年新收政府信息公开申请数量 713000074`` (= 71 3 0 0 0 0 74).  Two steps:

1. **Cutting labels off** (:func:`split_glued`, called by the lexer): a fragment that is an
   acceptable row label immediately followed by digits, possibly several ``label digits`` pairs,
   is cut into label and digit-run fragments.  The first label must be one the parser accepts now;
   each later one must be a label of the grammar; every other part must be digits (a run).  Prose
   never qualifies (a fragment of anything else is left whole).
2. **Splitting runs** (:func:`recover_rows`, :func:`recover_review`, called by the transformer):
   a row with fewer cells than the template's columns whose cells are all plain digit runs is
   split into exactly the template's column count, every part without a leading zero (a lone
   ``0`` is fine), keeping only splits that satisfy the template's arithmetic:

   * section 三 — each row: ``total`` = the six applicant columns; the table: the stated 勾稽
     identity ``new_received + carried_over = total_processed + carried_forward`` per column,
     used when a row alone is ambiguous and the other three rows are known or candidates;
   * section 四 — in each group ``total = upheld + corrected + other + pending``;
   * Article 20 tables have no identity: only the column count and the no-leading-zero rule.

   Exactly one split left: its cells are placed and a ``glued-cells`` warning names the split.
   None or several: a ``glued-cells`` error keeps each raw run (``Cell(value=None, raw=run)``)
   with its line, and the row is not placed.  Never a guess.  A row cut short looks like a glued
   one, so a row is only tried with evidence that separators were lost (see :func:`glued_candidate`).

Bounds: a run is at most :data:`MAX_DIGITS` digits and a part at most :data:`MAX_PART` digits;
the depth-first search checks each group's identity as soon as the group is complete and stops
after :data:`MAX_STEPS` steps or :data:`MAX_CANDIDATES` surviving splits of one row ("too
ambiguous": reported, not placed); combining rows for the 勾稽 identity stops after
:data:`MAX_COMBINATIONS` combinations.
"""

from __future__ import annotations

import re
from itertools import product
from typing import Callable, Sequence

from ..model import Cell
from ..values import parse_value
from .normalise import Fragment, fold, simplify

MAX_DIGITS = 64
MAX_PART = 9
MAX_STEPS = 200_000
MAX_CANDIDATES = 64
MAX_COMBINATIONS = 100_000

_RUN = re.compile(r"-?[0-9]+")
_KEYCHAR = re.compile(r"[^\W_]")
_UNIT = re.compile(r"万元|亿元|元|批次|人次|件|个|项|条|次|家|%|宗|份|篇|户|笔")
_TAIL = re.compile(r"[0-9](?:" + _UNIT.pattern + r")?$")


# ---- 1. cutting labels off digit runs (lexer) ----------------------------------------------------

def _label_at(s: str, i: int, key: str) -> int | None:
    """End index in ``s`` if the label ``key`` (punctuation-insensitive) starts at ``i``."""
    j, k = i, 0
    while k < len(key):
        if j >= len(s):
            return None
        c = s[j]
        if not _KEYCHAR.match(c):
            if c.isspace() or c in "-+":
                return None
            j += 1
            continue
        if c != key[k]:
            return None
        j += 1
        k += 1
    while j < len(s) and not _KEYCHAR.match(s[j]) and not s[j].isspace() and s[j] not in "-+":
        j += 1  # closing punctuation of the label: ） ” 、
    return j


def _longest_label(s: str, i: int, keys: Sequence[str]) -> int | None:
    for key in keys:
        end = _label_at(s, i, key)
        if end is not None:
            return end
    return None


def split_glued(frag: Fragment, first_keys: Sequence[str], later_keys: Sequence[str], cell_ok: bool) -> list[Fragment] | None:
    """``规章000行政规范性文件8855698`` → ``规章`` · ``000`` · ``行政规范性文件`` · ``8855698``.

    ``first_keys`` are the label keys the parser accepts now (longest first), ``later_keys`` all
    label keys of the grammar; ``cell_ok`` tells whether a cell may come first.  ``None`` unless the
    whole fragment is labels and digit runs, with at least one run glued to a label.
    """
    text = frag.text
    if not ends_in_value(frag.norm):
        return None
    # a per-character matching form, so positions map back to the printed text
    chars = [fold(ch) or " " for ch in text]
    if any(len(c) != 1 for c in chars):
        return None
    s = simplify("".join(chars))  # whole phrases: 反覆 → 反复 only converts in context
    if len(s) != len(chars):
        s = "".join(simplify(c) for c in chars)
    pieces: list[tuple[int, int, str]] = []  # (start, end, kind)
    i = 0
    glued = False
    while i < len(s):
        if s[i].isspace():
            i += 1
            continue
        keys = first_keys if not pieces else later_keys
        end = _longest_label(s, i, keys)
        if end is not None and end > i:
            pieces.append((i, end, "label"))
            i = end
            continue
        if s[i].isdigit() or (s[i] == "-" and i + 1 < len(s) and s[i + 1].isdigit()):
            if not pieces and not cell_ok:
                return None
            j = i + 1
            while j < len(s) and s[j].isdigit():
                # a numbered label (2.其他法律…) may follow a run directly
                if _longest_label(s, j, later_keys) is not None and j + 1 < len(s) and not s[j + 1].isdigit():
                    break
                j += 1
            unit = _UNIT.match(s, j)
            if unit:  # a unit closes a cell: 625批次25795万元
                j = unit.end()
            if pieces and pieces[-1][2] == "label" and pieces[-1][1] == i:
                glued = True
            pieces.append((i, j, "run"))
            if j < len(s) and not s[j].isspace():
                glued = True
            i = j
            continue
        return None
    kinds = [k for _, _, k in pieces]
    if not glued or "run" not in kinds or len(pieces) < 2:
        return None
    return [Fragment(frag.line, frag.column + a, text[a:b].strip(), simplify(fold(text[a:b]))) for a, b, _ in pieces]


def ends_in_value(norm: str) -> bool:
    """Whether ``norm`` ends the way a glued row does: digits, maybe a unit (``…625批次25795万元``)."""
    return bool(_TAIL.search(norm))


def label_keys(matchers) -> list[str]:
    """Keys of the literal (label) terminals among ``matchers``, longest first."""
    keys = {k for m in matchers if m.literals and not m.fallback for k in m.keys if k}
    return sorted(keys, key=len, reverse=True)


# ---- 2. splitting runs by the template's arithmetic (transformer) ---------------------------------

#: A row shape: groups of column counts, each with or without the identity "last = sum of others".
Shape = tuple[tuple[int, bool], ...]


class _Budget(Exception):
    pass


def splits(chunks: Sequence[str], shape: Shape, *, steps: int = MAX_STEPS, limit: int = MAX_CANDIDATES) -> list[tuple[int, ...]] | None:
    """Every way to cut ``chunks`` (digit runs; a separator between chunks is certain) into the
    cells of ``shape``, no part with a leading zero, each group's identity holding.  ``None`` when
    the search is beyond its bounds (too long, too many steps or candidates)."""
    total = sum(n for n, _ in shape)
    if not chunks or sum(len(c.lstrip("-")) for c in chunks) > MAX_DIGITS or len(chunks) > total:
        return None
    pos = 0
    closes = {}
    for n, ident in shape:
        pos += n
        closes[pos] = (n, ident)
    out: list[tuple[int, ...]] = []
    count = [0]

    def ok_group(parts: list[int]) -> bool:
        n, ident = closes[len(parts)]
        if not ident:
            return True
        group = parts[-n:]
        return group[-1] == sum(group[:-1])

    def rec(ci: int, offset: int, parts: list[int]):
        count[0] += 1
        if count[0] > steps:
            raise _Budget
        if ci == len(chunks):
            if len(parts) == total:
                out.append(tuple(parts))
                if len(out) > limit:
                    raise _Budget
            return
        chunk = chunks[ci]
        rest = chunk[offset:]
        left_parts = total - len(parts)
        left_chunks = len(chunks) - ci - 1
        if left_parts < 1 + left_chunks:
            return
        sign = ""
        if rest.startswith("-"):
            sign, rest = "-", rest[1:]
        for width in range(1, min(MAX_PART, len(rest)) + 1):
            piece = rest[:width]
            if len(piece) > 1 and piece[0] == "0":
                break
            value = int(sign + piece)
            parts.append(value)
            if len(parts) in closes and not ok_group(parts):
                parts.pop()
                continue
            if width == len(rest):
                rec(ci + 1, 0, parts)
            elif len(parts) < total:
                rec(ci, offset + len(sign) + width, parts)
            parts.pop()

    try:
        rec(0, 0, [])
    except _Budget:
        return None
    return out


def is_run(norm: str) -> bool:
    return bool(_RUN.fullmatch(norm))


def glued_candidate(cells: Sequence, columns: int, *, label=None, identity: bool = False) -> bool:
    """A row whose cells may be glued runs: fewer cells than columns, all plain digit runs, enough
    digits for every column — and evidence that separators were lost, since a row cut short
    looks the same: a table identity to check every split against (section 三 rows, section 四),
    or a run that cannot be one number (``000``: a leading zero), or a run printed right against
    its row label (``规章000``)."""
    if not cells or len(cells) >= columns:
        return False
    norms = [c.norm.strip() for c in cells]
    if not all(is_run(n) for n in norms) or sum(len(n.lstrip("-")) for n in norms) < columns:
        return False
    if identity or any(len(n.lstrip("-")) > 1 and n.lstrip("-")[0] == "0" for n in norms):
        return True
    if label is not None:
        end = label.fragments[-1]
        first = cells[0].fragments[0]
        return first.line == end.line and first.column == end.column + len(end.text)
    return False


def _shown(parts) -> str:
    return " ".join(str(p) for p in parts)


def part_tokens(cells: Sequence, parts: Sequence[int]):
    """Tokens for the parts of glued runs, each with the run's line and its column in the run."""
    from .lexer import CellToken

    out = []
    it = iter(parts)
    for tok in cells:
        digits = tok.norm.strip()
        offset = 0
        frag0 = tok.fragments[0]
        while offset < len(digits):
            value = next(it)
            text = str(value)
            frag = Fragment(frag0.line, frag0.column + offset, text, text, frag0.place)
            piece = CellToken.make(tok.type, [frag], "glued")
            out.append(piece)
            offset += len(text)
    return out


#: The 勾稽 identity of section 三: (left rows, right rows).
IDENTITY = (("new_received", "carried_over"), ("total_processed", "carried_forward"))


def recover_rows(rows: list, spec, where: str, diag: Callable, *, identity_rows=IDENTITY) -> tuple[list, set]:
    """Split the glued runs of a table's rows; return the rows (glued cells replaced by their
    parts where exactly one split fits) and the ids of the labels of rows left unsolved."""
    ncols = len(spec.columns)
    is_applications = spec.key == "applications"
    shape: Shape = ((ncols, True),) if is_applications and spec.columns[-1].key == "total" else ((ncols, False),)
    cands: dict[int, list[tuple[int, ...]] | None] = {}
    for i, (label, cells) in enumerate(rows):
        row = spec.row_for(label.base)
        if row is None or row.key is None or not glued_candidate(cells, ncols, label=label, identity=shape[0][1]):
            continue
        cands[i] = splits([c.norm.strip() for c in cells], shape)
    if not cands:
        return rows, set()
    # the 勾稽 identity narrows rows a split of their own leaves ambiguous
    if is_applications:
        key_at = {}
        for i, (label, cells) in enumerate(rows):
            row = spec.row_for(label.base)
            if row is not None and row.key is not None and row.key not in key_at:
                key_at[row.key] = i
        needed = [*identity_rows[0], *identity_rows[1]]
        if all(k in key_at for k in needed) and any(key_at[k] in cands and cands[key_at[k]] and len(cands[key_at[k]]) > 1
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
            if all(options) and n <= MAX_COMBINATIONS:
                keep: list[set] = [set() for _ in needed]
                for combo in product(*options):
                    a, b, c, d = combo
                    if all(a[j] + b[j] == c[j] + d[j] for j in range(ncols)):
                        for s, v in zip(keep, combo):
                            s.add(v)
                for k, s in zip(needed, keep):
                    i = key_at[k]
                    if i in cands:
                        cands[i] = [v for v in cands[i] if v in s]
    out = list(rows)
    unsolved: set = set()
    for i, found in cands.items():
        label, cells = rows[i]
        run = " ".join(c.value.strip() for c in cells)
        row = spec.row_for(label.base)
        if found is not None and len(found) == 1:
            out[i] = (label, part_tokens(cells, found[0]))
            diag("warning", "glued-cells", f"{where}: row {row.label} printed its cells without separators ({run!r}); "
                 f"the only split that fits the template is {_shown(found[0])}", label.line)
            continue
        unsolved.add(id(label))

        why = ("no split fits the template's arithmetic" if found == [] else
               f"{len(found)} splits fit (e.g. {_shown(found[0])} or {_shown(found[1])})" if found else
               "too many ways to split it (beyond the search bounds)")
        diag("error", "glued-cells", f"{where}: row {row.label} printed its cells without separators ({run!r}) and "
             f"{why}; not placed", label.line, [Cell(None, c.value.strip(), None, c.line) for c in cells])
    return out, unsolved


def _fixed(cells, ncols) -> tuple | None:
    if len(cells) != ncols:
        return None
    vals = []
    for c in cells:
        v, _ = parse_value(c.norm)
        vals.append(0 if v is None else v)
    return tuple(vals)


def recover_review(cells: list, spec, diag: Callable) -> list | None:
    """Section 四's one row: split glued runs into the 15 cells (three groups with identities)."""
    expected = len(spec.groups) * len(spec.columns)
    if not glued_candidate(cells, expected, identity=spec.columns[-1].key == "total"):
        return None
    ident = spec.columns[-1].key == "total"
    shape: Shape = tuple((len(spec.columns), ident) for _ in spec.groups)
    found = splits([c.norm.strip() for c in cells], shape)
    run = " ".join(c.value.strip() for c in cells)
    if found is not None and len(found) == 1:
        diag("warning", "glued-cells", f"四: the values were printed without separators ({run!r}); the only split "
             f"that fits the template is {_shown(found[0])}", cells[0].line)
        return part_tokens(cells, found[0])
    from ..model import Cell

    why = ("no split fits the template's arithmetic" if found == [] else
           f"{len(found)} splits fit" if found else "too many ways to split them (beyond the search bounds)")
    diag("error", "glued-cells", f"四: the values were printed without separators ({run!r}) and {why}; not placed",
         cells[0].line, [Cell(None, c.value.strip(), None, c.line) for c in cells])
    return []
