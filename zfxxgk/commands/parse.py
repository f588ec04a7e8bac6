"""``zfxxgk parse FILE...`` — print each report as JSON."""

from __future__ import annotations

import json
import sys

from ..api import parse_file
from ..errors import ReportError
from ..serialise import to_dict


def run(args) -> int:
    status = 0
    for path in args.files:
        try:
            report = parse_file(path, strict=args.strict, template=args.template)
        except ReportError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        data = {"source": str(path), **to_dict(report)}
        indent = None if args.format == "jsonl" else 2
        print(json.dumps(data, ensure_ascii=False, indent=indent))
    return status


def register(sub) -> None:
    p = sub.add_parser("parse", help="print each report as JSON")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--strict", action="store_true", help="fail on the first deviation from the template")
    p.add_argument("--template", default=None, help="force a template (2019, 2021, legacy)")
    p.set_defaults(func=run)
