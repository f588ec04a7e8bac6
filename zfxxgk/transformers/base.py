"""The transformer base: dispatch by rule name without Lark's import prefixes; no silent defaults."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ReportError
from ..parser.runtime import Tree
from ..parser.tokens import base_name


@lru_cache(maxsize=1024)  # a template's rule names: a few hundred, met on every report
def _handler_name(rule: str) -> str | None:
    """The handler method for ``rule`` (its name without Lark's prefixes); ``None`` for an inlined
    ``_rule``, which has none."""
    name = base_name(rule)
    return None if name.startswith("_") else name


class MissingHandler(ReportError):
    """A grammar rule reached the transformer with no method to build it (a bug, not bad input)."""


class ReportTransformer:
    """Calls the method named after each rule, ignoring the ``grammar__`` prefixes Lark adds to
    imported rules, so ``national__applications`` is built by ``applications``.

    Bottom-up, as ``lark.Transformer`` (tokens are passed as they are): each node's children are
    built first, then its handler gets them as a list.  ``__default__`` raises: every rule of a
    template's grammar must have a handler, and no :class:`~zfxxgk.parser.runtime.Tree` can leak
    into the model.
    """

    def __init__(self, diagnostics: list):
        self.diagnostics = diagnostics

    def transform(self, tree):
        """What the handlers build from ``tree`` (a tree, or a token: then the token itself)."""
        return self._transform_tree(tree) if isinstance(tree, Tree) else tree

    def _transform_tree(self, tree: Tree, handlers: dict | None = None):
        if handlers is None:
            handlers = {}  # rule → bound handler, for this walk: each rule's is looked up once
        children = [self._transform_tree(c, handlers) if c.__class__ is Tree else c for c in tree.children]
        handler = handlers.get(tree.data)
        if handler is None:
            name = _handler_name(tree.data)
            handler = None if name is None else getattr(self, name, None)
            if handler is None:
                return self.__default__(tree.data, children, tree.meta)
            handlers[tree.data] = handler
        return handler(children)

    def __default__(self, data, children, meta):
        raise MissingHandler(f"no transformer method for grammar rule {data!r} in {type(self).__name__}")

    @classmethod
    def handles(cls, rule: str) -> bool:
        name = base_name(rule)
        return not name.startswith("_") and callable(getattr(cls, name, None))
