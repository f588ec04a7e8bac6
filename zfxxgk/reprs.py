"""One ``__repr__`` for the model's attrs classes, giving the text attrs' own gives.

attrs writes each class's methods as Python source and compiles it when the class is made; the
``__repr__`` (an f-string over every field, with a recursion guard) is half of that code, and
compiling it for the model's, the spec's and the templates' classes cost every new process about
3 ms, as much as the rest of their methods.  Those classes say ``@attrs.frozen(repr=False)`` and
``__repr__ = attrs_repr``: the same text (``Cell(value=1, raw='1', unit=None, …)``: the fields
attrs would show, each by ``repr`` or its field's own ``repr=`` callable, ``...`` for an object
already being shown), from one function (``tests/test_reprs.py`` compares it with attrs').
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
