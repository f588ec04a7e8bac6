"""Every ```python block of README.md runs, in order, from the repository root, on the bundled examples.

Blocks share one namespace (as a reader pastes them into one session).  A line ``expression  # literal``
is also checked: the expression must equal the literal the README shows.  The one name a reader brings
is ``my_templates`` (their own package, in "Testing an extension"): it is the module of the template
built in the block before.  The Dask block runs in its own test, skipped when ``distributed`` is not installed.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
import types

import pytest

from conftest import ROOT

OPTIONAL = {"distributed", "dask", "pyarrow"}

BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks() -> list[tuple[int, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(text[:m.start()].count("\n") + 2, m.group(1)) for m in BLOCK.finditer(text)]


def shown_values(code: str) -> list[tuple[int, str, object]]:
    """``(line, expression, literal)`` for each expression statement followed by a literal comment."""
    comments = {tok.start[0]: tok.string[1:].strip()
                for tok in tokenize.generate_tokens(io.StringIO(code).readline) if tok.type == tokenize.COMMENT}
    lines = code.splitlines()
    out = []
    for stmt in ast.parse(code).body:
        if isinstance(stmt, ast.Expr) and stmt.lineno == stmt.end_lineno and stmt.lineno in comments:
            try:
                literal = ast.literal_eval(comments[stmt.lineno])
            except (ValueError, SyntaxError):
                continue
            out.append((stmt.lineno, ast.get_source_segment(code, stmt) or lines[stmt.lineno - 1], literal))
    return out


def test_there_are_blocks_and_shown_values():
    found = blocks()
    assert len(found) >= 8
    assert sum(len(shown_values(code)) for _, code in found) >= 6


def test_every_python_block_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    session = types.ModuleType("readme_session")  # a real module: attrs/cattrs resolve type hints through it
    monkeypatch.setitem(sys.modules, session.__name__, session)
    namespace = session.__dict__
    skipped = []
    for line, code in blocks():
        if "import my_templates" in code:  # the reader's package: the template of the block before
            mod = types.ModuleType("my_templates")
            mod.HOTLINE_2021 = namespace["HOTLINE_2021"]
            monkeypatch.setitem(sys.modules, "my_templates", mod)
        try:
            exec(compile(code, f"README.md:{line}", "exec"), namespace)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] in OPTIONAL:
                skipped.append((line, exc.name))
                continue
            raise
        for n, expr, literal in shown_values(code):
            got = eval(expr, namespace)
            assert got == literal, f"README.md:{line + n - 1}: {expr} is {got!r}, the README shows {literal!r}"
    out = capsys.readouterr().out
    assert "natural_person" in out and "cross_year.carry_over" in out   # the cross-year example found the edit
    assert all(name.split(".")[0] == "distributed" for _, name in skipped)   # only the Dask block may need an extra


def test_dask_block():
    pytest.importorskip("distributed")
    (line, code), = [(n, c) for n, c in blocks() if "distributed" in c]
    exec(compile("import zfxxgk\n" + code, f"README.md:{line}", "exec"), {"__name__": "readme_dask"})
