"""The grammars as a specification: they build strictly, every rule has a handler, every terminal
has a human name, and the canonical keys in zfxxgk.spec name terminals that exist."""

import re
import typing

import attrs
import pytest
from lark import Lark

import zfxxgk
from zfxxgk.extensions import LEGACY_STATISTICS

from zfxxgk.parser.lexer import DESCRIPTIONS, Lexer
from zfxxgk.parser.tokens import base_name
from zfxxgk.parser.normalise import fold, match_key, simplify
from zfxxgk.templates import BUILTIN, _FedByUs

GRAMMARS = ["report_2019.lark", "report_2021.lark", "legacy.lark"]


@pytest.mark.parametrize("name", GRAMMARS)
def test_grammar_builds_strictly(name):
    # strict=True: any shift/reduce conflict or terminal collision is an error
    Lark.open_from_package("zfxxgk", name, ("grammar",), parser="lalr", lexer=_FedByUs, strict=True)


@pytest.mark.parametrize("template", BUILTIN, ids=lambda t: t.name)
def test_every_rule_has_a_handler(template):
    lark = template.build().lark
    rules = {r.origin.name for r in lark.rules}
    visible = {base_name(r) for r in rules if not base_name(r).startswith("_")}
    assert visible, "no rules?"
    missing = sorted(r for r in visible if not template.transformer.handles(r))
    assert missing == [], f"{template.transformer.__name__} has no method for {missing}"


def test_a_rule_without_handler_is_caught():
    from zfxxgk.transformers.common import CommonTransformer

    assert CommonTransformer.handles("chapter")
    assert not CommonTransformer.handles("applications")  # the legacy transformer knows no tables
    assert not CommonTransformer.handles("_chapter")


@pytest.mark.parametrize("template", BUILTIN, ids=lambda t: t.name)
def test_every_terminal_has_human_words(template):
    lexer: Lexer = template.build().lexer
    for name, m in lexer.matchers.items():
        assert "ANON" not in name, f"inline literal in a rule: {name}"
        assert "__" not in base_name(name)
        words = m.describe()
        assert words and "ANON" not in words
        if not m.literals:
            assert m.base in DESCRIPTIONS, f"regex terminal {m.base} needs words in lexer.DESCRIPTIONS"


@pytest.mark.parametrize("template", [t for t in BUILTIN if t.spec], ids=lambda t: t.name)
def test_spec_labels_match_grammar_terminals(template):
    lexer = template.build().lexer
    by_base = {m.base: m for m in lexer.matchers.values()}
    spec = template.spec
    pairs = [(c.terminal, c.label) for t in spec.active_disclosure for c in t.columns]
    pairs += [(r.terminal, r.label) for t in spec.active_disclosure for r in t.rows]
    pairs += [(t.title_terminal, t.title) for t in spec.active_disclosure]
    pairs += [(r.terminal, r.label) for r in spec.applications.rows]
    pairs += [(c.terminal, c.label) for c in spec.applications.columns]
    pairs += [(c.terminal, c.label) for c in spec.review_litigation.columns]
    for terminal, label in pairs:
        assert terminal in by_base, f"{terminal} is not a terminal of {template.name}"
        m = by_base[terminal]
        norm = simplify(fold(label))
        assert match_key(norm) in m.keys or (m.regex and m.regex.fullmatch(norm)), (terminal, label)
    keys = [r.key for r in spec.applications.rows if r.key]
    assert len(keys) == len(set(keys)) == {"2019": 23, "2021": 25}[template.name]


def _node_name(rule: str) -> str:
    """The node class a table rule builds: ``item_6_row`` → ``ItemRow``, ``stat_review_row`` → ``StatRow``."""
    rule = re.sub(r"^stat_\w+_row$", "stat_row", re.sub(r"_\d+", "", rule))
    return "".join(part.capitalize() for part in rule.split("_"))


@pytest.mark.parametrize("template", [*BUILTIN, LEGACY_STATISTICS], ids=lambda t: t.name)
def test_table_rules_build_nodes_named_after_them(template):
    """grammar rule ↔ transformer method ↔ node class: a ``*_header`` / ``*_row`` / ``*_note`` rule's
    handler returns the class named after the rule (never a tagged tuple)."""
    built = zfxxgk.Parser(extensions=[LEGACY_STATISTICS]).built(template.name)
    transformer = built.template.transformer
    rules = {base_name(r.origin.name) for r in built.lark.rules}
    table_rules = sorted(r for r in rules if re.search(r"_(header|row|note)$", r))
    if template.name != "legacy":
        assert table_rules
    for rule in table_rules:
        hints = typing.get_type_hints(getattr(transformer, rule))
        node = hints.get("return")
        assert node is not None and node.__name__ == _node_name(rule), (rule, node)
        assert issubclass(node, tuple) or attrs.has(node)
