"""``zfxxgk show FILE...`` — the parsed tables drawn as in the report, failed checks and diagnostics marked."""

from __future__ import annotations

import sys

from ..api import default_parser
from ..errors import ReportError


def run(args) -> int:
    from rich.console import Console, Group

    from ..show import FULL_LABELS_WIDTH, renderables

    console = Console(width=args.width, no_color=args.no_color or None, highlight=False, emoji=False)
    from .parse import collect, parser_of

    parser = parser_of(args) or default_parser()
    status = 0
    for path in collect(args):
        try:
            report = parser.parse_file(path, strict=args.strict, template=args.template)
        except ReportError as exc:
            print(f"{path}: {exc}", file=sys.stderr)
            status = 1
            continue
        brief = not args.full_labels and console.width < FULL_LABELS_WIDTH
        console.print(Group(*renderables(report, source=str(path), keys=args.keys, brief=brief)))
    return status


def register(sub) -> None:
    p = sub.add_parser("show", help="draw a report's parsed tables in the terminal, for review",
                       description=__doc__)
    from .parse import TEMPLATE_HELP, add_extension_argument, add_input_arguments

    add_input_arguments(p)
    add_extension_argument(p)
    p.add_argument("--keys", action="store_true", help="label rows and columns with canonical keys, not the report's labels")
    p.add_argument("--full-labels", action="store_true",
                   help="the report's full row and column labels (default below 120 columns: short ones, one line per row)")
    p.add_argument("--width", type=int, default=None, help="terminal width (default: detected)")
    p.add_argument("--no-color", action="store_true", help="no colours (marks ∅ ✗ ≠ stay)")
    p.add_argument("--strict", action="store_true", help="fail on the first deviation from the template")
    p.add_argument("--template", default=None, help=TEMPLATE_HELP)
    p.set_defaults(func=run)
