"""No function in zfxxgk/ is longer than 60 lines (issue 12), counted from its ``def`` line to its
last line, nested functions and methods included: a longer one is cut along its seams, into
helpers whose names say what they decide."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 60


def long_functions(root: Path) -> list[tuple[str, int, str, int]]:
    """``(file, line, name, length)`` of every function under ``root`` longer than :data:`MAX_LINES`
    (``file`` relative to ``root``'s parent)."""
    out = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_LINES:
                    out.append((str(path.relative_to(root.parent)), node.lineno, node.name, length))
    return out


def test_the_scan_sees_a_long_function(tmp_path):
    (tmp_path / "m.py").write_text("def short():\n    return 1\n\n\ndef long():\n" + "    x = 1\n" * MAX_LINES,
                                   encoding="utf-8")
    assert long_functions(tmp_path) == [(f"{tmp_path.name}/m.py", 5, "long", MAX_LINES + 1)]


def test_no_function_over_60_lines():
    offenders = long_functions(ROOT / "zfxxgk")
    assert not offenders, "functions over %d lines:\n%s" % (
        MAX_LINES, "\n".join(f"  {f}:{line} {name} ({n} lines)" for f, line, name, n in offenders))
