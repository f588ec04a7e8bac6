"""Transformer for ``common.lark``: preamble, heading tree, signature, and the report's meta."""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, NamedTuple

from .. import patterns
from ..diagnostics import make
from ..model import Diagnostic, Meta, Report, Section, Signature
from ..parser.tokens import CellToken
from ..parser.normalise import Fragment
from ..parser.text import match_key, matching_form
from ..vocabulary import META_KEY, ORGAN_KEYS, PUBLISHED_KEYS, YEAR_FIRST_TITLE
from .base import ReportTransformer

_HEADING = {
    1: patterns.compile(r"^\s*([一二三四五六七八九十]{1,3}\s*[、.,，．])\s*(.*)$", re.S),
    2: patterns.compile(r"^\s*([(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*(.*)$", re.S),
    3: patterns.compile(r"^\s*([0-9０-９]{1,2}\s*[、.,，．])\s*(.*)$", re.S),
    4: patterns.compile(r"^\s*([(（]\s*[0-9０-９]{1,2}\s*[)）])\s*(.*)$", re.S),
}
_SPACE_RUN = patterns.compile(r"\s+")
_BRACKETED_TAIL = patterns.compile(r"[【\[].*$")  # a metadata value's 【打印】-like tail
_YEAR = patterns.compile(r"((?:19|20)\d{2})\s*年")
_DATE = patterns.compile(r"((?:19|20)\d{2})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")
_CN_DIGITS = dict(zip("〇○零一二三四五六七八九", "000123456789"))
_META_KEY = patterns.compile(META_KEY + r"\s*[:：]")
_TITLE_ORGAN = patterns.compile(r"^(?:附件\s*\d*\s*[:：]\s*)?(.*?)\s*((?:19|20)\d{2})\s*年")
#: ``2019年上海市人民政府办公厅政府信息公开工作年度报告``: the organ after the year.
_YEAR_FIRST_ORGAN = patterns.compile(YEAR_FIRST_TITLE)
_ORGAN_CUT = patterns.compile(r".*[\s:：>»|｜】\]]")  # page chrome before a name: keep what follows


class Para(NamedTuple):
    text: str
    line: int
    #: the paragraph as one fragment: its matching form, and parts cut off it with their own
    frag: Fragment

    @property
    def norm(self) -> str:
        return self.frag.norm


class LooseRow(NamedTuple):
    """``loose_row``: a table line that is no row of the template — its text and the cells after it."""

    text: CellToken
    cells: list[CellToken]


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十一 → 21 (up to 99)."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if not text:
        return None
    if "十" not in text:
        return digits.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = digits.get(tens, None) if tens else 1
    o = digits.get(ones, None) if ones else 0
    return None if t is None or o is None else t * 10 + o


def parse_date(form: str, printed: str | None = None) -> tuple[dt.date | None, str | None]:
    """Parse a date in matching form (a token's ``norm``, a META field's value); return ``(date,
    problem)`` — ``problem`` says why it is ``None``, quoting ``printed`` (default: ``form``)."""
    text = form if printed is None else printed
    norm = form.replace(" ", "")
    m = _DATE.search(norm)
    if m:
        try:
            return dt.date(*map(int, m.groups())), None
        except ValueError:
            return None, f"{text!r} is not a valid date"
    cn = re.fullmatch(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", norm)
    if cn:
        y = int("".join(_CN_DIGITS[c] for c in cn.group(1)))
        month, day = cn_number(cn.group(2)), cn_number(cn.group(3))
        try:
            if month is None or day is None:
                raise ValueError
            return dt.date(y, month, day), None
        except ValueError:
            return None, f"{text!r} is not a valid date"
    digits = re.fullmatch(r"((?:19|20)\d{2})(\d{3,4})", norm)
    if digits:
        year, rest = int(digits.group(1)), digits.group(2)
        splits = [(rest[:k], rest[k:]) for k in (1, 2) if 1 <= len(rest) - k <= 2]
        found = []
        for mo, d in splits:
            if mo.startswith("0") and len(mo) == 1 or d.startswith("0") and len(d) == 1:
                continue
            try:
                found.append(dt.date(year, int(mo), int(d)))
            except ValueError:
                pass
        if len(found) == 1:
            return found[0], None
        if found:
            shown = " or ".join(d.isoformat() for d in found)
            return None, f"{text!r} has lost its separators and could be {shown}"
    return None, f"{text!r} is not a date we can read"


def split_heading(text: str, level: int) -> tuple[str, str, str]:
    """``(一)加强组织领导。镇党委…`` → number ``(一)``, title ``加强组织领导``, rest ``镇党委…``."""
    m = _HEADING[level].match(text)
    if not m:
        return "", text.strip(), ""
    number, title = _SPACE_RUN.sub("", m.group(1)), m.group(2).strip()
    head, sep, rest = title.partition("。")
    if sep and rest.strip():
        return number, head.strip(), rest.strip()
    return number, title, ""


class CommonTransformer(ReportTransformer):
    """Builds a :class:`~zfxxgk.model.Report` from ``common.lark``'s rules (the outline only)."""

    template_name = "legacy"
    #: The class built by :meth:`assemble`: an extension that outputs tables of its own under new
    #: top-level keys sets a :class:`~zfxxgk.model.Report` subclass declaring them, and returns
    #: their values from :meth:`tables`.
    report_class: type[Report] = Report

    def __init__(self, diagnostics: list, *, fragments=(), spec=None, meta: dict | None = None):
        super().__init__(diagnostics)
        self.fragments = fragments
        self.spec = spec
        #: Meta fields known before the text is read (``template``, ``script``, ``encoding``: the
        #: parser's), so :class:`~zfxxgk.model.Meta` is built once, with its real values.
        self.known_meta = {"template": self.template_name, "script": "simplified", **(meta or {})}

    # ---- helpers -----------------------------------------------------------------------------
    #: Called with each ``error`` diagnostic as it is made; strict parsing sets one that raises,
    #: so it stops at the first error (see :meth:`zfxxgk.Parser.parse`).
    on_error: Callable[[Diagnostic], None] | None = None

    def diag(self, severity: str, code: str, message: str | None = None, line: int | None = None, cells=(),
             **fields) -> None:
        """Record a diagnostic: ``fields`` are its structured fields (``column``, ``table``, ``row``,
        ``expected`` …) and, without ``message``, the words of its shape (see :mod:`zfxxgk.diagnostics`)."""
        d = make(severity, code, message, line, cells, **fields)
        if severity == "error" and self.on_error is not None:
            self.on_error(d)
        self.diagnostics.append(d)

    def _section(self, level: int, children) -> Section:
        head: CellToken = children[0]
        number, title, rest = split_heading(head.value, level)
        paragraphs = [rest] if rest else []
        kids = []
        for c in children[1:]:
            if isinstance(c, Para):
                paragraphs.append(c.text)
            elif isinstance(c, Section):
                kids.append(c)
        if "统计表" in head.norm and split_heading(head.norm, level)[1].endswith("统计表"):  # (a title is a slice of it)
            if not paragraphs and not kids:
                self.diag("warning", "missing-table", f"{title!r} is announced but its table is not in the text",
                          head.line)
        return Section(number, title, level, head.line, tuple(paragraphs), tuple(kids))

    # ---- rules ---------------------------------------------------------------------------------
    def start(self, children):
        preamble, *rest = children
        sections = [c for c in rest if isinstance(c, Section)]
        signature = next((c for c in rest if isinstance(c, Signature)), None)
        return self.assemble(preamble, tuple(sections), signature)

    def preamble(self, tokens):
        return list(tokens)

    def chapter(self, children):
        return self._section(1, children)

    def subsection(self, children):
        return self._section(2, children)

    def clause(self, children):
        return self._section(3, children)

    def subclause(self, children):
        return self._section(4, children)

    def paragraph(self, children):
        (tok,) = children
        return Para(tok.value, tok.line, tok.whole)

    def loose_row(self, children) -> LooseRow:
        text, *cells = children
        return LooseRow(text, cells)

    def signature(self, children):
        organ = next((c for c in children if isinstance(c, CellToken) and c.base == "SIGNATURE_ORGAN"), None)
        date_tok = next(c for c in children if isinstance(c, CellToken) and c.base == "SIGNATURE_DATE")
        date, problem = parse_date(date_tok.norm, date_tok.value)
        if problem:
            self.diag("warning", "ambiguous-date", f"signature date {problem}; left empty", date_tok.line)
        for p in children:
            if isinstance(p, Para):
                self.diag("info", "text-after-signature", f"text after the signature: {p.text[:40]!r}", p.line)
        return Signature(organ.value.strip() if organ else None, date, date_tok.value.strip(), date_tok.line)

    # ---- assembling the report -----------------------------------------------------------------
    def tables(self) -> dict:
        """Keyword arguments for :attr:`report_class` besides the outline: the tables built (subclasses
        and extension mixins add theirs to ``super().tables()``)."""
        return {}

    def assemble(self, preamble: list, sections: tuple[Section, ...], signature: Signature | None) -> Report:
        fields: dict[str, str] = {}
        intro: list[str] = []
        titles: list[CellToken] = []
        for tok in preamble:
            if tok.base == "META":
                fields.update(_meta_fields(tok.norm))  # simplified: 發布時間 is 发布时间
            elif tok.base == "TITLE":
                titles.append(tok)
            else:
                intro.append(tok.value)
        first = titles[0] if titles else None
        title, norm_title = (first.value.strip(), first.norm.strip()) if first else (None, "")
        if fields.get("标题"):  # a crawler's field first; as printed when a title line says the same
            same = [t for t in titles if match_key(t.norm) == match_key(fields["标题"])]
            title, norm_title = (same[0].value.strip(), same[0].norm.strip()) if same else (fields["标题"],) * 2
        # sections keep their paragraphs as printed only: the year in them is read in matching form
        year = _first_year(norm_title) or _first_year(" ".join(matching_form(p) for s in sections[:1]
                                                                for p in s.paragraphs))
        published = None
        for key in PUBLISHED_KEYS:
            if fields.get(key):
                published, _ = parse_date(fields[key])
                if published:
                    break
        if published is None and signature is not None:
            published = signature.date
        meta = Meta(
            title=title,
            organ=self._organ(norm_title, fields, signature),
            year=year,
            published=published,
            **self.known_meta,
        )
        return self.report_class(
            meta=meta,
            preamble=tuple(intro),
            sections=sections,
            signature=signature,
            diagnostics=(),
            **self.tables(),
        )

    def _organ(self, norm_title: str, fields: dict, signature: Signature | None) -> str | None:
        """发布机构 when it has a value; else the title's (before the year, or after it when the
        title starts with the year); else the signature's, another field's, an attachment line's.
        Never page chrome: a candidate keeps only what follows the last space or colon, and one
        with digits in it is no name."""
        if _field_organ(fields.get("发布机构")):
            return _field_organ(fields["发布机构"])
        m = _TITLE_ORGAN.match(norm_title)
        if m and _organ_name(m.group(1)):
            return _organ_name(m.group(1))
        m = _YEAR_FIRST_ORGAN.match(norm_title)
        if m and _organ_name(m.group(1)):
            return _organ_name(m.group(1))
        organ = matching_form(signature.organ.replace(" ", "")) if signature and signature.organ else ""
        if _organ_name(organ):  # (a Signature keeps the organ as printed only)
            return _organ_name(organ)
        for key in ORGAN_KEYS:
            if _field_organ(fields.get(key)):
                return _field_organ(fields[key])
        for frag in reversed(self.fragments):  # an attachment line naming the report
            if not frag.norm.startswith("附件"):
                continue
            m = _TITLE_ORGAN.match(frag.norm)
            if m and m.group(1).strip() and "报告" in frag.norm:
                return m.group(1).strip()
        return None


def _organ_name(norm: str) -> str | None:
    """What follows the last space, colon or breadcrumb mark of ``norm``, if it can be a name."""
    name = _ORGAN_CUT.sub("", norm).strip()
    return name if len(name) >= 2 and not any(c.isdigit() for c in name) else None


def _field_organ(value: str | None) -> str | None:
    """A field's value up to its first space (what follows is the page's next item), if a name."""
    first = (value or "").split(" ", 1)[0]
    return _organ_name(first) if first else None


def _first_year(text: str) -> int | None:
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def _meta_fields(norm: str) -> dict[str, str]:
    """``发布机构: X 发文日期: Y`` (a META token's ``norm``) → ``{"发布机构": "X", "发文日期": "Y"}``
    (keys without spaces)."""
    out = {}
    matches = list(_META_KEY.finditer(norm))
    for m, nxt in zip(matches, matches[1:] + [None]):
        value = norm[m.end() : nxt.start() if nxt else len(norm)].strip()
        value = _BRACKETED_TAIL.sub("", value).strip()
        out[_SPACE_RUN.sub("", m.group(1))] = value
    return out
