"""mypy, in its default mode ([tool.mypy] in pyproject.toml), finds no error in zfxxgk/."""

from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error(monkeypatch):
    monkeypatch.chdir(ROOT)
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary",
                                "--hide-error-context", str(ROOT / "zfxxgk")])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 0 and not errors, "\n".join(errors or [out, err])
