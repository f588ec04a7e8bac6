"""PDF → Markdown as pymupdf4llm writes it (issue 9 shape 3; score findings F13, F14): the seeds
re-rendered in its conventions by ``tests/pymupdf_md.py``, its real output on a published PDF, and
the smallest inputs the scoring found."""

from __future__ import annotations

import pytest

import zfxxgk
from zfxxgk.parser.frontends import detect, markdown_document

from conftest import EXAMPLES, FIXTURES
from test_shredded import _check_hongze

PYMUPDF = sorted(FIXTURES.glob("pymupdf_*.md"))


def cells(report) -> dict:
    return {tuple(k): (c.value, c.raw) for *k, c in report.cells()}


def test_fixtures_are_what_the_script_writes(tmp_path):
    from pymupdf_md import write_fixtures

    written = write_fixtures(tmp_path)
    assert len(written) == len(PYMUPDF) == 4
    for p in written:
        assert p.read_text(encoding="utf-8") == (FIXTURES / p.name).read_text(encoding="utf-8"), p.name


@pytest.mark.parametrize("path", PYMUPDF, ids=lambda p: p.stem)
def test_pymupdf_fixture_gives_the_seeds_values(path):
    text = path.read_text(encoding="utf-8")
    assert "<br>" in text and "|Col2|" in text and detect(text) == "markdown"
    seed = next(EXAMPLES.glob(f"seed_{path.stem.split('_')[1]}_*.txt"))
    want = cells(zfxxgk.parse_file(seed))
    r = zfxxgk.parse_file(path)
    got = cells(r)
    assert {k: (v, want.get(k)) for k, v in got.items() if want.get(k) != v} == {}
    assert len(got) == len(want)
    assert not [d for d in r.diagnostics if d.severity == "error"]


def test_real_pymupdf4llm_output_of_a_published_pdf():
    """pymupdf4llm 2.0 on /work/shared/samples/hongze_2024_report.pdf, as it wrote it: every value
    placed as printed on the pages (the values of test_shredded's pdftotext fixture); the report
    prints （六）其他处理 as one row on the 2021 form: placed under other_handling, with a warning."""
    r = zfxxgk.parse_file(FIXTURES / "pymupdf4llm_hongze_2024.md")
    assert (r.meta.template, r.meta.year, r.meta.organ) == ("2021", 2024, "淮安市洪泽区人民政府")
    assert _check_hongze(r) == 23 * 7 + 15 + 10
    assert [d for d in r.diagnostics if d.severity == "error"] == []
    assert any(d.code == "other-handling-one-row" for d in r.diagnostics)
    codes = {d.code for d in r.diagnostics}
    assert {"md-placeholder", "page-number"} <= codes


# ---- the findings, as found ---------------------------------------------------------------------

F13 = """## 三、收到和处理政府信息公开申请情况

|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|Col2|Col3|申请人情况|Col5|Col6|Col7|Col8|Col9|Col10|
|---|---|---|---|---|---|---|---|---|---|
|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|自然人|法人或其他组织|法人或其他组织|法人或其他组织|法人或其他组织|法人或其他组织|总计|
|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|（本列数据的勾稽关系为：第一项加第二项之和，等于第<br>三项加第四项之和）|自然人|商业企<br>业|科研机<br>构|社会公<br>益组织|法律服<br>务机构|其他|其他|
|一、本年新收政府信息公开申请数量|一、本年新收政府信息公开申请数量|一、本年新收政府信息公开申请数量|16923|25281|31955|2560|32395|6491|115605|

## 四、政府信息公开行政复议、行政诉讼情况
"""

F14 = """## 二、主动公开政府信息情况

|第二十条第（一）项|Col2|Col3|Col4|
|---|---|---|---|
|信息内容|本年新制作数量|本年新公开数量|对外公开总数量|
|规章|2217|925|2411|
|规范性文件|2714|667|785|

## 三、收到和处理政府信息公开申请情况
"""


def test_markdown_with_br_in_cells_stays_markdown():
    """F13: a `<br>` in a cell made the input an HTML page (rows came apart, values in no diagnostic)."""
    assert detect(F13) == "markdown"
    text = markdown_document(F13).lines
    assert text[2] == "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |"
    # 自然人 and the note: written once, above; `其他|其他` as printed (two cells of two characters)
    assert text[5] == "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 其他 |"
    r = zfxxgk.parse(F13, template="2019")
    row = r.applications["new_received"]
    assert [c.value for c in row.values()] == [16923, 25281, 31955, 2560, 32395, 6491, 115605]
    assert {c.line for c in row.values()} == {7}
    assert not [d for d in r.diagnostics if d.severity == "error"]


def test_col_placeholders_are_no_values():
    """F14: pymupdf4llm's `Col2` … header names were stray-value errors in a fully placed table."""
    r = zfxxgk.parse(F14, template="2019")
    assert [c.value for *_, c in r.cells()] == [2217, 925, 2411, 2714, 667, 785]
    assert not [d for d in r.diagnostics if d.severity == "error"]
    assert not [d for d in r.diagnostics if d.severity != "info" and "第（一）项" in d.message]
    (note,) = [d for d in r.diagnostics if d.code == "md-placeholder"]
    assert note.severity == "info" and note.line == 3


def test_an_html_page_with_a_markdown_rule_in_it_is_still_html():
    page = "<html><body>" + "".join(f"<p>第{i}段</p>\n" for i in range(9)) + "| a | b |\n|---|---|\n</body></html>"
    assert detect(page) == "html"
    assert detect("前言\n" + "".join(f"<div>第{i}段</div>\n" for i in range(9)) + "| a | b |\n|---|---|\n") == "html"


ITEM1 = """二、主动公开政府信息情况
|第二十条第（一）项|Col2|Col3|Col4|
|---|---|---|---|
|信息内容|本年新制作数量|本年新公开数量|对外公开总数量|
|规章|{}|0|0|
|规范性文件|0|0|0|
三、收到和处理政府信息公开申请情况
"""


def test_br_between_numbers_is_kept_as_printed():
    """`1<br>0` in a value cell: two values stacked, or one wrapped — never split or joined: the cell
    stays, as printed, in an error; it holds its column, so the row's other cells are placed (F22)."""
    r = zfxxgk.parse(ITEM1.format("1<br>0"), template="2019")
    assert {k: c.value for k, c in r.active_disclosure["item_1"]["rules"].items()} == \
        {"new_published": 0, "total_published": 0}
    assert [c.value for c in r.active_disclosure["item_1"]["normative_documents"].values()] == [0, 0, 0]
    errors = [d for d in r.diagnostics if d.severity == "error"]
    assert [([c.raw for c in d.cells], d.line, d.column_key) for d in errors] == [(["1<br>0"], 5, "new_made")]


def test_equal_values_in_columns_of_their_own_stay_separate():
    """Repeated values are one merged cell only under a header repeated over the same slots."""
    r = zfxxgk.parse(ITEM1.format("0"), template="2019")
    assert [c.value for c in r.active_disclosure["item_1"]["rules"].values()] == [0, 0, 0]
    merged = ITEM1.format("0").replace("本年新公开数量|对外公开总数量", "本年新公开数量|本年新公开数量")
    r = zfxxgk.parse(merged, template="2019")
    assert "rules" not in r.active_disclosure.get("item_1", {})  # 2 cells, the template has 3: an error
    assert any(d.code == "cell-count" for d in r.diagnostics)


@pytest.mark.parametrize("path", PYMUPDF, ids=lambda p: p.name)
def test_an_indented_dash_number_out_of_the_page_sequence_is_no_page_number(path):
    """pymupdf4llm writes a page's number as ``      - N``: such a line is dropped only when it goes on
    the page numbers before it; one that does not (here ``- 40`` put among 三's rows) may be a value
    printed alone, and stays, to be placed or kept in a diagnostic — never dropped with an info."""
    text = path.read_text(encoding="utf-8")
    clean = zfxxgk.parse(text)
    (note,) = [d for d in clean.diagnostics if d.code == "page-number"]
    at = text.index("（七）总计")
    at = text.index("\n", at) + 1
    r = zfxxgk.parse(text[:at] + "\n" + " " * 40 + "- 40\n\n" + text[at:])
    assert cells(r) == cells(clean)
    (again,) = [d for d in r.diagnostics if d.code == "page-number"]
    assert again.message.split(" page")[0] == note.message.split(" page")[0]  # the same count dropped
    assert any("40" in c.raw for d in r.diagnostics for c in d.cells)
