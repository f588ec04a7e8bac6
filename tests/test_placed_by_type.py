"""A row of 二 whose header cells pdftotext prints among its values (its values' order not certain,
and no arithmetic in 二) is placed only when exactly one assignment of the values to the columns fits
what each column can hold: a negative number only under 本年增/减, a fraction or a money unit only
under a 金额 column.  Fixture: tests/fixtures/pdftotext_generated_2019.txt (tests/make_pdftotext.py)."""

from decimal import Decimal
from pathlib import Path

import zfxxgk

TEXT = (Path(__file__).resolve().parent / "fixtures" / "pdftotext_generated_2019.txt").read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_the_printed_lines():
    """What the fixture shows (so the expectations below are read off the text): 行政事业性收费 with
    ``本年增/减`` printed after it, then -748 and 2635; 政府集中采购 then 1139 and 26.36万元."""
    lines = _lines(TEXT)
    at = lines.index("行政事业性收费")
    assert [x for x in lines[at:at + 6] if x] == ["行政事业性收费", "本年增/减", "-748", "2635"]
    at = lines.index("政府集中采购")
    assert [x for x in lines[at:at + 7] if x] == ["政府集中采购", "采购总金额", "1139", "26.36万元"]


def test_placed_by_what_each_column_holds():
    r = zfxxgk.parse(TEXT)
    fees = r.active_disclosure["item_8"]["fees"]
    assert (fees["previous_year"].value, fees["change"].value) == (2635, -748)  # -748: only 增/减 can fall
    assert (fees["previous_year"].line, fees["change"].line) == (93, 91)
    buy = r.active_disclosure["item_9"]["central_procurement"]
    assert (buy["procurement_count"].value, buy["procurement_amount"].value) == (1139, Decimal("26.36"))
    assert buy["procurement_amount"].unit == "万元"
    warned = [d for d in r.diagnostics if d.code == "placed-by-type"]
    assert [(d.severity, d.line, d.row) for d in warned] == [("warning", 91, "fees"), ("warning", 104, "central_procurement")]
    assert "-748 → 本年增/减" in warned[0].message and "26.36万元 → 采购总金额" in warned[1].message
    assert not [d for d in r.diagnostics if d.code == "row-order"]


def test_two_fitting_assignments_keep_the_error():
    """748 and 2635 both fit either column: nothing says which is which — not placed, kept raw."""
    text = "\n".join("748" if x == "-748" else x for x in _lines(TEXT))
    r = zfxxgk.parse(text)
    assert "fees" not in r.active_disclosure["item_8"]
    (err,) = [d for d in r.diagnostics if d.code == "row-order" and d.row is None and "（八）" in d.message]
    assert [c.raw for c in err.cells] == ["748", "2635"]
    assert not [d for d in r.diagnostics if d.code == "placed-by-type" and d.row == "fees"]


def test_an_amount_without_its_unit_is_not_told_apart():
    text = "\n".join("2636" if x == "26.36万元" else x for x in _lines(TEXT))
    r = zfxxgk.parse(text)
    assert "central_procurement" not in r.active_disclosure["item_9"]
    assert any(d.code == "row-order" and [c.raw for c in d.cells] == ["1139", "2636"] for d in r.diagnostics)


def test_no_fitting_assignment_keeps_the_error():
    """Two negative numbers: neither can be 上一年项目数量."""
    text = "\n".join("-2635" if x == "2635" else x for x in _lines(TEXT))
    r = zfxxgk.parse(text)
    assert "fees" not in r.active_disclosure["item_8"]
    assert any(d.code == "row-order" and [c.raw for c in d.cells] == ["-748", "-2635"] for d in r.diagnostics)
