"""The shared ``__repr__``, ``__eq__`` and ``__hash__`` of the model's attrs classes
(zfxxgk/reprs.py) behave as attrs' own generated ones: checked on every object of a parsed report
and on the templates' specs, against a twin class with the same fields for which attrs writes them."""

import importlib
from pathlib import Path

import attrs
import zfxxgk
from zfxxgk import model, spec, templates
from zfxxgk.reprs import attrs_eq, attrs_hash, attrs_repr

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
    assert all(c.__eq__ is attrs_eq and c.__hash__ is attrs_hash for c in CLASSES)  # (all frozen)


_EQ_TWINS: dict[type, type] = {}


def attrs_own(obj):
    """``obj`` as an object of a twin class whose ``__eq__``/``__hash__`` attrs generates."""
    cls = type(obj)
    twin = _EQ_TWINS.get(cls)
    if twin is None:
        fields = {a.name: attrs.field(eq=a.eq_key or a.eq, hash=a.hash, init=a.init) for a in attrs.fields(cls)}
        twin = _EQ_TWINS[cls] = attrs.make_class(cls.__name__, fields, frozen=True, slots=True, repr=False)
    copy = object.__new__(twin)
    for a in attrs.fields(cls):
        object.__setattr__(copy, a.name, getattr(obj, a.name))
    return copy


def altered(obj, name: str, value):
    """A copy of ``obj`` with field ``name`` set to ``value`` (no ``__init__``: no validation)."""
    copy = object.__new__(type(obj))
    for a in attrs.fields(type(obj)):
        object.__setattr__(copy, a.name, value if a.name == name else getattr(obj, a.name))
    return copy


def hashed(obj):
    """``hash(obj)``, or the type of the error it raises (a field holding a dict)."""
    try:
        return hash(obj)
    except TypeError as exc:
        return type(exc)


def test_equal_and_hashed_as_attrs_makes_them():
    report = zfxxgk.parse((ROOT / "examples" / "seed_002_yiyang_ziyang_2020.txt").read_bytes())
    objects = walk([report, spec.SPEC_2019, spec.SPEC_2021], [])
    assert {type(o) for o in objects} >= {model.Report, model.Cell, model.Section, model.Check, model.Diagnostic,
                                          spec.Row, spec.TableSpec}
    seen: set[type] = set()
    for obj in objects:
        if type(obj) in seen and type(obj) is not model.Cell:
            continue  # (one of each class; every cell: their positions are not compared)
        seen.add(type(obj))
        same = altered(obj, attrs.fields(type(obj))[0].name, getattr(obj, attrs.fields(type(obj))[0].name))
        assert obj == same and not obj != same and hashed(obj) == hashed(same)
        assert (hashed(obj) is TypeError) is (hashed(attrs_own(obj)) is TypeError)
        assert (obj == "other") is False and obj.__eq__("other") is NotImplemented
        for a in attrs.fields(type(obj)):
            other = altered(obj, a.name, ("changed", a.name))
            assert (obj == other) == (attrs_own(obj) == attrs_own(other)), (type(obj).__name__, a.name)
            assert (obj != other) == (attrs_own(obj) != attrs_own(other))
            if obj == other:
                assert hashed(obj) == hashed(other)


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
    assert [c for c in internal if c.__repr__ is not attrs_repr or c.__eq__ is not attrs_eq] == []
    # a frozen one hashed as attrs hashes it; a mutable one unhashable, as attrs makes it
    assert [c for c in internal if c.__hash__ is not (attrs_hash if c.__setattr__ is not object.__setattr__ else None)] == []


def named_tuple_repr(obj) -> str:
    """What attrs' generated ``__repr__`` gives for a class with a named tuple's fields and values."""
    twin = attrs.make_class(type(obj).__name__, {f: attrs.field() for f in obj._fields}, frozen=True, slots=True,
                            eq=False)
    return repr(twin(*obj))


def test_the_same_text_as_attrs_for_the_stages_objects():
    from zfxxgk.parser import decoding, frontends, normalise

    data = (ROOT / "examples" / "seed_000_dexing_xingangshan_2020.txt").read_bytes()
    decoded = decoding.decode(data)
    objects = [decoded, frontends.convert(decoded.text), normalise.normalise(data)]
    assert {type(o).__name__ for o in objects} == {"Decoded", "Document", "Normalised"}
    for obj in objects:
        assert repr(obj) == (attrs_own_repr(obj) if attrs.has(type(obj)) else named_tuple_repr(obj))
