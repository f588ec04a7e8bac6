"""The ``zfxxgk`` command line.  Each sub-command lives in ``zfxxgk/commands/<name>.py``."""

from __future__ import annotations

import argparse
import importlib
import re
import sys

from .version import __version__

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = ("parse", "export", "check", "show", "diff", "schema")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="zfxxgk", description="Parse 政府信息公开工作年度报告 into exact, typed data.")
    ap.add_argument("--version", action="version", version=f"zfxxgk {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"zfxxgk.commands.{name}").register(sub)
    for p in sub.choices.values():  # help is read in a terminal: no reST markup from the docstrings
        p.description = plain(p.description)
        for action in p._actions:
            action.help = plain(action.help)
    return ap


def plain(text: str | None) -> str | None:
    """``text`` without reST inline markup (````code````, ``:func:`x```)."""
    if text is None:
        return None
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", text)
    return re.sub(r"``([^`]+)``", r"\1", text)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `zfxxgk parse … | head`
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
