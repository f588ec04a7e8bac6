"""Front ends: a saved web page and a Markdown conversion give the seed's values through the same grammar."""

from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.parser.frontends import detect, html_document, markdown_document
from zfxxgk.spec import SPEC_2019, SPEC_2021

from conftest import EXAMPLES, FIXTURES
from relayout import values
from relayout_frontends import render_html, render_markdown

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
NATIONAL = sorted(p for p in EXAMPLES.glob("seed_*.txt") if "legacy" not in p.name)


def seed(n: str) -> Path:
    return next(EXAMPLES.glob(f"seed_{n}_*.txt"))


def errors(r):
    return [d for d in r.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("render", [render_html, render_markdown], ids=["html", "markdown"])
@pytest.mark.parametrize("path", NATIONAL, ids=lambda p: p.stem[:8])
def test_front_end_gives_the_seed_values(path, render):
    source = zfxxgk.parse_file(path)
    again = zfxxgk.parse(render(source, SPECS[source.meta.template]))
    assert values(again) == values(source) and len(values(source)) > 150
    assert errors(again) == []
    assert (again.meta.template, again.meta.title, again.meta.year) == (source.meta.template, source.meta.title, source.meta.year)
    assert [s.number for s in again.sections] == [s.number for s in source.sections]
    assert again.signature == source.signature


@pytest.mark.parametrize("name,source", [("html_002_page.html", "002"), ("html_001_page.html", "001"),
                                         ("md_000.md", "000"), ("md_002.md", "002")])
def test_fixture_files_give_the_seed_values(name, source):
    again, src = zfxxgk.parse_file(FIXTURES / name), zfxxgk.parse_file(seed(source))
    assert values(again) == values(src)
    assert errors(again) == []


def test_html_page_meta_chrome_and_source_lines():
    path = FIXTURES / "html_002_page.html"
    r = zfxxgk.parse_file(path)
    assert r.meta.organ == "益阳市资阳区人民政府" and r.meta.published.isoformat() == "2021-01-29"
    assert "html-page" in [d.code for d in r.diagnostics]
    # a cell's line is the line of its row (<tr>) in the page
    lines = path.read_text(encoding="utf-8").splitlines()
    lic = r.active_disclosure["item_5"]["licensing"]["previous_year"]
    assert lic.value == 19034 and lines[lic.line - 1] == "<tr>"
    assert "行政许可" in lines[lic.line] and "19034" in lines[lic.line + 1]
    # nothing of the site chrome reaches the text: footer, navigation, related links
    text = "\n".join(html_document(path.read_text(encoding="utf-8")).lines)
    for chrome in ("网站标识码", "栏目导航", "上一篇", "搜索", "2018年政府信息公开工作年度报告", "_hmt"):
        assert chrome not in text


PAGE = """<html><head><meta charset="utf-8"><title>x</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div id="content">
<p>一、总体情况</p><p>本年度工作情况如下。</p>
<p>二、主动公开政府信息情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>&nbsp;</td><td>3</td><td>5</td></tr>
<tr><td>规范性文件</td><td>1</td><td>&nbsp;</td><td>&nbsp;</td></tr>
<tr><td colspan="4">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td colspan="2">采购总金额</td></tr>
<tr><td>政府集中采购</td><td>625批次</td><td colspan="2">25,795万元</td></tr>
</table>
</div>
<footer>主办单位：某某</footer>
</body></html>"""


def test_html_blank_cells_keep_their_column():
    r = zfxxgk.parse(PAGE, template="2019")
    rules = r.active_disclosure["item_1"]["rules"]
    assert [rules[k].value for k in ("new_made", "new_published", "total_published")] == [None, 3, 5]
    docs = r.active_disclosure["item_1"]["normative_documents"]
    assert [docs[k].value for k in ("new_made", "new_published", "total_published")] == [1, None, None]
    proc = r.active_disclosure["item_9"]["central_procurement"]
    assert (proc["procurement_count"].value, proc["procurement_amount"].value, proc["procurement_amount"].unit) == (625, 25795, "万元")
    assert errors(r) == []


def test_html_as_bytes_with_declared_charset():
    data = PAGE.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")
    r = zfxxgk.parse(data, template="2019")
    assert r.meta.encoding == "gb18030"
    assert r.active_disclosure["item_1"]["rules"]["total_published"].value == 5


def test_rowspan_group_labels_are_written_once():
    page = """<table>
<tr><td>一、本年新收政府信息公开申请数量</td><td colspan="2"></td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>&nbsp;</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>"""
    doc = html_document(page)
    rows = [[c.text for c in b.cells] for b in doc.blocks]
    assert rows[0] == ["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]
    assert rows[1] == ["（三）不予公开", "1.属于国家秘密", "2", "0", "0", "0", "0", "0", "2"]
    assert rows[2] == ["2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"]
    # each row on the line of its <tr>, shown as `| a | b |`
    assert [b.line for b in doc.blocks] == [2, 3, 4]
    assert doc.lines[2] == "| （三）不予公开 | 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |"


def test_entities_are_not_expanded_beyond_html():
    page = '<!DOCTYPE html [<!ENTITY x "BOOM">]><html><body><p>一、总体情况 &x; &amp; &lt;</p></body></html>'
    text = "\n".join(html_document(page).lines)
    assert "BOOM" not in text and "&" in text and "<" in text


def test_markdown_headings_emphasis_and_spans():
    md = "# 某某2020年政府信息公开工作年度报告\n\n## 一、总体情况\n\n**本年度**工作如下。\n\n" \
         "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n|---|---|---|---|\n" \
         "| 规章 |  | 3 | 5 |\n"
    doc = markdown_document(md)
    cells = {b.line: [c.text for c in b.cells] for b in doc.blocks}
    assert cells[1] == ["某某2020年政府信息公开工作年度报告"] and cells[3] == ["一、总体情况"] and cells[5] == ["本年度工作如下。"]
    assert cells[9] == ["规章", "", "3", "5"]  # a blank value keeps its place
    assert 8 not in cells and doc.lines[7] == "|---|---|---|---|"  # the rule: layout, no cells


def test_detect():
    assert detect(PAGE) == "html"
    assert detect("# 标题\n\n## 一、总体情况\n") == "markdown"
    assert detect("一、总体情况\n规章 | 0 | 0 | 0\n") == "text"
