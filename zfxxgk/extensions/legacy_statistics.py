"""The pre-2019 《政府信息公开情况统计表》 as an extension of the ``legacy`` template.

Many 2014–2018 reports (the pre-2019 条例, no national table format) attach a statistics table of
rows ``统计指标 | 单位 | 统计数``.  This extension parses it into ``report.statistics``: one
:class:`~zfxxgk.model.Cell` per row key, its ``unit`` the one printed in the 单位 column (or in the
cell, or the template's), e.g. ``report.statistics["applications.received"]`` →
``Cell(value=2, raw="2", unit="件")``.

The pieces, as every extension has them:

* grammar — ``grammar/legacy_statistics.lark`` (package data): ``%import legacy`` and
  ``%extend _chapter: statistics``;
* spec — :data:`SPEC` (a :class:`~zfxxgk.spec.SpecExtension`): the table's rows, keys and labels
  (the one place they are written: ``grammar/legacy_statistics_labels.lark`` is generated from them
  by ``python -m zfxxgk.reference``);
* transformer — :class:`StatisticsTransformer`, a mixin with a method per new rule;
* report type — :class:`StatisticsReport`, ``Report`` with a ``statistics`` field (so
  ``zfxxgk.from_dict(zfxxgk.to_dict(r)) == r``);
* detector — :func:`detect`: a legacy report whose text has the table's labels.

Keys (``group.row``; a group label without a count has no key) are listed in :data:`ROWS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import attrs

from ..model import Cell, Report, Section
from ..parser.tokens import UNREADABLE, CellToken, to_cell
from ..templates import Template, detect_legacy
from ..spec import Column, Header, Row, SpecExtension, TableSpec
from ..transformers.common import CommonTransformer, split_heading
from ..values import parse_value
from ..vocabulary import units

__all__ = ["LEGACY_STATISTICS", "ROWS", "SPEC", "TABLE", "UNIT_CELL", "StatisticsReport", "StatisticsRow",
           "StatisticsTransformer", "detect"]


@attrs.frozen
class StatisticsRow(Row):
    """A row of the statistics table, with the unit its 单位 column normally states."""

    unit: str | None = None


def _r(key, label, terminal, unit=None, *variants):
    return StatisticsRow(key, label, terminal, unit, variants=variants)


#: The rows in printed order: key (``None`` for a group label without a count), label as the
#: 2014–2018 table prints it, grammar terminal, unit.
ROWS: tuple[StatisticsRow, ...] = (
    _r(None, "一、主动公开情况", "STAT_ACTIVE"),
    _r("active.published", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "STAT_ACTIVE_PUBLISHED", "条",
       "（一）主动公开政府信息数"),
    _r("active.normative_documents", "其中：主动公开规范性文件数", "STAT_ACTIVE_NORMATIVE_DOCUMENTS", "条"),
    _r("active.normative_documents_issued", "制发规范性文件总数", "STAT_ACTIVE_NORMATIVE_DOCUMENTS_ISSUED", "件"),
    _r(None, "（二）通过不同渠道和方式公开政府信息的情况", "STAT_ACTIVE_CHANNELS"),
    _r("active.channels.gazette", "1.政府公报公开政府信息数", "STAT_ACTIVE_CHANNELS_GAZETTE", "条"),
    _r("active.channels.website", "2.政府网站公开政府信息数", "STAT_ACTIVE_CHANNELS_WEBSITE", "条"),
    _r("active.channels.weibo", "3.政务微博公开政府信息数", "STAT_ACTIVE_CHANNELS_WEIBO", "条"),
    _r("active.channels.wechat", "4.政务微信公开政府信息数", "STAT_ACTIVE_CHANNELS_WECHAT", "条"),
    _r("active.channels.other", "5.其他方式公开政府信息数", "STAT_ACTIVE_CHANNELS_OTHER", "条"),
    _r(None, "二、回应解读情况", "STAT_RESPONSE"),
    _r("response.hot_topics", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "STAT_RESPONSE_HOT_TOPICS", "次",
       "（一）回应公众关注热点或重大舆情数"),
    _r(None, "（二）通过不同渠道和方式回应解读的情况", "STAT_RESPONSE_CHANNELS"),
    _r("response.press_conferences", "1.参加或举办新闻发布会总次数", "STAT_RESPONSE_PRESS_CONFERENCES", "次"),
    _r("response.press_conferences_principal", "其中：主要负责同志参加新闻发布会次数", "STAT_RESPONSE_PRESS_CONFERENCES_PRINCIPAL", "次"),
    _r("response.online_interviews", "2.政府网站在线访谈次数", "STAT_RESPONSE_ONLINE_INTERVIEWS", "次"),
    _r("response.online_interviews_principal", "其中：主要负责同志参加政府网站在线访谈次数", "STAT_RESPONSE_ONLINE_INTERVIEWS_PRINCIPAL", "次"),
    _r("response.interpretations", "3.政策解读稿件发布数", "STAT_RESPONSE_INTERPRETATIONS", "篇"),
    _r("response.social_media", "4.微博微信回应事件数", "STAT_RESPONSE_SOCIAL_MEDIA", "次"),
    _r("response.other", "5.其他方式回应事件数", "STAT_RESPONSE_OTHER", "次"),
    _r(None, "三、依申请公开情况", "STAT_APPLICATIONS"),
    _r("applications.received", "（一）收到申请数", "STAT_RECEIVED", "件"),
    _r("applications.received.in_person", "1.当面申请数", "STAT_RECEIVED_IN_PERSON", "件"),
    _r("applications.received.fax", "2.传真申请数", "STAT_RECEIVED_FAX", "件"),
    _r("applications.received.online", "3.网络申请数", "STAT_RECEIVED_ONLINE", "件"),
    _r("applications.received.letter", "4.信函申请数", "STAT_RECEIVED_LETTER", "件"),
    _r("applications.completed", "（二）申请办结数", "STAT_COMPLETED", "件"),
    _r("applications.completed.on_time", "1.按时办结数", "STAT_COMPLETED_ON_TIME", "件"),
    _r("applications.completed.extended", "2.延期办结数", "STAT_COMPLETED_EXTENDED", "件"),
    _r("applications.answered", "（三）申请答复数", "STAT_ANSWERED", "件"),
    _r("applications.answered.already_public", "1.属于已主动公开范围数", "STAT_ANSWERED_ALREADY_PUBLIC", "件"),
    _r("applications.answered.granted", "2.同意公开答复数", "STAT_ANSWERED_GRANTED", "件"),
    _r("applications.answered.partially_granted", "3.同意部分公开答复数", "STAT_ANSWERED_PARTIALLY_GRANTED", "件"),
    _r("applications.answered.denied", "4.不同意公开答复数", "STAT_ANSWERED_DENIED", "件"),
    _r("applications.answered.denied.state_secret", "其中：涉及国家秘密", "STAT_DENIED_STATE_SECRET", "件", "涉及国家秘密"),
    _r("applications.answered.denied.commercial_secret", "涉及商业秘密", "STAT_DENIED_COMMERCIAL_SECRET", "件"),
    _r("applications.answered.denied.privacy", "涉及个人隐私", "STAT_DENIED_PRIVACY", "件"),
    _r("applications.answered.denied.security_stability", "危及国家安全、公共安全、经济安全和社会稳定", "STAT_DENIED_SECURITY_STABILITY", "件"),
    _r("applications.answered.denied.not_government_information", "不是《条例》所指政府信息", "STAT_DENIED_NOT_GOVERNMENT_INFORMATION", "件"),
    _r("applications.answered.denied.other_legal", "法律法规规定的其他情形", "STAT_DENIED_OTHER_LEGAL", "件"),
    _r("applications.answered.not_this_organ", "5.不属于本行政机关公开数", "STAT_ANSWERED_NOT_THIS_ORGAN", "件"),
    _r("applications.answered.nonexistent", "6.申请信息不存在数", "STAT_ANSWERED_NONEXISTENT", "件"),
    _r("applications.answered.correction_requested", "7.告知作出更改补充数", "STAT_ANSWERED_CORRECTION_REQUESTED", "件"),
    _r("applications.answered.other_channels", "8.告知通过其他途径办理数", "STAT_ANSWERED_OTHER_CHANNELS", "件"),
    _r("review", "四、行政复议数量", "STAT_REVIEW", "件"),
    _r("review.upheld", "（一）维持具体行政行为数", "STAT_REVIEW_UPHELD", "件"),
    _r("review.corrected", "（二）被依法纠错数", "STAT_REVIEW_CORRECTED", "件"),
    _r("review.other", "（三）其他情形数", "STAT_REVIEW_OTHER", "件"),
    _r("litigation", "五、行政诉讼数量", "STAT_LITIGATION", "件"),
    _r("litigation.upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "STAT_LITIGATION_UPHELD", "件"),
    _r("litigation.corrected", "（二）被依法纠错数", "STAT_LITIGATION_CORRECTED", "件"),
    _r("litigation.other", "（三）其他情形数", "STAT_LITIGATION_OTHER", "件"),
    _r("complaints", "六、举报投诉数量", "STAT_COMPLAINTS", "件"),
    _r("complaints.upheld", "（一）维持具体行政行为数", "STAT_COMPLAINTS_UPHELD", "件"),
    _r("complaints.corrected", "（二）被纠错数", "STAT_COMPLAINTS_CORRECTED", "件"),
    _r("complaints.other", "（三）其他情形数", "STAT_COMPLAINTS_OTHER", "件"),
    _r("fees", "七、依申请公开信息收取的费用", "STAT_FEES", "万元"),
    _r(None, "八、机构建设和保障经费情况", "STAT_STAFFING"),
    _r("staffing.offices", "（一）政府信息公开工作专门机构数", "STAT_STAFFING_OFFICES", "个"),
    _r("staffing.reading_points", "（二）设置政府信息公开查阅点数", "STAT_STAFFING_READING_POINTS", "个"),
    _r("staffing.staff", "（三）从事政府信息公开工作人员数", "STAT_STAFFING_STAFF", "人"),
    _r("staffing.staff.full_time", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "STAT_STAFFING_STAFF_FULL_TIME", "人", "1.专职人员数"),
    _r("staffing.staff.part_time", "2.兼职人员数", "STAT_STAFFING_STAFF_PART_TIME", "人"),
    _r("staffing.budget", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "STAT_STAFFING_BUDGET", "万元",
       "（四）政府信息公开专项经费"),
    _r(None, "九、政府信息公开会议和培训情况", "STAT_TRAINING"),
    _r("training.meetings", "（一）召开政府信息公开工作会议或专题会议数", "STAT_TRAINING_MEETINGS", "次"),
    _r("training.courses", "（二）举办各类培训班数", "STAT_TRAINING_COURSES", "次"),
    _r("training.trainees", "（三）接受培训人员数", "STAT_TRAINING_TRAINEES", "人次"),
)

#: The table: columns 单位 (text) and 统计数 (the value), under a header 统计指标 over the labels.
TABLE = TableSpec(
    "statistics", "政府信息公开情况统计表", "STATISTICS_TITLE",
    (Column("unit", "单位", "STAT_UNIT_HEADER", variants=("计量单位",)),
     Column("count", "统计数", "STAT_COUNT_HEADER", variants=("数量", "统计数据"))),
    ROWS,
    (Header("统计指标", "STAT_INDICATOR", variants=("指标", "统计项目")),),
)
SPEC = SpecExtension(tables=(TABLE,))
#: A unit printed in the 单位 column (or after the label): the units the 统计表 uses.
UNIT_CELL = Header(units("s")[0], "STAT_UNIT", "a unit", variants=units("s")[1:])
_HEADERS = [(h.terminal, h.label) for h in TABLE.headers] + [(c.terminal, c.label) for c in TABLE.columns]


@attrs.frozen
class StatisticsReport(Report):
    """A legacy report with its 统计表: ``statistics[row key]`` is the row's :class:`~zfxxgk.model.Cell`."""

    statistics: dict[str, Cell] = attrs.Factory(dict)

    def cells(self):
        yield from super().cells()
        for key, cell in self.statistics.items():
            yield "statistics", None, key, "count", cell


# ---- what the rules build (named after their rules) ---------------------------------------------

class StatisticsHeader(NamedTuple):
    """``statistics_header``: a header cell (统计指标, 单位, 统计数)."""

    label: CellToken


class StatisticsNote(NamedTuple):
    """``statistics_note``: a line of the table that is no label of it, and the values after it."""

    text: CellToken
    values: list[CellToken]


class StatRow(NamedTuple):
    """``stat_*_row`` (``stat_active_row`` …): a row label of a group, and its unit and value."""

    label: CellToken
    values: list[CellToken]


@attrs.define
class StatGroup:
    """``stat_*`` (``stat_active`` …): a group label with the values on its own line, its rows and
    the lines of it that are no label (notes)."""

    label: CellToken
    values: list[CellToken]
    rows: list[StatRow]
    notes: list[StatisticsNote]


# a mixin: typed against the transformer it is put in front of, an object at run time
if TYPE_CHECKING:
    _Mixin = CommonTransformer
else:
    _Mixin = object


class StatisticsTransformer(_Mixin):
    """Transformer mixin for ``legacy_statistics.lark``: one method per new rule (put in front of
    the base template's transformer by :class:`~zfxxgk.Template`)."""

    report_class = StatisticsReport

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statistics_values: dict[str, Cell] = {}

    def tables(self) -> dict:
        return {**super().tables(), "statistics": self.statistics_values}

    # ---- rules -------------------------------------------------------------------------------
    def statistics_header(self, children) -> StatisticsHeader:
        (label,) = children
        return StatisticsHeader(label)

    def statistics_note(self, children) -> StatisticsNote:
        text, *values = children
        return StatisticsNote(text, values)

    def _stat_group(self, children) -> StatGroup:
        label, *rest = children
        group = StatGroup(label, [], [], [])
        for c in rest:
            if isinstance(c, CellToken):
                group.values.append(c)
            elif isinstance(c, StatRow):
                group.rows.append(c)
            else:
                group.notes.append(c)
        return group

    def _stat_row(self, children) -> StatRow:
        label, *values = children
        return StatRow(label, values)

    stat_active = stat_response = stat_applications = stat_review = stat_litigation = _stat_group
    stat_complaints = stat_fees = stat_staffing = stat_training = _stat_group
    stat_active_row = stat_response_row = stat_applications_row = stat_review_row = _stat_row
    stat_litigation_row = stat_complaints_row = stat_staffing_row = stat_training_row = _stat_row

    def statistics(self, children) -> Section:
        table = self.spec.table("statistics")
        title = children[0] if children and isinstance(children[0], CellToken) else None
        headers = [c.label for c in children if isinstance(c, StatisticsHeader)]
        groups = [c for c in children if isinstance(c, StatGroup)]
        notes = [c for c in children if isinstance(c, StatisticsNote)]
        line = title.line if title is not None else (headers[0].line if headers else None)
        paragraphs: list[str] = []
        self._stat_notes(notes, paragraphs)
        for g in groups:
            self._stat_place(table, g.label, g.values)
            for label, values in g.rows:
                self._stat_place(table, label, values)
            self._stat_notes(g.notes, paragraphs)
        if not groups:
            self.diag("warning", "missing-table", "the statistics table is announced but its rows are not in the text", line)
        else:
            found = {h.base for h in headers}
            missing = [label for term, label in _HEADERS if term not in found]
            if missing:
                self.diag("warning", "missing-header", f"统计表: header cells missing: {'、'.join(missing)}", line)
            seen = {lab.base for g in groups for lab in (g.label, *(r for r, _ in g.rows))}
            absent = [r.label for r in table.rows if r.key is not None and r.terminal not in seen]
            if absent:
                self.diag("info", "missing-row", f"统计表: {len(absent)} row(s) not printed: {'、'.join(absent)}", line)
        number, text, level = _split_number(title.value) if title is not None else ("", table.title, 1)
        return Section(number, text, level, line or 0, tuple(paragraphs), ())

    # ---- helpers -----------------------------------------------------------------------------
    def _stat_place(self, table: TableSpec, label: CellToken, values: list) -> None:
        row = table.row_for(label.base)
        assert isinstance(row, StatisticsRow)  # the grammar gives only this table's labels
        unit_tok = next((v for v in values if v.base == "STAT_UNIT"), None)
        cells = [v for v in values if v.base != "STAT_UNIT"]
        if unit_tok is None and len(cells) == 2 and parse_value(cells[0].norm)[0] is None:
            cells = cells[1:]  # the 单位 column printed blank ("——", "/")
        shown = " ".join(c.value.strip() or "␣" for c in cells)
        at = {"column": label.column, "table": table.key, "found": len(cells)}  # the diagnostics' fields
        self._note_label(label)
        if row.key is None:
            if any(parse_value(c.norm)[0] is not None for c in cells):
                self.diag("error", "values-on-group-label", f"统计表: group label {label.value!r} carries values {shown}; "
                          "not placed", label.line, [to_cell(c) for c in cells], **at)
            return
        if row.key in self.statistics_values:
            self.diag("error", "duplicate-row", f"统计表: row {row.label} appears again; values {shown} not placed",
                      label.line, [to_cell(c) for c in cells], row=row.key, **at)
            return
        if len(cells) != 1:
            if cells:
                self.diag("error", "cell-count", f"统计表: row {row.label} has {len(cells)} values, the table has one; "
                          f"values {shown} not placed", label.line, [to_cell(c) for c in cells], row=row.key,
                          expected=1, **at)
            else:
                self.diag("warning", "missing-value", f"统计表: row {row.label} has no value", label.line)
            return
        if cells[0].how == UNREADABLE:
            self.diag("error", "unreadable-cell", f"统计表: row {row.label}: {shown} cannot be read as a number; "
                      "not placed", label.line, [to_cell(cells[0])], row=row.key, **at)
            return
        printed_unit = unit_tok.norm if unit_tok is not None else None
        cell = to_cell(cells[0], printed_unit or row.unit)
        if unit_tok is not None and row.unit and printed_unit != row.unit:
            self.diag("info", "unit", f"统计表: row {row.label} is stated in {printed_unit}, the table has {row.unit}",
                      unit_tok.line)
        self.statistics_values[row.key] = cell

    def _stat_notes(self, notes, paragraphs: list[str]) -> None:
        for text, values in notes:
            cells = [to_cell(v) for v in values if v.base != "STAT_UNIT"]
            if cells:
                self.diag("error", "unknown-row", f"统计表: row {text.value!r} is not in the table; its values "
                          f"{' '.join(c.raw or '␣' for c in cells)} were not placed", text.line, cells)
            else:
                paragraphs.append(text.value)

    def _note_label(self, tok: CellToken) -> None:
        if tok.how == "joined":
            lines = ", ".join(str(f.line) for f in tok.fragments)
            self.diag("info", "split-cell", f"统计表: row label {tok.norm!r} was split over lines {lines}", tok.line)
        elif tok.how == "truncated":
            self.diag("warning", "truncated-label", f"统计表: row label {tok.value!r} is truncated", tok.line)


def _split_number(text: str) -> tuple[str, str, int]:
    """``（二）2018年…统计表`` → ``("(二)", "2018年…统计表", 2)``; a title without a number is level 1."""
    for level in (1, 2, 3, 4):
        number, title, rest = split_heading(text, level)
        if number:
            return number, (title + rest).strip(), level
    return "", text.strip(), 1


_MARKERS = ("统计指标", "主动公开政府信息数", "收到申请数", "申请办结数", "申请答复数", "依申请公开信息收取的费用",
            "政府信息公开工作专门机构数")


def detect(key: str) -> float:
    """A legacy report (no national table) whose text has at least two of the table's labels."""
    if not detect_legacy(key):
        return 0.0
    found = sum(1 for w in _MARKERS if w in key)
    return detect_legacy(key) + found if found >= 2 else 0.0


LEGACY_STATISTICS = Template(
    "legacy-statistics",
    "legacy_statistics.lark",
    StatisticsTransformer,
    SPEC,
    detect,
    package="zfxxgk.extensions",
    base="legacy",
)
"""``Parser(extensions=[LEGACY_STATISTICS])``: legacy reports with their 统计表 in ``report.statistics``."""
