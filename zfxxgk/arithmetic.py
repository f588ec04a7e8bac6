"""The tables' arithmetic (TEMPLATES.md §6), on placed cells: one source for the checks a report
carries (:mod:`zfxxgk.checks`) and for the transformers that confirm a placement or a recovered
split by the same sums (:mod:`zfxxgk.transformers.national`, :mod:`zfxxgk.transformers.recovery`).
The rules are described in :mod:`zfxxgk.checks`."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import attrs

from .model import Cell, Check, Number, new_check
from .reprs import attrs_eq, attrs_hash, attrs_repr
from .spec import ReviewSpec, Row, TableSpec, TemplateSpec, per_spec


@attrs.frozen(repr=False)
class Rule:
    """A check's rule: its stable ``id``, the TEMPLATES.md §6 item, and the severity of a failure
    (public, :data:`zfxxgk.checks.RULES`)."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    id: str
    section: str  # TEMPLATES.md §6 item
    severity: str  # the severity of a failure
    description: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("applications.identity", "§6.1", "error",
             "section 三, per column: 一 new_received + 二 carried_over = （七）total_processed + 四 carried_forward "
             "(the 勾稽关系 printed on the table)"),
        Rule("applications.outcomes", "§6.2", "error",
             "section 三, per column: （七）total_processed = the sum of the outcome rows （一）…（六） "
             "(2021: the three rows under （六）, or （六） itself when printed as one row)"),
        Rule("applications.row_total", "§6.3", "error",
             "section 三, per row: 总计 total = the sum of the six applicant columns"),
        Rule("review_litigation.group_total", "§6.4", "error",
             "section 四, per group: 总计 total = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
        Rule("active_disclosure.year_change", "§6.5", "info",
             "2019 template, Article 20 (五)(六): 上一年项目数量 + 本年增/减 = 处理决定数量 (a convention, not a rule)"),
    )
}

#: Rows of section 三 that are not outcomes of the year's handling.
_NOT_OUTCOMES = ("new_received", "carried_over", "total_processed", "carried_forward")

#: The 勾稽 identity of section 三 (§6.1), per column: sum of the left rows = sum of the right rows.
IDENTITY = (("new_received", "carried_over"), ("total_processed", "carried_forward"))


# ---- the one rule: a total is the sum of the others ---------------------------------------------

#: Every rule of §6 says one thing: the totals are the sum of the parts (a row's 总计 the sum of
#: its applicant columns; 一 + 二 = （七） + 四).  Counted as one sum, each value with its sign, it
#: is 0 exactly when the rule holds, in whatever order the values are added: so a search may add
#: one candidate number at a time (:func:`zfxxgk.transformers.recovery.splits`).
PART, TOTAL = -1, 1


def signs(parts: int, totals: int = 1) -> tuple[int, ...]:
    """The sign of each value of a sum, ``parts`` parts and then ``totals`` totals."""
    return (PART,) * parts + (TOTAL,) * totals


def excess(parts: Sequence[Number], totals: Sequence[Number]) -> Number:
    """What the totals hold beyond the sum of the parts — Σ sign·value —: 0 when the rule holds."""
    return TOTAL * sum(totals, 0) + PART * sum(parts, 0)


def total_is_sum(values: Sequence[Number]) -> bool:
    """The last of ``values`` (a total) is the sum of the others."""
    return excess(values[:-1], values[-1:]) == 0


# ---- helpers -----------------------------------------------------------------------------------


@lru_cache(maxsize=1024)  # the spec's labels: a few hundred, asked for on every report
def _short(label: str, width: int = 10) -> str:
    """A row label short enough for a message: ``（二）部分公开（区分处理的…）`` → ``（二）部分公开``."""
    head = label
    for i, ch in enumerate(label):
        if ch in "（(" and i > 3:
            head = label[:i]
            break
    return head if len(head) <= width else head[: width - 1] + "…"


def _terms(labels: Sequence[str], cells: Sequence[Cell], all_terms: bool = True) -> str:
    """``一 12 + 二 1`` — blanks shown as ``/→0``; long sums keep only their non-zero terms.  Every
    cell is placed (a check with a cell missing shows no sum)."""
    if all_terms:
        shown = [f"{label} {cell.raw}" if cell.value is not None else f"{label} {cell.raw or '␣'}→0"
                 for label, cell in zip(labels, cells)]
        zeros = 0
    else:  # a value of 0 (or a blank) left out; bool(value) is value != 0 for ints and Decimals
        shown = [f"{label} {cell.raw}" for label, cell in zip(labels, cells) if cell.value]
        zeros = len(cells) - len(shown)
    if zeros:
        shown.append(f"{zeros} more rows at 0" if shown else f"{zeros} rows, all 0")
    return " + ".join(shown) if shown else "0"


def _difference(part_values: list, total_values: list) -> tuple[Number, Number, Number]:
    """The parts' sum, the totals' and what the totals hold beyond the parts (:func:`excess`)."""
    expected, found = sum(part_values, 0), sum(total_values, 0)
    # on ints the same as found − expected (Decimals go through excess(), which rounds as it does)
    return expected, found, found - expected if type(expected) is int and type(found) is int else \
        excess(part_values, total_values)


def _holds(parts: list, totals: list) -> bool | None:
    """Whether a sum holds (:func:`_judge`'s ``ok``, without its message); ``None`` when a cell is
    not placed."""
    try:  # (a cell not placed is None, which has no value)
        part_values = [0 if c.value is None else c.value for c in parts]
        total_values = [0 if c.value is None else c.value for c in totals]
    except AttributeError:
        return None
    return _difference(part_values, total_values)[2] == 0


def _judge(rule_id: str, subject: str, where: str, paths: tuple[str, ...], part_labels: Sequence[str],
           parts: list, total_labels: Sequence[str], totals: list, all_terms: bool) -> Check:
    """The check of one sum: ``paths`` name the cells of ``parts`` and then ``totals`` (``None``
    where a cell was not placed), the labels name them in the message."""
    line = None
    for c in totals:
        if c is not None:
            line = c.line
            break
    try:  # (a cell not placed is None, which has no value: no scan for it first)
        part_values = [0 if c.value is None else c.value for c in parts]
        total_values = [0 if c.value is None else c.value for c in totals]
    except AttributeError:
        missing = tuple(p for p, c in zip(paths, (*parts, *totals)) if c is None)
        return Check(rule_id, subject, "warning", None, None, None, paths,
                     f"{where}: not checked, {len(missing)} cell(s) not placed: {', '.join(missing)}",
                     missing, line)
    expected, found, diff = _difference(part_values, total_values)
    ok = diff == 0
    lhs = _terms(part_labels, parts, all_terms)
    if len(totals) == 1:  # (most sums: one total, shown as _terms shows it)
        label, cell = total_labels[0], totals[0]
        rhs = f"{label} {cell.raw}" if cell.value is not None else f"{label} {cell.raw or '␣'}→0"
    else:
        rhs = _terms(total_labels, totals)
    if ok:
        message = f"{where}: {lhs} = {expected} = {rhs}"
    else:
        message = (f"{where}: {lhs} = {expected}, but {rhs}"
                   f"{' = ' + str(found) if len(totals) > 1 else ''} "
                   f"(the printed total is {abs(diff)} {'higher' if diff > 0 else 'lower'})")
    return new_check(rule_id, subject, RULES[rule_id].severity, ok, expected, found, paths, message, (), line)


# ---- section 三 ---------------------------------------------------------------------------------


def other_handling_as_one_row(table: TableSpec) -> TableSpec | None:
    """Section 三 of a template where （六）其他处理 is a group (2021: its sub-rows
    ``other_handling.*``), as a report laid out in the 2019 form prints it: （六） one data row
    ``other_handling`` and no sub-rows.  ``None`` when （六） is already a data row (or absent)."""
    return per_spec(_ONE_ROW, table, _one_row)


def _one_row(table: TableSpec) -> TableSpec | None:
    group = next((r for r in table.rows if r.terminal == "OTHER_HANDLING"), None)
    if group is None or group.key is not None:
        return None
    rows = tuple(Row("other_handling", r.label, r.terminal) if r is group else r
                 for r in table.rows if not (r.key or "").startswith("other_handling."))
    return attrs.evolve(table, rows=rows)


#: What is built once per table spec, by the spec's identity (a spec is frozen; hashing one walks
#: all its rows): the one-row form of （六）, and the sums of section 三 to check.
_ONE_ROW: dict[int, tuple[TableSpec, TableSpec | None]] = {}
_SUMS: dict[int, tuple[TableSpec, tuple]] = {}


#: rule, subject, where, paths, the parts' labels and (row, column), the totals' the same, all_terms
_Sum = tuple[str, str, str, tuple, tuple, tuple, tuple, tuple, bool]


def _sums(table: TableSpec) -> tuple[tuple[_Sum, ...], tuple[_Group, ...]]:
    """Section 三's sums as :func:`applications_checks` checks them: those of every table (per
    column), and each row's total with the row it needs placed."""
    labels = {r.key: r.label for r in table.rows if r.key is not None}
    columns = table.columns
    col_label = {c.key: c.label for c in columns}
    total_col = next((c.key for c in columns if c.key == "total"), None)
    applicant_cols = [c.key for c in columns if c.key != "total"]

    def term(row: str, col: str, label: str | None = None) -> tuple[str, str, str]:
        return (label or _short(labels.get(row, row)), row, col)

    def sum_(rule: str, subject: str, where: str, parts: tuple, totals: tuple, all_terms: bool = True) -> _Sum:
        paths = tuple(f"applications/{row}/{col}" for _, row, col in (*parts, *totals))
        return (rule, subject, where, paths, tuple(t[0] for t in parts), tuple(t[1:] for t in parts),
                tuple(t[0] for t in totals), tuple(t[1:] for t in totals), all_terms)

    fixed: list[_Sum] = []
    keys = set(labels)
    if {*IDENTITY[0], *IDENTITY[1]} <= keys:
        for col in (c.key for c in columns):
            fixed.append(sum_("applications.identity", col, f"三 {col_label[col]}",
                              (term("new_received", col, "一"), term("carried_over", col, "二")),
                              (term("total_processed", col, "（七）总计"), term("carried_forward", col, "四"))))
    outcomes = [r.key for r in table.rows if r.key is not None and r.key not in _NOT_OUTCOMES]
    if "total_processed" in keys and outcomes:
        for col in (c.key for c in columns):
            fixed.append(sum_("applications.outcomes", col, f"三 {col_label[col]}",
                              tuple(term(r, col) for r in outcomes), (term("total_processed", col, "（七）总计"),), False))
    per_row: list[_Group] = []
    if total_col is not None and applicant_cols:
        for r in table.rows:
            if r.key is not None:
                per_row.append(_group_sum(r.key, "applications.row_total", r.key, f"三 {_short(r.label, 14)}",
                                          f"applications/{r.key}",
                                          [(c, term(r.key, c, col_label[c])[0]) for c in applicant_cols],
                                          [(total_col, "总计")]))
    return tuple(fixed), tuple(per_row)


_NONE: dict = {}


def _check_sum(rows: dict, rule: str, subject: str, where: str, paths: tuple, part_labels: tuple, parts: tuple,
               total_labels: tuple, totals: tuple, all_terms: bool) -> Check:
    return _judge(rule, subject, where, paths, part_labels, [rows.get(r, _NONE).get(c) for r, c in parts],
                  total_labels, [rows.get(r, _NONE).get(c) for r, c in totals], all_terms)


def confirmed_cells(verdicts) -> tuple[set[str], set[str]]:
    """The paths of the cells that :func:`applications_verdicts` found confirmed: by their row's
    total, and by a column's sum (any other sum of 三)."""
    by_row: set[str] = set()
    by_column: set[str] = set()
    for rule, _, cells, ok in verdicts:
        if ok is True:
            (by_row if rule == "applications.row_total" else by_column).update(cells)
    return by_row, by_column


def applications_verdicts(rows: dict, table: TableSpec) -> list[tuple[str, str, tuple[str, ...], bool | None]]:
    """``(rule, subject, cells, ok)`` of each check :func:`applications_checks` makes, without
    their messages: to try a placement by the sums."""
    if "other_handling" in rows:
        table = other_handling_as_one_row(table) or table
    fixed, per_row = per_spec(_SUMS, table, _sums)
    out = [(rule, subject, paths, _holds([rows.get(r, _NONE).get(c) for r, c in parts],
                                         [rows.get(r, _NONE).get(c) for r, c in totals]))
           for rule, subject, _, paths, _, parts, _, totals, _ in fixed]
    out += [(rule, subject, paths, _holds([rows[key].get(c) for c in parts], [rows[key].get(c) for c in totals]))
            for key, rule, subject, _, paths, _, parts, _, totals in per_row if key in rows]
    return out


def applications_checks(rows: dict, table: TableSpec) -> list[Check]:
    """§6.1–§6.3 on section 三's ``{row: {column: Cell}}`` — also used while placing rows by order
    (:mod:`zfxxgk.transformers.sequence`), so a placement is confirmed by the same arithmetic.

    A 2021 table whose （六）其他处理 was printed (and placed) as one row, ``other_handling``, is
    checked with that row in place of its three sub-rows."""
    if "other_handling" in rows:
        table = other_handling_as_one_row(table) or table
    fixed, per_row = per_spec(_SUMS, table, _sums)
    out = [_check_sum(rows, *s) for s in fixed]
    out += [_check_group(rows[s[0]], s) for s in per_row if s[0] in rows]  # (a row's cells: one dict)
    return out


# ---- section 四 ---------------------------------------------------------------------------------


def review_checks(table: dict, spec: TemplateSpec) -> list[Check]:
    """§6.4 on section 四's ``{group: {column: Cell}}`` (also used to choose a reading order)."""
    rev = spec.review_litigation
    if rev is None:
        return []
    return [_check_group(table.get(s[0], _NONE), s) for s in per_spec(_REVIEW, rev, _review_sums)]


def _review_sums(rev: ReviewSpec) -> tuple[_Group, ...]:
    parts_cols = [c for c in rev.columns if c.key != "total"]
    if len(parts_cols) == len(rev.columns):
        return ()
    return tuple(_group_sum(g.key, "review_litigation.group_total", g.key, f"四 {g.label}", f"review_litigation/{g.key}",
                            [(c.key, c.label) for c in parts_cols], [("total", "总计")]) for g in rev.groups)


# ---- section 二 ---------------------------------------------------------------------------------


def year_change(active_disclosure: dict, items: Sequence[TableSpec]) -> list[Check]:
    """§6.5 on section 二's ``{item: {row: {column: Cell}}}`` (a convention: severity ``info``)."""
    out = []
    for item in items:
        placed = active_disclosure.get(item.key, _NONE)
        out += [_check_group(placed[s[0]], s) for s in per_spec(_YEAR_CHANGE, item, _year_change_sums) if s[0] in placed]
    return out


def _year_change_sums(item: TableSpec) -> tuple[_Group, ...]:
    keys = [c.key for c in item.columns]
    if not {"previous_year", "change", "decisions"} <= set(keys):
        return ()
    labels = {c.key: c.label for c in item.columns}
    return tuple(_group_sum(row.key, "active_disclosure.year_change", f"{item.key}/{row.key}",
                            f"{item.title} {row.label} (convention)", f"active_disclosure/{item.key}/{row.key}",
                            [("previous_year", labels["previous_year"]), ("change", labels["change"])],
                            [("decisions", labels["decisions"])]) for row in item.rows)


# ---- one row (or group) of a table: a sum of its columns ----------------------------------------

#: the row's key, rule, subject, where, paths, the parts' labels and columns, the totals' the same
_Group = tuple[Any, str, str, str, tuple, tuple, tuple, tuple, tuple]
_REVIEW: dict[int, tuple[Any, tuple[_Group, ...]]] = {}
_YEAR_CHANGE: dict[int, tuple[Any, tuple[_Group, ...]]] = {}


def _group_sum(key, rule: str, subject: str, where: str, prefix: str, parts: list[tuple[str, str]],
               totals: list[tuple[str, str]]) -> _Group:
    """The sum over columns of one row: ``parts`` and ``totals`` are ``(column, label)``."""
    paths = tuple(f"{prefix}/{col}" for col, _ in (*parts, *totals))
    return (key, rule, subject, where, paths, tuple(label for _, label in parts), tuple(col for col, _ in parts),
            tuple(label for _, label in totals), tuple(col for col, _ in totals))


def _check_group(cols: dict, s: _Group) -> Check:
    _, rule, subject, where, paths, part_labels, parts, total_labels, totals = s
    return _judge(rule, subject, where, paths, part_labels, [cols.get(c) for c in parts], total_labels,
                  [cols.get(c) for c in totals], True)
