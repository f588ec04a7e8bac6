"""Cross-year checks on fixtures derived from seed_002 by tests/crossyear_fixtures.py (year N, and
an N+1 copy with a consistent and an inconsistent carry-over)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.cli import main
from zfxxgk.crossyear import cross_year, organ_key

import crossyear_fixtures

FOLDER = Path(__file__).resolve().parent / "fixtures_crossyear"
N = FOLDER / "ziyang_2020.txt"
GOOD = FOLDER / "ziyang_2021_consistent.txt"
BAD = FOLDER / "ziyang_2021_inconsistent.txt"


@pytest.fixture(scope="module")
def parsed():
    return {p: zfxxgk.parse_file(p) for p in (N, GOOD, BAD)}


def test_fixtures_are_what_the_script_writes():
    for name, text in crossyear_fixtures.derive().items():
        assert (FOLDER / name).read_text(encoding="utf-8") == text, f"run python tests/crossyear_fixtures.py ({name})"


def test_each_fixture_agrees_with_itself(parsed):
    for path, r in parsed.items():
        assert all(c.ok for c in r.checks), path
        assert not [d for d in r.diagnostics if d.severity == "error"], path
    n, good, bad = parsed[N], parsed[GOOD], parsed[BAD]
    assert (n.meta.year, good.meta.year, bad.meta.year) == (2020, 2021, 2021)
    assert organ_key(n.meta.organ) == organ_key(good.meta.organ) == "益阳市资阳区"
    # the numbers as the script printed them (lines from the seed's one-cell-per-line layout)
    assert n.applications["carried_forward"]["natural_person"].value == 2
    assert n.applications["carried_forward"]["commercial"].value == 1
    assert good.applications["carried_over"]["natural_person"].value == 2
    assert bad.applications["carried_over"]["natural_person"].value == 3
    assert bad.applications["carried_over"]["commercial"].value == 0
    assert bad.applications["carried_over"]["total"].value == 3 == n.applications["carried_forward"]["total"].value


def test_consistent_pair_passes(parsed):
    found = cross_year([(str(N), parsed[N]), (str(GOOD), parsed[GOOD])])
    assert found and all(f.ok for f in found)
    assert {f.subject for f in found if f.rule == "cross_year.carry_over"} == {
        "natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"}
    assert {f.subject for f in found if f.rule == "cross_year.previous_year"} == {
        "item_5/licensing", "item_5/other_services", "item_6/penalty", "item_6/coercion"}


def test_inconsistent_pair_reports_exactly_the_broken_columns(parsed):
    found = cross_year([(str(N), parsed[N]), (str(BAD), parsed[BAD])])
    broken = [(f.rule, f.subject, f.severity, f.expected, f.found) for f in found if f.ok is False]
    assert broken == [
        ("cross_year.carry_over", "natural_person", "error", 2, 3),
        ("cross_year.carry_over", "commercial", "error", 1, 0),
        ("cross_year.previous_year", "item_6/coercion", "info", 257, 250),
    ]
    f = next(f for f in found if f.ok is False)
    assert f.sources == (str(N), str(BAD))
    assert f.cells == ("applications/carried_forward/natural_person", "applications/carried_over/natural_person")
    assert f.lines == (568, 224)
    assert str(N) in f.message and str(BAD) in f.message


def test_years_not_consecutive_or_other_organ_not_compared(parsed):
    import attrs

    later = attrs.evolve(parsed[BAD], meta=attrs.evolve(parsed[BAD].meta, year=2022))
    other = attrs.evolve(parsed[BAD], meta=attrs.evolve(parsed[BAD].meta, organ="益阳市赫山区人民政府"))
    assert cross_year([parsed[N], later]) == [] and cross_year([parsed[N], other]) == []
    assert zfxxgk.cross_year is cross_year


def test_a_cell_not_placed_is_not_guessed(parsed):
    import attrs

    apps = {k: v for k, v in parsed[GOOD].applications.items() if k != "carried_over"}
    cut = attrs.evolve(parsed[GOOD], applications=apps)
    found = [f for f in cross_year([parsed[N], cut]) if f.rule == "cross_year.carry_over"]
    assert all(f.ok is None and f.severity == "warning" and f.missing for f in found)


def test_organ_key():
    assert organ_key("德兴市新岗山镇人民政府") == organ_key("德兴市 新岗山镇") == "德兴市新岗山镇"
    assert organ_key("益阳市人民政府办公室") == "益阳市人民政府办公室"
    assert organ_key(None) is None


def test_cli_check_over_several_reports(capsys):
    assert main(["check", str(N), str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert "cross-year: 1 pair of consecutive years, 11 comparisons, 0 not equal or not made" in out
    assert main(["check", str(FOLDER)]) == 1                       # a directory: all three
    out = capsys.readouterr().out
    assert out.count(": PASS") == 3 and "— FAIL" in out
    lines = [line.strip() for line in out.splitlines() if line.strip().startswith("✗")]
    assert [line.split(":")[0] for line in lines] == [
        "✗ cross_year.carry_over [natural_person]", "✗ cross_year.carry_over [commercial]",
        "✗ [info] cross_year.previous_year [item_6/coercion]"]
    assert main(["check", "--no-cross-year", str(FOLDER)]) == 0
    capsys.readouterr()
    assert main(["check", "--format", "json", str(N), str(BAD)]) == 1
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    bad = [r["cross_year"] for r in rows if "cross_year" in r and r["cross_year"]["ok"] is False]
    assert [(b["subject"], b["expected"], b["found"]) for b in bad] == [
        ("natural_person", 2, 3), ("commercial", 1, 0), ("item_6/coercion", 257, 250)]
