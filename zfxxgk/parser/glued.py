"""Glued cells: recovering table cells from digit runs that lost their separators.

Some crawlers drop every separator between table cells: ``规章000行政规范性文件8855698`` (= 0 0 0 /
88 55 698), ``一、本年新收政府信息公开申请数量 713000074`` (= 71 3 0 0 0 0 74).  Two steps:

1. **Cutting labels off** (:func:`split_glued`, called by the lexer): a fragment that is an
   acceptable row label immediately followed by digits, possibly several ``label digits`` pairs,
   is cut into label and digit-run fragments.  The first label must be one the parser accepts now;
   each later one must be a label of the grammar; every other part must be digits (a run).  Prose
   never qualifies (a fragment of anything else is left whole).
The second step, splitting digit runs by the template's arithmetic, is the transformers'
(:mod:`zfxxgk.transformers.recovery`).
"""

from __future__ import annotations

from typing import Sequence

from .. import patterns
from ..vocabulary import alternation, units
from .normalise import Fragment
from .text import align, remember

_KEYCHAR = patterns.compile(r"[^\W_]")
_UNIT = patterns.compile(alternation(units("g")))
_TAIL = patterns.compile(r"[0-9](?:" + _UNIT.pattern + r")?$")


# ---- cutting labels off digit runs (lexer) ------------------------------------------------------

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


_INDEX: dict[int, tuple[Sequence[str], dict[str, list[str]]]] = {}


def _index(keys: Sequence[str]) -> dict[str, list[str]]:
    """``keys`` by first character (longest first still), so a position is tried against a few."""
    hit = _INDEX.get(id(keys))
    if hit is None or hit[0] is not keys:
        idx: dict[str, list[str]] = {}
        for k in keys:
            if k:
                idx.setdefault(k[0], []).append(k)
        hit = remember(_INDEX, id(keys), (keys, idx), 257)
    return hit[1]


def _longest_label(s: str, i: int, keys: Sequence[str]) -> int | None:
    j = i
    while j < len(s) and not _KEYCHAR.match(s[j]):  # leading punctuation is skipped by _label_at too
        if s[j].isspace() or s[j] in "-+":
            return None
        j += 1
    if j >= len(s):
        return None
    for key in _index(keys).get(s[j], ()):
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
    if not ends_in_value(frag.norm):
        return None
    # the matching form character by character, so positions are the printed text's (an invisible
    # character has no form: no position to map, and no separator to trust)
    s = align(frag.text, frag.norm).strict_chars()
    if s is None:
        return None
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
            if j + 1 < len(s) and s[j] == "." and s[j + 1].isdigit():  # a decimal amount: 113926.36万元
                j += 1
                while j < len(s) and s[j].isdigit():
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
    return frag.pieces([(a, b) for a, b, _ in pieces])


def ends_in_value(norm: str) -> bool:
    """Whether ``norm`` ends the way a glued row does: digits, maybe a unit (``…625批次25795万元``)."""
    return bool(_TAIL.search(norm))


def label_keys(matchers) -> list[str]:
    """Keys of the literal (label) terminals among ``matchers``, longest first."""
    keys = {k for m in matchers if m.literals and not m.fallback for k in m.keys if k}
    return sorted(keys, key=len, reverse=True)
