"""``zfxxgk.parse("report.txt")`` parsed the file *name* as a report (a not-a-report warning): now it says
to call ``parse_file``."""

from __future__ import annotations

from pathlib import Path

import pytest

import zfxxgk

from conftest import EXAMPLES

SEED = next(EXAMPLES.glob("seed_002*.txt"))


@pytest.mark.parametrize("given", [str(SEED), SEED, Path(SEED.name)], ids=["str", "Path", "relative"])
def test_a_path_raises_with_parse_file_named(given, monkeypatch):
    monkeypatch.chdir(EXAMPLES)
    with pytest.raises(zfxxgk.ReportError, match="parse_file"):
        zfxxgk.parse(given)


def test_text_is_still_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert zfxxgk.parse("no-such-report.txt").diagnostics          # a one-line text naming no file: parsed
    text = SEED.read_text(encoding="utf-8")
    assert zfxxgk.parse(text).applications == zfxxgk.parse_file(SEED).applications
    (tmp_path / "一").write_text("x")
    assert zfxxgk.parse("一\n二").meta is not None                   # several lines: text, whatever exists
