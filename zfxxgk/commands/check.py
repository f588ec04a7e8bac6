"""``zfxxgk check FILE...`` — a verdict per report on the arithmetic of its tables (TEMPLATES.md §6).

For each file: one line ``PASS`` / ``FAIL`` / ``NOTE`` with the counts, then every failed check with
its numbers and line (and, with ``--all``, the passing ones too).  Exit status: 0 when no check
fails at the ``--fail-on`` threshold, 1 when one does, 2 when a file could not be parsed at all.

``--fail-on error`` (default): a table that contradicts itself.  ``--fail-on warning``: also checks
that could not be made because cells were not placed.  ``--fail-on never``: always 0 (except
for unreadable files).  Conventions (``info``, e.g. ``previous_year + change = decisions``) are
shown but never fail.
"""

from __future__ import annotations

import json
import sys

from ..api import parse_file
from ..checks import RULES, failures
from ..errors import ReportError
from ..serialise import to_dict

_MARK = {False: "✗", None: "?", True: "✓"}


def _line(check) -> str:
    where = f" (line {check.line})" if check.line else ""
    level = "" if check.severity == "error" or check.ok else f"[{check.severity}] "
    return f"  {_MARK[check.ok]} {level}{check.rule} [{check.subject}]{where}: {check.message}"


def verdict(path: str, report, fail_on: str, show_all: bool) -> tuple[bool, list[str]]:
    """``(failed, lines)`` for one parsed report."""
    checks = report.checks
    failed = failures(checks, fail_on)
    bad = [c for c in checks if c.ok is False]
    unchecked = [c for c in checks if c.ok is None]
    meta = report.meta
    what = ", ".join(str(x) for x in (f"template {meta.template}", meta.year, meta.organ) if x)
    if not checks:
        head = f"{path}: NOTE — no tables to check ({what})"
    else:
        status = "FAIL" if failed else ("NOTE" if bad or unchecked else "PASS")
        counts = [f"{len(checks)} checks", f"{sum(1 for c in checks if c.ok)} ok"]
        if bad:
            errors = sum(1 for c in bad if c.severity == "error")
            counts.append(f"{errors} failed" + (f", {len(bad) - errors} convention(s) not met" if len(bad) > errors else ""))
        if unchecked:
            counts.append(f"{len(unchecked)} not checked")
        head = f"{path}: {status} — {', '.join(counts)} ({what})"
    lines = [head]
    unplaced = [d for d in report.diagnostics if d.severity == "error"]
    if unplaced:
        n = sum(len(d.cells) for d in unplaced)
        lines.append(f"  ! {len(unplaced)} parse error(s), {n} value(s) not placed in the tables "
                     f"(first: line {unplaced[0].line}: {unplaced[0].message})")
    order = {False: 0, None: 1, True: 2}
    shown = sorted((c for c in checks if show_all or c.ok is not True), key=lambda c: order[c.ok])
    lines += [_line(c) for c in shown]
    return bool(failed), lines


def run(args) -> int:
    status = 0
    for path in args.files:
        try:
            report = parse_file(path, strict=args.strict, template=args.template)
        except ReportError as exc:
            print(f"{path}: ERROR — cannot parse: {exc}", file=sys.stderr)
            status = 2
            continue
        failed, lines = verdict(str(path), report, args.fail_on, args.all)
        if args.format == "json":
            print(json.dumps({"source": str(path), "failed": failed,
                              "checks": to_dict(report)["checks"]}, ensure_ascii=False))
        else:
            print("\n".join(lines))
        if failed:
            status = max(status, 1)
    return status


def register(sub) -> None:
    rules = "; ".join(f"{r.id} ({r.section}, {r.severity})" for r in RULES.values())
    p = sub.add_parser("check", help="check the arithmetic of each report's tables (exit 1 on a contradiction)",
                       description=f"Rules: {rules}.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                   help="exit 1 when a check fails at this severity: error (default) — a contradiction; "
                        "warning — also checks that could not be made; never — always exit 0")
    p.add_argument("--all", action="store_true", help="list passing checks too")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text verdicts, or one JSON line per file")
    p.add_argument("--strict", action="store_true", help="parse strictly (a deviation from the template is an error)")
    p.add_argument("--template", default=None, help="force a template (2019, 2021, legacy)")
    p.set_defaults(func=run)
