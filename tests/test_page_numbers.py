"""Page numbers as PDF-to-text tools print them between pages (``第 7 页 共 11 页``; ``- 3 -`` when the
text has a run of them counting up) are page chrome: dropped with the other chrome (an ``info`` lists
them), so a number that lands between two cells of a row does not cut the row in two.  ``— 3 —``
alone may be a row of three cells (blank, 3, blank) and stays; a bare number or ``3/6`` could be a
cell and stays."""

from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.parser.normalise import is_chrome
from zfxxgk.parser.text import fold

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("line", ["第 7 页 共 11 页", "第7页共11页", "第 7 页", "第三页", "共 11 页 第 7 页", "第 2 页/共 9 页"])
def test_page_numbers_are_chrome(line):
    assert is_chrome(fold(line))


@pytest.mark.parametrize("line", ["-748", "-2", "7", "3/6", "2-3", "本页共3页", "第7页的内容", "-2- 行政许可",
                                  "- 7 -", "— 3 —"])
def test_what_may_be_a_value_or_text_is_not(line):
    assert not is_chrome(fold(line))


def _seed_with(line: str) -> str:
    """seed_002 with ``line`` between the fourth and fifth value of 一、本年新收政府信息公开申请数量
    (its seven values one per line: 0 0 0 0 | 0 0 0)."""
    lines = (ROOT / "examples" / "seed_002_yiyang_ziyang_2020.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("一、本年新收政府信息公开申请数量")
    values = [k for k in range(at + 1, at + 20) if lines[k].strip()][:7]
    assert [lines[k] for k in values] == ["0"] * 7 and lines[values[-1] + 2] == "二、上年结转政府信息公开申请数量"
    lines.insert(values[3] + 1, line)
    return "\n".join(lines)


@pytest.mark.parametrize("page", ["第 2 页 共 9 页", "- 2 -"])
def test_a_page_number_between_the_cells_of_a_row(page):
    text = _seed_with(page)
    if page.startswith("-"):  # a run of them counting up: - 1 - before the chapter, - 3 - after the table
        text = text.replace("二、主动公开政府信息情况", "- 1 -\n二、主动公开政府信息情况", 1)
        text = text.replace("四、政府信息公开行政复议", "- 3 -\n四、政府信息公开行政复议", 1)
    r = zfxxgk.parse(text)
    row = r.applications["new_received"]
    assert [c.value for c in row.values()] == [0] * 7
    assert not [d for d in r.diagnostics if d.severity == "error"]
    (chrome,) = [d for d in r.diagnostics if d.code == "page-chrome"]
    assert page in chrome.message


def test_a_row_of_blank_number_blank_alone_is_no_page_number():
    """``— 3 —`` between 规章's line and the next: one such line, no run: kept (its 3 in an error)."""
    lines = (ROOT / "examples" / "seed_002_yiyang_ziyang_2020.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("规章")
    lines.insert(at + 1, "— 3 —")
    r = zfxxgk.parse("\n".join(lines))
    assert not any(d.code == "page-chrome" and "— 3 —" in d.message for d in r.diagnostics)
    assert any("3" in [c.raw for c in d.cells] for d in r.diagnostics if d.severity == "error") \
        or any(c.value == 3 for row in r.active_disclosure["item_1"].values() for c in row.values())
