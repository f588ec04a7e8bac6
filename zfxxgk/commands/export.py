"""``zfxxgk export PATH... --to csv|sqlite|parquet FILE`` — the tidy long table of every cell, plus reports,
diagnostics and checks (schema: ``zfxxgk/export.py``, README "Export")."""

from __future__ import annotations

import sqlite3
import sys

from ..batch import drive
from ..export import FORMATS, open_sink, rows_job
from .parse import add_batch_arguments, collect, jobs_of


def run(args) -> int:
    fmt = args.to
    paths = collect(args)
    try:
        sink = open_sink(fmt, args.file)
    except (OSError, sqlite3.Error) as exc:
        print(f"zfxxgk export: cannot write {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        summary_ = drive(
            paths, rows_job, lambda b: sink.add(b.payload), jobs=jobs_of(args), progress=args.progress,
            strict=args.strict, template=args.template, label="exporting")
    finally:
        sink.close()
    print(summary_.text() + f" → {args.file}", file=sys.stderr)
    return 1 if summary_.errors else 0


def register(sub) -> None:
    p = sub.add_parser("export", help="write every cell as a tidy table (CSV, SQLite, Parquet)",
                       description=__doc__)
    add_batch_arguments(p)
    p.add_argument("--to", required=True, nargs=2, metavar=("FORMAT", "FILE"),
                   help=f"FORMAT is one of {', '.join(FORMATS)}; for csv and parquet the other tables go beside "
                        "FILE as FILE-stem.reports.csv etc.")
    p.set_defaults(func=_split)


def _split(args) -> int:
    args.to, args.file = args.to
    if args.to not in FORMATS:
        print(f"zfxxgk export: unknown format {args.to!r}; choose from {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    return run(args)
