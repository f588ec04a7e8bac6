"""The library's exceptions.  Nothing else escapes :func:`zfxxgk.parse`."""

from __future__ import annotations

import unicodedata


class ReportError(Exception):
    """Anything that stops a report from being parsed (bad input, size limit, strict failure)."""


def char_width(ch: str) -> int:
    """Terminal columns taken by one character: 2 for CJK / full-width, 0 for combining marks,
    zero-width and other format or control characters, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: CJK and full-width characters count two."""
    return sum(char_width(ch) for ch in text)


#: The widest snippet line shown (display columns); longer lines are cut around the caret.
SNIPPET_WIDTH = 72


def snippet(source_line: str, column: int, width: int = SNIPPET_WIDTH) -> str:
    """The source line (cut to about ``width`` columns around ``column``) and a caret under
    character ``column`` (1-based), placed by display width; tabs and control characters are
    shown as one space so the caret stays aligned."""
    if not source_line:
        return ""
    line = "".join(" " if ch == "\t" or unicodedata.category(ch) == "Cc" else ch for ch in source_line)
    at = min(max(column - 1, 0), len(line))
    start, end = 0, len(line)
    if display_width(line) > width:
        start = at
        while start > 0 and display_width(line[start - 1 : at]) < width // 3:
            start -= 1
        end = at
        while end < len(line) and display_width(line[start:end + 1]) < width:
            end += 1
    head = "…" if start > 0 else ""
    tail = "…" if end < len(line) else ""
    shown = head + line[start:end] + tail
    caret = " " * (display_width(head) + display_width(line[start:at])) + "^"
    return f"{shown}\n{caret}"


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
        self.snippet = snippet(source_line, column)
        text = f"line {line}, column {column}: {message}"
        if found:
            text += f"\n  found: {found[:80] + '…' if len(found) > 80 else found!r}"
        if self.expected:
            text += "\n  expected one of: " + ", ".join(self.expected)
        if self.snippet:
            text += "\n\n" + "\n".join("    " + s for s in self.snippet.splitlines())
        super().__init__(text)
