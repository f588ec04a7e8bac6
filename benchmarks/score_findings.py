#!/usr/bin/env python
"""The WRONG / LOST / crash / slow findings of benchmarks/score_shapes.py, each as its smallest input,
with its current status — rerun after a fix:

    python benchmarks/score_findings.py          # one line per finding: OPEN or fixed, and what it got
    python benchmarks/score_findings.py -v       # also the input of each open finding

Details (shape, damage, expected vs got) are in /work/notes/score_findings.md.  Exit status 1 while
any finding is open.  These are measurements, not tests: main stays green while they are open.
"""

from __future__ import annotations

import logging
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

import zfxxgk  # noqa: E402
from zfxxgk.parser.normalise import decode  # noqa: E402

from minimise import NUMERIC, unaccounted  # noqa: E402


def _parse(source, template=None):
    try:
        return zfxxgk.parse(source, template=template)
    except zfxxgk.ReportError:
        return None


def _text(source) -> str:
    return decode(source)[0] if isinstance(source, bytes) else source


def lost(source, template=None):
    """Open when a number printed as a table cell is neither placed nor in a diagnostic's cells."""
    report = _parse(source, template)
    if report is None:
        return None
    text = _text(source).split("\n")
    lines = sorted({n for n, _ in unaccounted("\n".join(text), report)})
    if not lines:
        return None
    return "; ".join(f"line {n} {text[n - 1].strip()[:60]!r}" for n in lines[:4])


def lost_anywhere(source, template=None):
    """As :func:`lost`, lines ignored: an HTML cell carries its row's line (the ``<tr>``), not its ``<td>``'s."""
    report = _parse(source, template)
    if report is None:
        return None
    tokens = Counter()
    for line in _text(source).split("\n"):
        line = re.sub(r"<[^>]*>", " ", line)
        tokens.update(run for run in re.split(r"[\s|｜]+", unicodedata.normalize("NFKC", line))
                      if run and NUMERIC.fullmatch(run))
    seen = Counter(unicodedata.normalize("NFKC", c.raw).strip() for *_, c in report.cells())
    seen.update(unicodedata.normalize("NFKC", c.raw).strip() for d in report.diagnostics for c in d.cells)
    missing = tokens - seen
    return f"not placed and in no diagnostic: {sorted(missing.elements())}" if missing else None


def wrong(source, template, printed: dict):
    """Open when a value of ``printed`` (key → value as the source means it) is placed with another value."""
    report = _parse(source, template)
    if report is None:
        return None
    bad = []
    for t, i, r, c, cell in report.cells():
        key = (i, r, c) if i else (r, c)
        if key in printed and cell.value != printed[key]:
            bad.append(f"{'.'.join(key)} = {cell.raw} (printed {printed[key]})")
    return "; ".join(bad) or None


def placed_or_reported(source, template, raws):
    """Open when any of ``raws`` is neither a placed cell's raw nor a diagnostic cell's raw."""
    report = _parse(source, template)
    if report is None:
        return None
    seen = [c.raw.strip() for *_, c in report.cells()] + [c.raw.strip() for d in report.diagnostics for c in d.cells]
    missing = [r for r in raws if r not in seen and not any(r in s for s in seen)]
    return f"not placed and in no diagnostic: {missing}" if missing else None


# ---- the inputs ------------------------------------------------------------------------------------

_REPORT = "示例县2020年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n（七）总计 | 3 | 0 | 0 | 0 | 0 | 0 | 3\n四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n"


def _flip(text: str, at: int, bit: int) -> bytes:
    data = bytearray(text.encode("utf-8"))
    data[at] ^= bit
    return bytes(data)


F2_TEXT = "三、收到和处理政府信息公开申请情况\n四、结转下年度继续办理 | 2344 | 71 | 526 | 1011 | 1486\n"
F2_HTML = """<p>第二十条第（八）项</p>
<table>
<tr><td>本年收费金额（单位：万元）</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr>
<td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="3">四、结转下年度继续办理</td>
<td>2344</td>
<td>71</td>
<td>526</td>
<td>1011</td>
<td>1486</td>
"""
F2_PRINTED = {("carried_forward", c): v for c, v in zip(
    ("natural_person", "commercial", "research", "public_interest", "legal_services"), (2344, 71, 526, 1011, 1486))}

F3_PDFTOTEXT = """二、主动公开政府信息情况
第二十条第（八）项
信息内容

上一年项目数量

行政事业性收费

本年增/减
-748

2635

第二十条第（九）项
"""

F4_PDFTOTEXT = """四、政府信息公开行政复议、行政诉讼情况
行政复议
行政诉讼
结果维 结果纠 其他结 尚未审
总计
持
正
果
结
1178
1497
2661
1872
7208
未经复议直接起诉
复议后起诉
结果维 结果纠 其他结 尚未审
总计
持
正
果
结
结果维 结果纠 其他结 尚未审
总计
持
正
果
结
36
399
1665
804
五、存在的主要问题及改进情况
一是公开内容不够全面。下一步将加强培训。
六、其他需要报告的事项
无。
示例县人民政府
2023年1月20日
-2-
2904
271
289
1425
1863
3848
"""

F5_LAYOUT = """三、收到和处理政府信息公开申请情况
                1.属于国家秘密            0    0    0    0    0    0    0
三、本             2.其他法律行政法规禁止公开      1    0    0    0    0    0    1
年度办
                3.危及“三安全一稳定”        0    0    0    0    0    0    0
理结果
四、政府信息公开行政复议、行政诉讼情况
"""

F5B_LAYOUT = """三、收到和处理政府信息公开申请情况
三、本             2.其他法律行政法规禁止公开      1    0    0    0    0    0    1
年度办
                      5.要求行政机关确认或重新出具已
                                                 2570      2088      1344         2908           354      2755    12019
                      获取信息
四、政府信息公开行政复议、行政诉讼情况
"""

F16_ONELINE = ("示例县2020年政府信息公开工作年度报告 一、总体情况 本年度工作情况如下。 三、收到和处理政府信息公开申请情况 "
               "（七）总计 39 46 39 116 89 77 406 四、结转下年度继续办理 0 0 0 2 0 0 2 "
               "四、政府信息公开行政复\ufffd\ufffd、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 "
               "未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 "
               "1 0 0 0 1 0 2 0 0 2 0 0 3 0 3 五、存在的主要问题及改进情况 无。\n")

F17_ONELINE = ("三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 "
               "自然人 法\ufffd或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 "
               "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21 四、政府信息公开行政复议、行政诉讼情况\n")
F17_PRINTED = {("new_received", c): v for c, v in zip(
    ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"), (1, 2, 3, 4, 5, 6, 21))}


F19_GLUED = """三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量7388212653056524979113228038103557
二、上年结转政府信息公开申请数\ufffd\ufffd262171333252801621269271477388150
三、本年度办理结果
（一）予以公开11917531530778129320937566
四、政府信息公开行政复议、行政诉讼情况
"""

F21_HTML = """<p>示例县2020年政府信息公开工作年度报告</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr>
<td>1.属于国家秘密</td>
<td>1</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>1</td>
</tr>
<t>
<td>2.其他法律行政法规禁止公开</td>
<td>2</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>2</td>
</tr>
<tr>
<td>3.危及“三安全一稳定”</td>
<td>3</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>0</td>
<td>3</td>
</tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
"""

F6_GLUED = """二、主动公开政府信息情况
第二十条第（九）项
信息内容
采购项目数量
采购总金额
政府集中采购113926.36万元
三、收到和处理政府信息公开申请情况
"""

F7_SPACES = "三、收到和处理政府信息公开申请情况\n（七）总计 30 34 27 36 x 36 27 190\n四、政府信息公开行政复议、行政诉讼情况\n"
F7_PIPES = "三、收到和处理政府信息公开申请情况\n（七）总计 | 30 | 34 | 27L | 36 | 36 | 27 | 190\n四、政府信息公开行政复议、行政诉讼情况\n"

F9_GLUED_ROW = "三、收到和处理政府信息公开申请情况\n（七）总计288822877831264316743059531096182289\n"
F9_CLEAN_ROW = "三、收到和处理政府信息公开申请情况\n（七）总计 | 28882 | 28778 | 31264 | 31674 | 30595 | 31096 | 182289\n"

#: the HTML and pymupdf4llm reproducers, as their regression tests hold them
from test_html_repair import F10 as F10_HTML, F11 as F11_HTML, F18, F24 as F24_HTML  # noqa: E402
from test_pymupdf_md import F13 as F13_PYMUPDF_MD, F14 as F14_COL_PLACEHOLDERS  # noqa: E402

#: F18's table cell on a page with a title and the next chapter's heading
F18_HTML = "<p>示例县2020年政府信息公开工作年度报告</p>\n" + F18 + "<p>三、收到和处理政府信息公开申请情况</p>\n"


def _generated_pdf_damaged():
    """Report 0 of ``score_shapes.py --seed 20240601`` (2019, distinct numbers) as a reportlab PDF, byte 6000 dropped."""
    import score_shapes as S

    rng = random.Random(20240601)
    report = S.generate("2019", rng, "distinct")
    pdf = S._document(report, S.SPEC_2019, "pdf")
    return report, pdf[:6000] + pdf[6001:]


def _flipped_pdf(seed: int, index: int, at: int, bit: int):
    """Report ``index`` of ``score_shapes.py --seed SEED`` as a reportlab PDF with ``bit`` of byte ``at``
    flipped: ``(report, parsed)``, ``parsed`` None when the parse raised."""
    import score_shapes as S

    logging.disable(logging.CRITICAL)
    rng = random.Random(seed)
    for k in range(index + 1):  # the generator's draws, as score_shapes makes them
        report = S.generate(("2019", "2021")[k % 2], rng, ("distinct", "zeros")[(k // 2) % 2])
    pdf = bytearray(S._document(report, S.SPECS[report.meta.template], "pdf"))
    pdf[at] ^= bit
    return report, _parse(bytes(pdf))


def _misread(report, got) -> list[str]:
    """The values ``got`` placed that ``report`` does not print there."""
    truth = {(t, i, r, c): cell.value for t, i, r, c, cell in report.cells()}
    return [f"{r}.{c} = {cell.raw} (printed {truth.get((t, i, r, c))}; page {cell.page})"
            for t, i, r, c, cell in got.cells() if truth.get((t, i, r, c), "absent") != cell.value]


def f20():
    """Report 6 of ``score_shapes.py --seed 7`` (2019, zeros-heavy) as a reportlab PDF, bit 0x40 of byte 6636 flipped."""
    report, got = _flipped_pdf(7, 6, 6636, 0x40)
    return None if got is None else "; ".join(_misread(report, got)) or None


F22_ROW = ("三、收到和处理政府信息公开申请情况\n"
           "| 一、本年新收政府信息公开申请数量 | &nb\u8e2bp;17730 | 21614 | 20903 | 7527 | 21001 | 27698 | 116473 |\n")

F22_PRINTED = {("new_received", c): v for c, v in zip(("commercial", "research", "public_interest", "legal_services",
                                                        "other_org", "total"), (21614, 20903, 7527, 21001, 27698, 116473))}

F25_ROWS = ("三、收到和处理政府信息公开申请情况\n"
            "3.其他 | 1921 | 1236 | 1400 | 2799 | 758 | 848 | 8962（七）总计 | 38379 | 26657 | 36286 | 32233 | 37419 | 31840 "
            "| 202814\n")


def f23():
    """Report 1 of ``score_shapes.py --seed 3`` (2021, distinct) as a reportlab PDF, bit 0x01 of byte 3064
    flipped: page 1's content still inflates (only its checksum fails), its text altered."""
    report, got = _flipped_pdf(3, 1, 3064, 0x01)
    bad = [] if got is None else _misread(report, got)
    return "; ".join(bad[:3]) + f" — the page named in {[d.message[:60] for d in got.diagnostics if d.code == 'damaged-pdf']}" \
        if bad else None


def f19():
    """二's glued run in a diagnostic, （一）予以公开's placed as its unique split (119 … 7566)."""
    got = placed_or_reported(F19_GLUED, "2021", ["262171333252801621269271477388150"])
    report = _parse(F19_GLUED, "2021")
    if report is None:
        return got
    granted = [c.value for t, _, r, _, c in report.cells() if r == "granted"]
    if granted != [119, 1753, 1530, 778, 1293, 2093, 7566]:
        got = (got or "") + f" （一）予以公开 placed as {granted}"
    return got


def f8():
    logging.disable(logging.CRITICAL)
    report, damaged = _generated_pdf_damaged()
    got = _parse(damaged)
    if got is None:
        return None
    placed = len(list(got.cells()))
    errors = [d for d in got.diagnostics if d.severity == "error"]
    want = len(list(report.cells()))
    if placed < want and not errors:
        return f"{placed} of {want} values placed, no error (warnings: {sorted({d.code for d in got.diagnostics if d.severity == 'warning'})})"
    return None


def f9():
    def cpu(text):
        best = 1e9
        for _ in range(3):
            t0 = time.process_time()
            zfxxgk.parse(text, template="2019")
            best = min(best, time.process_time() - t0)
        return best

    glued, clean = cpu(F9_GLUED_ROW), cpu(F9_CLEAN_ROW)
    ratio = glued / max(clean, 1e-4)
    return f"one glued row {glued:.2f} s CPU, the same row with separators {clean * 1000:.1f} ms ({ratio:.0f}×; issue 11 bounds 20× per byte)" if ratio > 20 else None


def f12():
    logging.disable(logging.CRITICAL)
    data = (ROOT / "tests" / "fixtures" / "documents" / "pdf_002_ruled.pdf").read_bytes()
    damaged = data[:69] + data[70:]
    got = _parse(damaged)
    if got is None:
        return None
    codes = [d.code for d in got.diagnostics if d.severity == "error"]
    return f"a text PDF with byte 69 dropped gives {len(list(got.cells()))} values and errors {codes}" if "no-text-layer" in codes else None


def f14():
    report = _parse(F14_COL_PLACEHOLDERS, "2019")
    errors = [d for d in report.diagnostics if d.severity == "error"]
    if errors and len(list(report.cells())) == 6:
        return f"all 6 values placed, yet {len(errors)} errors: " + ", ".join(f"{d.code} {[c.raw for c in d.cells]}" for d in errors[:3])
    return None


FINDINGS = [
    ("F1", "LOST", "every text shape", "byte_flip/byte_drop",
     "one invalid UTF-8 byte: the whole file decodes as GB18030 (0 values, warnings only)",
     lambda: lost(_flip(_REPORT, 3, 0x40), "2019")),
    ("F2", "WRONG", "rows (pipe row)", "none / cut",
     "a row with intact separators but too few cells is split as glued digits when the row total happens to fit",
     lambda: wrong(F2_TEXT, "2021", F2_PRINTED)),
    ("F2b", "WRONG", "html", "cut (page cut mid-row)",
     "the same in an HTML table cut off after five value cells: separate <td>s split as glued",
     lambda: wrong(F2_HTML, None, F2_PRINTED)),
    ("F3", "WRONG", "pdftotext (real, on the reportlab PDF)", "none",
     "2019 item 8: pdftotext prints 本年增/减 after the row label and the change before previous_year; placed by reading order, swapped",
     lambda: wrong(F3_PDFTOTEXT, "2019", {("item_8", "fees", "previous_year"): 2635, ("item_8", "fees", "change"): -748})),
    ("F4", "LOST", "pdftotext (real)", "none",
     "pdftotext prints the last six values of 四 after the signature and page number: neither placed nor reported",
     lambda: lost(F4_PDFTOTEXT, "2021")),
    ("F5", "LOST", "pdftotext -layout (real)", "none",
     "the group label 三、本年度办理结果 broken into 三、本 / 年度办 / 理结果 at the start of row lines: 三、本 makes its row a chapter heading; that row and every later row of 三 vanish",
     lambda: lost(F5_LAYOUT, "2019")),
    ("F5b", "LOST", "pdftotext -layout (real)", "none",
     "since the stray-value fix (robust), the rows after 三、本 are errors, not placed (pdftotext_layout 61 % right); a label wrapped over two lines there (5.要求…已 / numbers / 获取信息) loses its value line",
     lambda: lost(F5B_LAYOUT, "2019")),
    ("F6", "LOST", "glued / oneline_glued", "none",
     "2019 item 9 glued with a decimal amount and unit (政府集中采购113926.36万元): only an info 'label-fragment', values in no diagnostic",
     lambda: placed_or_reported(F6_GLUED, "2019", ["1139", "26.36"])),
    ("F7", "LOST", "rows / pdftotext -layout / shredded_layout / markdown / gb18030", "byte_insert/byte_flip",
     "a stray character in a value row (36 x 36, 27L, 1666 緗 2279): the damaged cell and the values before it vanish",
     lambda: lost(F7_SPACES, "2021")),
    ("F7b", "LOST", "rows", "byte_insert", "the same with pipes: 27L is in no diagnostic",
     lambda: placed_or_reported(F7_PIPES, "2021", ["27L"])),
    ("F16", "LOST", "oneline_spaces / crawler_oneline", "byte_flip / byte_insert",
     "one-line body whose chapter heading 四 lost a character to a bad byte (行政复��): the heading swallows 四's header and its 15 values into its title",
     lambda: lost(F16_ONELINE, "2019")),
    ("F17", "WRONG", "oneline_spaces / oneline_glued", "byte_drop / byte_insert",
     "a damaged header cell 法�或其他组织 is read as the header 其他, so 三's columns look reordered (columns-reordered) and every row's values move: 125 WRONG in one report",
     lambda: wrong(F17_ONELINE, "2021", F17_PRINTED)),
    ("F18", "LOST", "html", "byte_drop (a space in a tag)",
     "a row whose label cell's tag is damaged (<tdvalign=…>): its three values are neither placed nor reported",
     lambda: lost_anywhere(F18_HTML, "2019")),
    ("F19", "LOST", "glued", "byte_flip",
     "glued rows, a row label damaged by a bad byte (…申请数��2621…): that row and every later row of 三 vanish (the line is "
     "taken for a chapter heading, like F5). Fixed: the line is kept in an unreadable-row error, later rows are read "
     "(（一）予以公开's glued run placed by its split); in cells/rows/HTML a damaged label that spells one label is "
     "that row (damaged-label warning)",
     f19),
    ("F20", "WRONG", "pdf", "byte_flip",
     "one flipped byte garbles part of a PDF page: 34 (8.属于行政查询事项 · 总计) is placed as 四、结转下年度继续办理 · 总计",
     f20),
    ("F21", "LOST", "html", "byte_drop ('<tr>' → '<t>')",
     "one row's <tr> damaged to <t>: that row and every later row of the table vanish, warnings only (missing-row); 105 values in one report",
     lambda: lost_anywhere(F21_HTML, "2019")),
    ("F22", "LOST", "html", "byte_insert (a byte in the &nbsp; before the first value, decoded as a CJK character)",
     "a damaged cell after the row label (&nb踫p;17730) is taken into the label: 17730 is neither placed nor in the "
     "stray-value error that keeps the row's other six values (with a non-CJK junk character it is kept). "
     "Fixed: the damaged cell holds its column, an unreadable-cell error keeps it, the six others are placed",
     lambda: placed_or_reported(F22_ROW, "2021", ["17730"]) or wrong(F22_ROW, "2021", F22_PRINTED)),
    ("F23", "WRONG", "pdf / pdf_unruled", "byte_flip (in a page's Flate data)",
     "a flipped bit in a page's compressed content that still inflates (only its checksum fails) alters values "
     "(31714 → 31, 7821 → 7147821), which are placed; the page is named in a damaged-pdf error (its text altered), "
     "so the loss is not silent, but the altered values are not withheld. Fixed: a value of such a page stays placed "
     "only where its row total and a column sum of 三 both hold (its row placed by label); the others, and 二's and "
     "四's, are in an altered-page error",
     f23),
    ("F24", "LOST", "html", "byte_insert (a tab inside <tbody>: <tb\\tody>)",
     "a damaged <tbody> tag: the table's rows vanish, 四's 15 values in no diagnostic (warnings only: missing-header, "
     "cell-count 'no values'); found by score_shapes --n 4 --seed 11 (report 2). Fixed: a table tag whose name a "
     "byte split (libxml2 reads <tb ody=\"\">) is that tag again, what its lost end tag let in moved back out, "
     "with an html-tag warning",
     lambda: lost_anywhere(F24_HTML, "2021")),
    ("F25", "LOST", "rows", "byte_drop (a newline)",
     "a lost newline glues a row's last value to the next row's label (| 848 | 8962（七）总计 | …): the row is a "
     "cell-count error, the next an unknown-row error, and 8962 is in neither; found by score_shapes --n 4 --seed 11. "
     "Fixed: the cell is cut into the value (the row's last cell, where its line prints it) and the label or heading",
     lambda: placed_or_reported(F25_ROWS, "2021", ["8962"])),
    ("F8", "LOST", "pdf", "byte_drop",
     "one byte dropped in a PDF: a page's tables vanish with warnings only (missing-row / missing-table), no error",
     f8),
    ("F9", "SLOW", "glued / oneline_glued", "none",
     "glued-split search: one glued row of 三 with 4–6-digit numbers costs ~1 s CPU; a report 10–30 s",
     f9),
    ("F10", "LOST", "html", "del_table_line ('<tr>' lost)",
     "a row whose <tr> is missing (cells straight after the previous </tr>): its values are neither placed nor reported",
     lambda: lost_anywhere(F10_HTML, "2021")),
    ("F11", "LOST", "html (fragment)", "none",
     "an HTML fragment holding only a chapter heading and its table: nothing read, no diagnostic (with a title line it is read)",
     lambda: lost_anywhere(F11_HTML, "2021")),
    ("F12", "MISREPORT", "pdf", "byte_drop",
     "a text PDF with one byte dropped near its header is reported as a scan (no-text-layer) instead of a damaged PDF",
     f12),
    ("F13", "LOST", "pymupdf_md (pymupdf4llm on the reportlab PDF)", "none",
     "Markdown whose cells hold <br> (as pymupdf4llm writes wrapped cells) is sniffed as an HTML page: rows come apart; here the row's values sit in an error at line 14 of a 10-line input; in a whole report 0 of 198 placed, ~70 % in no diagnostic (paragraphs, a heading '四、结转下年度继续办理／…')",
     lambda: lost(F13_PYMUPDF_MD, "2019")),
    ("F14", "MISREPORT", "pymupdf_md", "none",
     "pymupdf4llm's placeholder header cells Col2 … Col10 are errors (unreadable-row 'ends in digits'): a fully placed table fails `check`",
     f14),
]

INPUTS = {"F1": repr(_flip(_REPORT, 3, 0x40)), "F2": F2_TEXT, "F2b": F2_HTML, "F3": F3_PDFTOTEXT, "F4": F4_PDFTOTEXT,
          "F5": F5_LAYOUT, "F5b": F5B_LAYOUT, "F16": F16_ONELINE, "F17": F17_ONELINE, "F18": F18_HTML, "F19": F19_GLUED, "F21": F21_HTML, "F6": F6_GLUED, "F7": F7_SPACES, "F7b": F7_PIPES, "F9": F9_GLUED_ROW, "F10": F10_HTML,
          "F11": F11_HTML, "F13": F13_PYMUPDF_MD, "F22": F22_ROW, "F24": F24_HTML, "F25": F25_ROWS, "F14": F14_COL_PLACEHOLDERS}


def main() -> int:
    verbose = "-v" in sys.argv
    still = 0
    for fid, kind, shape, damage, title, check in FINDINGS:
        try:
            got = check()
        except Exception as exc:  # noqa: BLE001 — a crash while checking is a finding too
            got = f"crash: {type(exc).__name__}: {exc}"
        status = "OPEN " if got else "fixed"
        still += bool(got)
        print(f"{fid:<4} {status} {kind:<9} [{shape} × {damage}] {title}")
        if got:
            print(f"      got: {got}")
            if verbose and fid in INPUTS:
                print(re.sub(r"^", "      | ", INPUTS[fid], flags=re.M))
    print(f"\n{still} of {len(FINDINGS)} open")
    return 1 if still else 0


if __name__ == "__main__":
    sys.exit(main())
