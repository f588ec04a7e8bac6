"""The facade: ``parse``, ``parse_file``, and :class:`Parser` for templates of your own."""

from __future__ import annotations

import os
import stat
from typing import Iterable

import attrs

from . import checks
from .errors import ReportError
from .model import Diagnostic, Report
from .parser import driver
from .parser.normalise import normalise
from .parser.segment import segment
from .templates import BUILTIN, BuiltTemplate, Template, load_template
from .spec import TemplateSpec

#: Inputs larger than this are refused (characters for text, bytes for bytes); a report is ~10–100 KB.
DEFAULT_MAX_SIZE = 20_000_000


class Parser:
    """Parses reports with a set of templates: ours (2019, 2021, legacy) plus ``extensions``.

    Every template — ours included — comes in through :meth:`register`.  An extension is a
    :class:`~zfxxgk.Template` with a ``base`` (see ``README.md``, "Adding a template"); one with
    the name of a registered template replaces it.  On first use (:meth:`parse`, :meth:`detect`,
    :meth:`built`, or :meth:`freeze`) extensions are resolved against their bases and the parser
    is frozen: registering afterwards raises :class:`ReportError`.  Each grammar is built once,
    when first needed (:meth:`freeze` builds them all).

    Detection (:meth:`detect`): the highest score wins; on a tie the template registered last
    wins, so extensions are preferred to the built-ins and to their bases.  ``parse(template=…)``
    overrides detection.

    >>> from zfxxgk.extensions import LEGACY_STATISTICS
    >>> parser = Parser(extensions=[LEGACY_STATISTICS])
    >>> parser = Parser(extensions=["zfxxgk.extensions:LEGACY_STATISTICS"])   # the same, by reference

    A parser pickles as its recipe (the extensions as given, and ``max_size``), so it can be sent
    to process-pool workers (:func:`zfxxgk.parse_many`'s ``parser=``); each process builds it once.
    Extensions given by reference always travel; a :class:`~zfxxgk.Template` object travels when
    it pickles (module-level transformer, detector and spec — not a lambda).
    """

    def __init__(self, extensions: Iterable[Template | str] = (), *, max_size: int = DEFAULT_MAX_SIZE):
        self._templates: dict[str, Template] = {}
        self._order: list[str] = []  # detection order: the last registered first
        self._resolved: dict[str, Template] = {}
        self._built: dict[str, BuiltTemplate] = {}
        self._frozen = False
        self._recipe: list[Template | str] = []  # the extensions as given: what a copy is rebuilt from
        self.max_size = max_size
        for template in reversed(BUILTIN):  # our own templates: the same way in as any other
            self.register(template)
        self._recipe.clear()  # every parser has the built-ins: not part of its recipe
        for ext in extensions:
            self.register(ext)

    def register(self, template: Template | str) -> None:
        """Add ``template`` (or replace the one of the same name).  Only before first use.

        ``template`` is a :class:`~zfxxgk.Template`, or a reference ``"module:NAME"`` to one
        (``"zfxxgk.extensions:PROVINCIAL_2021"``): the module is imported and its attribute taken."""
        if self._frozen:
            raise ReportError("this Parser has already parsed; register templates before first use")
        given = template
        if isinstance(template, str):
            template = load_template(template)
        if not isinstance(template, Template):
            raise ReportError(f"register() takes a zfxxgk.Template or 'module:NAME', not {type(template).__name__}")
        if template.name not in self._templates:
            self._order.insert(0, template.name)
        self._templates[template.name] = template
        self._recipe.append(given)

    @property
    def extensions(self) -> tuple[Template | str, ...]:
        """The extensions registered, as given (templates, or ``"module:NAME"`` references)."""
        return tuple(self._recipe)

    def __reduce__(self):
        # A parser travels (to a process pool's workers) as its recipe — the extensions as given,
        # references by name and templates by value — and is built once per process (_rebuilt).
        return _rebuilt, (type(self), tuple(self._recipe), self.max_size)

    @property
    def templates(self) -> tuple[str, ...]:
        """Template names in detection order (ties go to the first)."""
        return tuple(self._order)

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self, *, build: bool = True) -> "Parser":
        """Resolve every extension against its base (and, with ``build``, build every grammar now,
        so a broken extension fails here rather than at the first report that needs it)."""
        if not self._frozen:
            resolved: dict[str, Template] = {}
            for name in self._order:
                self._resolve(name, resolved, ())
            self._resolved = resolved
            self._frozen = True
        if build:
            for name in self._order:
                self.built(name)
        return self

    def _resolve(self, name: str, done: dict[str, Template], chain: tuple[str, ...]) -> Template:
        if name in done:
            return done[name]
        if name in chain:
            raise ReportError(f"templates extend each other in a circle: {' → '.join((*chain, name))}")
        t = self._templates[name]
        if t.base is not None:
            if t.base not in self._templates:
                raise ReportError(f"template {name!r} extends {t.base!r}, which is not registered; "
                                  f"known: {', '.join(self._order)}")
            t = t.derive(self._resolve(t.base, done, (*chain, name)))
        done[name] = t
        return t

    def template(self, name: str) -> Template:
        """The template ``name`` as used: an extension resolved against its base (freezes the parser)."""
        self.freeze(build=False)
        if name not in self._resolved:
            raise ReportError(f"unknown template {name!r}; known: {', '.join(self._order)}")
        return self._resolved[name]

    def built(self, name: str) -> BuiltTemplate:
        template = self.template(name)
        if name not in self._built:
            self._built[name] = template.build()
        return self._built[name]

    def detect(self, key: str) -> str:
        """The name of the template whose detector scores ``key`` highest."""
        self.freeze(build=False)
        best, score = self._order[0], float("-inf")
        for name in self._order:
            t = self._resolved[name]
            s = t.detect(key) if t.detect else 0.0
            if s > score:
                best, score = name, s
        return best

    def parse(self, source: str | bytes, *, strict: bool = False, template: str | None = None) -> Report:
        """See :func:`zfxxgk.parse`."""
        if isinstance(source, os.PathLike) or _looks_like_path(source):
            raise ReportError(f"parse() takes the report's text or bytes, and {os.fspath(source)!r} names a file: "
                              "call zfxxgk.parse_file(path)")
        if not isinstance(source, (str, bytes, bytearray)):
            raise ReportError(f"parse() takes str or bytes, not {type(source).__name__}")
        # Only ReportError leaves: errors raised inside Lark or a transformer are unwrapped, and
        # neither their traceback nor their context (our internals) travels with them.
        try:
            return self._parse(source, strict, template)
        except ReportError as exc:
            raise exc.with_traceback(None) from None
        except Exception as exc:  # LarkError, RecursionError, MemoryError, a bug of ours …
            raise ReportError(f"internal error while parsing: {exc!r}") from None

    def _parse(self, source, strict: bool, template: str | None) -> Report:
        text = normalise(source, max_bytes=self.max_size)
        key = "".join(f.key for f in text.fragments)
        name = template or self.detect(key)
        built = self.built(name)
        spec = built.template.full_spec
        text = segment(text, built.lexer, spec)  # a body on one line: cut at the outline
        diagnostics: list[Diagnostic] = []
        if text.chrome:
            shown = "; ".join(f.text[:20] for f in text.chrome[:5])
            diagnostics.append(Diagnostic("info", "page-chrome", f"{len(text.chrome)} page-chrome line(s) dropped: {shown}",
                                          text.chrome[0].line))
        if text.pinyin_stripped:
            diagnostics.append(Diagnostic("info", "pinyin-stripped",
                                          f"{text.pinyin_stripped} pinyin annotations removed (公開(kāi) → 公開)"))
        diagnostics.extend(Diagnostic(*note) for note in text.notes)  # front ends, decoding (mojibake)
        tree = driver.run(built.tables, built.lexer, text, strict=strict, diagnostics=diagnostics)
        known = {"template": name, "script": text.script, "encoding": text.encoding}
        make = built.template.transformer
        assert make is not None, f"template {name!r} has no transformer"
        transformer = make(diagnostics, fragments=text.fragments, spec=spec, meta=known)
        if strict:  # stop at the first error: one the front ends reported, else the transformer's first
            first = next((d for d in diagnostics if d.severity == "error"), None)
            if first is not None:
                raise driver.strict_error(first, text, name, spec)
            transformer.on_error = lambda d: _raise(driver.strict_error(d, text, name, spec))
        report: Report = transformer.transform(tree)
        if text.places:  # a PDF: every diagnostic (and value it lists) gets its page and box
            diagnostics = [_placed(d, text.places) for d in diagnostics]
        report = attrs.evolve(report, diagnostics=tuple(diagnostics), checks=checks.compute(report, spec), spec=spec)
        if strict:  # an error not made through diag() (an extension appending to the list itself)
            errors = [d for d in diagnostics if d.severity == "error"]
            if errors:
                raise driver.strict_error(errors[0], text, name, spec)
        return report

    def parse_file(self, path: str | os.PathLike, *, strict: bool = False, template: str | None = None) -> Report:
        """See :func:`zfxxgk.parse_file`."""
        return self.parse(read_file(path), strict=strict, template=template)


def _raise(error: Exception):
    raise error


def _looks_like_path(source) -> bool:
    """A short one-line str naming an existing file (``parse("report.txt")`` meant ``parse_file``)."""
    if not isinstance(source, str) or len(source) > 4096 or "\n" in source or not source.strip():
        return False
    try:
        return os.path.isfile(source)
    except (OSError, ValueError):
        return False


def _placed(d: Diagnostic, places: dict) -> Diagnostic:
    page, box = places.get(d.line) or (d.page, d.box)
    cells = tuple(c if c.page is not None or c.line not in places else attrs.evolve(c, page=places[c.line][0], box=places[c.line][1])
                  for c in d.cells)
    return attrs.evolve(d, page=d.page if d.page is not None else page, box=d.box if d.box is not None else box, cells=cells)


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
    """Read ``path`` as bytes (encoding detected; PDF and Word documents by their bytes) and :func:`parse` it."""
    return default_parser().parse_file(path, strict=strict, template=template)


def read_file(path: str | os.PathLike) -> bytes:
    """The bytes of report file ``path`` (up to the size limit of its kind), or :class:`ReportError`."""
    from .parser.attachments import MAX_DOCUMENT_SIZE, document_kind

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device would block or never end
            raise ReportError(f"not a regular file: {os.fspath(path)!r}")
        with open(path, "rb") as fh:
            data = fh.read(DEFAULT_MAX_SIZE + 1)
            if document_kind(data[:2048]) is not None:  # PDF/Word: a document limit, not the text limit
                data += fh.read(MAX_DOCUMENT_SIZE + 1 - len(data))
    except OSError as exc:
        raise ReportError(f"cannot read {os.fspath(path)!r}: {exc.strerror or exc}") from None
    return data


def spec_of(report: Report, parser: Parser | None = None) -> TemplateSpec | None:
    """The keys and labels of ``report``'s template: the spec it carries (:attr:`Report.spec`, set by
    the parser that made it, extensions included), else the one ``parser`` (default: the built-in
    parser) registers under ``report.meta.template`` — for a report rebuilt from JSON; ``None`` when
    the template has none (legacy) or is unknown."""
    if report.spec is not None:
        return report.spec
    try:
        return (parser or default_parser()).template(report.meta.template).full_spec
    except ReportError:
        return None


#: Parsers rebuilt from their recipe in this process (a worker keeps one per recipe).
_REBUILT: dict = {}


def _rebuilt(cls: type, recipe: tuple, max_size: int) -> Parser:
    """The parser of ``recipe`` in this process: built the first time, then the same one."""
    try:
        parser = _REBUILT.get((cls, recipe, max_size))
    except TypeError:  # a template with an unhashable piece: built each time it arrives
        return cls(recipe, max_size=max_size)
    if parser is None:
        parser = _REBUILT[cls, recipe, max_size] = cls(recipe, max_size=max_size)
    return parser


def shared(parser: Parser) -> Parser:
    """The parser this process keeps for ``parser``'s recipe (``parser`` itself if none yet): what a
    pool worker's warm-up builds is what the chunks it receives later use."""
    try:
        return _REBUILT.setdefault((type(parser), tuple(parser.extensions), parser.max_size), parser)
    except TypeError:
        return parser
