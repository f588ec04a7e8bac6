"""Templates: a grammar, the transformer for it, its table keys, and how to recognise it.

A :class:`Template` is the one way in.  Our own templates (``2019``, ``2021``, ``legacy``) are
``Template`` values registered on every :class:`zfxxgk.Parser` through the same
:meth:`zfxxgk.Parser.register` a user calls; an *extension* is a ``Template`` with a ``base``: a
grammar fragment that ``%import``s the base grammar and ``%extend``s / ``%override``s its rules,
a transformer mixin with methods for the new rules, a :class:`~zfxxgk.spec.SpecExtension` with the
new keys and labels, and optionally a detector.  ``zfxxgk.extensions`` ships worked examples.
"""

from __future__ import annotations

import importlib
import re
from typing import Callable

import attrs

from .errors import ReportError
from .parser import cache
from .parser.cache import PackageLoader
from .parser.lexer import Lexer
from .parser.runtime import Tables
from .reprs import attrs_eq, attrs_hash, attrs_repr
from .spec import SPEC_2019, SPEC_2021, SpecExtension, TemplateSpec
from .transformers.common import CommonTransformer
from .transformers.national import Report2019Transformer, Report2021Transformer

#: Where ``%import national`` / ``%import common`` resolve for grammars given as text.
GRAMMAR_LOADER = PackageLoader("zfxxgk", ("grammar",))

Detector = Callable[[str], float]

#: The Lark options our grammars are built with (the lexer is ours: ``cache.fed_by_us``).
LARK_OPTIONS = dict(parser="lalr", strict=True, maybe_placeholders=False, propagate_positions=False)


def __getattr__(name: str):
    if name == "_FedByUs":  # the lexer class given to Lark (imports Lark: only when asked for)
        return cache.fed_by_us()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@attrs.frozen(repr=False)
class Template:
    """A report template the parser knows, or (with ``base``) an extension of one.

    ``grammar`` is either the name of a ``.lark`` file inside ``package``'s ``grammar`` folder
    (shipped as package data), or grammar text (anything with a newline).  Its ``%import``s
    resolve, in order, against ``package``'s ``grammar`` folder, ``import_paths``, the base
    template's own grammar folder, and ours (``common``, ``national``, ``report_2019``,
    ``report_2021``, ``legacy``).

    ``detect`` scores a report's match key (its text, simplified, without punctuation or spaces);
    the highest score wins; on a tie the template registered last wins, so an extension beats its
    base when their scores are equal.

    Without ``base`` (a template of its own): ``transformer`` is the transformer class (a
    :class:`~zfxxgk.transformers.common.CommonTransformer` subclass) and ``spec`` a
    :class:`~zfxxgk.spec.TemplateSpec` (or ``None``).

    With ``base`` — the name of another template registered on the same parser — the base's
    pieces are inherited and extended when the parser is first used:

    * ``grammar`` is a fragment that ``%import``s the base grammar (e.g.
      ``%import report_2021 (start, _application_label)``) and ``%extend``s or ``%override``s it;
    * ``transformer`` (optional) is a mixin with methods for the fragment's new rules, put in
      front of the base's transformer (a subclass of it is used as it is);
    * ``spec`` (optional) is a :class:`~zfxxgk.spec.SpecExtension` (rows added to section 三, tables
      of its own) applied to the base's spec, or a whole ``TemplateSpec``;
    * ``detect`` defaults to the base's detector.
    """

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    name: str
    grammar: str
    transformer: type | None = None
    spec: TemplateSpec | SpecExtension | None = None
    detect: Detector | None = None
    package: str = "zfxxgk"
    import_paths: tuple = ()
    base: str | None = None

    def __attrs_post_init__(self):
        if not self.name or not isinstance(self.name, str):
            raise ReportError(f"a template needs a name, not {self.name!r}")
        if self.base is None:
            if not (isinstance(self.transformer, type) and issubclass(self.transformer, CommonTransformer)):
                raise ReportError(f"template {self.name!r}: transformer must be a CommonTransformer subclass "
                                  f"(or give base= to extend another template)")
            if isinstance(self.spec, SpecExtension):
                raise ReportError(f"template {self.name!r}: a SpecExtension needs base= (the template it extends)")
        elif self.base == self.name:
            raise ReportError(f"template {self.name!r} cannot extend itself")

    def derive(self, base: "Template") -> "Template":
        """This extension resolved against ``base`` (a template without a base): a whole template."""
        if self.base is None:
            return self
        if base.base is not None:
            raise ReportError(f"template {self.name!r}: resolve {base.name!r} first")
        spec = self.spec
        if spec is None:
            spec = base.spec
        elif isinstance(spec, SpecExtension):
            try:
                spec = spec.apply(base.full_spec)
            except ValueError as exc:
                raise ReportError(f"template {self.name!r}: {exc}") from None
        loaders = list(self.import_paths) + list(base.import_paths)
        if base.package != "zfxxgk":
            loaders.append(PackageLoader(base.package, ("grammar",)))
        return Template(self.name, self.grammar, compose(self.name, self.transformer, base.transformer), spec,
                        self.detect or base.detect, self.package, tuple(loaders))

    @property
    def full_spec(self) -> TemplateSpec | None:
        """The keys and labels of a registered (resolved) template; an extension's
        :class:`~zfxxgk.spec.SpecExtension` is applied to its base's by :meth:`derive`."""
        if isinstance(self.spec, SpecExtension):
            raise ReportError(f"template {self.name!r} extends {self.base!r}: register it on a Parser, "
                              f"or build template.derive(base)")
        return self.spec

    def build(self) -> "BuiltTemplate":
        try:
            source, text, paths = self._grammar()
            tables, lexer = cache.build(self.name, text, source, paths, LARK_OPTIONS)  # from disk when built before
        except cache.grammar_errors() as exc:
            raise ReportError(f"template {self.name!r}: its grammar does not build: {exc}") from None
        return BuiltTemplate(self, tables, lexer)

    def _grammar(self) -> tuple[object, str, list]:
        """``(source, text, import paths)`` of the grammar: ``source`` a name, or the
        ``(package, path)`` it was read from."""
        if self.base is not None:
            raise ReportError(f"template {self.name!r} extends {self.base!r}: register it on a Parser, "
                              f"or build template.derive(base)")
        own = PackageLoader(self.package, ("grammar",))
        if "\n" in self.grammar:
            return "<string>", self.grammar, [*self.import_paths, own, GRAMMAR_LOADER]
        source, text = own.read(self.grammar)
        return source, text, [own, *self.import_paths, GRAMMAR_LOADER]


def compose(name: str, mixin: type | None, base: type | None) -> type | None:
    """The transformer of an extension: ``mixin``'s methods in front of ``base``'s."""
    if mixin is None or mixin is base:
        return base
    if not isinstance(mixin, type):
        raise ReportError(f"template {name!r}: transformer must be a class, not {mixin!r}")
    if base is None:
        return mixin
    if issubclass(mixin, base):
        return mixin
    ident = re.sub(r"\W", "_", name)
    try:
        return type(f"{mixin.__name__}_{ident}", (mixin, base), {"__module__": mixin.__module__})
    except TypeError as exc:
        raise ReportError(f"template {name!r}: cannot put {mixin.__name__} in front of {base.__name__}: {exc}") from None


def load_template(reference: str) -> Template:
    """The :class:`Template` that ``reference`` names: ``"module:NAME"`` (``NAME`` may be dotted) —
    ``module`` is imported and its attribute ``NAME`` taken, e.g.
    ``"zfxxgk.extensions:PROVINCIAL_2021"``.  How the CLI's ``--extension`` and a parser sent to
    other processes find extensions; a missing module or attribute, or anything but a Template, is
    a :class:`ReportError` saying which."""
    if not isinstance(reference, str) or reference.count(":") != 1 or not all(reference.split(":")):
        raise ReportError(f"an extension is named module:NAME (e.g. zfxxgk.extensions:PROVINCIAL_2021), "
                          f"not {reference!r}")
    module_name, name = (part.strip() for part in reference.split(":"))
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + ".")):
            raise ReportError(f"extension {reference!r}: no module named {module_name!r} "
                              "(is it installed, or on PYTHONPATH?)") from None
        raise ReportError(f"extension {reference!r}: importing {module_name!r} failed: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a broken module: say so, with its error
        raise ReportError(f"extension {reference!r}: importing {module_name!r} failed: "
                          f"{type(exc).__name__}: {exc}") from None
    obj: object = module
    for part in name.split("."):
        if not hasattr(obj, part):
            known = sorted(n for n, v in vars(module).items() if isinstance(v, Template))
            raise ReportError(f"extension {reference!r}: module {module_name!r} has no attribute {name!r}"
                              + (f"; its templates: {', '.join(known)}" if known else
                                 "; it defines no zfxxgk.Template"))
        obj = getattr(obj, part)
    if not isinstance(obj, Template):
        raise ReportError(f"extension {reference!r} is a {type(obj).__name__}, not a zfxxgk.Template")
    return obj


@attrs.frozen(repr=False)
class BuiltTemplate:
    """A template ready to parse: its LALR tables (run by :mod:`zfxxgk.parser.runtime`) and lexer."""

    __repr__ = attrs_repr
    __eq__ = attrs_eq
    __hash__ = attrs_hash

    template: Template
    tables: Tables
    lexer: Lexer

    @property
    def lark(self):
        """The grammar as a ``lark.Lark`` object (built anew; imports Lark): its ``rules`` and
        ``terminals`` as Lark reads them, for tools and tests.  Parsing never uses it."""
        source, text, paths = self.template._grammar()
        return cache.make_lark(text, source, paths, LARK_OPTIONS)


def _markers(*words: str) -> Detector:
    def detect(key: str) -> float:
        return float(sum(1 for w in words if w in key))

    return detect


detect_2019 = _markers("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "年项目数量本年增",
                       "本年增减", "第二十条第九项", "采购项目数量", "政府集中采购", "其他对外管理服务事项")
_detect_2021_markers = _markers("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
                                "逾期不补正", "逾期未按收费通知要求缴纳费用")


def detect_2021(key: str) -> float:
    # the 2021 applications rows alone are enough when section 二 is lost
    return _detect_2021_markers(key) + (0.5 if "逾期不补正" in key else 0.0)


def detect_legacy(key: str) -> float:
    # rows and headings of the national form's 三 and 四 only: a report that lost its first part (a PDF
    # page that cannot be read) still has them
    national = ("本年新收政府信息公开申请数量", "第二十条第", "结转下年度继续办理", "政府信息公开行政复议行政诉讼情况")
    return 0.0 if any(w in key for w in national) else 0.5


TEMPLATE_2019 = Template("2019", "report_2019.lark", Report2019Transformer, SPEC_2019, detect_2019)
TEMPLATE_2021 = Template("2021", "report_2021.lark", Report2021Transformer, SPEC_2021, detect_2021)
TEMPLATE_LEGACY = Template("legacy", "legacy.lark", CommonTransformer, None, detect_legacy)

#: Registered on every :class:`zfxxgk.Parser`, in this order, through :meth:`zfxxgk.Parser.register`.
BUILTIN = (TEMPLATE_2019, TEMPLATE_2021, TEMPLATE_LEGACY)
