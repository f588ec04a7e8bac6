"""Stage 5 — serialise: our own cattrs converter; ``to_dict`` / ``from_dict`` / JSON text.

JSON shape: dates are ISO strings; integral values are JSON integers and decimal values JSON
numbers (exact as printed up to 15 significant digits — ``raw`` keeps the printed text); tuples
are arrays.  ``from_dict(to_dict(r)) == r`` for every report.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import cattrs

from .model import Cell, Number, Report


def _number_out(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent >= 0 else float(v)
    return v


def _number_in(v):
    if v is None or isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, (float, str, Decimal)):
        return Decimal(str(v))
    raise ValueError(f"not a number: {v!r}")


def make_converter() -> cattrs.Converter:
    """A converter for :mod:`zfxxgk.model` (never cattrs' global one)."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_unstructure_hook(
        Cell, lambda c: {"value": _number_out(c.value), "raw": c.raw, "unit": c.unit, "line": c.line}
    )
    conv.register_structure_hook(
        Cell, lambda d, _: Cell(_number_in(d["value"]), d["raw"], d.get("unit"), d.get("line", 0))
    )
    conv.register_unstructure_hook(Number, _number_out)
    conv.register_structure_hook(Number, lambda v, _: _number_in(v))
    conv.register_unstructure_hook(Number | None, _number_out)  # Check.expected / Check.found
    conv.register_structure_hook(Number | None, lambda v, _: _number_in(v))
    return conv


_CONVERTER = make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain dicts, lists, strings and numbers (JSON-ready)."""
    return _CONVERTER.unstructure(report)


def from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a :class:`~zfxxgk.model.Report` from :func:`to_dict`'s output (or its JSON)."""
    try:
        return _CONVERTER.structure(data, Report)
    except Exception as exc:  # cattrs' grouped errors → ours
        from .errors import ReportError

        raise ReportError(f"not a zfxxgk report dict: {exc}") from None


def dumps(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)
