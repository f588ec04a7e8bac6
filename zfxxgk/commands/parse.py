"""``zfxxgk parse PATH...`` — parse reports (files, directories, globs) into JSON, in parallel if asked.

Every file gives one record: ``{"source": path, **report}``, or ``{"source": path, "error": reason}``
when it cannot be parsed (the run goes on).  A summary goes to stderr at the end; the exit status
is 1 when any file failed.
"""

from __future__ import annotations

import json
import sys
from functools import partial
from typing import cast

from ..batch import DEFAULT_INCLUDE, Outcome, iter_paths
from .runner import Brief, brief, drive


def record(outcome: Outcome) -> dict:
    """The JSON record of one file."""
    from ..serialise import to_dict  # (cattrs: not imported by the commands that write no JSON)

    if outcome.report is None:
        return {"source": outcome.source, "error": outcome.error}
    return {"source": outcome.source, **to_dict(outcome.report)}


def _json(outcome: Outcome, indent: int | None) -> str:
    return json.dumps(record(outcome), ensure_ascii=False, indent=indent)


def json_job(outcome: Outcome, indent: int | None = None) -> Brief:
    """Worker side: the record as JSON text (serialised where it was parsed)."""
    return brief(outcome, partial(_json, indent=indent))


def add_input_arguments(p) -> None:
    """The inputs, as every command that reads reports takes them (parse, export, check, show)."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="report files, directories (searched recursively) or globs")
    p.add_argument("--include", action="append", default=None, metavar="GLOB",
                   help=f"file names to take from directories (repeatable; default {' '.join(DEFAULT_INCLUDE)})")


def add_extension_argument(p) -> None:
    """``--extension module:NAME`` (repeatable), for every command that parses."""
    p.add_argument("--extension", action="append", default=None, metavar="MODULE:NAME",
                   help="parse with the extension template NAME of Python module MODULE as well as the built-in "
                        "ones (e.g. zfxxgk.extensions:PROVINCIAL_2021; repeatable)")


def parser_of(args):
    """The :class:`zfxxgk.Parser` with ``--extension``'s templates, grammars built (``None`` without
    any: the built-in parser).  A module, attribute or grammar that does not load exits with status 2."""
    from ..api import Parser
    from ..errors import ReportError

    if not getattr(args, "extension", None):
        return None
    try:
        return Parser(extensions=args.extension).freeze()
    except ReportError as exc:
        print(f"zfxxgk {args.command}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


TEMPLATE_HELP = "force a template (2019, 2021, legacy, or the name of an --extension template)"


def add_batch_arguments(p) -> None:
    """Options shared by the batch commands (parse, export)."""
    add_input_arguments(p)
    add_extension_argument(p)
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="parse in N processes (0: one per core; default 1, this process)")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar even when stderr is not a terminal")
    bar.add_argument("--no-progress", "-q", dest="progress", action="store_false",
                     help="no progress bar (the default when stderr is not a terminal)")
    p.add_argument("--strict", action="store_true", help="fail a file at its first deviation from the template")
    p.add_argument("--template", default=None, help=TEMPLATE_HELP)
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"give up on a file after SECONDS and record an error (default {DEFAULT_TIMEOUT:g}; 0: no limit). "
                        "With -j 2 or more a stuck worker is killed; with -j 1 the parse is interrupted in this process")


#: Seconds per file before ``parse``/``export`` give up on it (a report takes well under a second).
DEFAULT_TIMEOUT = 60.0


def interrupted_message(summary, what: str) -> str:
    import signal

    name = signal.Signals(summary.interrupted).name
    return f"zfxxgk: stopped by {name} after {summary.files} of {summary.total} files; {what}"


def jobs_of(args) -> int:
    import os

    return (os.cpu_count() or 1) if args.jobs == 0 else max(1, args.jobs)


def collect(args) -> list[str]:
    """Every file to parse; exits with status 1 when there is none (an empty directory, a glob matching nothing)."""
    paths = list(iter_paths(args.paths, include=args.include or DEFAULT_INCLUDE))
    if not paths:
        print(f"zfxxgk: no report files in {' '.join(args.paths)}", file=sys.stderr)
        raise SystemExit(1)
    return paths


def run(args) -> int:
    import os
    from pathlib import Path

    parser = parser_of(args)
    paths = collect(args)
    fmt = args.format or ("json" if args.output is None and len(paths) == 1 else "jsonl")
    indent = 2 if fmt == "json" else None
    temp = None
    if args.output:
        final = Path(args.output)
        if final.exists() and any(_same(final, p) for p in paths):
            print(f"zfxxgk parse: {args.output} is one of the inputs; an output never overwrites an input", file=sys.stderr)
            return 2
        if not final.exists() or final.is_file():  # a FIFO, /dev/null or a terminal is written to as it is
            temp = final.with_name(f".{final.name}.partial-{os.getpid()}")
    out_path = temp or args.output
    try:
        out = open(out_path, "w", encoding="utf-8") if out_path else sys.stdout
    except OSError as exc:
        print(f"zfxxgk parse: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    array = fmt == "json" and len(paths) != 1  # several indented records: one valid JSON array
    written = 0
    summary = None
    try:
        def write(b: Brief) -> None:
            nonlocal written
            if array:
                out.write(",\n" if written else "[\n")
            out.write(cast(str, b.payload))  # the job (a JSON text per file) made it
            if not array:
                out.write("\n")
            written += 1

        summary = drive(paths, partial(json_job, indent=indent), write, jobs=jobs_of(args), progress=args.progress,
                        strict=args.strict, template=args.template, timeout=args.timeout or None, parser=parser)
        if array and summary.interrupted is None:
            out.write("\n]\n" if written else "[]\n")
    finally:
        if out is not sys.stdout:
            out.close()
            if summary is None and temp is not None:
                temp.unlink(missing_ok=True)
        else:
            out.flush()
    if summary.interrupted is not None:
        what = "output incomplete"
        if temp is not None:
            marked = Path(f"{args.output}.partial")
            os.replace(temp, marked)
            what = f"the {written} records written are in {marked} (incomplete; {args.output} not written)"
        print(summary.text(), file=sys.stderr)
        print(interrupted_message(summary, what), file=sys.stderr)
        return summary.exit_status
    if temp is not None:
        os.replace(temp, args.output)
    if len(paths) > 1 or args.output or args.progress:
        print(summary.text(), file=sys.stderr)
    return summary.exit_status


def _same(a, b) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def register(sub) -> None:
    p = sub.add_parser("parse", help="parse reports into JSON (files, directories, globs; in parallel with -j)",
                       description=__doc__.split("\n\n")[0])
    add_batch_arguments(p)
    p.add_argument("-o", "--output", default=None, metavar="FILE", help="write records to FILE (default: stdout)")
    p.add_argument("--format", choices=("json", "jsonl"), default=None,
                   help="json: indented (one object for one file, else an array); jsonl: one record per line "
                        "(default: json for one file on stdout, jsonl otherwise)")
    p.set_defaults(func=run)
