"""``zfxxgk diff OLD NEW`` — what changed between two parses of a report, by meaning.

OLD and NEW are report files (parsed now) or JSON written by ``zfxxgk parse`` (or a snapshot).
One line per difference: a table cell added (+), removed (-) or changed (~) with its key, the
template's printed labels and old → new as printed; metadata, text, diagnostics and checks that
changed; and, counted on one line (>), what only moved to another source line.

``zfxxgk diff --snapshots [PATH]`` compares each committed snapshot (``snapshots/*/test_snapshot[NAME].json``
under PATH, default the current folder) with a fresh parse of its fixture (``NAME.*`` in ``examples/``
or ``tests/``): what ``pytest --snapshot-update`` would write, shown before it is written.

Exit status: 0 when nothing differs, 1 when something does, 2 when an input cannot be read.
"""

from __future__ import annotations

import sys

from ..errors import ReportError


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def run(args) -> int:
    from ..diff import diff, render
    from .parse import parser_of

    parser = parser_of(args)
    if args.snapshots is not None:
        return _snapshots(args, parser)
    if len(args.files) != 2:
        print("zfxxgk diff: give two reports (OLD NEW), or --snapshots [PATH]", file=sys.stderr)
        return 2
    old, new = args.files
    try:
        changes = diff(old, new, lines=not args.ignore_lines, parser=parser)
    except ReportError as exc:
        print(f"zfxxgk diff: {exc}", file=sys.stderr)
        return 2
    if not changes:
        if not args.quiet:
            print(f"no differences: {old} = {new}")
        return 0
    print(f"--- {old}\n+++ {new}")
    for line in render(changes, moved_limit=len(changes) if args.all_lines else 5):
        print(line)
    return 1


def _snapshots(args, parser) -> int:
    from ..diff import render, snapshot_diffs

    if args.files:
        print("zfxxgk diff --snapshots takes one PATH (the repository, its snapshots/ folder, or a snapshot file)",
              file=sys.stderr)
        return 2
    compared = differ = 0
    try:
        for d in snapshot_diffs(args.snapshots, lines=not args.ignore_lines, parser=parser):
            compared += 1
            if not d.differs:
                continue
            differ += 1
            if d.fixture is None:
                print(f"{d.name}: {d.error or 'no fixture found'} (snapshot {d.snapshot})")
                continue
            if d.error:
                print(f"{d.name}: cannot parse {d.fixture}: {d.error}")
                continue
            print(f"{d.name}: {_plural(len(d.changes), 'difference')} ({d.fixture} against {d.snapshot.name})")
            for line in render(d.changes, moved_limit=len(d.changes) if args.all_lines else 5):
                print(f"  {line}")
    except ReportError as exc:
        print(f"zfxxgk diff: {exc}", file=sys.stderr)
        return 2
    if compared == 0:
        print(f"zfxxgk diff: no snapshots (test_snapshot[NAME].json) under {args.snapshots}", file=sys.stderr)
        return 2
    if differ or not args.quiet:
        print(f"{_plural(compared, 'snapshot')} compared, {differ} differ"
              + (" — read the lines above, then `pytest --snapshot-update` and commit" if differ else ""),
              file=sys.stderr)
    return 1 if differ else 0


def register(sub) -> None:
    p = sub.add_parser("diff", help="show what changed between two parses of a report (or against the snapshots)",
                       description=__doc__)
    p.add_argument("files", nargs="*", metavar="OLD NEW", help="two report files, or JSON from zfxxgk parse")
    p.add_argument("--snapshots", nargs="?", const=".", default=None, metavar="PATH",
                   help="compare committed snapshots under PATH (default: the current folder) with fresh parses")
    p.add_argument("--ignore-lines", action="store_true",
                   help="do not count changes of source line only (e.g. the same report laid out again)")
    p.add_argument("--all-lines", action="store_true", help="list every change of source line, not only the first 5")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing when nothing differs")
    from .parse import add_extension_argument

    add_extension_argument(p)  # report files are parsed with it; its labels name the cells
    p.set_defaults(func=run)
