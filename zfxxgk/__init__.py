"""zfxxgk — Chinese government information disclosure annual reports (政府信息公开工作年度报告) as
exact, typed data.

    >>> import zfxxgk
    >>> report = zfxxgk.parse_file("report.txt")
    >>> report.applications["denied.state_secret"]["natural_person"].value
    >>> zfxxgk.to_dict(report)          # JSON-ready; zfxxgk.from_dict() reverses it
"""

from .api import DEFAULT_MAX_SIZE, Parser, parse, parse_file
from .batch import Outcome, parse_many
from .crossyear import cross_year
from .errors import ReportError, ReportSyntaxError
from .model import Cell, Check, Diagnostic, Meta, Report, Section, Signature
from .parser.templates import Template
from .serialise import dumps, from_dict, make_converter, to_dict

__all__ = [
    "DEFAULT_MAX_SIZE", "Cell", "Check", "Diagnostic", "Meta", "Outcome", "Parser", "Report", "ReportError",
    "ReportSyntaxError", "Section", "Signature", "Template", "cross_year", "dumps", "from_dict", "make_converter",
    "parse", "parse_file", "parse_many", "to_dict",
]
__version__ = "0.1.0"
