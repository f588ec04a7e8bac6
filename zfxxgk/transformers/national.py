"""Transformers for ``national.lark`` and the 2019 / 2021 templates: place every table value by the
template's structure (row label + column position), or report it — never shift it.
"""

from __future__ import annotations

import re
from collections import Counter

import attrs

from ..model import Cell, Section
from ..parser.glued import Budget, recover_review, recover_rows
from ..parser.lexer import DESCRIPTIONS, CellToken
from ..parser.normalise import fold, simplify
from ..spec import SPEC_2019, SPEC_2021, Column, Row, TableSpec, TemplateSpec
from ..values import BLANKS, parse_value, to_cell
from .common import CommonTransformer, Para

_TRAILING_DIGITS = re.compile(r"[0-9]$")
#: A cell that was a number but cannot be read as one: digits with a replacement character (bytes
#: lost in decoding), or Chinese numerals that make no number (一二三).
_DAMAGED = re.compile(r"(?=.*[0-9])[-−+]?[0-9.,\s\ufffd]*\ufffd[0-9.,\s\ufffd]*|[零〇一二两三四五六七八九十百千万亿]{2,12}")
#: A row "label" that is no label but a number with something stuck to it (``0 #``, ``0 A``: a
#: separator damaged): digits and no Chinese.
_VALUEISH = re.compile(r"(?=.*[0-9])[^\u3400-\u9fff]+|[-−+]?[0-9][0-9,.]*\s.*")
#: One Chinese numeral alone on a line: a heading's ordinal cut off its line more often than a value.
_LONE_NUMERAL = re.compile(r"[一二三四五六七八九十]")
_SIGNED = re.compile(r"增\s*[/／、]?\s*减|增减")
_HEADER_UNIT = re.compile(r"[(（](?:单位[:：]\s*)?(万元|元|件|个|批次|项)[)）]")


def _shown(cells) -> str:
    return " ".join(c.raw or "␣" for c in cells)


@attrs.define
class _Block:
    """What one table block contained, before placement."""

    title: CellToken | None
    headers: list[CellToken] = attrs.Factory(list)
    rows: list[tuple[CellToken, list[CellToken]]] = attrs.Factory(list)
    loose: list[tuple[CellToken, list[CellToken]]] = attrs.Factory(list)


class NationalTransformer(CommonTransformer):
    """Builds the three tables of ``national.lark``; subclasses give the template's spec and items."""

    spec_default: TemplateSpec = SPEC_2019

    def __init__(self, diagnostics: list, *, fragments=(), spec: TemplateSpec | None = None):
        super().__init__(diagnostics, fragments=fragments, spec=spec or self.spec_default)
        self.active: dict = {}
        self.applications_table: dict = {}
        self.review: dict = {}
        self.seen: set[str] = set()
        # one search budget for the whole report's glued runs, in proportion to its length
        self.glued_budget = Budget.for_text(sum(len(f.text) for f in fragments))

    def tables(self) -> dict:
        for key, what in (("active_disclosure", "二、主动公开政府信息情况"), ("applications", "三 applications table"),
                          ("review_litigation", "四 review/litigation table")):
            if key not in self.seen:
                self.diag("warning", "missing-table", f"no {what} found in the text")
        return {"active_disclosure": self.active, "applications": self.applications_table,
                "review_litigation": self.review}

    # ---- shared helpers ------------------------------------------------------------------------
    def _block(self, children, title: CellToken | None = None) -> _Block:
        block = _Block(title)
        for c in children:
            if isinstance(c, tuple) and c[0] == "header":
                block.headers.append(c[1])
            elif isinstance(c, tuple) and c[0] == "row":
                block.rows.append((c[1], c[2]))
            elif isinstance(c, list):  # loose_row
                block.loose.append((c[0], list(c[1:])))
        return block

    def _note_match(self, tok: CellToken, what: str) -> None:
        if tok.how == "joined":
            lines = ", ".join(str(f.line) for f in tok.fragments)
            self.diag("info", "split-cell", f"{what} {tok.norm!r} was split over lines {lines}", tok.line)
        elif tok.how == "truncated":
            self.diag("warning", "truncated-label", f"{what} {tok.value!r} is truncated", tok.line)
        elif tok.how == "renumbered":
            self.diag("info", "label-variant", f"{what} {tok.value!r} is printed without its number", tok.line)

    def _check_headers(self, block: _Block, expected: list[tuple[str, str]], where: str) -> None:
        found = {}
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

    def _loose(self, block: _Block, where: str, paragraphs: list[str]) -> None:
        for label, cells in block.loose:
            placed = [to_cell(c) for c in cells]
            value, _ = parse_value(label.norm)
            if value is not None or (not placed and label.norm in BLANKS and label.norm) or _DAMAGED.fullmatch(label.norm) \
                    or _VALUEISH.fullmatch(label.norm):
                placed.insert(0, to_cell(label))  # a value, or one damaged past reading (19�34, 一二三): kept
                self.diag("error", "stray-value", f"{where}: value(s) {_shown(placed)} outside any row", label.line, placed)
            elif placed:
                self.diag("error", "unknown-row",
                          f"{where}: row {label.value!r} is not in the template; its values {_shown(placed)} were not placed",
                          label.line, placed)
            elif _TRAILING_DIGITS.search(label.norm) and not label.norm.endswith(("年", "月", "日")):
                # a label we could not read with numbers run into it: keep the whole line as unplaced
                cell = Cell(None, label.value.strip(), None, label.line)
                self.diag("error", "unreadable-row", f"{where}: line {label.value!r} ends in digits but is no row "
                          "of the template; not placed", label.line, (cell,))
            else:
                paragraphs.append(label.value)

    def _header_units(self, block: _Block, spec: TableSpec) -> dict[str, str | None]:
        """Units a header states for its column (``本年收费金额（单位：万元）``), else the template's."""
        units = {col.key: col.unit for col in spec.columns}
        for h in block.headers:
            m = _HEADER_UNIT.search(h.norm)
            col = next((c for c in spec.columns if c.terminal == h.base), None)
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
        seq: list[str] = []
        for h in block.headers:
            if h.base in pos and h.base not in seq:
                seq.append(h.base)
        if len(seq) < 2 or all(pos[a] < pos[b] for a, b in zip(seq, seq[1:])):
            return cols
        line = next(h.line for h in block.headers if h.base in pos)
        shown = " | ".join(next(c.label for c in orderable if c.terminal == t) for t in seq)
        if len(seq) < len(orderable):
            self.diag("error", "column-order", f"{where}: header cells {shown} contradict the template's column "
                      "order and some are missing, so no column order fits; the rows are not placed", line)
            return None
        self.diag("warning", "columns-reordered", f"{where}: the header prints the columns in another order "
                  f"({shown}); values placed under their header", line)
        by_term = {c.terminal: c for c in orderable}
        printed = tuple(by_term[t] for t in seq)
        return printed if orderable is cols else (cols[0], *printed, cols[-1])

    def _negatives(self, row: dict, columns, where: str) -> None:
        """A negative number where the column counts something (only 本年增/减 may fall): a warning."""
        for col in columns:
            cell = row.get(col.key)
            if cell is not None and cell.value is not None and cell.value < 0 and not _SIGNED.search(col.label):
                self.diag("warning", "negative-value", f"{where}: {col.label} is {cell.raw!r}, a negative count "
                          "(only a change, 增/减, can be negative); placed as printed", cell.line)

    def _place_rows(self, block: _Block, spec: TableSpec, where: str) -> dict:
        out: dict = {}
        units = self._header_units(block, spec)
        columns = self._column_order(block, spec, where)
        rows, unsolved = recover_rows(block.rows, spec, where, self.diag, budget=self.glued_budget)  # glued digit runs (parser/glued.py)
        for label, cells in rows:
            row: Row | None = spec.row_for(label.base)
            self._note_match(label, f"{where}: row label")
            if id(label) in unsolved:
                continue
            cells = self._trim(cells, len(spec.columns), where)
            if columns is None and row is not None and row.key is not None and cells:
                placed = [to_cell(c) for c in cells]
                self.diag("error", "column-order", f"{where}: row {row.label}: the header's column order does not "
                          f"fit the template; values {_shown(placed)} not placed", label.line, placed)
                continue
            if row is not None and row.key is not None and row.key not in out and len(cells) == len(spec.columns):
                by_column = dict(zip(columns, cells))  # printed order → the template's key order
                out[row.key] = {col.key: to_cell(by_column[col], units[col.key]) for col in spec.columns}
                self._negatives(out[row.key], spec.columns, f"{where}: row {row.label}")
                continue
            placed = [to_cell(c) for c in cells]
            if row is None:
                self.diag("error", "unknown-row", f"{where}: row {label.value!r} does not belong here; "
                          f"values {_shown(placed)} not placed", label.line, placed)
                continue
            if row.key is None:
                if placed:
                    self.diag("error", "values-on-group-label", f"{where}: group label {label.value!r} carries values "
                              f"{_shown(placed)}; not placed", label.line, placed)
                continue
            if row.key in out:
                self.diag("error", "duplicate-row", f"{where}: row {row.label} appears again; values "
                          f"{_shown(placed)} not placed", label.line, placed)
                continue
            if len(cells) != len(spec.columns):
                self.diag("error", "cell-count", f"{where}: row {row.label} has {len(cells)} cells, the template has "
                          f"{len(spec.columns)}; values {_shown(placed)} not placed", label.line, placed)
        missing = [r.label for r in spec.rows if r.key is not None and r.key not in out
                   and not any(spec.row_for(lab.base) is r for lab, _ in block.rows)]
        if missing:
            line = block.title.line if block.title else None
            self.diag("warning", "missing-row", f"{where}: rows missing: {'、'.join(missing)}", line)
        groups = [r.label for r in spec.rows if r.key is None and not any(lab.base == r.terminal for lab, _ in block.rows)]
        if groups:
            self.diag("warning", "missing-label", f"{where}: group labels missing: {'、'.join(groups)}")
        return out

    def _section(self, level: int, children) -> Section:
        """A heading's section.  A paragraph that is a bare number is a table cell out of place — a
        row label damaged into a heading (``一、本年新收…数�``) turns the rows after it into
        paragraphs — so it is named in an error with its line, never left only in the prose."""
        cells = []
        for p in children[1:]:
            if isinstance(p, Para):
                norm = simplify(fold(p.text))
                value, unit = parse_value(norm)
                if (value is not None and not _LONE_NUMERAL.fullmatch(norm)) or _DAMAGED.fullmatch(norm):
                    cells.append(Cell(value, p.text.strip(), unit, p.line))
        if cells:
            self.diag("error", "stray-value", f"{children[0].value.strip()[:40]}: value(s) {_shown(cells)} stand alone "
                      "under this heading, outside any table row; not placed", cells[0].line, cells)
        return super()._section(level, children)

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
        for block in (c for c in rest if isinstance(c, _Block)):
            spec = self.spec.item_for(block.title.base)
            where = spec.title
            if spec.key in self.active:
                cells = [to_cell(c) for _, cs in block.rows for c in cs]
                self.diag("error", "duplicate-table", f"{where} appears again; values {_shown(cells)} not placed",
                          block.title.line, cells)
                continue
            self._check_headers(block, [("CONTENT", "信息内容")] + [(c.terminal, c.label) for c in spec.columns], where)
            self._loose(block, where, notes)
            self.active[spec.key] = self._place_rows(block, spec, where)
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
                norm = simplify(fold(p.text))
                value, unit = parse_value(norm)
                if (value is not None and not _LONE_NUMERAL.fullmatch(norm)) or (norm in BLANKS and norm) \
                        or _DAMAGED.fullmatch(norm):
                    cells.append(Cell(value, p.text.strip(), unit, p.line))
        if cells:
            self.diag("error", "stray-value", f"{where}: value(s) {_shown(cells)} outside any table block "
                      "(is a block title 第二十条第（X）项 missing?); not placed", cells[0].line, cells)

    def _article20_item(self, children):
        title, *rest = children
        self._note_match(title, "block title")
        return self._block(rest, title)

    item_1 = item_5 = item_6 = item_8 = item_9 = _article20_item

    def _header(self, children):
        (tok,) = children
        return ("header", tok)

    def _row(self, children):
        label, *cells = children
        return ("row", label, list(cells))

    item_1_header = item_5_header = item_6_header = item_8_header = item_9_header = _header
    item_1_row = item_5_row = item_6_row = item_8_row = item_9_row = _row
    applications_header = review_litigation_header = _header
    applications_row = _row

    # ---- 三、收到和处理政府信息公开申请情况 -------------------------------------------------------------
    def applications(self, children):
        self.seen.add("applications")
        heading, *rest = children
        spec = self.spec.applications
        block = self._block(rest)
        expected = [("IDENTITY_NOTE", "勾稽关系说明"), ("APPLICANT", "申请人情况"), ("LEGAL_PERSON", "法人或其他组织")]
        self._check_headers(block, expected + [(c.terminal, c.label) for c in spec.columns], "三")
        notes: list[str] = []
        if self.applications_table and (block.rows or block.loose):
            self._duplicate_table("三", heading, [c for _, cs in (*block.rows, *block.loose) for c in cs])
            return self._chapter_section(heading, [], notes)
        self._loose(block, "三", notes)
        self.applications_table.update(self._place_rows(block, spec, "三"))
        return self._chapter_section(heading, [], notes)

    def _duplicate_table(self, where: str, heading: CellToken, tokens: list[CellToken]) -> None:
        """A table printed a second time: the first copy stands, the second is kept in an error."""
        cells = [to_cell(c) for c in tokens]
        self.diag("error", "duplicate-table", f"{where}: the table appears again; values {_shown(cells)} not placed",
                  heading.line, cells)

    # ---- 四、政府信息公开行政复议、行政诉讼情况 -----------------------------------------------------------
    def review_litigation(self, children):
        self.seen.add("review_litigation")
        heading, *rest = children
        spec = self.spec.review_litigation
        cells: list[CellToken] = []
        unreadable: list[CellToken] = []
        notes: list[str] = []
        label_of = {c.terminal: c.label for c in (*spec.headers, *spec.columns)}
        wanted = Counter({h.terminal: 1 for h in spec.headers})
        for col in spec.columns:
            wanted[col.terminal] += len(spec.groups)
        found: Counter = Counter()
        for c in rest:
            if not isinstance(c, tuple):
                cells.append(c)
                continue
            tok = c[1]
            if tok.base != "TEXT":
                found[tok.base] += 1
                if tok.how == "truncated":
                    self.diag("warning", "truncated-header",
                              f"四: header {tok.value!r} is truncated ({label_of.get(tok.base, tok.base)})", tok.line)
            elif _VALUEISH.fullmatch(tok.norm) or _DAMAGED.fullmatch(tok.norm):
                cells.append(tok)  # a value damaged past reading (0 !, 19�34): it holds a cell's place
                unreadable.append(tok)
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
        expected = len(spec.groups) * len(spec.columns)
        if self.review and cells:
            self._duplicate_table("四", heading, cells)
            return self._chapter_section(heading, [], notes)
        if unreadable:
            placed = [to_cell(c) for c in cells]
            shown = ", ".join(repr(t.value[:20] + ("…" if len(t.value) > 20 else "")) for t in unreadable[:3])
            self.diag("error", "unreadable-value", f"四: {shown}{' …' if len(unreadable) > 3 else ''} cannot be read "
                      f"as a number, so the row's {len(placed)} values are not placed", unreadable[0].line, placed)
            return self._chapter_section(heading, [], notes)
        glued = recover_review(cells, spec, self.diag, budget=self.glued_budget)  # glued digit runs (parser/glued.py)
        if glued == []:
            return self._chapter_section(heading, [], notes)
        cells = self._trim(glued or cells, expected, "四")
        placed = [to_cell(c) for c in cells]
        if len(cells) == expected:
            it = iter(cells)
            for g in spec.groups:
                self.review[g.key] = {col.key: to_cell(next(it), col.unit) for col in spec.columns}
                self._negatives(self.review[g.key], spec.columns, f"四: {g.label}")
        else:
            self.diag("error" if cells else "warning", "cell-count",
                      f"四: {len(cells)} values, the template has {expected}; "
                      + (f"values {_shown(placed)} not placed" if cells else "no values"),
                      cells[0].line if cells else heading.line, placed)
        return self._chapter_section(heading, [], notes)


class Report2019Transformer(NationalTransformer):
    """``report_2019.lark``: the 2019 format's Article 20 items (五, 六, 八 with 上一年/增减, 九)."""

    template_name = "2019"
    spec_default = SPEC_2019


class Report2021Transformer(NationalTransformer):
    """``report_2021.lark``: the 2021 format (items 一, 五, 六, 八; （六）其他处理 as a group)."""

    template_name = "2021"
    spec_default = SPEC_2021
