"""Pipe text whose column spans sit on the cell's own line (issue 15): ``13 ||`` is one cell ``13``
spanning two columns of the page's table, never a value and a blank; placed by the template's
columns, never by counting pipes."""

from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.parser.normalise import normalise
from zfxxgk.spec import SPEC_2019, SPEC_2021

from conftest import EXAMPLES, FIXTURES
from relayout import values
from relayout_frontends import SPAN_FIXTURES, render_pipe_spans, span_fixture_text


def seed(n: str) -> Path:
    return next(EXAMPLES.glob(f"seed_{n}_*.txt"))


def errors(r):
    return [d for d in r.diagnostics if d.severity == "error"]


CASES = [(key, name) for key, (name, _) in SPAN_FIXTURES.items()]


@pytest.mark.parametrize("n,name", CASES, ids=[name for _, name in CASES])
def test_fixture_is_the_script_output(n, name):
    """The committed fixture is what ``python tests/relayout_frontends.py`` writes from the seed."""
    assert (FIXTURES / name).read_text(encoding="utf-8") == span_fixture_text(seed(n[:3]), n)


@pytest.mark.parametrize("n,name", CASES, ids=[name for _, name in CASES])
def test_fixture_gives_the_seed_values(n, name):
    src, again = zfxxgk.parse_file(seed(n[:3])), zfxxgk.parse_file(FIXTURES / name)
    assert values(again) == values(src) and len(values(src)) > 190
    assert {tuple(k): c.raw for *k, c in again.cells()} == {tuple(k): c.raw for *k, c in src.cells()}
    assert errors(again) == []
    assert (again.meta.template, again.meta.year) == (src.meta.template, src.meta.year)


def test_spanning_cells_are_one_cell_each():
    path = FIXTURES / "spans_002_wide.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    r = zfxxgk.parse_file(path)
    lic = r.active_disclosure["item_5"]["licensing"]
    # 行政许可 | 19034 | -9539 || | 9495 — the change spans two page columns and is one cell
    assert [lic[k].value for k in ("previous_year", "change", "decisions")] == [19034, -9539, 9495]
    assert lines[lic["change"].line - 1] == "-9539 ||"
    assert lines[lic["decisions"].line - 1] == "9495 |"
    proc = r.active_disclosure["item_9"]["central_procurement"]
    assert lines[proc["procurement_amount"].line - 1] == "25795万元 |||"
    frags = {f.line: f for f in normalise(path.read_text(encoding="utf-8")).fragments}
    assert (frags[lic["change"].line].text, frags[lic["change"].line].span) == ("-9539", 2)
    assert frags[proc["procurement_amount"].line].span == 3
    new = r.applications["new_received"]
    assert lines[new["natural_person"].line - 2] == "一、本年新收政府信息公开申请数量 |||"


SPANS = """某镇2021年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（五）项 ||||
信息内容 |
本年处理决定数量 |||
行政许可 |
 |||
第二十条第（八）项 ||||
信息内容 |
本年收费金额（单位：万元） |||
行政事业性收费 |
\u00a0|||
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量 |||
1 |
 |
\u00a0|
|
0 |
— |
1 |
"""


def test_span_pipes_may_have_spaces_between():
    text = SPANS.replace("本年处理决定数量 |||", "本年处理决定数量 | | |")
    frags = [f for f in normalise(text).fragments if f.line == 5]
    assert [(f.text, f.span) for f in frags] == [("本年处理决定数量", 3)]
    assert zfxxgk.parse(text, template="2021").active_disclosure["item_5"]["licensing"]["decisions"].line == 7


def test_blank_cells_are_their_own_content_before_the_pipe():
    r = zfxxgk.parse(SPANS, template="2021")
    lines = SPANS.splitlines()
    assert r.active_disclosure["item_5"]["licensing"]["decisions"] == zfxxgk.Cell(None, "", None, 7)
    assert r.active_disclosure["item_8"]["fees"]["fee_amount"].line == 12 and lines[11] == "\u00a0|||"
    row = r.applications["new_received"]
    assert [c.raw for c in row.values()] == ["1", "", "", "", "0", "—", "1"]
    assert [c.line for c in row.values()] == list(range(15, 22))
    assert errors(r) == []


def test_fillers_on_their_own_line_still_dropped():
    """Seed 001's convention: ``|||`` on a line of its own fills the row; nothing is a cell."""
    text = seed("001").read_text(encoding="utf-8")
    frags = normalise(text).fragments
    filler_lines = {no for no, line in enumerate(text.splitlines(), 1) if line.strip() and not line.strip("| ")}
    assert len(filler_lines) > 30
    assert not any(f.line in filler_lines for f in frags)
    assert all(f.span == 1 for f in frags)


def test_both_conventions_read_the_same_table():
    rows = [("一、本年新收政府信息公开申请数量", 3, ["3", "0", "1", "0", "0", "0", "4"]),
            ("（一）予以公开", 2, ["2", "0", "1", "0", "0", "0", "3"])]
    on_line = ["三、收到和处理政府信息公开申请情况"]
    own_line = ["三、收到和处理政府信息公开申请情况"]
    for label, span, cells in rows:
        on_line += [f"{label} " + "|" * span] + [f"{c} |" for c in cells]
        own_line += [f"{label} |"] + [f"{c} |" for c in cells] + ["|" * (span - 1)]
    a, b = (zfxxgk.parse("\n".join(x) + "\n", template="2019") for x in (on_line, own_line))
    assert {k: v.value for k, v in a.applications["granted"].items()} == {
        k: v.value for k, v in b.applications["granted"].items()}
    assert [c.value for c in a.applications["new_received"].values()] == [3, 0, 1, 0, 0, 0, 4]
    assert errors(a) == errors(b) == []


def test_pipe_rows_and_markdown_are_not_spans():
    """Documents of whole rows keep their reading: ``||`` there is no span."""
    rows = ("三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1\n"
            "二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2\n"
            "（一）予以公开 ||\n"
            "（二）部分公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n")
    frags = normalise(rows).fragments
    assert all(f.span == 1 for f in frags)
    assert [f.text for f in frags if f.line == 4] == ["（一）予以公开", ""]  # as before: a blank cell
    md = "| 规章 | 1 || 3 |\n|---|---|---|---|\n| 规范性文件 | 1 | 2 | 3 |\n"
    assert [f.text for f in normalise(md).fragments if f.line == 1] == ["规章", "1", "", "3"]


# ---- a span is never counted as cells -------------------------------------------------------------

ITEM_8 = """某镇2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（八）项 ||||
信息内容 |
上一年项目数量 |
本年增/减 ||
行政事业性收费 |
{values}
"""


def test_a_value_line_lost_before_a_spanning_value_is_not_placed():
    """``0 |`` lost before ``5 ||``: one cell, not a value and a blank — an error keeps ``5``."""
    whole = zfxxgk.parse(ITEM_8.format(values="0 |\n5 ||"), template="2019")
    assert {k: c.value for k, c in whole.active_disclosure["item_8"]["fees"].items()} == {"previous_year": 0, "change": 5}
    r = zfxxgk.parse(ITEM_8.format(values="5 ||"), template="2019")
    assert r.active_disclosure["item_8"] == {}
    (err,) = errors(r)
    assert err.code == "cell-count" and [(c.raw, c.line) for c in err.cells] == [("5", 8)]
    assert "5×2" in err.message  # the spanning cell is named, counted once


def test_applications_row_short_of_a_cell_is_not_filled_by_a_span():
    text = ("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 |||\n"
            "3 |\n0 ||\n1 |\n0 |\n0 |\n4 |\n")  # six cells, seven page columns
    r = zfxxgk.parse(text, template="2019")
    assert "new_received" not in r.applications
    (err,) = errors(r)
    assert [c.raw for c in err.cells] == ["3", "0", "1", "0", "0", "4"]


def test_review_values_and_blank_corner():
    head = ["四、政府信息公开行政复议、行政诉讼情况", " ||", "行政复议 |||||", "行政诉讼 ||||||||||",
            *[f"{c} |" for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")],
            "未经复议直接起诉 |||||", "复议后起诉 |||||",
            *[f"{c} |" for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] * 2]
    nums = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2]
    r = zfxxgk.parse("\n".join(head + [f"{v} |" for v in nums]) + "\n", template="2019")
    assert [c.value for g in r.review_litigation.values() for c in g.values()] == nums  # the corner is no value
    assert errors(r) == []
    short = head + [f"{v} |" for v in nums[:4]] + ["1 ||"] + [f"{v} |" for v in nums[6:]]  # 14 cells, 15 columns
    r = zfxxgk.parse("\n".join(short) + "\n", template="2019")
    assert r.review_litigation == {}
    (err,) = errors(r)
    assert err.code == "cell-count" and len(err.cells) == 14


@pytest.mark.parametrize("name", ["spans_001_traditional.txt", "spans_002_covered.txt"])
def test_every_line_deleted_moves_no_value(name):
    """Exhaustive over the tables (the hypothesis properties sample every fixture; these two, one per
    template, are run line by line): each line of chapters 二–四 deleted in turn, every value still
    placed has its key, value and source line."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    full = {tuple(k): (c.value, c.raw, c.line) for *k, c in zfxxgk.parse("\n".join(lines)).cells()}
    start = next(i for i, ln in enumerate(lines) if ln.startswith("二、"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    for i in range(start, end):
        part = zfxxgk.parse("\n".join(lines[:i] + lines[i + 1:]))
        for *k, c in part.cells():
            assert full.get(tuple(k)) == (c.value, c.raw, c.line if c.line <= i else c.line + 1), (i + 1, lines[i], k)


def _rows(rows) -> str:
    out = ["三、收到和处理政府信息公开申请情况"]
    for label, cells, blanks_after in rows:
        out += [f"{label} |||"] + [f"{c} |" for c in cells] + [" |"] * blanks_after
    return "\n".join(out) + "\n"


NEW, OLD, GRANTED, TOTAL = ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
                            "（七）总计")


def test_a_blank_between_rows_never_fills_a_lost_value():
    """A page that writes empty cells between rows (where others merge them with rowspan): a row
    a value short, closed by such a blank, has the template's count only by the blank — not placed."""
    whole = zfxxgk.parse(_rows([(NEW, "1230006", 0), (OLD, "0000000", 1), (GRANTED, "1230006", 1),
                                (TOTAL, "1230006", 0)]), template="2019")
    assert [c.value for c in whole.applications["granted"].values()] == [1, 2, 3, 0, 0, 0, 6]
    assert errors(whole) == []
    lost = zfxxgk.parse(_rows([(NEW, "1230006", 0), (OLD, "0000000", 1), (GRANTED, "130006", 1),
                               (TOTAL, "1230006", 0)]), template="2019")
    assert "granted" not in lost.applications
    (err,) = errors(lost)
    assert err.code == "cell-count" and [c.raw for c in err.cells] == ["1", "3", "0", "0", "0", "6", ""]
    assert [lost.applications[k]["total"].value for k in ("new_received", "carried_over", "total_processed")] == [6, 0, 6]


def test_a_blank_last_value_is_a_value_when_no_blanks_sit_between_rows():
    r = zfxxgk.parse(_rows([(NEW, "1230006", 0), (OLD, ["0"] * 6 + ["\u00a0"], 0), (TOTAL, "1230006", 0)]),
                     template="2019")
    assert r.applications["carried_over"]["total"] == zfxxgk.Cell(None, "", None, 17)
    assert errors(r) == []


ITEM_8_EXTRA = """某镇2020年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（八）项 |||||
信息内容 |
上一年项目数量 |
本年增/减 ||
 |
行政事业性收费 |
4 |
5 ||
 |
三、收到和处理政府信息公开申请情况
"""


def test_cells_that_do_not_span_their_headers_columns_are_not_placed():
    """An empty last column on the page; ``4 |`` lost: ``5 ||`` and the empty cell make the count,
    but ``5`` spans two page columns under ``上一年项目数量``, which spans one (and no other row
    shows the empty column)."""
    whole = zfxxgk.parse(ITEM_8_EXTRA, template="2019")
    assert {k: c.value for k, c in whole.active_disclosure["item_8"]["fees"].items()} == {"previous_year": 4, "change": 5}
    assert errors(whole) == []
    r = zfxxgk.parse(ITEM_8_EXTRA.replace("4 |\n", ""), template="2019")
    assert r.active_disclosure["item_8"] == {}
    (err,) = errors(r)
    assert err.code == "cell-count" and [(c.raw, c.line) for c in err.cells] == [("5", 9), ("", 10)]
    assert "5 spans 2 under 上一年项目数量 spanning 1" in err.message


@pytest.mark.parametrize("n", ["001", "002"])
def test_pages_with_empty_cells_lose_lines_without_moving_values(n):
    """Seeds as pages with every merge variant at once (a wider grid, rowspan slots as empty cells,
    an empty last column in 二): same values, and each table line deleted in turn moves none."""
    src = zfxxgk.parse_file(seed(n))
    spec = {"2019": SPEC_2019, "2021": SPEC_2021}[src.meta.template]
    text = render_pipe_spans(src, spec, wide=True, covered=True, extra=True)
    full = zfxxgk.parse(text)
    assert values(full) == values(src) and errors(full) == []
    lines = text.split("\n")
    placed = {tuple(k): (c.value, c.raw, c.line) for *k, c in full.cells()}
    start = next(i for i, ln in enumerate(lines) if ln.startswith("二、"))
    end = next(i for i, ln in enumerate(lines) if ln.startswith("五、"))
    for i in range(start, end):
        for *k, c in zfxxgk.parse("\n".join(lines[:i] + lines[i + 1:])).cells():
            assert placed.get(tuple(k)) == (c.value, c.raw, c.line if c.line <= i else c.line + 1), (i + 1, lines[i], k)


def test_cells_off_their_headers_columns_with_values_throughout_are_placed():
    """Pages whose merges do not line up with the header (tables pasted from a word processor) are
    placed by the template's columns when no blank makes up the count."""
    text = ITEM_8_EXTRA.replace("\n \n行政事业性收费", "\n行政事业性收费").replace("4 |\n5 ||\n |\n", "4 ||\n5 |\n")
    r = zfxxgk.parse(text, template="2019")
    assert {k: c.value for k, c in r.active_disclosure["item_8"]["fees"].items()} == {"previous_year": 4, "change": 5}
    assert errors(r) == []
