"""The typed result of parsing a report: frozen attrs classes, JSON-shaped.

Names follow the output contract (see README "Output"): ``Report.meta``, ``Report.sections``,
``Report.active_disclosure[item][row][column]``, ``Report.applications[row][column]``,
``Report.review_litigation[group][column]``, each leaf a :class:`Cell`.  Source positions
(``line``) are kept out of equality, so the same report laid out differently compares equal.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import attrs

from .reprs import attrs_eq, attrs_hash, attrs_repr
from .spec import TemplateSpec

Number = int | Decimal

#: Severity of a :class:`Diagnostic`: ``error`` — something in the text could not be placed
#: (values are in ``Diagnostic.cells``); ``warning`` — a deviation was recovered from;
#: ``info`` — a note (e.g. page chrome dropped).
SEVERITIES = ("error", "warning", "info")

#: A rectangle on a PDF page: ``(x0, top, x1, bottom)`` in points (1/72 inch) from the page's
#: top-left corner, as pdfplumber measures it.
Box = tuple[float, float, float, float]

#: Field metadata of position fields written to JSON only when set (PDF input).
OMIT_IF_NONE = {"omit_if_none": True}
#: Field metadata of fields kept in memory but never written to JSON (``Report.spec``).
NOT_SERIALISED = {"not_serialised": True}


@attrs.frozen(repr=False)
class Cell:
    """One table cell: the number it states, the text as printed, its unit and source line.

    ``value`` is ``None`` for a blank cell (blank, ``/``, ``—``, ``-``, ``无``); ``raw`` keeps what
    was printed so a blank stays distinct from a printed ``0``.  From a PDF, ``page`` (1-based) and
    ``box`` (the cell's rectangle, see :data:`Box`) say where it is printed; otherwise ``None``.
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    value: Number | None
    raw: str
    unit: str | None = None
    line: int = attrs.field(default=0, eq=False)
    page: int | None = attrs.field(default=None, eq=False, metadata=OMIT_IF_NONE)
    box: Box | None = attrs.field(default=None, eq=False, metadata=OMIT_IF_NONE)


_object_new = object.__new__
#: Cell's slot setters, one global each (a global is read faster than a tuple is unpacked)
_set_value, _set_raw, _set_unit, _set_line, _set_page, _set_box = (Cell.__dict__[f.name].__set__ for f in attrs.fields(Cell))


def new_cell(value: Number | None, raw: str, unit: str | None, line: int, page: int | None = None,
             box: Box | None = None) -> Cell:
    """``Cell(value, raw, unit, line, page, box)``, its slots set directly: attrs' frozen
    ``__init__`` goes through ``object.__setattr__`` field by field, and the transformers make a
    Cell for every table value (no validators or converters are skipped: Cell has none)."""
    cell = _object_new(Cell)
    _set_value(cell, value)
    _set_raw(cell, raw)
    _set_unit(cell, unit)
    _set_line(cell, line)
    _set_page(cell, page)
    _set_box(cell, box)
    return cell


@attrs.frozen(repr=False)
class Diagnostic:
    """Something the parser noticed: a deviation it recovered from, or text it could not place.

    ``cells`` lists every value that was *not* placed in the tables because of this problem, with
    its line, so nothing printed in a table is lost.  ``column`` (1-based, in ``line``) is where the
    problem is: the row label for a row-level problem (``cell-count``, ``duplicate-row``), the first
    value for a value-level one (``stray-value``, ``glued-cells``) — on one-line text the only way
    to find it.  From a PDF, ``page`` and ``box`` locate ``line`` on the page (see :class:`Cell`).

    Structured fields say what the problem is about, so nothing needs to read ``message``:
    ``table`` (``active_disclosure``, ``applications``, ``review_litigation``), ``item`` (the
    Article 20 block, ``item_5``), ``row`` and ``column_key`` (canonical keys, see ``docs``),
    ``expected`` and ``found`` (counts: the template's cells in the row and the cells printed).
    Each is ``None`` — and left out of JSON — where it does not apply.
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    severity: str
    code: str
    message: str
    line: int | None = attrs.field(default=None, eq=False)
    cells: tuple[Cell, ...] = ()
    page: int | None = attrs.field(default=None, eq=False, metadata=OMIT_IF_NONE)
    box: Box | None = attrs.field(default=None, eq=False, metadata=OMIT_IF_NONE)
    column: int | None = attrs.field(default=None, eq=False, metadata=OMIT_IF_NONE)
    table: str | None = attrs.field(default=None, metadata=OMIT_IF_NONE)
    item: str | None = attrs.field(default=None, metadata=OMIT_IF_NONE)
    row: str | None = attrs.field(default=None, metadata=OMIT_IF_NONE)
    column_key: str | None = attrs.field(default=None, metadata=OMIT_IF_NONE)
    expected: int | None = attrs.field(default=None, metadata=OMIT_IF_NONE)
    found: int | None = attrs.field(default=None, metadata=OMIT_IF_NONE)


@attrs.frozen(repr=False)
class Section:
    """A numbered heading with its paragraphs and sub-headings (``一、`` → ``（一）`` → ``1.`` → ``（1）``)."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    number: str
    title: str
    level: int
    line: int = attrs.field(eq=False)
    paragraphs: tuple[str, ...] = ()
    children: tuple[Section, ...] = ()


@attrs.frozen(repr=False)
class Signature:
    """The closing signature: issuing body and date as printed (``date`` is ``None`` when ambiguous)."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    organ: str | None
    date: _dt.date | None
    raw: str
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen(repr=False)
class Meta:
    """What the report is: title, issuing body, year reported on, publication date, template, script.

    ``template`` is ``"2019"``, ``"2021"`` or ``"legacy"`` (or a registered extension's name);
    ``script`` is ``"simplified"`` or ``"traditional"``; ``encoding`` is the detected encoding when
    the input was bytes.
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    title: str | None
    organ: str | None
    year: int | None
    published: _dt.date | None
    template: str
    script: str
    encoding: str | None = None


@attrs.frozen(repr=False)
class Check:
    """One arithmetic consistency check (TEMPLATES.md §6) and its outcome.

    ``rule`` is a stable id (see :data:`zfxxgk.checks.RULES`); ``subject`` says which instance of
    the rule this is (a column key of section 三 for the column identities, a row key for a row
    total, a group key of section 四, ``item_5/licensing`` for an Article 20 row).
    ``expected`` is what the parts add up to, ``found`` the figure printed as their total;
    ``ok`` is ``True`` when they agree, ``False`` when the report contradicts itself, and
    ``None`` when the check could not be made because cells it needs were not placed (they are
    listed in ``missing``; ``expected``/``found`` are then ``None``).

    ``severity`` is the weight of the outcome: ``error`` for a failed stated or implied identity,
    ``info`` for a convention (never a contradiction), ``warning`` for a check that could not be
    made.  Blank cells (``/``, ``—``, ``无`` …) count as 0 here; the data keeps them ``None``.
    ``cells`` are the cells involved, as ``table/row/column`` paths
    (``applications/denied.state_secret/natural_person``, ``active_disclosure/item_5/licensing/change``).
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    rule: str
    subject: str
    severity: str
    ok: bool | None
    expected: Number | None
    found: Number | None
    cells: tuple[str, ...]
    message: str
    missing: tuple[str, ...] = ()
    line: int | None = attrs.field(default=None, eq=False)


(_set_rule, _set_subject, _set_severity, _set_ok, _set_expected, _set_found, _set_cells, _set_message, _set_missing,
 _set_check_line) = (Check.__dict__[f.name].__set__ for f in attrs.fields(Check))


def new_check(rule: str, subject: str, severity: str, ok: bool | None, expected: Number | None,
              found: Number | None, cells: tuple[str, ...], message: str, missing: tuple[str, ...],
              line: int | None) -> Check:
    """``Check(...)`` with every field given, its slots set directly (see :func:`new_cell`): a
    report makes one for every sum of its tables."""
    check = _object_new(Check)
    _set_rule(check, rule)
    _set_subject(check, subject)
    _set_severity(check, severity)
    _set_ok(check, ok)
    _set_expected(check, expected)
    _set_found(check, found)
    _set_cells(check, cells)
    _set_message(check, message)
    _set_missing(check, missing)
    _set_check_line(check, line)
    return check


ActiveDisclosure = dict[str, dict[str, dict[str, Cell]]]
Table = dict[str, dict[str, Cell]]


@attrs.frozen(repr=False)
class Report:
    """A parsed 政府信息公开工作年度报告.

    Tables are keyed exactly as in TEMPLATES.md: ``active_disclosure["item_5"]["licensing"]["change"]``,
    ``applications["denied.state_secret"]["natural_person"]``,
    ``review_litigation["litigation_direct"]["total"]``.  Rows or items absent from the text are
    absent from the dicts (and named in ``diagnostics``); nothing is filled in.  ``preamble`` holds
    the paragraphs before the first chapter (salutation, introduction).
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    meta: Meta
    preamble: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    active_disclosure: ActiveDisclosure = attrs.Factory(dict)
    applications: Table = attrs.Factory(dict)
    review_litigation: Table = attrs.Factory(dict)
    signature: Signature | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    checks: tuple[Check, ...] = ()
    #: The template's keys and labels as the parser that made this report resolved them (an
    #: extension's rows and tables included): what ``show``, the checks, the export's labels and
    #: ``diff`` read.  Not compared, not written to JSON (``None`` in a report rebuilt with
    #: ``from_dict``: then looked up by ``meta.template``, see :func:`zfxxgk.api.spec_of`).
    spec: TemplateSpec | None = attrs.field(default=None, eq=False, repr=False, metadata=NOT_SERIALISED)

    def cells(self):
        """Yield ``(table, item, row, column, cell)`` for every placed cell, in document order.

        ``item`` is the Article 20 item key for ``active_disclosure`` and ``None`` otherwise.
        """
        for item, rows in self.active_disclosure.items():
            for row, cols in rows.items():
                for col, cell in cols.items():
                    yield "active_disclosure", item, row, col, cell
        for row, cols in self.applications.items():
            for col, cell in cols.items():
                yield "applications", None, row, col, cell
        for group, cols in self.review_litigation.items():
            for col, cell in cols.items():
                yield "review_litigation", None, group, col, cell
