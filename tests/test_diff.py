"""zfxxgk diff: a known edit to a fixture shows as exactly that edit; snapshots against fresh parses."""

from __future__ import annotations

import json
import shutil

import pytest

import zfxxgk
from zfxxgk.cli import main
from zfxxgk.diff import diff, render, snapshot_diffs

from conftest import EXAMPLES, ROOT

SEED_002 = EXAMPLES / "seed_002_yiyang_ziyang_2020.txt"


def edited(tmp_path, src, line_no, old, new, name=None):
    """A copy of ``src`` with line ``line_no`` (1-based) changed from ``old`` to ``new`` (asserted)."""
    lines = src.read_text(encoding="utf-8").split("\n")
    assert lines[line_no - 1] == old, lines[line_no - 1]
    lines[line_no - 1] = new
    out = tmp_path / (name or src.name)
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def test_known_edit_prints_exactly_that_edit(tmp_path, capsys):
    # seed_002 line 112 is 第二十条第（五）项 行政许可 本年增/减, printed -9539 (19034 - 9539 = 9495)
    new = edited(tmp_path, SEED_002, 112, "-9539", "9539")
    assert main(["diff", str(SEED_002), str(new)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"--- {SEED_002}",
        f"+++ {new}",
        "~ item_5.licensing.change (第二十条第（五）项 · 行政许可 · 本年增/减): -9539 → 9539",
        # the edit also breaks the 2019 convention previous + change = decisions: 19034 + 9539 ≠ 9495
        "~ check active_disclosure.year_change[item_5/licensing]: holds (expected 9495, found 9495)"
        " → FAILS (expected 28573, found 9495)",
    ]


def test_identical_inputs_exit_0(capsys):
    assert main(["diff", str(SEED_002), str(SEED_002)]) == 0
    assert capsys.readouterr().out.startswith("no differences")
    assert main(["diff", "-q", str(SEED_002), str(SEED_002)]) == 0
    assert capsys.readouterr().out == ""


def test_json_from_parse_against_report_file(tmp_path, capsys):
    out = tmp_path / "old.json"
    assert main(["parse", str(SEED_002), "-o", str(out), "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["diff", str(out), str(SEED_002)]) == 0                    # the JSON is the same parse
    new = edited(tmp_path, SEED_002, 1, "益阳市资阳区人民政府2020年政府信息公开工作年度报告",
                 "益阳市资阳区人民政府2021年政府信息公开工作年度报告", name="year.txt")
    assert main(["diff", str(out), str(new)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "~ meta.title: 益阳市资阳区人民政府2020年政府信息公开工作年度报告 → 益阳市资阳区人民政府2021年政府信息公开工作年度报告" in lines


def test_cells_added_removed_diagnostics_and_lines(tmp_path):
    # drop line 224 (二、上年结转 自然人 "0"): the row has a cell too few → not placed, an error diagnostic
    lines = SEED_002.read_text(encoding="utf-8").split("\n")
    assert lines[223] == "0" and "上年结转" in lines[221]
    del lines[223]
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(lines), encoding="utf-8")
    changes = diff(SEED_002, cut)
    removed = [c for c in changes if c.kind == "removed" and c.what == "cell"]
    assert {c.path for c in removed} == {f"applications.carried_over.{col}" for col in
                                         ("natural_person", "commercial", "research", "public_interest",
                                          "legal_services", "other_org", "total")}
    assert removed[0].label == "二、上年结转政府信息公开申请数量 · 自然人" and removed[0].old == "0"
    added = [c for c in changes if c.kind == "added" and c.what == "diagnostic"]
    assert added and added[0].path.startswith("error ") and "not placed: '0'" in added[0].new
    moved = [c for c in changes if c.kind == "moved" and c.what == "cell"]
    assert moved and all(c.path.startswith(("applications.", "review_litigation.")) for c in moved)
    text = render(changes)
    assert sum(1 for line in text if line.startswith(">")) == 1          # moves counted on one line
    assert not [c for c in diff(SEED_002, cut, lines=False) if c.kind == "moved"]


def test_relayout_equal_when_lines_ignored():
    relayout = ROOT / "tests" / "fixtures" / "relayout_002_rows.txt"
    changes = diff(SEED_002, relayout, lines=False)
    assert not [c for c in changes if c.what == "cell"]                  # same values, other layout


def test_snapshots_clean_on_checkout(capsys):
    n = sum(1 for p in (ROOT / "snapshots").rglob("*.json") if p.name.startswith("test_snapshot["))
    assert n >= 18
    assert main(["diff", "--snapshots", str(ROOT)]) == 0
    assert f"{n} snapshots compared, 0 differ" in capsys.readouterr().err
    assert all(not d.differs for d in snapshot_diffs(ROOT))


@pytest.fixture
def repo_copy(tmp_path):
    """A repository in miniature: pyproject.toml, seed_002 and its committed snapshot."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "examples").mkdir()
    shutil.copy(SEED_002, tmp_path / "examples" / SEED_002.name)
    snaps = tmp_path / "snapshots" / "test_seeds"
    snaps.mkdir(parents=True)
    name = f"test_snapshot[{SEED_002.stem}].json"
    shutil.copy(ROOT / "snapshots" / "test_seeds" / name, snaps / name)
    return tmp_path


def test_snapshots_show_an_edit_to_a_fixture(repo_copy, capsys):
    assert main(["diff", "--snapshots", str(repo_copy)]) == 0
    capsys.readouterr()
    edited(repo_copy / "examples", repo_copy / "examples" / SEED_002.name, 112, "-9539", "9539")
    assert main(["diff", "--snapshots", str(repo_copy)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("seed_002_yiyang_ziyang_2020: 2 differences")
    assert lines[1] == "  ~ item_5.licensing.change (第二十条第（五）项 · 行政许可 · 本年增/减): -9539 → 9539"
    assert "1 snapshot compared, 1 differ" in err


def test_snapshot_without_fixture_differs(repo_copy, capsys):
    (repo_copy / "examples" / SEED_002.name).unlink()
    assert main(["diff", "--snapshots", str(repo_copy)]) == 1
    assert "no fixture found" in capsys.readouterr().out


def test_not_a_report_json(tmp_path, capsys):
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({"source": "a.txt", "error": "cannot read"}))
    assert main(["diff", str(bad), str(SEED_002)]) == 2
    assert "error record" in capsys.readouterr().err


def test_library_reports_and_dicts():
    r = zfxxgk.parse_file(SEED_002)
    assert diff(r, zfxxgk.to_dict(r)) == []


def test_jsonl_with_several_records_is_refused(tmp_path, capsys):
    out = tmp_path / "all.jsonl"
    assert main(["parse", str(EXAMPLES), "-o", str(out), "-q"]) == 0
    assert main(["diff", str(out), str(SEED_002)]) == 2
    assert "holds 5 records" in capsys.readouterr().err
