"""A table cell holding digits but no readable value (F22): one bad byte in or beside a printed number
(``&nb踫p;17730`` — an ``&nbsp;`` whose byte, read as GBK, made a Chinese character —, ``216踫14``,
``19�34``, ``27x``).  The cell holds its place in the row, so no value after it moves a column; its
raw text is kept in an ``unreadable-cell`` error; the row's other cells are placed where the row's
structure puts them — and where a row is placed only by the template's order, only when the
table's arithmetic confirms every one of its readable cells.

The damaged inputs are built here from generated tables (``tests/shredded.py``) rendered in the
shapes of ``tests/relayout.py``, ``tests/relayout_frontends.py`` and ``tests/shredded.py``."""

from __future__ import annotations

import os
import re

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.model import Section
from zfxxgk.spec import SPEC_2019, SPEC_2021
from zfxxgk.values import damaged_number

from relayout import render
from relayout_frontends import render_html, render_markdown
from shredded import consistent_tables
from shredded import render as render_shredded
from shredded import to_report

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
#: as tests/test_properties.py: the same examples on every run, unless HYPOTHESIS_PROFILE=thorough
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
SCALE = 10 if THOROUGH else 1
HEADING = "三、收到和处理政府信息公开申请情况\n"
ROW = "| 一、本年新收政府信息公开申请数量 | {} | 21614 | 20903 | 7527 | 21001 | 27698 | 116473 |\n"


def _errors(report, code):
    return [d for d in report.diagnostics if d.severity == "error" and d.code == code]


def test_f22_a_damaged_entity_before_a_value_holds_its_column():
    """F22 as found (an HTML page's ``&nbsp;17730`` with a byte inserted): 17730 was taken into the
    row's label and was in no diagnostic; the other six values sat in a stray-value error."""
    r = zfxxgk.parse(HEADING + ROW.format("&nb\u8e2bp;17730"), template="2021")
    (bad,) = _errors(r, "unreadable-cell")
    assert [(c.raw, c.value, c.line) for c in bad.cells] == [("&nb\u8e2bp;17730", None, 2)]
    assert (bad.table, bad.row, bad.column_key, bad.line) == ("applications", "new_received", "natural_person", 2)
    assert {k: c.value for k, c in r.applications["new_received"].items()} == {
        "commercial": 21614, "research": 20903, "public_interest": 7527, "legal_services": 21001,
        "other_org": 27698, "total": 116473}
    assert [d.code for d in r.diagnostics if d.severity == "error"] == ["unreadable-cell"]


@pytest.mark.parametrize("damaged", ["216\u8e2b14", "21614\u8e2b", "216\ufffd14", "216x14", "\u8e2b21614"])
def test_a_damaged_cell_mid_row_keeps_the_later_columns(damaged):
    """Damaged in the second column: the cells after it stay under their own columns (before, the row
    was cut in two there and the damaged cell was lost when it held a Chinese character)."""
    r = zfxxgk.parse(HEADING + ROW.format("17730").replace("21614", damaged), template="2021")
    (bad,) = _errors(r, "unreadable-cell")
    assert [c.raw for c in bad.cells] == [damaged] and bad.column_key == "commercial"
    row = r.applications["new_received"]
    assert "commercial" not in row
    assert [row[k].value for k in ("natural_person", "research", "total")] == [17730, 20903, 116473]


def test_a_row_with_a_damaged_cell_and_a_cell_too_few_places_nothing():
    r = zfxxgk.parse(HEADING + ROW.format("17730").replace("| 21614 ", "").replace("20903", "209\u8e2b03"),
                     template="2021")
    assert "new_received" not in r.applications
    (count,) = _errors(r, "cell-count")
    assert [c.raw for c in count.cells] == ["17730", "209\u8e2b03", "7527", "21001", "27698", "116473"]


def test_section_four_in_row_order_places_all_but_the_damaged_value():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n"
            "| 1 | 2 | 3 | 4 | 10 | 5 | 6 | 7 | 8 | 2\u8e2b6 | 1 | 1 | 1 | 1 | 4 |\n")
    r = zfxxgk.parse(text, template="2021")
    (bad,) = _errors(r, "unreadable-cell")
    assert (bad.row, bad.column_key, [c.raw for c in bad.cells]) == ("litigation_direct", "total", ["2\u8e2b6"])
    assert {k: c.value for k, c in r.review_litigation["litigation_direct"].items()} == {
        "upheld": 5, "corrected": 6, "other": 7, "pending": 8}
    assert r.review_litigation["review"]["total"].value == 10


def test_a_glued_row_ending_in_a_damaged_character_is_kept_not_a_heading():
    """``二、上年结转…数量333021…883踫``: the stray character made the line a chapter heading, and the
    rest of 三 vanished with it."""
    text = (HEADING + "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n"
            "二、上年结转政府信息公开申请数量333021747431328166381623022911137883\u8e2b\n"
            "（七）总计 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n")
    r = zfxxgk.parse(text, template="2021")
    (row,) = _errors(r, "unreadable-row")
    assert row.line == 3 and "137883\u8e2b" in row.cells[0].raw
    assert r.applications["total_processed"]["total"].value == 2


@pytest.mark.parametrize("text,damaged", [
    ("&nb\u8e2bp;17730", True), ("216\u8e2b14", True), ("19\ufffd34", True), ("27L", True),
    ("17730", False), ("2020年", False), ("第3页", False), ("1.属", False), ("（1）", False), ("-3-", False),
    ("3/6", False), ("2021-01-29", False), ("0 0", False), ("12\u8e2b34\u8e2b", False), ("1.5万元", False)])
def test_what_a_damaged_number_is(text, damaged):
    assert damaged_number(text) is damaged


# ---- the property: any one value cell of generated tables damaged, in any shape --------------------

#: Shapes where every row is printed with its label and in order: only the damaged cell is unplaced.
LABELLED = {
    "cells": lambda r, s: render(r, s, "cells"),
    "pipes": lambda r, s: render(r, s, "pipes"),
    "spans": lambda r, s: render(r, s, "spans"),
    "rows": lambda r, s: render(r, s, "rows"),
    "html": render_html,
    "markdown": render_markdown,
}
#: Shapes where rows may be placed by order: nothing moved, nothing lost.
SHREDDED = {f"shredded_{name}": (lambda r, s, name=name: render_shredded(r, s, name, seed=7))
            for name in ("md", "text", "layout", "columns")}
#: The chapters a rendered report prints its tables under.
SECTIONS = (Section("一、", "总体情况", 1, 0, ("本年度政府信息公开工作情况如下。",)),
            Section("二、", "主动公开政府信息情况", 1, 0), Section("三、", "收到和处理政府信息公开申请情况", 1, 0),
            Section("四、", "政府信息公开行政复议、行政诉讼情况", 1, 0),
            Section("五、", "存在的主要问题及改进情况", 1, 0, ("无。",)))
_VALUE = re.compile(r"(?<![\d.\-])-?\d+(?![\d.、])")


def _value_spans(text: str, html: bool) -> list[re.Match]:
    """The printed numbers of tables 二–四 (not a label's ordinal, not a tag's attribute)."""
    first, last = text.index("二、主动公开"), text.index("五、存在")
    out = []
    for m in _VALUE.finditer(text, first, last):
        if html and text.rfind("<", 0, m.start()) > text.rfind(">", 0, m.start()):
            continue  # inside a tag (width="600")
        out.append(m)
    return out


@settings(max_examples=150 * SCALE, deadline=None, derandomize=not THOROUGH)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), consistent_tables(t))),
       st.sampled_from(sorted(LABELLED) + sorted(SHREDDED)), st.data(),
       st.sampled_from(["\u8e2b", "\ufffd", "x"]))
def test_one_damaged_value_cell_moves_nothing_and_loses_nothing(template_tables, shape, data, junk):
    template, tables = template_tables
    truth_report = attrs.evolve(to_report(template, *tables), sections=SECTIONS)
    spec = SPECS[template]
    text = {**LABELLED, **SHREDDED}[shape](truth_report, spec)
    spans = _value_spans(text, shape == "html")
    m = spans[data.draw(st.integers(0, len(spans) - 1), label="damaged value")]
    at = data.draw(st.integers(m.start(), m.end()), label="junk at")
    damaged = text[:at] + junk + text[at:]
    r = zfxxgk.parse(damaged, template=template)
    want = {tuple(k): c.value for *k, c in truth_report.cells()}
    got = {tuple(k): c.value for *k, c in r.cells()}
    # nothing moved: every placed value is the generated one under the same key
    assert {k: v for k, v in got.items() if want.get(k, object()) != v} == {}
    # the damaged cell is kept, raw, in an error
    kept = [c.raw for d in r.diagnostics if d.severity == "error" for c in d.cells]
    assert any(junk in raw for raw in kept), (m.group(), kept)
    # nothing lost: every value not placed is in a diagnostic's cells
    digits = [re.sub(r"\D", "", raw) for d in r.diagnostics for c in d.cells for raw in [c.raw]]
    for key, value in want.items():
        if key not in got:
            assert any(str(abs(value)) in d for d in digits) or m.group().lstrip("-") == str(abs(value)), key
    if shape in LABELLED:  # rows under their labels, in order: only the damaged value is not placed
        assert len(set(want) - set(got)) <= 1


# ---- 四's heading and header words lost on one line: its values run on after 三's last row -----------

@settings(max_examples=40 * SCALE, deadline=None, derandomize=not THOROUGH)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), consistent_tables(t))))
def test_review_values_run_on_after_the_last_row_of_three(template_tables):
    """A one-line body (tests/damaged.py) whose 四 lost its title and every header word: its fifteen
    numbers follow 三's last row (四、结转下年度继续办理), which then had 22 cells (a cell-count
    error, nothing placed).  The row's total holds over its first seven and 四's three group totals
    over the fifteen in row order: both are placed, with a ``review-run-on`` warning."""
    import damaged

    template, tables = template_tables
    truth = attrs.evolve(to_report(template, *tables), sections=SECTIONS)
    spec = SPECS[template]
    line = damaged.one_line(render(truth, spec, "pipes"), " ")
    heading = line.index("四、政府信息公开行政复议")
    first_value = heading + re.search(r" [0-9]", line[heading:]).start()
    assert "总计" in line[heading:first_value]  # the header words are all before the first value
    text = line[:heading] + line[first_value + 1:]
    r = zfxxgk.parse(text, template=template)
    want = {tuple(k): c.value for *k, c in truth.cells()}
    assert {tuple(k): c.value for *k, c in r.cells()} == want
    (note,) = [d for d in r.diagnostics if d.code == "review-run-on"]
    assert note.severity == "warning" and "结转下年度继续办理" in note.message
    assert [d for d in r.diagnostics if d.severity == "error"] == []


def test_values_after_the_last_row_that_are_not_four_stay_in_an_error():
    """Twenty-two values after 三's last row whose last fifteen do not add up as 四's groups: not split."""
    row = "四、结转下年度继续办理 1 0 0 0 0 0 1 " + " ".join(["1"] * 15)
    r = zfxxgk.parse(HEADING + row + "\n", template="2021")
    assert not r.review_litigation and "carried_forward" not in r.applications
    (count,) = _errors(r, "cell-count")
    assert len(count.cells) == 22


# ---- a lost line break glues a row's last value to the next row's label (F25) -----------------------

@settings(max_examples=60 * SCALE, deadline=None, derandomize=not THOROUGH)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), consistent_tables(t))),
       st.data())
def test_a_lost_line_break_between_a_value_and_the_next_label_moves_nothing(template_tables, data):
    """``| 848 | 8962（七）总计 | 38379 …``: the newline after a row's last value dropped.  8962 was in no
    diagnostic; now the cell is cut into the value (the row's last cell, where the line prints it) and
    the next row's label.  Any line break of the tables dropped this way: every placed value is the
    generated one, and every value is placed or in a diagnostic."""
    template, tables = template_tables
    truth = attrs.evolve(to_report(template, *tables), sections=SECTIONS)
    text = render(truth, SPECS[template], "rows")  # a row a line: label | v | v …
    first, last = text.index("二、主动公开"), text.index("五、存在")
    breaks = [i for i in range(first, last) if text[i] == "\n" and text[i - 1].isdigit()]
    at = breaks[data.draw(st.integers(0, len(breaks) - 1), label="dropped line break")]
    r = zfxxgk.parse(text[:at] + text[at + 1:], template=template)
    want = {tuple(k): c.value for *k, c in truth.cells()}
    got = {tuple(k): c.value for *k, c in r.cells()}
    assert {k: v for k, v in got.items() if want.get(k, object()) != v} == {}
    kept = [re.sub(r"\D", "", c.raw) for d in r.diagnostics for c in d.cells]
    for key, value in want.items():
        if key not in got:
            assert any(str(abs(value)) in k for k in kept), key


def test_f25_the_value_before_the_label_is_the_rows_last_cell():
    text = (HEADING + "3.其他 | 1921 | 1236 | 1400 | 2799 | 758 | 848 | 8962（七）总计 | 38379 | 26657 | 36286 | 32233"
            " | 37419 | 31840 | 202814\n")
    r = zfxxgk.parse(text, template="2021")
    assert [c.value for c in r.applications["other_handling.other"].values()] == [1921, 1236, 1400, 2799, 758, 848, 8962]
    assert r.applications["total_processed"]["total"].value == 202814
    assert [d for d in r.diagnostics if d.severity == "error"] == []
