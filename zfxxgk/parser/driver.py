"""Stage 3 — parse: feed the lexer's tokens to the template's LALR tables, recovering or raising.

The tables are Lark's (built by Lark from the grammar, cached on disk) run by
:mod:`zfxxgk.parser.runtime`.  Lenient: a token the grammar cannot take here is skipped and
recorded as a diagnostic (with its value when it is a table cell, so nothing is lost).  Strict:
the first one raises :class:`~zfxxgk.errors.ReportSyntaxError` naming line, column, what was
expected and a snippet.
"""

from __future__ import annotations

from ..errors import ReportSyntaxError
from ..model import Cell, Diagnostic
from .lexer import DESCRIPTIONS, Lexer, _Plan
from .normalise import Normalised
from .runtime import Config, NoAction, Tables, Tree, viable_row
from .tokens import CellToken, to_cell

#: Terminals that say nothing about the text being a report: prose, bare values, numbered headings.
_PROSE = frozenset({"TEXT", "CELL"})
_HEADINGS = frozenset({"CHAPTER", "SUBSECTION", "CLAUSE", "SUBCLAUSE"})


def describe(lexer: Lexer, names) -> tuple[str, ...]:
    """Human words for what the grammar could take (``expected``): every terminal by name — a
    label as printed (「本年增/减」), a regex terminal by its description, and a terminal we have
    no words for (an extension's anonymous ``/regex/``) by its pattern; never ``__ANON_0``."""
    out = []
    for n in sorted(names, key=lambda n: (n == "$END", n)):
        m = lexer.matchers.get(n)
        if m is None:
            words = DESCRIPTIONS.get(n, n.lower().replace("_", " ").strip())
        elif m.literals or m.base in DESCRIPTIONS:
            words = m.describe()
        elif m.base.startswith("ANON") or n.lstrip("_").startswith("ANON"):
            words = f"text matching /{m.regex.pattern if m.regex is not None else n}/"
        else:
            words = m.base.lower().replace("_", " ")
        if words not in out:
            out.append(words)
    return tuple(out)


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
    states tells them apart.  Terminals that trigger the same reduction are simulated together
    (one walk per distinct reduction, as set operations on each state's terminals grouped by
    action, never copying the stack).
    """

    def __init__(self, tables: Tables, terminals):
        self.terminals = frozenset(terminals) | {"$END"}
        self.tables = tables
        self.states = tables.states
        self.end_state = tables.end
        self._rows: dict[int, tuple[frozenset[str], list[tuple[int, frozenset[str]]]]] = {}
        if tables.rows is not None and tables.rows[0] == self.terminals:  # stored with the tables (cache.py)
            self._rows = dict(tables.rows[1])

    def __call__(self, config: Config) -> frozenset[str]:
        # (asked once per interned stack: the driver keeps the lexer's plan for it on the Config)
        return self._accepts(config.stack)

    def _row(self, state: int) -> tuple[frozenset[str], list[tuple[int, frozenset[str]]]]:
        """The terminals state ``state`` shifts, and the others by the reduction they trigger."""
        got = self._rows.get(state)
        if got is None:
            got = self._rows[state] = viable_row(self.states[state], self.terminals)
        return got

    def _accepts(self, stack: tuple[int, ...]) -> frozenset[str]:
        states, rules, end_state = self.states, self.tables.rules, self.end_state
        out: set[str] = set()
        # a simulated stack is stack[:depth] + pushed; ``terms`` None: every terminal of its top state
        work: list[tuple[int, tuple[int, ...], frozenset[str] | None]] = [(len(stack), (), None)]
        while work:
            depth, pushed, terms = work.pop()
            shifts, reductions = self._row(pushed[-1] if pushed else stack[depth - 1])
            out.update(shifts if terms is None else shifts & terms)
            for act, group in reductions:
                if terms is not None:
                    group = group & terms
                    if not group:
                        continue
                origin, size = rules[~act][:2]
                if size <= len(pushed):
                    d, rest = depth, pushed[:len(pushed) - size]
                else:
                    d, rest = depth - (size - len(pushed)), ()
                goto = states[rest[-1] if rest else stack[d - 1]][origin]
                if goto == end_state and "$END" in group:
                    out.add("$END")
                    group = group - {"$END"}
                    if not group:
                        continue
                work.append((d, rest + (goto,), group))
        return frozenset(out)


def run(tables: Tables, lexer: Lexer, text: Normalised, *, strict: bool, diagnostics: list) -> Tree:
    parser = tables.parser()
    viable = lexer.viable  # cached per template: the stacks of one template recur across reports
    if not isinstance(viable, Viable) or viable.tables is not tables:
        viable = Viable(tables, lexer.matchers)
        lexer.viable = viable

    feed = parser.feeder()

    def current() -> _Plan:
        config = parser.current
        plan = config.plan  # type: ignore[union-attr]
        if plan is None:
            plan = config.plan = lexer.plan(viable(config))  # type: ignore[union-attr,arg-type]
        return plan

    shaped = headings = 0  # tokens that are more than prose, a bare value or a numbered heading
    for tok in lexer.tokens(text.fragments, current):
        accepts = current().accepts
        if tok.type in accepts:
            feed(tok)
            base = tok.base
            if base in _HEADINGS:
                headings += 1
            elif base not in _PROSE:
                shaped += 1
            continue
        # not feeding it leaves the parser exactly where it was
        expected = describe(lexer, accepts)
        what = "a value" if tok.base == "CELL" else "text"
        message = f"unexpected {what} {tok.value!r} here"
        if strict:
            raise syntax_error(message, tok, expected, text.lines)
        cells: tuple[Cell, ...] = ()
        if tok.base == "CELL":
            cells = (to_cell(tok),)
        diagnostics.append(Diagnostic("error" if cells else "warning", "unexpected-input",
                                      f"{message}; skipped (expected {', '.join(expected[:6])})",
                                      tok.line, cells, column=tok.column))
    _not_a_report(text, shaped, headings, strict, diagnostics, lexer)
    try:
        return parser.feed_eof()
    except NoAction as exc:  # every rule of our grammars may end anywhere; this is a bug
        expected = describe(lexer, exc.expected)
        raise syntax_error("the text ends too early", None, expected, text.lines) from None


def _not_a_report(text: Normalised, shaped: int, headings: int, strict: bool, diagnostics: list,
                  lexer: Lexer) -> None:
    """Say so when the text is empty or nothing in it is shaped like a report.

    Empty, or nothing but prose and bare values: a ``warning`` (lenient) or a
    :class:`ReportSyntaxError` (strict).  Numbered headings but no title, metadata line, table
    label or signature: a ``warning`` only (a report pasted without its title still parses).
    """
    n = len(text.fragments)
    binary = next((d for d in diagnostics if d.code == "not-a-report" and d.severity == "error"), None)
    if binary is not None:  # no text at all (an executable, an archive …): already said, by decoding
        if strict:
            raise ReportSyntaxError(binary.message, line=1, column=1, expected=describe(lexer, ["TITLE"]),
                                    found="", source_line="")
        return
    if not n:
        message, code = "the text is empty (nothing left after decoding and removing NUL bytes and page chrome)", "empty"
    elif shaped == 0 and headings == 0:
        message = (f"nothing in the text is shaped like a 政府信息公开工作年度报告: {n} line(s) of prose or bare "
                   "values; no title, heading, table label or signature")
        code = "not-a-report"
    elif shaped == 0:
        diagnostics.append(Diagnostic(
            "warning", "not-a-report", f"this may not be a 政府信息公开工作年度报告: {headings} numbered heading(s) "
            f"but no title, metadata line, table label or signature in {n} line(s)", text.fragments[0].line))
        return
    else:
        return
    if strict:
        first = text.fragments[0] if text.fragments else None
        source = text.lines[first.line - 1] if first is not None else ""
        expected = describe(lexer, [n for n in lexer.matchers if n.rsplit("__", 1)[-1] in ("TITLE", "CHAPTER")])
        raise ReportSyntaxError(message, line=first.line if first else 1, column=first.column if first else 1,
                                expected=expected, found=first.text if first else "", source_line=source)
    diagnostics.append(Diagnostic("warning", code, message, text.fragments[0].line if text.fragments else None))


#: What the template wants instead, in words, for a transformer error with no count to show.
_WANTED = {
    "stray-value": "a row label before the values",
    "row-order": "a row label with the values",
    "unknown-row": "a row label of this table",
    "values-on-group-label": "a data row (a group label such as （三）不予公开 carries no values)",
    "duplicate-row": "each row once",
    "duplicate-table": "each table once",
}
#: Codes whose problem is a value (``found`` is that value), not its row.
_VALUE_CODES = frozenset({"stray-value", "unexpected-input", "row-order", "glued-cells", "unreadable-value"})
#: The longest ``found`` shown (a row of one-line text runs to the end of the body).
_FOUND_LENGTH = 120


def strict_error(d: Diagnostic, text: Normalised, template: str, spec=None) -> ReportSyntaxError:
    """The :class:`ReportSyntaxError` for a table problem the transformer found (a row with a cell
    too many or too few, a value outside any row …), read from the diagnostic's fields: the caret at
    its ``line`` and ``column`` (the row label, or the first value not placed), and what the template
    wanted there in words (for a count: the count and the columns of ``table``/``item``)."""
    line = d.line or (d.cells[0].line if d.cells else 1)
    source = text.lines[line - 1] if 0 < line <= len(text.lines) else ""
    column = d.column
    if column is None and d.cells and d.cells[0].raw:  # a value whose column was not known: found in its line
        at = source.find(d.cells[0].raw)
        column = at + 1 if at >= 0 else None
    if column is None:
        column = len(source) - len(source.lstrip()) + 1
    if d.code in _VALUE_CODES and d.cells and d.cells[0].raw:
        found = d.cells[0].raw
    else:
        found = source[column - 1:].strip()
        found = found if len(found) <= _FOUND_LENGTH else found[:_FOUND_LENGTH] + "…"
    return ReportSyntaxError(d.message, line=line, column=column, expected=_expected(d, template, spec), found=found,
                             source_line=source)


def _expected(d: Diagnostic, template: str, spec) -> tuple[str, ...]:
    if d.code in ("cell-count", "glued-cells") and d.expected is not None:
        labels, groups = _columns_of(spec, d.table, d.item)
        if labels and groups > 1 and d.expected == groups * len(labels):  # 四: groups × columns
            shown = f" ({groups} groups × {'、'.join(labels)})"
        else:
            shown = f" ({'、'.join(labels)})" if labels and len(labels) == d.expected else ""
        separated = ", separated" if d.code == "glued-cells" else ""
        return (f"{d.expected} value{'s' if d.expected != 1 else ''} in the row{separated}{shown}",)
    if d.code in _WANTED:
        return (_WANTED[d.code],)
    return (f"a table laid out as in the {template} template",)


def _columns_of(spec, table: str | None, item: str | None) -> tuple[list[str], int]:
    """Column labels of the table a diagnostic names (by its keys), and its number of groups (四's)."""
    if spec is None or table is None:
        return [], 1
    if table == "review_litigation":
        rev = spec.review_litigation
        return ([c.label for c in rev.columns], len(rev.groups)) if rev is not None else ([], 1)
    if table == "applications":
        t = spec.applications
    elif table == "active_disclosure":
        t = next((x for x in spec.active_disclosure if x.key == item), None)
    else:
        t = spec.table(table)
    return ([c.label for c in t.columns], 1) if t is not None else ([], 1)
