"""The methods attrs would compile for each of the model's classes, written once: ``__repr__``,
``__eq__`` and ``__hash__`` giving what attrs' own give.

attrs writes each class's methods as Python source and compiles it when the class is made; the
``__repr__`` (an f-string over every field, with a recursion guard) is half of that code, and
``__eq__`` with ``__hash__`` most of the rest: compiling them for the model's, the spec's and the
stages' classes cost every new process about 5 ms.  Those classes say ``@attrs.frozen(repr=False)``
and ``__repr__ = attrs_repr``, ``__eq__ = attrs_eq``, ``__hash__ = attrs_hash`` (attrs leaves a
class's own ``__eq__``/``__hash__`` in place; a mutable ``attrs.define`` class, unhashable as attrs
makes it, has no ``__hash__``):

* ``repr``: the same text (``Cell(value=1, raw='1', unit=None, …)``: the fields attrs would show,
  each by ``repr`` or its field's own ``repr=`` callable, ``...`` for an object already being
  shown);
* ``==``: ``NotImplemented`` for an object of another class, else whether each field compared
  (``eq=True``, through its ``eq_key``) is equal, in field order;
* ``hash``: of the class and the fields ``hash`` takes (those compared, unless a field says).

``tests/test_reprs.py`` compares each with attrs' own.  Nothing in parsing compares or hashes
these objects; the generic loops cost only where reports are compared (tests, ``zfxxgk diff``).
"""

from __future__ import annotations

import threading

import attrs

_showing = threading.local()  # ids of the objects whose repr is being made, per thread (recursion guard)


def attrs_repr(self) -> str:
    """What attrs' generated ``__repr__`` returns for ``self``."""
    seen = getattr(_showing, "ids", None)
    if seen is None:
        seen = _showing.ids = set()
    if id(self) in seen:
        return "..."
    seen.add(id(self))
    try:
        parts = []
        for a in self.__class__.__attrs_attrs__:
            if a.repr is False:
                continue
            value = getattr(self, a.name) if a.init else getattr(self, a.name, attrs.NOTHING)
            parts.append(f"{a.name}={(repr if a.repr is True else a.repr)(value)}")
        return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        seen.discard(id(self))


#: class → its compared and hashed fields as ``(name, eq_key)``, read from attrs once per class
_FIELDS: dict[type, tuple[tuple[tuple[str, object], ...], tuple[tuple[str, object], ...]]] = {}


def _fields(cls: type) -> tuple[tuple[tuple[str, object], ...], tuple[tuple[str, object], ...]]:
    got = _FIELDS.get(cls)
    if got is None:
        fields = attrs.fields(cls)
        compared = tuple((a.name, a.eq_key) for a in fields if a.eq)
        hashed = tuple((a.name, a.eq_key) for a in fields if (a.eq if a.hash is None else a.hash))
        got = _FIELDS[cls] = (compared, hashed)
    return got


def attrs_eq(self, other):
    """What attrs' generated ``__eq__`` returns for ``self == other``."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    for name, key in _fields(self.__class__)[0]:
        mine, theirs = getattr(self, name), getattr(other, name)
        if key is not None:
            mine, theirs = key(mine), key(theirs)  # type: ignore[operator]
        if not mine == theirs:
            return False
    return True


def attrs_hash(self) -> int:
    """A hash as attrs' generated ``__hash__`` makes it: of the class and the hashed fields."""
    cls = self.__class__
    return hash((cls, *(getattr(self, name) if key is None else key(getattr(self, name))  # type: ignore[operator]
                        for name, key in _fields(cls)[1])))
