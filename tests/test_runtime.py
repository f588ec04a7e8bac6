"""The LALR runtime (zfxxgk/parser/runtime.py) runs Lark's own tables: fed the same tokens, it builds
the same tree as Lark's parser, node for node, for every template and every example and fixture
(clean layouts, and damaged ones where the driver skips tokens); it reports a text that cannot end
where it ends as Lark would (the terminals of the state)."""

from pathlib import Path

import pytest
from lark import Tree as LarkTree

from zfxxgk import Parser
from zfxxgk.parser import runtime

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("*.txt")) + \
    sorted((ROOT / "tests" / "fixtures").glob("*.md")) + sorted((ROOT / "tests" / "fixtures").glob("*.html"))


def same(ours, theirs) -> bool:
    if isinstance(ours, runtime.Tree):
        return (isinstance(theirs, LarkTree) and ours.data == theirs.data and len(ours.children) == len(theirs.children)
                and all(same(a, b) for a, b in zip(ours.children, theirs.children)))
    return not isinstance(theirs, LarkTree) and ours is theirs


@pytest.fixture(scope="module")
def parser():
    return Parser()


@pytest.fixture(scope="module")
def larks(parser):
    return {name: parser.built(name).lark for name in parser.templates}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_same_tree_as_larks_parser(path, parser, larks, monkeypatch):
    fed: list = []
    trees: list = []
    feeder = runtime.ParserState.feeder
    feed_eof = runtime.ParserState.feed_eof

    def recording_feeder(self):
        feed = feeder(self)

        def record(tok):
            fed.append(tok)
            feed(tok)

        return record

    def recording_eof(self):
        tree = feed_eof(self)
        trees.append(tree)
        return tree

    monkeypatch.setattr(runtime.ParserState, "feeder", recording_feeder)
    monkeypatch.setattr(runtime.ParserState, "feed_eof", recording_eof)
    report = parser.parse(path.read_bytes())
    assert len(trees) == 1 and fed
    interactive = larks[report.meta.template].parse_interactive()
    for tok in fed:
        interactive.feed_token(tok)
    assert same(trees[0], interactive.feed_eof())


def test_a_text_that_cannot_end_here(parser):
    tables = parser.built("2019").tables
    state = tables.parser()
    row = tables.states[tables.start]
    if "$END" in row:  # the start state may end: take a state that cannot
        state.state_stack.append(next(s for s, r in tables.states.items() if "$END" not in r))
        row = tables.states[state.state_stack[-1]]
    with pytest.raises(runtime.NoAction) as info:
        state.feed_eof()
    assert info.value.expected == frozenset(s for s in row if s.isupper())


def test_interned_stacks_stay_bounded_and_forgetting_them_changes_nothing(monkeypatch):
    """Each template's tables intern the state stacks they meet (runtime.Config, with where each token
    type takes them); at most MAX_CONFIGS are kept, and a parse that outlives a clearing of them (a
    bound of 4 clears them every few tokens) reads the report exactly as with the full memo."""
    import zfxxgk

    files = FILES[:8]
    wanted = [zfxxgk.to_dict(Parser().parse(p.read_bytes())) for p in files]
    monkeypatch.setattr(runtime, "MAX_CONFIGS", 4)
    small = Parser()
    assert [zfxxgk.to_dict(small.parse(p.read_bytes())) for p in files] == wanted
    for name in small.templates:
        built = small.built(name)
        assert len(built.tables.configs) <= 4
