"""Files generated from the spec — docs/keys.md and the grammars' label terminals — must be current."""

from pathlib import Path

import pytest
from lark import Lark
from lark.load_grammar import load_grammar

from zfxxgk import reference
from zfxxgk.extensions import CONFIRMATION_2021, LEGACY_STATISTICS, PROVINCIAL_2021
from zfxxgk.spec import SPEC_2019, SPEC_2021, Row
from zfxxgk.templates import BUILTIN, GRAMMAR_LOADER

KEYS_MD = Path(__file__).resolve().parent.parent / "docs" / "keys.md"


def test_keys_md_is_current():
    assert KEYS_MD.read_text(encoding="utf-8") == reference.markdown(), \
        "docs/keys.md is stale: run `python -m zfxxgk.reference`"


@pytest.mark.parametrize("path", sorted(reference.generated()), ids=lambda p: p.name)
def test_generated_files_are_current(path):
    assert path.read_text(encoding="utf-8") == reference.generated()[path], \
        f"{path.name} is stale: run `python -m zfxxgk.reference`"


@pytest.mark.parametrize("template", [t for t in BUILTIN if t.spec], ids=lambda t: t.name)
def test_every_label_terminal_reads_as_the_spec_says(template):
    """The built grammar's label terminals are the spec's labels and variants, nothing else."""
    by_base = {m.base: m for m in template.build().lexer.matchers.values()}
    spec = template.spec
    labelled = [*(x for t in spec.active_disclosure for x in (*t.headers, *t.columns, *t.rows)),
                *spec.applications.headers, *spec.applications.columns, *spec.applications.rows,
                *spec.review_litigation.headers, *spec.review_litigation.columns]
    for x in labelled:
        m = by_base[x.terminal]
        if x.pattern is None:
            assert set(m.literals) == {x.label, *x.variants}, x.terminal
        else:
            assert m.regex.pattern == x.pattern
    for t in spec.active_disclosure:
        assert by_base[t.title_terminal].literals == (t.title,)


@pytest.mark.parametrize("ext", [LEGACY_STATISTICS, PROVINCIAL_2021, CONFIRMATION_2021], ids=lambda t: t.name)
def test_extension_labels_come_from_their_spec(ext):
    import zfxxgk

    built = zfxxgk.Parser(extensions=[ext]).built(ext.name)
    by_base = {m.base: m for m in built.lexer.matchers.values()}
    spec = ext.spec
    rows = [*spec.applications, *(r for i in spec.items for r in i.rows), *(r for t in spec.tables for r in t.rows)]
    assert rows
    for r in rows:
        assert set(by_base[r.terminal].literals) == {r.label, *r.variants}, r.terminal


def test_the_grammar_cache_checks_the_generated_file():
    # parser/cache.py keys an entry on the grammar text and checks every imported file's hash on
    # load: the generated labels.lark must be one of them, or an edited label would not rebuild
    source, text = GRAMMAR_LOADER(None, "report_2021.lark")
    _, used = load_grammar(text, source, [GRAMMAR_LOADER], False)
    assert "grammar/labels.lark" in {getattr(r, "path", str(r)) for r in used}


def test_a_terminal_read_two_ways_is_refused():
    with pytest.raises(ValueError, match="TOTAL"):
        reference.lark_labels([("a", [Row("t", "总计", "TOTAL")]), ("b", [Row("t", "合计", "TOTAL")])], "x")
    text = reference.lark_labels([("a", [Row("k", 'say "hi"', "QUOTED", variants=("a\\b",))])], "x")
    parser = Lark(text + "start: QUOTED\n", parser="lalr")  # quotes and backslashes reach Lark intact
    assert parser.parse('say "hi"').children == ['say "hi"']
    assert parser.parse("a\\b").children == ["a\\b"]


def test_every_key_and_label_is_listed():
    text = reference.markdown()
    for spec in (SPEC_2019, SPEC_2021):
        for table in (*spec.active_disclosure, spec.applications):
            for row in table.rows:
                assert row.label in text
                if row.key:
                    assert f"`{row.key}`" in text
            for col in table.columns:
                assert f"`{col.key}` | {col.label}" in text
        for group in spec.review_litigation.groups:
            assert f"`{group.key}` | {group.label}" in text
    assert "`denied.state_secret` | 1.属于国家秘密" in text
    assert "`other_handling.fee_unpaid`" in text
