"""PDF-extracted text (issue 9, shapes 3–5): the seeds re-rendered by ``tests/shredded.py``, a real
published PDF through ``pdftotext`` (both modes), and generated tables with distinct numbers in every
shape — every placed value sits under the seed's (or generator's) key; none under a wrong one."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zfxxgk
from zfxxgk.model import Report
from zfxxgk.spec import SPEC_2019, SPEC_2021

from conftest import EXAMPLES, FIXTURES
from shredded import SHAPES, consistent_tables, render, to_report

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
SHREDDED = sorted(FIXTURES.glob("shredded_*"))


def cells(report: Report) -> dict:
    return {tuple(k): (c.value, c.raw) for *k, c in report.cells()}


def test_columns_shape_reads_blocks_column_by_column():
    """The ``columns`` fixtures print blocks of rows column by column: they are read so, and the
    placed-by-order warning names the rows read that way."""
    for path in sorted(FIXTURES.glob("shredded_*_columns.txt")):
        r = zfxxgk.parse_file(path)
        assert any(d.code == "placed-by-order" and "column by column" in d.message for d in r.diagnostics), path.name


def test_every_shape_of_every_seed_is_committed():
    names = {p.name for p in SHREDDED}
    for seed in ("000", "001", "002", "003"):
        for shape in SHAPES:
            assert f"shredded_{seed}_{shape}.{'md' if shape == 'md' else 'txt'}" in names


@pytest.mark.parametrize("path", SHREDDED, ids=lambda p: p.stem)
def test_shredded_fixture_gives_the_seeds_values(path):
    seed = next(EXAMPLES.glob(f"seed_{path.stem.split('_')[1]}_*.txt"))
    want = cells(zfxxgk.parse_file(seed))
    got = cells(zfxxgk.parse_file(path))
    wrong = {k: (v, want.get(k)) for k, v in got.items() if want.get(k) != v}
    assert wrong == {}
    assert len(got) == len(want)  # every value placed (198, or 200 in the 2021 seed)


def test_fixtures_are_what_the_script_writes(tmp_path):
    from shredded import write_fixtures

    for p in write_fixtures(tmp_path):
        assert p.read_text(encoding="utf-8") == (FIXTURES / p.name).read_text(encoding="utf-8"), p.name


# ---- a real published PDF (2021 form), values read off the rendered pages ---------------------------

HONGZE = {  # 淮安市洪泽区人民政府 2024: section 三, natural_person and total (every other column is 0)
    "new_received": 95, "carried_over": 0, "granted": 50, "partially_granted": 9,
    "denied.state_secret": 0, "denied.prohibited_by_law": 0, "denied.security_stability": 1,
    "denied.third_party_rights": 0, "denied.internal_affairs": 0, "denied.process_information": 1,
    "denied.enforcement_files": 1, "denied.administrative_query": 0, "unavailable.not_held": 31,
    "unavailable.needs_creation": 1, "unavailable.unclear": 0, "not_processed.complaint": 1,
    "not_processed.repeated": 0, "not_processed.publication": 0, "not_processed.excessive": 0,
    "not_processed.confirmation": 0, "other_handling": 0, "total_processed": 95, "carried_forward": 0,
}
HONGZE_REVIEW = [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
HONGZE_ACTIVE = {("item_1", "rules"): [0, 0, 0], ("item_1", "normative_documents"): [3, 0, 8],
                 ("item_5", "licensing"): [9487], ("item_6", "penalty"): [2776], ("item_6", "coercion"): [84],
                 ("item_8", "fees"): [7545]}


def _check_hongze(r: Report) -> int:
    n = 0
    for key, cols in r.applications.items():
        want = HONGZE[key]
        assert [c.value for c in cols.values()] == [want, 0, 0, 0, 0, 0, want], key
        n += len(cols)
    if r.review_litigation:
        assert [c.value for g in r.review_litigation.values() for c in g.values()] == HONGZE_REVIEW
        n += 15
    for (item, row), values in HONGZE_ACTIVE.items():
        if row in r.active_disclosure.get(item, {}):
            assert [c.value for c in r.active_disclosure[item][row].values()] == values
            n += len(values)
    return n


def test_real_pdf_through_pdftotext_layout():
    """``pdftotext -layout``: the report prints （六）其他处理 as one row although it uses the 2021
    form (three sub-rows): placed under other_handling, with a warning; the label
    2.其他法律行政止公开 is damaged in the PDF itself — its row is placed by order, confirmed by the
    arithmetic."""
    r = zfxxgk.parse_file(FIXTURES / "pdftotext_hongze_2024_layout.txt")
    assert _check_hongze(r) == 23 * 7 + 15 + 10
    assert "denied.prohibited_by_law" in r.applications
    assert any(d.code == "placed-by-order" and "2.其他法律" in d.message for d in r.diagnostics)
    assert any(d.code == "other-handling-one-row" for d in r.diagnostics)
    assert [d for d in r.diagnostics if d.severity == "error"] == []


def test_a_lost_value_row_leaves_only_its_neighbourhood_unplaced():
    """pdftotext: the seven values of （一）予以公开 lost.  The labels and values around the gap could pair
    either way, so those rows stay in a row-order error; further on, where each label sits beside its
    values in an undisturbed context, the table is placed by label again — every value as the seed's."""
    path = FIXTURES / "shredded_002_text.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("（一）予以公开")
    assert [x for x in lines[at + 1 : at + 15] if x] == ["0"] * 7 and lines[at + 16].startswith("（二）")
    del lines[at + 2 : at + 16]
    r = zfxxgk.parse("\n".join(lines))
    seed = cells(zfxxgk.parse_file(next(EXAMPLES.glob("seed_002_*.txt"))))
    got = cells(r)
    assert {k: v for k, v in got.items() if seed.get(k) != v} == {}
    placed = {k[2] for k in got if k[0] == "applications"}
    rows = [row.key for row in SPEC_2019.applications.rows if row.key is not None]
    assert placed == set(rows[rows.index("denied.state_secret"):])
    (err,) = [d for d in r.diagnostics if d.severity == "error"]
    assert err.code == "row-order" and len(err.cells) == 3 * 7


def test_forced_pairs_only_where_one_reading_is_left():
    """A run of labels (L) and value rows (V) printed apart: pairs are taken only where every reading
    with the fewest lost labels/values pairs them, and only when at most one is lost."""
    from zfxxgk.transformers.sequence import _forced_pairs

    def pairs(kinds: str):
        return _forced_pairs(list(kinds))

    assert pairs("LVLVLV") == [(0, 1), (2, 3), (4, 5)]  # labels before their values
    assert pairs("VLLVVL") == [(0, 1), (2, 3), (4, 5)]  # before or after, each beside its own
    assert pairs("LVLVL") == []  # the first or the last label lost its values: every pair in doubt
    assert pairs("LVLLV") == [] and pairs("LLVV") == []  # two labels together: order (and arithmetic) decides
    assert pairs("LVLVVLVLV") == [(0, 1)]  # a value row without its label: only before it is sure
    assert pairs("LVLLLV") == []  # two labels without values: a damaged context proves nothing


def test_clean_tables_planned_as_the_two_steps_plan_them(monkeypatch):
    """plan()'s shortcut for a clean block (each label with its one value row) decides what
    _items and the two steps decide, on every example and text fixture — and is taken on them."""
    from zfxxgk.transformers import national, sequence

    clean, plan, taken = sequence._clean, sequence.plan, []

    def both(entries, spec, row_ok=None):
        def state(p):
            return ([(e.owned and [id(c) for c in e.owned], e.accounted, e.position) for e in entries],
                    [(id(label), [id(c) for c in cells]) for label, cells in p.owned], p.stretches, p.strays)

        monkeypatch.setattr(sequence, "_clean", lambda *_: False)
        general = state(plan(entries, spec, row_ok))
        monkeypatch.setattr(sequence, "_clean", clean)
        fast = plan(entries, spec, row_ok)
        taken.append(all(clean(e, spec, len(spec.columns)) for e in entries))
        assert state(fast) == general, spec.key
        return fast

    monkeypatch.setattr(national, "plan", both)
    for path in [*EXAMPLES.glob("*.txt"), *FIXTURES.glob("*.txt"), *FIXTURES.glob("*.md")]:
        data = path.read_bytes()
        zfxxgk.parse(data)
        for k in (7, 11, 29):  # a line lost here and there: labels without values, short rows, strays
            zfxxgk.parse(b"\n".join(line for n, line in enumerate(data.split(b"\n")) if n % k != 3))
    assert any(taken) and not all(taken)


def test_layout_header_lines_split_into_header_cells():
    """``信息内容   本年制发件数   本年废止件数 …`` (pdftotext -layout): split into header cells when every
    part is a header of that table — no missing-header warning then; a line with any other part stays
    one piece of text."""
    path = FIXTURES / "pdftotext_hongze_2024_layout.txt"
    r = zfxxgk.parse_file(path)
    missing = [d.message for d in r.diagnostics if d.code == "missing-header"]
    assert not any(m.startswith("第二十条") for m in missing)
    assert not any(w in m for m in missing for w in ("行政复议、", "复议后起诉"))  # 四's spaced group headers
    for p in sorted(FIXTURES.glob("shredded_*_layout.txt")):
        assert not any(d.code == "missing-header" and d.message.startswith("第二十条")
                       for d in zfxxgk.parse_file(p).diagnostics), p.name
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "本年制发件数" in x)
    r = zfxxgk.parse(text.replace(line, line + "   备注"))
    (item1,) = [d.message for d in r.diagnostics if d.code == "missing-header" and "第二十条第（一）项" in d.message]
    assert "本年制发件数" in item1
    assert [c.value for c in r.active_disclosure["item_1"]["normative_documents"].values()] == [3, 0, 8]


def test_one_row_other_handling_only_without_its_sub_rows():
    """（六）其他处理 printed as one row is placed under other_handling only when none of the 2021
    sub-rows is printed: with a sub-row as well, its values stay an error (values-on-group-label)."""
    text = (FIXTURES / "pdftotext_hongze_2024_layout.txt").read_text(encoding="utf-8")
    six = next(line for line in text.splitlines() if "（六）其他处理" in line)
    both = text.replace(six, six + "\n     3.其他" + " " * 30 + "0    0   0   0    0    0   0")
    r = zfxxgk.parse(both, template="2021")
    assert "other_handling" not in r.applications and "other_handling.other" in r.applications
    (err,) = [d for d in r.diagnostics if d.severity == "error"]
    assert err.code == "values-on-group-label" and [c.raw for c in err.cells] == ["0"] * 7
    assert not any(d.code == "other-handling-one-row" for d in r.diagnostics)
    # a 2021 table cut short after the first seven values under （六）, its sub-rows' labels printed
    # after their values (pdftotext): not the one-row form — nothing confirms it
    lines = (FIXTURES / "shredded_001_text.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("（六）其他处理")
    assert [x for x in lines[at + 1 : at + 16] if x] == ["0"] * 7 and lines[at + 44].startswith("1.申请人")
    r = zfxxgk.parse("\n".join(lines[: at + 16]))
    assert "other_handling" not in r.applications
    assert not any(d.code == "other-handling-one-row" for d in r.diagnostics)
    # one row of seven in a 2021 table with other numbers: the outcome sum uses it
    changed = text.replace(six, six.replace("0    0   0   0    0    0   0", "2    0   0   0    0    0   2"))
    changed = changed.replace("（七）总计                             95   0   0   0    0    0   95",
                              "（七）总计                             97   0   0   0    0    0   97")
    r = zfxxgk.parse(changed, template="2021")
    assert [c.value for c in r.applications["other_handling"].values()] == [2, 0, 0, 0, 0, 0, 2]
    assert r.applications["total_processed"]["total"].value == 97
    outcomes = {c.subject: c for c in r.checks if c.rule == "applications.outcomes"}
    assert outcomes["natural_person"].ok is True and outcomes["natural_person"].expected == 97


def test_real_pdf_through_pdftotext_default():
    """``pdftotext``: 四's numbers with header words between them are placed (the group totals
    confirm row order); 三 prints its rows partly one cell per line and partly in blocks column by
    column (9, 5 and 2 rows), its labels displaced after the blocks, and （六）其他处理 as one row
    without its sub-rows: the whole table is placed by the template's order, each block read column
    by column (the row totals confirm it and not row by row), the one-row （六） chosen because only
    it accounts for the 23 value rows; the arithmetic holds."""
    r = zfxxgk.parse_file(Path(__file__).parent / "real" / "pdftotext_hongze_2024_text.txt")
    assert _check_hongze(r) == 23 * 7 + 15 + 10
    assert any(d.code == "reading-order" and d.severity == "warning" for d in r.diagnostics)
    (order,) = [d for d in r.diagnostics if d.code == "placed-by-order" and d.message.startswith("三")]
    assert "printed column by column" in order.message and "1.属于国家秘密" in order.message.split(";")[1]
    assert any(d.code == "other-handling-one-row" for d in r.diagnostics)
    assert [d for d in r.diagnostics if d.severity == "error"] == []
    assert all(c.ok for c in r.checks)


# ---- generated tables with distinct numbers, in every shape ---------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), consistent_tables(t))),
       st.sampled_from(SHAPES), st.integers(0, 10**6))
def test_generated_tables_in_shredded_shapes_never_misplace(template_tables, shape, seed):
    template, tables = template_tables
    source = to_report(template, *tables)
    text = render(source, SPECS[template], shape, seed=seed)
    got = zfxxgk.parse(text, template=template)
    want = {tuple(k): c.value for *k, c in source.cells()}
    placed = {tuple(k): c.value for *k, c in got.cells()}
    assert {k: v for k, v in placed.items() if want.get(k, object()) != v} == {}


def test_markdown_header_line_lost_keeps_every_value_of_four():
    # found by the cut/delete property (shape md, seed 40403, line 98 deleted): with the first row of
    # 四's broken header lost, `审结 |  |` left an empty header slot beside a header cell, and two equal
    # values under it were taken for one merged cell — one printed 0 was in no diagnostic
    spec = SPEC_2019
    zero = ("0", 0, None)
    act = {t.key: {r.key: {c.key: zero for c in t.columns} for r in t.rows} for t in spec.active_disclosure}
    apps = {r.key: {c.key: zero for c in spec.applications.columns} for r in spec.applications.rows if r.key}
    rev = {g.key: {c.key: zero for c in spec.review_litigation.columns} for g in spec.review_litigation.groups}
    lines = render(to_report("2019", act, apps, rev), spec, "md", seed=40403).split("\n")
    assert lines[97].startswith("| 结果 |") and lines[98].startswith("| 维持 | 纠正 | 结果 | 审结 |  |")
    del lines[97]
    report = zfxxgk.parse("\n".join(lines), template="2019")
    values_line = next(i for i, line in enumerate(lines, 1) if line.startswith("| 0 | 0 |") and line.count("|") == 16)
    kept = [c for d in report.diagnostics for c in d.cells if c.line == values_line]
    placed = [c for g in report.review_litigation.values() for c in g.values()]
    assert len(kept) + len(placed) == 15


def test_header_printed_after_the_label_in_article_20_places_nothing_by_position():
    # found by benchmarks/score_shapes.py (F3): real pdftotext prints 本年增/减 after the row label, and the
    # values in its own order (-748 is the change, 2635 the previous year's count, as the table printed them);
    # placed by position they were swapped.  二 has no arithmetic to tell; only what each column can hold
    # can (a count is never negative: tests/test_placed_by_type.py) — and where it cannot, an error keeps both.
    text = ("某镇2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（八）项\n信息内容\n\n上一年项目数量\n\n"
            "行政事业性收费\n\n本年增/减\n-748\n\n2635\n\n第二十条第（九）项\n")
    fees = zfxxgk.parse(text, template="2019").active_disclosure["item_8"]["fees"]
    assert (fees["previous_year"].raw, fees["change"].raw) == ("2635", "-748")  # not by position
    report = zfxxgk.parse(text.replace("-748", "748"), template="2019")
    assert "item_8" not in report.active_disclosure or not report.active_disclosure["item_8"].get("fees")
    kept = {c.raw for d in report.diagnostics if d.severity == "error" for c in d.cells}
    assert {"748", "2635"} <= kept


def test_a_2021_table_cut_after_six_never_takes_the_one_row_form():
    # found by test_cut_at_any_line (shredded_001_text.txt cut after 445 lines): （六）其他处理 and 21 zeros, its
    # three sub-row labels (printed after the values) cut off — the zeros made the outcome sum hold, and
    # they were placed under other_handling, a key the whole report does not have
    lines = (FIXTURES / "shredded_001_text.txt").read_text(encoding="utf-8").split("\n")
    assert lines[402] == "（六）其他处理" and "other_handling" not in zfxxgk.parse("\n".join(lines)).applications
    for k in range(403, 470):
        assert "other_handling" not in zfxxgk.parse("\n".join(lines[:k])).applications, k
