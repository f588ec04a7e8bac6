"""Build the PDF and Word fixtures in ``tests/fixtures/documents/`` from the seeds' published numbers.

    python tests/make_documents.py          # from the repository root; rewrites the files

Each document is the seed report re-rendered (title, every section and paragraph, the tables where
the template puts them, the signature) by ``relayout_frontends.document`` — the same neutral
layout the HTML fixtures come from — so it must give exactly the seed's values:

* ``pdf_002_ruled.pdf`` (seed 002, 2019 form) and ``pdf_001_ruled.pdf`` (seed 001, 2021 form):
  reportlab with its built-in CID font ``STSong-Light``; ruled tables with merged cells as the
  national forms print them (``SPAN``); table 三 broken in the middle of its merged group labels
  by a page break, its three header rows repeated on the next page; a running header and
  ``- N -`` page numbers on every page.
* ``pdf_002_unruled.pdf``: the same report, tables printed without ruling lines (values placed
  from the words' positions).
* ``pdf_001_restricted.pdf``: ``pdf_001_ruled.pdf`` with printing and copying forbidden — encrypted
  (RC4), the user password empty, as "restrict editing/printing" in Word or WPS writes it.
* ``pdf_scan.pdf``: two pages that are only an image (no text layer).
* ``docx_001.docx`` / ``docx_002.docx``: python-docx; chapter headings numbered by Word's
  automatic numbering (a ``chineseCounting`` list ``%1、`` in ``numbering.xml``; docx_001 on the
  paragraphs, docx_002 through the Heading 1 style), merged cells (``gridSpan``/``vMerge``), and
  table 三 broken by a page break into two tables, the header rows repeated.

The files are deterministic (fixed creation dates, no random ids), so rerunning changes nothing.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import zfxxgk  # noqa: E402
from zfxxgk.spec import SPEC_2019, SPEC_2021  # noqa: E402

from relayout_frontends import document  # noqa: E402

OUT = HERE / "fixtures" / "documents"
SEEDS = {"001": "seed_001_dingzhou_zhuanlu_2023_traditional.txt", "002": "seed_002_yiyang_ziyang_2020.txt"}
SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}


def seed(n: str):
    report = zfxxgk.parse_file(HERE.parent / "examples" / SEEDS[n])
    return report, SPECS[report.meta.template]


def layout(rows: list) -> list[tuple[int, int, int, int, str]]:
    """Rows of ``(text, colspan, rowspan)`` → ``(row, col, colspan, rowspan, text)`` on the grid."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in taken:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            out.append((r, c, cs, rs, text))
            c += cs
    return out


def width(cells) -> int:
    return max(c + cs for _, c, cs, _, _ in cells)


def split(cells, nrows: int, head: int = 3):
    """Table 三 broken in the middle, as over a page break: the first part, and the second with the
    ``head`` header rows repeated; a merged label running over the break goes on as an empty merged
    cell.  Returns ``(first cells, first rows, second cells, second rows)``."""
    cut = head + (nrows - head) // 2
    first, second = [], [x for x in cells if x[0] < head]
    for r, c, cs, rs, text in cells:
        if r < head:
            first.append((r, c, cs, rs, text))
        elif r < cut:
            first.append((r, c, cs, min(rs, cut - r), text))
            if r + rs > cut:
                second.append((head, c, cs, r + rs - cut, ""))
        else:
            second.append((r - cut + head, c, cs, rs, text))
    return first, cut, second, nrows - cut + head


# --- PDF -----------------------------------------------------------------------------------------

def _encryptable_cid_fonts() -> None:
    """reportlab writes a CID font's ``/Registry (Adobe) /Ordering (GB1)`` as raw text, which it then
    does not encrypt, so an encrypted file's reader decrypts them into garbage and loses the font's
    character collection; make them PDF strings, which reportlab encrypts like any other."""
    from reportlab.pdfbase import cidfonts, pdfdoc

    if getattr(cidfonts.structToPDF, "fixed", False):
        return
    plain = cidfonts.structToPDF

    def struct_to_pdf(structure):
        if isinstance(structure, str) and re.fullmatch(r"\(\w+\)", structure):
            return pdfdoc.PDFString(structure[1:-1])
        if isinstance(structure, dict):
            return pdfdoc.PDFDictionary({k: struct_to_pdf(v) for k, v in structure.items()})
        if isinstance(structure, (list, tuple)):
            return pdfdoc.PDFArray([struct_to_pdf(v) for v in structure])
        return plain(structure)

    struct_to_pdf.fixed = True
    cidfonts.structToPDF = struct_to_pdf


def build_pdf(path: Path, n: str, *, ruled: bool = True, restricted: bool = False) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    if restricted:
        _encryptable_cid_fonts()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    report, spec = seed(n)
    font = "STSong-Light"
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, fontSize=13, firstLineIndent=24)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=TA_CENTER, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
    running = f"{report.meta.organ or ''}政府信息公开工作年度报告"

    def chrome(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 40, running)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        canvas.restoreState()

    def table(cells, nrows: int, w: int):
        data = [["" for _ in range(w)] for _ in range(nrows)]
        style = [("FONT", (0, 0), (-1, -1), font, 8), ("LEFTPADDING", (0, 0), (-1, -1), 3),
                 ("RIGHTPADDING", (0, 0), (-1, -1), 3), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE" if ruled else "TOP")]
        if ruled:
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        for r, c, cs, rs, text in cells:
            data[r][c] = text if re.fullmatch(r"[-\d,.]*[^\d]{0,2}", text) and text[:1].isdigit() else Paragraph(text, cell)
            if cs > 1 or rs > 1:
                style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
        widths = None  # the text frame is 451 pt wide
        if 10 <= w < 15:  # section 三: three label columns, seven value columns
            widths = [32, 56, 124] + [34] * (w - 3)
        elif w == 15:
            widths = [30] * 15
        elif w == 4:
            widths = [121, 110, 110, 110]
        return Table(data, colWidths=widths, style=TableStyle(style))

    story = [Paragraph(report.meta.title or "政府信息公开工作年度报告", title), Spacer(1, 10)]
    for block in document(report, spec):
        if block[0] == "h":
            story.append(Paragraph(block[2], head))
        elif block[0] == "p":
            story.append(Paragraph(block[1], body))
        else:
            cells = layout(block[1])
            w, nrows = width(cells), len(block[1])
            if 10 <= w < 15:  # table 三: over a page break, its three header rows repeated
                first, n1, second, n2 = split(cells, nrows)
                story += [table(first, n1, w), PageBreak(), table(second, n2, w)]
            else:
                story.append(table(cells, nrows, w))
    encrypt = None
    if restricted:  # what "restrict printing and copying" writes: encrypted, the user password empty
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption("", ownerPassword="owner", canPrint=0, canModify=0, canCopy=0, canAnnotate=0)
    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=60, bottomMargin=50, invariant=1, encrypt=encrypt,
                            title="", author="", creator="zfxxgk tests/make_documents.py")
    doc.build(story, onFirstPage=chrome, onLaterPages=chrome)


def build_scan(path: Path) -> None:
    """Two pages holding only a picture: what a scanner writes."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for page in range(2):
        img = Image.new("L", (400, 560), 250)
        draw = ImageDraw.Draw(img)
        for k in range(30):  # lines of "text" as dark strokes
            y = 40 + k * 16
            draw.rectangle((40, y, 360 - (k % 4) * 30, y + 7), fill=60 + page * 10)
        c.drawImage(ImageReader(img), 40, 80, width=A4[0] - 80, height=A4[1] - 160)
        c.showPage()
    c.save()


# --- Word ----------------------------------------------------------------------------------------

NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>
    <w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""
NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="9">
  <w:abstractNumId w:val="90"/></w:num>"""


def _numbered(doc, *, via_style: bool) -> None:
    from docx.oxml import parse_xml

    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    if via_style:
        ppr = doc.styles["Heading 1"].element.get_or_add_pPr()
        ppr.append(parse_xml('<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                             '<w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr>'))


def _chapter(doc, text: str, *, via_style: bool) -> None:
    """A chapter heading whose ``一、`` is Word's automatic numbering, not text."""
    from docx.oxml import parse_xml

    number, _, rest = text.partition("、")
    if via_style:
        doc.add_paragraph(rest, style="Heading 1")
        return
    p = doc.add_paragraph(rest)
    p._p.get_or_add_pPr().append(parse_xml(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr>'))


def _docx_table(doc, cells, nrows: int, w: int, header_rows: int = 0):
    table = doc.add_table(rows=nrows, cols=w)
    table.style = "Table Grid"
    for r, c, cs, rs, text in cells:
        a = table.cell(r, c)
        if cs > 1 or rs > 1:
            a = a.merge(table.cell(r + rs - 1, c + cs - 1))
        a.text = text
    for r in range(header_rows):  # Word's "repeat as header row"
        from docx.oxml import parse_xml

        trpr = table.rows[r]._tr.get_or_add_trPr()
        trpr.append(parse_xml('<w:tblHeader xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'))
    return table


import datetime as _dt  # noqa: E402

_FIXED = _dt.datetime(2024, 1, 1)


def build_docx(path: Path, n: str, *, via_style: bool) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    report, spec = seed(n)
    doc = docx.Document()
    _numbered(doc, via_style=via_style)
    doc.core_properties.created = doc.core_properties.modified = _FIXED
    doc.add_paragraph(report.meta.title or "政府信息公开工作年度报告")
    for block in document(report, spec):
        if block[0] == "h":
            level, text = block[1], block[2]
            if level == 1 and "、" in text[:4]:
                _chapter(doc, text, via_style=via_style)
            else:
                doc.add_paragraph(text)
        elif block[0] == "p":
            doc.add_paragraph(block[1])
        else:
            cells = layout(block[1])
            w, nrows = width(cells), len(block[1])
            if 10 <= w < 15:  # table 三: broken by a page break into two tables, header rows repeated
                first, n1, second, n2 = split(cells, nrows)
                _docx_table(doc, first, n1, w, header_rows=3)
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                _docx_table(doc, second, n2, w, header_rows=3)
            else:
                _docx_table(doc, cells, nrows, w)
    if report.signature is not None:
        if report.signature.organ:
            doc.add_paragraph(report.signature.organ)
        doc.add_paragraph(report.signature.raw)
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_deterministic(buf.getvalue()))


def _deterministic(data: bytes) -> bytes:
    """Rewrite the ZIP with fixed timestamps (python-docx stamps the current time)."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    build_pdf(OUT / "pdf_002_ruled.pdf", "002")
    build_pdf(OUT / "pdf_001_ruled.pdf", "001")
    build_pdf(OUT / "pdf_002_unruled.pdf", "002", ruled=False)
    build_pdf(OUT / "pdf_001_restricted.pdf", "001", restricted=True)
    build_scan(OUT / "pdf_scan.pdf")
    build_docx(OUT / "docx_001.docx", "001", via_style=False)
    build_docx(OUT / "docx_002.docx", "002", via_style=True)
    for p in sorted(OUT.iterdir()):
        print(p.relative_to(HERE.parent), p.stat().st_size)


if __name__ == "__main__":
    main()
