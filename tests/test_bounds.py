"""Bounds: pathological inputs finish with diagnostics or a clear error (never a crash, never a
hang).  Speed is not asserted here — ``python benchmarks/scaling.py`` measures time and memory
at 1×, 10×, 100× and times each of these inputs."""

from __future__ import annotations

import pytest

import zfxxgk
from zfxxgk.api import Parser

from conftest import EXAMPLES


def pathological() -> dict[str, str | bytes]:
    """The inputs of issue 3 (and a few more), by name; shared with benchmarks/scaling.py."""
    seed = (EXAMPLES / "seed_002_yiyang_ziyang_2020.txt").read_text(encoding="utf-8")
    return {
        "100k pipes on one line": "|" * 100_000,
        "100k pipes, one per line": "|\n" * 100_000,
        "100k lines of digits": "12345\n" * 100_000,
        "one line of 100k digits": "1" * 100_000,
        "heading marker on every line (100k)": "一、总体情况\n" * 100_000,
        "table label on every line (20k)": "（七）总计\n0\n" * 10_000,
        "NUL-filled file (1 MB)": b"\x00" * 1_000_000,
        "not a report (English prose, 1 MB)": ("The quick brown fox jumps over the lazy dog. " * 20 + "\n") * 1_000,
        "not a report (random bytes, 64 KB)": bytes((i * 7919 + 13) % 256 for i in range(65_536)),
        "one 1M-character line of CJK": "规" * 1_000_000,
        "100k unmatched brackets": "（" * 100_000 + "\n" + "(一)" * 30_000,
        "a seed repeated 20×": seed * 20,
        # issue 11
        "50 glued rows of 40 figures": glued_rows(50, 40),
        "HTML colspan/rowspan bomb": span_bomb(),
        "64 KB of bytes in no encoding": bytes(0x80 + (i * 7919) % 128 if i % 61 else 0x0A for i in range(65_536)),
        "an executable named .txt": b"\x7fELF\x02\x01\x01" + bytes(4096) + seed.encode() * 10,
    }


def glued_rows(n: int, digits: int) -> str:
    """Rows of section 三 whose cells lost their separators: ``label`` + ``digits`` figures each."""
    labels = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开", "1.属于国家秘密"]
    rows = [labels[i % 4] + "".join(str((i * 7 + k * 3) % 10) for k in range(digits)) for i in range(n)]
    return "三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n"


def span_bomb() -> str:
    """A 15 KB page whose spans cover millions of grid slots (was 7 GB of memory)."""
    return ("<html><body><p>三、收到和处理政府信息公开申请情况</p><table><tr>"
            + '<td colspan="99999" rowspan="99999">申请人情况</td>' * 40 + "</tr>"
            + "<tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr>" * 300 + "</table></body></html>")


CASES = pathological()


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_input_finishes_with_diagnostics_or_a_clear_error(name):
    source = CASES[name]
    try:
        report = zfxxgk.parse(source)
    except zfxxgk.ReportError as exc:
        assert str(exc) and exc.__cause__ is None
        return
    # parsed: it says what it made of the input
    if name.startswith("a seed"):
        assert report.applications and any(d.code == "duplicate-table" for d in report.diagnostics)
    else:
        assert report.diagnostics, name
        assert not report.applications and not report.review_litigation
        codes = {d.code for d in report.diagnostics}
        if "NUL" in name or "executable" in name:  # binary data, not text: an error, not an empty text (issue 11)
            assert [(d.severity, d.code) for d in report.diagnostics] == [("error", "not-a-report")]
        if "glued" in name:  # nothing guessed: every run kept in an error
            assert sum(len(d.cells) for d in report.diagnostics if d.code == "glued-cells") == 50
        if "span" in name:
            assert "html-spans" in codes
        if "no encoding" in name:
            assert "invalid-bytes" in codes
        if "pipes" in name:
            assert "empty" in codes
        if "prose" in name or "digits" in name or "heading" in name or "CJK" in name:
            assert "not-a-report" in codes


def test_size_limit_is_a_clear_error():
    with pytest.raises(zfxxgk.ReportError, match="over the limit of 100,000"):
        Parser(max_size=100_000).parse("|" * 100_001)


def test_strict_pathological_inputs_raise_syntax_errors():
    for name in ("100k lines of digits", "NUL-filled file (1 MB)", "not a report (English prose, 1 MB)"):
        with pytest.raises(zfxxgk.ReportSyntaxError) as info:
            zfxxgk.parse(CASES[name], strict=True)
        assert info.value.line == 1
