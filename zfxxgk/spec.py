"""Canonical keys of the national templates' tables (TEMPLATES.md §3–§5) and their printed labels.

A table is a list of :class:`Column` and a list of :class:`Row`; each names the grammar terminal
that prints its label.  Values are placed by this structure — row label + column position — never
by which header cells happened to survive.

This module is the one place a label is written: key, label as the template prints it, and the
``variants`` published reports print instead (``规范性文件 | 行政规范性文件``, ``总计 | 合计``).  The
label terminals of the grammars are generated from it into ``grammar/labels.lark`` by
``python -m zfxxgk.reference`` (which also writes ``docs/keys.md``); the ``.lark`` files
``%import`` them by name, and ``tests/test_reference.py`` fails when the generated file is stale.

Why the spec is the source and not the grammar: a label needs a key, a unit and its place in a
table's arithmetic, which only Python can hold, while the grammar needs only the terminal's name
and its strings, which a generator writes exactly.  Reading labels back out of a grammar would
mean building it (or parsing Lark by hand) at import time — on every cold start; generating a
file costs nothing at run time, keeps each terminal's readable name in error messages, and the
file is part of the grammar cache's key like any imported grammar file (``parser/cache.py``
checks the hash of every imported file).  The grammars stay what people read and extend: rules,
headings, regex terminals and extensions (``%import``/``%extend``/``%override``) are written in
``.lark``; only the label strings come from here.
"""

from __future__ import annotations

import attrs

from .reprs import attrs_eq, attrs_hash, attrs_repr


def _variants():
    return attrs.field(default=(), kw_only=True)


def _pattern():
    return attrs.field(default=None, kw_only=True)


@attrs.frozen(repr=False)
class Column:
    """A column: its key, its header label as printed, and the terminal that prints it.

    ``variants``: other printings the grammar accepts for the same header; ``pattern``: a regex the
    terminal is instead (``上一年项目数量`` / ``2019年项目数量``), when no list of strings will do."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    key: str
    label: str
    terminal: str
    unit: str | None = None  # the unit the template's header states for the column
    variants: tuple[str, ...] = _variants()
    pattern: str | None = _pattern()


@attrs.frozen(repr=False)
class Row:
    """A row label.  ``key`` is ``None`` for a group label (``（三）不予公开``) that carries no values.
    ``variants`` as for :class:`Column`."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    key: str | None
    label: str
    terminal: str
    variants: tuple[str, ...] = _variants()
    pattern: str | None = _pattern()


@attrs.frozen(repr=False)
class Header:
    """A header cell a table prints besides its column labels (``申请人情况``): no key, no values.
    ``name`` is what messages call it when the printed label is a long note."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    label: str
    terminal: str
    name: str | None = None
    variants: tuple[str, ...] = _variants()
    pattern: str | None = _pattern()

    @property
    def called(self) -> str:
        return self.name or self.label


Labelled = Column | Row | Header


@attrs.frozen(repr=False)
class TableSpec:
    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    key: str
    title: str
    title_terminal: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    #: Header cells printed besides the column labels (``信息内容``, ``申请人情况``).
    headers: tuple[Header, ...] = ()

    def row_for(self, terminal: str) -> Row | None:
        """The first row printed with ``terminal`` (from an index built once per spec: asked for every
        row of every table)."""
        return per_spec(_ROWS, self, _row_index).get(terminal)


@attrs.frozen(repr=False)
class ReviewSpec:
    """Section 四: one row of ``len(groups) × len(columns)`` numbers, group-major."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    groups: tuple[Column, ...]
    columns: tuple[Column, ...]
    headers: tuple[Column, ...]  # header cells printed once (the column headers repeat per group)


@attrs.frozen(repr=False)
class Chapter:
    """A chapter of the national outline (TEMPLATES.md §2): its ordinal, its titles as printed (the
    template's first, then the variants seen in published reports) and, for a table chapter, the
    grammar terminal of its heading."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    number: str
    titles: tuple[str, ...]
    terminal: str | None = None


@attrs.frozen(repr=False)
class TemplateSpec:
    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    active_disclosure: tuple[TableSpec, ...] = ()
    applications: TableSpec | None = None
    review_litigation: ReviewSpec | None = None
    #: Tables an extension template adds, each output under its own top-level key (``TableSpec.key``).
    tables: tuple[TableSpec, ...] = ()
    #: The chapters in order; used to find them inside text that lost its line breaks.
    chapters: tuple[Chapter, ...] = ()

    def item_for(self, terminal: str) -> TableSpec | None:
        return next((t for t in self.active_disclosure if t.title_terminal == terminal), None)

    def table(self, key: str) -> TableSpec | None:
        """The extension table output under ``key`` (see :attr:`tables`)."""
        return next((t for t in self.tables if t.key == key), None)

    def extend_applications(self, rows: tuple[Row, ...], *, replace: dict[str, Row] | None = None) -> "TemplateSpec":
        """A copy with ``rows`` added to the applications table (before ``（七）总计``)."""
        assert self.applications is not None
        old = [replace.get(r.terminal, r) if replace else r for r in self.applications.rows]
        at = next(i for i, r in enumerate(old) if r.key == "total_processed")
        new_rows = tuple(old[:at]) + tuple(rows) + tuple(old[at:])
        return attrs.evolve(self, applications=attrs.evolve(self.applications, rows=new_rows))

    def extend_item(self, item: "ItemExtension") -> "TemplateSpec":
        """A copy with ``item``'s rows and columns added after those of the Article 20 table it names."""
        table = next((t for t in self.active_disclosure if t.key == item.item), None)
        if table is None:
            known = ", ".join(t.key for t in self.active_disclosure) or "none"
            raise ValueError(f"the base template has no Article 20 table {item.item!r} (its tables: {known})")
        for what, new, old in (("row", item.rows, table.rows), ("column", item.columns, table.columns)):
            keys = {x.key for x in new if x.key} & {x.key for x in old}
            clash = sorted(keys | {x.terminal for x in new} & {x.terminal for x in old})
            if clash:
                raise ValueError(f"{item.item}: {what}(s) already in the base template: {', '.join(map(str, clash))}")
        grown = attrs.evolve(table, rows=table.rows + tuple(item.rows), columns=table.columns + tuple(item.columns))
        return attrs.evolve(self, active_disclosure=tuple(grown if t is table else t for t in self.active_disclosure))


@attrs.frozen(repr=False)
class ItemExtension:
    """Rows and columns an extension adds to one Article 20 table of its base (``item``: its key,
    ``"item_6"``), after the table's own, in the order printed.  The grammar side ``%extend``s the
    table's rules: ``item_6_row`` with the new row label, ``item_6_header`` with the new column header.
    Values are placed by the grown table as by any other: a row needs as many cells as there are
    columns (a report printing fewer gets its values in a ``cell-count`` error, never shifted)."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    item: str
    rows: tuple[Row, ...] = ()
    columns: tuple[Column, ...] = ()


@attrs.frozen(repr=False)
class SpecExtension:
    """What an extension template adds to its base template's spec (see :class:`zfxxgk.Template`).

    ``applications`` rows go into section 三 before ``（七）总计`` (``replace`` swaps base rows with
    the same terminal, e.g. to turn a data row into a group label); ``items`` add rows and columns
    to Article 20 tables (:class:`ItemExtension`); ``tables`` are tables of the extension's own,
    each output under its own top-level key of the report.
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    applications: tuple[Row, ...] = ()
    replace: tuple[Row, ...] = ()
    tables: tuple[TableSpec, ...] = ()
    items: tuple[ItemExtension, ...] = ()

    def apply(self, base: TemplateSpec | None) -> TemplateSpec:
        spec = base if base is not None else TemplateSpec()
        if self.applications or self.replace:
            if spec.applications is None:
                raise ValueError("this extension adds rows to section 三, but its base template has no applications table")
            spec = spec.extend_applications(tuple(self.applications),
                                            replace={r.terminal: r for r in self.replace} or None)
        for item in self.items:
            spec = spec.extend_item(item)
        if self.tables:
            clash = {t.key for t in self.tables} & {t.key for t in spec.tables}
            if clash:
                raise ValueError(f"tables already defined by the base template: {', '.join(sorted(clash))}")
            spec = attrs.evolve(spec, tables=spec.tables + tuple(self.tables))
        return spec


def _col(key, label, terminal, unit=None, **kw):
    return Column(key, label, terminal, unit, **kw)


#: The header cell over an Article 20 table's row labels.
CONTENT = Header("信息内容", "CONTENT")

#: The total column, 总计 (合计 in some reports); section 三 and section 四 both have it.
_TOTAL = _col("total", "总计", "TOTAL", variants=("合计",))

#: Section 三's columns; each one's grammar terminal is its key in capitals.
APPLICANT_COLUMNS = tuple(_col(key, label, key.upper()) for key, label in (
    ("natural_person", "自然人"), ("commercial", "商业企业"), ("research", "科研机构"), ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"), ("other_org", "其他"),
)) + (_TOTAL,)

#: Header cells of section 三 besides the column labels.
APPLICATION_HEADERS = (
    Header("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "IDENTITY_NOTE", "勾稽关系说明"),
    Header("申请人情况", "APPLICANT"),
    Header("法人或其他组织", "LEGAL_PERSON"),
)


def _group(prefix: str, label: str, terminal: str, items: tuple[tuple[str, str], ...]) -> tuple[Row, ...]:
    """A group label without values, then its numbered rows ``1.…``, ``2.…``: key ``prefix.name``,
    terminal the group's followed by the name in capitals (``DENIED_STATE_SECRET``)."""
    return (Row(None, label, terminal),
            *(Row(f"{prefix}.{name}", f"{i}.{text}", f"{terminal}_{name.upper()}")
              for i, (name, text) in enumerate(items, 1)))


APPLICATION_ROWS_2019 = (
    Row("new_received", "一、本年新收政府信息公开申请数量", "NEW_RECEIVED"),
    Row("carried_over", "二、上年结转政府信息公开申请数量", "CARRIED_OVER"),
    Row(None, "三、本年度办理结果", "RESULTS"),
    Row("granted", "（一）予以公开", "GRANTED"),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "PARTIALLY_GRANTED"),
    *_group("denied", "（三）不予公开", "DENIED", (
        ("state_secret", "属于国家秘密"),
        ("prohibited_by_law", "其他法律行政法规禁止公开"),
        ("security_stability", "危及“三安全一稳定”"),
        ("third_party_rights", "保护第三方合法权益"),
        ("internal_affairs", "属于三类内部事务信息"),
        ("process_information", "属于四类过程性信息"),
        ("enforcement_files", "属于行政执法案卷"),
        ("administrative_query", "属于行政查询事项"),
    )),
    *_group("unavailable", "（四）无法提供", "UNAVAILABLE", (
        ("not_held", "本机关不掌握相关政府信息"),
        ("needs_creation", "没有现成信息需要另行制作"),
        ("unclear", "补正后申请内容仍不明确"),
    )),
    *_group("not_processed", "（五）不予处理", "NOT_PROCESSED", (
        ("complaint", "信访举报投诉类申请"),
        ("repeated", "重复申请"),
        ("publication", "要求提供公开出版物"),
        ("excessive", "无正当理由大量反复申请"),
        ("confirmation", "要求行政机关确认或重新出具已获取信息"),
    )),
    Row("other_handling", "（六）其他处理", "OTHER_HANDLING"),
    Row("total_processed", "（七）总计", "TOTAL_PROCESSED"),
    Row("carried_forward", "四、结转下年度继续办理", "CARRIED_FORWARD", variants=("四、结转下一年度继续办理",)),
)

APPLICATIONS_2019 = TableSpec("applications", "三、收到和处理政府信息公开申请情况", None, APPLICANT_COLUMNS, APPLICATION_ROWS_2019,
                              APPLICATION_HEADERS)

_RESULT_COLUMNS = (
    _col("upheld", "结果维持", "UPHELD"),
    _col("corrected", "结果纠正", "CORRECTED"),
    _col("other", "其他结果", "OTHER_RESULT"),
    _col("pending", "尚未审结", "PENDING"),
    _TOTAL,
)

REVIEW = ReviewSpec(
    groups=(
        _col("review", "行政复议", "REVIEW"),
        _col("litigation_direct", "行政诉讼 未经复议直接起诉", "DIRECT"),
        _col("litigation_after_review", "行政诉讼 复议后起诉", "AFTER_REVIEW"),
    ),
    columns=_RESULT_COLUMNS,
    headers=(
        _col("review", "行政复议", "REVIEW"),
        _col("litigation", "行政诉讼", "LITIGATION"),
        _col("litigation_direct", "未经复议直接起诉", "DIRECT"),
        _col("litigation_after_review", "复议后起诉", "AFTER_REVIEW"),
    ),
)

def _item(n: int, columns: tuple[Column, ...], rows: tuple[Row, ...]) -> TableSpec:
    """Article 20 item ``n``'s table: key ``item_n``, title ``第二十条第（n）项``, terminal ``ITEM_n``."""
    return TableSpec(f"item_{n}", f"第二十条第（{'一二三四五六七八九'[n - 1]}）项", f"ITEM_{n}", columns, rows, (CONTENT,))


_PREV = _col("previous_year", "上一年项目数量", "PREVIOUS_YEAR", pattern=r"(上一?年|[0-9]{4}年)项目数量")
_CHANGE = _col("change", "本年增/减", "CHANGE")
_DECISIONS = _col("decisions", "处理决定数量", "DECISIONS")

CHAPTERS = (
    Chapter("一", ("总体情况",)),
    Chapter("二", ("主动公开政府信息情况",), "ACTIVE_DISCLOSURE_HEADING"),
    Chapter("三", ("收到和处理政府信息公开申请情况",), "APPLICATIONS_HEADING"),
    Chapter("四", ("政府信息公开行政复议、行政诉讼情况", "因政府信息公开工作被申请行政复议、提起行政诉讼情况"), "REVIEW_HEADING"),
    Chapter("五", ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况")),
    Chapter("六", ("其他需要报告的事项", "其它需要报告的事项")),
)

SPEC_2019 = TemplateSpec(
    active_disclosure=(
        _item(1, (_col("new_made", "本年新制作数量", "NEW_MADE"), _col("new_published", "本年新公开数量", "NEW_PUBLISHED"),
                  _col("total_published", "对外公开总数量", "TOTAL_PUBLISHED")),
              (Row("rules", "规章", "RULES"),
               Row("normative_documents", "规范性文件", "NORMATIVE_DOCUMENTS", variants=("行政规范性文件",)))),
        _item(5, (_PREV, _CHANGE, _DECISIONS),
              (Row("licensing", "行政许可", "LICENSING"), Row("other_services", "其他对外管理服务事项", "OTHER_SERVICES"))),
        _item(6, (_PREV, _CHANGE, _DECISIONS), (Row("penalty", "行政处罚", "PENALTY"), Row("coercion", "行政强制", "COERCION"))),
        _item(8, (_PREV, _CHANGE), (Row("fees", "行政事业性收费", "FEES"),)),
        _item(9, (_col("procurement_count", "采购项目数量", "PROCUREMENT_COUNT"),
                  _col("procurement_amount", "采购总金额", "PROCUREMENT_AMOUNT",
                       variants=("采购总金额（万元）", "采购总金额（元）"))),
              (Row("central_procurement", "政府集中采购", "CENTRAL_PROCUREMENT"),)),
    ),
    applications=APPLICATIONS_2019,
    review_litigation=REVIEW,
    chapters=CHAPTERS,
)

_DECISIONS_2021 = _col("decisions", "本年处理决定数量", "DECISIONS_THIS_YEAR")

SPEC_2021 = attrs.evolve(
    SPEC_2019,
    active_disclosure=(
        _item(1, (_col("issued", "本年制发件数", "ISSUED"), _col("repealed", "本年废止件数", "REPEALED"),
                  _col("in_force", "现行有效件数", "IN_FORCE")),
              (Row("rules", "规章", "RULES"),
               Row("normative_documents", "行政规范性文件", "NORMATIVE_DOCUMENTS", variants=("规范性文件",)))),
        _item(5, (_DECISIONS_2021,), (Row("licensing", "行政许可", "LICENSING"),)),
        _item(6, (_DECISIONS_2021,), (Row("penalty", "行政处罚", "PENALTY"), Row("coercion", "行政强制", "COERCION"))),
        _item(8, (_col("fee_amount", "本年收费金额（单位：万元）", "FEE_AMOUNT", unit="万元"),), (Row("fees", "行政事业性收费", "FEES"),)),
    ),
).extend_applications(
    (
        Row("other_handling.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "OTHER_HANDLING_NO_CORRECTION"),
        Row("other_handling.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "OTHER_HANDLING_FEE_UNPAID"),
        Row("other_handling.other", "3.其他", "OTHER_HANDLING_OTHER"),
    ),
    replace={"OTHER_HANDLING": Row(None, "（六）其他处理", "OTHER_HANDLING")},
)


def per_spec(memo: dict, table, build):
    """``build(table)``, made once per spec object (a table's, a template's part) and kept in
    ``memo``: what a spec implies is asked for on every report."""
    hit = memo.get(id(table))
    if hit is not None and hit[0] is table:
        return hit[1]
    if len(memo) >= 256:  # specs are few (built-in, extensions): only a leak of built ones fills it
        memo.clear()
    built = build(table)
    memo[id(table)] = (table, built)  # (the spec kept: its id is not reused while it is here)
    return built


def _row_index(table: TableSpec) -> dict[str, Row]:
    index: dict[str, Row] = {}
    for r in table.rows:
        index.setdefault(r.terminal, r)
    return index


_ROWS: dict[int, tuple[TableSpec, dict[str, Row]]] = {}
