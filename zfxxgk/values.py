"""Cell values: the number a printed cell states, its unit, and the :class:`~zfxxgk.model.Cell` for
a token.  Shared by the lexer-side stages (driver, glued cells) and the transformers."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from .model import Cell

if TYPE_CHECKING:
    from .parser.lexer import CellToken

_VALUE = re.compile(
    r"(?P<sign>[-−+]?)(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?\s*(?P<unit>万元|亿元|元|批次|人次|%|[件个项条次家宗份篇户人套台万])?"
)
#: What a printed cell holds when it states no number (kept distinct from a printed 0).
BLANKS = {"", "/", "／", "-", "－", "–", "无"}


def parse_value(norm: str) -> tuple[int | Decimal | None, str | None]:
    """``"25795万元"`` → ``(25795, "万元")``; ``"-9539"`` → ``(-9539, None)``; blanks → ``(None, None)``."""
    text = norm.strip()
    if text in BLANKS or set(text) <= {"—", "―", "-"}:
        return None, None
    m = _VALUE.fullmatch(text)
    if not m:
        return None, None
    digits = m.group("int").replace(",", "")
    if len(digits) > 64:  # no table value is that long (and int() refuses > 4300 digits): not a number
        return None, None
    sign = "-" if m.group("sign") in ("-", "−") else ""
    if m.group("frac") is not None:
        value: int | Decimal = Decimal(f"{sign}{digits}.{m.group('frac')}")
    else:
        value = int(sign + digits)
    return value, m.group("unit")


def to_cell(tok: CellToken, unit: str | None = None) -> Cell:
    value, printed = parse_value(tok.norm)
    place = tok.fragments[0].place if getattr(tok, "fragments", None) else None
    page, box = place if place is not None else (None, None)
    return Cell(value, tok.value.strip(), printed or (unit if value is not None else None), tok.line, page, box)
