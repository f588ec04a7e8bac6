"""Checks across years: one organ's consecutive reports must agree where the printed numbers link them.

    >>> from zfxxgk.crossyear import cross_year
    >>> for f in cross_year([("a/2020.txt", report_2020), ("a/2021.txt", report_2021)]):
    ...     print(f)

Reports are grouped by organ (:func:`organ_key`: the issuing body's name with spacing, punctuation,
width and a trailing 人民政府/政府 after a place name normalised away) and each year N is compared with
year N+1 of the same organ:

``cross_year.carry_over`` (``error``)
    per column of section 三: 四、结转下年度继续办理 (``carried_forward``) of year N
    = 二、上年结转政府信息公开申请数量 (``carried_over``) of year N+1.
``cross_year.previous_year`` (``info``, a comparison, never a failure)
    2019 template, Article 20 (五)(六): 处理决定数量 (``decisions``) of year N
    = 上一年项目数量 (``previous_year``) of year N+1, per row.

Blank cells count as 0, as in :mod:`zfxxgk.checks`; a cell that was not placed in either report
gives ``ok=None`` with the cell in ``missing`` (never guessed).  Each finding names both files and
both cells.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable

import attrs

from .model import Cell, Number, Report
from .spec import APPLICANT_COLUMNS

#: Rule ids and what each says.
RULES = {
    "cross_year.carry_over": "section 三, per column: carried_forward (四、结转下年度继续办理) of year N = "
                             "carried_over (二、上年结转) of year N+1",
    "cross_year.previous_year": "2019 template, Article 20 (五)(六), per row: decisions (处理决定数量) of year N = "
                                "previous_year (上一年项目数量) of year N+1 — a comparison (info)",
}

_PLACE = "省市县区镇乡街道旗州盟村"


def organ_key(organ: str | None) -> str | None:
    """The organ's name for grouping: NFKC, no spaces or punctuation, and ``人民政府``/``政府`` dropped
    after a place name (``新岗山镇人民政府`` = ``新岗山镇``; ``X市人民政府办公室`` stays itself)."""
    if not organ:
        return None
    s = "".join(ch for ch in unicodedata.normalize("NFKC", organ) if unicodedata.category(ch)[0] in "LN")
    m = re.fullmatch(rf"(.*[{_PLACE}])(?:人民政府|政府)", s)
    return m.group(1) if m else s


@attrs.frozen
class CrossYearCheck:
    """One comparison between year N (``old``) and year N+1 (``new``) of one organ.

    ``ok``: ``True`` they agree, ``False`` they do not, ``None`` a cell was not placed (``missing``).
    ``expected`` is year N's figure, ``found`` year N+1's.  ``cells`` are ``(old, new)`` paths
    (``applications/carried_forward/total``); ``lines`` their source lines.
    """

    rule: str
    organ: str
    years: tuple[int, int]
    subject: str
    severity: str
    ok: bool | None
    expected: Number | None
    found: Number | None
    sources: tuple[str, str]
    cells: tuple[str, str]
    lines: tuple[int | None, int | None]
    message: str
    missing: tuple[str, ...] = ()

    def __str__(self) -> str:
        mark = {True: "✓", False: "✗", None: "?"}[self.ok]
        level = "" if self.severity == "error" or self.ok else f"[{self.severity}] "
        return f"{mark} {level}{self.rule} [{self.subject}]: {self.message}"


def _num(cell: Cell | None):
    return None if cell is None else (cell.value if cell.value is not None else 0)


def _compare(rule, severity, organ, years, subject, old, new, old_path, new_path, old_cell, new_cell):
    (old_src, _), (new_src, _) = old, new
    missing = tuple(f"{src}: {p}" for src, p, c in ((old_src, old_path, old_cell), (new_src, new_path, new_cell))
                    if c is None)
    a, b = _num(old_cell), _num(new_cell)

    def side(src, path, cell, year):
        where = f"{src} line {cell.line}" if cell is not None else f"{src}, not placed"
        return f"{path.split('/', 1)[1]} {year} = {cell.raw if cell is not None else '∅'} ({where})"

    text = f"{side(old_src, old_path, old_cell, years[0])} vs {side(new_src, new_path, new_cell, years[1])}"
    if missing:
        ok, sev = None, "warning"
    else:
        ok, sev = a == b, severity
    return CrossYearCheck(rule, organ, years, subject, sev, ok, a if not missing else None,
                          b if not missing else None, (old_src, new_src), (old_path, new_path),
                          (old_cell.line if old_cell else None, new_cell.line if new_cell else None), text, missing)


def compare(old: tuple[str, Report], new: tuple[str, Report]) -> list[CrossYearCheck]:
    """The checks between ``old`` (year N) and ``new`` (year N+1), each ``(source, report)``."""
    (_, a), (_, b) = old, new
    organ = a.meta.organ or b.meta.organ or "?"
    years = (a.meta.year, b.meta.year)
    out: list[CrossYearCheck] = []
    if a.applications and b.applications:
        fwd, over = a.applications.get("carried_forward", {}), b.applications.get("carried_over", {})
        for col in dict.fromkeys([*(c.key for c in APPLICANT_COLUMNS), *fwd, *over]):
            out.append(_compare("cross_year.carry_over", "error", organ, years, col, old, new,
                                f"applications/carried_forward/{col}", f"applications/carried_over/{col}",
                                fwd.get(col), over.get(col)))
    if a.meta.template == "2019" and b.meta.template == "2019":
        for item in ("item_5", "item_6"):
            ra, rb = a.active_disclosure.get(item, {}), b.active_disclosure.get(item, {})
            for row in dict.fromkeys([*ra, *rb]):
                da, pb = ra.get(row, {}).get("decisions"), rb.get(row, {}).get("previous_year")
                out.append(_compare("cross_year.previous_year", "info", organ, years, f"{item}/{row}", old, new,
                                    f"active_disclosure/{item}/{row}/decisions",
                                    f"active_disclosure/{item}/{row}/previous_year", da, pb))
    return out


def cross_year(reports: Iterable[tuple[str, Report] | Report]) -> list[CrossYearCheck]:
    """Every cross-year check among ``reports`` (``(source, report)`` pairs, or bare reports).

    Reports without organ or year are left out; several reports of one organ and year are each
    compared with each of the next year's.
    """
    groups: dict[str, dict[int, list[tuple[str, Report]]]] = defaultdict(lambda: defaultdict(list))
    for i, r in enumerate(reports):
        src, rep = r if isinstance(r, tuple) else (f"<report {i}>", r)
        key = organ_key(rep.meta.organ)
        if key and rep.meta.year:
            groups[key][rep.meta.year].append((src, rep))
    out: list[CrossYearCheck] = []
    for key in sorted(groups):
        years = groups[key]
        for year in sorted(years):
            for old in years[year]:
                for new in years.get(year + 1, ()):
                    out += compare(old, new)
    return out
