"""The LALR runtime: a template's parse tables as plain data, run without importing Lark.

Lark stays the grammars' formal definition and the builder of their tables
(:mod:`zfxxgk.parser.cache` builds them with Lark on a cold cache and stores them with
:func:`tables_from_lark`); a process whose cache is warm reads them back here and never imports
Lark, whose import alone (its grammar compiler included) costs more than the first parse.

:class:`Tables` is exactly what Lark's LALR parser runs on — the action table, the start and end
states, and per rule how its tree node is shaped — and :meth:`Tables.parser` gives a
:class:`ParserState` that feeds tokens as Lark's ``ParserState.feed_token`` does and builds the same
trees (same node names, children filtered and inlined as Lark's ``ParseTreeBuilder`` does them for
our options: ``maybe_placeholders=False``, no positions, no ambiguity).
"""

from __future__ import annotations

from typing import Any, Callable

#: A state's actions: terminal or rule name → ``state`` (shift / goto, ``>= 0``) or ``~rule`` (reduce).
Row = dict


class Tree:
    """A parse-tree node: the rule (or alias) ``data`` and its ``children`` (trees and tokens)."""

    __slots__ = ("data", "children")
    meta = None  # no positions are propagated (the tokens carry theirs)

    def __init__(self, data: str, children: list):
        self.data = data
        self.children = children

    def __repr__(self) -> str:
        return f"Tree({self.data!r}, {self.children!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Tree) and self.data == other.data and self.children == other.children

    __hash__ = None  # type: ignore[assignment]  # mutable, as Lark's


class NoAction(Exception):
    """A token the state stack cannot take (the driver turns it into a :class:`ReportSyntaxError`)."""

    def __init__(self, expected: frozenset[str]):
        super().__init__(sorted(expected))
        self.expected = expected


def _builder(name: str, expand1: bool, include: tuple | None) -> Callable[[list], Any]:
    """The callback that builds rule ``name``'s node from its children, as Lark's
    ``ChildFilterLALR_NoPlaceholders`` + ``ExpandSingleChild`` do: ``include`` lists ``(index,
    inline)`` of the children kept (filtered tokens dropped, ``_rule`` children spliced in), or is
    ``None`` when all are kept as they are."""
    if include is None:
        if expand1:
            return lambda children: children[0] if len(children) == 1 else Tree(name, children)
        return lambda children: Tree(name, children)
    if include == ((0, True), (1, False)) and not expand1:
        # a left-recursive list (``__cells_plus: __cells_plus CELL``), half of all reductions: the
        # list grows in place, and its node is reused (the inlined node is nobody else's)
        def append(children: list):
            head = children[0]
            head.children.append(children[1])
            return head if head.data == name else Tree(name, head.children)

        return append

    def build(children: list):
        kept: list = []
        for i, inline in include:
            if inline:
                if kept:
                    kept += children[i].children
                else:  # as Lark: take the inlined node's list (left recursion stays linear)
                    kept = children[i].children
            else:
                kept.append(children[i])
        if expand1 and len(kept) == 1:
            return kept[0]
        return Tree(name, kept)

    return build


class Config:
    """A whole state stack, interned per :class:`Tables`: LALR is deterministic, so where a token
    of one type takes a stack — the rules it reduces on the way, the stack after it — is worked out
    once and remembered in ``next`` (the stacks of a template recur on every table row and across
    reports).  ``plan`` is the driver's to fill: what the lexer tries where this stack is, made from
    the terminals that can really come next."""

    __slots__ = ("stack", "plan", "next")

    def __init__(self, stack: tuple[int, ...]):
        self.stack = stack
        self.plan: Any = None
        #: terminal → ``(reductions, config after it)``; a reduction is ``(size, callback)``
        self.next: dict[str, tuple[tuple, Config]] = {}


#: The most stacks a :class:`Tables` interns; when full they are forgotten and built again (a batch's
#: memory stays flat).
MAX_CONFIGS = 8192


class Tables:
    """A grammar's LALR tables and rule shapes, as plain data (marshal-able)."""

    __slots__ = ("states", "rules", "start", "end", "callbacks", "configs", "rows")

    def __init__(self, states: dict[int, Row], rules: list[tuple], start: int, end: int):
        self.states = states
        #: ``(origin, size, node name, expand1, include)`` per rule, indexed by the reduce actions
        self.rules = rules
        self.start = start
        self.end = end
        self.callbacks = [_builder(name, expand1, include) for _, _, name, expand1, include in rules]
        self.configs: dict[tuple[int, ...], Config] = {}
        #: ``(terminals, {state: row})`` of :func:`viable_row` for every state, when stored with the tables
        self.rows: tuple | None = None

    def to_data(self) -> tuple:
        return (self.states, self.rules, self.start, self.end)

    @classmethod
    def from_data(cls, data: tuple) -> "Tables":
        states, rules, start, end = data
        return cls(states, [tuple(r) for r in rules], start, end)

    def parser(self) -> "ParserState":
        return ParserState(self)

    def config(self, stack: tuple[int, ...]) -> Config:
        """The interned :class:`Config` of ``stack``."""
        got = self.configs.get(stack)
        if got is None:
            if len(self.configs) >= MAX_CONFIGS:
                # a fresh graph: configs of parses under way keep theirs until they end
                self.configs.clear()
            got = self.configs[stack] = Config(stack)
        return got

    def step(self, config: Config, typ: str) -> tuple[tuple, Config]:
        """Where a token of type ``typ`` takes ``config`` (which must take it; the driver checks):
        the reductions on the way and the config after the shift, as ``ParserState.feed_token`` goes."""
        states, rules, callbacks = self.states, self.rules, self.callbacks
        stack = list(config.stack)
        reductions = []
        while True:
            act = states[stack[-1]][typ]
            if act >= 0:
                stack.append(act)
                break
            origin, size = rules[~act][0], rules[~act][1]
            if size:
                del stack[-size:]
            stack.append(states[stack[-1]][origin])
            reductions.append((size, callbacks[~act]))
        got = config.next[typ] = (tuple(reductions), self.config(tuple(stack)))
        return got


def viable_row(row: Row, terminals) -> tuple[frozenset[str], list[tuple[int, frozenset[str]]]]:
    """The ``terminals`` a state's ``row`` shifts, and the others grouped by the reduction they
    trigger (the driver's ``Viable`` simulates reductions from these; they depend on the grammar only)."""
    shifts: set[str] = set()
    reductions: dict[int, set[str]] = {}
    for t, act in row.items():
        if t in terminals:
            if act >= 0:
                shifts.add(t)
            else:
                reductions.setdefault(act, set()).add(t)
    return frozenset(shifts), [(a, frozenset(g)) for a, g in reductions.items()]


class ParserState:
    """The stacks of one parse: ``feed`` a token the stack takes, then ``feed_eof``."""

    __slots__ = ("tables", "state_stack", "value_stack", "current")

    def __init__(self, tables: Tables):
        self.tables = tables
        self.state_stack: list[int] = [tables.start]
        self.value_stack: list = []
        #: the state stack as a :class:`Config`, while ``feed`` runs (``state_stack`` is brought up to
        #: date by ``feed_eof``)
        self.current: Config | None = None

    def feeder(self) -> Callable[[Any], None]:
        """``feed(token)`` for a token of a type the stack takes (the driver checks that first)."""
        tables, value_stack = self.tables, self.value_stack
        self.current = tables.config(tuple(self.state_stack))

        def feed(tok) -> None:
            current: Config = self.current  # type: ignore[assignment]  # set above, while feeding
            step = current.next.get(tok.type) or tables.step(current, tok.type)
            for size, build in step[0]:
                if size:
                    children = value_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(build(children))
            value_stack.append(tok)
            self.current = step[1]

        return feed

    def feed_eof(self):
        """Reduce what is left at the end of the text; the tree.  :class:`NoAction` when the text
        cannot end here."""
        states, end, state_stack, value_stack = self.tables.states, self.tables.end, self.state_stack, self.value_stack
        rules, callbacks = self.tables.rules, self.tables.callbacks
        if self.current is not None:
            state_stack[:] = self.current.stack
            self.current = None
        while True:
            row = states[state_stack[-1]]
            act = row.get("$END")
            if act is None or act >= 0:  # (the end is never shifted)
                raise NoAction(frozenset(s for s in row if s.isupper()))
            origin, size = rules[~act][0], rules[~act][1]
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value_stack.append(callbacks[~act](children))
            state_stack.append(states[state_stack[-1]][origin])
            if state_stack[-1] == end:
                return value_stack[-1]


def tables_from_lark(lark) -> Tables:
    """The :class:`Tables` of a built ``lark.Lark`` (LALR, no placeholders): its parse table with
    reduce actions numbered, and each rule's node shape as Lark's tree builder makes it."""
    conf = lark.parse_interactive().parser_state.parse_conf
    index: dict = {}
    rules: list[tuple] = []
    states: dict[int, Row] = {}
    for state, actions in conf.states.items():
        row: Row = {}
        for sym, (action, arg) in actions.items():
            if action.name == "Shift":
                row[str(sym)] = int(arg)
                continue
            at = index.get(arg)
            if at is None:
                at = index[arg] = len(rules)
                rules.append(_shape(arg))
            row[str(sym)] = ~at
        states[int(state)] = row
    return Tables(states, rules, int(conf.start_state), int(conf.end_state))


def _shape(rule) -> tuple:
    options = rule.options
    keep_all = options.keep_all_tokens
    kept = tuple((i, not sym.is_term and sym.name.startswith("_")) for i, sym in enumerate(rule.expansion)
                 if keep_all or not (sym.is_term and sym.filter_out))
    # as Lark: no filter when every child is kept as it is
    include = None if len(kept) == len(rule.expansion) and not any(inline for _, inline in kept) else kept
    name = rule.alias or options.template_source or rule.origin.name
    return (str(rule.origin.name), len(rule.expansion), str(name), bool(options.expand1 and not rule.alias), include)
