"""Stage 2 — lex: one token per fragment, chosen among the terminals the parser accepts now.

The grammar's terminals are the vocabulary; this module only decides, for each fragment, which
acceptable terminal it is (see the header of ``grammar/common.lark`` for the rules):

1. exact — a literal terminal whose key equals the fragment's key, or a regex terminal matching
   the whole fragment; higher priority first, literals before regexes;
2. joined — two or three consecutive lines that together make a label (``本年新制作`` / ``数量``);
3. truncated — a fragment that is the start of exactly one acceptable label (``本年增/``);
4. the fallback terminal (``TEXT``), when acceptable.

A fragment that none of these place is still emitted (as ``CELL`` when it is a value, else as the
fallback), so the parser reports it and the driver records it: nothing is dropped silently.
"""

from __future__ import annotations

import re
import re._parser as sre_parse
from typing import Callable, Iterator, Literal, Sequence

from .. import patterns
from ..values import CHINESE_NUMBER, chinese_number, damaged_number, ends_in_damaged_value
from .glued import ends_in_value, label_keys, split_glued
from .normalise import Fragment
from .text import MEMO_WIDTH, match_key, matching_form, remember
from .tokens import UNREADABLE, CellToken, base_name

MAX_JOIN = 3
_ORDINAL = patterns.compile(r"^(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})")
MAX_JOIN_WIDTH = 40
#: The digits a cell starts with, and each place they may end (:meth:`Lexer._split_value_label`).
_VALUE_HEAD = patterns.compile(r"[-−]?[0-9０-９]{1,12}")
_VALUE_HEADS = patterns.compile(r"(?<=[0-9０-９])")


def _literals(pattern: str) -> list[str] | None:
    """The finite set of strings a regex matches, when it is a plain choice of literals."""
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None

    def expand(items) -> list[str] | None:
        out = [""]
        for op, av in items:
            if op is sre_parse.LITERAL:
                out = [s + chr(av) for s in out]
            elif op is sre_parse.SUBPATTERN:
                sub = expand(av[-1])
                if sub is None:
                    return None
                out = [s + t for s in out for t in sub]
            elif op is sre_parse.BRANCH:
                alts: list[str] = []
                for branch in av[1]:
                    sub = expand(branch)
                    if sub is None:
                        return None
                    alts.extend(sub)
                out = [s + t for s in out for t in alts]
            elif op is sre_parse.IN and all(o is sre_parse.LITERAL for o, _ in av):
                out = [s + chr(c) for s in out for _, c in av]
            else:
                return None
            if len(out) > 64:
                return None
        return out

    return expand(list(tree))


class Matcher:
    """How one grammar terminal is recognised."""

    __slots__ = ("name", "base", "priority", "literals", "norms", "keys", "regex", "joinable", "fallback")

    def __init__(self, term):
        self.name = term.name
        self.base = base_name(term.name)
        self.priority = term.priority
        self.fallback = term.priority < 0
        pattern = term.pattern
        if pattern.type == "str":
            lits = [pattern.value]
        else:
            lits = None if pattern.flags else _literals(pattern.value)
        self.literals = tuple(lits) if lits else ()
        self.norms = tuple(matching_form(x) for x in self.literals)
        self.keys = frozenset(match_key(n) for n in self.norms)
        self.regex = None if lits else re.compile(pattern.to_regexp())
        if lits:
            self.joinable = True
        else:
            width = sre_parse.parse(pattern.to_regexp()).getwidth()[1]
            self.joinable = not self.fallback and width <= MAX_JOIN_WIDTH

    def exact(self, frag_norm: str, frag_key: str) -> bool:
        if self.literals:
            return frag_key in self.keys
        return self.regex.fullmatch(frag_norm) is not None

    def describe(self) -> str:
        if self.literals:
            return "「" + self.literals[0] + "」"
        return DESCRIPTIONS.get(self.base, self.base.lower().replace("_", " "))


#: Human words for regex terminals, used in error messages ("expected …").
DESCRIPTIONS = {
    "TEXT": "a line of text",
    "CELL": "a table cell (a number, or a blank: /, —, 无)",
    "CHAPTER": "a chapter heading (一、…)",
    "SUBSECTION": "a section heading (（一）…)",
    "CLAUSE": "a numbered heading (1. …)",
    "SUBCLAUSE": "a numbered sub-heading (（1）…)",
    "TITLE": "the report title (…政府信息公开工作年度报告)",
    "META": "a metadata line (发布机构：…, 发文日期：…)",
    "SIGNATURE_ORGAN": "the issuing body's name in the signature",
    "SIGNATURE_DATE": "the signature date",
    "ACTIVE_DISCLOSURE_HEADING": "the heading 二、主动公开政府信息情况",
    "APPLICATIONS_HEADING": "the heading 三、收到和处理政府信息公开申请情况",
    "REVIEW_HEADING": "the heading 四、政府信息公开行政复议、行政诉讼情况",
    "PREVIOUS_YEAR": "「上一年项目数量」",
    "$END": "the end of the text",
}


def _signature_date(frags: Sequence[Fragment], i: int, date_re) -> bool:
    return i >= len(frags) - 2 and date_re.fullmatch(frags[i].norm) is not None


def _signature_organ(frags: Sequence[Fragment], i: int, date_re) -> bool:
    return i + 1 < len(frags) and _signature_date(frags, i + 1, date_re)


#: Labels that can only begin a particular table, mapped to that table's chapter heading: when
#: one of them turns up where the heading was not printed, the lexer supplies the heading
#: (``how == "implied"``, empty text) and the transformer reports it missing.
IMPLIED_HEADINGS = {
    **{f"ITEM_{n}": "ACTIVE_DISCLOSURE_HEADING" for n in range(1, 10)},
    "IDENTITY_NOTE": "APPLICATIONS_HEADING",
    "NEW_RECEIVED": "APPLICATIONS_HEADING",
    "REVIEW": "REVIEW_HEADING",
}

#: Terminals offered only where a look at the neighbouring fragments allows them.
GATES: dict[str, Callable] = {"SIGNATURE_DATE": _signature_date, "SIGNATURE_ORGAN": _signature_organ}
#: Every gate holds only among the text's last ``GATE_TAIL`` fragments (the signature ends it):
#: before them a fragment's token depends on the fragment alone, and is remembered per state.
GATE_TAIL = 3


class _Plan:
    """What to try, in order, in one parser state."""

    __slots__ = ("by_key", "longest_keys", "by_bare", "regexes", "joinable", "prefixable", "prefixes", "fallback", "cell",
                 "accepts", "plain", "gated", "first_plain", "whole")

    def __init__(self, matchers: list[Matcher], accepts: frozenset[str]):
        self.accepts = accepts
        ordered = sorted(matchers, key=lambda m: (-m.priority, m.regex is not None))
        self.by_key: dict[str, Matcher] = {}
        for m in ordered:
            if m.literals and not m.fallback:
                for k in m.keys:
                    self.by_key.setdefault(k, m)
        self.longest_keys = sorted(self.by_key, key=len, reverse=True)  # for cutting glued labels
        # labels printed without their ordinal (本年新收… for 一、本年新收…), when that is unambiguous
        self.by_bare: dict[str, Matcher | None] = {}
        for m in ordered:
            if m.literals and not m.fallback:
                for k in m.keys:
                    bare = _ORDINAL.sub("", k, count=1)
                    if bare != k and len(bare) >= 4:
                        self.by_bare[bare] = m if self.by_bare.get(bare, m) is m else None
        for k in self.by_key:
            self.by_bare.pop(k, None)
        self.regexes = [m for m in ordered if m.regex is not None and not m.fallback]
        # the regexes by position in that order: those without a gate, and those with one (which
        # depend on the neighbouring fragments, so never remembered)
        self.plain = [(n, m) for n, m in enumerate(self.regexes) if m.base not in GATES]
        self.gated = [(n, m) for n, m in enumerate(self.regexes) if m.base in GATES]
        #: fragment text → (position, matcher) of the first plain regex matching all of it (labels and
        #: cells recur in every table)
        self.first_plain: dict[str, tuple[int, Matcher | None]] = {}
        #: ``(text, norm)`` of fragments found to need no splitting here (the splitters' answer
        #: depends on nothing else) → ``True``, or, once lexed where the neighbours had no say
        #: (before the gates' tail; see :meth:`Lexer._one`), the token's ``(type, how)``
        self.whole: dict[tuple[str, str], Literal[True] | tuple[str, str]] = {}
        self.joinable = [m for m in ordered if m.joinable and m.base not in GATES]
        # each label's forms without spaces, with the printed form's length (for :meth:`Lexer._prefix`)
        self.prefixable = [(m, tuple((x.replace(" ", ""), len(x)) for x in m.norms))
                           for m in ordered if m.literals and not m.fallback]
        #: fragment text → the one label it is the start of here, or ``None`` (depends on nothing else)
        self.prefixes: dict[str, Matcher | None] = {}
        self.fallback = next((m for m in ordered if m.fallback), None)
        self.cell = next((m for m in ordered if m.base == "CELL"), None)


def _numeral_cell(frags: Sequence[Fragment], i: int) -> bool:
    """Whether ``frags[i]`` is a number in Chinese numerals standing as a cell (``九``, ``十二``).

    One character (``三``) is as often a heading's ordinal cut off its line (``三`` / ``、收到和处理…``)
    or the end of a truncated text: a cell only where something other than heading punctuation
    follows it."""
    norm = frags[i].norm
    m = CHINESE_NUMBER.fullmatch(norm)
    if m is None or chinese_number(m.group("num")) is None:
        return False
    if len(norm) > 1:
        return True
    nxt = frags[i + 1] if i + 1 < len(frags) else None
    return nxt is not None and nxt.norm[:1] not in _ORDINAL_PUNCT


_ORDINAL_PUNCT = frozenset("、.,，．)）:：")


class Lexer:
    """Builds, per parser state, the ordered list of terminals to try; then lexes fragments."""

    def __init__(self, lark, matchers: dict[str, Matcher] | None = None):
        # ``matchers``: built before (the grammar cache stores them: parser/cache.py)
        self.matchers = matchers if matchers is not None else {t.name: Matcher(t) for t in lark.terminals}
        by_base = {m.base: m for m in self.matchers.values()}
        self.cell = by_base.get("CELL")
        self.fallback = next((m for m in self.matchers.values() if m.fallback), None)
        date = by_base.get("SIGNATURE_DATE")
        self.date_re = date.regex if date else None
        self._plans: dict[frozenset, _Plan] = {}
        self.viable: object = None  # the driver's cache of what each parser stack accepts
        self.glued_keys = label_keys(self.matchers.values())  # every label, to cut glued digit runs
        # a table's unmistakable first label, found where its chapter heading was lost
        self.starters: dict[str, tuple[Matcher, Matcher]] = {}
        for m in self.matchers.values():
            heading = IMPLIED_HEADINGS.get(m.base)
            if heading in by_base and m.literals:
                for k in m.keys:
                    self.starters[k] = (m, by_base[heading])
        self.starter_prefixes = {k[:n] for k in self.starters for n in range(1, len(k) + 1)}
        # header cells: the terminals of the grammar's ``*_header`` rules (a line of them is split)
        self.header_bases = {base_name(sym.name) for rule in lark.rules if rule.origin.name.endswith("_header")
                             for sym in rule.expansion if sym.is_term} - {"CELL", "TEXT"}

    def plan(self, accepts: frozenset[str]) -> _Plan:
        """What to try where exactly the terminals ``accepts`` can come next."""
        plan = self._plans.get(accepts)
        if plan is None:
            plan = remember(self._plans, accepts,
                            _Plan([self.matchers[n] for n in accepts if n in self.matchers], accepts), 4097)
        return plan

    def _gate_ok(self, m: Matcher, frags, i) -> bool:
        gate = GATES.get(m.base)
        return gate is None or (self.date_re is not None and gate(frags, i, self.date_re))

    def tokens(self, frags: Sequence[Fragment], current_plan: Callable[[], _Plan]) -> Iterator[CellToken]:
        """Yield tokens for ``frags``; ``current_plan()`` gives the :meth:`plan` of the terminals the
        parser accepts now."""
        frags = list(frags)
        i = 0
        implied_at = -1
        make = CellToken.make
        starters = self.starter_prefixes
        cell_name = self.cell.name if self.cell is not None else None
        while i < len(frags):
            plan = current_plan()
            frag = frags[i]
            text, norm = frag.text, frag.norm
            if not norm and cell_name not in plan.accepts:
                i += 1  # an empty cell or a line of &nbsp; means nothing outside a table
                continue
            seen = (text, norm)
            known = plan.whole.get(seen)
            if known is None:
                spaced = self._split_headers(plan, frag) or self._split_spaced(plan, frag) \
                    or self._split_label_piece(plan, frag)
                if spaced:
                    frags[i : i + 1] = spaced
                else:
                    # 规章000行政规范性文件8855698 (parser/glued.py); 8962（七）总计 (a lost line break)
                    glued = self._split_glued(plan, frag) or self._split_value_label(plan, frag)
                    if glued:
                        frags[i : i + 1] = glued
                    elif len(text) <= MEMO_WIDTH:
                        known = remember(plan.whole, seen, True, 2049)
            if implied_at != i and frags[i].key in starters:
                heading = self._implied_heading(plan, frags, i)
                if heading is not None:
                    implied_at = i  # once: if the heading is refused, the line is lexed as it is
                    yield make(heading.name, [Fragment(frags[i].line, 1, "", "")], "implied")
                    continue
            free = len(frags) - i > GATE_TAIL
            if known is not None and known is not True and free:
                yield make(known[0], (frag,), known[1])
                i += 1
                continue
            tok, used, alone = self._one(plan, frags, i)
            if alone and free and known is True:
                plan.whole[seen] = (tok.type, tok.how)
            yield tok
            i += used

    def _first_regex(self, plan: _Plan, frags: Sequence[Fragment], i: int, norm: str) -> Matcher | None:
        """The first of ``plan.regexes`` (by priority) that matches all of ``norm`` and whose gate, if
        it has one, lets it stand at ``i``."""
        hit = plan.first_plain.get(norm)
        if hit is None:
            hit = next(((n, r) for n, r in plan.plain if r.regex.fullmatch(norm)), (len(plan.regexes), None))
            if len(norm) <= MEMO_WIDTH:
                remember(plan.first_plain, norm, hit, 2049)
        at, found = hit
        if len(frags) - i > GATE_TAIL:
            return found
        for n, r in plan.gated:
            if n > at:
                break
            if self._gate_ok(r, frags, i) and r.regex.fullmatch(norm):
                return r
        return found

    def _implied_heading(self, plan: _Plan, frags: Sequence[Fragment], i: int) -> Matcher | None:
        key = ""
        for j in range(i, min(i + MAX_JOIN, len(frags))):
            key += frags[j].key
            hit = self.starters.get(key)
            if hit is not None:
                starter, heading = hit
                return heading if starter.name not in plan.accepts and heading.name in plan.accepts else None
            if key not in self.starter_prefixes:
                return None
        return None

    def _one(self, plan: _Plan, frags: Sequence[Fragment], i: int) -> tuple[CellToken, int, bool]:
        """The token at ``frags[i]``, the fragments it takes, and whether the fragment alone
        decided it (not its neighbours: a join, a chapter heading read as a cut label, a numeral)."""
        frag = frags[i]
        norm, key = frag.norm, frag.key
        m = plan.by_key.get(key) if key else None
        r = self._first_regex(plan, frags, i, norm)
        if r is not None and (m is None or r.priority > m.priority):  # by priority; a literal wins ties
            m = r
        if "\ufffd" in norm and (m is None or not m.literals):
            d = self._damaged(plan, norm)
            if d is not None:  # 二、上年结转…申请数��: the row's label, not a heading ending the table
                return CellToken.make(d.name, [frag], "damaged"), 1, True
        alone = True
        if m is not None and m.base == "CHAPTER" and not m.literals:
            alone = False
            # inside a table, a label cut at a line end (一、本年新收政府信息公 / 三、本年度) also reads
            # as a chapter heading: the label it starts, or makes with the next lines, wins
            label = self._join(plan, frags, i)
            if label is not None:
                return (*label, False)
            p = self._prefix(plan, norm)
            if p is not None and p.base != "CHAPTER":
                return CellToken.make(p.name, [frag], "truncated"), 1, False
            if self.cell is not None and self.cell.name in plan.accepts \
                    and (ends_in_value(norm) or ends_in_damaged_value(norm)):
                # inside a table, a numbered line that ends in digits is a row whose label was
                # damaged (二、上年结转…数��2621…), not a heading: kept as a line of the table
                m = None
        if m is not None:
            return CellToken.make(m.name, [frag], "exact"), 1, alone
        m = plan.by_bare.get(key)
        if m is not None:
            return CellToken.make(m.name, [frag], "renumbered"), 1, alone
        if not (self.cell and self.cell.regex.fullmatch(norm)):
            joined = self._join(plan, frags, i)
            if joined:
                return (*joined, False)
            m = self._prefix(plan, norm)
            if m is not None:
                return CellToken.make(m.name, [frag], "truncated"), 1, False
        if plan.cell is not None and _numeral_cell(frags, i):
            return CellToken.make(plan.cell.name, [frag], "numeral"), 1, False  # 九, 三百二十: a value in words
        if plan.cell is not None and damaged_number(norm):
            # a value a bad byte made unreadable (&nb踫p;17730, 216踫14): it holds its cell's place in
            # the row, so the cells after it keep their columns; the transformers never place it
            return CellToken.make(plan.cell.name, [frag], UNREADABLE), 1, False
        if plan.fallback is not None:
            return CellToken.make(plan.fallback.name, [frag], "fallback"), 1, False
        kind = self.cell if self.cell and self.cell.regex.fullmatch(norm) else self.fallback
        return CellToken.make(kind.name if kind else "TEXT", [frag], "unplaced"), 1, False

    def _split_glued(self, plan: _Plan, frag: Fragment) -> list[Fragment] | None:
        """Labels glued to their digit runs: cut by :func:`zfxxgk.parser.glued.split_glued`."""
        norm = frag.norm
        if not ends_in_value(norm) or plan.by_key.get(frag.key) or (self.cell and self.cell.regex.fullmatch(norm)):
            return None
        cell_ok = self.cell is not None and self.cell.name in plan.accepts
        return split_glued(frag, plan.longest_keys, self.glued_keys, cell_ok)

    def _split_value_label(self, plan: _Plan, frag: Fragment) -> list[Fragment] | None:
        """``8962（七）总计``: a row's last value and the next row's label (or the next chapter's
        heading, ``0五、存在的主要问题…``) in one cell, the line break between them lost → the value
        and the label, where a value may stand here and the rest is exactly a label or heading
        acceptable here (an ordinal's digits stay with their label: ``21.属…`` is cut only where
        one cut leaves a label)."""
        head_digits = _VALUE_HEAD.match(frag.text)
        if self.cell is None or self.cell.name not in plan.accepts or head_digits is None \
                or plan.by_key.get(frag.key) or self.cell.regex.fullmatch(frag.norm):
            return None
        cuts = []
        for m in _VALUE_HEADS.finditer(frag.text[:head_digits.end()]):
            head, rest = frag.pieces([(0, m.end()), (m.end(), len(frag.text))])
            if rest.text[:1] not in _ORDINAL_PUNCT and self.cell.regex.fullmatch(head.norm) and (
                    rest.key in plan.by_key or any(
                    r.base == "CHAPTER" and r.regex.fullmatch(rest.norm) for r in plan.regexes)):
                cuts.append([head, rest])
        return cuts[0] if len(cuts) == 1 else None

    def _split_headers(self, plan: _Plan, frag: Fragment) -> list[Fragment] | None:
        """``信息内容   本年制发件数   本年废止件数 …`` (pdftotext -layout) → one fragment per header
        cell, when every space-separated part is a header cell acceptable here."""
        if " " not in frag.norm or plan.by_key.get(frag.key):
            return None
        parts = frag.words()
        def header(part: Fragment) -> bool:
            m = plan.by_key.get(part.key)
            if m is not None:
                return m.base in self.header_bases
            return any(r.base in self.header_bases and r.regex.fullmatch(part.norm) for r in plan.regexes)

        if len(parts) < 2 or not all(header(p) for p in parts):
            return None
        return parts

    def _split_spaced(self, plan: _Plan, frag: Fragment) -> list[Fragment] | None:
        """``二、上年结转… 2 0 0 0 0 0 2`` (cells separated by spaces) → a label fragment and cell
        fragments, when the label is an acceptable row label (or there is none and a cell is
        acceptable here) and every other part is a cell."""
        if self.cell is None or " " not in frag.norm or plan.by_key.get(frag.key):
            return None
        parts = frag.words()
        norms = [p.norm for p in parts]
        cell = self.cell.regex.fullmatch
        # a value a bad byte made unreadable (踫0) is one of the cells, which keep their places
        if len(parts) < 2 or not (cell(norms[-1]) or damaged_number(norms[-1])):
            return None
        k = len(parts) - 1
        while k > 0 and (cell(norms[k - 1]) or damaged_number(norms[k - 1])):
            k -= 1
        damaged = sum(1 for n in norms[k:] if not cell(n))
        if damaged > 1 or (damaged and len(norms) - k < 2):
            return None  # two damaged values, or a damaged one alone: not a row of cells
        if k == 0:
            if self.cell.name not in plan.accepts:
                return None
        elif match_key("".join(norms[:k])) not in plan.by_key:
            return None
        if not k:
            return parts
        label = frag.cut(0, parts[k - 1].column - frag.column + len(parts[k - 1].text))
        # the label's spaces are layout (上一年 项目数量)
        return [Fragment(label.line, label.column, label.text, "".join(norms[:k]), label.place), *parts[k:]]

    def _split_label_piece(self, plan: _Plan, frag: Fragment) -> list[Fragment] | None:
        """``三、 （一）予以公开`` (pdftotext of a WPS page: the start of the group label the form
        merges over the rows, 三、本年度办理结果, printed on the line of the first row it spans) → the
        piece and the row label, when one cut at a space leaves exactly a label acceptable here and,
        before it, another label acceptable here, whole or the start of exactly one (read as that
        label, cut off)."""
        norm = frag.norm
        # (the piece and the label are each no longer than twice a label, spaces and all: a long
        # line — prose, a report on one line — is no such pair, and is not looked through space by space)
        longest = len(plan.longest_keys[0]) if plan.longest_keys else 0
        if " " not in norm or len(norm) > 4 * longest or plan.by_key.get(frag.key):
            return None
        cuts = []
        at = norm.find(" ")
        while at > 0:  # (the rest looked up first: most lines with a space hold no label after it)
            rest = plan.by_key.get(match_key(norm[at + 1:]))
            piece = (plan.by_key.get(match_key(norm[:at])) or self._prefix(plan, norm[:at])) if rest is not None else None
            if piece is not None and piece is not rest and piece.base != "CHAPTER":
                cuts.append(at)
            at = norm.find(" ", at + 1)
        if len(cuts) != 1:
            return None
        head = norm[:cuts[0]].split()
        parts = frag.words()
        if len(parts) <= len(head) or [p.norm for p in parts[:len(head)]] != head:
            return None  # (the text's words are not the form's: not cut)
        at = parts[len(head)].column - frag.column
        return frag.pieces([(0, at), (at, len(frag.text))])

    def _join(self, plan: _Plan, frags, i) -> tuple[CellToken, int] | None:
        if not plan.joinable:
            return None
        norm = frags[i].norm
        for k in range(2, MAX_JOIN + 1):
            j = i + k - 1
            if j >= len(frags) or frags[j].line == frags[j - 1].line:
                return None
            if j + 1 < len(frags) and frags[j + 1].line == frags[j].line:
                return None  # a cell of a multi-cell line is never half of a label
            if self.cell and self.cell.regex.fullmatch(frags[j].norm):
                return None
            norm += frags[j].norm
            key = match_key(norm)
            for m in plan.joinable:
                hit = key in m.keys if m.literals else m.regex.fullmatch(norm) is not None
                if hit:
                    return CellToken.make(m.name, frags[i : j + 1], "joined"), k
        return None

    @staticmethod
    def _damaged(plan: _Plan, norm: str) -> Matcher | None:
        """The one label ``norm`` spells where each run of U+FFFD (a bad byte) stands for one or two
        characters, with at least four characters read around them."""
        parts = re.split("\ufffd+", norm.replace(" ", ""))
        if sum(len(x) for x in parts) < 4:
            return None
        pattern = re.compile(".{1,2}".join(re.escape(x) for x in parts))
        found = {m for m in plan.by_key.values() if any(pattern.fullmatch(x.replace(" ", "")) for x in m.norms)}
        return found.pop() if len(found) == 1 else None

    @staticmethod
    def _prefix(plan: _Plan, norm: str) -> Matcher | None:
        if len(norm) < 2:
            return None
        if norm in plan.prefixes:
            return plan.prefixes[norm]
        compact = norm.replace(" ", "")
        width = len(compact)
        found = None
        for m, forms in plan.prefixable:
            if any(n > width and c.startswith(compact) for c, n in forms):
                if found is not None and found is not m:
                    found = None
                    break
                found = m
        if len(norm) <= MEMO_WIDTH:
            remember(plan.prefixes, norm, found, 2049)
        return found
