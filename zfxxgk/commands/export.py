"""``zfxxgk export PATH... --to csv|sqlite|parquet FILE`` — the tidy long table of every cell, plus reports,
diagnostics and checks (schema: ``zfxxgk/export.py``, README "Export").

The files are written under temporary names and appear only when the run is complete.  An existing
FILE is not replaced unless --overwrite; an input is never overwritten; a FILE another export is
writing is refused.  Ctrl-C or SIGTERM stops the workers, removes the partial files and exits 130 / 143.
"""

from __future__ import annotations

import sys
from typing import cast

from ..batch import Outcome
from ..export import FORMATS, ExportError, open_sink, rows_of
from .parse import add_batch_arguments, collect, interrupted_message, jobs_of, parser_of
from .runner import Brief, brief, drive


def rows_job(outcome: Outcome) -> Brief:
    """Worker side: the export rows of one file (built where it was parsed)."""
    return brief(outcome, rows_of)


def run(args) -> int:
    fmt = args.to
    parser = parser_of(args)
    paths = collect(args)
    try:
        sink = open_sink(fmt, args.file, overwrite=args.overwrite, inputs=paths)
    except ExportError as exc:
        print(f"zfxxgk export: {exc}", file=sys.stderr)
        return 2
    try:
        summary = drive(
            paths, rows_job, lambda b: sink.add(cast(dict, b.payload)), jobs=jobs_of(args), progress=args.progress,
            strict=args.strict, template=args.template, label="exporting", timeout=args.timeout or None,
            parser=parser)
    except BaseException:
        sink.abort()
        raise
    if summary.interrupted is not None:
        sink.abort()
        print(summary.text(), file=sys.stderr)
        print(interrupted_message(summary, f"nothing written to {args.file} (partial files removed)"), file=sys.stderr)
        return summary.exit_status
    try:
        sink.close()
    except (OSError, ExportError) as exc:
        print(f"zfxxgk export: cannot write {args.file}: {exc}", file=sys.stderr)
        return 2
    print(summary.text() + f" → {args.file}", file=sys.stderr)
    return summary.exit_status


def register(sub) -> None:
    import argparse

    p = sub.add_parser("export", help="write every cell as a tidy table (CSV, SQLite, Parquet)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_batch_arguments(p)
    p.add_argument("--to", required=True, nargs=2, metavar=("FORMAT", "FILE"),
                   help=f"FORMAT is one of {', '.join(FORMATS)}; for csv and parquet the other tables go beside "
                        "FILE as FILE-stem.reports.csv etc.")
    p.add_argument("--overwrite", action="store_true", help="replace FILE (and its companion files) if they exist")
    p.set_defaults(func=_split)


def _split(args) -> int:
    args.to, args.file = args.to
    if args.to not in FORMATS:
        print(f"zfxxgk export: unknown format {args.to!r}; choose from {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    return run(args)
