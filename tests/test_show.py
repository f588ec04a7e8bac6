"""The review view: tables drawn with the report's labels and printed values, problems marked."""

from __future__ import annotations

import attrs
import pytest

import zfxxgk
from zfxxgk.model import Cell, Check, Diagnostic
from zfxxgk.show import MISSING, render
from zfxxgk.spec import SPEC_2019

from conftest import EXAMPLES, fixture_files


@pytest.fixture(scope="module")
def seed002():
    return zfxxgk.parse_file(next(EXAMPLES.glob("seed_002*.txt")))


def make_check(**given):
    """A Check whatever fields issue 3 gives it: the named ones, "" / None / () for the rest."""
    kw = {}
    for f in attrs.fields(Check):
        if f.name in given:
            kw[f.name] = given[f.name]
        elif f.default is attrs.NOTHING:
            kw[f.name] = "" if f.type in ("str", str) else None
    return Check(**kw)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_renders_every_fixture(path):
    report = zfxxgk.parse_file(path)
    text = render(report, source=str(path), width=140)
    assert (report.meta.title or "(no title)") in text
    # every placed value is on screen, as printed (columns are wide enough at 140)
    for _table, _item, _row, _col, cell in report.cells():
        assert cell.raw in text
    for d in report.diagnostics:
        assert d.code in text


def test_labels_and_values_as_printed(seed002):
    text = render(seed002, width=140)
    for label in ("第二十条第（五）项", "上一年项目数量", "本年增/减", "行政许可", "1.属于国家秘密", "（七）总计", "复议后起诉"):
        assert label in text
    row = next(line for line in text.splitlines() if "行政许可" in line)
    assert [c.strip() for c in row.split("│")[2:5]] == ["19034", "-9539", "9495"]
    row = next(line for line in text.splitlines() if "政府集中采购" in line)
    assert [c.strip() for c in row.split("│")[2:4]] == ["625批次", "25795万元"]
    keyed = render(seed002, width=140, keys=True)
    assert "denied.state_secret" in keyed and "natural_person" in keyed


def test_failed_check_and_missing_cell_are_marked(seed002):
    lic = dict(seed002.active_disclosure["item_5"]["licensing"])
    del lic["change"]                                                    # a cell the parse did not place
    active = {**seed002.active_disclosure, "item_5": {**seed002.active_disclosure["item_5"], "licensing": lic}}
    bad = make_check(rule="row_total", subject="new_received", severity="error", ok=False, expected=1, found=0,
                     cells=("applications/new_received/total",), message="the row does not add up")
    report = attrs.evolve(seed002, active_disclosure=active, checks=(bad,),
                          diagnostics=seed002.diagnostics + (Diagnostic("error", "cell-count", "a row too long", 99,
                                                                        (Cell(7, "7", None, 99),)),))
    text = render(report, width=140)
    row = next(line for line in text.splitlines() if "行政许可" in line)
    assert MISSING in row
    row = next(line for line in text.splitlines() if "一、本年新收" in line)
    assert row.rstrip().rstrip("│").rstrip().endswith("0✗")             # the total cell of the failed check
    assert "row_total" in text and "the row does not add up" in text and "checks: 0 of 1 hold" in text
    assert "not placed: '7'@99" in text
    coloured = render(report, width=140, color=True)
    assert "\x1b[" in coloured and "\x1b[" not in text


def test_no_spec_falls_back_to_keys(seed002):
    report = attrs.evolve(seed002, meta=attrs.evolve(seed002.meta, template="nonexistent"), spec=None)
    text = render(report, width=140)
    assert "item_5" in text and "licensing" in text and "new_received" in text and SPEC_2019 is not None


def test_readable_at_80_columns(seed002):
    # found: at 80 columns every Chinese row label wrapped into 3–7 lines
    from rich.cells import cell_len

    text = render(seed002, width=80)
    lines = text.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    table = lines[next(i for i, line in enumerate(lines) if "[applications]" in line):]
    table = table[:next(i for i, line in enumerate(table) if line.startswith("└"))]
    body = [line for line in table if line.startswith("│")][1:]          # rows after the header
    assert len(body) == len(SPEC_2019.applications.rows)                 # one line per row, none wrapped
    assert any(line.startswith("│一、本年新收申请数量") for line in body)
    assert any(line.startswith("│（二）部分公开 ") or line.startswith("│（二）部分公开│") for line in body)
    row = next(line for line in lines if line.startswith("│行政许可"))
    assert [c.strip() for c in row.split("│")[2:5]] == ["19034", "-9539", "9495"]
    full = render(seed002, width=80, full_labels=True)                  # the printed labels, wrapped
    assert "区分处理" in full and "区分处理" not in text
    assert len(full.splitlines()) > len(lines) + 30


def test_cli_full_labels(capsys):
    from zfxxgk.cli import main

    path = next(EXAMPLES.glob("seed_002*.txt"))
    assert main(["show", str(path), "--width", "80", "--no-color"]) == 0
    assert "区分处理" not in capsys.readouterr().out
    assert main(["show", str(path), "--width", "80", "--no-color", "--full-labels"]) == 0
    assert "区分处理" in capsys.readouterr().out
