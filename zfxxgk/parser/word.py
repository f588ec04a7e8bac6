"""The Word front end (python-docx): a ``.docx`` → the blocks of the other front ends.

* The body's paragraphs and tables in document order (content controls and custom XML opened,
  deleted revisions and ``mc:Fallback`` copies skipped); headers, footers and footnotes are not
  read (page numbers live there).  **One line per body paragraph and one per table row**, so a
  value's ``line`` is the n-th paragraph-or-table-row of the document (empty ones counted); a soft
  line break or tab inside a paragraph becomes a space.
* **Automatic numbering** (``numbering.xml``): a paragraph numbered by Word — directly
  (``w:numPr``) or through its style — gets its number text back, formatted as Word shows it
  (``chineseCounting`` 一、二、…十一、, ``decimal``, ``（%1）``, ``ideographTraditional`` 甲乙丙, enclosed
  circles, letters, roman numerals, …), counting per list with level restarts, ``w:start``,
  ``w:startOverride`` and ``w:isLgl``.  So ``一、总体情况`` numbered by Word is still a chapter heading.
* **Tables**: cells laid out on the table grid with ``w:gridSpan``, ``w:vMerge`` and
  ``w:gridBefore``, then written as the HTML front end writes rowspan/colspan
  (:func:`~zfxxgk.parser.documents.table_lines`).  A table continued after nothing but empty
  paragraphs or a page break, on the same grid, is the same table: header rows it repeats are
  dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from ..errors import ReportError
from .blocks import Document
from .documents import GridCell, Line, document, glue, repeated_header, table_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {W + "del", W + "delText", W + "instrText", W + "rPr", W + "pPr", MC + "Fallback", W + "footnoteReference"}


def _val(el, tag: str, default=None):
    if el is None:
        return default
    child = el.find(W + tag)
    if child is None:
        return default
    return child.get(W + "val", default)


def _int(v, default: int) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


# --- numbering ---------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CN_UNITS = (("千", 1000), ("百", 100), ("十", 10))
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def chinese_counting(n: int, digits: str = "零一二三四五六七八九", units=_CN_UNITS) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (Word's ``chineseCounting``)."""
    if n <= 0:
        return digits[0] if n == 0 else str(n)
    if n >= 10000:
        return str(n)
    out = ""
    zero = False
    for unit, size in units:
        d, n = divmod(n, size)
        if d:
            if zero:
                out += digits[0]
                zero = False
            out += ("" if (d == 1 and unit == units[-1][0] and not out) else digits[d]) + unit
        elif out:
            zero = True
    if n:
        out += (digits[0] if zero else "") + digits[n]
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    k, r = divmod(n - 1, 26)
    return chr(ord("A") + r) * (k + 1)


def _roman(n: int) -> str:
    out = ""
    for v, s in _ROMAN:
        while n >= v:
            out += s
            n -= v
    return out or str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter as Word prints it in number format ``fmt`` (``w:numFmt``)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting", "japaneseDigitalTenThousand"):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _CN_LEGAL, (("仟", 1000), ("佰", 100), ("拾", 10)))
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigital"):
        return "".join(_CN_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("ideographZodiac",) and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n)) if n >= 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word's list numbering: definitions from ``numbering.xml`` and ``styles.xml``, counters."""

    def __init__(self, doc):
        self.levels: dict[str | None, dict[int, Any]] = {}  # abstractNumId → ilvl → w:lvl (lxml elements)
        self.nums: dict[str, tuple[str | None, dict[int, Any]]] = {}  # numId → (abstractNumId, ilvl → w:lvlOverride)
        try:
            root = doc.part.numbering_part.element
        except Exception:  # no numbering part
            root = None
        if root is not None:
            for a in root.iter(W + "abstractNum"):
                self.levels[a.get(W + "abstractNumId")] = {_int(lvl.get(W + "ilvl"), 0): lvl for lvl in a.iter(W + "lvl")}
            for num in root.iter(W + "num"):
                overrides = {_int(o.get(W + "ilvl"), 0): o for o in num.iter(W + "lvlOverride")}
                self.nums[num.get(W + "numId")] = (_val(num, "abstractNumId"), overrides)
        self.styles: dict[str, Any] = {}
        try:
            for st in doc.styles.element.iter(W + "style"):
                self.styles[st.get(W + "styleId")] = st
        except Exception:
            pass
        self.counters: dict[str | None, list[int | None]] = {}
        self.seen: set[str] = set()

    def _style_numpr(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _ in range(10):  # basedOn chain
            st = self.styles.get(style_id) if style_id else None
            if st is None:
                return None, None
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                return _val(numpr, "numId"), _int(_val(numpr, "ilvl"), -1) if _val(numpr, "ilvl") else None
            style_id = _val(st, "basedOn")
        return None, None

    def _lvl(self, num_id: str, ilvl: int):
        abstract, overrides = self.nums.get(num_id, (None, {}))
        o = overrides.get(ilvl)
        if o is not None and o.find(W + "lvl") is not None:
            return abstract, o.find(W + "lvl")
        return abstract, self.levels.get(abstract, {}).get(ilvl)

    def label(self, p) -> str:
        """The number text Word shows in front of paragraph ``p`` ('' when it is not numbered)."""
        ppr = p.find(W + "pPr")
        style = _val(ppr, "pStyle")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = (_val(numpr, "numId"), _val(numpr, "ilvl")) if numpr is not None else (None, None)
        ilvl = _int(ilvl, -1) if ilvl is not None else None
        if num_id is None:
            num_id, style_ilvl = self._style_numpr(style)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, _ = self.nums[num_id]
        if ilvl is None or ilvl < 0:  # a style linked to a level of the list
            ilvl = next((i for i, lvl in self.levels.get(abstract, {}).items() if _val(lvl, "pStyle") == style), 0)
        ilvl = max(0, min(ilvl, 8))
        counters = self.counters.setdefault(abstract, [None] * 9)
        if num_id not in self.seen:  # a list instance restarting its counters
            self.seen.add(num_id)
            for i, o in self.nums[num_id][1].items():
                start = _val(o, "startOverride")
                if start is not None and 0 <= i < 9:
                    counters[i] = _int(start, 1) - 1
        _, lvl = self._lvl(num_id, ilvl)
        start = _int(_val(lvl, "start"), 0)
        current = counters[ilvl]
        counters[ilvl] = start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if lvl is None:
            return ""
        text = _val(lvl, "lvlText", "")
        legal = lvl.find(W + "isLgl") is not None

        def level_text(m):
            k = int(m.group(1)) - 1
            if not 0 <= k < 9:
                return ""
            _, other = self._lvl(num_id, k)
            n = counters[k] if counters[k] is not None else _int(_val(other, "start"), 1)
            fmt = "decimal" if legal and k != ilvl else _val(other, "numFmt", "decimal")
            return format_number(n, fmt)

        return re.sub(r"%([1-9])", level_text, text) if _val(lvl, "numFmt") != "bullet" else ""


# --- text --------------------------------------------------------------------------------------

def _text(el) -> str:
    parts: list[str] = []

    def walk(node):
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                parts.append(" ")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "p" and parts:  # a paragraph inside a text box
                parts.append(" ")
                walk(child)
            else:
                walk(child)

    walk(el)
    out = ""
    for piece in "".join(parts).split("\n"):  # a soft break: the text goes on, no space between CJK
        out = glue(out, piece)
    return out


def _cell_text(tc) -> str:
    out = ""
    for child in tc:
        if child.tag == W + "p":
            out = glue(out, _text(child).strip())
        elif child.tag == W + "tbl":  # a nested table: its text, row by row
            for tr in child.iter(W + "tr"):
                out = glue(out, " ".join(_cell_text(c) for c in tr.iter(W + "tc")))
        elif child.tag in (W + "sdt", W + "customXml"):
            out = glue(out, _cell_text(child.find(W + "sdtContent") if child.tag == W + "sdt" else child) or "")
    return out.strip()


def _blocks(body):
    for child in body:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag == W + "customXml":
            yield from _blocks(child)


def _cells(tbl) -> tuple[list[GridCell], int, int]:
    """The table's cells on its grid, the number of rows, and the grid's width."""
    width = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    out: list[GridCell] = []
    rows = [tr for tr in tbl.iter(W + "tr") if tr.getparent() is tbl or tr.getparent().getparent() is tbl]
    for r, tr in enumerate(rows):
        c = _int(_val(tr.find(W + "trPr"), "gridBefore"), 0)
        tcs = []
        for child in tr:
            if child.tag == W + "tc":
                tcs.append(child)
            elif child.tag in (W + "sdt", W + "customXml"):
                tcs += [tc for tc in child.iter(W + "tc")]
        for tc in tcs:
            pr = tc.find(W + "tcPr")
            span = max(1, _int(_val(pr, "gridSpan"), 1))
            vmerge = pr.find(W + "vMerge") if pr is not None else None
            if vmerge is None or vmerge.get(W + "val") == "restart":
                out.append(GridCell(r, c, c + span, _cell_text(tc)))
            c += span
        width = max(width, c)
    return out, len(rows), width


#: A ``.docx`` whose parts unpack to more than this is refused before it is read (a ZIP bomb); a
#: report's document.xml is well under 10 MB, its pictures a few MB each.
MAX_UNZIPPED = 300_000_000


def docx_document(data: bytes) -> Document:
    """A ``.docx`` file's bytes → blocks; see the module doc."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ReportError(f"damaged ZIP archive (a .docx is one): {exc}") from None
    names = {i.filename for i in infos}
    inflated = sum(i.file_size for i in infos)  # zipfile reads no part past its declared size
    if inflated > MAX_UNZIPPED:
        raise ReportError(f"the .docx unpacks to {inflated:,} bytes from {len(data):,}, over the limit of "
                          f"{MAX_UNZIPPED:,}: refused (a damaged file, or one made to exhaust memory)")
    if "word/document.xml" not in names:
        raise ReportError("a ZIP archive but not a Word document (no word/document.xml): zfxxgk reads .docx, PDF, "
                          "HTML and text")
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ReportError(f"damaged Word document: {type(exc).__name__}: {str(exc)[:160]}") from None
    numbering = _Numbering(doc)
    lines: list[Line] = []
    tables = joined = 0
    # an open table: (its cells, the rows so far incl. paragraphs after it, its width, first line index)
    open_table: list | None = None
    for el in _blocks(doc.element.body):
        if el.tag == W + "p":
            label = numbering.label(el)
            text = _text(el).strip()
            lines.append(Line(glue(label, text) if text else "", None, []))
            if open_table is not None and text:
                open_table = None
            elif open_table is not None:
                open_table[1] += 1
            continue
        cells, nrows, width = _cells(el)
        if open_table is not None and open_table[2] == width:
            first, offset, _, at = open_table
            skip = repeated_header(first, cells)
            cells = first + [GridCell(c.row + offset, c.col, c.end, c.text) for c in cells if c.row >= skip]
            del lines[at:]
            lines += table_lines(cells, offset + nrows, keep_empty=True)
            open_table = [cells, offset + nrows, width, at]
            joined += 1
            continue
        at = len(lines)
        lines += table_lines(cells, nrows, keep_empty=True)
        open_table = [cells, nrows, width, at]
        tables += 1
    note = f"Word document: {sum(1 for ln in lines if ln.cells is None)} paragraphs, {tables} table(s)"
    if joined:
        note += f" ({joined} continuing the table before, after nothing but empty paragraphs or a page break: joined)"
    note += "; line N is the N-th paragraph or table row of the body"
    return document("docx", lines, [("info", "word-document", note, None)])
