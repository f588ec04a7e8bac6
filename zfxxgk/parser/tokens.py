"""Tokens: what the lexer hands the grammar, and what the transformers and diagnostics read back.

A :class:`CellToken` is a token (a ``str``, its text, with a terminal ``type`` — what a Lark token
is) that keeps the fragment(s) it was made from (source line, column, raw and normalised text) and
how the lexer matched it.  Not ``lark.Token``: a warm process never imports Lark
(:mod:`zfxxgk.parser.runtime`)."""

from __future__ import annotations

from typing import Sequence

from ..model import Cell, new_cell
from ..values import parse_value
from .normalise import Fragment


_new = str.__new__

#: ``CellToken.how`` of a cell whose value a bad byte made unreadable (see
#: :func:`zfxxgk.values.damaged_number`): it holds its place in a row, and is never placed.
UNREADABLE = "unreadable"


#: terminal name → its base, for the names met (a plain dict: the lexer's hot path reads it first)
_BASES: dict[str, str] = {}


def base_name(name: str) -> str:
    """``national__TOTAL`` → ``TOTAL``, ``_national__body`` → ``_body``: Lark prefixes imported names
    with their grammar's name (after any leading underscores, which mark inlined rules)."""
    base = _BASES.get(name)
    if base is None:
        core = name.lstrip("_")
        base = name[: len(name) - len(core)] + core.rsplit("__", 1)[-1]
        if len(_BASES) < 4096:
            _BASES[name] = base
    return base


class CellToken(str):
    """A token that remembers the fragment(s) it was made from and how it was matched."""

    __slots__ = ("type", "value", "line", "column", "fragments", "how", "norm", "base")

    type: str  # the terminal's name
    value: str  # the text, as a plain str
    fragments: tuple[Fragment, ...]
    line: int  # from the first fragment
    column: int
    how: str  # "exact" | "renumbered" | "joined" | "truncated" | "damaged" | "implied" | "numeral" | "unreadable" | "fallback" | "unplaced"
    norm: str
    #: the terminal's name without its grammar's prefix (``national__TOTAL`` → ``TOTAL``)
    base: str

    def __new__(cls, type_: str, value: str, line: int, column: int) -> "CellToken":
        tok = _new(cls, value)
        tok.type, tok.base, tok.value, tok.line, tok.column = type_, base_name(type_), value, line, column
        return tok

    def __repr__(self) -> str:
        return f"Token({self.type!r}, {self.value!r})"

    def __eq__(self, other) -> bool:  # as Lark's: tokens of different types differ
        if isinstance(other, CellToken) and self.type != other.type:
            return False
        return str.__eq__(self, other)

    __hash__ = str.__hash__

    @classmethod
    def make(cls, type_: str, frags: Sequence[Fragment], how: str) -> "CellToken":
        # built field by field, without __new__'s call (one token per fragment: the lexer's hot path)
        first = frags[0]
        if len(frags) == 1:
            text = first.text
            tok = _new(cls, text)
            tok.norm = first.norm
            tok.fragments = frags if frags.__class__ is tuple else (first,)
        else:
            text = "".join(f.text for f in frags)
            tok = _new(cls, text)
            tok.norm = "".join(f.norm for f in frags)
            tok.fragments = tuple(frags)
        tok.type = type_
        tok.base = _BASES.get(type_) or base_name(type_)
        tok.value = text
        tok.line = first.line
        tok.column = first.column
        tok.how = how
        return tok

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
    page, box = place if place is not None else (None, None)  # (from a PDF: its page and box)
    return new_cell(value, tok.value.strip(), printed or (unit if value is not None else None), tok.line, page, box)
