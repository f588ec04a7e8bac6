"""zfxxgk — Chinese government information disclosure annual reports (政府信息公开工作年度报告) as
exact, typed data.

    >>> import zfxxgk
    >>> report = zfxxgk.parse_file("report.txt")
    >>> report.applications["denied.state_secret"]["natural_person"].value
    >>> zfxxgk.to_dict(report)          # JSON-ready; zfxxgk.from_dict() reverses it
"""

import gc as _gc

# The import makes many objects, which live as long as the process, and little garbage: no
# collections on the way (from the first line: ``typing`` and ``re`` make thousands), and none to
# examine them after it (``patterns.settle``).
_gc_was_on = _gc.isenabled()
_gc.disable()
try:
    from typing import TYPE_CHECKING

    from . import patterns as _patterns
    from .api import DEFAULT_MAX_SIZE, Parser, parse, parse_file
    from .errors import ReportError, ReportSyntaxError
    from .model import Cell, Check, Diagnostic, Meta, Report, Section, Signature
    from .templates import Template
    from .version import __version__

    _patterns.settle()
finally:
    if _gc_was_on:
        _gc.enable()

if TYPE_CHECKING:
    from .batch import Outcome, parse_many
    from .crossyear import cross_year
    from .serialise import dumps, from_dict, make_converter, to_dict

# imported on first use: cattrs and the batch runner are not needed to parse (a faster cold start)
_LAZY = {"Outcome": "batch", "cross_year": "crossyear", "parse_many": "batch", "dumps": "serialise", "from_dict": "serialise",
         "make_converter": "serialise", "to_dict": "serialise"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zfxxgk' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "DEFAULT_MAX_SIZE", "Cell", "Check", "Diagnostic", "Meta", "Outcome", "Parser", "Report", "ReportError",
    "ReportSyntaxError", "Section", "Signature", "Template", "cross_year", "dumps", "from_dict", "make_converter",
    "parse", "parse_file", "parse_many", "to_dict", "__version__",
]
