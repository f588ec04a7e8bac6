"""``pdftotext -layout`` prints table 三's merged group labels (三、本年度办理结果, （三）不予公开, …)
wrapped, a few characters a line, on the lines of the rows beside them (``年度办   3.危及“三安全一
稳定”   14   21 …``): such a line is the row its own label names, the piece of the group label
dropped (an info).  Fixtures: ``tests/pdftotext_layout.py`` (seeds 001 and 002 renumbered, through
reportlab and the real ``pdftotext -layout``)."""

from __future__ import annotations

import re

import pytest

import zfxxgk

from pdftotext_layout import HERE, SEEDS, truth

PATHS = {n: HERE / "fixtures_layout" / f"pdftotext_{n}_numbers_layout.txt" for n in SEEDS}
#: leading text, then a row label that starts with its ordinal (``3.``), then the row's values
_BESIDE = re.compile(r"^\s*(\S+)\s+([0-9]\.\S+)((?:\s+[0-9]+)+)\s*$")


@pytest.mark.parametrize("path", list(PATHS.values()), ids=lambda p: p.stem)
def test_snapshot(path, snapshot):
    assert zfxxgk.parse_file(path) == snapshot


def _cells(report) -> dict:
    return {tuple(k): (c.value, c.raw) for *k, c in report.cells()}


def _beside_lines(text: str, spec) -> dict[int, tuple[str, str, list[int]]]:
    """Lines whose row label (a label of the template, as printed) has other text before it: line →
    (that text, the row's key, the numbers printed on the line) — read off the text, not the parser."""
    keys = {r.label: r.key for r in spec.applications.rows if r.key is not None}
    out = {}
    for no, line in enumerate(text.split("\n"), 1):
        m = _BESIDE.match(line)
        if m and m.group(2) in keys and m.group(1) not in keys:
            out[no] = (m.group(1), keys[m.group(2)], [int(x) for x in m.group(3).split()])
    return out


@pytest.mark.parametrize("n", SEEDS)
def test_every_value_is_placed_under_its_key(n):
    want = _cells(truth(n)[0])
    got = _cells(zfxxgk.parse_file(PATHS[n]))
    assert {k: (v, want.get(k)) for k, v in got.items() if want.get(k) != v} == {}
    assert len(got) == len(want)  # 200 (2021 form), 198 (2019 form)
    assert not [d for d in zfxxgk.parse_file(PATHS[n]).diagnostics if d.severity == "error"]


@pytest.mark.parametrize("n", SEEDS)
def test_a_row_beside_a_group_label_piece_is_read_from_its_own_line(n):
    text = PATHS[n].read_text(encoding="utf-8")
    r = zfxxgk.parse(text)
    spec = truth(n)[1]
    beside = _beside_lines(text, spec)
    assert len(beside) >= {"001": 4, "002": 2}[n]  # 年度办 / 理结果 / 开 / （五）不予处 (2021); 三、本 / （五）不予处
    columns = [c.key for c in spec.applications.columns]
    for line, (head, key, numbers) in beside.items():
        assert [r.applications[key][c].value for c in columns] == numbers, line
        assert {r.applications[key][c].line for c in columns} == {line}
    infos = {d.line: d for d in r.diagnostics if d.code == "group-label-piece"}
    assert set(infos) == set(beside)
    for line, d in infos.items():
        head, key, _ = beside[line]
        assert d.severity == "info" and d.row == key and d.table == "applications"
        assert repr(head) in d.message and f"line {line}" in d.message


def _replace_on_line(text: str, line: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def _line_of(text: str, label: str) -> int:
    return next(no for no, line in enumerate(text.split("\n"), 1) if label in line)


@pytest.mark.parametrize("label, piece, other", [
    ("3.危及“三安全一稳定”", "年度办", "备注"),  # no text of any group label
    ("3.危及“三安全一稳定”", "年度办", "（五）不予处"),  # the start of （五）不予处理, printed before its rows
    ("3.要求提供公开出版物", "（五）不予处", "（三）不予公"),  # （三）不予公开's rows end at （四）
    ("3.危及“三安全一稳定”", "年度办", "度"),  # one character from inside 三、本年度办理结果: too little to tell
    ("3.危及“三安全一稳定”", "年度办", "年度办理果"),  # not a piece of 三、本年度办理结果 as printed
])
def test_other_text_before_a_row_label_stays_an_unreadable_row(label, piece, other):
    text = PATHS["001"].read_text(encoding="utf-8")
    line = _line_of(text, label)
    assert text.split("\n")[line - 1].split()[0] == piece
    r = zfxxgk.parse(_replace_on_line(text, line, piece, other))
    key = next(row.key for row in truth("001")[1].applications.rows if row.label == label)
    assert key not in r.applications
    errors = [d for d in r.diagnostics if d.line == line and d.severity == "error"]
    assert [d.code for d in errors] == ["unreadable-row"]
    numbers = [int(x) for x in text.split("\n")[line - 1].split()[2:]]
    assert [c.value for c in errors[0].cells if c.value is not None] == numbers  # the values kept
    assert not [d for d in r.diagnostics if d.code == "group-label-piece" and d.line == line]


def test_a_label_that_is_not_the_rows_own_stays_an_unreadable_row():
    text = PATHS["001"].read_text(encoding="utf-8")
    line = _line_of(text, "3.危及“三安全一稳定”")
    r = zfxxgk.parse(_replace_on_line(text, line, "3.危及“三安全一稳定”", "3.危及“三安全稳定”"))
    assert "denied.security_stability" not in r.applications
    assert [d.code for d in r.diagnostics if d.line == line and d.severity == "error"] == ["unreadable-row"]


def test_the_whole_group_label_before_its_row_is_read_as_before():
    """The lexer already cuts a whole group label off its row (``（四）无法提供   1.本机关…``): unchanged."""
    text = PATHS["001"].read_text(encoding="utf-8")
    line = _line_of(text, "3.要求提供公开出版物")
    assert re.match(r"\s*（五）不予处\s", text.split("\n")[line - 1])
    r = zfxxgk.parse(_replace_on_line(text, line, "（五）不予处", "（五）不予处理"))
    assert r.applications["not_processed.publication"]["total"].line == line
    assert not [d for d in r.diagnostics if d.line == line and d.severity == "error"]
