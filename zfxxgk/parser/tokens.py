"""Tokens: what the lexer hands the grammar, and what the transformers and diagnostics read back.

A :class:`CellToken` is a Lark token that keeps the fragment(s) it was made from (source line,
column, raw and normalised text) and how the lexer matched it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from lark import Token

from ..model import Cell
from ..values import parse_value
from .normalise import Fragment


_new = str.__new__

#: ``CellToken.how`` of a cell whose value a bad byte made unreadable (see
#: :func:`zfxxgk.values.damaged_number`): it holds its place in a row, and is never placed.
UNREADABLE = "unreadable"


@lru_cache(maxsize=4096)
def base_name(name: str) -> str:
    """``national__TOTAL`` → ``TOTAL``, ``_national__body`` → ``_body``: Lark prefixes imported names
    with their grammar's name (after any leading underscores, which mark inlined rules)."""
    core = name.lstrip("_")
    return name[: len(name) - len(core)] + core.rsplit("__", 1)[-1]


class CellToken(Token):
    """A Lark token that remembers the fragment(s) it was made from and how it was matched."""

    __slots__ = ("fragments", "how", "norm", "base")

    fragments: tuple[Fragment, ...]
    line: int  # always set (from the first fragment), unlike a plain Lark token's
    column: int
    how: str  # "exact" | "renumbered" | "joined" | "truncated" | "implied" | "numeral" | "unreadable" | "fallback" | "unplaced"
    norm: str
    #: the terminal's name without its grammar's prefix (``national__TOTAL`` → ``TOTAL``)
    base: str

    @classmethod
    def make(cls, type_: str, frags: Sequence[Fragment], how: str) -> "CellToken":
        # built field by field, as Lark's ``Token.__new__`` does, without its keyword handling
        # (one token per fragment: this is on the lexer's hot path)
        first = frags[0]
        if len(frags) == 1:
            text = first.text
            tok = _new(cls, text)
            tok.norm = first.norm
            tok.fragments = (first,)
        else:
            text = "".join(f.text for f in frags)
            tok = _new(cls, text)
            tok.norm = "".join(f.norm for f in frags)
            tok.fragments = tuple(frags)
        tok.type = type_
        tok.base = base_name(type_)
        tok.value = text
        tok.start_pos = tok.end_line = tok.end_column = tok.end_pos = None
        tok.line = first.line
        tok.column = first.column
        tok.how = how
        return tok

    if not TYPE_CHECKING:  # (hidden from mypy, which would let any attribute through a __getattr__)
        def __getattr__(self, name: str):
            if name == "base":  # a token not made by make() (Lark's copies, unpickled ones)
                return base_name(self.type)
            raise AttributeError(name)

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
    frags = getattr(tok, "fragments", None)
    place = frags[0].place if frags else None
    if place is None:
        return Cell(value, tok.value.strip(), printed or (unit if value is not None else None), tok.line)
    return Cell(value, tok.value.strip(), printed or (unit if value is not None else None), tok.line, *place)
