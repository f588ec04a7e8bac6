"""Errors a person can act on: strict ReportSyntaxError (line, column, expected in words, a caret
placed by display width), nothing but ReportError leaving ``parse``, lenient recovery with
diagnostics, the size limit, empty and non-report input."""

from __future__ import annotations

import re
import traceback

import pytest
from lark import Lark
from lark.exceptions import UnexpectedToken

import zfxxgk
from zfxxgk.api import Parser, default_parser
from zfxxgk.errors import ReportError, ReportSyntaxError, display_width, snippet
from zfxxgk.parser import driver
from zfxxgk.parser.lexer import DESCRIPTIONS, Lexer

from conftest import EXAMPLES, FIXTURES, fixture_files

TITLE = "2020年政府信息公开工作年度报告"
INCONSISTENT = FIXTURES / "inconsistent_2019_cells.txt"


# ---- display width and the caret -----------------------------------------------------------------


def test_display_width():
    assert display_width("规章") == 4
    assert display_width("ab") == 2
    assert display_width("１２") == 4  # full-width digits
    assert display_width("e\u0301") == 1  # combining acute accent takes no column
    assert display_width("a\u200bb") == 2  # zero-width space


def test_caret_under_the_character_by_display_width():
    # 规范性文件 (10 columns) + " | " (3): the caret under "5", 13 columns in
    text, caret = snippet("规范性文件 | 5 | 6", 9).split("\n")
    assert text == "规范性文件 | 5 | 6" and caret == " " * 13 + "^"
    text, caret = snippet("\t值 | 12", 6).split("\n")  # tab shown as one space, caret stays aligned
    assert text == " 值 | 12" and caret == " " * 6 + "^"


def test_long_lines_are_cut_around_the_caret():
    line = "数" * 300 + "X" + "a" * 300
    text, caret = snippet(line, 301).split("\n")
    assert display_width(text) <= 80 and text.startswith("…") and text.endswith("…")
    col = display_width(caret) - 1
    # the caret's column is where X is displayed
    shown = ""
    for ch in text:
        if display_width(shown) == col:
            assert ch == "X"
            break
        shown += ch
    else:
        pytest.fail("caret beyond the text")


# ---- strict mode -------------------------------------------------------------------------------


def strict_error(text: str, **kw) -> ReportSyntaxError:
    with pytest.raises(ReportSyntaxError) as info:
        zfxxgk.parse(text, strict=True, **kw)
    err = info.value
    assert isinstance(err, ReportError)
    assert err.__cause__ is None and err.__suppress_context__
    for words in err.expected:  # every expected item in words: no terminal names, no __ANON_0
        assert "__" not in words and not re.fullmatch(r"[A-Z_0-9$]+", words), words
    return err


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_strict_on_every_fixture_is_a_report_or_a_syntax_error(path):
    try:
        report = zfxxgk.parse_file(path, strict=True)
    except ReportSyntaxError as err:
        assert err.line >= 1 and err.column >= 1 and err.expected and err.snippet
    else:
        assert not [d for d in report.diagnostics if d.severity == "error"]


def test_strict_row_with_a_cell_too_many():
    text = (f"{TITLE}\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n"
            "规章 | 1 | 2 | 3\n规范性文件 | 5 | 6 | 7 | 8\n")
    err = strict_error(text, template="2019")
    assert (err.line, err.column) == (6, 1)
    assert err.expected == ("3 values in the row (本年新制作数量、本年新公开数量、对外公开总数量)",)
    assert err.found == "规范性文件 | 5 | 6 | 7 | 8"
    assert err.snippet == "规范性文件 | 5 | 6 | 7 | 8\n^"
    assert "line 6, column 1" in str(err) and "4 cells" in str(err)


def test_strict_value_outside_a_row_caret_by_width():
    text = f"{TITLE}\n三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 | 12\n"
    err = strict_error(text, template="2019")
    assert (err.line, err.column, err.found) == (4, 7, "12")
    assert err.expected == ("a row label before the values",)
    # 自然人 is 6 columns wide, " | " 3 more: the caret under "12" at column 9
    assert err.snippet.split("\n") == ["自然人 | 12", " " * 9 + "^"]


def test_strict_review_row_names_the_groups():
    text = f"{TITLE}\n四、政府信息公开行政复议、行政诉讼情况\n行政复议\n1\n2\n"
    err = strict_error(text, template="2019")
    assert err.line == 4
    assert err.expected == ("15 values in the row (3 groups × 结果维持、结果纠正、其他结果、尚未审结、总计)",)


def test_strict_cut_fixture_points_at_the_row():
    lines = INCONSISTENT.read_text(encoding="utf-8").split("\n")
    assert lines[172] == "2"  # line 173: 二、上年结转 自然人
    del lines[172]
    err = strict_error("\n".join(lines))
    assert err.line == 171 and lines[170] == "二、上年结转政府信息公开申请数量"
    assert err.expected[0].startswith("7 values in the row (自然人、商业企业")


def test_strict_not_a_report():
    err = strict_error("hello world\nthis is not a report\n")
    assert (err.line, err.column, err.found) == (1, 1, "hello world")
    assert "the report title (…政府信息公开工作年度报告)" in err.expected
    err = strict_error("")
    assert "empty" in err.reason


def test_every_terminal_has_words():
    parser = default_parser()
    for name in parser.templates:
        lexer = parser.built(name).lexer
        words = driver.describe(lexer, list(lexer.matchers) + ["$END"])
        assert "the end of the text" in words
        described = set(DESCRIPTIONS.values())
        for w in words:  # a label as printed, or a description written for people
            assert (w.startswith("「") and w.endswith("」")) or w in described, (name, w)


def test_anonymous_terminals_are_named_by_their_pattern():
    lark = Lark('start: /[0-9]+x/ NAMED\nNAMED: "foo"\n', parser="lalr")
    lexer = Lexer(lark)
    anon = [n for n in lexer.matchers if "ANON" in n]
    assert anon
    words = driver.describe(lexer, list(lexer.matchers))
    assert "text matching /[0-9]+x/" in words and "「foo」" in words
    assert not any("ANON" in w for w in words)


# ---- nothing but ReportError --------------------------------------------------------------------


def _frames(exc) -> list[str]:
    return [f.filename for f in traceback.extract_tb(exc.__traceback__)]


def test_internal_exception_becomes_report_error(monkeypatch):
    def boom(*a, **k):
        raise KeyError("oops")

    monkeypatch.setattr(driver, "run", boom)
    with pytest.raises(ReportError) as info:
        Parser().parse(TITLE)
    err = info.value
    assert type(err) is ReportError and "internal error" in str(err) and "oops" in str(err)
    assert err.__cause__ is None and err.__suppress_context__
    assert not any("lark" in f or "driver" in f for f in _frames(err))


def test_lark_exception_never_escapes(monkeypatch):
    def lark_fails(*a, **k):
        raise UnexpectedToken(token=None, expected={"X"})

    monkeypatch.setattr(driver, "run", lark_fails)
    with pytest.raises(ReportError) as info:
        Parser().parse(TITLE)
    assert not isinstance(info.value, UnexpectedToken)


def test_transformer_errors_are_unwrapped():
    """An exception raised inside a transformer comes out as ours: a ReportError as itself (Lark
    may wrap it in VisitError on the way), anything else as a ReportError saying it is internal."""
    from zfxxgk.transformers.common import CommonTransformer

    class Failing(ReportError):
        pass

    parser = Parser()
    built = parser.built("legacy")
    original = CommonTransformer.chapter
    try:
        CommonTransformer.chapter = lambda self, children: (_ for _ in ()).throw(Failing("bad chapter"))
        with pytest.raises(Failing) as info:
            parser.parse(f"{TITLE}\n一、总体情况\n正文。\n", template="legacy")
        assert info.value.__cause__ is None and info.value.__suppress_context__
        assert not any("/lark/" in f for f in _frames(info.value))
        CommonTransformer.chapter = lambda self, children: 1 / 0
        with pytest.raises(ReportError, match="internal error .*ZeroDivisionError"):
            parser.parse(f"{TITLE}\n一、总体情况\n正文。\n", template="legacy")
    finally:
        CommonTransformer.chapter = original
    assert built is parser.built("legacy")


def test_wrong_argument_type():
    with pytest.raises(ReportError, match="str or bytes"):
        zfxxgk.parse(None)  # type: ignore[arg-type]


# ---- lenient recovery --------------------------------------------------------------------------------


def test_lenient_recovers_and_reports_what_it_skipped():
    lines = INCONSISTENT.read_text(encoding="utf-8").split("\n")
    full = zfxxgk.parse("\n".join(lines))
    i = lines.index("(二)部分公开(区分处理的,只计这一情形,不计其他情形)")
    # garbage in the middle of section 三: a line that is no row label, a stray value, pipes
    noisy = lines[:i] + ["@@@ 乱码 @@@", "", "999", "", "|||"] + lines[i:]
    report = zfxxgk.parse("\n".join(noisy))
    # every row, before and after the garbage, is placed as in the clean text
    assert {r: {k: c.value for k, c in cols.items()} for r, cols in report.applications.items()} == \
           {r: {k: c.value for k, c in cols.items()} for r, cols in full.applications.items()}
    # the stray 999 is named with its line, never placed
    named = [(c.raw, c.line) for d in report.diagnostics if d.severity == "error" for c in d.cells]
    assert named == [("999", i + 3)]
    assert all(c.raw != "999" for *_, c in report.cells())
    # recovery keeps the checks meaningful: the same failures as the clean text
    assert {(c.rule, c.subject) for c in report.checks if c.ok is False} == \
           {(c.rule, c.subject) for c in full.checks if c.ok is False}


def test_empty_and_not_a_report_are_diagnosed():
    for source in ("", "|" * 1000, "\n\n\n"):
        r = zfxxgk.parse(source)
        assert [d.code for d in r.diagnostics] == ["empty"], source[:10]
    r = zfxxgk.parse(b"\x00" * 1000)  # binary data, not an empty text (issue 11)
    assert [(d.severity, d.code) for d in r.diagnostics] == [("error", "not-a-report")]
    r = zfxxgk.parse("hello\nworld\n12\n")
    assert [(d.severity, d.code) for d in r.diagnostics] == [("warning", "not-a-report")]
    r = zfxxgk.parse("一、总体情况\n" * 50)
    assert [d.code for d in r.diagnostics] == ["not-a-report"]
    assert "50 numbered heading(s)" in r.diagnostics[0].message
    # a real report is not flagged
    for p in sorted(EXAMPLES.glob("*.txt")):
        assert "not-a-report" not in [d.code for d in zfxxgk.parse_file(p).diagnostics]


def test_size_limit():
    small = Parser(max_size=1000)
    with pytest.raises(ReportError, match=r"1,001 characters, over the limit of 1,000 .*Parser\(max_size=…\)"):
        small.parse("x" * 1001)
    with pytest.raises(ReportError, match="bytes, over the limit"):
        small.parse(b"x" * 1001)
    assert small.parse("x" * 1000) is not None
    assert zfxxgk.DEFAULT_MAX_SIZE >= 1_000_000  # far above any real report (10–100 KB)


def test_a_huge_number_is_not_a_crash():
    """A run of 5000 digits used to abort the parse (int() refuses > 4300 digits): it is text now,
    not a table value, and the rest of the report parses."""
    text = f"{TITLE}\n四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(["1" * 5000] * 15) + "\n"
    report = zfxxgk.parse(text, template="2019")
    assert report.review_litigation == {}
    # not a value, but not dropped into the prose either: kept, raw, in the error (issue 11)
    (err,) = [d for d in report.diagnostics if d.code == "unreadable-value"]
    assert err.severity == "error" and [c.raw for c in err.cells] == ["1" * 5000] * 15 and len(err.message) < 300
    ok = zfxxgk.parse(f"{TITLE}\n四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(["9" * 64] * 15) + "\n", template="2019")
    assert ok.review_litigation["review"]["upheld"].value == int("9" * 64)


# ---- strict errors read the diagnostics' fields: line, column, expected ------------------------------

GLUED = FIXTURES / "glued_002.txt"
LAYOUT = FIXTURES / "pdftotext_hongze_2024_layout.txt"
ONELINE_GLUED = FIXTURES / "oneline_002_glued.txt"


def first_error(source: str, **kw):
    return next(d for d in zfxxgk.parse(source, **kw).diagnostics if d.severity == "error")


def test_strict_glued_run_points_at_the_run():
    lines = GLUED.read_text(encoding="utf-8").split("\n")
    assert lines[37] == "规范性文件212121"  # 第二十条第（一）项: three cells glued, no split fits
    err = strict_error("\n".join(lines))
    assert (err.line, err.column, err.found) == (38, len("规范性文件") + 1, "212121")
    assert err.expected == ("3 values in the row, separated (本年新制作数量、本年新公开数量、对外公开总数量)",)
    d = first_error("\n".join(lines))
    assert (d.code, d.line, d.column, d.table, d.item, d.row, d.expected, d.found) == \
           ("glued-cells", 38, 6, "active_disclosure", "item_1", "normative_documents", 3, 1)


def test_strict_on_one_line_text_points_at_the_value_in_the_line():
    """The whole body on one line: the line says nothing, the column finds the value."""
    (line,) = ONELINE_GLUED.read_text(encoding="utf-8").rstrip("\n").split("\n")
    block = line.index("第二十条第(一)项")
    at = line.index("规范性文件212121", block) + len("规范性文件")
    err = strict_error(line)
    assert (err.line, err.column, err.found) == (1, at + 1, "212121")
    assert err.expected == ("3 values in the row, separated (本年新制作数量、本年新公开数量、对外公开总数量)",)
    caret = err.snippet.split("\n")
    assert "规范性文件212121" in caret[0] and display_width(caret[1]) - 1 == \
        display_width(caret[0][: caret[0].index("212121")])


def test_strict_values_on_a_group_label_in_layout_text():
    lines = LAYOUT.read_text(encoding="utf-8").split("\n")
    assert lines[127].strip().startswith("（六）其他处理")
    # the report prints （六） as one row (placed under other_handling); with a 2021 sub-row printed as
    # well, the values on the group label are an error
    lines.insert(128, "     3.其他" + " " * 30 + "0    0   0   0    0    0   0")
    err = strict_error("\n".join(lines))
    indent = len(lines[127]) - len(lines[127].lstrip())
    assert (err.line, err.column) == (128, indent + 1)
    assert err.expected == ("a data row (a group label such as （三）不予公开 carries no values)",)
    d = first_error("\n".join(lines))
    assert (d.code, d.table, d.row, d.found) == ("values-on-group-label", "applications", None, 7)
    assert [c.raw for c in d.cells] == lines[127].split()[1:]


def test_strict_cell_count_fields():
    lines = INCONSISTENT.read_text(encoding="utf-8").split("\n")
    del lines[172]  # one value of 二、上年结转 gone: 6 cells where the template has 7
    d = first_error("\n".join(lines))
    assert (d.code, d.line, d.column, d.table, d.row, d.expected, d.found) == \
           ("cell-count", 171, 1, "applications", "carried_over", 7, 6)
    assert "has 6 cells, the template has 7" in d.message and len(d.cells) == 6
    err = strict_error("\n".join(lines))
    assert (err.line, err.column) == (171, 1) and err.expected[0].startswith("7 values in the row (自然人、")


def test_strict_duplicate_row():
    lines = INCONSISTENT.read_text(encoding="utf-8").split("\n")
    assert lines[170] == "二、上年结转政府信息公开申请数量" and lines[185] == ""
    doubled = lines[:186] + lines[170:186] + lines[186:]  # the row printed twice
    d = first_error("\n".join(doubled))
    assert (d.code, d.line, d.column, d.table, d.row) == ("duplicate-row", 187, 1, "applications", "carried_over")
    err = strict_error("\n".join(doubled))
    assert (err.line, err.column, err.expected) == (187, 1, ("each row once",))


def test_strict_unknown_row_and_stray_value_columns():
    text = (f"{TITLE}\n二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n"
            "规章 | 1 | 2 | 3\n  行政许可 | 5 | 6 | 7\n")
    d = first_error(text, template="2019")
    assert (d.code, d.line, d.column, d.table, d.item, d.row) == ("unknown-row", 6, 3, "active_disclosure", "item_1", None)
    err = strict_error(text, template="2019")
    assert (err.line, err.column, err.expected) == (6, 3, ("a row label of this table",))
    text = f"{TITLE}\n三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 | 12\n"
    d = first_error(text, template="2019")
    assert (d.code, d.line, d.column, d.table) == ("stray-value", 4, 7, "applications")


def test_strict_review_cell_count_fields():
    text = f"{TITLE}\n四、政府信息公开行政复议、行政诉讼情况\n行政复议\n1\n2\n"
    d = first_error(text, template="2019")
    assert (d.code, d.line, d.column, d.table, d.expected, d.found) == ("cell-count", 4, 1, "review_litigation", 15, 2)


def test_strict_stops_at_the_first_error(monkeypatch):
    """Strict raises where the transformer finds the first error: the checks (run after the
    transformer) are never reached."""
    from zfxxgk import api

    def no_checks(*a, **k):
        raise AssertionError("checks ran")

    monkeypatch.setattr(api.checks, "compute", no_checks)
    err = strict_error(GLUED.read_text(encoding="utf-8"))
    assert err.line == 38
    with pytest.raises(ReportError, match="checks ran"):
        zfxxgk.parse(GLUED.read_text(encoding="utf-8"))


def test_structured_fields_round_trip_and_stay_out_of_json_when_unset():
    report = zfxxgk.parse_file(GLUED)
    data = zfxxgk.to_dict(report)
    glued = [d for d in data["diagnostics"] if d["code"] == "glued-cells"]
    assert glued and all({"column", "table", "expected", "found"} <= set(d) for d in glued)
    assert all("row" in d for d in glued if d["table"] != "review_litigation")  # 四 has one value row
    plain = [d for d in data["diagnostics"] if d["code"] == "missing-table"] or \
            zfxxgk.to_dict(zfxxgk.parse(TITLE))["diagnostics"]
    assert all(set(d) == {"severity", "code", "message", "line", "cells"} for d in plain)
    back = zfxxgk.from_dict(data)
    assert back == report
    assert [(d.column, d.row) for d in back.diagnostics] == [(d.column, d.row) for d in report.diagnostics]


def test_negative_value_names_its_cell_by_keys():
    text = ("二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n"
            "行政许可\n-5\n-3\n-2\n")
    r = zfxxgk.parse(text, template="2019")
    warned = [(d.table, d.item, d.row, d.column_key) for d in r.diagnostics if d.code == "negative-value"]
    # item 5: previous_year, change, decisions — only 本年增/减 (change) may be negative
    cols = [c.key for c in default_parser().template("2019").spec.item_for("ITEM_5").columns]
    assert warned == [("active_disclosure", "item_5", "licensing", cols[0]),
                      ("active_disclosure", "item_5", "licensing", cols[2])]
