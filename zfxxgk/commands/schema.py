"""``zfxxgk schema`` — print the JSON Schema of what ``zfxxgk parse`` writes, generated from the model.

By default: the schema of one parse record (a report with its ``source``, or ``source`` + ``error``
for a file that could not be parsed) — what ``zfxxgk parse`` prints, one per line with jsonl.
``--report``: the schema of a bare report, as ``zfxxgk.to_dict`` gives it.
``--extension module:NAME``: reports of that template allowed too (its tables of its own).
"""

from __future__ import annotations


def run(args) -> int:
    from ..schema import dumps, report_classes  # (cattrs: imported by the commands that write JSON, when run)
    from .parse import parser_of

    parser = parser_of(args)
    print(dumps(record=not args.report, report_classes=report_classes(parser) if parser else ()))
    return 0


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of zfxxgk parse output (generated from the model)",
                       description=__doc__)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--report", action="store_true",
                      help="the schema of a bare report (zfxxgk.to_dict), without the record's source/error")
    mode.add_argument("--record", action="store_true", help="the schema of a parse record (the default)")
    from .parse import add_extension_argument

    add_extension_argument(p)
    p.set_defaults(func=run)
