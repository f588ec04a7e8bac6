"""The library's exceptions.  Nothing else escapes :func:`zfxxgk.parse`."""

from __future__ import annotations

import unicodedata


class ReportError(Exception):
    """Anything that stops a report from being parsed (bad input, size limit, strict failure)."""


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class ReportSyntaxError(ReportError):
    """Raised by strict parsing where the text departs from the template.

    Carries ``line`` and ``column`` (1-based), ``expected`` (human-readable names of what could
    have come there), ``found`` (the text that came instead) and ``snippet`` (the source line with
    a caret under the offending text, placed by display width).
    """

    def __init__(
        self,
        message: str,
        *,
        line: int,
        column: int,
        expected: tuple[str, ...] = (),
        found: str = "",
        source_line: str = "",
    ):
        self.line = line
        self.column = column
        self.expected = tuple(expected)
        self.found = found
        self.reason = message
        caret = " " * display_width(source_line[: max(column - 1, 0)]) + "^"
        self.snippet = f"{source_line}\n{caret}" if source_line else ""
        text = f"line {line}, column {column}: {message}"
        if found:
            text += f"\n  found: {found!r}"
        if self.expected:
            text += "\n  expected one of: " + ", ".join(self.expected)
        if self.snippet:
            text += "\n\n" + "\n".join("    " + s for s in self.snippet.splitlines())
        super().__init__(text)
