"""``zfxxgk schema`` — print the JSON Schema of the output, generated from the model."""

from __future__ import annotations

from ..schema import dumps


def run(args) -> int:
    print(dumps(record=args.record))
    return 0


def register(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the output (generated from the model)",
                       description=__doc__)
    p.add_argument("--record", action="store_true",
                   help="the schema of one `zfxxgk parse` record (report + source, or source + error)")
    p.set_defaults(func=run)
