"""Consistency checks: the arithmetic a report's tables must satisfy (TEMPLATES.md §6).

Computed on every parse (``report.checks``); nothing here changes a value.  A report that
contradicts itself is flagged, never "fixed": each :class:`~zfxxgk.model.Check` states the rule,
the cells involved, what the parts add up to (``expected``) and the printed total (``found``).

Rules (stable ids, see :data:`RULES`):

``applications.identity``
    §6.1, printed on the table itself: per column of section 三,
    ``new_received + carried_over = total_processed + carried_forward``.
``applications.outcomes``
    §6.2: per column, ``total_processed`` = the sum of the outcome rows (（一）…（六）; in the 2021
    template the three rows under （六）其他处理 — or ``other_handling`` itself when a 2021 report
    prints （六） as one row, see :func:`zfxxgk.arithmetic.other_handling_as_one_row`).
``applications.row_total``
    §6.3: per row of section 三, ``total`` = the sum of the six applicant columns.
``review_litigation.group_total``
    §6.4: per group of section 四, ``total = upheld + corrected + other + pending``.
``active_disclosure.year_change``
    §6.5, a convention of the 2019 template (五)(六), reported as ``info`` and never an error:
    ``previous_year + change = decisions``.

Blank cells (blank, ``/``, ``—``, ``-``, ``无``) count as 0 here and stay ``None`` in the data.  A check
whose cells were not all placed (a row lost to a ``cell-count`` error, say) is not guessed at: it
comes back with ``ok=None``, severity ``warning`` and the absent cells in ``missing``.  Tables that
are absent altogether get no checks (their absence is a ``missing-table`` diagnostic).
"""

from __future__ import annotations

from typing import Iterable

from .arithmetic import RULES, Rule, applications_checks, review_checks, year_change
from .model import Check, Report
from .spec import SPEC_2019, SPEC_2021, TemplateSpec

__all__ = ["RULES", "Rule", "SPECS", "compute", "failures", "spec_for", "applications_checks", "review_checks"]

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}

def spec_for(report: Report) -> TemplateSpec | None:
    """The spec ``report`` carries (:attr:`~zfxxgk.model.Report.spec`: its template's, extensions
    included), else the built-in one for ``report.meta.template`` (``None`` for legacy or unknown)."""
    return report.spec if report.spec is not None else SPECS.get(report.meta.template)


def compute(report: Report, spec: TemplateSpec | None = None) -> tuple[Check, ...]:
    """Every check of TEMPLATES.md §6 that ``report``'s tables allow, in table order.

    ``spec`` defaults to the one the report carries, else the built-in one for
    ``report.meta.template``; with no spec (legacy
    reports, templates without tables) there is nothing to check and the result is empty.
    """
    spec = spec if spec is not None else spec_for(report)
    if spec is None:
        return ()
    out: list[Check] = []
    if spec.applications is not None and report.applications:
        out += applications_checks(report.applications, spec.applications)
    if spec.review_litigation is not None and report.review_litigation:
        out += review_checks(report.review_litigation, spec)
    out += year_change(report.active_disclosure, spec.active_disclosure)
    return tuple(out)


def failures(checks: Iterable[Check], fail_on: str = "error") -> list[Check]:
    """The checks that make a verdict fail at threshold ``fail_on`` (``error``, ``warning``, ``never``).

    ``error``: a failed identity (``ok is False``, severity ``error``).  ``warning``: also checks that
    could not be made (``ok is None``).  ``info`` checks (conventions) never fail a verdict.
    """
    if fail_on == "never":
        return []
    levels = {"error": ("error",), "warning": ("error", "warning")}[fail_on]
    return [c for c in checks if c.ok is not True and c.severity in levels]
