"""Stage 5 — serialise: our own cattrs converter; ``to_dict`` / ``from_dict`` / JSON text.

JSON shape: dates are ISO strings; integral values are JSON integers and decimal values JSON
numbers — or, with more significant digits than a JSON number (a float) keeps, the decimal's exact
text (``"12345678901234567.89"``), so no value is ever rounded; ``raw`` keeps the printed text;
tuples are arrays.  ``from_dict(to_dict(r)) == r`` for every report, through JSON text too.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .model import Cell, Diagnostic, Number, Report


#: A decimal written as text (:func:`_number_out`): sign, digits, point, digits, optional exponent.
DECIMAL_TEXT = r"^-?[0-9]+(\.[0-9]+)?(E[-+]?[0-9]+)?$"


def _number_out(v):
    """Integral values as JSON integers; a decimal as a JSON number when the float prints back to
    exactly that decimal (up to 15 significant digits), else as its exact text: never rounded."""
    if isinstance(v, Decimal):
        if v == v.to_integral_value() and v.as_tuple().exponent >= 0:
            return int(v)
        f = float(v)
        return f if Decimal(repr(f)) == v else str(v)
    return v


def _number_in(v):
    if v is None or isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float):
        return Decimal(repr(v))  # the shortest text that is this float: the decimal it was written from
    if isinstance(v, (str, Decimal)):
        d = Decimal(v)
        if not d.is_finite():
            raise ValueError(f"not a number: {v!r}")
        return d
    raise ValueError(f"not a number: {v!r}")


def _cell_out(c: Cell) -> dict:
    out = {"value": _number_out(c.value), "raw": c.raw, "unit": c.unit, "line": c.line}
    if c.page is not None:
        out["page"] = c.page
    if c.box is not None:
        out["box"] = list(c.box)
    return out


def _box_in(v):
    return None if v is None else tuple(float(x) for x in v)


def make_converter() -> cattrs.Converter:
    """A converter for :mod:`zfxxgk.model` (never cattrs' global one)."""
    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(dt.date, lambda d: d.isoformat())
    conv.register_structure_hook(dt.date, lambda v, _: dt.date.fromisoformat(v))
    conv.register_unstructure_hook(Cell, _cell_out)
    conv.register_structure_hook(
        Cell, lambda d, _: Cell(_number_in(d["value"]), d["raw"], d.get("unit"), d.get("line", 0),
                                d.get("page"), _box_in(d.get("box")))
    )
    # positions (page, box) are written only when set: a PDF's; text and HTML output is unchanged
    # and the structured fields only where they apply (model.OMIT_IF_NONE)
    omit: dict[str, Any] = {f.name: override(omit_if_default=True) for f in attrs.fields(Diagnostic) if f.metadata.get("omit_if_none")}
    omit["box"] = override(omit_if_default=True, unstruct_hook=lambda b: None if b is None else list(b))
    conv.register_unstructure_hook(Diagnostic, make_dict_unstructure_fn(Diagnostic, conv, **omit))
    conv.register_unstructure_hook(Number, _number_out)
    conv.register_structure_hook(Number, lambda v, _: _number_in(v))
    conv.register_unstructure_hook(Number | None, _number_out)  # Check.expected / Check.found
    conv.register_structure_hook(Number | None, lambda v, _: _number_in(v))
    # Report and its extensions' subclasses: fields kept in memory only (Report.spec) stay out of JSON
    conv.register_unstructure_hook_factory(
        _is_report, lambda cls: make_dict_unstructure_fn(cls, conv, **_in_memory_only(cls)))
    conv.register_structure_hook_factory(
        _is_report, lambda cls: make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True,
                                                       **_in_memory_only(cls)))
    return conv


def _is_report(cls) -> bool:
    return isinstance(cls, type) and issubclass(cls, Report) and attrs.has(cls)


def _in_memory_only(cls) -> dict:
    return {f.name: override(omit=True) for f in attrs.fields(cls) if f.metadata.get("not_serialised")}


_CONVERTER = make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain dicts, lists, strings and numbers (JSON-ready)."""
    return _CONVERTER.unstructure(report)


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    children: list[type] = cls.__subclasses__()
    for child in children:
        out += [child, *_subclasses(child)]
    return out


def report_class_for(keys) -> type[Report]:
    """The :class:`Report` class whose fields are ``keys``: ``Report`` itself, or the (imported)
    subclass an extension template declares for tables of its own (``statistics``, say) — the one
    with the fewest fields that has them all."""
    keys = set(keys)
    base = {a.name for a in attrs.fields(Report) if not a.metadata.get("not_serialised")}
    if keys <= base:
        return Report
    fits: dict[frozenset, type] = {}
    for sub in _subclasses(Report):
        if "__attrs_attrs__" not in sub.__dict__:  # attrs' pre-slots copy of a class
            continue
        names = frozenset(a.name for a in attrs.fields(sub) if not a.metadata.get("not_serialised"))
        if keys <= names:
            fits[names] = sub
    if not fits:
        raise ValueError(f"unknown key(s) {', '.join(sorted(keys - base))}: no Report subclass declares them "
                         "(import the extension that does, or pass cls=)")
    smallest = min(len(n) for n in fits)
    best = [c for n, c in fits.items() if len(n) == smallest]
    if len(best) > 1:
        shown = ", ".join(sorted(f"{c.__module__}.{c.__qualname__}" for c in best))
        raise ValueError(f"key(s) {', '.join(sorted(keys - base))} fit several Report subclasses ({shown}); pass cls=")
    return best[0]


def from_dict(data: dict[str, Any], cls: type[Report] | None = None) -> Report:
    """Rebuild a :class:`~zfxxgk.model.Report` from :func:`to_dict`'s output (or its JSON).

    A report of an extension template with tables of its own is rebuilt as the ``Report`` subclass
    that declares them (``cls``, or found by its keys among the imported subclasses).
    """
    try:
        if cls is None:
            cls = report_class_for(data) if isinstance(data, dict) else Report
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # cattrs' grouped errors → ours
        from .errors import ReportError

        raise ReportError(f"not a zfxxgk report dict: {exc}") from None


def dumps(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)
