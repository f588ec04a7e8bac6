"""The shared ``__repr__`` of the model's attrs classes (zfxxgk/reprs.py) gives the text attrs' own
generated ``__repr__`` gives: checked on every object of a parsed report and on the templates'
specs, against a twin class with the same fields for which attrs writes the repr."""

import importlib
from pathlib import Path

import attrs
import zfxxgk
from zfxxgk import model, spec, templates
from zfxxgk.reprs import attrs_repr

ROOT = Path(__file__).resolve().parent.parent

CLASSES = [c for m in (model, spec, templates) for c in vars(m).values()
           if isinstance(c, type) and c.__module__ == m.__name__ and attrs.has(c)]
_TWINS: dict[type, type] = {}


def attrs_own_repr(obj) -> str:
    """``repr(obj)`` as attrs generates it: a twin class with ``obj``'s fields and attrs' repr."""
    cls = type(obj)
    twin = _TWINS.get(cls)
    if twin is None:
        fields = {a.name: attrs.field(repr=a.repr, init=a.init) for a in attrs.fields(cls)}
        twin = _TWINS[cls] = attrs.make_class(cls.__name__, fields, frozen=True, slots=True, eq=False)
        twin.__qualname__ = cls.__qualname__
    copy = object.__new__(twin)
    for a in attrs.fields(cls):
        object.__setattr__(copy, a.name, getattr(obj, a.name))
    return repr(copy)


def walk(obj, out: list) -> list:
    """Every attrs object in ``obj`` (through tuples, lists and dicts)."""
    if attrs.has(type(obj)) and type(obj) in CLASSES:
        out.append(obj)
        for a in attrs.fields(type(obj)):
            walk(getattr(obj, a.name), out)
    elif isinstance(obj, (tuple, list)):
        for x in obj:
            walk(x, out)
    elif isinstance(obj, dict):
        for x in obj.values():
            walk(x, out)
    return out


def test_every_class_of_the_model_spec_and_templates_uses_it():
    assert len(CLASSES) >= 18
    assert all(c.__repr__ is attrs_repr for c in CLASSES)


def test_the_same_text_as_attrs_for_parsed_reports():
    seen = set()
    for path in sorted((ROOT / "examples").glob("*.txt")):
        report = zfxxgk.parse(path.read_bytes())
        for obj in walk(report, []):
            seen.add(type(obj))
            assert repr(obj) == attrs_own_repr(obj)
        assert "spec=" not in repr(report)  # a field with repr=False is left out, as by attrs
    assert seen >= {model.Report, model.Meta, model.Cell, model.Section, model.Check, model.Diagnostic}


def test_the_same_text_as_attrs_for_specs_and_templates():
    parser = zfxxgk.Parser()
    objects = walk([spec.SPEC_2019, spec.SPEC_2021, parser.built("2021")], [])
    objects += [t for t in vars(templates).values() if isinstance(t, templates.Template)]
    assert {type(o) for o in objects} >= {spec.TemplateSpec, spec.TableSpec, spec.Row, spec.Column, spec.Header,
                                          spec.ReviewSpec, spec.Chapter, templates.BuiltTemplate}
    for obj in objects:
        assert repr(obj) == attrs_own_repr(obj)


def test_an_object_met_again_while_shown_is_dots():
    @attrs.define(repr=False)
    class Node:
        __repr__ = attrs_repr
        child: object = None

    @attrs.define
    class Theirs:
        child: object = None

    a, b = Node(), Theirs()
    a.child, b.child = b, a
    assert repr(a) == "Node(child=Theirs(child=...))"
    assert repr(b) == "Theirs(child=Node(child=...))"
    assert repr(a) == "Node(child=Theirs(child=...))"  # nothing left over from the last call


INTERNAL = [importlib.import_module(f"zfxxgk.{m}") for m in (
    "arithmetic", "parser.blocks", "parser.decoding", "parser.frontends", "parser.normalise", "parser.segment",
    "transformers.common", "transformers.national", "transformers.sequence")]


def test_the_stages_own_classes_use_it_too():
    # (the stages' immutable records are named tuples, whose repr has the same form)
    internal = [c for m in INTERNAL for c in vars(m).values()
                if isinstance(c, type) and c.__module__ == m.__name__ and attrs.has(c)]
    assert len(internal) >= 6
    assert [c for c in internal if c.__repr__ is not attrs_repr] == []


def named_tuple_repr(obj) -> str:
    """The text attrs would give for a named tuple's fields."""
    return f"{type(obj).__name__}({', '.join(f'{f}={getattr(obj, f)!r}' for f in obj._fields)})"


def test_the_same_text_as_attrs_for_the_stages_objects():
    from zfxxgk.parser import decoding, frontends, normalise

    data = (ROOT / "examples" / "seed_000_dexing_xingangshan_2020.txt").read_bytes()
    decoded = decoding.decode(data)
    objects = [decoded, frontends.convert(decoded.text), normalise.normalise(data)]
    assert {type(o).__name__ for o in objects} == {"Decoded", "Document", "Normalised"}
    for obj in objects:
        assert repr(obj) == (attrs_own_repr(obj) if attrs.has(type(obj)) else named_tuple_repr(obj))
