"""Stage 3 — parse: feed the lexer's tokens to Lark's LALR interactive parser, recovering or raising.

Lenient: a token the grammar cannot take here is skipped and recorded as a diagnostic (with its
value when it is a table cell, so nothing is lost).  Strict: the first one raises
:class:`~zfxxgk.errors.ReportSyntaxError` naming line, column, what was expected and a snippet.
"""

from __future__ import annotations

from lark import Tree
from lark.exceptions import UnexpectedInput
from lark.parsers.lalr_analysis import Shift

from ..errors import ReportSyntaxError
from ..model import Diagnostic
from .lexer import CellToken, Lexer
from .normalise import Normalised


def syntax_error(message: str, tok: CellToken | None, expected, lines) -> ReportSyntaxError:
    line = tok.line if tok is not None else len(lines)
    column = tok.column if tok is not None else 1
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    return ReportSyntaxError(message, line=line, column=column, expected=tuple(expected),
                             found=tok.value if tok is not None else "", source_line=source)


class Viable:
    """The terminals that can really come next, for the parser's whole state stack.

    An LALR state's action table also lists terminals that only trigger reductions and fail
    later (look-aheads merged from other contexts); simulating the reductions on the stack of
    states tells them apart.  Results are cached per stack.
    """

    def __init__(self, parse_conf, terminals):
        self.terminals = frozenset(terminals) | {"$END"}
        self.states = parse_conf.parse_table.states
        self.end_state = parse_conf.end_state
        self.cache: dict[tuple, frozenset[str]] = {}

    def __call__(self, stack: list[int]) -> frozenset[str]:
        key = tuple(stack)
        got = self.cache.get(key)
        if got is None:
            if len(self.cache) > 8192:
                self.cache.clear()
            got = frozenset(t for t in self.states[stack[-1]] if t in self.terminals and self.can_take(stack, t))
            self.cache[key] = got
        return got

    def can_take(self, stack: list[int], term: str) -> bool:
        st = list(stack)
        while True:
            act = self.states[st[-1]].get(term)
            if act is None:
                return False
            action, arg = act
            if action is Shift:
                return True
            size = len(arg.expansion)
            if size:
                del st[-size:]
            st.append(self.states[st[-1]][arg.origin.name][1])
            if term == "$END" and st[-1] == self.end_state:
                return True


def run(lark, lexer: Lexer, text: Normalised, *, strict: bool, diagnostics: list) -> Tree:
    ip = lark.parse_interactive()
    state = ip.parser_state
    viable = lexer.viable  # cached per template: the stacks of one template recur across reports
    if viable is None or viable.states is not state.parse_conf.parse_table.states:
        viable = lexer.viable = Viable(state.parse_conf, lexer.matchers)

    def current() -> frozenset[str]:
        return viable(state.state_stack)

    for tok in lexer.tokens(text.fragments, current):
        accepts = current()
        if tok.type in accepts:
            ip.feed_token(tok)
            continue
        # not feeding it leaves the parser exactly where it was
        expected = lexer.describe(accepts)
        what = "a value" if tok.base == "CELL" else "text"
        message = f"unexpected {what} {tok.value!r} here"
        if strict:
            raise syntax_error(message, tok, expected, text.lines)
        cells = ()
        if tok.base == "CELL":
            from ..transformers.national import to_cell

            cells = (to_cell(tok),)
        diagnostics.append(Diagnostic("error" if cells else "warning", "unexpected-input",
                                      f"{message}; skipped (expected {', '.join(expected[:6])})",
                                      tok.line, cells))
    try:
        return ip.feed_eof()
    except UnexpectedInput as exc:  # every rule of our grammars may end anywhere; this is a bug
        expected = lexer.describe(getattr(exc, "expected", ()))
        raise syntax_error("the text ends too early", None, expected, text.lines) from None
