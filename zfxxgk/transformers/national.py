"""Transformers for ``national.lark`` and the 2019 / 2021 templates: place every table value by the
template's structure (row label + column position), or report it — never shift it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from operator import attrgetter
from typing import NamedTuple

import attrs

from .. import patterns
from ..model import Cell, Diagnostic, Number, Section
from ..diagnostics import make
from ..arithmetic import (applications_verdicts, confirmed_cells, other_handling_as_one_row, review_checks,
                          total_is_sum)
from ..reprs import attrs_eq, attrs_repr
from .recovery import Budget, recover_review, recover_rows
from ..parser.lexer import DESCRIPTIONS
from ..parser.tokens import UNREADABLE, CellToken, to_cell
from ..parser.normalise import Fragment
from ..parser.text import match_key, matching_form
from ..spec import SPEC_2019, SPEC_2021, Column, Row, TableSpec, TemplateSpec, per_spec
from ..values import BLANKS, damaged_number, ends_in_damaged_value, parse_value
from ..vocabulary import alternation, units
from .common import CommonTransformer, LooseRow, Para
from .sequence import ColumnRow, Entry, cut_rows, plan

_TEXT = attrgetter("text")
_TRAILING_DIGITS = patterns.compile(r"[0-9]$")
_CJK_CHAR = patterns.compile(r"[\u3400-\u9fff]")
#: A number after a run of spaces (a value column of pdftotext -layout text) inside a line's text.
_SPACED_DIGITS = patterns.compile(r"\s{2,}\S*[0-9]")
#: A cell that was a number but cannot be read as one: digits with a replacement character (bytes
#: lost in decoding), or Chinese numerals that make no number (一二三).
_DAMAGED = patterns.compile(r"(?=.*[0-9])[-−+]?[0-9.,\s\ufffd]*\ufffd[0-9.,\s\ufffd]*|[零〇一二两三四五六七八九十百千万亿]{2,12}")
#: A row "label" that is no label but a number with something stuck to it (``0 #``, ``0 A``,
#: ``625批次 :``: a separator damaged): digits and no Chinese, a number and a space, or a number with
#: its unit, a space and no Chinese (``3件 行政复议…`` is text) — not a page number (-3-, 3/6) or a date.
_VALUEISH = patterns.compile(r"(?![-—–－]\s*[0-9]{1,4}\s*[-—–－]$|[0-9]{1,4}\s*/\s*[0-9]{1,4}$|.*[0-9]{4}\s*[-./]\s*[0-9])"
                            r"(?:(?=.*[0-9])[^\u3400-\u9fff]+|[-−+]?[0-9][0-9,.]*\s.*"
                            r"|[-−+]?[0-9][0-9,.]*(?:" + alternation(units("c")) + r")\s[^\u3400-\u9fff]*)")
#: One Chinese numeral alone on a line: a heading's ordinal cut off its line more often than a value.
_LONE_NUMERAL = patterns.compile(r"[一二三四五六七八九十]")


def _value_paragraph(norm: str, value) -> bool:
    """Whether a paragraph (``norm``, read as ``value``) is a value: a number (not one Chinese
    numeral alone), or one damaged past reading."""
    return (value is not None and not _LONE_NUMERAL.fullmatch(norm)) or bool(_DAMAGED.fullmatch(norm))
_SIGNED = patterns.compile(r"增\s*[/／、]?\s*减|增减")
_HEADER_UNIT = patterns.compile(r"[(（](?:单位[:：]\s*)?(" + alternation(units("h")) + ")[)）]")


#: A number among the words of a line's text, after a space (``（七）总计 30 34 27 36 x``).
_VALUE_AMONG = patterns.compile(r"\s[-−+]?[0-9][0-9,.]*(?:\s|$)")
_SPACED_VALUES = patterns.compile(r"(?:\s+(?:[-−+]?[0-9][0-9,.]*\S{0,2}|/|—+|-|无))+$")


def _trailing_values(tok: CellToken) -> tuple[CellToken, list[CellToken]]:
    """``2.其他法律行政止公开      0     0 …`` — a line whose label is no label of the template, with
    values after runs of spaces (pdftotext -layout): the text and its value cells, each with its
    column, so the values can still be placed by the template's order."""
    if len(tok.fragments) != 1:
        return tok, []
    frag = tok.fragments[0]
    m = _SPACED_VALUES.search(frag.text)
    if not m or m.start() == 0:
        return tok, []
    parts = frag.words(m.start())
    if len(parts) < 2 or any(parse_value(p.norm)[0] is None and p.norm not in BLANKS for p in parts):
        return tok, []
    head = frag.text[: m.start()].rstrip()
    if _SPACED_DIGITS.search(head) or _VALUE_AMONG.search(head):
        return tok, []  # a value damaged past reading among them (0 !, 36 x 36): the line stays whole
    text = CellToken.make(tok.type, [frag.cut(0, m.start())], tok.how)
    return text, [CellToken.make("CELL", [p], "exact") for p in parts]


#: A label's ordinal by heading level: ``三、`` 1, ``（三）`` 2, ``3.`` 3.
_LEVELS = (patterns.compile(r"[一二三四五六七八九十]{1,3}[、.．]"), patterns.compile(r"[(（][一二三四五六七八九十]{1,3}[)）]"),
           patterns.compile(r"[0-9]{1,2}[.．、]"))


def _level(label: str) -> int | None:
    return next((n for n, p in enumerate(_LEVELS, 1) if p.match(label)), None)


def _grouped_rows(spec: TableSpec) -> dict[str, tuple[Row, tuple[tuple[str, str], ...]]]:
    """The rows of ``spec`` that group labels span — a group label (a row without values, ``（三）不予
    公开``) is a cell the form merges over the rows after it, up to the next row of its heading
    level or above (``（四）…`` ends ``（三）…``, ``四、…`` ends ``三、…``; a group label without an
    ordinal, up to the next group label) — by each match key of the row's label, with the
    ``(label, match key)`` of each group label spanning it."""
    out: dict[str, tuple[Row, tuple[tuple[str, str], ...]]] = {}
    rows = spec.rows
    spanning: dict[int, list[Row]] = {}
    for i, group in enumerate(rows):
        if group.key is not None:
            continue
        level = _level(group.label)
        for j in range(i + 1, len(rows)):
            r = rows[j]
            lv = _level(r.label)
            if (lv is not None and level is not None and lv <= level) or (level is None and r.key is None):
                break
            if r.key is not None:
                spanning.setdefault(j, []).append(group)
    for j, groups in spanning.items():
        keys = tuple((g.label, match_key(matching_form(x))) for g in groups for x in (g.label, *g.variants))
        for x in (rows[j].label, *rows[j].variants):
            out.setdefault(match_key(matching_form(x)), (rows[j], keys))
    return out


_GROUPED: dict = {}


def _piece_of(piece: str, label: str) -> bool:
    """Whether ``piece`` (a match key) is text of the group label ``label`` (its match key) as a
    wrapped merged cell prints it, a few characters a line: the label's head or tail — the first or
    last line of the wrap, however short (``开`` of 不予公开) — or two characters or more from inside
    it (``年度办`` of 三、本年度办理结果).  One character from inside is too little to say so."""
    return bool(piece) and (label.startswith(piece) or label.endswith(piece) or (len(piece) > 1 and piece in label))


def _line_values(words: list[Fragment]) -> tuple[int, list[CellToken]] | None:
    """Where the values ending a line of words (pdftotext -layout) start, and their cells: one of
    them damaged past reading at most, and not alone (as :meth:`~zfxxgk.parser.lexer.Lexer._split_spaced`)."""
    end = len(words)
    while end > 1 and (parse_value(words[end - 1].norm)[0] is not None or words[end - 1].norm in BLANKS
                       or damaged_number(words[end - 1].norm)):
        end -= 1
    damaged = [damaged_number(w.norm) for w in words[end:]]
    if sum(damaged) > (1 if len(damaged) > 1 else 0):
        return None
    return end, [CellToken.make("CELL", [w], UNREADABLE if bad else "exact") for w, bad in zip(words[end:], damaged)]


#: the longest line read as pieces of group labels, a row label and its values (a 2021 row of 三 with
#: wide spaces is ~150 characters)
_MAX_GROUPED_LINE = 600


def _beside_group(tok: CellToken, cells: list[CellToken], rows: dict,
                  longest: int) -> tuple[CellToken, list[CellToken], list[str]] | None:
    """``年度办   3.危及“三安全一稳定”   1878 …`` → the row label's token, the cells (those after
    ``tok``, else the values ending its line) and the group labels its leading words are pieces
    of; ``None`` unless every leading word is a piece of a group label spanning that row and the
    rest is exactly the row's label (``rows``: :func:`_grouped_rows`; ``longest``: its longest key)."""
    if len(tok.fragments) != 1:
        return None
    frag = tok.fragments[0]
    if len(frag.norm) > _MAX_GROUPED_LINE:  # (prose, a report on one line: no group piece and row label)
        return None
    words = frag.words()
    end = len(words)
    if not cells:
        found_values = _line_values(words)
        if found_values is None:
            return None
        end, cells = found_values
    found = None
    key = ""  # the match key of words[k:end] (a key is the keys of its parts joined)
    for k in range(end - 1, 0, -1):
        key = words[k].key + key
        if len(key) > longest:
            break
        hit = rows.get(key)
        if hit is None:
            continue
        named = [next((label for label, group in hit[1] if _piece_of(w.key, group)), None) for w in words[:k]]
        names = [n for n in named if n is not None]
        if len(names) < k:
            continue
        if found is not None:
            return None  # two readings: not decided by structure
        a, b = words[k].column - frag.column, words[end - 1].column - frag.column + len(words[end - 1].text)
        cut = frag.cut(a, b)  # the label's spaces are layout, as the lexer reads them
        label = CellToken.make(hit[0].terminal, [Fragment(cut.line, cut.column, cut.text,
                                                          "".join(w.norm for w in words[k:end]), cut.place)], "exact")
        found = label, cells, names
    return found


def _line_cells(tok: CellToken) -> tuple[Cell, ...]:
    """The cells of an unreadable line: from its first part with a digit on, each space-separated
    part a cell (read where it is a number); the whole line one cell when nothing parts it."""
    parts = tok.whole.words()
    first = next((k for k, p in enumerate(parts) if any(ch.isdigit() for ch in p.text)), None)
    if first is None or len(parts) == 1:
        return (Cell(None, tok.value.strip(), None, tok.line),)
    head = " ".join(p.text for p in parts[:first])
    cells = [Cell(None, head, None, tok.line)] if head else []
    for p in parts[first:]:
        value, raw, unit = _value_unit(p)
        cells.append(Cell(value, raw, unit, tok.line))
    return tuple(cells)


def _row_total_ok(cells) -> bool:
    """Section 三's row arithmetic on printed cells: the last (总计) is the sum of the others."""
    values = [parse_value(c.norm)[0] if c.norm not in BLANKS else 0 for c in cells]
    nums = [v for v in values if v is not None]
    return len(nums) == len(values) and total_is_sum(nums)


def _accounted(block: _Block, spec: TableSpec, row_ok, open_end: bool) -> dict | None:
    """Section 三 as :func:`.sequence.plan` would place it with ``spec`` — every value row under a
    label or in a stretch its rows account for — or ``None`` when some value rows are left over.
    A dry run: nothing is reported."""
    decided = plan(block.entries, spec, row_ok, open_end=open_end)
    if decided.strays or not decided.stretches or any(st.why is not None for st in decided.stretches):
        return None
    trial: dict = {}
    for label, cells in decided.owned:
        row = spec.row_for(label.base)
        if row is None or row.key is None or row.key in trial or len(cells) != len(spec.columns):
            return None
        trial[row.key] = {col.key: to_cell(tok) for col, tok in zip(spec.columns, cells) if tok.how != UNREADABLE}
    for st in decided.stretches:
        for row, values in zip(st.rows, st.values):
            trial[row.key] = {col.key: to_cell(tok) for col, tok in zip(spec.columns, values) if tok.how != UNREADABLE}
    return trial


def _readings(spec) -> dict:
    """The orders 四's fifteen values are printed in, each a map (group, column) → position: row
    order (one line, or group by group) and column by column (a PDF's columns read down)."""
    ng, nc = len(spec.groups), len(spec.columns)
    return {"row order": lambda g, c: g * nc + c, "column by column": lambda g, c: c * ng + g}


def _values(table: dict) -> dict:
    return {g: {k: c.value for k, c in cols.items()} for g, cols in table.items()}


def _header_labels(spec: TableSpec) -> list[tuple[str, str]]:
    """A table's header cells and column labels: (terminal, what a message calls it)."""
    return [(h.terminal, h.called) for h in spec.headers] + [(c.terminal, c.label) for c in spec.columns]


def _cell_like(part: Fragment) -> bool:
    """A printed cell: a value, a blank mark, or a value damaged past reading (``0!``, ``19�34``)."""
    norm = part.norm
    return parse_value(norm)[0] is not None or norm in BLANKS or bool(_DAMAGED.fullmatch(norm) or _VALUEISH.fullmatch(norm))


def _value_unit(part: Fragment) -> tuple[Number | None, str, str | None]:
    """``(value, raw, unit)`` of a printed cell, the first three fields of a :class:`Cell`."""
    value, unit = parse_value(part.norm)
    return value, part.text, unit


def _short(label: str) -> str:
    return label if len(label) <= 12 else label[:11] + "…"


def _shown(cells) -> str:
    return " ".join(c.raw or "␣" for c in cells)


def _spans(tokens) -> str:
    """Cells that span several of the page's columns (``13 ||``), named in a ``cell-count`` error:
    a span is how the page merged its cells, never a count of the template's columns."""
    wide = [f"{t.value or '␣'}×{t.fragments[0].span}" for t in tokens
            if getattr(t, "fragments", None) and t.fragments[0].span > 1]
    return f" (spanning page columns, counted once each: {' '.join(wide)})" if wide else ""


def _around(st) -> str:
    """Where a stretch of value rows is: between which of the template's rows."""
    a = _short(st.after.label) if st.after else "the table's start"
    b = _short(st.before.label) if st.before else "the table's end"
    return f"between {a} and {b}"


def _stretch_cells(st) -> list[Cell]:
    return [to_cell(c) for v in st.values for c in v]


#: the units of money (an amount's: 万元, 元, 亿元)
_MONEY = frozenset(u for u in units("c") if u.endswith("元"))


def _fits(col: Column, cell: Cell) -> bool:
    """Whether ``cell`` can stand under ``col`` by its kind: a negative number only under a change
    (本年增/减), a fraction or a value with a money unit only under an amount (金额); a blank or a
    whole number anywhere."""
    if cell.value is None:
        return True
    labels = (col.label, *col.variants)
    if cell.value < 0 and not any(_SIGNED.search(x) for x in labels):
        return False
    if (cell.unit in _MONEY or cell.value != int(cell.value)) and not any("金额" in x for x in labels):
        return False
    return True


def _why_not_by_order(st, spec: TableSpec, out: dict, columns: tuple[Column, ...] | None,
                      late_header: bool) -> str | None:
    """Why a stretch that fits the template's rows by count is still not placed by order (``None``:
    it may be, if the arithmetic confirms it)."""
    if columns is None:
        return "the header's column order does not fit the template"
    if spec.key != "applications" and any(c.how == UNREADABLE for v in st.values for c in v):
        return "a value among them cannot be read"
    if any(r.key in out for r in st.rows):
        return "a row there is already placed"
    if spec.key != "applications" and not (
            len(st.rows) == 1 and any(spec.row_for(lab.base) is st.rows[0] for lab in st.labels)):
        return "no arithmetic confirms the order here"
    if spec.key != "applications" and late_header:
        # pdftotext prints a header word after the row label and the values in its own reading
        # order: with no arithmetic in 二, nothing says which value is which column
        return "header cells are printed among its rows, so the order of its values is not certain"
    return None


def _failed_rows(trial: dict, spec: TableSpec, damaged: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """The rows of section 三 (``{row: {column: Cell}}``) in a sum that does not hold, or in a row
    total not confirmed; none for other tables (they have no arithmetic).  A row of ``damaged``
    (a cell of it unreadable, left out of ``trial``) has no row total to confirm it: its other
    cells must each be confirmed by a column's sum instead."""
    failed: set[str] = set()
    if spec.key == "applications":
        verdicts = applications_verdicts(trial, spec)
        by_column = confirmed_cells(verdicts)[1]
        for rule, row, cells, ok in verdicts:
            if ok is False or (rule == "applications.row_total" and ok is not True):
                if ok is None and row in damaged and trial.get(row) \
                        and all(f"applications/{row}/{col}" in by_column for col in trial[row]):
                    continue
                failed.update(path.split("/")[1] for path in cells)
    return failed


def _review_headers(spec) -> tuple[dict[str, str], Counter]:
    """Section 四's header cells: the label of each terminal, and how many times each is printed."""
    label_of = {c.terminal: c.label for c in (*spec.headers, *spec.columns)}
    wanted = Counter({h.terminal: 1 for h in spec.headers})
    for col in spec.columns:
        wanted[col.terminal] += len(spec.groups)
    return label_of, wanted


_REVIEW_HEADERS: dict = {}  # (read only: per_spec keeps them)


# ---- what the table rules build (named after their rules) -----------------------------------------

class TableHeader(NamedTuple):
    """A header cell and the cells printed after it on its line (a ``*_header`` rule)."""

    label: CellToken
    cells: list[CellToken]


class TableRow(NamedTuple):
    """A row label and the values printed after it (a ``*_row`` rule)."""

    label: CellToken
    cells: list[CellToken]


class ItemHeader(TableHeader):
    """``item_N_header``: a header cell of an Article 20 table."""

    __slots__ = ()


class ItemRow(TableRow):
    """``item_N_row``: a row of an Article 20 table."""

    __slots__ = ()


class ApplicationsHeader(TableHeader):
    """``applications_header``: a header cell of section 三's table."""

    __slots__ = ()


class ApplicationsRow(TableRow):
    """``applications_row``: a row of section 三's table."""

    __slots__ = ()


class ReviewLitigationHeader(NamedTuple):
    """``review_litigation_header``: a header cell of section 四 (or a line of text among them)."""

    label: CellToken


def _builds(node: type[TableHeader] | type[TableRow]):
    """The handler of a table rule whose children are a label and cells: ``node(label, cells)``."""
    def handler(self, children):
        return node(children[0], children[1:])

    handler.__annotations__ = {"return": node}
    return handler


@attrs.define(repr=False)
class _Block:
    """What one table block contained, before placement."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq

    title: CellToken | None
    headers: list[CellToken] = attrs.Factory(list)
    rows: list[tuple[CellToken, list[CellToken]]] = attrs.Factory(list)
    loose: list[tuple[CellToken, list[CellToken]]] = attrs.Factory(list)
    entries: list[Entry] = attrs.Factory(list)  # labels, header cells, fragments and values in source order


class NationalTransformer(CommonTransformer):
    """Builds the three tables of ``national.lark``; subclasses give the template's spec and items."""

    spec_default: TemplateSpec = SPEC_2019

    def __init__(self, diagnostics: list, *, fragments=(), spec: TemplateSpec | None = None, meta: dict | None = None):
        super().__init__(diagnostics, fragments=fragments, spec=spec or self.spec_default, meta=meta)
        self.active: dict = {}
        self.applications_table: dict = {}
        self.review: dict = {}
        self.seen: set[str] = set()
        self._by_line: dict | None = None  # source fragments by line (_exact_cell)
        self._inferred: set[str] = set()  # rows placed by order, by type or by splitting glued digits
        self._run_on: list[CellToken] | None = None  # 四's values run on after 三's last row (_review_run_on)
        # 四 short of values: its cells, its cell-count error (held back) and where that goes (_review_split)
        self._split: tuple[list[CellToken], Diagnostic, int] | None = None
        # one search budget for the whole report's glued runs, in proportion to its length
        self.glued_budget = Budget.for_text(sum(map(len, map(_TEXT, fragments))))

    def diag(self, severity: str, code: str, message: str | None = None, line: int | None = None, cells=(),
             **fields) -> None:
        if self._split is not None and severity == "error" and self.on_error is not None:
            self._release_split()  # strict: 四's held-back error was made first, so it is the one raised
        super().diag(severity, code, message, line, cells, **fields)

    def tables(self) -> dict:
        self._release_split()
        if self._run_on is not None:
            if "review_litigation" in self.seen or self.review:  # 四 printed after all: the values stay unplaced
                cells = [to_cell(c) for c in self._run_on]
                self.diag("error", "duplicate-table", line=cells[0].line, cells=cells, shape="duplicate-table/chapter",
                          where="四", column=self._run_on[0].column, table="review_litigation")
            else:
                self.seen.add("review_litigation")
                self._place_review_row(self._run_on, self.spec.review_litigation)
        for key, what in (("active_disclosure", "二、主动公开政府信息情况"), ("applications", "三 applications table"),
                          ("review_litigation", "四 review/litigation table")):
            if key not in self.seen:
                self.diag("warning", "missing-table", f"no {what} found in the text")
        self._withhold_altered()
        return {"active_disclosure": self.active, "applications": self.applications_table,
                "review_litigation": self.review}

    def _withhold_altered(self) -> None:
        """Values read from a PDF page whose text is known altered or incomplete (a ``damaged-pdf``
        error names the page: a content stream that fails its checksum or is cut short, a broken
        font …) are not trusted by structure alone.  A sum that holds confirms a value but not its
        place among the parts it adds (the parts in any order sum the same), so a value of such a
        page stays placed only where sums both ways hold — section 三's row total and a column sum
        (勾稽 identity or outcome sum) — and its row was placed under its label (not by order, nor
        by a split of glued digits: the same sums chose those).  Sections 二 and 四 have sums one way
        only: their values from such a page are all withheld.  Each withheld value is kept in an
        ``altered-page`` error (raw, line, page), one per table and page."""
        pages = {d.page for d in self.diagnostics if d.code == "damaged-pdf" and d.severity == "error"
                 and d.page is not None}
        if not pages:
            return
        spec = self.spec
        confirmed: set[str] = set()
        if spec.applications is not None and self.applications_table:
            verdicts = applications_verdicts(self.applications_table, spec.applications)
            by_row, by_column = confirmed_cells(verdicts)
            confirmed = {p for p in by_row & by_column if p.split("/")[1] not in self._inferred}
        tables = [(f"active_disclosure/{t.key}", {"table": "active_disclosure", "item": t.key}, t.title,
                   self.active[t.key]) for t in spec.active_disclosure if t.key in self.active]
        tables += [("applications", {"table": "applications"}, "三", self.applications_table),
                   ("review_litigation", {"table": "review_litigation"}, "四", self.review)]
        for prefix, keys, where, table in tables:
            withheld: dict[int, list[Cell]] = {}
            for row in list(table):
                for col, cell in list(table[row].items()):
                    if cell.page in pages and f"{prefix}/{row}/{col}" not in confirmed:
                        withheld.setdefault(cell.page, []).append(cell)
                        del table[row][col]
                if not table[row]:
                    del table[row]
            for page, cells in sorted(withheld.items()):
                self.diag("error", "altered-page", line=cells[0].line, cells=cells, where=where, page=page,
                          found=len(cells), **keys)

    # ---- shared helpers ------------------------------------------------------------------------
    def _block(self, children, title: CellToken | None = None) -> _Block:
        block = _Block(title)
        for c in children:
            if isinstance(c, CellToken):  # values right after the heading
                if not c.norm and not block.rows:
                    continue  # a blank among the headers (an empty corner, `` |||``) is no value
                if block.entries and block.entries[-1].kind == "values":
                    block.entries[-1].cells.append(c)
                else:
                    block.entries.append(Entry("values", None, [c]))
            elif isinstance(c, TableHeader):
                block.headers.append(c.label)
                blanks = not any(x.norm for x in c.cells)  # empty header cells after it carry nothing
                block.entries.append(Entry("header", c.label, [] if blanks else list(c.cells)))
            elif isinstance(c, TableRow):
                block.rows.append((c.label, c.cells))
                block.entries.append(Entry("label", c.label, list(c.cells)))
            elif isinstance(c, LooseRow):
                text, cells = c.text, list(c.cells)
                if not cells:
                    text, cells = _trailing_values(text)
                block.loose.append((text, cells))
                is_value = parse_value(text.norm)[0] is not None or (text.norm in BLANKS and text.norm) \
                    or _DAMAGED.fullmatch(text.norm) or _VALUEISH.fullmatch(text.norm)  # 19�34, 0 !: a damaged value
                block.entries.append(Entry("fragment", text, [] if is_value else cells))  # a value: stray (_loose)
        return block

    def _note_match(self, tok: CellToken, what: str) -> None:
        if tok.how == "joined":
            lines = ", ".join(str(f.line) for f in tok.fragments)
            self.diag("info", "split-cell", f"{what} {tok.norm!r} was split over lines {lines}", tok.line)
        elif tok.how == "truncated":
            self.diag("warning", "truncated-label", f"{what} {tok.value!r} is truncated", tok.line)
        elif tok.how == "damaged":
            self.diag("warning", "damaged-label", f"{what} {tok.value!r} has unreadable characters: read as "
                      f"{tok.base}, the one label of the template it can spell", tok.line)
        elif tok.how == "renumbered":
            self.diag("info", "label-variant", f"{what} {tok.value!r} is printed without its number", tok.line)

    def _check_headers(self, block: _Block, expected: list[tuple[str, str]], where: str) -> None:
        found: dict[str, CellToken] = {}
        for h in block.headers:
            found.setdefault(h.base, h)
            if h.how == "truncated":
                label = next((lab for t, lab in expected if t == h.base), h.base)
                self.diag("warning", "truncated-header", f"{where}: header {h.value!r} is truncated ({label})", h.line)
            elif h.how == "joined":
                self._note_match(h, f"{where}: header")
        missing = [label for term, label in expected if term not in found]
        if missing:
            line = block.title.line if block.title else (block.headers[0].line if block.headers else None)
            self.diag("warning", "missing-header", f"{where}: header cells missing: {'、'.join(missing)}", line)

    @staticmethod
    def _keys(spec: TableSpec) -> dict:
        """The structured fields that name a table of 二 or 三 in a diagnostic."""
        return {"table": "applications"} if spec.key == "applications" else {"table": "active_disclosure", "item": spec.key}

    def _loose(self, block: _Block, where: str, paragraphs: list[str], keys: dict | None = None) -> None:
        keys = keys or {}
        for label, cells in block.loose:
            value, _ = parse_value(label.norm)
            if value is not None or (not cells and label.norm in BLANKS and label.norm) or _DAMAGED.fullmatch(label.norm) \
                    or _VALUEISH.fullmatch(label.norm):
                # a value, or one damaged past reading (19�34, 一二三): kept
                placed = [to_cell(label), *(to_cell(c) for c in cells)]
                self.diag("error", "stray-value", line=label.line, cells=placed, where=where, column=label.column,
                          found=len(placed), **keys)
            elif cells:
                continue  # values after text that is no label: placed by order or reported (_place_by_order)
            elif (_TRAILING_DIGITS.search(label.norm) and not label.norm.endswith(("年", "月", "日"))) \
                    or ends_in_damaged_value(label.norm) \
                    or _SPACED_DIGITS.search(label.value):
                # a label we could not read with numbers run into it: keep the whole line as unplaced,
                # its values one cell each when spaces part them (（七）总计 30 34 27 36 x 36 27 190)
                self.diag("error", "unreadable-row", line=label.line, cells=_line_cells(label), where=where,
                          label=label.value, column=label.column, **keys)
            else:
                paragraphs.append(label.value)

    def _group_pieces(self, block: _Block, spec: TableSpec, where: str) -> None:
        """Lines of a table that begin with pieces of a group label (pdftotext -layout prints a cell
        the form merges over several rows — 三、本年度办理结果, （三）不予公开 — wrapped, a few
        characters a line, on the lines of the rows beside it: ``年度办   3.危及“三安全一稳定”   1878 …``):
        where every leading word is a piece of a group label spanning the row (:func:`_piece_of`) and
        the rest is exactly the row's label, the line is that row; the pieces are dropped, named in
        an info.  Any other text stays a loose line (reported by :meth:`_loose`)."""
        rows = per_spec(_GROUPED, spec, _grouped_rows)
        if not rows:
            return
        longest = 0
        for n, e in enumerate(block.entries):
            if e.kind != "fragment" or not e.label.norm:
                continue
            longest = longest or max(map(len, rows))
            found = _beside_group(e.label, e.cells, rows, longest)
            if found is None:
                continue
            label, cells, groups = found
            block.entries[n] = Entry("label", label, list(cells))
            block.loose = [x for x in block.loose if x[0] is not e.label]
            block.rows.append((label, list(cells)))
            frag = e.label.fragments[0]
            head = frag.text[: label.column - frag.column].strip()
            named = "、".join(dict.fromkeys(groups))
            self.diag("info", "group-label-piece", f"{where}: {head!r} before row {label.value!r} (line {label.line}) "
                      f"is text of the group label {named} printed beside the row; read as the row, that text "
                      "dropped", label.line, column=frag.column, row=getattr(spec.row_for(label.base), "key", None),
                      **self._keys(spec))

    def _header_units(self, block: _Block, spec: TableSpec) -> dict[str, str | None]:
        """Units a header states for its column (``本年收费金额（单位：万元）``), else the template's."""
        units = {col.key: col.unit for col in spec.columns}
        for h in block.headers:
            m = _HEADER_UNIT.search(h.norm)
            col = next((c for c in spec.columns if c.terminal == h.base), None) if m else None
            if m and col is not None:
                units[col.key] = m.group(1)
        return units

    def _trim(self, cells: list[CellToken], n: int, where: str) -> list[CellToken]:
        """Empty cells after the last column (a row closed by extra pipes) carry nothing: drop them."""
        if len(cells) > n and all(c.norm == "" for c in cells[n:]):
            self.diag("info", "trailing-blank-cells", f"{where}: {len(cells) - n} empty cell(s) after the last "
                      "column ignored", cells[n].line)
            return cells[:n]
        return cells

    def _column_order(self, block: _Block, spec: TableSpec, where: str) -> tuple[Column, ...] | None:
        """The columns in the order the header prints them.

        Header cells in reading order give the column order only where a header is one row: an
        Article 20 block, and 三's five 法人或其他组织 sub-columns (自然人 and 总计 stand in the row
        above).  When all of those are there in another order, values follow the headers (a
        ``columns-reordered`` warning); when some are there in an order no arrangement of the
        template's columns explains, ``None`` (the rows are not placed).
        """
        cols = spec.columns
        orderable = cols[1:-1] if spec.key == "applications" else cols
        pos = {c.terminal: i for i, c in enumerate(orderable)}
        # only header cells read exactly count: printed whole, as a cell of their own — not a
        # prefix, a join, or a piece carved out of a longer damaged cell (法�或其他组织 holds 其他)
        heads = [h for h in block.headers if h.base in pos]
        if all(pos[a.base] <= pos[b.base] for a, b in zip(heads, heads[1:])):
            return cols  # every header in the template's order: so is any subsequence of the exact ones
        exact = [h for h in heads if self._exact_cell(h)]
        seq: list[str] = []
        for h in exact:
            if h.base not in seq:
                seq.append(h.base)
        if len(seq) < 2 or all(pos[a] < pos[b] for a, b in zip(seq, seq[1:])):
            return cols
        if len(seq) == len(orderable) and (len(exact) != len(seq) or len(heads) != len(exact)):
            seq = seq[:-1]  # a column's header twice, or one not read exactly: the order is not the headers'
        first = next(h for h in block.headers if h.base in pos)
        line = first.line
        shown = " | ".join(next(c.label for c in orderable if c.terminal == t) for t in seq)
        if len(seq) < len(orderable):
            self.diag("error", "column-order", f"{where}: header cells {shown} contradict the template's column "
                      "order and some are missing, so no column order fits; the rows are not placed", line,
                      column=first.column, expected=len(orderable), found=len(seq), **self._keys(spec))
            return None
        self.diag("warning", "columns-reordered", f"{where}: the header prints the columns in another order "
                  f"({shown}); values placed under their header", line)
        by_term = {c.terminal: c for c in orderable}
        printed = tuple(by_term[t] for t in seq)
        return printed if orderable is cols else (cols[0], *printed, cols[-1])

    def _exact_cell(self, tok: CellToken) -> bool:
        """``tok`` matched its label exactly and was printed as a cell of its own: no other text of
        its line touches it or contains it (法�或|其他|组织: 其他 is a piece of a damaged cell)."""
        if tok.how != "exact" or len(tok.fragments) != 1:
            return False
        f = tok.fragments[0]
        start, end = f.column, f.column + len(f.text)
        for g in self._line_fragments().get(f.line, ()):
            g_start, g_end = g.column, g.column + len(g.text)
            if g_start == start and g_end == end:
                continue
            if g_end == start or g_start == end or (g_start <= start and end <= g_end):
                return False
        return True

    def _line_fragments(self) -> dict:
        if self._by_line is None:
            self._by_line = {}
            for g in self.fragments:
                if g.text.strip():
                    self._by_line.setdefault(g.line, []).append(g)
        return self._by_line

    def _negatives(self, placed: dict, columns, where: str, **keys) -> None:
        """A negative number where the column counts something (only 本年增/减 may fall): a warning."""
        for col in columns:
            cell = placed.get(col.key)
            if cell is not None and cell.value is not None and cell.value < 0 and not _SIGNED.search(col.label):
                self.diag("warning", "negative-value", f"{where}: {col.label} is {cell.raw!r}, a negative count "
                          "(only a change, 增/减, can be negative); placed as printed", cell.line, column_key=col.key,
                          **keys)

    @staticmethod
    def _blank_tail(label: CellToken, cells: list[CellToken], n: int) -> bool:
        """Cell ``n`` of the row is blank and on a line of its own: it may be an empty cell of the
        page between rows (an extra column, a label column written empty) rather than a value."""
        if len(cells) <= n or cells[n].norm:
            return False
        return cells[n].line != (cells[n - 1].line if n else label.line)

    def _blanks_between(self, block: _Block, spec: TableSpec) -> bool:
        n = len(spec.columns)
        return any(self._blank_tail(lab, cs, n) and not any(c.norm for c in cs[n:]) for lab, cs in block.rows)

    @staticmethod
    def _off_headers(block: _Block, spec: TableSpec, label: CellToken, cells: list[CellToken]) -> list[str]:
        """Cells that span other page columns than their column's header (``5 ||`` under
        ``上一年项目数量 |``), where every cell is a line of its own as the layout with spans writes it."""
        header: dict = {}
        for h in block.headers:  # a joined header's pipes close its last line
            header.setdefault(h.base, h.fragments[-1])
        lines = [label.line] + [c.line for c in cells]
        if len(set(lines)) != len(lines):
            return []
        return [f"{c.value or '␣'} spans {c.fragments[-1].span} under {col.label} spanning {header[col.terminal].span}"
                for col, c in zip(spec.columns, cells) if col.terminal in header and getattr(c, "fragments", None)
                and c.fragments[-1].span != header[col.terminal].span]

    def _made_up(self, block: _Block, spec: TableSpec, label: CellToken, cells: list[CellToken], between: bool,
                 where: str) -> bool:
        """A row with the template's count only by its last cell, a blank on a line of its own,
        where that blank may be the page's empty cell between rows — the table has such blanks
        elsewhere, or the row's cells do not span their headers' columns: a value may be lost and
        the count made up, so the row is not placed (error keeping its values)."""
        n = len(spec.columns)
        if len(cells) != n or not n or not self._blank_tail(label, cells, n - 1):
            return False
        off = self._off_headers(block, spec, label, cells)
        if not (between or off):
            return False
        why = "its cells do not span their headers' page columns (" + "; ".join(off) + ")" if off else \
            "this table has blank cells between rows"
        placed = [to_cell(c) for c in cells]
        self.diag("error", "cell-count", line=label.line, cells=placed, shape="cell-count/blank-tail", where=where,
                  label=label.value, blank_line=cells[-1].line, why=why, column=label.column, expected=n, found=n,
                  row=getattr(spec.row_for(label.base), "key", None), **self._keys(spec))
        return True

    def _open_end(self, block: _Block) -> bool:
        """Whether the text ends in ``block`` (cut short in the table): nothing after its last line."""
        if not block.entries or not self.fragments:
            return False
        end = block.entries[-1]  # (entries in source order: the last holds the block's last line)
        last = end.cells[-1] if end.cells else end.token
        return last is not None and last.line >= self.fragments[-1].line

    def _place_rows(self, block: _Block, spec: TableSpec, where: str, between: bool | None = None) -> dict:
        """Place each value row under its label, or by the template's order (``sequence.py``)."""
        out: dict = {}
        row_ok = _row_total_ok if spec.key == "applications" else None
        spec = self._one_row_other_handling(block, spec, where, row_ok)
        units = self._header_units(block, spec)
        between = self._blanks_between(block, spec) if between is None else between
        labelled = [e for e in block.entries if e.kind == "label"]
        columns = self._column_order(block, spec, where)
        rows, unsolved = recover_rows([(e.token, e.cells) for e in labelled], spec, where, self.diag,
                                      budget=self.glued_budget)  # glued runs
        for e, (_, cells) in zip(labelled, rows):
            e.cells = [] if id(e.token) in unsolved else list(cells)
            e.reported = id(e.token) in unsolved
            if self._blank_tail(e.label, e.cells, len(spec.columns)):  # the page's empty cells after the
                e.cells = self._trim(e.cells, len(spec.columns), where)  # row, one per line: not a value row
        for e in labelled:
            if e.label.how != "exact":  # (an exact match is noted nowhere)
                self._note_match(e.label, f"{where}: row label")
        decided = plan(block.entries, spec, row_ok, open_end=self._open_end(block))
        for label, cells in decided.owned:
            self._place_labelled(label, cells, spec, where, units, out, block, between, columns)
        if decided.stretches:
            first_label = next((k for k, e in enumerate(block.entries) if e.kind == "label"), None)
            late_header = first_label is not None and len(spec.columns) > 1 and any(
                e.kind == "header" for e in block.entries[first_label:])
            self._place_by_order(decided.stretches, spec, where, units, out, columns, late_header=late_header)
        for row in decided.strays:
            cells = [to_cell(c) for c in row]
            self.diag("error", "stray-value", line=cells[0].line, cells=cells, shape="stray-value/no-row", where=where,
                      column=row[0].column, found=len(cells), **self._keys(spec))
        self._fragments(block, where)
        seen = {e.label.base for e in labelled}
        missing = [r.label for r in spec.rows if r.key is not None and r.key not in out and r.terminal not in seen]
        if missing:
            line = block.title.line if block.title else None
            self.diag("warning", "missing-row", f"{where}: rows missing: {'、'.join(missing)}", line)
        groups = [r.label for r in spec.rows if r.key is None and r.terminal not in seen]
        if groups:
            self.diag("warning", "missing-label", f"{where}: group labels missing: {'、'.join(groups)}")
        return {r.key: out[r.key] for r in spec.rows if r.key in out}  # the template's order, however placed

    def _one_row_other_handling(self, block: _Block, spec: TableSpec, where: str, row_ok) -> TableSpec:
        """A 2021 table printing （六）其他处理 as one row of values (the 2019 form) and none of its
        sub-rows: （六） is then the data row ``other_handling`` (TEMPLATES.md §4), with a warning.
        The values on （六）'s own line say so; values printed apart from it (PDF-extracted text) only
        when the 2021 rows do not account for the value rows, the one-row form does, and with it the
        outcome sum holds in every column (so a table cut short never takes that form)."""
        one_row = other_handling_as_one_row(spec)
        if one_row is None:
            return spec
        subs = {r.terminal for r in spec.rows if (r.key or "").startswith("other_handling.")}
        labels = [e for e in block.entries if e.kind == "label"]
        six = [e for e in labels if e.label.base == "OTHER_HANDLING"]
        if len(six) != 1 or any(e.label.base in subs for e in labels):
            return spec  # both forms printed: the values on the group label stay an error
        cells = six[0].cells
        if cells and cells[0].line in {f.line for f in six[0].label.fragments}:
            if len(cut_rows(cells, 1 << 30)) != 1 or len(cells) not in (1, len(spec.columns)):
                return spec
            how = "as one row of values and none of its three sub-rows"
        else:
            # the table must be there to its end (（七）总计 or 结转 printed): cut short after （六）'s values,
            # the sub-row labels may simply be lost, and zeros make every sum hold
            if not any(e.kind == "label" and e.label.base in ("TOTAL_PROCESSED", "CARRIED_FORWARD")
                       for e in block.entries):
                return spec
            open_end = self._open_end(block)
            if _accounted(block, spec, row_ok, open_end) is not None:
                return spec
            trial = _accounted(block, one_row, row_ok, open_end)
            outcomes = [ok for rule, _, _, ok in applications_verdicts(trial or {}, one_row) if rule == "applications.outcomes"]
            if not outcomes or not all(outcomes):
                return spec
            how = ("without values beside it and none of its three sub-rows, and only as one row do the rows account "
                   "for the value rows, the outcome sum confirming it")
        self.diag("warning", "other-handling-one-row", f"{where}: the report prints （六）其他处理 {how} (the 2019 "
                  "form); placed under other_handling", six[0].label.line)
        return one_row

    def _section(self, level: int, children) -> Section:
        """A heading's section.  A paragraph that is a bare number is a table cell out of place — a
        row label damaged into a heading (``一、本年新收…数�``) turns the rows after it into
        paragraphs, or keeps its row's values in the heading's line — so they are named in an error
        with their line, never left only in the prose."""
        cells = []
        head = children[0]
        # 四、��转下年度继续办理   0   0 …: a row label damaged into a heading, its values on its line
        m = _SPACED_DIGITS.search(head.value)
        parts = head.whole.words(m.start()) if m else []
        title, column = head.value, None
        if m and len(parts) >= 2 and all(_cell_like(x) or (len(x.text) <= 2 and not _CJK_CHAR.search(x.text))
                                         for x in parts):
            cells += [Cell(*_value_unit(x), head.line) for x in parts]
            title, column = head.value[: m.start()], parts[0].column
        run: list[CellToken] = []  # the first values, on paragraphs that follow each other (_review_split)
        run_paras: list[Para] = []
        run_open = not cells and self._split is not None  # (a run is looked for only while 四 waits for one)
        for p in children[1:]:
            if isinstance(p, Para):
                norm = p.norm
                value, unit = parse_value(norm)
                if _value_paragraph(norm, value):
                    cells.append(Cell(value, p.text.strip(), unit, p.line))
                    if run_open:  # (a damaged one, 1�7, unreadable: a join with it is refused)
                        run.append(CellToken.make("CELL", [p.frag], "exact" if value is not None else UNREADABLE))
                        run_paras.append(p)
                    continue
                # 0    0    0 … (a row's values, spaced out, on a line of their own); one word: not cut
                parts = p.frag.words() if len(p.text.split(None, 1)) > 1 else []
                if len(parts) >= 2 and all(_cell_like(x) for x in parts):
                    cells += [Cell(*_value_unit(x), p.line) for x in parts]
                    if run_open:
                        run += [CellToken.make("CELL", [x], "exact") for x in parts]
                        run_paras.append(p)
                elif run:
                    run_open = False
        if run and self._split is not None and self._review_split(self._split[0], run, title.strip()[:40]):
            cells = cells[len(run):]  # the run is 四's rest: placed, so no paragraph of this section
            children = [c for c in children if not any(c is p for p in run_paras)]
        if cells:
            self.diag("error", "stray-value", line=cells[0].line, cells=cells, shape="stray-value/heading",
                      where=title.strip()[:40], found=len(cells), column=column)
        return super()._section(level, children)

    def _place_labelled(self, label: CellToken, cells: list[CellToken], spec: TableSpec, where: str,
                        units: dict, out: dict, block: _Block, between: bool,
                        columns: tuple[Column, ...] | None = None) -> None:
        row: Row | None = spec.row_for(label.base)
        ncols = len(spec.columns)
        cells = self._trim(cells, ncols, where)
        key = row.key if row is not None else None
        if row is not None and key is not None and key not in out:
            cells = self._review_run_on(row, cells, spec, where)
        if key is not None and self._made_up(block, spec, label, cells, between, where):
            return
        if columns is None and row is not None and key is not None and cells and block.headers:
            placed = [to_cell(c) for c in cells]
            self.diag("error", "column-order", line=label.line, cells=placed, shape="column-order/row", where=where,
                      label=row.label, column=label.column, row=key, **self._keys(spec))
            return
        if row is not None and key is not None and key not in out and len(cells) == ncols:
            placed_row = self._row_cells(spec, columns, cells, units)
            hows = {c.how for c in cells}
            if UNREADABLE in hows:
                self._unreadable_cells(placed_row, cells, spec, columns, where, row)
            if "glued" in hows:
                self._inferred.add(key)
            if placed_row:
                out[key] = placed_row
            for c in placed_row.values():  # (a loop, no generator per row; rare: no message built)
                if c.value is not None and c.value < 0:
                    self._negatives(placed_row, spec.columns, f"{where}: row {row.label}", row=key, **self._keys(spec))
                    break
            return
        placed = [to_cell(c) for c in cells]
        at = {"line": label.line, "cells": placed, "where": where, "column": label.column, **self._keys(spec)}
        if row is None:
            self.diag("error", "unknown-row", label=label.value, found=len(cells), **at)
        elif row.key is None:
            if placed:
                self.diag("error", "values-on-group-label", label=label.value, found=len(cells), **at)
        elif row.key in out:
            self.diag("error", "duplicate-row", label=row.label, row=row.key, found=len(cells), **at)
        elif len(cells) != len(spec.columns):
            self.diag("error", "cell-count", label=row.label, row=row.key, spans=_spans(cells),
                      expected=len(spec.columns), found=len(cells), **at)

    def _review_run_on(self, row: Row, cells: list[CellToken], spec: TableSpec, where: str) -> list[CellToken]:
        """三's last row followed by 四's fifteen values, 四's heading and header words lost between
        them (one-line text): the row's cells, and 四's kept for :meth:`tables` — only when the row's
        total holds over its first cells, the rest are exactly 四's count, and read in row order (as
        one line prints them) all three group totals hold, and no other reading does with other
        values.  Otherwise the cells as they were (a ``cell-count`` error keeps them)."""
        review = self.spec.review_litigation
        n = len(spec.columns)
        if spec.key != "applications" or review is None or row is not spec.rows[-1] or self._run_on is not None:
            return cells
        expected = len(review.groups) * len(review.columns)
        if len(cells) != n + expected or not _row_total_ok(cells[:n]) or any(c.how == UNREADABLE for c in cells):
            return cells
        rest = cells[n:]
        fits = {name: _values(t) for name, t in self._review_fits(rest, review, _readings(review)).items()}
        if "row order" not in fits or any(f != fits["row order"] for f in fits.values()):
            return cells  # the row-order reading (how one line prints 四) must fit, and no other with other values
        self._run_on = rest
        self.diag("warning", "review-run-on", f"{where}: row {row.label} is followed by {expected} more values and no "
                  "heading 四 or header words: read as 四 (the row's total holds over its first "
                  f"{n}, and 四's group totals over the rest in row order)", rest[0].line, column=rest[0].column,
                  table="review_litigation")
        return cells[:n]

    def _unreadable_cells(self, placed: dict, cells: list[CellToken], spec: TableSpec,
                          columns: tuple[Column, ...] | None, where: str, row: Row, report: bool = True) -> None:
        """Take the cells whose value cannot be read (:data:`UNREADABLE`) out of a placed row: their
        place in the row is certain, their value is not; each is reported in an error (``report``)."""
        for col, tok in zip(columns or spec.columns, cells):
            if tok.how == UNREADABLE:
                placed.pop(col.key, None)
                if report:
                    self.diag("error", "unreadable-cell", line=tok.line, cells=[to_cell(tok)], where=where,
                              label=row.label, called=col.label, column=tok.column, row=row.key, column_key=col.key,
                              **self._keys(spec))

    @staticmethod
    def _row_cells(spec: TableSpec, columns: tuple[Column, ...] | None, cells: list[CellToken], units: dict) -> dict:
        """A row's cells under their columns' keys: in the printed column order (``columns``, from
        the header), keyed in the template's order.  ``units``: :meth:`_header_units` of ``spec``
        (its columns' keys in their order)."""
        if (columns is None or columns is spec.columns) and len(cells) >= len(spec.columns):
            # (key, unit) as the units hold them, in column order; a key twice leaves fewer: by key below
            placed = {key: to_cell(cell, unit) for (key, unit), cell in zip(units.items(), cells)}
            if len(placed) == len(spec.columns):  # the template's order, one column per key: the cells as printed
                return placed
        by_key = {col.key: cell for col, cell in zip(columns or spec.columns, cells)}  # (no Column hashing)
        if len(by_key) != len(spec.columns):  # two columns of one key (an extension's): by column
            by_column = dict(zip(columns or spec.columns, cells))
            return {col.key: to_cell(by_column[col], units[col.key]) for col in spec.columns}
        return {col.key: to_cell(by_key[col.key], units[col.key]) for col in spec.columns}

    def _place_by_order(self, stretches, spec: TableSpec, where: str, units: dict, out: dict,
                        columns: tuple[Column, ...] | None = (), *, late_header: bool = False) -> None:
        """Value rows whose label is displaced, fragmentary or lost: placed on the template's rows
        between their two neighbouring anchors when exactly accounted for and confirmed by the
        table's arithmetic (section 三: row totals, outcome sum, 勾稽 identity); else an error."""
        candidates = []
        for st in stretches:
            if st.why is None and late_header and self._place_by_type(st, spec, where, units, out, columns):
                continue
            why = st.why if st.why is not None else _why_not_by_order(st, spec, out, columns, late_header)
            if why is not None:
                self._unplaced_stretch(st._replace(why=why), spec, where)
            else:
                candidates.append(st)
        if not candidates:
            return
        trial = dict(out)
        damaged = set()
        for st in candidates:
            for row, values in zip(st.rows, st.values):
                trial[row.key] = self._row_cells(spec, columns or None, values, units)
                if any(c.how == UNREADABLE for c in values):
                    self._unreadable_cells(trial[row.key], list(values), spec, columns or None, where, row, False)
                    damaged.add(row.key)
        failed = _failed_rows(trial, spec, damaged)
        for st in candidates:
            keys = [r.key for r in st.rows]
            if any(k in failed for k in keys):
                cells = _stretch_cells(st)
                self.diag("error", "row-order", line=cells[0].line, cells=cells, shape="row-order/arithmetic",
                          where=where, around=_around(st), column=st.values[0][0].column, found=len(st.values),
                          **self._keys(spec))
                continue
            for row, values in zip(st.rows, st.values):
                self._unreadable_cells({}, list(values), spec, columns or None, where, row)
            for k in keys:
                out[k] = trial[k]
                self._inferred.add(k)
                self._negatives(out[k], spec.columns, f"{where}: row {k}", row=k, **self._keys(spec))
            lines = ", ".join(str(v[0].line) for v in st.values)
            by_column = [_short(r.label) for r, v in zip(st.rows, st.values) if isinstance(v, ColumnRow)]
            extra = {"shape": "placed-by-order/columns", "columns": "、".join(by_column)} if by_column else {}
            self.diag("warning", "placed-by-order", line=st.values[0][0].line, where=where, around=_around(st),
                      labels="、".join(_short(r.label) for r in st.rows), lines=lines, column=st.values[0][0].column,
                      row=keys[0] if len(keys) == 1 else None, found=len(st.values), **self._keys(spec), **extra)

    def _place_by_type(self, st, spec: TableSpec, where: str, units: dict, out: dict,
                       columns: tuple[Column, ...] | None) -> bool:
        """One row of 二 whose header cells pdftotext printed among its values, so that their order
        is not certain (no arithmetic in 二): placed when exactly one assignment of the values to
        the columns fits what each column can hold (:func:`_fits`) — ``-748`` only under 本年增/减,
        ``26.36万元`` only under a 金额 column.  ``False``: not this case, or no single fit."""
        if spec.key == "applications" or columns is None or len(st.rows) != 1 or len(st.values) != 1:
            return False
        row, values = st.rows[0], list(st.values[0])
        printed = columns or spec.columns
        if (row.key in out or len(values) != len(printed) or any(c.how == UNREADABLE for c in values)
                or not any(spec.row_for(lab.base) is row for lab in st.labels)):
            return False
        cells = [to_cell(v) for v in values]
        fitting = [cols for cols in itertools.permutations(printed) if all(map(_fits, cols, cells))]
        if len(fitting) != 1:
            return False
        out[row.key] = self._row_cells(spec, fitting[0], values, units)  # (a negative only under 增/减: _fits)
        self._inferred.add(row.key)
        shown = "、".join(f"{c.raw} → {col.label}" for col, c in zip(fitting[0], cells))
        self.diag("warning", "placed-by-type", f"{where}: {_short(row.label)}: header cells are printed among its "
                  f"values, so their order is not certain; placed by what each column can hold: {shown}",
                  values[0].line, row=row.key, **self._keys(spec))
        return True

    def _unplaced_stretch(self, st, spec: TableSpec, where: str) -> None:
        """A stretch not placed by order: each value row with text of its own an ``unknown-row``
        error, else one ``row-order`` error for all of them, saying why (``st.why``)."""
        if st.texts and all(t is not None for t in st.texts):
            for text, values in zip(st.texts, st.values):  # rows of their own the template does not have
                cells = [to_cell(c) for c in values]
                self.diag("error", "unknown-row", line=text.line, cells=cells, shape="unknown-row/by-order",
                          where=where, label=text.value, why=st.why, column=text.column, found=len(cells),
                          **self._keys(spec))
            return
        cells = _stretch_cells(st)
        self.diag("error", "row-order", line=cells[0].line, cells=cells, where=where, around=_around(st),
                  why=st.why, column=st.values[0][0].column, found=len(st.values), **self._keys(spec))

    def _fragments(self, block: _Block, where: str) -> None:
        frags = [e.label for e in block.entries if e.kind == "fragment" and not e.cells and len(e.label.norm) <= 20]
        if frags:
            shown = "、".join(f"{t.value!r} (line {t.line})" for t in frags)
            self.diag("info", "label-fragment", f"{where}: text that is no label of the template skipped (kept as "
                      f"paragraphs): {shown}", frags[0].line)

    def _chapter_section(self, heading: CellToken, body, extra_paragraphs: list[str]) -> Section | None:
        if heading.how == "implied":
            self.diag("warning", "missing-heading", "a table starts here without its chapter heading "
                      f"({DESCRIPTIONS.get(heading.base, heading.base)} is missing)", heading.line)
            return None
        # bare values of a table chapter are reported by the chapter (_stray_paragraph_values)
        section = CommonTransformer._section(self, 1, [heading, *[c for c in body if isinstance(c, (Para, Section))]])
        if extra_paragraphs:
            section = attrs.evolve(section, paragraphs=section.paragraphs + tuple(extra_paragraphs))
        return section

    # ---- 二、主动公开政府信息情况 --------------------------------------------------------------------
    def active_disclosure(self, children):
        self.seen.add("active_disclosure")
        heading, *rest = children
        notes: list[str] = []
        blocks = [c for c in rest if isinstance(c, _Block)]
        # one page table often holds every block: blanks between rows in one are evidence for all
        between = any(self._blanks_between(b, self.spec.item_for(b.title.base)) for b in blocks)
        for block in blocks:
            spec = self.spec.item_for(block.title.base)
            where = spec.title
            if spec.key in self.active:
                cells = [to_cell(c) for _, cs in block.rows for c in cs]
                self.diag("error", "duplicate-table", line=block.title.line, cells=cells, where=where,
                          column=block.title.column, **self._keys(spec))
                continue
            self._check_headers(block, _header_labels(spec), where)
            self._group_pieces(block, spec, where)
            self._loose(block, where, notes, self._keys(spec))
            self.active[spec.key] = self._place_rows(block, spec, where, between)
        present = [t.key for t in self.spec.active_disclosure if t.key in self.active]
        missing = [t.title for t in self.spec.active_disclosure if t.key not in self.active]
        if missing and present:
            self.diag("warning", "missing-table", f"Article 20 blocks missing: {'、'.join(missing)}", heading.line)
        self._stray_paragraph_values(rest, "二")
        return self._chapter_section(heading, rest, notes)

    def _stray_paragraph_values(self, children, where: str) -> None:
        """Bare values that ended up as paragraphs of a table chapter (e.g. its block title is lost):
        not placed, so named in an error with their lines — never dropped silently."""
        cells = []
        for p in children:
            if isinstance(p, Para):
                norm = p.norm
                value, unit = parse_value(norm)
                if (value is not None and not _LONE_NUMERAL.fullmatch(norm)) or (norm in BLANKS and norm) \
                        or _DAMAGED.fullmatch(norm):
                    cells.append(Cell(value, p.text.strip(), unit, p.line))
                    continue
                m = _SPACED_VALUES.search(p.text)  # 规章   0   0   0 (pdftotext -layout)
                parts = p.frag.words(m.start()) if m and m.start() else []
                if len(parts) >= 2 and all(parse_value(x.norm)[0] is not None or x.text in BLANKS for x in parts):
                    cells += [Cell(*_value_unit(x), p.line) for x in parts]
        if cells:
            self.diag("error", "stray-value", line=cells[0].line, cells=cells, shape="stray-value/block", where=where,
                      table="active_disclosure", found=len(cells))

    def _article20_item(self, children):
        title, *rest = children
        self._note_match(title, "block title")
        return self._block(rest, title)

    item_1 = item_5 = item_6 = item_8 = item_9 = _article20_item

    # each table rule builds the node named after it: a label (or header cell) and the cells after it
    item_1_header = item_5_header = item_6_header = item_8_header = item_9_header = _builds(ItemHeader)
    item_1_row = item_5_row = item_6_row = item_8_row = item_9_row = _builds(ItemRow)
    applications_header = _builds(ApplicationsHeader)
    applications_row = _builds(ApplicationsRow)
    # for a table rule of an extension's own (``hotline_row = NationalTransformer._row``): a
    # TableHeader / TableRow, which ``_block`` reads as ours
    _header = _builds(TableHeader)
    _row = _builds(TableRow)

    def review_litigation_header(self, children) -> ReviewLitigationHeader:
        (label,) = children
        return ReviewLitigationHeader(label)

    # ---- 三、收到和处理政府信息公开申请情况 -------------------------------------------------------------
    def applications(self, children):
        self.seen.add("applications")
        heading, *rest = children
        spec = self.spec.applications
        block = self._block(rest)
        self._check_headers(block, _header_labels(spec), "三")
        notes: list[str] = []
        if self.applications_table and (block.rows or block.loose):
            self._duplicate_table("三", heading, [c for _, cs in (*block.rows, *block.loose) for c in cs], "applications")
            return self._chapter_section(heading, [], notes)
        self._group_pieces(block, spec, "三")
        self._loose(block, "三", notes, self._keys(spec))
        self.applications_table.update(self._place_rows(block, spec, "三"))
        return self._chapter_section(heading, [], notes)

    def _duplicate_table(self, where: str, heading: CellToken, tokens: list[CellToken], table: str) -> None:
        """A table printed a second time: the first copy stands, the second is kept in an error."""
        cells = [to_cell(c) for c in tokens]
        self.diag("error", "duplicate-table", line=heading.line, cells=cells, shape="duplicate-table/chapter",
                  where=where, column=heading.column, table=table)

    # ---- 四、政府信息公开行政复议、行政诉讼情况 -----------------------------------------------------------
    def review_litigation(self, children):
        self._release_split()  # 四 again: the first one's shortfall stands
        self.seen.add("review_litigation")
        heading, *rest = children
        spec = self.spec.review_litigation
        notes: list[str] = []
        cells, segment, unreadable = self._review_cells(heading, rest, spec, notes)
        expected = len(spec.groups) * len(spec.columns)
        if self.review and cells:
            self._duplicate_table("四", heading, cells, "review_litigation")
            return self._chapter_section(heading, [], notes)
        unreadable += [c for c in cells if c.how == UNREADABLE]
        if unreadable and len(cells) == expected and len(set(segment)) == 1 \
                and all(c.how == UNREADABLE for c in unreadable):
            self._place_review_row(cells, spec)  # in row order, as printed: only the unreadable withheld
            return self._chapter_section(heading, [], notes)
        if unreadable:
            placed = [to_cell(c) for c in cells]
            shown = ", ".join(repr(t.value[:20] + ("…" if len(t.value) > 20 else "")) for t in unreadable[:3])
            self.diag("error", "unreadable-value", line=unreadable[0].line, cells=placed, what=shown,
                      more=" …" if len(unreadable) > 3 else "", column=unreadable[0].column, found=len(placed),
                      expected=expected, table="review_litigation")
            return self._chapter_section(heading, [], notes)
        glued = recover_review(cells, spec, self.diag, budget=self.glued_budget)  # glued digit runs (parser/glued.py)
        if glued == []:
            return self._chapter_section(heading, [], notes)
        cells = self._trim(glued or cells, expected, "四")
        if len(cells) == expected and not glued and len(set(segment)) > 1:
            self._review_readings(cells, spec)
        elif len(cells) == expected:
            self._place_review_row(cells, spec)
        else:
            count = {"line": cells[0].line if cells else heading.line, "cells": [to_cell(c) for c in cells],
                     "shape": "cell-count/review" if cells else "cell-count/review-empty", "spans": _spans(cells),
                     "column": cells[0].column if cells else heading.column, "expected": expected,
                     "found": len(cells), "table": "review_litigation"}
            if cells and not glued and len(cells) < expected:  # the rest may follow the page's text (_review_split)
                self._split = (cells, make("error", "cell-count", **count), len(self.diagnostics))
            else:
                self.diag("error" if cells else "warning", "cell-count", **count)
        return self._chapter_section(heading, [], notes)

    def _review_split(self, head: list[CellToken], tail: list[CellToken], where: str) -> bool:
        """四 printed across a page break, its last cells read after the page's other text (pdftotext
        does so): the first run of values after 四 — nothing between but text without values
        (chapters 五、六, the signature, a page number) — joined to 四's values, only when the two
        make exactly 四's count, all three group totals hold over them in row order, no other
        reading (column by column, the run put anywhere inside 四) fits with other values, and a
        group the run fills has a value other than 0 (zeros add up in any order and from anywhere:
        they confirm nothing).  Then placed with a ``review-split`` warning; else 四's ``cell-count``
        error is made, and the run is reported where it stands."""
        last, first = head[-1], tail[0]
        if (first.line, first.column) <= (last.line, last.column) or self._values_between(last, first):
            return False  # not after 四, or values between: a run that lies nearer 四 decides (else tables())
        if any(t.how == UNREADABLE for t in tail):  # (its sums would count it 0: they confirm nothing)
            self._release_split()
            return False
        spec = self.spec.review_litigation
        n, k, nc = len(head), len(tail), len(spec.columns)
        joined = [*head, *tail]
        fits = {}
        if n + k == len(spec.groups) * nc:
            readings = _readings(spec)
            for at in range(n):  # the run printed inside 四, before its value ``at``
                readings[f"inserted at {at}"] = lambda g, c, at=at: (lambda p: p if p < at else n + p - at
                                                                     if p < at + k else p - k)(g * nc + c)
            fits = {name: _values(t) for name, t in self._review_fits(joined, spec, readings).items()}
        row = fits.get("row order")
        filled = {spec.groups[p // nc].key for p in range(n, n + k)} if row is not None else ()
        if row is None or any(f != row for f in fits.values()) or not any(v for g in filled for v in row[g].values()):
            self._release_split()
            return False
        self._split = None
        self._place_review_row(joined, spec)
        self.diag("warning", "review-split", f"四: {n} values (lines {head[0].line}–{last.line}) and the {k} after "
                  f"the text that follows them (lines {first.line}–{tail[-1].line}, under {where}) read as one table "
                  "cut by a page break: all three group totals hold over them in row order, and no other reading fits "
                  "them with other values",
                  head[0].line, column=head[0].column, table="review_litigation", found=k)
        return True

    def _values_between(self, a: CellToken, b: CellToken) -> bool:
        """A value (a number, one damaged past reading, or values spaced out on a line) in the text
        between cells ``a`` and ``b``."""
        lo, hi = (a.line, a.column), (b.line, b.column)
        for f in self.fragments:
            if lo < (f.line, f.column) < hi:
                norm = f.norm
                if _value_paragraph(norm, parse_value(norm)[0]):
                    return True
                if _SPACED_DIGITS.search(f.text):  # a row of pdftotext -layout (规章   0   0 …)
                    return True
        return False

    def _release_split(self) -> None:
        """四 short of values, and no run after it completes it: its ``cell-count`` error, in its place."""
        if self._split is None:
            return
        _, error, at = self._split
        self._split = None
        if self.on_error is not None:
            self.on_error(error)
        self.diagnostics.insert(at, error)

    def _place_review_row(self, cells: list[CellToken], spec) -> None:
        """四's values in row order, as printed with no header words between them: each under its
        group and column, a value that cannot be read (:data:`UNREADABLE`) reported in its place."""
        it = iter(cells)
        for g in spec.groups:
            row = {}
            for col in spec.columns:
                tok = next(it)
                if tok.how == UNREADABLE:
                    self.diag("error", "unreadable-cell", line=tok.line, cells=[to_cell(tok)], where="四",
                              label=g.label, called=col.label, column=tok.column, row=g.key, column_key=col.key,
                              table="review_litigation")
                else:
                    row[col.key] = to_cell(tok, col.unit)
            if row:
                self.review[g.key] = row
            self._negatives(row, spec.columns, f"四: {g.label}", table="review_litigation", row=g.key)

    def _review_cells(self, heading: CellToken, rest, spec, notes: list[str]) -> tuple[list, list[int], list]:
        """Section 四's value cells (each with how many header cells came before it), the values
        damaged past reading among them, and its headers counted against the template's (a header
        truncated or missing: a warning); text that is no header goes to ``notes``."""
        cells: list[CellToken] = []
        unreadable: list[CellToken] = []
        label_of, wanted = per_spec(_REVIEW_HEADERS, spec, _review_headers)
        found: Counter = Counter()
        headers_seen = 0
        segment: list[int] = []  # per cell: how many header cells came before it
        for c in rest:
            if not isinstance(c, ReviewLitigationHeader):
                cells.append(c)
                segment.append(headers_seen)
                continue
            tok = c.label
            if tok.base == "TEXT" and (_VALUEISH.fullmatch(tok.norm) or _DAMAGED.fullmatch(tok.norm)):
                cells.append(tok)  # a value damaged past reading (0 !, 19�34): it holds a cell's place
                segment.append(headers_seen)
                unreadable.append(tok)
                continue
            headers_seen += 1
            if tok.base != "TEXT" and cells and not any(x.norm for x in cells):
                cells, segment = [], []  # blank cells among the headers (an empty corner, `` ||``): no values
            if tok.base != "TEXT":
                found[tok.base] += 1
                if tok.how == "truncated":
                    self.diag("warning", "truncated-header",
                              f"四: header {tok.value!r} is truncated ({label_of.get(tok.base, tok.base)})", tok.line)
            elif cells:
                notes.append(tok.value)
            else:
                fits = sorted(t for t, lab in label_of.items() if lab.startswith(tok.norm) and lab != tok.norm)
                if fits:
                    shown = " or ".join(label_of[t] for t in fits)
                    self.diag("warning", "truncated-header", f"四: header {tok.value!r} is truncated ({shown})", tok.line)
                    found[next((t for t in fits if found[t] < wanted[t]), fits[0])] += 1
                else:  # prose before the table (本年度未发生…) stays with the chapter
                    notes.append(tok.value)
        missing = wanted - found
        if missing:
            shown = "、".join(label_of[t] + (f"×{n}" if n > 1 else "") for t, n in missing.items())
            self.diag("warning", "missing-header", f"四: header cells missing: {shown}", heading.line)
        return cells, segment, unreadable

    def _review_fits(self, cells: list[CellToken], spec, readings: dict) -> dict[str, dict]:
        """The readings of 四's values (name → position of each group's column) under which all
        three group totals hold: each with its table of cells."""
        fits: dict[str, dict] = {}
        for name, at in readings.items():
            table = {g.key: {col.key: to_cell(cells[at(gi, ci)], col.unit) for ci, col in enumerate(spec.columns)}
                     for gi, g in enumerate(spec.groups)}
            checks = review_checks(table, self.spec)
            if checks and all(ch.ok is True for ch in checks):
                fits[name] = table
        return fits

    def _review_readings(self, cells: list[CellToken], spec) -> None:
        """四's numbers with header words between them (PDF-extracted text): the order they were
        read in is not known.  Each reading these shapes produce — row order (also group by group
        with header words between) and column by column — is tried; the numbers are placed only
        when every reading that satisfies all group totals gives the same placement."""
        fits = self._review_fits(cells, spec, _readings(spec))
        values = {name: _values(t) for name, t in fits.items()}
        if fits and all(v == next(iter(values.values())) for v in values.values()):
            name = "row order" if "row order" in fits else next(iter(fits))
            self.review.update(fits[name])
            for g in spec.groups:
                self._negatives(self.review[g.key], spec.columns, f"四: {g.label}", table="review_litigation",
                                row=g.key)
            self.diag("warning", "reading-order", f"四: header words are printed between the values; placed in "
                      f"{name}, the only reading the group totals (total = 维持+纠正+其他+尚未审结) confirm"
                      + (" (every reading gives the same values)" if len(fits) > 1 else ""), cells[0].line)
            return
        placed = [to_cell(c) for c in cells]
        why = (f"{len(fits)} readings ({'、'.join(fits)}) satisfy the group totals with different values" if fits
               else "no reading (row order, column by column) satisfies the group totals")
        self.diag("error", "reading-order", line=cells[0].line, cells=placed, shape="reading-order/error", why=why,
                  column=cells[0].column, found=len(cells), expected=len(cells), table="review_litigation")


class Report2019Transformer(NationalTransformer):
    """``report_2019.lark``: the 2019 format's Article 20 items (五, 六, 八 with 上一年/增减, 九)."""

    template_name = "2019"
    spec_default = SPEC_2019


class Report2021Transformer(NationalTransformer):
    """``report_2021.lark``: the 2021 format (items 一, 五, 六, 八; （六）其他处理 as a group)."""

    template_name = "2021"
    spec_default = SPEC_2021
