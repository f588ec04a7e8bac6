"""Diagnostics with structure: fields say what a problem is about; the message is rendered from them.

A diagnostic of a fixed shape — a row with a cell too many, a row printed twice, values outside
any row, a glued digit run — is made by :func:`make` from its fields (``table``, ``item``,
``row``, ``expected``, ``found``, the unplaced ``cells``, ``line`` and ``column``) and the words
that name them for people (``where``: the table as printed; ``label``: the row's label); its message
is :data:`MESSAGES` filled in, so message and fields never disagree.  Strict parsing
(:func:`zfxxgk.parser.driver.strict_error`) reads the fields, never the message.
"""

from __future__ import annotations

from .model import Diagnostic

#: The structured fields of :class:`~zfxxgk.model.Diagnostic` besides severity, code, message, line, cells.
FIELDS = ("column", "table", "item", "row", "column_key", "expected", "found")

#: Message of each fixed shape, by code (``code/variant`` where one code has several shapes).
#: Placeholders: the fields, ``shown`` (the unplaced cells as printed) and the shape's own words.
MESSAGES = {
    "cell-count": "{where}: row {label} has {found} cells{spans}, the template has {expected}; values {shown} not placed",
    "cell-count/blank-tail": "{where}: row {label!r} has {found} cells only with its last, a blank on line {blank_line}, "
                             "and {why}; a value may be lost: values {shown} not placed",
    "cell-count/review": "四: {found} values{spans}, the template has {expected}; values {shown} not placed",
    "cell-count/review-empty": "四: {found} values, the template has {expected}; no values",
    "duplicate-row": "{where}: row {label} appears again; values {shown} not placed",
    "duplicate-table": "{where} appears again; values {shown} not placed",
    "duplicate-table/chapter": "{where}: the table appears again; values {shown} not placed",
    "unknown-row": "{where}: row {label!r} does not belong here; values {shown} not placed",
    "unknown-row/by-order": "{where}: row {label!r} is not in the template ({why}); its values {shown} were not placed",
    "values-on-group-label": "{where}: group label {label!r} carries values {shown}; not placed",
    "column-order/row": "{where}: row {label}: the header's column order does not fit the template; "
                        "values {shown} not placed",
    "row-order": "{where}: {found} value row(s) {around} without a label of their own, and {why}; "
                 "values {shown} not placed",
    "row-order/arithmetic": "{where}: {found} value row(s) {around} without a label of their own fit the template's "
                            "rows there by count, but the table's arithmetic does not hold with them; "
                            "values {shown} not placed",
    "placed-by-order": "{where}: rows {labels} placed by the template's order {around} (lines {lines}): "
                       "their labels are displaced or missing",
    "placed-by-order/columns": "{where}: rows {labels} placed by the template's order {around} (lines {lines}): "
                               "their labels are displaced or missing; {columns} printed column by column (read so "
                               "by their row totals)",
    "stray-value": "{where}: value(s) {shown} outside any row",
    "stray-value/no-row": "{where}: value(s) {shown} outside any row (no row of the template has {found} cell(s)); "
                          "not placed",
    "stray-value/heading": "{where}: value(s) {shown} stand alone under this heading, outside any table row; not placed",
    "stray-value/block": "{where}: value(s) {shown} outside any table block (is a block title 第二十条第（X）项 "
                         "missing?); not placed",
    "unreadable-row": "{where}: line {label!r} ends in digits but is no row of the template; not placed",
    "altered-page": "{where}: {found} value(s) read from page {page}, whose text the damage altered or cut (see "
                    "its damaged-pdf error), and no sum of the table confirms them; values {shown} not placed",
    "unreadable-cell": "{where}: row {label}, column {called}: {shown} cannot be read as a number; not placed "
                       "(the row's other cells are)",
    "unreadable-value": "四: {what}{more} cannot be read as a number, so the row's {found} values are not placed",
    "reading-order/error": "四: header words are printed between the values and {why}; values {shown} not placed",
    "glued-cells": "{where}: row {label} printed its cells without separators ({run!r}); the only split that fits "
                   "the template is {split}",
    "glued-cells/error": "{where}: row {label} printed its cells without separators ({run!r}) and {why}; not placed",
    "glued-cells/review": "四: the values were printed without separators ({run!r}); the only split that fits the "
                          "template is {split}",
    "glued-cells/review-error": "四: the values were printed without separators ({run!r}) and {why}; not placed",
}


def shown(cells) -> str:
    """Cells as printed, one space between (a blank as ␣)."""
    return " ".join(c.raw or "␣" for c in cells)


def make(severity: str, code: str, message: str | None = None, line: int | None = None, cells=(), *,
         shape: str | None = None, **kw) -> Diagnostic:
    """A :class:`~zfxxgk.model.Diagnostic`: the keyword arguments named in :data:`FIELDS` become its
    fields; without ``message``, the message is ``MESSAGES[shape or code]`` filled in with the fields,
    ``shown`` and the remaining keyword arguments (the shape's words)."""
    fields = {k: kw.pop(k) for k in FIELDS if k in kw}
    cells = tuple(cells)
    if message is None:
        message = MESSAGES[shape or code].format(shown=shown(cells), **fields, **kw)
    elif kw:
        raise TypeError(f"words {sorted(kw)} are for a rendered message, not a given one")
    return Diagnostic(severity, code, message, line, cells, **fields)
