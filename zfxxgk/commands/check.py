"""``zfxxgk check PATH...`` — a verdict per report on its tables, and across years of one organ.

PATH: report files, directories (searched recursively) and globs, as for ``zfxxgk parse``.
For each file: one line PASS / FAIL / NOTE with the counts, the values that were not placed, then
every failed check with its numbers and line (``--all``: the passing ones too).  With several
reports, the reports of one organ (name normalised) in consecutive years are compared: 结转下年度
of year N = 上年结转 of year N+1 per column, and in the 2019 template 处理决定数量 of N against
上一年项目数量 of N+1 (info) — each finding names both files and cells.

--fail-on decides the exit status:
  error (default)  exit 1 when a table contradicts itself, a value printed in a table was not
                   placed (an error diagnostic, its cells listed), or a carry-over across years differs;
  warning          also when a check could not be made because a cell it needs was not placed;
  never            always 0.
Conventions (info: previous year + change = decisions, and its cross-year comparison) are shown
but never fail.  Exit 2 when a file cannot be parsed at all.
"""

from __future__ import annotations

import json
import sys

import attrs

from ..checks import RULES, failures

_MARK = {False: "✗", None: "?", True: "✓"}


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _line(check) -> str:
    where = f" (line {check.line})" if check.line else ""
    level = "" if check.severity == "error" or check.ok else f"[{check.severity}] "
    return f"  {_MARK[check.ok]} {level}{check.rule} [{check.subject}]{where}: {check.message}"


def unplaced(report) -> list:
    """The error diagnostics: something printed in a table that is not in the data."""
    return [d for d in report.diagnostics if d.severity == "error"]


def verdict(path: str, report, fail_on: str, show_all: bool) -> tuple[bool, list[str]]:
    """``(failed, lines)`` for one parsed report."""
    checks = report.checks
    errors = unplaced(report)
    failed = bool(failures(checks, fail_on)) or (fail_on != "never" and bool(errors))
    bad = [c for c in checks if c.ok is False]
    unchecked = [c for c in checks if c.ok is None]
    meta = report.meta
    what = ", ".join(str(x) for x in (f"template {meta.template}", meta.year, meta.organ) if x)
    if not checks:
        status = "FAIL" if failed else "NOTE"
        head = f"{path}: {status} — no tables to check ({what})"
    else:
        status = "FAIL" if failed else ("NOTE" if bad or unchecked or errors else "PASS")
        counts = [_plural(len(checks), "check"), f"{sum(1 for c in checks if c.ok)} ok"]
        if bad:
            n_err = sum(1 for c in bad if c.severity == "error")
            counts.append(f"{n_err} failed" + (f", {_plural(len(bad) - n_err, 'convention')} not met"
                                               if len(bad) > n_err else ""))
        if unchecked:
            counts.append(f"{len(unchecked)} not checked")
        head = f"{path}: {status} — {', '.join(counts)} ({what})"
    lines = [head]
    if errors:
        n = sum(len(d.cells) for d in errors)
        lines.append(f"  ! {_plural(len(errors), 'parse error')}, {_plural(n, 'value')} not placed in the tables:")
        for d in errors:
            cells = ", ".join(f"{c.raw!r}@{c.line}" for c in d.cells[:10]) + (" …" if len(d.cells) > 10 else "")
            lines.append(f"    line {d.line}: {d.code}: {d.message}" + (f" [{cells}]" if cells else ""))
    order = {False: 0, None: 1, True: 2}
    shown = sorted((c for c in checks if show_all or c.ok is not True), key=lambda c: order[c.ok])
    lines += [_line(c) for c in shown]
    return failed, lines


def _slim(report):
    """What the cross-year checks need of a report (a big run keeps one per file)."""
    return attrs.evolve(report, preamble=(), sections=(), diagnostics=(), checks=())


def run(args) -> int:
    from ..batch import make_executor, run as run_batch
    from ..crossyear import cross_year
    from .parse import collect, jobs_of, parser_of

    parser = parser_of(args)
    paths = collect(args)
    status = 0
    kept = []
    pool = make_executor(jobs_of(args), parser)
    try:
        for outcome in run_batch(paths, executor=pool, strict=args.strict, template=args.template,
                                 timeout=args.timeout or None, parser=parser):
            path, report = outcome.source, outcome.report
            if report is None:
                print(f"{path}: ERROR — cannot parse: {outcome.error}", file=sys.stderr)
                status = 2
                continue
            failed, lines = verdict(path, report, args.fail_on, args.all)
            if args.format == "json":
                from ..serialise import to_dict  # (cattrs: for JSON output only)

                print(json.dumps({"source": path, "failed": failed, "checks": to_dict(report)["checks"],
                                  "unplaced": [to_dict(report)["diagnostics"][i]
                                               for i, d in enumerate(report.diagnostics) if d.severity == "error"]},
                                 ensure_ascii=False))
            else:
                print("\n".join(lines))
            if failed:
                status = max(status, 1)
            if not args.no_cross_year:
                kept.append((path, _slim(report)))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if len(kept) > 1:
        found = cross_year(kept)
        failing = [f for f in found if f.ok is False and f.severity == "error"
                   or f.ok is None and args.fail_on == "warning"]
        if args.fail_on != "never" and failing:
            status = max(status, 1)
        if args.format == "json":
            for f in found:
                print(json.dumps({"cross_year": attrs.asdict(f, recurse=False)}, ensure_ascii=False, default=str))
        elif found:
            pairs = {f.sources for f in found}
            bad = [f for f in found if f.ok is not True]
            print(f"cross-year: {_plural(len(pairs), 'pair')} of consecutive years, {_plural(len(found), 'comparison')}, "
                  f"{len(bad)} not equal or not made" + (" — FAIL" if failing else ""))
            for pair in dict.fromkeys(f.sources for f in found):
                shown = [f for f in found if f.sources == pair and (f.ok is not True or args.all)]
                if shown:
                    print(f"  {shown[0].organ} {shown[0].years[0]} → {shown[0].years[1]}: {pair[0]} → {pair[1]}")
                    for f in shown:
                        print(f"    {f}")
    return status


def register(sub) -> None:
    from .parse import DEFAULT_TIMEOUT, TEMPLATE_HELP, add_extension_argument, add_input_arguments

    rules = "; ".join(f"{r.id} ({r.section}, {r.severity})" for r in RULES.values())
    p = sub.add_parser("check", help="check the arithmetic of each report's tables, and across years (exit 1 on a failure)",
                       description=__doc__ + f"\nRules within a report: {rules}.",
                       formatter_class=_raw())
    add_input_arguments(p)
    add_extension_argument(p)
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="error",
                   help="when to exit 1: error (default) = a contradiction or a value not placed; "
                        "warning = also a check that could not be made; never = always 0")
    p.add_argument("--all", action="store_true", help="list passing checks too")
    p.add_argument("--no-cross-year", action="store_true", help="do not compare reports of one organ across years")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text verdicts, or one JSON line per file (and one per cross-year comparison)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="parse in N processes (0: one per core; default 1)")
    p.add_argument("--strict", action="store_true", help="parse strictly (a deviation from the template is an error)")
    p.add_argument("--template", default=None, help=TEMPLATE_HELP)
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"give up on a file after SECONDS (default {DEFAULT_TIMEOUT:g}; 0: no limit), as for parse")
    p.set_defaults(func=run)


def _raw():
    import argparse

    return argparse.RawDescriptionHelpFormatter
