"""Command line: ``zfxxgk parse FILE...`` prints each report as JSON (``--format json|jsonl``)."""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .api import parse_file
from .errors import ReportError
from .serialise import to_dict


def _parse_cmd(args) -> int:
    status = 0
    for path in args.files:
        try:
            report = parse_file(path, strict=args.strict, template=args.template)
        except ReportError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        data = {"source": path, **to_dict(report)}
        if args.format == "jsonl":
            print(json.dumps(data, ensure_ascii=False))
        else:
            print(json.dumps(data, ensure_ascii=False, indent=2))
    return status


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="zfxxgk", description="Parse 政府信息公开工作年度报告 into exact, typed data.")
    ap.add_argument("--version", action="version", version=f"zfxxgk {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="print each report as JSON")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--strict", action="store_true", help="fail on the first deviation from the template")
    p.add_argument("--template", choices=None, default=None, help="force a template (2019, 2021, legacy)")
    p.set_defaults(func=_parse_cmd)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `zfxxgk parse … | head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
