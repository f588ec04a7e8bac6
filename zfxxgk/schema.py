"""The JSON Schema of zfxxgk's output, generated from the attrs model (never written by hand).

:func:`json_schema` walks :class:`zfxxgk.model.Report`'s attrs fields and their resolved type hints
and maps each type the way :mod:`zfxxgk.serialise`'s converter writes it: ``int`` → integer,
``Number`` (``int | Decimal``) → number (or a string of digits for a decimal with more significant
digits than a JSON number keeps exactly), ``datetime.date`` → ISO date string, ``X | None`` → X or
null, ``tuple[X, ...]`` → array (``tuple[X, Y]`` → fixed-length array), ``dict[str, X]`` → object of X, an attrs class → an object (under
``$defs``) with every field required (the converter always writes them all, except the PDF
positions ``page``/``box`` and a diagnostic's ``column`` and structured fields, written only when set) and nothing else.

A hand-rolled walk rather than a library: the model uses a handful of types, the mapping must
follow our converter's hooks exactly (dates, decimals, ``Cell``), and pydantic or similar would
mean a second model or a heavy dependency for ~100 lines.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from decimal import Decimal

from .serialise import DECIMAL_TEXT

import attrs

from . import model

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Closed vocabularies the model states as constants.
ENUMS = {(model.Diagnostic, "severity"): list(model.SEVERITIES)}


def _doc(cls) -> str | None:
    doc = (cls.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split()) or None


class _Builder:
    def __init__(self):
        self.defs: dict[str, dict] = {}

    def of(self, tp) -> dict:
        if tp is type(None):
            return {"type": "null"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp in (float, Decimal):
            return {"type": "number"}
        if tp is str:
            return {"type": "string"}
        if tp is dt.date:
            return {"type": "string", "format": "date"}
        if attrs.has(tp):
            return self.ref(tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return self.union(args)
        if origin is tuple:
            if len(args) == 2 and args[1] is Ellipsis:
                return {"type": "array", "items": self.of(args[0])}
            return {"type": "array", "prefixItems": [self.of(a) for a in args], "items": False}
        if origin in (list, typing.List):
            return {"type": "array", "items": self.of(args[0])}
        if origin in (dict, typing.Dict):
            key, value = args
            if key is not str:
                raise TypeError(f"JSON object keys must be str, not {key!r}")
            return {"type": "object", "additionalProperties": self.of(value)}
        raise TypeError(f"no JSON Schema for type {tp!r}")

    def union(self, args) -> dict:
        nullable = type(None) in args
        rest = [a for a in args if a is not type(None)]
        if set(rest) == {int, Decimal}:  # model.Number: a JSON number, or a decimal too long for one as text
            inner = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": DECIMAL_TEXT}]}
        elif len(rest) == 1:
            inner = self.of(rest[0])
        else:
            inner = {"anyOf": [self.of(a) for a in rest]}
        if not nullable:
            return inner
        if set(inner) == {"type"} and isinstance(inner["type"], str):
            return {"type": [inner["type"], "null"]}
        if set(inner) == {"anyOf"}:
            return {"anyOf": [*inner["anyOf"], {"type": "null"}]}
        return {"anyOf": [inner, {"type": "null"}]}

    def ref(self, cls) -> dict:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: recursive types (Section.children) refer to themselves
            hints = typing.get_type_hints(cls)
            props = {}
            fields = [f for f in attrs.fields(cls) if not f.metadata.get("not_serialised")]  # Report.spec
            for f in fields:
                s = dict(self.of(hints[f.name]))
                if (cls, f.name) in ENUMS:
                    s["enum"] = ENUMS[(cls, f.name)]
                props[f.name] = s
            # every field is written, except positions and structured fields written only when set (model.OMIT_IF_NONE)
            required = [f.name for f in fields if not f.metadata.get("omit_if_none")]
            d = {"type": "object", "properties": props, "required": required, "additionalProperties": False}
            if _doc(cls):
                d = {"description": _doc(cls), **d}
            self.defs[name] = d
        return {"$ref": f"#/$defs/{name}"}


def json_schema(*, record: bool = False, report_classes=()) -> dict:
    """The JSON Schema of :func:`zfxxgk.to_dict`'s output.

    With ``record=True``: of one record written by ``zfxxgk parse`` — a report with its ``source``
    path, or ``{"source": …, "error": …}`` for a file that could not be parsed.
    ``report_classes``: :class:`~zfxxgk.model.Report` subclasses of extension templates (tables of
    their own, e.g. ``statistics``), allowed beside the plain report (see :func:`report_classes`).
    """
    b = _Builder()
    classes = [model.Report, *(c for c in dict.fromkeys(report_classes) if c is not model.Report)]
    tops = [b.ref(c) for c in classes]
    schema: dict = {"$schema": DIALECT, "$id": "urn:zfxxgk:report", "title": "zfxxgk report"}
    if record:
        parsed = []
        for cls in classes:
            report = b.defs[cls.__name__]
            name = "ParsedRecord" if cls is model.Report else f"Parsed{cls.__name__}"
            b.defs[name] = {
                **report, "description": "One parsed file: its path and the report"
                + ("." if cls is model.Report else f" ({cls.__name__})."),
                "properties": {"source": {"type": "string"}, **report["properties"]},
                "required": ["source", *report["required"]],
            }
            parsed.append({"$ref": f"#/$defs/{name}"})
        b.defs["ErrorRecord"] = {
            "description": "One file that could not be parsed: its path and the reason.",
            "type": "object", "properties": {"source": {"type": "string"}, "error": {"type": "string"}},
            "required": ["source", "error"], "additionalProperties": False,
        }
        schema.update({"$id": "urn:zfxxgk:record", "title": "zfxxgk parse record",
                       "oneOf": [*parsed, {"$ref": "#/$defs/ErrorRecord"}]})
    elif len(tops) == 1:
        schema.update(tops[0])
    else:
        schema["oneOf"] = tops
    schema["$defs"] = dict(sorted(b.defs.items()))
    return schema


def report_classes(parser) -> tuple[type, ...]:
    """The :class:`~zfxxgk.model.Report` classes the templates of ``parser`` (a :class:`zfxxgk.Parser`) build."""
    return tuple(dict.fromkeys(parser.template(name).transformer.report_class for name in parser.templates))


def dumps(*, record: bool = False, indent: int | None = 2, report_classes=()) -> str:
    return json.dumps(json_schema(record=record, report_classes=report_classes), ensure_ascii=False, indent=indent)
