"""PDF and Word documents: the fixtures built by tests/make_documents.py give their seed's values, cell
by cell; the real published PDF gives the values read off its rendered pages; bad documents give
clear errors."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.parser.attachments import document_kind
from zfxxgk.parser.word import chinese_counting, format_number
from zfxxgk.testing import assert_round_trip

from conftest import EXAMPLES, FIXTURES

DOCS = FIXTURES / "documents"
SEEDS = {"001": EXAMPLES / "seed_001_dingzhou_zhuanlu_2023_traditional.txt",
         "002": EXAMPLES / "seed_002_yiyang_ziyang_2020.txt"}
BUILT = {"pdf_002_ruled.pdf": "002", "pdf_001_ruled.pdf": "001", "pdf_002_unruled.pdf": "002",
         "pdf_001_restricted.pdf": "001", "pdf_002_excel.pdf": "002",
         "pdf_001_word.pdf": "001", "pdf_002_wps.pdf": "002", "pdf_001_wps_open.pdf": "001",
         "docx_001.docx": "001", "docx_002.docx": "002"}
ALL = sorted(p for p in DOCS.iterdir() if p.suffix in (".pdf", ".docx"))
FULL_WIDTH = {"pdf_001_word.pdf", "pdf_002_excel.pdf"}  # table 二's values printed in full-width digits (１２)


@pytest.fixture(scope="module")
def parsed():
    cache: dict[str, zfxxgk.Report] = {}

    def get(name: str) -> zfxxgk.Report:
        if name not in cache:
            cache[name] = zfxxgk.parse_file(DOCS / name if name in {p.name for p in ALL} else SEEDS[name])
        return cache[name]

    return get


def errors(r):
    return [d for d in r.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_snapshot(path, parsed, snapshot):
    assert parsed(path.name) == snapshot


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_round_trip(path, parsed):
    assert_round_trip(parsed(path.name))


@pytest.mark.parametrize("name", sorted(BUILT))
def test_every_value_equals_the_seeds(name, parsed):
    doc, seed = parsed(name), parsed(BUILT[name])
    cells = {(t, i, r, c): cell for t, i, r, c, cell in doc.cells()}
    want = {(t, i, r, c): cell for t, i, r, c, cell in seed.cells()}
    assert len(want) > 190 and cells.keys() == want.keys()
    wide = 0
    for key, cell in want.items():  # value, unit and printed text, cell by cell
        raw = cells[key].raw
        if name in FULL_WIDTH and key[0] == "active_disclosure":  # printed in full-width digits there
            wide += raw != cell.raw
            raw = unicodedata.normalize("NFKC", raw)
        assert (cells[key].value, cells[key].unit, raw) == (cell.value, cell.unit, cell.raw), key
    assert (wide >= 10) is (name in FULL_WIDTH)
    assert errors(doc) == []
    assert [(s.number, s.level) for s in doc.sections] == [(s.number, s.level) for s in seed.sections]
    assert (doc.meta.template, doc.meta.year, doc.meta.title) == (seed.meta.template, seed.meta.year, seed.meta.title)
    assert doc.signature == seed.signature


@pytest.mark.parametrize("name", ["pdf_002_ruled.pdf", "pdf_001_ruled.pdf"])
def test_pdf_tables_across_pages_and_page_chrome(name, parsed):
    r = parsed(name)
    note = next(d.message for d in r.diagnostics if d.code == "pdf-document")
    assert "continued on the next page, joined" in note and "page number/running header" in note
    # table 三 runs over a page break: its rows are on two pages, every value has its page and box
    pages = {c.page for c in r.applications["new_received"].values()} | {c.page for c in r.applications["carried_forward"].values()}
    assert len(pages) == 2
    for _, _, _, _, cell in r.cells():
        x0, top, x1, bottom = cell.box
        assert cell.page >= 1 and 0 < x0 < x1 < 595.3 and 0 < top < bottom < 841.9
    # the running header and the "- N -" page numbers never reach the text
    assert not any("- 2 -" in p or "- 3 -" in p for s in r.sections for p in s.paragraphs)


PRODUCERS = {"wps": ("wps", {}), "wps-open": ("wps", {"open_sides": True}), "excel": ("word", {"excel": True}),
             "word": ("word", {}),
             "word-turned": ("word", {"rotate": True, "split_rows": True, "turn_labels": True, "thick_frame": True})}


@pytest.mark.parametrize("producer", sorted(PRODUCERS))
@pytest.mark.parametrize("n", ["000", "001", "002"])
def test_every_producer_with_distinct_numbers(n, producer, tmp_path):
    """Each seed drawn by each producer style of tests/make_documents.py, with every cell of 三 and 四
    a different number (``numbered``; the seeds print zeros there, where a value under a wrong
    column or row would go unseen): every value in its place, no warning."""
    from make_documents import build_producer_pdf, numbered, seed as seed_of

    style, options = PRODUCERS[producer]
    build_producer_pdf(tmp_path / "r.pdf", n, style, numbers=True, **options)
    report, spec = seed_of(n)
    want = {(t, i, r, c): cell.value for t, i, r, c, cell in numbered(report, spec).cells()}
    doc = zfxxgk.parse_file(tmp_path / "r.pdf")
    assert {(t, i, r, c): cell.value for t, i, r, c, cell in doc.cells()} == want
    assert [d.code for d in doc.diagnostics if d.severity != "info" and d.code != "mojibake"] == []


def _pdf(name: str):
    import pdfplumber

    return pdfplumber.open(DOCS / name)


def test_word_export_rules_drawn_as_bars_landscape_page_and_footers(parsed):
    """pdf_001_word.pdf as Word exports: no line objects, the rules are thin filled rectangles (a
    double outer border); table 三 on a landscape page, run on to the next; ``第 N 页 共 M 页``."""
    with _pdf("pdf_001_word.pdf") as pdf:
        assert all(not p.lines and not p.curves for p in pdf.pages)
        bars = [r for p in pdf.pages for r in p.rects if r["fill"] and not r["stroke"]]
        assert len(bars) > 500 and all(min(r["width"], r["height"]) <= 0.5 + 1e-6 for r in bars)
        landscape = [p.page_number for p in pdf.pages if p.width > p.height]
        footers = [p.extract_text().splitlines()[-1] for p in pdf.pages]
    assert landscape == [3, 4] and footers[1].replace(" ", "") == "第2页共5页"
    r = parsed("pdf_001_word.pdf")
    three = [c for row in r.applications.values() for c in row.values()]
    assert {c.page for c in three} == {3, 4}
    assert all(c.box[2] < 842 and c.box[3] < 595.3 for c in three if c.page == 3)  # measured on the landscape page
    assert not any("页" in p for s in r.sections for p in s.paragraphs)  # footers dropped
    assert r.meta.title == parsed("001").meta.title  # 22 pt over 16 pt body text


def test_wps_export_stroked_cells_bold_twice_and_a_label_cut_by_the_page_break(parsed):
    """pdf_002_wps.pdf as WPS exports: every cell strokes its sides (shared sides twice), white cell
    backgrounds and shaded headers as filled rectangles that are not rules, header text drawn twice
    for bold, ``0 `` with its space; table 三 starts under prose and runs on to the next page without
    its header, under a ``续表`` line, cutting ``三、本年度办理结果`` into ``三、本年度办`` and ``理结果``."""
    with _pdf("pdf_002_wps.pdf") as pdf:
        assert sum(len(p.lines) for p in pdf.pages) > 1000
        fills = {r["non_stroking_color"] for p in pdf.pages for r in p.rects}
        assert {(1, 1, 1), (0.776, 0.851, 0.945)} <= {tuple(c) for c in fills}
        page7 = pdf.pages[6]
        assert len(page7.chars) > len(page7.dedupe_chars().chars)  # bold drawn twice
        assert "0 " in "".join(c["text"] for c in page7.chars)
        text8 = pdf.pages[7].extract_text()
        words8 = [w["text"] for w in pdf.pages[7].extract_words() if w["x1"] < 104 and w["top"] > 88]  # column 1
    assert "申请人情况" not in text8 and text8.startswith("续表\n1.属于国家秘密")  # no header repeated
    assert words8[:2] == ["理结", "果"]  # the rest of the label cut by the page break
    r = parsed("pdf_002_wps.pdf")
    outcome = [r.applications[k]["total"] for k in ("granted", "denied.state_secret", "carried_forward")]
    assert [c.page for c in outcome] == [7, 8, 8]
    assert [d.code for d in r.diagnostics if d.severity != "info"] == []  # nothing truncated, nothing lost
    assert "1 continued on the next page, joined" in next(d.message for d in r.diagnostics if d.code == "pdf-document")
    assert not any("续表" in p for s in r.sections for p in s.paragraphs)


def test_rules_drawn_as_filled_paths(parsed):
    """pdf_002_excel.pdf: every rule a filled four-point path left open with corners off by float
    noise (as Excel ranges pasted into Word print): pdfminer makes curves, not rectangles, of them;
    they are rules all the same (without: no ruled table, every table read from word positions,
    the columns of 三 reordered and headers of 四 truncated)."""
    with _pdf("pdf_002_excel.pdf") as pdf:
        curves = sum(len(p.curves) for p in pdf.pages)
        assert curves > 1000 and all(not p.lines for p in pdf.pages)
    r = parsed("pdf_002_excel.pdf")
    assert [d.code for d in r.diagnostics if d.severity != "info"] == []
    assert "7 ruled table(s)" in next(d.message for d in r.diagnostics if d.code == "pdf-document")


def test_tables_without_left_and_right_borders(parsed):
    """pdf_001_wps_open.pdf: WPS tables printed without their outer left border (and 三 without its
    right one): the rules run on to where the border would be, so it is supplied and the label
    column read as cells (without: 19 of 200 values placed)."""
    with _pdf("pdf_001_wps_open.pdf") as pdf:
        lines = [ln for p in pdf.pages for ln in p.lines]  # the visible rules (cell backgrounds are rects)
        left = min(ln["x0"] for ln in lines)
        assert not [ln for ln in lines if ln["x0"] == ln["x1"] and abs(ln["x0"] - left) < 1]  # no left border
    r = parsed("pdf_001_wps_open.pdf")
    assert [d.code for d in r.diagnostics if d.severity == "warning"] == ["mojibake"]  # the seed's own
    assert "1 continued on the next page, joined" in next(d.message for d in r.diagnostics if d.code == "pdf-document")


def test_distinct_numbers_on_a_turned_page_and_a_row_broken_across_pages(parsed):
    """pdf_000_numbers.pdf: seed 000 as Word exports it, every cell of 三 and 四 a different number
    (the seeds print zeros there, where a shifted value would go unseen; tests/make_documents.py
    ``numbered`` keeps the arithmetic); table 四 on a page turned by ``/Rotate 90``; the row
    ``6.属于四类过程性信息`` broken across pages 5 and 6, ``息`` alone at the top of page 6; the group
    label ``三、本年度办理结果`` turned to read upwards in its narrow column (without reading turned
    text: a missing-label warning); the outer borders 3 pt filled bars (read as rules no thicker
    than 2 pt: tables lose their outer cells, labels are placed by order)."""
    from make_documents import numbered, seed as seed_of

    report, spec = seed_of("000")
    want = {(t, i, r, c): cell for t, i, r, c, cell in numbered(report, spec).cells()}
    doc = parsed("pdf_000_numbers.pdf")
    got = {(t, i, r, c): cell for t, i, r, c, cell in doc.cells()}
    assert got.keys() == want.keys()
    for key, cell in want.items():
        raw = unicodedata.normalize("NFKC", got[key].raw) if key[0] == "active_disclosure" else got[key].raw
        assert (got[key].value, raw) == (cell.value, cell.raw), key
    assert len({c.value for _, _, _, _, c in doc.cells()}) > 60
    assert [d.code for d in doc.diagnostics if d.severity != "info"] == [] and all(c.ok for c in doc.checks)
    with _pdf("pdf_000_numbers.pdf") as pdf:
        assert any(abs(min(r["width"], r["height"]) - 3) < 0.01 for p in pdf.pages for r in p.rects)
        turned = [p for p in pdf.pages if p.rotation]
        assert [(p.page_number, p.rotation, p.width > p.height) for p in turned] == [(7, 90, True)]
        page6 = [w["text"] for w in pdf.pages[5].extract_words()]
    review = doc.review_litigation["litigation_after_review"]
    assert review["total"].page == 7 and review["total"].box[2] > 700  # measured on the turned page
    row = doc.applications["denied.process_information"]
    assert {c.page for c in row.values()} == {5} and "息" in page6[:3]


@pytest.mark.parametrize("name", ["hongze_2024_report.pdf", "pdf_002_wps.pdf", "pdf_000_numbers.pdf"])
def test_one_pass_reading_gives_pdfplumbers_characters(name):
    """The front end reads each page's layout once (no ``page.objects``, no quadratic ``dedupe_chars``):
    the characters, images and de-duplication it gets are pdfplumber's own — on a real WPS file,
    on text drawn twice for bold, on a page turned by /Rotate 90."""
    from zfxxgk.parser.pdf import _dedupe, _page_objects

    def key(c):
        return c["text"], round(c["x0"], 3), round(c["top"], 3), round(c["x1"], 3), round(c["bottom"], 3), c["upright"]

    with _pdf(name) as pdf:
        for page in pdf.pages:
            chars, edges, images = _page_objects(page)
            assert [key(c) for c in chars] == [key(c) for c in page.chars] and len(images) == len(page.images)
            assert [key(c) for c in _dedupe(chars)] == [key(c) for c in page.dedupe_chars().chars]
            assert all(e["orientation"] in "hv" for e in edges)


def test_radicals_a_font_maps_ideographs_to_are_read_as_the_ideographs():
    from zfxxgk.parser.pdf import _RADICALS

    assert "⾏政⼀、⾃然⼈⼯作".translate(_RADICALS) == "行政一、自然人工作"
    assert "行政一、（二）12".translate(_RADICALS) == "行政一、（二）12"  # nothing else changes


@pytest.mark.parametrize("text,number", [
    ("- 4 -", True), ("—4—", True), ("第4页", True), ("第4页共6页", True), ("第4页/共6页", True),
    ("共6页第4页", True), ("第四页", True), ("第十二页共十五页", True), ("４/６", True), ("Page4of6", True),
    ("第四章", False), ("四、结转下年度继续办理", False), ("2024年", False), ("第二十条第（一）项", False),
])
def test_page_numbers(text, number):
    from zfxxgk.parser.pdf import _PAGE_NUMBER

    assert bool(_PAGE_NUMBER.fullmatch(re.sub(r"\s+", "", text))) is number  # as the page's margin line, spaces out


def test_pdf_columns_of_a_row_left_to_right(parsed):
    row = parsed("pdf_002_ruled.pdf").applications["granted"]
    boxes = [row[c].box for c in ("natural_person", "commercial", "research", "public_interest",
                                  "legal_services", "other_org", "total")]
    assert all(a[2] <= b[0] + 0.5 for a, b in zip(boxes, boxes[1:]))  # each right of the one before
    assert len({(b[1], b[3]) for b in boxes}) == 1  # one row


def test_word_numbering_restored(parsed):
    for name in ("docx_001.docx", "docx_002.docx"):  # numbered on the paragraph / through the style
        r = parsed(name)
        numbers = [s.number for s in r.sections]
        assert len(numbers) >= 5 and numbers == ["一、", "二、", "三、", "四、", "五、", "六、"][:len(numbers)]
        assert "or a page break: joined" in next(d.message for d in r.diagnostics if d.code == "word-document")
    text = (DOCS / "docx_002.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(text)) as z:
        body = z.read("word/document.xml").decode("utf-8")
        assert "总体情况" in body and "一、总体情况" not in body  # the number is not in the text


def test_word_line_is_the_paragraph_or_row(parsed):
    import docx

    r = parsed("docx_001.docx")
    doc = docx.Document(str(DOCS / "docx_001.docx"))
    blocks = []
    for el in doc.element.body:
        tag = el.tag.rsplit("}", 1)[1]
        if tag == "p":
            blocks.append(("p", el))
        elif tag == "tbl":
            blocks += [("tr", tr) for tr in el.iterchildren("{*}tr")]
    cell = r.applications["granted"]["total"]
    kind, tr = blocks[cell.line - 1]
    assert kind == "tr" and "予以公开" in "".join(t.text or "" for t in tr.iter("{*}t"))


def test_scan_has_no_text_layer(parsed):
    r = parsed("pdf_scan.pdf")
    scan = [d for d in r.diagnostics if d.code == "no-text-layer"]
    assert len(scan) == 1 and scan[0].severity == "error" and "2 page(s)" in scan[0].message
    assert list(r.cells()) == []
    with pytest.raises(zfxxgk.ReportError):
        zfxxgk.parse_file(DOCS / "pdf_scan.pdf", strict=True)


# --- the real published PDF: values read off its rendered pages (pdftoppm -png), not an extractor ---

HONGZE = "hongze_2024_report.pdf"
COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
HONGZE_APPLICATIONS = {  # page 3–4, table 三 (continued on page 4 without its header)
    "new_received": (95, 0, 0, 0, 0, 0, 95), "carried_over": (0,) * 7, "granted": (50, 0, 0, 0, 0, 0, 50),
    "partially_granted": (9, 0, 0, 0, 0, 0, 9), "denied.state_secret": (0,) * 7, "denied.prohibited_by_law": (0,) * 7,
    "denied.security_stability": (1, 0, 0, 0, 0, 0, 1), "denied.third_party_rights": (0,) * 7,
    "denied.internal_affairs": (0,) * 7, "denied.process_information": (1, 0, 0, 0, 0, 0, 1),
    "denied.enforcement_files": (1, 0, 0, 0, 0, 0, 1), "denied.administrative_query": (0,) * 7,
    "unavailable.not_held": (31, 0, 0, 0, 0, 0, 31), "unavailable.needs_creation": (1, 0, 0, 0, 0, 0, 1),
    "unavailable.unclear": (0,) * 7, "not_processed.complaint": (1, 0, 0, 0, 0, 0, 1),
    "not_processed.repeated": (0,) * 7, "not_processed.publication": (0,) * 7, "not_processed.excessive": (0,) * 7,
    "not_processed.confirmation": (0,) * 7, "other_handling": (0,) * 7,  # （六）其他处理: one row on page 4
    "total_processed": (95, 0, 0, 0, 0, 0, 95), "carried_forward": (0,) * 7,
}


def test_real_pdf_values(parsed):
    r = parsed(HONGZE)
    assert (r.meta.template, r.meta.year, r.meta.organ) == ("2021", 2024, "淮安市洪泽区人民政府")
    a = r.active_disclosure
    assert [a["item_1"]["rules"][c].value for c in ("issued", "repealed", "in_force")] == [0, 0, 0]
    assert [a["item_1"]["normative_documents"][c].value for c in ("issued", "repealed", "in_force")] == [3, 0, 8]
    assert a["item_5"]["licensing"]["decisions"].value == 9487
    assert (a["item_6"]["penalty"]["decisions"].value, a["item_6"]["coercion"]["decisions"].value) == (2776, 84)
    assert a["item_8"]["fees"]["fee_amount"].value == 7545
    assert r.applications.keys() == HONGZE_APPLICATIONS.keys()
    for row, values in HONGZE_APPLICATIONS.items():
        assert tuple(r.applications[row][c].value for c in COLUMNS) == values, row
    rl = r.review_litigation
    groups = ("review", "litigation_direct", "litigation_after_review")
    cols = ("upheld", "corrected", "other", "pending", "total")
    assert [[rl[g][c].value for c in cols] for g in groups] == [[1, 1, 0, 0, 2], [1, 0, 0, 0, 1], [2, 0, 1, 0, 3]]
    # where they are printed: 9487 on page 2, 2776 at the top of page 3, table 四 on page 4
    assert a["item_5"]["licensing"]["decisions"].page == 2 and a["item_6"]["penalty"]["decisions"].page == 3
    assert rl["review"]["upheld"].page == 4 and rl["review"]["upheld"].box[0] < rl["review"]["corrected"].box[0]
    assert r.applications["granted"]["natural_person"].page == 3
    assert r.applications["not_processed.complaint"]["natural_person"].page == 4


def test_real_pdf_damaged_label_and_one_row_other_handling(parsed):
    """The report prints ``2.其他法律行政止公开`` (characters lost) and, although it uses the 2021 form,
    ``（六）其他处理`` as one row with none of its three sub-rows.  The first is placed by the
    template's order (between 1.属于国家秘密 and 3.危及…, confirmed by the arithmetic; issue 9), the
    second under ``other_handling`` (TEMPLATES.md §4); each with a warning naming it, and the
    outcome sum is checked with （六） in place of the three sub-rows."""
    r = parsed(HONGZE)
    assert errors(r) == []
    assert [c.value for c in r.applications["denied.prohibited_by_law"].values()] == [0] * 7  # as on page 3
    (order,) = [d for d in r.diagnostics if d.code == "placed-by-order"]
    assert "2.其他法律" in order.message and order.severity == "warning"
    (six,) = [d for d in r.diagnostics if d.code == "other-handling-one-row"]
    assert six.severity == "warning" and six.page == 4
    assert {c.page for c in r.applications["other_handling"].values()} == {4}
    assert not any(k.startswith("other_handling.") for k in r.applications)
    outcomes = [c for c in r.checks if c.rule == "applications.outcomes"]
    assert len(outcomes) == 7 and all(c.ok for c in outcomes)
    assert all("applications/other_handling/" + col in c.cells for c, col in zip(outcomes, COLUMNS))


# --- dispatch and errors -------------------------------------------------------------------------

def test_picture_among_text_is_reported_not_read():
    """A table pasted as a picture among the text is not read, and said so with its page and box;
    a scan with its OCR text over the picture (the text is read) and a small seal are not flagged."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    picture = ImageReader(Image.new("L", (300, 200), 200))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 780, "三、收到和处理政府信息公开申请情况")
    c.drawImage(picture, 72, 400, width=450, height=300)  # the table, as a picture
    c.drawImage(picture, 400, 100, width=100, height=100)  # a seal
    c.showPage()
    c.drawImage(picture, 0, 0, width=595, height=842)  # a scan with its OCR text over it
    for k in range(40):
        c.drawString(72, 800 - 18 * k, "本机关2024年政府信息公开工作情况如下")
    c.save()
    r = zfxxgk.parse(buf.getvalue())
    (note,) = [d for d in r.diagnostics if d.code == "no-text-layer"]
    assert note.severity == "warning" and note.page == 1 and "not read" in note.message
    assert note.box == pytest.approx((72, 142, 522, 442), abs=0.2)
    assert_round_trip(r)


def test_pdfminer_warnings_stay_off_stderr(tmp_path):
    """A damaged font dictionary makes pdfminer log a warning; the CLI's stderr stays clean."""
    import subprocess
    import sys

    data = bytearray((DOCS / "pdf_001_ruled.pdf").read_bytes())
    at = data.find(b"/FontBBox")
    data[at:at + 9] = b"/FontBBoY"  # pdfminer: "Could not get FontBBox from font descriptor …"
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    code = "import sys, zfxxgk; r = zfxxgk.parse_file(sys.argv[1]); print(len(r.applications))"
    out = subprocess.run([sys.executable, "-c", code, str(bad)], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "25" and out.stderr == ""


def test_kind_is_decided_by_the_bytes(tmp_path):
    pdf = (DOCS / "pdf_001_ruled.pdf").read_bytes()
    odd = tmp_path / "report.txt"  # a PDF under a text name is still a PDF
    odd.write_bytes(pdf)
    assert zfxxgk.parse_file(odd).applications == zfxxgk.parse(pdf).applications
    assert document_kind(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "ole2"
    assert document_kind("一、总体情况".encode()) is None


@pytest.mark.parametrize("data,words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".docx or PDF"),           # .doc / .wps
    (b"%PDF-1.4\n1 0 obj garbage", "damaged"),                                      # broken PDF
    ((DOCS / "pdf_001_ruled.pdf").read_bytes()[:3000], "PDF"),                      # truncated PDF
    (b"PK\x03\x04garbage", "ZIP"),                                                  # broken ZIP
])
def test_bad_documents_raise_report_error(data, words):
    with pytest.raises(zfxxgk.ReportError) as exc:
        zfxxgk.parse(data)
    assert words in str(exc.value)


def test_docx_zip_bomb_is_refused(monkeypatch):
    """A .docx whose document.xml unpacks far beyond its size (here the limit is lowered to 5 MB, so
    the test stays small): refused before unpacking."""
    monkeypatch.setattr("zfxxgk.parser.word.MAX_UNZIPPED", 5_000_000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * 6_000_000)
    assert len(buf.getvalue()) < 50_000
    with pytest.raises(zfxxgk.ReportError, match="unpacks to"):
        zfxxgk.parse(buf.getvalue())


def test_zip_that_is_not_a_word_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(zfxxgk.ReportError, match="not a Word document"):
        zfxxgk.parse(buf.getvalue())


def test_encrypted_pdf_raises_report_error():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", canModify=0))
    c.drawString(72, 720, "report")
    c.save()
    with pytest.raises(zfxxgk.ReportError, match="encrypted with a password"):
        zfxxgk.parse(buf.getvalue())


def test_pdf_restricted_but_without_open_password_is_read(parsed):
    """Printing/copying forbidden: encrypted, the user password empty — read like any PDF (its values
    equal the seed's in test_every_value_equals_the_seeds)."""
    import pdfplumber

    with pdfplumber.open(DOCS / "pdf_001_restricted.pdf") as pdf:
        assert pdf.doc.encryption is not None  # really encrypted
    assert len(parsed("pdf_001_restricted.pdf").applications) == 25


@pytest.mark.parametrize("share", [0.3, 0.5, 0.9, 0.99])
def test_truncated_pdf_says_so(share):
    """A PDF cut short (an interrupted download) has lost its page index: pdfminer (and PDFium) cannot
    find its pages, so it is refused, saying it is truncated — not read in part."""
    data = (DOCS / "pdf_002_ruled.pdf").read_bytes()
    with pytest.raises(zfxxgk.ReportError, match="truncated") as exc:
        zfxxgk.parse(data[: int(len(data) * share)])
    assert f"{int(len(data) * share):,} bytes" in str(exc.value)


def test_pdf_that_lost_only_its_end_marker_is_read(parsed):
    data = (DOCS / "pdf_002_ruled.pdf").read_bytes()
    assert data.rstrip().endswith(b"%%EOF")
    cut = zfxxgk.parse(data.rstrip()[:-5])  # every object there, the index found by scanning
    assert cut.applications == parsed("pdf_002_ruled.pdf").applications


def _bare_pdf(pages: str, count: int, page: bytes = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
              *more: bytes) -> bytes:
    """A minimal PDF whose page tree is ``pages`` (the Kids array) declaring ``count`` pages; object
    3 is ``page`` (when there are pages), 4 … the ``more`` objects."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{pages}] /Count {count} >>".encode()]
    if pages:
        objs += [page, *more]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


_DO = b"<< /Length 6 >>\nstream\n/X1 Do\nendstream"
_FORM = (b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 5 0 R >> >> /Length 6 >>"
         b"\nstream\n/X1 Do\nendstream")
_PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
         b" /Resources << /XObject << /X1 5 0 R >> >> >>")


@pytest.mark.parametrize("data,outcome", [
    (_bare_pdf("3 0 R", 1, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 (a) /b] >>"), "damaged"),  # a box of junk
    (_bare_pdf("3 0 R", 1, b"<< /Type /Page /MediaBox " + b"[" * 5000 + b"]" * 5000 + b" >>"), "damaged"),  # nesting
    (_bare_pdf("2 0 R 3 0 R", 1), "no-text-layer"),  # the page tree holds itself
    (_bare_pdf("3 0 R", -5), "no-text-layer"),  # a negative count
    (_bare_pdf("3 0 R", 1, _PAGE, _DO, _FORM), "no-text-layer"),  # a form drawing itself
], ids=["junk-box", "deep-nesting", "tree-loop", "negative-count", "form-loop"])
def test_malformed_pdf_structures(data, outcome):
    """Malformed structures give ReportError naming the damage, or a report saying nothing was read —
    never another exception."""
    if outcome == "damaged":
        with pytest.raises(zfxxgk.ReportError, match="damaged"):
            zfxxgk.parse(data)
    else:
        assert outcome in [d.code for d in zfxxgk.parse(data).diagnostics]


def test_pdf_without_pages():
    with pytest.raises(zfxxgk.ReportError, match="no pages"):
        zfxxgk.parse(_bare_pdf("", 0))
    r = zfxxgk.parse(_bare_pdf("3 0 R", 1))  # one blank page: read, and said to hold no text
    (note,) = [d for d in r.diagnostics if d.code == "no-text-layer"]
    assert "1 page(s)" in note.message and "blank" in note.message


def test_decompression_bomb_is_refused_before_reading():
    """A page whose content stream inflates 70 MB from 70 KB: refused, not inflated into memory."""
    import zlib

    from zfxxgk.parser.pdf import MAX_STREAM

    z = zlib.compressobj(9)
    bomb = b"".join(z.compress(b" " * 1_000_000) for _ in range(MAX_STREAM // 1_000_000 + 6)) + z.flush()
    data = _bare_pdf("3 0 R", 1).replace(b"/MediaBox [0 0 595 842] >>", b"/MediaBox [0 0 595 842] /Contents 4 0 R >>")
    head, _, tail = data.partition(b"xref\n")  # append the stream object and a fresh index
    objs = [m for m in re.finditer(rb"(\d+) 0 obj", head)]
    body = head + b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb
    body += b"\nendstream\nendobj\n"
    offsets = [int(m.start()) for m in objs] + [len(head)]
    xref = len(body)
    body += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    assert len(body) < 200_000
    with pytest.raises(zfxxgk.ReportError, match="inflates to more than"):
        zfxxgk.parse(body)


def test_pdf_with_too_many_pages():
    from zfxxgk.parser.documents import MAX_PAGES

    with pytest.raises(zfxxgk.ReportError, match=f"1000000 pages, over the limit of {MAX_PAGES}"):
        zfxxgk.parse(_bare_pdf("3 0 R", 1_000_000))  # refused from the declared count, before any page
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(MAX_PAGES + 1):
        c.showPage()
    c.save()
    with pytest.raises(zfxxgk.ReportError, match=f"{MAX_PAGES + 1} pages, over the limit"):
        zfxxgk.parse(buf.getvalue())


def test_a_pdf_larger_than_the_text_limit_is_read(tmp_path):
    big = tmp_path / "big.pdf"  # a few MB of embedded data after the report: still a normal PDF
    data = (DOCS / "pdf_001_ruled.pdf").read_bytes()
    big.write_bytes(data + b"\n%" + b"x" * 3_000_000 + b"\n")
    parser = zfxxgk.Parser(max_size=1_000_000)
    assert len(parser.parse(big.read_bytes()).applications) == 25


def test_batch_picks_up_documents(tmp_path):
    from zfxxgk.batch import iter_paths

    for name in ("a.pdf", "b.docx", "c.doc"):
        (tmp_path / name).write_bytes(b"x")
    assert [Path(p).name for p in iter_paths([tmp_path])] == ["a.pdf", "b.docx"]


@pytest.mark.parametrize("n,fmt,text", [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"),
                                        (11, "chineseCounting", "十一"), (20, "chineseCounting", "二十"),
                                        (105, "chineseCounting", "一百零五"), (3, "ideographTraditional", "丙"),
                                        (2, "decimalEnclosedCircle", "②"), (4, "upperRoman", "IV"),
                                        (28, "lowerLetter", "bb"), (7, "decimal", "7")])
def test_word_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text
    assert chinese_counting(99) == "九十九"
