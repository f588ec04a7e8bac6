"""What pdftotext (no ``-layout``) does to the form's table 三, read right (fixtures by
tests/make_pdftotext.py from PDFs made of the seeds' numbers):

* WPS prints the group label 三、本年度办理结果, merged over the outcome rows, so that ``三、`` lands on
  the line of the first row it spans (``三、 （一）予以公开``): a piece of a label and a whole label on
  one line are cut in two (``lexer._split_label_piece``), not read as a chapter heading that ends the
  table (before, every later row of 三 was a stray value).
* A page break moves a row's label after the rows that follow it (``一、本年新收…`` printed after
  ``6.属于四类过程性信``'s values): a label printed after a later row's label starts a run of its own
  (``sequence._pair_runs``), so the value rows before it are not each paired with the label after them
  (before, ten rows were placed one row down, silently); they are placed by the template's order,
  which the table's arithmetic confirms."""

import sys
from pathlib import Path

import zfxxgk

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_documents import numbered, seed  # noqa: E402


def _truth(n: str) -> dict:
    report, spec = seed(n)
    report = numbered(report, spec)
    return {(k, c): cell.value for k, row in report.applications.items() for c, cell in row.items()}


def _placed(report) -> dict:
    return {(k, c): cell.value for k, row in report.applications.items() for c, cell in row.items()}


def _lines(name: str) -> list[str]:
    return (HERE / "fixtures" / name).read_text(encoding="utf-8").split("\n")


def test_a_group_label_piece_on_the_line_of_a_row():
    lines = _lines("pdftotext_wps_001_numbers.txt")
    at = lines.index("三、 （一）予以公开")
    r = zfxxgk.parse("\n".join(lines))
    assert _placed(r) == _truth("001")  # every cell of 三, each under its own row and column
    granted = r.applications["granted"]
    assert [c.line for c in granted.values()] == [at + 1 + 2 * k for k in range(1, 8)]  # the 7 lines after it
    assert [c.raw for c in granted.values()] == [lines[at + 2 * k] for k in range(1, 8)]
    assert not [d for d in r.diagnostics if d.severity == "error"]
    assert not [s for s in r.sections if s.title.startswith("（一）")]  # no chapter made of the row
    (cut,) = [d for d in r.diagnostics if d.code == "truncated-label" and d.line == at + 1]
    assert "三、" in cut.message


def test_a_label_moved_after_the_rows_that_follow_it():
    lines = _lines("pdftotext_pdf_000_numbers.txt")
    label = lines.index("一、本年新收政府信息公开申请数量")
    first = lines.index("总计") + 2  # 一's values, one per line after the header, before any label
    assert lines[first - 1] == "" and label > lines.index("6.属于四类过程性信")
    r = zfxxgk.parse("\n".join(lines))
    assert _placed(r) == _truth("000")
    new = r.applications["new_received"]
    assert [c.raw for c in new.values()] == [lines[first + 2 * k] for k in range(7)]
    (order,) = [d for d in r.diagnostics if d.code == "placed-by-order" and d.table == "applications"]
    assert "一、本年新收" in order.message and "6.属于四类过程性信息" in order.message


def test_a_label_piece_is_cut_only_before_a_whole_label():
    """``三、 收到和处理…`` is a chapter heading: its rest is no label of the table."""
    lines = _lines("pdftotext_wps_001_numbers.txt")
    at = lines.index("三、 （一）予以公开")
    lines[at] = "三、 （一）予以公开了"
    r = zfxxgk.parse("\n".join(lines))
    assert "granted" not in r.applications
    assert any(d.severity == "error" for d in r.diagnostics)


def test_a_whole_group_label_on_the_line_of_a_row():
    """``三、本年度办理结果 （一）予以公开``: the group label whole, then the row's (before, a second chapter 三
    and every later row of 三 a stray value)."""
    lines = _lines("pdftotext_wps_001_numbers.txt")
    at = lines.index("三、 （一）予以公开")
    lines[at] = "三、本年度办理结果 （一）予以公开"
    r = zfxxgk.parse("\n".join(lines))
    assert _placed(r) == _truth("001")
    assert [c.line for c in r.applications["granted"].values()] == [at + 1 + 2 * k for k in range(1, 8)]
    assert not [d for d in r.diagnostics if d.severity == "error"]
    assert [s.number for s in r.sections].count("三、") == 1
