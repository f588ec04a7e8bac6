"""Re-render a parsed report as PDF-extracted text shreds its tables (issue 9, shapes 3–5), so the
truth of every value is known.  Used to write the ``shredded_*`` fixtures and by the property tests.

Shapes, modelled on real converter output (``pdftotext`` and ``pdftotext -layout`` on
``/work/shared/samples/hongze_2024_report.pdf``; PyMuPDF-style Markdown as issue 9 describes it):

``md`` (3, PDF → Markdown)
    the 三 table split into several Markdown tables at a page break, with a ``|---|`` rule in
    mid-table; header cells broken into fragments across rows (``| 业 | 构 | 益组织 | 务机构 |``);
    value rows with no label whose labels are printed as plain lines before or after them,
    sometimes two labels in a row; the group label 三、本年度办理结果 interleaved character-wise
    with the long label （二）部分公开…; 四's header in fragments.
``text`` (4, ``pdftotext``)
    one cell per line, blank lines between; header words broken (``社会 法律`` / ``商业 科研`` …);
    a row's values before its label; a block of rows printed values first, labels after; 四's
    fifteen numbers column by column with header fragments (``结果`` ``维持`` …) between.
``columns`` (4, ``pdftotext`` on a table it reads column by column)
    as ``text``, but 三 printed in blocks: the values of several consecutive rows column by column
    (each column's values on consecutive lines, a blank line after each column), the blocks' labels
    together after (or before) them, group labels among them; the other rows one cell per line,
    label before or after its values — as default ``pdftotext`` prints the real report's table 三
    (``tests/real/pdftotext_hongze_2024_text.txt``).
``layout`` (5, ``pdftotext -layout``)
    a row on one line, runs of spaces between cells; long labels wrapped onto the lines above and
    below the numbers (``2.没有现成信息需要另`` / numbers / ``行制作``); group labels on lines of
    their own between rows; 四's header over several lines, the fifteen numbers on one.

``rng`` (a :class:`random.Random`) decides which rows are displaced, so generated tables can vary
the damage; the committed fixtures use fixed seeds.
"""

from __future__ import annotations

import random

from hypothesis import strategies as st

from zfxxgk.model import Cell, Meta, Report
from zfxxgk.spec import SPEC_2019, SPEC_2021, TemplateSpec

from relayout_frontends import document

IDENTITY = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SHAPES = ("md", "text", "layout", "columns")


def _tables(report: Report, spec: TemplateSpec):
    """The three tables as printed cells: Article 20 blocks, 三's rows (group labels with no
    values), 四's fifteen values."""
    items = []
    for item in spec.active_disclosure:
        rows = report.active_disclosure.get(item.key)
        if rows is None:
            continue
        items.append((item.title, [c.label for c in item.columns],
                      [(r.label, [rows[r.key][c.key].raw for c in item.columns]) for r in item.rows if r.key in rows]))
    app = spec.applications
    rows3 = []
    for r in app.rows:
        if r.key is None:
            rows3.append((r.label, None))
        elif r.key in report.applications:
            rows3.append((r.label, [report.applications[r.key][c.key].raw for c in app.columns]))
    rev = spec.review_litigation
    four = [report.review_litigation[g.key][c.key].raw for g in rev.groups for c in rev.columns] \
        if report.review_litigation else []
    return items, rows3, four


def _wrap(label: str, width: int) -> tuple[str, str]:
    return (label[:width], label[width:]) if len(label) > width + 1 else (label, "")


# ---- shape 5: pdftotext -layout ------------------------------------------------------------------

def _layout_items(items) -> list[str]:
    out = []
    for title, cols, rows in items:
        out += [" " * 14 + title, "", "", " " * 7 + "信息内容   " + "    ".join(cols), "", ""]
        for label, raws in rows:
            out.append(label + " " * max(3, 18 - 2 * len(label)) + "          ".join(raws))
            out.append("")
        out += ["", ""]
    return out


def _layout_three(rows3, rng) -> list[str]:
    out = [" " * 64 + "申请人情况", "", " " * 56 + "法人或其他组织",
           "（本列数据的勾稽关系为：第一项加第二项之和， 等", "于第三项加第四项之和）",
           " " * 44 + "自然人         社会 法律                   总计",
           " " * 50 + "商业 科研", " " * 56 + "公益 服务 其他", " " * 50 + "企业 机构", " " * 56 + "组织 机构", ""]
    pending_groups: list[str] = []
    for label, raws in rows3:
        if raws is None:
            # a group label drifts below the first row(s) under it, as pdftotext prints a merged cell
            pending_groups.append(label if label != "三、本年度办理结果" else " 三 、本 年 度办 理 结果")
            continue
        nums = "    ".join(raws)
        head, tail = _wrap(label, 11 if rng.random() < 0.7 else 40)
        indent = " " * (17 if head[:1].isdigit() else 5)
        if tail:
            out.append(indent + head)
            out.append(" " * 40 + nums)
            out.append(indent + "    " + tail)
        else:
            out.append(indent + head + " " * max(3, 30 - 2 * len(head)) + nums)
        if pending_groups and rng.random() < 0.6:
            out += [" " * 5 + g for g in pending_groups]
            pending_groups = []
    out += [" " * 5 + g for g in pending_groups]
    return out + [""]


def _layout_four(four) -> list[str]:
    out = [" " * 10 + "行政复议" + " " * 30 + "行政诉讼", "",
           " " * 30 + "未经复议直接起诉                  复议后起诉", "",
           "结果   结果     其他   尚未",
           " " * 20 + "总 计 结果 结果 其他 尚未     结果 结果 其他 尚未",
           "维持   纠正     结果   审结" + " " * 47 + "总计",
           " " * 36 + "总 计",
           " " * 24 + "维持 纠正 结果 审结     维持 纠正 结果 审结", "", ""]
    if four:
        out.append(" " + "    ".join(four))
    return out + [""]


# ---- shape 4: pdftotext (default) --------------------------------------------------------------

def _text_items(items, rng) -> list[str]:
    out = []
    for title, cols, rows in items:
        out += [title, "信息内容", ""] + [x for c in cols for x in (c, "")]
        if len(rows) == 1 and len(cols) == 1 and rng.random() < 0.5:  # the value before its label
            out += [rows[0][1][0], "", rows[0][0], ""]
            continue
        for label, raws in rows:
            out += [label, ""] + [x for v in raws for x in (v, "")]
    return out


def _text_three(rows3, rng) -> list[str]:
    out = ["申请人情况", "", "（本列数据的勾稽关系为：第一项加第二项之和， 等", "于第三项加第四项之和）", "",
           "法人或其他组织", "自然人", "", "社会 法律", "商业 科研", "公益 服务 其他", "企业 机构", "组织 机构", "", "总计", ""]
    data = [(label, raws) for label, raws in rows3]
    i = 0
    first = True
    while i < len(data):
        label, raws = data[i]
        if raws is None:
            out += [label, ""]
            i += 1
            continue
        if first:  # the first row's values come before its label
            out += [x for v in raws for x in (v, "")] + [label, ""]
            first = False
            i += 1
            continue
        # a run of numbered rows (1. 2. …) printed values first, labels after
        j = i
        while j < len(data) and data[j][1] is not None and data[j][0][:1].isdigit():
            j += 1
        if j - i >= 2 and rng.random() < 0.7:
            for _, r in data[i:j]:
                out += [x for v in r for x in (v, "")]
            out += [lab for lab, _ in data[i:j]] + [""]
            i = j
            continue
        out += [label, ""] + [x for v in raws for x in (v, "")]
        i += 1
    return out


def _columns_three(rows3, rng) -> list[str]:
    out = _text_three([], rng)
    data = list(rows3)
    i = 0
    first = True
    while i < len(data):
        if first:  # the first row's values right under the header, its label later
            label, raws = data[0]
            out += [x for v in raws for x in (v, "")]
            held = [label]
            first = False
            i = 1
            continue
        k = rng.choice((1, 1, 2, 3, 5, 9))
        seg: list = []
        j = i
        while j < len(data) and sum(1 for _, r in seg if r is not None) < k:
            seg.append(data[j])
            j += 1
        i = j
        rows = [r for _, r in seg if r is not None]
        labels = held + [lab for lab, _ in seg]
        held = []
        if len(rows) == 1 and rng.random() < 0.5:
            out += labels + [""] + [x for v in rows[0] for x in (v, "")]
        elif len(rows) == 1:
            out += [x for v in rows[0] for x in (v, "")] + labels + [""]
        else:
            block = [x for col in zip(*rows) for x in (*col, "")] if rows else []
            out += (block + labels + [""]) if rng.random() < 0.7 else (labels + [""] + block)
    return out + held


_FOUR_HEADERS = (["结果", "维持"], ["结果", "纠正"], ["其他结", "果"], ["尚未", "审结"], ["总计"])


def _text_four(four) -> list[str]:
    out = ["行政复议", "", "行政诉讼", "未经复议直接起诉", "", "复议后起诉", ""]
    if not four:
        return out + ["结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "审结", "总计", ""]
    groups = len(four) // 5
    for col, words in enumerate(_FOUR_HEADERS):  # column by column, header words between
        out += words + [""]
        out += [x for g in range(groups) for x in (four[g * 5 + col], "")]
    return out


# ---- shape 3: PDF → Markdown ---------------------------------------------------------------------

def _md_row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_items(items) -> list[str]:
    out = []
    for title, cols, rows in items:
        out += [title, "", _md_row(["信息内容", *cols]), _md_row(["---"] * (len(cols) + 1))]
        out += [_md_row([label, *raws]) for label, raws in rows]
        out.append("")
    return out


def _interleave(a: str, b: str) -> list[str]:
    """``三、本年度办理结果`` printed through ``（二）部分公开（…）``: the group label's characters land
    on the lines of the long label, as a converter reads a merged cell beside a wrapped one."""
    head, tail = b[: len(b) // 2], b[len(b) // 2 :]
    return [a[:-4], head + a[-4:-2], a[-2:-1] + tail, a[-1:]]


def _md_three(rows3, rng) -> list[str]:
    width = 8
    out = [_md_row(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "", "", "", "", "", ""]),
           _md_row(["---"] * width),
           _md_row(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
           _md_row(["", "", "商业", "科研", "社会公", "法律服", "其他", ""]),
           _md_row(["", "", "企业", "机构", "益组织", "务机构", "", ""])]
    data = list(rows3)
    page_break = len(data) // 2
    i = 0
    while i < len(data):
        label, raws = data[i]
        if i == page_break:  # a page break: a new table, with its own rule
            out += ["", "-3-", "", _md_row([""] * width), _md_row(["---"] * width)]
        if raws is None:
            if label == "三、本年度办理结果" and i + 2 < len(data) and data[i + 2][1] is not None \
                    and len(data[i + 2][0]) > 20:
                # interleaved with the long label two rows down
                out.append(_md_row([data[i + 1][0], *data[i + 1][1]]))
                lines = _interleave(label, data[i + 2][0])
                out += lines[:-1]
                out.append(_md_row(["", *data[i + 2][1]]))
                out.append(lines[-1])
                i += 3
                continue
            out.append(label)
            i += 1
            continue
        r = rng.random()
        nxt = data[i + 1] if i + 1 < len(data) else None
        if r < 0.2 and nxt is not None and nxt[1] is not None:
            # two labels in a row, then their two value rows
            out += [label, nxt[0], _md_row(["", *raws]), _md_row(["", *nxt[1]])]
            i += 2
            continue
        if r < 0.35:  # the values, then the label on a line of its own
            out += [_md_row(["", *raws]), label]
        elif r < 0.5:  # the label on a line of its own, then the values
            out += [label, _md_row(["", *raws])]
        else:
            out.append(_md_row([label, *raws]))
        i += 1
    return out + [""]


def _md_four(four) -> list[str]:
    out = [_md_row(["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""]),
           _md_row(["---"] * 15),
           _md_row(["结果", "结果", "其他", "尚未", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
           _md_row(["维持", "纠正", "结果", "审结", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                    "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])]
    if four:
        out.append(_md_row(four))
    return out + [""]


# ---- the document --------------------------------------------------------------------------------

def render(report: Report, spec: TemplateSpec, shape: str, *, seed: int = 0) -> str:
    """``report`` as PDF-extracted text of ``shape`` (``md``, ``text``, ``layout``, ``columns``)."""
    rng = random.Random(seed)
    items, rows3, four = _tables(report, spec)
    lines: list[str] = []
    blocks = document(report, spec)
    if not report.sections:  # generated tables: the national outline around them
        blocks = [("p", report.meta.title or "政府信息公开工作年度报告"), ("h", 1, "一、总体情况"), ("p", "本年度工作情况如下。"),
                  ("h", 1, "二、主动公开政府信息情况"), ("h", 1, "三、收到和处理政府信息公开申请情况"),
                  ("h", 1, "四、政府信息公开行政复议、行政诉讼情况"), ("h", 1, "五、存在的主要问题及改进情况"), ("p", "无。")]
    for block in blocks:
        kind = block[0]
        if kind == "h":
            text = block[2]
            lines.append(("## " if shape == "md" and block[1] == 1 else "") + text)
            chapter = text[:1] if block[1] == 1 else ""
            if chapter == "二":
                lines += {"md": _md_items, "text": lambda x: _text_items(x, rng), "layout": _layout_items,
                          "columns": lambda x: _text_items(x, rng)}[shape](items)
            elif chapter == "三":
                lines += {"md": _md_three, "text": _text_three, "layout": _layout_three,
                          "columns": _columns_three}[shape](rows3, rng)
            elif chapter == "四":
                lines += {"md": _md_four, "text": _text_four, "layout": _layout_four, "columns": _text_four}[shape](four)
        elif kind == "p":
            lines.append(block[1])
        if shape == "md":
            lines.append("")
    return "\n".join(lines) + "\n"


SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}


@st.composite
def consistent_tables(draw, template: str):
    """Tables whose arithmetic holds (row totals, outcomes, 勾稽, group totals), as published."""
    spec = SPECS[template]
    small = st.integers(0, 30)
    app = spec.applications
    outcome_rows = [r.key for r in app.rows if r.key is not None and r.key not in
                    ("new_received", "carried_over", "total_processed", "carried_forward")]
    cols = [c.key for c in app.columns if c.key != "total"]
    table = {k: {c: draw(small) for c in cols} for k in outcome_rows}
    table["total_processed"] = {c: sum(table[k][c] for k in outcome_rows) for c in cols}
    table["carried_forward"] = {c: draw(small) for c in cols}
    table["carried_over"] = {c: draw(st.integers(0, table["total_processed"][c] + table["carried_forward"][c]))
                             for c in cols}
    table["new_received"] = {c: table["total_processed"][c] + table["carried_forward"][c] - table["carried_over"][c]
                             for c in cols}
    apps = {k: {**{c: (str(v), v, None) for c, v in row.items()},
                "total": (str(sum(row.values())), sum(row.values()), None)} for k, row in table.items()}
    review = {}
    for g in spec.review_litigation.groups:
        parts = [draw(small) for _ in range(4)]
        review[g.key] = {c.key: (str(v), v, None) for c, v in zip(spec.review_litigation.columns, [*parts, sum(parts)])}
    active = {item.key: {r.key: {c.key: (str(v), v, None) for c in item.columns for v in [draw(st.integers(0, 999))]}
                         for r in item.rows} for item in spec.active_disclosure}
    return active, apps, review


def to_report(template, active, apps, review) -> Report:
    def cs(cols):
        return {k: Cell(v, raw, u) for k, (raw, v, u) in cols.items()}

    return Report(Meta("示例县2020年政府信息公开工作年度报告", None, 2020, None, template, "simplified"),
                  active_disclosure={i: {r: cs(c) for r, c in rows.items()} for i, rows in active.items()},
                  applications={r: cs(c) for r, c in apps.items()},
                  review_litigation={g: cs(c) for g, c in review.items()})



def write_fixtures(directory) -> list:
    """The committed ``shredded_*`` fixtures: seeds 000–003 in each shape."""
    import zfxxgk
    from zfxxgk.checks import spec_for

    from conftest import EXAMPLES

    written = []
    for path in sorted(EXAMPLES.glob("seed_00[0-3]_*.txt")):
        report = zfxxgk.parse_file(path)
        for shape in SHAPES:
            name = f"shredded_{path.stem[5:8]}_{shape}.{'md' if shape == 'md' else 'txt'}"
            out = directory / name
            out.write_text(render(report, spec_for(report), shape, seed=int(path.stem[5:8])), encoding="utf-8")
            written.append(out)
    return written


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    for p in write_fixtures(Path(__file__).parent / "fixtures"):
        print(p)
