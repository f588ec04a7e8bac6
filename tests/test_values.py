"""Value forms (TEMPLATES.md §7): full-width digits, thousands separators, decimals, negatives, units, blanks."""

import unicodedata
from decimal import Decimal

import pytest

import zfxxgk
from zfxxgk.values import parse_value


@pytest.mark.parametrize("printed,value,unit", [
    ("１２３", 123, None), ("1,234", 1234, None), ("1，234", 1234, None), ("12,345,678", 12345678, None),
    ("-9539", -9539, None), ("−5", -5, None), ("－7", -7, None), ("+3", 3, None),
    ("12.50万元", Decimal("12.50"), "万元"), ("1.5亿元", Decimal("1.5"), "亿元"), ("0.5%", Decimal("0.5"), "%"),
    ("25795万元", 25795, "万元"), ("625批次", 625, "批次"), ("251000元", 251000, "元"), ("3件", 3, "件"),
    ("3 件", 3, "件"), ("２５萬元", 25, "万元"), ("0", 0, None),
    ("/", None, None), ("／", None, None), ("—", None, None), ("——", None, None), ("-", None, None),
    ("–", None, None), ("―", None, None), ("无", None, None), ("", None, None),
])
def test_parse_value(printed, value, unit):
    from zfxxgk.parser.normalise import fold, simplify

    assert parse_value(simplify(fold(printed))) == (value, unit)


ITEM_9 = "二、主动公开政府信息情况\n第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购\n{}\n{}\n五、存在的主要问题及改进情况\n无。\n"


@pytest.mark.parametrize("count,amount,expect", [
    ("６２５批次", "２５，７９５万元", ((625, "批次"), (25795, "万元"))),
    ("\u00a0625\u2002", "1,234.50万元", ((625, None), (Decimal("1234.50"), "万元"))),
    ("/", "—", ((None, None), (None, None))),
    ("无", "-", ((None, None), (None, None))),
])
def test_values_through_the_grammar(count, amount, expect):
    r = zfxxgk.parse(ITEM_9.format(count, amount), template="2019")
    row = r.active_disclosure["item_9"]["central_procurement"]
    got = ((row["procurement_count"].value, row["procurement_count"].unit),
           (row["procurement_amount"].value, row["procurement_amount"].unit))
    assert got == expect
    assert row["procurement_count"].raw == unicodedata.normalize("NFC", count).strip()
    assert [d for d in r.diagnostics if d.severity == "error"] == []


def test_blank_stays_distinct_from_zero():
    r = zfxxgk.parse(ITEM_9.format("0", "/"), template="2019")
    row = r.active_disclosure["item_9"]["central_procurement"]
    assert (row["procurement_count"].value, row["procurement_count"].raw) == (0, "0")
    assert (row["procurement_amount"].value, row["procurement_amount"].raw) == (None, "/")
