"""The pipeline's layers (README "Architecture"), held by import-linter's contracts in pyproject.toml:
no module imports a later stage, and no modules import each other in a circle.

import-linter (grimp) reads every import statement, function-level ones included, so a circle
cannot hide in a function body."""

import re
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def test_layers_kept_and_no_circles(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _listed() -> set[str]:
    layers = next(c for c in CONTRACTS if c["type"] == "layers")
    return {m.strip() for layer in layers["layers"] for m in re.split(r"[|:]", layer)}


@pytest.mark.parametrize("path", sorted((ROOT / "zfxxgk").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_module_has_a_layer(path):
    parts = path.relative_to(ROOT / "zfxxgk").with_suffix("").parts
    listed = _listed()
    if parts[-1] == "__init__":
        parts = parts[:-1]
        if not parts:
            return  # the package itself: the public names, imported from every layer
        if any(m.startswith(".".join(parts) + ".") for m in listed):
            return  # a package whose modules are listed one by one
    assert any(".".join(parts[:i]) in listed for i in range(1, len(parts) + 1)), \
        f"{path.relative_to(ROOT)} is in no layer of [tool.importlinter] in pyproject.toml"
