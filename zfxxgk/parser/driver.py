"""Stage 3 — parse: feed the lexer's tokens to Lark's LALR interactive parser, recovering or raising.

Lenient: a token the grammar cannot take here is skipped and recorded as a diagnostic (with its
value when it is a table cell, so nothing is lost).  Strict: the first one raises
:class:`~zfxxgk.errors.ReportSyntaxError` naming line, column, what was expected and a snippet.
"""

from __future__ import annotations

from lark import Tree
from lark.exceptions import UnexpectedInput

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


def run(lark, lexer: Lexer, text: Normalised, *, strict: bool, diagnostics: list) -> Tree:
    ip = lark.parse_interactive()
    states = ip.parser_state.parse_conf.parse_table.states

    def current():
        pos = ip.parser_state.position
        return pos, states[pos]

    for tok in lexer.tokens(text.fragments, current):
        try:
            ip.feed_token(tok)
        except UnexpectedInput as exc:
            expected = lexer.describe(getattr(exc, "expected", ()) or lexer.plan(*current()).accepts)
            what = "a value" if tok.base == "CELL" else "text"
            message = f"unexpected {what} {tok.value!r} here"
            if strict:
                raise syntax_error(message, tok, expected, text.lines) from None
            cells = ()
            if tok.base == "CELL":
                from ..transformers.national import to_cell

                cells = (to_cell(tok),)
            diagnostics.append(Diagnostic("error" if cells else "warning", "unexpected-input",
                                          f"{message}; skipped (expected {', '.join(expected[:6])})",
                                          tok.line, cells))
    try:
        return ip.feed_eof()
    except UnexpectedInput as exc:  # the grammar lets every rule end anywhere; this is a bug
        expected = lexer.describe(getattr(exc, "expected", ()))
        raise syntax_error("the text ends too early", None, expected, text.lines) from None
