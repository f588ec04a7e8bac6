"""A row label of 三 a bad byte damaged (F19): ``二、上年结转政府信息公开申请数��`` — numbered like a chapter
(一、 … 四、), it was taken for a chapter heading, and that row and every later row of 三 were not
placed.  Now a label whose unreadable characters (each run of U+FFFD one or two characters) leave
exactly one label of the template it can spell is read as that label, with a damaged-label warning.

The damaged inputs are built here from generated tables (``tests/shredded.py``) rendered in the
labelled shapes of ``tests/relayout.py`` and ``tests/relayout_frontends.py``."""

from __future__ import annotations

import os

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.model import Section
from zfxxgk.spec import SPEC_2019, SPEC_2021

from relayout import render
from relayout_frontends import render_html, render_markdown
from shredded import consistent_tables, to_report

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
SCALE = 10 if THOROUGH else 1
SHAPES = {
    "cells": lambda r, s: render(r, s, "cells"),
    "pipes": lambda r, s: render(r, s, "pipes"),
    "rows": lambda r, s: render(r, s, "rows"),
    "html": render_html,
    "markdown": render_markdown,
}
SECTIONS = (Section("一、", "总体情况", 1, 0, ("本年度政府信息公开工作情况如下。",)),
            Section("二、", "主动公开政府信息情况", 1, 0), Section("三、", "收到和处理政府信息公开申请情况", 1, 0),
            Section("四、", "政府信息公开行政复议、行政诉讼情况", 1, 0),
            Section("五、", "存在的主要问题及改进情况", 1, 0, ("无。",)))
#: 三's rows numbered like chapters
LABELS = ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果", "四、结转下年度继续办理")


def test_f19_a_damaged_row_label_in_rows_is_the_row():
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 1 | 2 | 3 | 4 | 5 | 6 | 21\n"
            "二、上年结转政府信息公开申请数\ufffd\ufffd | 1 | 0 | 0 | 0 | 0 | 0 | 1\n三、本年度办理结果\n"
            "（一）予以公开 | 2 | 2 | 3 | 4 | 5 | 6 | 22\n四、政府信息公开行政复议、行政诉讼情况\n")
    r = zfxxgk.parse(text, template="2021")
    assert [(c.value, c.line) for c in r.applications["carried_over"].values()] == [(1, 3)] + [(0, 3)] * 5 + [(1, 3)]
    assert [c.value for c in r.applications["granted"].values()] == [2, 2, 3, 4, 5, 6, 22]
    (note,) = [d for d in r.diagnostics if d.code == "damaged-label"]
    assert note.severity == "warning" and note.line == 3 and "申请数\ufffd\ufffd" in note.message


def test_a_damaged_label_two_labels_could_spell_is_not_read_as_either():
    """（?）??公开 fits both （一）予以公开 and （三）不予公开: read as neither, its values kept in an error."""
    text = "三、收到和处理政府信息公开申请情况\n（\ufffd）\ufffd\ufffd\ufffd\ufffd公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n"
    r = zfxxgk.parse(text, template="2021")
    assert not list(r.cells())
    assert not [d for d in r.diagnostics if d.code == "damaged-label"]
    assert [c.raw for d in r.diagnostics if d.severity == "error" for c in d.cells] == ["1", "0", "0", "0", "0", "0",
                                                                                        "1"]
    # one damaged character less, and only （一）予以公开 fits
    r = zfxxgk.parse(text.replace("\ufffd\ufffd\ufffd\ufffd公开", "\ufffd\ufffd以公开"), template="2021")
    assert [c.value for c in r.applications["granted"].values()] == [1, 0, 0, 0, 0, 0, 1]


@settings(max_examples=60 * SCALE, deadline=None, derandomize=not THOROUGH)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), consistent_tables(t))),
       st.sampled_from(sorted(SHAPES)), st.sampled_from(LABELS), st.data(),
       st.sampled_from(["\ufffd", "\ufffd\ufffd", "\ufffd\ufffd\ufffd"]))
def test_a_damaged_chapter_numbered_label_of_three_loses_no_row(template_tables, shape, label, data, bad):
    """One character after the ordinal of a Chinese-numbered label of 三 replaced by U+FFFD runs (as a
    bad byte in its UTF-8 decodes): every value is placed as generated — the damaged row, every later
    row of 三, and 四, whose chapter still opens."""
    template, tables = template_tables
    truth = attrs.evolve(to_report(template, *tables), sections=SECTIONS)
    text = SHAPES[shape](truth, SPECS[template])
    at = data.draw(st.integers(2, len(label) - 1), label="damaged character")
    assert label in text
    text = text.replace(label, label[:at] + bad + label[at + 1:], 1)
    r = zfxxgk.parse(text, template=template)
    want = {tuple(k): c.value for *k, c in truth.cells()}
    got = {tuple(k): c.value for *k, c in r.cells()}
    assert got == want
    if label != "三、本年度办理结果":  # a group label's line has no row of its own to note
        assert any(d.code == "damaged-label" for d in r.diagnostics)
