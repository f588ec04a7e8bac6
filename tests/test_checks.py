"""Consistency checks (TEMPLATES.md §6): report.checks on every fixture, the deliberately
inconsistent fixtures failing the right rule with the right numbers, and ``zfxxgk check``.

The numbers asserted for ``tests/fixtures/inconsistent_*.txt`` are read off those files (line
numbers in the comments); the files say in their introduction that the tables are deliberately
inconsistent.
"""

from __future__ import annotations

import json

import attrs
import pytest

import zfxxgk
from zfxxgk import checks as checks_mod
from zfxxgk.cli import main
from zfxxgk.model import Cell, Check, Meta, Report
from zfxxgk.spec import SPEC_2019
from zfxxgk.testing import assert_round_trip

from conftest import EXAMPLES, FIXTURES, fixture_files

INCONSISTENT_2019 = FIXTURES / "inconsistent_2019_cells.txt"
INCONSISTENT_2021 = FIXTURES / "inconsistent_2021_pipes.txt"
CONSISTENT = [p for p in fixture_files() if not p.name.startswith("inconsistent_")]


def failed(report, *, severity=None):
    return {(c.rule, c.subject): (c.expected, c.found) for c in report.checks
            if c.ok is False and (severity is None or c.severity == severity)}


# ---- every fixture -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_checks_on_every_fixture(path):
    report = zfxxgk.parse_file(path)
    assert report.checks == checks_mod.compute(report)  # a pure function of the placed values
    assert {c.rule for c in report.checks} <= set(checks_mod.RULES)
    for c in report.checks:
        assert c.ok in (True, False, None)
        if c.ok is None:
            assert c.severity == "warning" and c.missing and c.expected is None and c.found is None
        else:
            assert c.severity == checks_mod.RULES[c.rule].severity and not c.missing
            assert c.ok == (c.expected == c.found)
        for path_ in c.cells:  # every named cell is a real key of the report, or listed as missing
            table, *keys = path_.split("/")
            node = getattr(report, table)
            for k in keys:
                node = node.get(k) if isinstance(node, dict) else None
            assert isinstance(node, Cell) or path_ in c.missing, path_
    if report.meta.template == "legacy":
        assert report.checks == ()
    assert_round_trip(report)


@pytest.mark.parametrize("path", CONSISTENT, ids=lambda p: p.stem)
def test_published_fixtures_are_consistent(path):
    """The seeds (and their re-layouts) are published reports whose tables add up: every
    identity holds (all their section 三 / 四 values are 0; seed_002's Article 20 rows satisfy
    the convention: 19034 − 9539 = 9495, 500 + 43 = 543, 205 + 52 = 257)."""
    report = zfxxgk.parse_file(path)
    assert failed(report) == {}
    if report.meta.template != "legacy" and report.applications:
        rules = {c.rule for c in report.checks}
        assert {"applications.identity", "applications.outcomes", "applications.row_total"} <= rules


def test_seed_counts():
    """How many checks a complete table gives: 7 identity + 7 outcomes + one row total per data
    row + 3 groups of 四 (+ 4 Article 20 conventions in 2019)."""
    r2019 = zfxxgk.parse_file(EXAMPLES / "seed_002_yiyang_ziyang_2020.txt")
    r2021 = zfxxgk.parse_file(EXAMPLES / "seed_001_dingzhou_zhuanlu_2023_traditional.txt")
    assert len(r2019.checks) == 7 + 7 + 23 + 3 + 4
    assert len(r2021.checks) == 7 + 7 + 25 + 3
    conv = {c.subject: (c.expected, c.found) for c in r2019.checks if c.rule == "active_disclosure.year_change"}
    assert conv == {"item_5/licensing": (9495, 9495), "item_5/other_services": (0, 0),
                    "item_6/penalty": (543, 543), "item_6/coercion": (257, 257)}


# ---- the deliberately inconsistent tables ------------------------------------------------------------


def test_inconsistent_2019_fails_the_right_rules():
    r = zfxxgk.parse_file(INCONSISTENT_2019)
    assert [d for d in r.diagnostics if d.severity == "error"] == []  # the table parses cleanly
    assert failed(r, severity="error") == {
        # 一 自然人 21 (line 157) + 二 2 (line 173)  vs  （七）总计 20 (line 501) + 四 2 (line 517)
        ("applications.identity", "natural_person"): (23, 22),
        # 一: 21 + 3 + 1 + 0 + 2 + 0 = 27 vs 总计 26 (line 169)
        ("applications.row_total", "new_received"): (27, 26),
        # 四 行政复议: 1 + 1 + 0 + 1 = 3 vs 总计 2 (line 579)
        ("review_litigation.group_total", "review"): (3, 2),
    }
    # 第二十条第（五）项 行政许可 120 + 15 ≠ 140: a convention, reported as info only
    assert failed(r, severity="info") == {("active_disclosure.year_change", "item_5/licensing"): (135, 140)}
    by_key = {(c.rule, c.subject): c for c in r.checks}
    ident = by_key["applications.identity", "natural_person"]
    assert ident.line == 501
    assert ident.cells == ("applications/new_received/natural_person", "applications/carried_over/natural_person",
                           "applications/total_processed/natural_person", "applications/carried_forward/natural_person")
    assert "21" in ident.message and "23" in ident.message and "22" in ident.message
    assert by_key["applications.row_total", "new_received"].line == 169
    assert by_key["review_litigation.group_total", "review"].line == 579
    # the other columns of the identity hold: e.g. 商业企业 3 + 0 = 2 + 1
    assert by_key["applications.identity", "commercial"].ok is True
    assert (by_key["applications.identity", "total"].expected, by_key["applications.identity", "total"].found) == (28, 28)
    assert by_key["applications.outcomes", "natural_person"].ok is True  # 10+3+1+1+3+1+1 = 20


def test_blank_counts_as_zero_in_checks_but_stays_null():
    r = zfxxgk.parse_file(INCONSISTENT_2019)
    slash = r.applications["carried_over"]["research"]  # printed "/" (line 177)
    assert (slash.value, slash.raw, slash.line) == (None, "/", 177)
    wu = r.applications["other_handling"]["public_interest"]  # printed "无" (line 491)
    assert (wu.value, wu.raw) == (None, "无")
    c = next(c for c in r.checks if (c.rule, c.subject) == ("applications.identity", "research"))
    assert (c.ok, c.expected, c.found) == (True, 1, 1)  # 1 + "/" = 1 + 0
    assert "/→0" in c.message


def test_inconsistent_2021_outcomes_do_not_add_up():
    r = zfxxgk.parse_file(INCONSISTENT_2021)
    assert r.meta.template == "2021"
    assert [d for d in r.diagnostics if d.severity == "error"] == []
    assert failed(r) == {
        # （一）4 + （二）1 + 4.保护第三方 1 + 1.不掌握 1 + 2.重复申请 1 + （六）1. 逾期不补正 2 (line 229) + 3.其他 0 = 10,
        # （七）总计 自然人 9 (line 253)
        ("applications.outcomes", "natural_person"): (10, 9),
        ("applications.outcomes", "total"): (13, 12),  # the same extra 2 in the 总计 column (line 235 vs 259)
    }
    outcomes = next(c for c in r.checks if (c.rule, c.subject) == ("applications.outcomes", "natural_person"))
    assert outcomes.line == 253
    # 2021: （六）其他处理 is a group; its three rows are the outcome terms, not the group
    assert "applications/other_handling.no_correction/natural_person" in outcomes.cells
    assert "applications/other_handling/natural_person" not in outcomes.cells
    # 2. 逾期未按收费 printed "/" in every column: blank → 0, the row total holds
    fee = next(c for c in r.checks if (c.rule, c.subject) == ("applications.row_total", "other_handling.fee_unpaid"))
    assert (fee.ok, fee.expected, fee.found) == (True, 0, 0)
    assert all(cell.value is None for cell in r.applications["other_handling.fee_unpaid"].values())
    assert not any(c.rule == "active_disclosure.year_change" for c in r.checks)  # 2021 has no previous_year


# ---- checks that cannot be made --------------------------------------------------------------------


def _zero_table(spec, *, drop=()):
    app = spec.applications
    rows = {r.key: {c.key: Cell(0, "0") for c in app.columns} for r in app.rows if r.key and r.key not in drop}
    return Report(Meta(None, None, None, None, "2019" if spec is SPEC_2019 else "2021", "simplified"), applications=rows)


def test_missing_row_is_not_guessed():
    report = _zero_table(SPEC_2019, drop=("carried_over",))
    got = checks_mod.compute(report)
    ident = [c for c in got if c.rule == "applications.identity"]
    assert len(ident) == 7 and all(c.ok is None and c.severity == "warning" for c in ident)
    assert ident[0].missing == ("applications/carried_over/natural_person",)
    assert "not checked" in ident[0].message
    # the outcomes and row totals do not need the missing row and are made
    assert all(c.ok for c in got if c.rule != "applications.identity")
    assert checks_mod.failures(got, "error") == []
    assert len(checks_mod.failures(got, "warning")) == 7
    assert checks_mod.failures(got, "never") == []


def test_cell_count_error_leaves_the_check_unmade():
    """A row that lost a cell is not placed; the checks needing it say so instead of failing."""
    text = INCONSISTENT_2019.read_text(encoding="utf-8").split("\n")
    assert text[172] == "2"  # line 173: 二、上年结转 自然人
    del text[172]
    r = zfxxgk.parse("\n".join(text))
    assert "carried_over" not in r.applications
    assert any(d.code == "cell-count" for d in r.diagnostics)
    ident = [c for c in r.checks if c.rule == "applications.identity"]
    assert ident and all(c.ok is None for c in ident)


def test_no_tables_no_checks():
    r = zfxxgk.parse_file(EXAMPLES / "seed_004_wenshan_gumu_2018_legacy.txt")
    assert r.checks == ()
    assert checks_mod.compute(attrs.evolve(r, meta=attrs.evolve(r.meta, template="2019"))) == ()


def test_decimal_values_are_checked_exactly():
    rows = {"licensing": {"previous_year": Cell(1, "1"), "change": Cell(zfxxgk.model.Decimal("0.5"), "0.5"),
                          "decisions": Cell(zfxxgk.model.Decimal("1.50"), "1.50")}}
    report = Report(Meta(None, None, None, None, "2019", "simplified"), active_disclosure={"item_5": rows})
    (c,) = checks_mod.compute(report)
    assert c.ok is True and c.expected == c.found
    assert_round_trip(attrs.evolve(report, checks=(c,)))


def test_check_round_trip_with_none_and_decimal():
    c = Check("applications.identity", "total", "warning", None, None, None, ("applications/x/total",), "m",
              ("applications/x/total",), 3)
    report = Report(Meta(None, None, None, None, "2019", "simplified"), checks=(c,))
    assert_round_trip(report)


# ---- the command -------------------------------------------------------------------------------------


def test_cli_check_fails_with_the_numbers(capsys):
    assert main(["check", str(INCONSISTENT_2019)]) == 1
    out = capsys.readouterr().out
    head, *lines = out.splitlines()
    assert "FAIL" in head and "3 failed" in head
    ident = next(line for line in lines if "applications.identity [natural_person]" in line)
    assert "line 501" in ident and "= 23" in ident and "20 + 四 2 = 22" in ident
    assert any("review_litigation.group_total [review]" in line and "= 3, but 总计 2" in line for line in lines)
    assert any("[info] active_disclosure.year_change" in line for line in lines)


def test_cli_check_exit_codes(capsys, tmp_path):
    seeds = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    assert main(["check", *seeds]) == 0
    out = capsys.readouterr().out
    assert out.count("PASS") == 4 and "no tables to check" in out
    assert main(["check", "--fail-on", "never", str(INCONSISTENT_2019), str(INCONSISTENT_2021)]) == 0
    assert main(["check", "--fail-on", "warning", *seeds]) == 0
    # a check that cannot be made fails only with --fail-on warning
    lines = INCONSISTENT_2021.read_text(encoding="utf-8").split("\n")
    assert lines[253] == "2 |"  # line 254: （七）总计 商业企业; without it the row is not placed
    del lines[253]
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    # the outcomes failures need （七）总计: now unmade, not failed — but values printed in the table were
    # not placed (an error diagnostic), and that fails by default (issue 11: check exited 0 here)
    assert main(["check", str(cut)]) == 1
    out = capsys.readouterr().out
    assert "not checked" in out and "FAIL" in out.splitlines()[0]
    assert "1 parse error, 6 values not placed" in out and "'12'@258" in out
    assert main(["check", "--fail-on", "warning", str(cut)]) == 1
    assert main(["check", "--fail-on", "never", str(cut)]) == 0
    capsys.readouterr()
    nothing = tmp_path / "unreadable.txt"
    assert main(["check", str(nothing)]) == 2
    assert "cannot parse" in capsys.readouterr().err


def test_cli_check_json(capsys):
    assert main(["check", "--format", "json", str(INCONSISTENT_2021)]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    data = json.loads(line)
    assert data["failed"] is True
    bad = [(c["rule"], c["subject"], c["expected"], c["found"]) for c in data["checks"] if c["ok"] is False]
    assert bad == [("applications.outcomes", "natural_person", 10, 9), ("applications.outcomes", "total", 13, 12)]
