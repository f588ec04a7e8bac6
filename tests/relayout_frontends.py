"""Re-render a parsed seed as the inputs people really have: a saved web page (site chrome, tables
with ``rowspan``/``colspan`` as the national template prints them), a Markdown conversion (as
PDF/LLM tools write it: spans become empty cells), and a crawler dump that dropped every separator
between table cells ("glued").  Used to write the ``html_*``, ``md_*``, ``glued_*`` fixtures, which
must give the same values as their source.

The document is rebuilt from the report: title, metadata, every section with its paragraphs, the
tables where the template puts them, the signature.
"""

from __future__ import annotations

import html as _html

from zfxxgk.model import Report, Section
from zfxxgk.spec import TemplateSpec

IDENTITY = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
TABLE_CHAPTERS = {"二": "active", "三": "applications", "四": "review"}


# ---- a neutral document: blocks ------------------------------------------------------------------
# ("h", level, text) · ("p", text) · ("table", rows) with rows of (text, colspan, rowspan) cells

def _section_blocks(s: Section, report: Report, spec: TemplateSpec) -> list:
    out: list = [("h", s.level, f"{s.number}{s.title}")]
    out += [("p", p) for p in s.paragraphs]
    for c in s.children:
        out += _section_blocks(c, report, spec)
    kind = TABLE_CHAPTERS.get(s.number.rstrip("、.，, ")) if s.level == 1 else None
    if kind == "active":
        out += active_tables(report, spec)
    elif kind == "applications":
        out.append(("table", applications_table(report, spec)))
    elif kind == "review" and report.review_litigation:
        out.append(("table", review_table(report, spec)))
    return out


def document(report: Report, spec: TemplateSpec) -> list:
    blocks: list = []
    blocks += [("p", p) for p in report.preamble]
    for s in report.sections:
        blocks += _section_blocks(s, report, spec)
    if report.signature is not None:
        if report.signature.organ:
            blocks.append(("p", report.signature.organ))
        blocks.append(("p", report.signature.raw))
    return blocks


def _raw(cell) -> str:
    return cell.raw


def active_tables(report: Report, spec: TemplateSpec) -> list:
    """One table per Article 20 item, four grid columns wide (as the template prints them)."""
    out = []
    for item in spec.active_disclosure:
        rows = report.active_disclosure.get(item.key)
        if rows is None:
            continue
        width = 3
        last_span = width - len(item.columns) + 1
        t = [[(item.title, width + 1, 1)]]
        header = [("信息内容", 1, 1)] + [(c.label, 1 if i < len(item.columns) - 1 else last_span, 1)
                                        for i, c in enumerate(item.columns)]
        t.append(header)
        for row in item.rows:
            if row.key in rows:
                t.append([(row.label, 1, 1)] + [(_raw(rows[row.key][c.key]), 1 if i < len(item.columns) - 1 else last_span, 1)
                                                for i, c in enumerate(item.columns)])
        out.append(("table", t))
    return out


def applications_table(report: Report, spec: TemplateSpec) -> list:
    app = spec.applications
    cols = app.columns
    t = [[(IDENTITY, 3, 3), ("申请人情况", 7, 1)],
         [("自然人", 1, 2), ("法人或其他组织", 5, 1), ("总计", 1, 2)],
         [(c.label, 1, 1) for c in cols if c.key not in ("natural_person", "total")]]
    present = [r for r in app.rows if r.key is None or r.key in report.applications]

    def values(key):
        return [(_raw(report.applications[key][c.key]), 1, 1) for c in cols]

    # group labels span the rows under them; 三、本年度办理结果 spans all outcome rows
    i = 0
    outcome_start = next((k for k, r in enumerate(present) if r.terminal == "RESULTS"), None)
    total_at = next((k for k, r in enumerate(present) if r.key == "total_processed"), len(present) - 1)
    pending: list = []
    while i < len(present):
        r = present[i]
        if r.terminal == "RESULTS":
            rows_under = sum(1 for x in present[i + 1 : total_at + 1] if x.key is not None)
            pending = [(r.label, 1, rows_under)]  # rows 予以公开 … （七）总计
            i += 1
            continue
        if r.key is None:  # a group: its label spans the sub-rows that follow it
            j = i + 1
            while j < len(present) and present[j].key is not None and present[j].label[:1].isdigit():
                j += 1
            subs = present[i + 1 : j]
            if not subs:
                i += 1
                continue
            first = True
            for sub in subs:
                row = list(pending) if first else []
                pending = [] if first else pending
                if first:
                    row.append((r.label, 1, len(subs)))
                row.append((sub.label, 1, 1))
                t.append(row + values(sub.key))
                first = False
            i = j
            continue
        inside = outcome_start is not None and outcome_start < i <= total_at
        row = list(pending)
        pending = []
        row.append((r.label, 2 if inside else 3, 1))
        t.append(row + values(r.key))
        i += 1
    return t


def review_table(report: Report, spec: TemplateSpec) -> list:
    rev = spec.review_litigation
    return [
        [("行政复议", 5, 1), ("行政诉讼", 10, 1)],
        [*((c.label, 1, 2) for c in rev.columns), ("未经复议直接起诉", 5, 1), ("复议后起诉", 5, 1)],
        [(c.label, 1, 1) for c in rev.columns] * 2,
        [(_raw(report.review_litigation[g.key][c.key]), 1, 1) for g in rev.groups for c in rev.columns],
    ]


# ---- HTML: a saved government web page ---------------------------------------------------------

def _e(text: str) -> str:
    return _html.escape(text, quote=False)


def _td(text: str, cs: int, rs: int, k: int) -> str:
    attrs = (f' colspan="{cs}"' if cs > 1 else "") + (f' rowspan="{rs}"' if rs > 1 else "")
    if not text.strip():
        inner = "&nbsp;"
    elif k % 3 == 0:
        inner = f'<p style="text-align:center"><span style="font-family:宋体">{_e(text)}</span></p>'
    elif k % 3 == 1:
        inner = f"&nbsp;{_e(text)}&nbsp;"
    else:
        inner = f"<span>{_e(text)}</span>"
    return f"<td{attrs} valign=\"middle\">{inner}</td>"


def render_html(report: Report, spec: TemplateSpec) -> str:
    meta = report.meta
    title = meta.title or "政府信息公开工作年度报告"
    organ = meta.organ or ""
    published = meta.published.isoformat() if meta.published else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
        f"<title>{_e(title)}_{_e(organ)}人民政府门户网站</title>",
        '<link rel="stylesheet" href="/css/main.css">',
        "<script>var _hmt = _hmt || []; document.write('<div>统计</div>');</script>",
        "<style>.nav li{float:left} td{border:1px solid #000}</style>",
        "</head>",
        "<body>",
        '<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a>',
        '<form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>',
        '<nav class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/xxgk/">信息公开</a></li>'
        '<li><a href="/ndbg/">政府信息公开年报</a></li></ul></nav>',
        '<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 年度报告</div>',
        '<div class="main">',
        '<div class="left"><h3>栏目导航</h3><ul>',
        '<li><a href="/ndbg/2019.html">2019年政府信息公开工作年度报告</a></li>',
        '<li><a href="/ndbg/2018.html">2018年政府信息公开工作年度报告</a></li>',
        "</ul></div>",
        '<div class="right">',
        '<table class="info" width="100%">',
        f"<tr><td>索引号：</td><td>000014349/2021-00012</td><td>发布机构：</td><td>{_e(organ)}</td></tr>",
        f"<tr><td>发文日期：</td><td>{_e(published)}</td><td>主题分类：</td><td>政府信息公开年报</td></tr>",
        "</table>",
        f'<h1 class="article-title">{_e(title)}</h1>',
        '<div class="tools">【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】 '
        '<a href="javascript:window.print()">【打印本页】</a></div>',
        '<div class="TRS_Editor" id="zoom">',
    ]
    k = 0
    for block in document(report, spec):
        if block[0] == "h":
            _, level, text = block
            tag = "p"
            style = ' style="text-indent:2em"' if level > 1 else ' style="text-indent:2em;font-weight:bold"'
            out.append(f"<{tag}{style}><strong>{_e(text)}</strong></{tag}>" if level == 1 else f"<{tag}{style}>{_e(text)}</{tag}>")
        elif block[0] == "p":
            out.append(f'<p style="text-indent:2em;line-height:1.5">&nbsp;&nbsp;{_e(block[1])}</p>')
        else:
            out.append('<table border="1" cellspacing="0" cellpadding="0" width="600" style="border-collapse:collapse">')
            out.append("<tbody>")
            for row in block[1]:
                out.append("<tr>")
                for text, cs, rs in row:
                    out.append(_td(text, cs, rs, k))
                    k += 1
                out.append("</tr>")
            out.append("</tbody>")
            out.append("</table>")
    out += [
        "</div>",
        '<div class="attach">附件下载：</div>',
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>',
        '<div class="prevnext"><p>上一篇：<a href="/a.html">关于开展安全生产大检查的通知</a></p>'
        '<p>下一篇：<a href="/b.html">2021年第一季度财政预算执行情况</a></p></div>',
        "</div>",
        "</div>",
        '<footer><div class="foot">主办单位：' + _e(organ) + '人民政府　承办：党政综合办公室<br>'
        "网站标识码：3611810012　赣ICP备05004069号　联系电话：0793-7560000<br>"
        "建议使用1024×768分辨率浏览本站</div></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


# ---- Markdown: what a PDF/LLM converter writes ---------------------------------------------------

def place_spans(rows: list) -> list[tuple[int, int, int, int, str]]:
    """Rows of ``(text, colspan, rowspan)`` → ``(row, col, colspan, rowspan, text)``: each cell at the
    first column its row leaves free of the cells spanning down from the rows above."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for text, cs, rs in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            out.append((r, c, cs, rs, text))
            c += cs
    return out


def _grid(rows: list) -> list[list[str]]:
    """Lay spanned cells on a full grid; covered slots become empty cells (as converters do)."""
    taken: dict[tuple[int, int], str] = {}
    for r, c, cs, rs, text in place_spans(rows):
        for dr in range(rs):
            for dc in range(cs):
                taken[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
    width = max((c for r, c in taken if r < len(rows)), default=-1) + 1
    return [[taken.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def render_markdown(report: Report, spec: TemplateSpec) -> str:
    meta = report.meta
    out = [f"# {meta.title or '政府信息公开工作年度报告'}", ""]
    for block in document(report, spec):
        if block[0] == "h":
            _, level, text = block
            out += [f"{'#' * min(6, level + 1)} {text}", ""]
        elif block[0] == "p":
            out += [block[1], ""]
        else:
            grid = _grid(block[1])
            out.append("| " + " | ".join(_md(c) for c in grid[0]) + " |")
            out.append("|" + "|".join("---" for _ in grid[0]) + "|")
            for row in grid[1:]:
                out.append("| " + " | ".join(_md(c) for c in row) + " |")
            out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


# ---- glued: a crawler dump that lost the separators between cells --------------------------------

def render_glued(report: Report, spec: TemplateSpec) -> str:
    """Prose as is; each table row as its label (cells of spanned labels dropped) followed
    directly by its values, with no separator at all: ``规章000`` … ``一、本年新收… 713000074``."""
    meta = report.meta
    out = [meta.title or "政府信息公开工作年度报告"]
    for block in document(report, spec):
        if block[0] == "h":
            out.append(block[2])
        elif block[0] == "p":
            out.append(block[1])
        else:
            for row in block[1]:
                texts = [t for t, _, _ in row]
                labels = [t for t in texts if t and not _is_value(t)]
                values = "".join(t for t in texts if _is_value(t))
                if values and labels:
                    out.append("".join(labels[:-1]) and "\n".join(labels[:-1]))
                    out.append(f"{labels[-1]}{values}")
                elif values:
                    out.append(values)
                else:
                    out.extend(labels)
    return "\n".join(x for x in out if x) + "\n"


def _is_value(text: str) -> bool:
    t = text.strip()
    return bool(t) and (t[0].isdigit() or t[0] in "-−") and not t[:2].rstrip("0123456789").endswith((".", "、"))


# ---- pipe text with spans on the cell's line: what a page-to-text tool writes ---------------------

def _covered_as_blank(rows: list) -> list:
    """The rows with every slot a ``rowspan`` covers written as a blank cell of the coverer's width,
    as pages that print empty cells where others merge rows."""
    below: dict[tuple[int, int], int] = {}  # (row, column) covered → its width
    out = []
    for r, row in enumerate(rows):
        c, cells = 0, []
        for cell in [*row, None]:
            while (r, c) in below:
                cells.append(("", below[(r, c)], 1))
                c += below[(r, c)]
            if cell is None:
                break
            text, cs, rs = cell
            for dr in range(1, rs):
                below[(r + dr, c)] = cs
            cells.append((text, cs, 1))
            c += cs
        out.append(cells)
    return out


def render_pipe_spans(report: Report, spec: TemplateSpec, *, wide: bool = False, covered: bool = False,
                      extra: bool = False) -> str:
    """A saved page run through a page-to-text tool: every line of prose as is, every table cell on a
    line of its own as ``text |``, a cell spanning N columns followed by N−1 more ``|`` on the same
    line (``本年处理决定数量 |||``, ``752 |||``, ``一、本年新收政府信息公开申请数量 |||``); cells
    covered by a ``rowspan`` are not written, and a blank cell is its own content (nothing or NBSP)
    before its ``|``.  ``wide``: the Article 20 tables sit on a grid one column wider, their second
    value column (or their only one) merging two grid columns in every row (``本年新公开数量 ||``,
    ``13 ||``), as some pages print them.  ``covered``: slots under a ``rowspan`` written as blank
    cells (a page with empty cells where others merge rows).  ``extra``: the Article 20 tables with
    an empty last column."""
    meta = report.meta
    out = [meta.title or "政府信息公开工作年度报告"]
    if meta.published:
        out.append(f"发布日期：{meta.published.isoformat()}")
    blank = 0
    for block in document(report, spec):
        if block[0] == "h":
            out.append(block[2])
        elif block[0] == "p":
            out.append(block[1])
        else:
            rows = _covered_as_blank(block[1]) if covered else block[1]
            if wide and rows[0][0][0].startswith("第二十条"):
                rows = [[(t, cs + 1, rs) if k == min(2, len(row) - 1) else (t, cs, rs) for k, (t, cs, rs) in enumerate(row)]
                        for row in rows]
            if extra and rows[0][0][0].startswith("第二十条"):
                rows = [[(t, cs + 1, rs) for t, cs, rs in rows[0]]] + [[*row, ("", 1, 1)] for row in rows[1:]]
            for row in rows:
                for text, cs, _ in row:
                    if text.strip():
                        out.append(f"{text} |" + "|" * (cs - 1))
                    else:  # alternate the two ways a blank cell is written
                        out.append(("\u00a0|" if blank % 2 else " |") + "|" * (cs - 1))
                        blank += 1
    return "\n".join(out) + "\n"


#: ``tests/fixtures/`` files written by :func:`write_span_fixtures`: key (the seed's number first) → (name, options)
SPAN_FIXTURES = {"000": ("spans_000.txt", {}), "001": ("spans_001_traditional.txt", {"traditional": True}),
                 "002": ("spans_002_wide.txt", {"wide": True}), "003": ("spans_003_wide.txt", {"wide": True}),
                 "002c": ("spans_002_covered.txt", {"covered": True})}


def span_fixture_text(seed_path, key: str) -> str:
    """The text of fixture ``SPAN_FIXTURES[key]``: the seed parsed, re-rendered by
    :func:`render_pipe_spans` (``wide``, ``covered``: see there; ``traditional``: the whole text in
    traditional script, as the seed is)."""
    import zfxxgk
    from relayout import _s2t
    from zfxxgk.spec import SPEC_2019, SPEC_2021

    report = zfxxgk.parse_file(seed_path)
    options = SPAN_FIXTURES[key][1]
    spec = {"2019": SPEC_2019, "2021": SPEC_2021}[report.meta.template]
    text = render_pipe_spans(report, spec, wide=options.get("wide", False), covered=options.get("covered", False))
    return _s2t().convert(text) if options.get("traditional") else text


def write_span_fixtures(examples, fixtures) -> None:
    for key, (name, _) in SPAN_FIXTURES.items():
        seed = next(examples.glob(f"seed_{key[:3]}_*.txt"))
        (fixtures / name).write_text(span_fixture_text(seed, key), encoding="utf-8")


if __name__ == "__main__":  # python tests/relayout_frontends.py: rewrite the spans_* fixtures
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    write_span_fixtures(here.parent / "examples", here / "fixtures")
