"""The facade: ``parse``, ``parse_file``, and :class:`Parser` for templates of your own."""

from __future__ import annotations

import os
from collections import Counter
from typing import Iterable

import attrs
from lark.exceptions import LarkError, VisitError

from . import checks
from .errors import ReportError, ReportSyntaxError
from .model import Diagnostic, Report
from .parser import driver
from .parser.normalise import normalise
from .parser.templates import BUILTIN, BuiltTemplate, Template

#: Inputs larger than this are refused (characters for text, bytes for bytes); a report is ~10–100 KB.
DEFAULT_MAX_SIZE = 20_000_000


class Parser:
    """Parses reports with a set of templates: ours (2019, 2021, legacy) plus ``extensions``.

    Grammars are built on first use and the parser is frozen from then on: registering a
    template afterwards raises :class:`ReportError`.  An extension with the name of a built-in
    template replaces it.
    """

    def __init__(self, extensions: Iterable[Template] = (), *, max_size: int = DEFAULT_MAX_SIZE):
        self._templates: dict[str, Template] = {t.name: t for t in BUILTIN}
        self._order: list[str] = [t.name for t in BUILTIN]
        self._built: dict[str, BuiltTemplate] = {}
        self._frozen = False
        self.max_size = max_size
        for ext in extensions:
            self.register(ext)

    def register(self, template: Template) -> None:
        if self._frozen:
            raise ReportError("this Parser has already parsed; register templates before first use")
        if template.name not in self._templates:
            self._order.insert(0, template.name)  # extensions win ties against the built-ins
        self._templates[template.name] = template

    @property
    def templates(self) -> tuple[str, ...]:
        return tuple(self._order)

    def built(self, name: str) -> BuiltTemplate:
        self._frozen = True
        if name not in self._templates:
            raise ReportError(f"unknown template {name!r}; known: {', '.join(self._order)}")
        if name not in self._built:
            self._built[name] = self._templates[name].build()
        return self._built[name]

    def detect(self, key: str) -> str:
        """The name of the template whose detector scores ``key`` highest."""
        best, score = self._order[0], float("-inf")
        for name in self._order:
            t = self._templates[name]
            s = t.detect(key) if t.detect else 0.0
            if s > score:
                best, score = name, s
        return best

    def parse(self, source: str | bytes, *, strict: bool = False, template: str | None = None) -> Report:
        """See :func:`zfxxgk.parse`."""
        if not isinstance(source, (str, bytes, bytearray)):
            raise ReportError(f"parse() takes str or bytes, not {type(source).__name__}")
        try:
            return self._parse(source, strict, template)
        except ReportError:
            raise
        except VisitError as exc:
            inner = exc.orig_exc
            if isinstance(inner, ReportError):
                raise inner from None
            raise ReportError(f"internal error while building the report: {inner!r}") from None
        except (LarkError, RecursionError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ReportError(f"internal error while parsing: {exc!r}") from None

    def _parse(self, source, strict: bool, template: str | None) -> Report:
        text = normalise(source, max_bytes=self.max_size)
        key = "".join(f.key for f in text.fragments)
        name = template or self.detect(key)
        built = self.built(name)
        diagnostics: list[Diagnostic] = []
        if text.chrome:
            shown = "; ".join(f.text[:20] for f in text.chrome[:5])
            diagnostics.append(Diagnostic("info", "page-chrome", f"{len(text.chrome)} page-chrome line(s) dropped: {shown}",
                                          text.chrome[0].line))
        if text.pinyin_stripped:
            diagnostics.append(Diagnostic("info", "pinyin-stripped",
                                          f"{text.pinyin_stripped} pinyin annotations removed (公開(kāi) → 公開)"))
        tree = driver.run(built.lark, built.lexer, text, strict=strict, diagnostics=diagnostics)
        transformer = built.template.transformer(diagnostics, fragments=text.fragments, spec=built.template.spec)
        report: Report = transformer.transform(tree)
        meta = attrs.evolve(report.meta, template=name, script=text.script, encoding=text.encoding)
        report = attrs.evolve(report, meta=meta, diagnostics=tuple(diagnostics))
        report = attrs.evolve(report, checks=checks.compute(report, built.template.spec))
        if strict:
            errors = [d for d in diagnostics if d.severity == "error"]
            if errors:
                d = errors[0]
                line = d.line or 1
                source_line = text.lines[line - 1] if 0 < line <= len(text.lines) else ""
                raise ReportSyntaxError(d.message, line=line, column=1, expected=(f"a table laid out as template {name}",),
                                        found=source_line.strip(), source_line=source_line)
        return report


_DEFAULT: Parser | None = None


def default_parser() -> Parser:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Parser()
    return _DEFAULT


def parse(source: str | bytes, *, strict: bool = False, template: str | None = None) -> Report:
    """Parse one report (text, or bytes of any common encoding) into a :class:`~zfxxgk.model.Report`.

    Lenient by default: returns what it could read, with every deviation and every value it could
    not place in ``report.diagnostics``.  With ``strict=True`` raises
    :class:`~zfxxgk.errors.ReportSyntaxError` (line, column, expected, snippet) at the first error.
    ``template`` (``"2019"``, ``"2021"``, ``"legacy"``) overrides detection.  Raises only
    :class:`~zfxxgk.errors.ReportError` and its subclasses.
    """
    return default_parser().parse(source, strict=strict, template=template)


def parse_file(path: str | os.PathLike, *, strict: bool = False, template: str | None = None) -> Report:
    """Read ``path`` as bytes (encoding detected) and :func:`parse` it."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(DEFAULT_MAX_SIZE + 1)
    except OSError as exc:
        raise ReportError(f"cannot read {os.fspath(path)!r}: {exc.strerror or exc}") from None
    return parse(data, strict=strict, template=template)


def summary(report: Report) -> Counter:
    return Counter(d.severity for d in report.diagnostics)
