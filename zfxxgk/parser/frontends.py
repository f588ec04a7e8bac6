"""Front ends: HTML pages and Markdown → a :class:`~.blocks.Document` (plain text: :mod:`.plaintext`).

One grammar, several front ends.  Each front end only changes the *layout* of its input into the
blocks every front end gives (:mod:`.blocks`): paragraphs, and table rows of cells with their
text as printed.  Nothing here decides what a block *is*; the grammar does.

HTML (:func:`html_document`)
    Parsed with **lxml** (libxml2's HTML parser): a maintained C parser that repairs the broken
    markup government CMSs produce (unclosed ``<td>``/``<p>``, stray tags), never touches the
    network (``no_network``), expands only HTML's fixed table of named character references (no
    DTD, no internal-subset entities: libxml2's HTML mode ignores them) and, unlike html5lib or
    selectolax, reports each element's *source line*, which is how values keep the line of the
    original page.

    * The report body is found among the site chrome: ``script``/``style``/``nav``/``footer``/
      forms and hidden elements are dropped; then, from the root, we descend while one child holds
      most (≥ 60 %) of the page's non-link Chinese text and every "report marker" (a table with
      the template's header words, a chapter heading such as ``三、收到和处理…``).  The page title
      (an ``h1``–``h3``/``*title*`` element, else ``<title>``) and metadata lines before the body
      (``发布机构：…``, also as ``key： | value`` cells of an info table) are kept in front of it,
      so ``meta`` is read as from a text dump.
    * Tables become one row block per ``<tr>``.  ``colspan``/``rowspan`` are laid out on a grid,
      and a spanned cell is given **once**, in the row and column where it starts; the slots it
      covers give nothing (neither repeated nor blank).  Why: the grammar reads labels as tokens,
      so a repeated label would be a second, empty row; and a value's column is its position
      *after its row label*, which a span does not change (a 2021 ``本年处理决定数量`` spanning
      three grid columns is still the row's one value).  An empty cell (``&nbsp;``) is a blank
      cell — a blank value — in a row that holds values; in a header row (labels only) it is
      layout and dropped, and a grid column empty in every row is dropped.  A table whose cells
      hold nested tables or long prose is a layout table and is read as blocks.
    * Line numbers: each block is on the source line of the element it comes from (``<tr>``,
      ``<p>``, …), so a cell's ``line`` is its line in the original page; the line shown for it is
      the paragraph's text or the row as ``| a | b |``.  Where several rows/paragraphs start on one
      source line (minified pages), they take the next free line numbers, so a number is never
      *less* than the source line; a note says so.

Markdown (:func:`markdown_document`)
    Line for line (numbers are the original lines): ``#`` heading marks, emphasis ``**``/``__``,
    inline tags (``<u>``) and escaped pipes are removed; a table (a run of pipe lines holding a
    ``|---|`` rule) gives a row block per row, laid out as pymupdf4llm's are read (see
    :func:`markdown_document`); other lines are read as plain text.  An input with a ``|---|``
    rule is Markdown even when its cells hold ``<br>``.
"""

from __future__ import annotations

import re
from typing import Iterable, Literal, overload

import attrs

from .. import patterns
from ..reprs import attrs_eq, attrs_repr
from ..vocabulary import PAGE_META_KEY, PAGE_TITLE, alternation, units
from .blocks import Block, Document, paragraph, row
from .decoding import split_lines
from .kind import MD_RULE, detect
from .plaintext import line_block, spans_on_cell_lines, text_document
from .text import fold, simplify

__all__ = ["detect", "html_document", "markdown_document", "convert"]


def convert(text: str) -> Document:
    """Read ``text`` with the front end it needs (:func:`detect`)."""
    kind = detect(text)
    if kind == "html":
        return html_document(text)
    if kind == "markdown":
        return markdown_document(text)
    return text_document(text)


# --- Markdown ---------------------------------------------------------------------------------

_MD_HEAD = patterns.compile(r"^( {0,3})#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_MD_EMPH = patterns.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_BR = patterns.compile(r"<br\s*/?>", re.I)
_MD_QUOTE = patterns.compile(r"^ {0,3}> ?")
#: inline marks converters leave in Markdown (pymupdf4llm writes underlined headings as ``<u>…</u>``)
_MD_INLINE = patterns.compile(r"</?(?:u|b|i|em|strong|sup|sub|s|span|font|mark|ins)\b[^>]*>", re.I)
#: pymupdf4llm's names for header cells it found empty (its table has no header row of its own)
_MD_PLACEHOLDER = patterns.compile(r"Col\d{1,3}")
#: a page number printed centred at a page's foot (``- 3 -``; pymupdf4llm writes ``      - 3``, which
#: is taken for one only when it goes on the page numbers before it: else it may be a value, ``-3``)
_MD_PAGE_NO = patterns.compile(r"\s*[-–—]\s*\d{1,3}\s*[-–—]\s*|\s{5,}[-–—]\s+(\d{1,3})\s*")
_DIGIT = patterns.compile(r"[0-9０-９]")


def markdown_document(text: str) -> Document:
    """Markdown as PDF/LLM converters write it → blocks, line for line.

    Tables (a run of pipe lines holding a ``|---|`` rule) are laid out like HTML tables: a cell
    merged over several slots — which pymupdf4llm repeats in every slot, across and down — is
    given once, where it starts; its ``ColN`` placeholder header cells are empty cells.  A
    ``<br>`` inside a cell joins the cell's lines (no space between CJK characters), except between
    two numbers (``1<br>0``: two values stacked in one cell, or one wrapped?  Not decidable, so the
    cell is kept as printed and cannot be read as a value: its row goes to an error).  A ``\\|``
    in a cell is a ``|`` of its text.
    """
    out, pages = _md_lines(text)
    notes: list[tuple[str, str, str, int | None]] = []
    if pages:
        notes.append(("info", "page-number", f"{len(pages)} page number line(s) dropped (lines "
                      + ", ".join(map(str, pages[:10])) + ("…" if len(pages) > 10 else "") + ")", pages[0]))
    rows, placeholders = _md_tables(out)
    if placeholders:
        notes.append(("info", "md-placeholder", "header cells named Col1, Col2 … (a converter's names for empty "
                      "header cells) read as empty cells (lines " + ", ".join(map(str, placeholders[:10]))
                      + ("…" if len(placeholders) > 10 else "") + ")", placeholders[0]))
    blocks: dict[int, Block] = {}
    for k, cells in rows.items():
        out[k], block = row(k + 1, cells) if cells else ("", None)
        if block is not None:
            blocks[k] = block
    spans = spans_on_cell_lines(out)
    for k, line in enumerate(out):
        if k not in rows:
            block = line_block(k + 1, line, spans)
            if block is not None:
                blocks[k] = block
    return Document("markdown", tuple(blocks[k] for k in sorted(blocks)), tuple(out), tuple(notes))


def _md_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines without their markup (heading marks, quotes, emphasis, inline tags), and the
    lines holding only a page number (dropped: left empty)."""
    out = []
    pages = []
    numbers: list[int] = []  # the page numbers dropped so far
    for no, line in enumerate(split_lines(text), start=1):
        page = _MD_PAGE_NO.fullmatch(line)
        if page and (page.group(1) is None or 0 < int(page.group(1)) - (numbers[-1] if numbers else 0) <= 2):
            numbers.append(int(re.sub(r"\D", "", line)))
            pages.append(no)
            out.append("")
            continue
        # (each mark looked for only on a line that holds its character)
        if ">" in line:
            line = _MD_QUOTE.sub("", line)
        m = _MD_HEAD.match(line) if "#" in line else None
        if m:
            line = m.group(1) + m.group(2)
        if "**" in line or "__" in line:
            line = _MD_EMPH.sub(r"\2", line)
        if "<" in line:
            line = _MD_INLINE.sub("", line)
            if "|" not in line:
                line = _MD_BR.sub(" ", line)
        out.append(line)
    return out, pages


def _md_tables(out: list[str]) -> tuple[dict[int, list[str] | None], list[int]]:
    """The tables among the lines ``out``: per row (line index), the cells it gives (``None``: none),
    and the lines whose ``ColN`` header cells were read as empty.  Pipe lines outside a table
    (no ``|---|`` rule) are left as plain text, their ``<br>`` a space, ``\\|`` a ``／``."""
    rows: dict[int, list[str] | None] = {}
    placeholders: list[int] = []
    i = 0
    while i < len(out):
        if "|" not in out[i]:
            i += 1
            continue
        j = i
        while j < len(out) and "|" in out[j]:
            j += 1
        block = range(i, j)
        first = next((k for k in block if MD_RULE.match(out[k])), None)
        if first is None:
            for k in block:
                out[k] = _MD_BR.sub(" ", out[k].replace("\\|", "／"))
            i = j
            continue
        lines = [k for k in block if not MD_RULE.match(out[k])]
        cells = []
        for k in lines:
            texts = [_md_cell(c) for c in _md_cells(out[k])]
            if k < first and any(_MD_PLACEHOLDER.fullmatch(c) for c in texts):
                placeholders.append(k + 1)
                texts = ["" if _MD_PLACEHOLDER.fullmatch(c) else c for c in texts]
            cells.append(texts)
        rows.update(zip(lines, clean_grid(_md_grid(cells))))
        i = j
    return rows, placeholders


def _md_cells(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.replace("\\|", "|").strip() for c in cells]


def _md_cell(text: str) -> str:
    """A cell's lines (``<br>``) joined: as one text, or kept as printed between two numbers."""
    if "<" not in text:
        return text.strip()
    parts = [p.strip() for p in _MD_BR.split(text)]
    out = parts[0]
    for part in parts[1:]:
        if not part or not out:
            out += part
        elif _DIGIT.match(out[-1]) and _DIGIT.match(part[0]):
            out += "<br>" + part
        elif out[-1].isascii() and out[-1].isalpha() and part[0].isascii() and part[0].isalpha():
            out += " " + part
        else:
            out += part
    return out


def _covering(row: list[str], c: int) -> str:
    """The text over slot ``c`` of ``row``: its own, or — left empty, as a converter leaves the
    slots a merged cell covers — the nearest text to its left."""
    for k in range(min(c, len(row) - 1), -1, -1):
        if row[k]:
            return row[k]
    return ""


def _repeated_over(heads: list[list[str]], c: int, e: int) -> bool:
    """Whether every header row above merges slot ``e`` with slot ``c``: the same text printed
    again over it, or both slots left empty under one cell to their left (a title row) — and at
    least one row prints the text again.  A header cell with nothing after it (``审结 |  |``) is
    no evidence: the empty slot may be a cell the page lost, and the two values stay two cells."""
    again = False
    for hr in heads:
        here = hr[e] if e < len(hr) else ""
        if here:
            if here != _covering(hr, c):
                return False
            again = True
        elif (hr[c] if c < len(hr) else "") or not _covering(hr, c):
            return False
    return again


def _md_grid(rows: list[list[str]]) -> list[list[tuple[int, int, str]]]:
    """A Markdown table's cells → ``(column, end column, text)`` per row, a merged cell once.

    A converter repeats a merged cell's text in every slot it covers.  Down a column, a label
    repeated from the row above is the same cell (a group label, a header spanning two rows): it
    is dropped — in a row of values only when another label of the row stays.  Across a row,
    repeated labels (of three characters or more) are one cell; repeated *values* are one cell only where every header row
    above them is repeated over the same slots (a header merged across them, as a 2021 ``本年处理
    决定数量`` over three columns) — equal values in columns of their own stay separate values.
    """
    data = [_is_data_row(row) for row in rows]
    grid = []
    for r, row in enumerate(rows):
        texts = list(row)
        above = rows[r - 1] if r else []
        if r and data[r] == data[r - 1]:
            for c, t in enumerate(texts):
                if not t or _VALUE_LIKE.match(t) or _covering(above, c) != t:
                    continue
                later = [u for u in texts[c + 1:] if u]
                if not data[r] or (later and not _VALUE_LIKE.match(later[0]) and later[0] != t):
                    texts[c] = ""
        # the header rows of this row's segment (above its run of value rows)
        heads = []
        h = r - 1
        while data[r] and h >= 0 and data[h]:
            h -= 1
        while data[r] and h >= 0 and not data[h]:
            heads.append(rows[h])
            h -= 1
        cells = []
        c = 0
        while c < len(texts):
            t = texts[c]
            e = c + 1
            while t and e < len(texts) and texts[e] == t and rows[r][e] == rows[r][c]:
                if not _VALUE_LIKE.match(t) and len(t) < 3:
                    break  # 结果 | 结果: as likely two cells of a header broken over rows as one merged cell
                if _VALUE_LIKE.match(t) and not _repeated_over(heads, c, e):
                    break
                e += 1
            cells.append((c, e, t))
            c = e
        grid.append(cells)
    return grid


# --- HTML -------------------------------------------------------------------------------------

_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
         "select", "option", "button", "input", "textarea", "nav", "footer", "aside", "map", "audio", "video"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "blockquote", "pre", "center", "address", "hr", "caption", "figure", "figcaption",
          "main", "header", "form", "fieldset", "legend", "details", "summary", "body", "html", "tbody",
          "thead", "tfoot", "tr", "td", "th"}
_TEXT_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "font", "a", "li", "em", "label"}
_HIDDEN = patterns.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = patterns.compile(r"[ \t\r\n\f]+")  # HTML white space (not NBSP: &nbsp; is content)
_CJK = patterns.compile(r"[\u3400-\u9fff]")
_CHAPTER_MARK = patterns.compile(
    r"^\s*[一二三四五六七八九十]{1,2}\s*[、.，,．]\s*(?:总体情况|總體情況|主动公开|主動公開|收到和处理|收到和處理|"
    r"政府信息公开行政复议|政府信息公開行政復議|因政府信息公开|因政府信息公開|存在的主要问题|存在的主要問題|"
    r"政府信息公开工作存在|其他需要报告|其他需要報告|其它需要报告|概述)")
_TABLE_MARK = patterns.compile(r"信息内容|信息內容|申请人情况|申請人情況|行政复议|行政復議|本年新收|第二十条|第二十條")
_TITLE_RE = patterns.compile(PAGE_TITLE)  # matched on simplified text
_META_RE = patterns.compile(r"^\s*" + PAGE_META_KEY + r"\s*[:：]")
_UNITS = alternation(units("p", traditional=True))
_VALUE_LIKE = patterns.compile(r"^\s*[-−－+]?[0-9０-９][0-9０-９]*(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?\s*(?:" + _UNITS
                              + r")?\s*$|^\s*(?:/|／|—+|－|-+|–|―|无|無)\s*$")


#: Most grid slots a table's spans may cover or skip: a real report's table needs a few thousand; this
#: bounds time and memory for any page.
MAX_GRID_WORK = 100_000


@attrs.define(repr=False)
class _Line:
    __repr__ = attrs_repr
    __eq__ = attrs_eq
    src: int  # source line of the element it starts in
    cells: list[str] | None = None  # a table row (None: a paragraph)
    text: str = ""


def _norm_ws(s: str) -> str:
    return _WS.sub(" ", s)


def _cjk(s: str) -> int:
    return len(_CJK.findall(s))


_TABLE_TAGS = ("tr", "td", "th", "tbody", "thead", "tfoot")


def _xml_safe(text: str) -> str:
    """Text lxml accepts: a control character (a damaged byte libxml2 kept) as U+FFFD, as bad bytes are."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)


class _Html:
    def __init__(self, text: str):
        from lxml import etree, html

        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding declaration
        parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False,
                                 default_doctype=False)
        try:
            self.root = html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError):
            self.root = html.fromstring("<html><body></body></html>")
        self.notes: list[tuple[str, str, str, int | None]] = []
        self._repair_tables()
        title = self.root.find(".//title")
        self.page_title = _norm_ws(title.text_content()).strip() if title is not None else ""
        self._drop_chrome()
        self.weight: dict = {}
        self._weigh(self.root)

    # ---- cleaning and finding the body ---------------------------------------------------------
    def _repair_tables(self) -> None:
        """A table tag a damaged byte made unknown (``<tdvalign="middle">``, ``<t>``): libxml2 keeps it
        as an element holding everything up to the table's end.  In a row it is the cell it was (the
        cells it swallowed follow it again); in a table it is unwrapped, its rows and cells back in
        place (cells left without a ``<tr>`` then make a row of their own, as a browser's would)."""
        import difflib

        from lxml.html import defs

        for el in list(self.root.iter()):
            parent = el.getparent()
            if not isinstance(el.tag, str) or parent is None or not isinstance(parent.tag, str):
                continue
            tag = el.tag.lower()
            if tag in defs.tags or self._respelled(el):  # (a known tag is no damaged one)
                continue
            name = re.sub(r"[^a-z].*", "", tag, flags=re.S)
            where = parent.tag.lower()
            if where not in ("table", "thead", "tbody", "tfoot", "tr") or not (
                    name[:2] in ("td", "th", "tr") or difflib.get_close_matches(name, _TABLE_TAGS, 1, 0.6)):
                continue
            line, shown = el.sourceline, f"<{el.tag[:30]}>"
            if where == "tr":
                at = parent.index(el)
                for k, cell in enumerate([c for c in el if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]):
                    parent.insert(at + 1 + k, cell)
                el.tag = "td"
            else:
                try:
                    el.drop_tag()
                except ValueError:  # a control character in the text it merges (lxml refuses to set it)
                    continue
            self.notes.append(("warning", "html-tag", f"a damaged tag {shown} in a table (line {line}) read as "
                               + ("a cell" if where == "tr" else "no tag"), line))
        for tr in list(self.root.iter("tr")):
            self._stray_cells(tr)
        for cell in list(self.root.iter("td", "th")):
            self._swallowed_cell(cell)

    def _respelled(self, el) -> bool:
        """A table tag whose name a damaged byte split (``<tb\tody>``, ``<ta ble>``): libxml2 reads the
        head as the tag and the rest as an empty attribute.  When the two spell a table tag, the element
        is that tag again (with a warning)."""
        rest = next(((k, v) for k, v in el.attrib.items() if not v), None) if el.attrib else None
        spelled = re.sub(r"[^a-z]", "", (el.tag + (rest[0] if rest else "")).lower())
        if spelled not in _TABLE_TAGS + ("table",) or spelled == el.tag.lower():
            return False
        line, shown = el.sourceline, f"<{el.tag[:30]}{' ' + rest[0][:30] if rest else ''}>"
        if rest:
            del el.attrib[rest[0]]
        el.tag = spelled
        # its end tag was unknown to libxml2, so what followed it (a heading, the next table) is inside
        inner = {"table": ("caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"),
                 "tr": ("td", "th")}.get(spelled, ("tr", "td", "th"))

        def strays(c) -> bool:
            tag = c.tag.lower() if isinstance(c.tag, str) else None
            return tag is not None and ((tag in ("td", "th", "tr")) if spelled in ("td", "th") else tag not in inner)

        out = next((k for k, c in enumerate(el) if strays(c)), None)
        if out is not None:
            at = el.getparent().index(el)
            for k, child in enumerate(list(el)[out:]):
                el.getparent().insert(at + 1 + k, child)
        self.notes.append(("warning", "html-tag", f"a damaged tag {shown} (line {line}) read as <{spelled}>", line))
        return True

    def _swallowed_cell(self, cell) -> None:
        """A cell tag whose attribute lost its closing quote (``<td valign="middle >2601</td><td …>``):
        the attribute runs on over the cell's text and end tag into the next cell's tag, which lends
        the merged cell its text.  The text swallowed is the cell before it again."""
        from lxml import etree

        for name, value in cell.attrib.items():
            m = re.search(r">(.*?)</t[dh]\b", value, re.I | re.S)
            if m is None:
                continue
            del cell.attrib[name]
            lost = etree.Element(cell.tag)
            lost.text = _xml_safe(re.sub(r"<[^>]*>", "", m.group(1)))
            cell.addprevious(lost)
            self.notes.append(("warning", "html-tag", f"a cell tag lost a quote (line {cell.sourceline}): the "
                               f"cell it swallowed ({_norm_ws(lost.text).strip()[:30]!r}) read as a cell of its own",
                               cell.sourceline))
            return

    def _stray_cells(self, tr) -> None:
        """Text standing in a row outside its cells — a cell whose tag a damaged byte broke (``</td``
        without its ``>`` swallows the next ``<td …>``; ``|td …>``) — is the cell it was, in its place;
        a broken tag's remains at its start (``|td valign="middle">``) are dropped."""
        from lxml import etree

        def cell(el) -> bool:
            return isinstance(el.tag, str) and el.tag.lower() in ("td", "th")

        def blank(text) -> bool:
            return not (text or "").strip(" \t\r\n\xa0")

        others = [c for c in tr if not cell(c)]
        if (blank(tr.text) and all(blank(c.tail) for c in tr) and all(blank(c.text_content()) for c in others)) \
                or any(c.find(".//td") is not None or c.find(".//th") is not None for c in others):
            return
        parts: list = [tr.text]  # the row's content in order: texts and elements
        for child in list(tr):
            parts += [child, child.tail]
            child.tail = None
            tr.remove(child)
        tr.text, run = None, None
        for part in parts + [None]:
            if part is None or isinstance(part, str) or not cell(part):
                if part is not None and not (isinstance(part, str) and blank(part)):
                    if run is None:
                        run = etree.SubElement(tr, "td")
                    if isinstance(part, str) and len(run):
                        run[-1].tail = _xml_safe((run[-1].tail or "") + part)
                    elif isinstance(part, str):
                        run.text = _xml_safe((run.text or "") + part)
                    else:
                        run.append(part)
                continue
            if run is not None:
                self._stray_note(run, tr)
                run = None
            tr.append(part)
        if run is not None:
            self._stray_note(run, tr)

    def _stray_note(self, run, tr) -> None:
        run.text = _xml_safe(re.sub(r"^\s*[^\w\s]?/?t[dhr](?:\s[^<>]*)?>", "", run.text or ""))
        if not _norm_ws(run.text_content()).strip():
            tr.remove(run)
            return
        self.notes.append(("warning", "html-tag", f"text outside any cell of a table row (line {tr.sourceline}: a "
                           f"damaged tag) read as a cell: {_norm_ws(run.text_content()).strip()[:30]!r}",
                           tr.sourceline))

    def _drop_chrome(self) -> None:
        doomed = []
        for el in self.root.iter():
            tag = el.tag if isinstance(el.tag, str) else ""
            if tag.lower() in _DROP or tag.lower() == "head" or _HIDDEN.search(el.get("style") or "") \
                    or el.get("hidden") is not None:
                doomed.append(el)
        for el in doomed:
            parent = el.getparent()
            if parent is None:
                continue
            tail = el.tail
            if tail:  # keep the text that follows the dropped element
                prev = el.getprevious()
                if prev is not None:
                    prev.tail = (prev.tail or "") + tail
                else:
                    parent.text = (parent.text or "") + tail
            parent.remove(el)

    def _weigh(self, el) -> int:
        """Chinese characters of text outside links, per element (bottom-up)."""
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        own = 0 if tag == "a" else _cjk(el.text or "")
        for child in el:
            w = self._weigh(child)
            own += 0 if tag == "a" else w
            own += _cjk(child.tail or "") if tag != "a" else 0
        self.weight[el] = own
        return own

    def _markers(self) -> list:
        out = []
        for el in self.root.iter("table"):
            if _TABLE_MARK.search(el.text_content()[:4000]):
                out.append(el)
        for el in self.root.iter():
            if not isinstance(el.tag, str) or el.tag.lower() in ("table", "tr", "tbody", "html", "body"):
                continue
            own = _norm_ws(el.text or "")
            if _CHAPTER_MARK.match(own) or (not own.strip() and len(el) and _CHAPTER_MARK.match(
                    _norm_ws(el.text_content())[:60]) and el.tag.lower() in ("p", "h1", "h2", "h3", "h4", "strong", "b", "span")):
                out.append(el)
        return out

    def body(self):
        root = self.root.find("body")
        if root is None:
            root = self.root
        total = self.weight.get(root, 0)
        markers = self._markers()
        ancestors = [set(m.iterancestors()) | {m} for m in markers]
        node = root
        while True:
            nxt = None
            for child in node:
                if not isinstance(child.tag, str):
                    continue
                if self.weight.get(child, 0) >= 0.6 * total and all(child in a for a in ancestors):
                    nxt = child
                    break
            # a paragraph or heading is no container: holding most of the text, it is the body's
            # first line (a fragment of a heading and its table), not the body
            if nxt is None or nxt.tag.lower() in ("tr", "td", "th", "tbody", "thead") or nxt.tag.lower() in _TEXT_BLOCK:
                break
            node = nxt
            if node.tag.lower() == "table" and not self._is_layout(node):
                break
        return node

    # ---- walking --------------------------------------------------------------------------------
    @staticmethod
    def _line(el) -> int:
        return el.sourceline or 1

    def _is_layout(self, table) -> bool:
        for cell in table.iter("td", "th"):
            if cell.find(".//table") is not None:
                return True
            if len(_norm_ws(cell.text_content())) > 300:
                return True
        return False

    def lines(self, node) -> list[_Line]:
        if isinstance(node.tag, str) and node.tag.lower() == "table" and not self._is_layout(node):
            return self._table(node)
        out: list[_Line] = []
        buf: list[str] = []
        start = [self._line(node)]

        def flush():
            text = "".join(buf).strip(" ")
            if text.strip():
                out.append(_Line(start[0], None, text))
            buf.clear()

        def walk(el):
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if tag == "table" and not self._is_layout(el):
                flush()
                out.extend(self._table(el))
                start[0] = self._line(el)
            elif tag == "br":
                flush()
                start[0] = self._line(el)
            elif tag in _BLOCK:
                flush()
                start[0] = self._line(el)
                if el.text:
                    if not "".join(buf).strip():
                        start[0] = self._line(el)
                    buf.append(el.text if tag == "pre" else _norm_ws(el.text))
                for child in el:
                    walk(child)
                flush()
            else:
                if el.text:
                    if not "".join(buf).strip():
                        start[0] = self._line(el)
                    buf.append(_norm_ws(el.text))
                for child in el:
                    walk(child)
            if el.tail:
                if not "".join(buf).strip():
                    start[0] = self._line(el)
                buf.append(_norm_ws(el.tail))

        if node.text:
            buf.append(_norm_ws(node.text))
        for child in node:
            walk(child)
        flush()
        return out

    @staticmethod
    def _cell_text(cell) -> str:
        parts: list[str] = []

        def walk(el, top=False):
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if tag in ("br", "p", "div", "li") and not top:
                parts.append(" ")
            if el.text:
                parts.append(el.text)
            for child in el:
                walk(child)
            if el.tail and not top:
                parts.append(el.tail)

        walk(cell, top=True)
        return _norm_ws("".join(parts)).strip(" ")

    def _rows(self, table) -> list:
        """The table's rows, each as its cells.  Cells standing directly in the table (a page that
        lost a ``<tr>``: libxml2 leaves them there) make a row of their own, up to the next ``<tr>``
        — never added to a neighbouring row, whose columns they would shift."""
        rows: list = []
        loose: list = []

        def take(children):
            for child in children:
                tag = child.tag.lower() if isinstance(child.tag, str) else ""
                if tag in ("td", "th"):
                    if not loose:
                        rows.append(loose)
                    loose.append(child)
                    continue
                if loose:
                    rows[-1] = list(loose)
                    loose.clear()
                if tag == "tr":
                    rows.append(child)
                elif tag in ("thead", "tbody", "tfoot"):
                    take(child)
            if loose:
                rows[-1] = list(loose)
                loose.clear()

        take(table)
        return rows

    def _table(self, table) -> list[_Line]:
        rows = self._rows(table)
        # Spans are capped as browsers cap them (colspan ≤ 1000, rowspan ≤ 65534) and laid out with
        # one "covered until row" mark per column, never a slot per covered cell; the marking work
        # of a table is bounded (MAX_GRID_WORK), after which spans are read as 1 (and said so).
        below: dict[int, int] = {}  # column → last row a rowspan from above covers
        work, capped = 0, False
        grid: list[list[tuple[int, int, str]]] = []  # per row: (column, end column, text) of cells starting there
        for r, tr in enumerate(rows):
            if isinstance(tr, list):
                self.notes.append(("warning", "html-row", f"{len(tr)} table cell(s) outside any <tr> (line "
                                   f"{self._row_line(tr)}: a damaged page) read as a row of their own",
                                   self._row_line(tr)))
            c = 0
            anchored = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                while below.get(c, -1) >= r:
                    c += 1
                    work += 1
                cs = _span(cell.get("colspan"), 1000)
                rs = min(_span(cell.get("rowspan"), 65534, zero=len(rows) - r), len(rows) - r)
                if capped or work + cs > MAX_GRID_WORK:
                    if not capped:
                        self.notes.append(("warning", "html-spans", "a table's colspan/rowspan would lay out more "
                                           f"than {MAX_GRID_WORK:,} cells; further spans read as 1",
                                           self._row_line(tr)))
                        capped = True
                        below.clear()
                    cs = rs = 1
                if rs > 1:
                    for dc in range(cs):
                        below[c + dc] = max(below.get(c + dc, -1), r + rs - 1)
                    work += cs
                anchored.append((c, c + cs, self._cell_text(cell)))
                c += cs
            grid.append(anchored)
        return [_Line(self._row_line(tr), cells) for tr, cells in zip(rows, clean_grid(grid, explicit_spans=True)) if cells]

    def _row_line(self, tr) -> int:
        return self._line(tr[0] if isinstance(tr, list) else tr)

    def title_and_meta(self, body) -> tuple[_Line | None, list[_Line]]:
        """The page's report title (if outside the body) and the metadata lines before the body."""
        inside = set(body.iter())
        title = None
        for el in self.root.iter():
            if el in inside or not isinstance(el.tag, str):
                continue
            tag = el.tag.lower()
            cls = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
            if tag in ("h1", "h2", "h3") or "title" in cls or "bt" == cls.strip():
                text = _norm_ws(el.text_content()).strip()
                if len(text) <= 100 and _TITLE_RE.fullmatch(_simplified(text)) and el.find(".//a") is None:
                    title = _Line(self._line(el), None, text)
                    break
        if title is None and self.page_title:
            for piece in re.split(r"\s*(?:_|\||－|—|-{1,2}|::)\s*", self.page_title):
                if _TITLE_RE.fullmatch(_simplified(piece)):
                    title = _Line(self._line(body), None, piece.strip())
                    break
        meta: list[_Line] = []
        body_line = self._line(body)
        seen = set()
        for el in self.root.iter("p", "div", "span", "li", "td", "th", "tr", "dd", "dt", "em", "label", "font"):
            if el in inside or el.sourceline is None or el.sourceline > body_line:
                continue
            if any(a in seen for a in el.iterancestors()):
                continue
            if el.tag.lower() == "tr":
                cells = [self._cell_text(c) for c in el if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
                pairs = _pair_meta(cells)
                if pairs:
                    meta.extend(_Line(self._line(el), None, p) for p in pairs)
                    seen.add(el)
                continue
            text = _norm_ws(el.text_content()).strip()
            if len(text) <= 200 and _META_RE.match(_simplified(text)):
                meta.append(_Line(self._line(el), None, text))
                seen.add(el)
        return title, meta


def _simplified(text: str) -> str:
    return simplify(fold(text))


def _pair_meta(cells: list[str]) -> list[str]:
    out = []
    i = 0
    while i < len(cells):
        cell = cells[i].strip()
        if _META_RE.match(_simplified(cell)):
            if re.search(r"[:：]\s*$", cell) and i + 1 < len(cells) and not _META_RE.match(_simplified(cells[i + 1])):
                out.append(cell + cells[i + 1].strip())
                i += 2
                continue
            out.append(cell)
        i += 1
    return out


def _span(value: str | None, cap: int, zero: int = 1) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        m = re.match(r"\s*(\d+)", str(value))
        n = int(m.group(1)) if m else 1
    if n == 0:
        return max(1, zero)
    return max(1, min(n, cap))


@overload
def clean_grid(grid: list[list[tuple[int, int, str]]], *, explicit_spans: bool = ...,
               indices: Literal[False] = ...) -> list[list[str] | None]: ...
@overload
def clean_grid(grid: list[list[tuple[int, int, str]]], *, explicit_spans: bool = ...,
               indices: Literal[True]) -> list[list[int] | None]: ...
def clean_grid(grid: list[list[tuple[int, int, str]]], *, explicit_spans: bool = False,
               indices: bool = False) -> list[list[str] | None] | list[list[int] | None]:
    """Rows of a laid-out table → the cells to write, keeping every value's column position.

    ``grid`` holds, per row, the cells that start in it as ``(column, end column, text)`` (a span
    covers ``column … end-1``; covered slots are simply absent).  A *data row* holds a value (a
    number or a blank mark) or is a label followed by empty cells only; other rows are headers.
    Consecutive header rows form a header group, which with the data rows after it is a segment:

    * the segment's *value region* starts at the first column, right of column 0, where a header
      cell stands — or further left if a data row has a value there;
    * in a data row, cells left of the value region are labels (empty ones are span leftovers,
      dropped); from the region on every cell is kept, an empty one as a blank value, except
      empty cells right of everything the header group covers (layout, trimmed);
    * in a header row only non-empty cells are kept.  Rows with no text give ``None``.

    With ``indices`` each kept cell is given as its index in its row of ``grid`` (so a front end
    can carry the cell's position along), not as its text.
    """
    kinds = [_is_data_row([t for _, _, t in row], explicit_spans) for row in grid]
    out: list = [None] * len(grid)
    i = 0
    while i < len(grid):
        j = i
        while j < len(grid) and not kinds[j]:
            j += 1
        k = j
        while k < len(grid) and kinds[k]:
            k += 1
        headers = [c for row in grid[i:j] for c in row if c[2].strip()]
        data = grid[j:k]
        starts = [c[0] for c in headers if c[0] > 0]
        firsts = [f for f in (next((c[0] for c in row if _VALUE_LIKE.match(c[2]) and c[2].strip()), None)
                              for row in data) if f is not None]
        region = min(starts + firsts) if starts or firsts else 0
        extent = max((c[1] for c in headers), default=None)
        for r in range(i, j):
            kept = [n for n, (_, _, t) in enumerate(grid[r]) if t.strip()]
            out[r] = (kept if indices else [grid[r][n][2] for n in kept]) or None
        for r, row in zip(range(j, k), data):
            kept = []
            for n, (c0, c1, text) in enumerate(row):
                if c0 < region and not text.strip():
                    continue
                if not text.strip() and extent is not None and c0 >= extent:
                    continue
                kept.append(n)
            while kept and not row[kept[-1]][2].strip() and all(not row[n][2].strip() for n in kept):
                kept.pop()
            out[r] = (kept if indices else [row[n][2] for n in kept]) or None
        i = k if k > i else i + 1
    return out


def _is_data_row(texts: list[str], explicit_spans: bool = False) -> bool:
    """A row holding values: empty cells in it are blank values, not layout.

    A label followed by empty cells only is a row of blank values when spans are explicit (HTML
    ``colspan``: an empty ``<td>`` is a cell); in a span-less grid (Markdown) it is just as likely
    a spanned title row, so it is read as a header (its row then reports no values, never wrong ones).
    """
    if any(_VALUE_LIKE.match(t) for t in texts if t.strip()):
        return True
    if not explicit_spans:
        return False
    filled = [i for i, t in enumerate(texts) if t.strip()]
    # label cell(s) first, then only empty cells: a row whose values are all blank
    return bool(filled) and filled == list(range(len(filled))) and len(filled) <= 3 and len(filled) < len(texts)


def _layout(lines: Iterable[_Line]) -> tuple[list[str], list[Block], int]:
    """Lay the blocks out at their source line numbers: the lines shown, the blocks, how many moved."""
    shown: list[str] = []
    blocks: list[Block] = []
    moved = 0
    for ln in lines:
        want = max(ln.src, len(shown) + 1)
        if want != ln.src:
            moved += 1
        shown.extend([""] * (want - 1 - len(shown)))
        text, block = paragraph(want, ln.text) if ln.cells is None else row(want, ln.cells)
        shown.append(text)
        if block is not None:
            blocks.append(block)
    return shown, blocks, moved


def html_document(text: str) -> Document:
    """A whole published web page (or an HTML fragment) → blocks; see the module doc."""
    page = _Html(text)
    body = page.body()
    title, meta = page.title_and_meta(body)
    lines = page.lines(body)
    head = [title] if title is not None and not any(
        ln.cells is None and len(ln.text) <= 100 and _TITLE_RE.fullmatch(_simplified(ln.text)) for ln in lines[:6]) else []
    ordered = sorted([*head, *meta], key=lambda ln: ln.src) + lines
    shown, blocks, moved = _layout(ordered)
    notes = list(page.notes)
    tag = body.tag.lower() if isinstance(body.tag, str) else "?"
    ident = body.get("id") or body.get("class") or ""
    notes.append(("info", "html-page", f"HTML page: report body read from <{tag}{' ' + ident if ident else ''}> "
                  f"(line {body.sourceline}); {len(lines)} lines/rows", body.sourceline))
    if moved:
        notes.append(("info", "html-lines", f"{moved} rows/paragraphs start on a source line already used by the one "
                      "before (e.g. a minified page); they are numbered from the next free line", None))
    return Document("html", tuple(blocks), tuple(shown), tuple(notes))
