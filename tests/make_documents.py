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
* ``pdf_001_word.pdf`` / ``pdf_002_wps.pdf``: the seed drawn on the canvas as Word and WPS export
  (:class:`_Producer`): rules as thin filled bars with a double outer border, or stroked by every
  cell over white and shaded cell backgrounds; bold drawn twice; labels wrapped over several lines
  in 9 pt, values in Times, full-width digits (Word, table 二) and ``0 `` with a trailing space (WPS);
  a 22 pt title (on two lines when long) over 16 pt justified text; table 三 on a landscape page
  (Word) or starting under prose and running on to the next page under a ``续表`` line without
  its header, the page break cutting a merged label (WPS); ``第 N 页 共 M 页`` or ``- N -`` footers.
* ``pdf_001_wps_open.pdf``: seed 001 as WPS exports it, its tables printed without their left and
  right borders.
* ``pdf_002_excel.pdf``: seed 002 as Word prints tables pasted from Excel: every rule a filled
  four-point path whose corners are off by float noise (pdfminer makes curves of them, not
  rectangles), numbers right-aligned.
* ``pdf_000_numbers.pdf``: seed 000 as Word exports it, but every cell of 三 and 四 a different
  number (:func:`numbered`, the arithmetic kept — the seeds print zeros there); table 四 on a page
  turned by ``/Rotate 90``; narrow label columns, a row allowed to break across pages
  (``6.属于四类过程性信`` / ``息``), the group label ``三、本年度办理结果`` turned to read upwards,
  the tables' outer borders 3 pt thick (filled bars).
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

from relayout_frontends import document, place_spans  # noqa: E402

OUT = HERE / "fixtures" / "documents"
SEEDS = {"000": "seed_000_dexing_xingangshan_2020.txt", "001": "seed_001_dingzhou_zhuanlu_2023_traditional.txt",
         "002": "seed_002_yiyang_ziyang_2020.txt"}
SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}


def seed(n: str):
    report = zfxxgk.parse_file(HERE.parent / "examples" / SEEDS[n])
    return report, SPECS[report.meta.template]


def numbered(report, spec):
    """The seed with every cell of tables 三 and 四 a different number, the template's arithmetic
    kept (row totals, the outcome rows summing to （七）总计, 一 + 二 = 总计 + 四, 四's totals): the
    seeds print zeros there, among which a value shifted to a neighbouring cell would go unseen."""
    import attrs

    cols = [c.key for c in spec.applications.columns if c.key != "total"]
    fixed = ("new_received", "carried_over", "total_processed", "carried_forward")
    outcome = [k for k in report.applications if k not in fixed]

    def put(row: dict, values: dict) -> dict:
        return {c: attrs.evolve(cell, value=values[c], raw=str(values[c])) for c, cell in row.items()}

    apps: dict = {}
    for i, key in enumerate(outcome):
        values = {c: 1 + ((i * len(cols) + j) * 7) % 31 for j, c in enumerate(cols)}
        apps[key] = {**values, "total": sum(values.values())}
    done = {c: sum(apps[k][c] for k in outcome) for c in cols}
    forward = {c: 2 * j + 1 for j, c in enumerate(cols)}
    over = {c: j for j, c in enumerate(cols)}
    new = {c: done[c] + forward[c] - over[c] for c in cols}
    for key, values in (("new_received", new), ("carried_over", over), ("total_processed", done),
                        ("carried_forward", forward)):
        apps[key] = {**values, "total": sum(values.values())}
    review: dict = {}
    for g, group in enumerate(report.review_litigation):
        parts = [c for c in report.review_litigation[group] if c != "total"]
        values = {c: 2 + g * 5 + j for j, c in enumerate(parts)}
        review[group] = {**values, "total": sum(values.values())}
    return attrs.evolve(
        report,
        applications={k: put(row, apps[k]) for k, row in report.applications.items()},
        review_litigation={k: put(row, review[k]) for k, row in report.review_litigation.items()})


layout = place_spans  # rows of (text, colspan, rowspan) → (row, col, colspan, rowspan, text) on the grid


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


# --- PDF as Word and WPS write it (canvas level) -------------------------------------------------

_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)%")
_NO_LINE_END = set("（《「『“‘(")
_TOKEN = re.compile(r"[A-Za-z0-9.,%]+|.", re.S)
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


class _Producer:
    """Draws a report page by page on a reportlab canvas the way office suites export it, so the
    PDF front end meets what real files hold: ``style="word"`` (Word → PDF: ruling lines drawn as
    thin filled rectangles, a double outer border, the applications table on a landscape page,
    ``第 N 页 共 M 页`` footers, full-width digits in table 二) or ``style="wps"`` (WPS: every cell
    border stroked again by each cell, white cell backgrounds and shaded header cells, header text
    drawn twice for bold, the Article 20 tables stacked into one block, ``- N -`` page numbers at
    the right, ``0 `` with a trailing space in value cells).  Body 16 pt justified with a 2-character
    indent, the title 22 pt (on two lines when long), table labels 9 pt wrapped to their cell, values
    in Times.  Tables flow from wherever the text stops and run over page breaks without their
    header repeated."""

    FONT, LATIN = "STSong-Light", "Times-Roman"

    def __init__(self, canvas, style: str, total: int | None, *, rotate: bool = False, split_rows: bool = False,
                 turn_labels: bool = False, thick_frame: bool = False, open_sides: bool = False,
                 excel: bool = False):
        from reportlab.lib.pagesizes import A4

        self.c, self.style, self.total = canvas, style, total
        self.rotate = rotate  # landscape pages as portrait ones turned by /Rotate 90
        self.split_rows = split_rows  # a row whose label wraps may break across pages (Word's default)
        self.splits: list[tuple[int, int, int]] = []  # rows broken across pages: (page, table width, row)
        self.turn_labels = turn_labels  # 三's tall group label in its narrow column turned to read upwards
        self.open_sides = open_sides  # WPS: tables printed without their left and right border
        self.excel = excel  # tables as an Excel range pasted into Word prints: rules as filled paths
        self.thick_frame = thick_frame  # a 3 pt outer border (filled bars 3 pt thick), not a double one
        self.portrait = A4
        self.size = A4
        self.page = 0
        self.y = 0.0
        self.new_page()

    # geometry: y grows downwards from the top of the page
    @property
    def left(self) -> float:
        return 79.0

    @property
    def right(self) -> float:
        return self.size[0] - 74.0

    @property
    def bottom(self) -> float:
        return self.size[1] - 72.0

    def new_page(self, size=None) -> None:
        if self.page:
            self.c.showPage()
        self.size = size or self.portrait
        turned = self.rotate and self.size[0] > self.size[1]
        self.c.setPageSize(self.size)  # with /Rotate 90 reportlab writes the MediaBox turned: portrait
        self.c.setPageRotation(90 if turned else 0)
        if turned:  # draw in the landscape frame the viewer shows after turning the page clockwise
            self.c.transform(0, 1, -1, 0, self.size[1], 0)
        self.page += 1
        self.y = 72.0
        self.c.setFont(self.FONT, 10.5)
        if self.style == "word":
            text = f"第 {self.page} 页 共 {self.total or 0} 页"
            self.c.drawCentredString(self.size[0] / 2, 36, text)
        else:
            self.c.setFont(self.LATIN, 14)
            self.c.drawRightString(self.right, 40, f"- {self.page} -")

    def ensure(self, h: float) -> None:
        if self.y + h > self.bottom:
            self.new_page(self.size)

    def width(self, text: str, font: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, font, size)

    def draw(self, x: float, top: float, text: str, font: str, size: float, space: float = 0.0, bold: bool = False):
        t = self.c.beginText()
        t.setFont(font, size)
        t.setCharSpace(space)
        t.setTextOrigin(x, self.size[1] - top - 0.86 * size)
        t.textOut(text)
        self.c.drawText(t)
        if bold:  # WPS's bold for a font without a bold face: the text drawn again, a hair to the right
            self.draw(x + 0.3, top, text, font, size, space)

    def wrap(self, text: str, font: str, size: float, first: float, rest: float) -> list[str]:
        lines, line, avail = [], "", first
        for tok in _TOKEN.findall(text):
            w = self.width(line + tok, font, size)
            if line and w > avail and tok not in _NO_LINE_START:
                carry = ""
                while line and line[-1] in _NO_LINE_END:  # an opening bracket goes down with what it opens
                    line, carry = line[:-1], line[-1] + carry
                if line:
                    lines.append(line)
                line, avail = carry + tok.lstrip(), rest
            else:
                line += tok
        return lines + [line] if line else lines

    # prose
    def paragraph(self, text: str, *, size: float = 16, leading: float = 28, indent: int = 2,
                  align: str = "justify") -> None:
        avail = self.right - self.left
        lines = self.wrap(text, self.FONT, size, avail - indent * size, avail)
        for k, line in enumerate(lines):
            self.ensure(leading)
            x = self.left + (indent * size if k == 0 else 0)
            w = self.width(line, self.FONT, size)
            space = 0.0
            if align == "justify" and k < len(lines) - 1 and len(line) > 1:
                space = (self.right - x - w) / (len(line) - 1)
                space = space if -2 < space < 2 else 0.0
            elif align == "right":
                x = self.right - w
            elif align == "centre":
                x = (self.left + self.right - w) / 2
            self.draw(x, self.y + (leading - size) / 2, line, self.FONT, size, space)
            self.y += leading

    def title(self, text: str) -> None:
        size = 22.0
        parts = [text]
        if self.width(text, self.FONT, size) > self.right - self.left:  # the organ on a line of its own
            cut = re.search(r"\d{4}年", text)
            parts = [text[: cut.start()], text[cut.start():]] if cut and cut.start() else parts
        for part in parts:
            self.paragraph(part, size=size, leading=36, indent=0, align="centre")

    # tables
    def table(self, cells, nrows: int, ncols: int, *, header_rows: int, gap: float = 8.0) -> None:
        avail = self.right - self.left
        if ncols >= 15:
            widths = [avail / ncols] * ncols
        elif ncols >= 10:
            label = [0.055, 0.11, 0.2] if self.split_rows else [0.055, 0.13, 0.33]  # narrow: labels wrap
            widths = [avail * f for f in label] + [avail * (1 - sum(label)) / (ncols - 3)] * (ncols - 3)
        else:
            widths = [avail * 0.34] + [avail * 0.66 / (ncols - 1)] * (ncols - 1)
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + w)
        pad, size, leading = 2.0, 9.0, 11.0
        texts = {}
        heights = [16.0] * nrows
        for r, c, cs, rs, text in cells:
            value = bool(re.fullmatch(r"\d[\d,.]*(?:[^\d\s.]{1,2})?", text)) and not re.match(r"\d+\.\D", text)
            full = self.style == "word" and value and nrows <= 4 and ncols == 4  # table 二: full-width digits
            if full:
                text = text.translate(_FULL)
            font = self.LATIN if value and text.isascii() else self.FONT
            fsize = 10.5 if font == self.LATIN else size
            if self.style == "wps" and value and text == "0" and ncols >= 10:
                text = "0 "  # WPS leaves the space typed after the number
            lines = self.wrap(text, font, fsize, xs[c + cs] - xs[c] - 2 * pad, xs[c + cs] - xs[c] - 2 * pad) or [""]
            turn = self.turn_labels and c == 0 and rs >= 5 and 10 <= ncols < 15
            texts[(r, c)] = (lines, font, fsize, value, r < header_rows, turn)
            need = len(lines) * leading + 2 * pad + 2
            if rs == 1:
                heights[r] = max(heights[r], need)
        for r, c, cs, rs, text in cells:  # a merged cell taller than its rows: its last row grows
            need = len(texts[(r, c)][0]) * leading + 2 * pad + 2
            if texts[(r, c)][5]:
                need = self.width(text, self.FONT, size) + 2 * pad + 2
            have = sum(heights[r: r + rs])
            if need > have:
                heights[r + rs - 1] += need - have
        self.ensure(heights[0] * 2)
        where = []  # per row: (page, top), the page breaks placed before anything is drawn
        frames: dict[int, list[float]] = {}  # page → [top, bottom] of the table's part on it
        page, y = self.page, self.y
        marker = 18.0 if self.style == "wps" else 0.0  # WPS fixture: 续表 over the part on the next page
        starting = {}  # row → the cells starting there
        for r, c, cs, rs, text in cells:
            starting.setdefault(r, []).append((rs, len(texts[(r, c)][0])))
        for r in range(nrows):
            pieces = []  # (page, top, height): a row broken across pages has two
            room = self.bottom - y
            lines = max(n for _, n in starting.get(r, [(1, 1)]))
            if heights[r] > room and self.split_rows and all(rs == 1 for rs, _ in starting.get(r, [])) \
                    and lines >= 2 and room >= leading + 2 * pad + 2:
                pieces.append((page, y, room))
                self.splits.append((page, ncols, r))
                page, y = page + 1, 72.0 + marker
                pieces.append((page, y, heights[r] - room + 2 * pad + 2))
            else:
                if y + heights[r] > self.bottom:
                    page, y = page + 1, 72.0 + marker
                pieces.append((page, y, heights[r]))
            for pg, top, h in pieces:
                frames.setdefault(pg, [top, top])[1] = top + h
            y = pieces[-1][1] + pieces[-1][2]
            where.append(pieces)
        ops: dict[int, list] = {}
        for r, c, cs, rs, text in cells:
            portions: list[list] = []
            for k in range(r, r + rs):
                for pg, top, h in where[k]:
                    if portions and portions[-1][0] == pg:
                        portions[-1][2] += h
                    else:
                        portions.append([pg, top, h])
            lines, font, fsize, value, head, turn = texts[(r, c)]
            for n, (pg, top, h) in enumerate(portions):
                box = (xs[c], top, xs[c + cs], top + h)
                ops.setdefault(pg, []).append(("cell", box, head))
                if turn:  # one line read upwards, in the first part
                    if n == 0:
                        ops[pg].append(("turned", box, text, font, fsize))
                    continue
                # the text sits in the first part of a merged cell a page break cuts; what does not
                # fit there goes on in the next part, as Word and WPS lay it out
                fit = len(lines) if n == len(portions) - 1 else max(1, int((h - 2 * pad - 2) // leading))
                if lines:
                    ops[pg].append(("text", box, lines[:fit], font, fsize, value, head, leading))
                lines = lines[fit:]
        for pg in sorted(frames):
            if pg != self.page:
                self.new_page(self.size)
                if marker:
                    self.draw(self.left, 74, "续表", self.FONT, 10.5)
            self._paint_page(ops.get(pg, []), frames[pg])
        self.y = y + gap

    def _paint_page(self, ops, frame) -> None:
        c, H = self.c, self.size[1]
        for op in ops:  # backgrounds first
            if op[0] == "cell" and self.style == "wps":
                x0, top, x1, bottom = op[1]
                c.setFillColorRGB(*((0.776, 0.851, 0.945) if op[2] else (1, 1, 1)))
                c.rect(x0, H - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        for op in ops:
            if op[0] == "cell":
                x0, top, x1, bottom = op[1]
                if self.style == "word":  # each border a 0.5 pt black bar (the outer ones thick, if so)
                    for bx, by, bw, bh in ((x0, top, x1 - x0, 0), (x0, bottom, x1 - x0, 0),
                                           (x0, top, 0, bottom - top), (x1, top, 0, bottom - top)):
                        outer = (bw == 0 and bx in (self.left, self.right)) or (bh == 0 and by in frame)
                        if outer and self.thick_frame:
                            continue
                        if self.excel:  # an open four-point path, corners off by float noise: pdfminer's curve
                            ax, ay, aw, ah = bx - 0.25, H - by - bh - 0.25, bw + 0.5, bh + 0.5
                            path = c.beginPath()
                            path.moveTo(ax, ay)
                            path.lineTo(ax + aw + 1e-4, ay)
                            path.lineTo(ax + aw, ay + ah)
                            path.lineTo(ax, ay + ah - 1e-4)
                            c.drawPath(path, stroke=0, fill=1)
                        else:
                            c.rect(bx - 0.25, H - by - bh - 0.25, bw + 0.5, bh + 0.5, stroke=0, fill=1)
                else:  # each cell strokes its own four sides (shared sides twice), inner ones hairline
                    for (ax, ay), (bx, by) in (((x0, top), (x1, top)), ((x1, top), (x1, bottom)),
                                               ((x1, bottom), (x0, bottom)), ((x0, bottom), (x0, top))):
                        if self.open_sides and ax == bx and ax in (self.left, self.right):
                            continue  # no left and right outer border
                        c.setLineWidth(0.25 if op[2] else 0.5)
                        c.line(ax, H - ay, bx, H - by)
            elif op[0] == "turned":  # Word's text direction "bottom to top"
                _, (x0, top, x1, bottom), text, font, fsize = op
                c.saveState()
                c.translate((x0 + x1) / 2 + 0.35 * fsize, H - (top + bottom) / 2)
                c.rotate(90)
                c.setFont(font, fsize)
                c.drawCentredString(0, 0, text)
                c.restoreState()
            else:
                _, (x0, top, x1, bottom), lines, font, fsize, value, head, leading = op
                y = (top + bottom) / 2 - len(lines) * leading / 2
                for line in lines:
                    w = self.width(line, font, fsize)
                    x = (x0 + x1 - w) / 2 if (value or head or w > x1 - x0 - 6) else x0 + 2
                    if value and self.excel:  # Excel: numbers to the right
                        x = x1 - 3 - w
                    self.draw(x, y + (leading - fsize) / 2, line, font, fsize, bold=head and self.style == "wps")
                    y += leading
        if self.style == "word" and self.thick_frame:  # a 3 pt outer border: bars 3 pt thick over the frame
            x0, x1 = self.left, self.right
            top, bottom = frame
            c.rect(x0 - 1.5, H - top - 1.5, x1 - x0 + 3, 3, stroke=0, fill=1)
            c.rect(x0 - 1.5, H - bottom - 1.5, x1 - x0 + 3, 3, stroke=0, fill=1)
            c.rect(x0 - 1.5, H - bottom - 1.5, 3, bottom - top + 3, stroke=0, fill=1)
            c.rect(x1 - 1.5, H - bottom - 1.5, 3, bottom - top + 3, stroke=0, fill=1)
        elif self.style == "word":  # a double outer border: a second bar 1.5 pt outside the frame
            x0, x1 = self.left, self.right
            top, bottom = frame
            w, h = x1 - x0 + 3, bottom - top + 3
            for bx, by, bw, bh in ((x0 - 1.5, top - 1.5, w, 0), (x0 - 1.5, bottom + 1.5, w, 0),
                                   (x0 - 1.5, top - 1.5, 0, h), (x1 + 1.5, top - 1.5, 0, h)):
                c.rect(bx - 0.25, H - by - bh - 0.25, bw + 0.5, bh + 0.5, stroke=0, fill=1)


def build_producer_pdf(path: Path, n: str, style: str, *, numbers: bool = False, rotate: bool = False,
                       split_rows: bool = False, turned: range = range(10, 15), after_title: float = 14.0,
                       turn_labels: bool = False, thick_frame: bool = False, open_sides: bool = False,
                       excel: bool = False):
    """``pdf_001_word.pdf`` / ``pdf_002_wps.pdf`` / ``pdf_000_numbers.pdf``: the seed as Word or WPS
    exports it (:class:`_Producer`); with ``numbers``, :func:`numbered`'s values in 三 and 四; the
    tables ``turned`` columns wide on landscape pages (Word)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas as rl_canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    report, spec = seed(n)
    if numbers:
        report = numbered(report, spec)
    total = None
    for _ in range(2):  # the first pass counts the pages for "共 M 页"
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, invariant=1, pageCompression=1)
        c.setCreator(f"zfxxgk tests/make_documents.py (as {'Word' if style == 'word' else 'WPS'} exports)")
        pr = _Producer(c, style, total, rotate=rotate, split_rows=split_rows, turn_labels=turn_labels,
                       thick_frame=thick_frame, open_sides=open_sides, excel=excel)
        _produce(pr, report, spec, style, turned, after_title)
        c.showPage()
        c.save()
        total = pr.page
    path.write_bytes(buf.getvalue())
    return pr


def _produce(pr: _Producer, report, spec, style: str, turned: range, after_title: float) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    pr.title(report.meta.title or "政府信息公开工作年度报告")
    pr.y += after_title
    blocks = document(report, spec)
    signature = {report.signature.organ, report.signature.raw} if report.signature else set()
    k = 0
    while k < len(blocks):
        block = blocks[k]
        if block[0] == "h":
            nxt = blocks[k + 1] if k + 1 < len(blocks) else None
            big = nxt is not None and nxt[0] == "table" and width(layout(nxt[1])) in turned
            if style == "word" and big:  # table 三 in a landscape section of its own
                pr.new_page(landscape(A4))
            pr.ensure(28 * 3)
            pr.paragraph(block[2], indent=2)
        elif block[0] == "p":
            pr.paragraph(block[1], align="right" if block[1] in signature and k >= len(blocks) - 2 else "justify",
                         indent=0 if block[1] in signature else 2)
        else:
            cells = layout(block[1])
            w, nrows = width(cells), len(block[1])
            head = 3 if w in range(10, 15) else 2 if w == 15 else 1
            stacked = style == "wps" and w == 4 and k + 1 < len(blocks) and blocks[k + 1][0] == "table" \
                and width(layout(blocks[k + 1][1])) == 4
            pr.table(cells, nrows, w, header_rows=head, gap=0.0 if stacked else 8.0)
            if style == "word" and w in turned:
                pr.new_page(A4)
        k += 1


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
    build_producer_pdf(OUT / "pdf_001_word.pdf", "001", "word")
    build_producer_pdf(OUT / "pdf_002_wps.pdf", "002", "wps")
    build_producer_pdf(OUT / "pdf_001_wps_open.pdf", "001", "wps", open_sides=True)
    build_producer_pdf(OUT / "pdf_002_excel.pdf", "002", "word", excel=True)
    build_producer_pdf(OUT / "pdf_000_numbers.pdf", "000", "word", numbers=True, rotate=True, split_rows=True,
                       turned=range(15, 16), after_title=348, turn_labels=True,
                       thick_frame=True)
    build_scan(OUT / "pdf_scan.pdf")
    build_docx(OUT / "docx_001.docx", "001", via_style=False)
    build_docx(OUT / "docx_002.docx", "002", via_style=True)
    for p in sorted(OUT.iterdir()):
        print(p.relative_to(HERE.parent), p.stat().st_size)


if __name__ == "__main__":
    main()
