"""Re-render a parsed report's tables in another layout, to test that layout never changes values.

Layouts (TEMPLATES.md §7): ``cells`` — one cell per line, blank lines between; ``pipes`` — one cell
per line ending in `` |``, with ``|||`` filler lines for spanned cells; ``spans`` — one cell per
line ending in `` |``, a cell spanning N columns of the printed table followed by N−1 more ``|`` on
its own line (``本年增/减 ||``, ``一、本年新收政府信息公开申请数量 |||``); ``rows`` — one table row per
line, cells separated by `` | ``.  ``traditional=True`` converts the whole text with OpenCC (s2t).
"""

from __future__ import annotations

from functools import lru_cache

from zfxxgk.model import Report
from zfxxgk.spec import TemplateSpec

IDENTITY = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def table_rows(report: Report, spec: TemplateSpec) -> list[tuple[str, list[list[str]]]]:
    """``[(heading, rows)]``: each table as a heading line and rows of printed cells."""
    out = []
    blocks: list[list[str]] = []
    for item in spec.active_disclosure:
        rows = report.active_disclosure.get(item.key)
        if rows is None:
            continue
        blocks.append([item.title])
        blocks.append(["信息内容", *(c.label for c in item.columns)])
        for row in item.rows:
            if row.key in rows:
                blocks.append([row.label, *(rows[row.key][c.key].raw for c in item.columns)])
    out.append(("二、主动公开政府信息情况", blocks))
    app = spec.applications
    rows = [[IDENTITY, "申请人情况"], ["自然人", "法人或其他组织", "总计"],
            [c.label for c in app.columns if c.key not in ("natural_person", "total")]]
    for row in app.rows:
        if row.key is None:
            rows.append([row.label])
        elif row.key in report.applications:
            rows.append([row.label, *(report.applications[row.key][c.key].raw for c in app.columns)])
    out.append(("三、收到和处理政府信息公开申请情况", rows))
    rev = spec.review_litigation
    rows = [["行政复议", "行政诉讼"], [*(c.label for c in rev.columns), "未经复议直接起诉", "复议后起诉"],
            [c.label for c in rev.columns] * 2]
    if report.review_litigation:
        rows.append([report.review_litigation[g.key][c.key].raw for g in rev.groups for c in rev.columns])
    out.append(("四、政府信息公开行政复议、行政诉讼情况", rows))
    return out


def render(report: Report, spec: TemplateSpec, layout: str, *, traditional: bool = False) -> str:
    lines = [report.meta.title or "2020年政府信息公开工作年度报告", "", "一、总体情况", "", "本年度工作情况如下。", ""]
    for heading, rows in table_rows(report, spec):
        lines += [heading, ""]
        for row in rows:
            if layout == "cells":
                for cell in row:
                    lines += [cell, ""]
            elif layout == "pipes":
                lines += [f"{cell} |" for cell in row]
                lines.append("|" * max(2, len(row)))
            elif layout == "spans":
                lines += [f"{cell} |" + "|" * (n - 1) for cell, n in zip(row, spans(row, heading[0]))]
            elif layout == "rows":
                lines.append(" | ".join(row))
            else:
                raise ValueError(layout)
    lines += ["五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。"]
    text = "\n".join(lines) + "\n"
    return _s2t().convert(text) if traditional else text


#: header cells that span columns of the printed tables (三's header, 四's group headers)
_HEADER_SPANS = {IDENTITY: 3, "申请人情况": 7, "法人或其他组织": 5, "行政复议": 5, "行政诉讼": 10,
                 "未经复议直接起诉": 5, "复议后起诉": 5}
#: 三's row labels as the printed table spans them: chapter-level labels over the three label
#: columns, （一）… over two (beside 三、本年度办理结果), numbered sub-rows and group labels over one
_GROUPS = ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理")


def spans(row: list[str], chapter: str) -> list[int]:
    """How many columns of the printed table each cell of ``row`` (a row of chapter 二, 三 or 四)
    spans, as the template prints it: Article 20 blocks four columns wide, the last column taking
    what the item's columns leave."""
    if chapter == "二":
        return [4] if row[0].startswith("第二十条") else [1] * (len(row) - 1) + [5 - len(row)]
    out = [_HEADER_SPANS.get(c, 1) for c in row]
    label = row[0]
    if label in _HEADER_SPANS:
        return out
    if chapter == "三" and label[:1] in "一二四" and label[1:2] == "、":
        out[0] = 3
    elif chapter == "三" and label.startswith("（") and label not in _GROUPS and len(row) > 1:
        out[0] = 2
    return out


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def values(report: Report) -> dict:
    """Every placed cell as ``(table, item, row, column) → (value, unit)``."""
    return {(t, i, r, c): (cell.value, cell.unit) for t, i, r, c, cell in report.cells()}
