"""HTML the score harness found losing values (F10, F11): every ``<td>`` holding a number ends up
placed or in a diagnostic."""

from __future__ import annotations

import zfxxgk

F10 = """<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3">（七）总计</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<td colspan="3">四、结转下年度继续办理</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
"""

F11 = """<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3">四、结转下年度继续办理</td><td>2344</td><td>71</td><td>526</td><td>1011</td><td>1486</td><td>0</td><td>5438</td></tr></table>
"""


def _row(r, key):
    return [(c.value, c.line) for c in r.applications[key].values()]


def test_cells_without_their_tr_are_a_row_of_their_own():
    """F10: the row after a lost ``<tr>`` was neither placed nor reported."""
    r = zfxxgk.parse(F10, template="2021")
    assert _row(r, "total_processed") == [(v, 3) for v in (1, 0, 0, 0, 0, 0, 1)]
    assert _row(r, "carried_forward") == [(v, 4) for v in (2, 0, 0, 0, 0, 0, 2)]
    (note,) = [d for d in r.diagnostics if d.code == "html-row"]
    assert note.severity == "warning" and note.line == 4 and "8 table cell(s)" in note.message


def test_loose_cells_between_rows_never_join_a_neighbour():
    page = F10.replace("（七）总计</td><td>1</td>", "（七）总计</td><td>1</td></tr>\n<td>9</td><td>8</td></tr><tr><td>x</td>", 1)
    r = zfxxgk.parse(page, template="2021")
    placed = {c.raw for *_, c in r.cells()}
    reported = {c.raw for d in r.diagnostics for c in d.cells}
    assert {"9", "8"} <= reported and not {"9", "8"} & placed


def test_a_fragment_of_a_heading_and_its_table_is_read():
    """F11: the heading held most of the text, so the body was taken to be the heading alone."""
    r = zfxxgk.parse(F11, template="2021")
    assert _row(r, "carried_forward") == [(v, 3) for v in (2344, 71, 526, 1011, 1486, 0, 5438)]
    r = zfxxgk.parse(F11)  # no template given: too little to tell a report, and it says so
    assert any(d.code == "not-a-report" and d.severity == "warning" for d in r.diagnostics)
