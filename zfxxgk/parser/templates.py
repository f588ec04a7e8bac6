"""Templates: a grammar, the transformer for it, its table keys, and how to recognise it.

Our own templates (``2019``, ``2021``, ``legacy``) are :class:`Template` values like any a user
registers (see :class:`zfxxgk.Parser`); there is no other way in.
"""

from __future__ import annotations

from typing import Callable

import attrs
from lark import Lark
from lark.exceptions import GrammarError, LarkError
from lark.lexer import Lexer as _LarkLexer
from lark.load_grammar import FromPackageLoader

from ..errors import ReportError
from ..spec import SPEC_2019, SPEC_2021, TemplateSpec
from ..transformers.common import CommonTransformer
from ..transformers.national import Report2019Transformer, Report2021Transformer
from .lexer import Lexer

#: Where ``%import national`` / ``%import common`` resolve for grammars given as text.
GRAMMAR_LOADER = FromPackageLoader("zfxxgk", ("grammar",))

Detector = Callable[[str], float]


class _FedByUs(_LarkLexer):
    """Lark wants a lexer; tokens come from :mod:`zfxxgk.parser.lexer` through the interactive parser."""

    def __init__(self, conf):
        pass

    def lex(self, lexer_state, parser_state):  # pragma: no cover - never called
        raise NotImplementedError


@attrs.frozen
class Template:
    """A report template the parser knows.

    ``grammar`` is either the name of a ``.lark`` file inside ``package``'s ``grammar`` folder, or
    grammar text (anything with a newline) whose ``%import``s may name our grammars
    (``%import report_2019 (start, _application_label)``) or files under ``import_paths``.
    ``detect`` scores a report's match key (its text, simplified, without punctuation or spaces);
    the highest score wins, ties going to the template registered first.
    """

    name: str
    grammar: str
    transformer: type[CommonTransformer]
    spec: TemplateSpec | None = None
    detect: Detector | None = None
    package: str = "zfxxgk"
    import_paths: tuple = ()

    def build(self) -> "BuiltTemplate":
        options = dict(parser="lalr", lexer=_FedByUs, strict=True, maybe_placeholders=False,
                       propagate_positions=False)
        try:
            if "\n" in self.grammar:
                lark = Lark(self.grammar, import_paths=[*self.import_paths, GRAMMAR_LOADER], **options)
            else:
                lark = Lark.open_from_package(self.package, self.grammar, ("grammar",), **options)
        except (GrammarError, LarkError) as exc:
            raise ReportError(f"template {self.name!r}: its grammar does not build: {exc}") from None
        return BuiltTemplate(self, lark, Lexer(lark))


@attrs.frozen
class BuiltTemplate:
    template: Template
    lark: Lark
    lexer: Lexer


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
    national = ("本年新收政府信息公开申请数量", "第二十条第")
    return 0.0 if any(w in key for w in national) else 0.5


TEMPLATE_2019 = Template("2019", "report_2019.lark", Report2019Transformer, SPEC_2019, detect_2019)
TEMPLATE_2021 = Template("2021", "report_2021.lark", Report2021Transformer, SPEC_2021, detect_2021)
TEMPLATE_LEGACY = Template("legacy", "legacy.lark", CommonTransformer, None, detect_legacy)

BUILTIN = (TEMPLATE_2019, TEMPLATE_2021, TEMPLATE_LEGACY)
