"""Tokens: what the lexer hands the grammar, and what the transformers and diagnostics read back.

A :class:`CellToken` is a Lark token that keeps the fragment(s) it was made from (source line,
column, raw and normalised text) and how the lexer matched it."""

from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from lark import Token

from ..model import Cell
from ..values import parse_value
from .normalise import Fragment


@lru_cache(maxsize=4096)
def base_name(name: str) -> str:
    """``national__TOTAL`` → ``TOTAL``, ``_national__body`` → ``_body``: Lark prefixes imported names
    with their grammar's name (after any leading underscores, which mark inlined rules)."""
    core = name.lstrip("_")
    return name[: len(name) - len(core)] + core.rsplit("__", 1)[-1]


class CellToken(Token):
    """A Lark token that remembers the fragment(s) it was made from and how it was matched."""

    __slots__ = ("fragments", "how", "norm")

    fragments: tuple[Fragment, ...]
    line: int  # always set (from the first fragment), unlike a plain Lark token's
    column: int
    how: str  # "exact" | "renumbered" | "joined" | "truncated" | "implied" | "numeral" | "fallback" | "unplaced"
    norm: str

    @classmethod
    def make(cls, type_: str, frags: Sequence[Fragment], how: str) -> "CellToken":
        first = frags[0]
        if len(frags) == 1:
            tok = cls(type_, first.text, None, first.line, first.column)
            tok.norm = first.norm
        else:
            tok = cls(type_, "".join(f.text for f in frags), None, first.line, first.column)
            tok.norm = "".join(f.norm for f in frags)
        tok.fragments = tuple(frags)
        tok.how = how
        return tok

    @property
    def base(self) -> str:
        return base_name(self.type)

    @property
    def whole(self) -> Fragment:
        """The token as one fragment (its own, or its fragments' texts and norms joined), to cut
        parts off with :meth:`~zfxxgk.parser.normalise.Fragment.cut` rather than normalise them again."""
        frags: tuple[Fragment, ...] = getattr(self, "fragments", ())
        if len(frags) == 1:
            return frags[0]
        return Fragment(self.line, self.column, self.value, self.norm)


def to_cell(tok: CellToken, unit: str | None = None) -> Cell:
    value, printed = parse_value(tok.norm)
    place = tok.fragments[0].place if getattr(tok, "fragments", None) else None
    page, box = place if place is not None else (None, None)
    return Cell(value, tok.value.strip(), printed or (unit if value is not None else None), tok.line, page, box)
