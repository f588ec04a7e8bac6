"""A review view: a parsed report's tables drawn in the terminal as the report prints them (rich).

Rows and columns carry the template's own labels (or the canonical keys, ``keys=True``); each cell
shows the text as printed.  Marks, readable without colour too:

* ``∅`` — a cell the template has but the parse did not place (missing from the data);
* ``✗`` (red) — a cell in a check that failed (the report contradicts itself);
* ``≠`` (yellow) — a cell in a convention that does not hold (TEMPLATES.md §6.5; never an error).

Below the tables: the checks that failed or could not be made, and every diagnostic, coloured by
severity, with the values that were not placed.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .labels import short
from .model import Cell, Report

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
MISSING = "∅"


def _spec(report: Report):
    from .api import spec_of

    return spec_of(report)  # the one the report carries (extensions' rows and labels), else by name


def _check_marks(report: Report) -> dict[str, str]:
    """``table/[item/]row/column`` → ``"error"`` or ``"convention"`` for cells in failed checks."""
    marks: dict[str, str] = {}
    for c in getattr(report, "checks", ()):
        if c.ok is False:
            kind = "error" if c.severity == "error" else "convention"
            for path in c.cells:
                if marks.get(path) != "error":
                    marks[path] = kind
    return marks


def _cell(cell: Cell | None, path: str, marks: dict[str, str]) -> Text:
    if cell is None:
        return Text(MISSING, style="bold magenta")
    mark = marks.get(path)
    if mark == "error":
        return Text(f"{cell.raw}✗", style="bold white on red")
    if mark == "convention":
        return Text(f"{cell.raw}≠", style="yellow")
    if cell.value is None:
        return Text(cell.raw, style="dim")
    return Text(cell.raw)


def _ordered(spec_items, data: dict) -> list[tuple[str, str | None]]:
    """``[(key, label)]``: the spec's entries, then any key in ``data`` the spec does not name."""
    out = [(k, label) for k, label in spec_items]
    known = {k for k, _ in out}
    out += [(k, None) for k in data if k not in known]
    return out


def _grid(title: str, row_items, col_items, data: dict, path_of, marks, *, keys: bool, corner: str,
          brief: bool = False) -> Table:
    name = short if brief else (lambda s: s)
    t = Table(title=Text(title, style="bold"), title_justify="left", title_style="bold", box=box.SQUARE, show_lines=False,
              header_style="bold", padding=(0, 1) if not brief else (0, 0))
    if brief:  # one line per row: a short label, cut with … if need be (--full-labels for the printed ones)
        t.add_column(name(corner), no_wrap=True, overflow="ellipsis", max_width=24)
    else:
        t.add_column(corner, overflow="fold", max_width=34)
    for ck, clabel in col_items:
        t.add_column(ck if keys or clabel is None else name(clabel), justify="right", overflow="fold")
    for rk, rlabel in row_items:
        if rk is None:  # a group label: no values
            t.add_row(Text(name(rlabel or ""), style="italic"), *[""] * len(col_items))
            continue
        label = Text(rk if keys or rlabel is None else name(rlabel))
        cols = data.get(rk)
        if cols is None:
            t.add_row(label.append("  (row not placed)", style="magenta"), *[Text(MISSING, style="bold magenta")] * len(col_items))
            continue
        t.add_row(label, *[_cell(cols.get(ck), path_of(rk, ck), marks) for ck, _ in col_items])
    return t


def renderables(report: Report, *, source: str | None = None, keys: bool = False, brief: bool = False) -> list:
    """What ``zfxxgk show`` prints for ``report``, as rich renderables (``brief``: short row and column
    labels, one line per row — for terminals narrower than :data:`FULL_LABELS_WIDTH`)."""
    spec = _spec(report)
    marks = _check_marks(report)
    out: list = [_head(report, source)]
    out += _article20(report, spec, marks, keys, brief)
    out += _applications_and_review(report, spec, marks, keys, brief)
    if not (report.active_disclosure or report.applications or report.review_litigation):
        out.append(Text(f"no tables ({len(report.sections)} sections)", style="dim"))
    out.append(_checks(list(getattr(report, "checks", ()))))
    out.append(_diagnostics(report))
    return [r for r in out if r is not None]


def _head(report: Report, source: str | None) -> Panel:
    m = report.meta
    head = Text()
    head.append(m.title or "(no title)", style="bold")
    head.append(f"\norgan {m.organ or '?'} · year {m.year or '?'} · template {m.template} · script {m.script}"
                f" · published {m.published or '?'}" + (f" · encoding {m.encoding}" if m.encoding else ""))
    if report.signature is not None:
        s = report.signature
        head.append(f"\nsigned {s.organ or '?'} {s.date.isoformat() if s.date else repr(s.raw)} (line {s.line})")
    return Panel(head, title=Text(source) if source else None, title_align="left", box=box.ROUNDED)


def _article20(report: Report, spec, marks, keys: bool, brief: bool) -> list:
    """二、Article 20 tables."""
    out: list = []
    items = {t.key: t for t in spec.active_disclosure} if spec else {}
    for item in [*items, *[k for k in report.active_disclosure if k not in items]]:
        if item not in report.active_disclosure:
            if spec and report.applications:  # a national report missing a table: say so
                out.append(Text(f"{items[item].title} ({item}): not in the data", style="magenta"))
            continue
        ts = items.get(item)
        data = report.active_disclosure[item]
        rows = _ordered([(r.key, r.label) for r in ts.rows] if ts else [], data)
        cols = _ordered([(c.key, c.label) for c in ts.columns] if ts else [],
                        {c: 1 for cs in data.values() for c in cs})
        title = f"{ts.title if ts else item}  [{item}]"
        out.append(_grid(title, rows, cols, data, lambda r, c, i=item: f"active_disclosure/{i}/{r}/{c}", marks,
                         keys=keys, corner="信息内容", brief=brief))
    return out


def _applications_and_review(report: Report, spec, marks, keys: bool, brief: bool) -> list:
    """三、applications; 四、review and litigation, one row per group (the report prints them side by side)."""
    out = []
    if report.applications or (spec and spec.applications):
        app = spec.applications if spec else None
        data = report.applications
        rows = [(r.key, r.label) for r in app.rows] if app else []
        rows += [(k, None) for k in data if k not in {r for r, _ in rows}]
        out.append(_table("三、收到和处理政府信息公开申请情况", "applications", rows, app, data, marks, keys, "申请人情况", brief))
    if report.review_litigation or (spec and spec.review_litigation and report.applications):
        rev = spec.review_litigation if spec else None
        data = report.review_litigation
        rows = _ordered([(g.key, g.label) for g in rev.groups] if rev else [], data)
        out.append(_table("四、政府信息公开行政复议、行政诉讼情况", "review_litigation", rows, rev, data, marks, keys, "", brief))
    return out


def _table(title: str, key: str, rows: list, spec, data: dict, marks, keys: bool, corner: str, brief: bool):
    if not data:
        return Text(f"{title} [{key}]: not in the data", style="magenta")
    cols = _ordered([(c.key, c.label) for c in spec.columns] if spec else [], {c: 1 for cs in data.values() for c in cs})
    return _grid(f"{title}  [{key}]", rows, cols, data, lambda r, c: f"{key}/{r}/{c}", marks, keys=keys, corner=corner,
                 brief=brief)


def _checks(checks: list):
    if not checks:
        return None
    bad = [c for c in checks if c.ok is not True]
    if not bad:
        return Text(f"checks: all {len(checks)} hold", style="green")
    passed = len(checks) - len(bad)
    t = Table(title=Text(f"checks: {passed} of {len(checks)} hold", style="bold"), title_justify="left", title_style="bold",
              box=box.SIMPLE_HEAD, header_style="bold")
    for col in ("rule", "subject", "expected", "found", "message"):
        t.add_column(col, overflow="fold")
    for c in bad:
        style = "yellow" if c.ok is None or c.severity != "error" else "bold red"
        t.add_row(Text(c.rule, style=style), getattr(c, "subject", "") or "",
                  "" if c.expected is None else str(c.expected), "" if c.found is None else str(c.found),
                  c.message)
    return t


def _diagnostics(report: Report):
    if not report.diagnostics:
        return Text("no diagnostics", style="green")
    t = Table(title=Text(f"diagnostics ({len(report.diagnostics)})", style="bold"), title_justify="left", title_style="bold",
              box=box.SIMPLE_HEAD, header_style="bold")
    t.add_column("severity")
    t.add_column("code")
    t.add_column("line", justify="right")
    t.add_column("message", overflow="fold")
    for d in report.diagnostics:
        msg = Text(d.message)
        if d.cells:
            msg.append("\nnot placed: " + ", ".join(f"{c.raw!r}@{c.line}" for c in d.cells), style="bold red")
        t.add_row(Text(d.severity, style=SEVERITY_STYLE.get(d.severity, "")), d.code,
                  "" if d.line is None else str(d.line), msg)
    return t


#: Narrower terminals get short labels unless full ones are asked for.
FULL_LABELS_WIDTH = 120


def render(report: Report, *, source: str | None = None, keys: bool = False, width: int = 100,
           color: bool = False, full_labels: bool | None = None) -> str:
    """The view as text (ANSI colours only with ``color=True``).  ``full_labels``: the printed labels
    (default: when ``width`` is at least :data:`FULL_LABELS_WIDTH`), else short ones."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False)
    brief = not (full_labels if full_labels is not None else width >= FULL_LABELS_WIDTH)
    console.print(Group(*renderables(report, source=source, keys=keys, brief=brief)))
    return buf.getvalue()
