"""Glued cells: digit runs that lost their separators are split only where the template's arithmetic
leaves exactly one way; otherwise the raw runs are kept in an error and nothing is placed."""

import pytest

import zfxxgk
from zfxxgk.transformers.recovery import MAX_DIGITS, splits
from zfxxgk.spec import SPEC_2019

from conftest import EXAMPLES, FIXTURES
from relayout import values
from relayout_frontends import render_glued

APP = ((7, True),)
REVIEW = ((5, True),) * 3


def test_issue_examples():
    assert splits(["000"], ((3, False),)) == [(0, 0, 0)]
    assert len(splits(["8855698"], ((3, False),))) > 1  # no arithmetic for Article 20: ambiguous
    assert splits(["713000074"], APP) == [(71, 3, 0, 0, 0, 0, 74)]
    assert splits(["0" * 15], REVIEW) == [(0,) * 15]


def test_no_leading_zeros_and_bounds():
    assert splits(["0102"], ((2, False),)) == [(0, 102)]  # never "01": a lone 0, then 102
    assert splits(["1" * (MAX_DIGITS + 1)], APP) is None   # beyond the bounds: reported, not searched
    assert splits(["12", "3"], ((3, False),)) == [(1, 2, 3)]  # a separator between chunks is certain


HEAD = "三、收到和处理政府信息公开申请情况\n"


def test_glued_row_in_text_is_placed_with_a_warning():
    text = HEAD + "一、本年新收政府信息公开申请数量 713000074\n"
    r = zfxxgk.parse(text, template="2019")
    row = r.applications["new_received"]
    assert [row[c].value for c in ("natural_person", "commercial", "total")] == [71, 3, 74]
    d = [d for d in r.diagnostics if d.code == "glued-cells"]
    assert len(d) == 1 and d[0].severity == "warning" and "71 3 0 0 0 0 74" in d[0].message


def test_labels_glued_to_runs_are_cut_off():
    text = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年新制作数量\n本年新公开数量\n对外公开总数量\n" \
           "规章000规范性文件8855698\n五、存在的主要问题及改进情况\n无。\n"
    r = zfxxgk.parse(text, template="2019")
    assert [c.value for c in r.active_disclosure["item_1"]["rules"].values()] == [0, 0, 0]
    assert "normative_documents" not in r.active_disclosure["item_1"]
    err = [d for d in r.diagnostics if d.code == "glued-cells" and d.severity == "error"]
    assert len(err) == 1 and [c.raw for c in err[0].cells] == ["8855698"] and err[0].cells[0].value is None


def test_identity_across_rows_decides_an_ambiguous_row():
    # alone, "110000011" is 11 0 0 0 0 0 11 or 1 10 0 0 0 0 11 (both keep the row total);
    # 勾稽 (new_received + carried_over = total_processed + carried_forward, per column) decides
    assert sorted(splits(["110000011"], APP)) == [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]
    rows = [("一、本年新收政府信息公开申请数量", "11 0 0 0 0 0 11"), ("二、上年结转政府信息公开申请数量", "0 0 0 0 0 0 0"),
            ("（一）予以公开", "0 0 0 0 0 0 0"), ("（七）总计", "0 0 0 0 0 0 0"), ("四、结转下年度继续办理", "110000011")]
    r = zfxxgk.parse(HEAD + "".join(f"{k} {v}\n" for k, v in rows), template="2019")
    assert [c.value for c in r.applications["carried_forward"].values()] == [11, 0, 0, 0, 0, 0, 11]
    assert [d.severity for d in r.diagnostics if d.code == "glued-cells"] == ["warning"]
    # without the other rows of the identity the row stays ambiguous: reported, not placed
    r = zfxxgk.parse(HEAD + "四、结转下年度继续办理 110000011\n", template="2019")
    assert "carried_forward" not in r.applications
    assert [d.severity for d in r.diagnostics if d.code == "glued-cells"] == ["error"]


def test_ambiguous_or_impossible_rows_keep_the_raw_run():
    r = zfxxgk.parse(HEAD + "一、本年新收政府信息公开申请数量 123456789\n", template="2019")
    assert "new_received" not in r.applications
    err = [d for d in r.diagnostics if d.code == "glued-cells"]
    assert err and err[0].severity == "error" and err[0].cells[0].raw == "123456789"


def test_a_row_cut_short_is_not_taken_for_a_glued_one():
    text = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容\n上一年项目数量\n本年增/减\n处理决定数量\n行政许可\n123\n"
    r = zfxxgk.parse(text, template="2019")
    assert "glued-cells" not in [d.code for d in r.diagnostics]
    assert "licensing" not in r.active_disclosure.get("item_5", {})


@pytest.mark.parametrize("seed", ["002", "003"])
def test_glued_fixture_places_only_what_it_can_prove(seed):
    source = zfxxgk.parse_file(next(EXAMPLES.glob(f"seed_{seed}_*.txt")))
    r = zfxxgk.parse_file(FIXTURES / f"glued_{seed}.txt")
    got, want = values(r), values(source)
    assert all(want[k] == v for k, v in got.items())  # nothing misplaced
    missing = {k[:3] for k in want if k not in got}
    unsolved = [d for d in r.diagnostics if d.code == "glued-cells" and d.severity == "error"]
    assert len(missing) == len(unsolved)  # every row not placed is an unsolved run, reported
    if seed == "003":
        assert got == want


def test_render_glued_matches_fixture():
    source = zfxxgk.parse_file(next(EXAMPLES.glob("seed_002_*.txt")))
    assert render_glued(source, SPEC_2019) == (FIXTURES / "glued_002.txt").read_text(encoding="utf-8")


def test_outcome_sum_decides_an_ambiguous_outcome_row():
    # alone, "000330033" is 0 0 0 33 0 0 33 or 0 0 0 3 30 0 33; the outcome sum (TEMPLATES.md §6.2:
    # （七）总计 = the sum of the outcome rows, per column) decides, as in a glued scorer report
    outcome_rows = [r for r in SPEC_2019.applications.rows if r.key is not None and r.key not in
                    ("new_received", "carried_over", "total_processed", "carried_forward")]
    lines = [f"{r.label} 0 0 0 0 0 0 0" for r in outcome_rows if r.key != "granted"]
    lines.append("（一）予以公开 000330033")
    lines.append("（七）总计 0 0 0 33 0 0 33")
    r = zfxxgk.parse(HEAD + "\n".join(lines) + "\n", template="2019")
    assert [c.value for c in r.applications["granted"].values()] == [0, 0, 0, 33, 0, 0, 33]
    assert [d.severity for d in r.diagnostics if d.code == "glued-cells"] == ["warning"]
    # one outcome row missing: the identity is not used, the row stays ambiguous (error, raw run kept)
    r = zfxxgk.parse(HEAD + "\n".join(lines[1:]) + "\n", template="2019")
    assert "granted" not in r.applications
    err = [d for d in r.diagnostics if d.code == "glued-cells"]
    assert [d.severity for d in err] == ["error"] and err[0].cells[0].raw == "000330033"


def test_split_search_is_polynomial():
    # the states merge: a 34-digit row of 三 (five-digit cells) is decided in a few thousand steps
    from zfxxgk.transformers.recovery import Budget
    budget = Budget(10**9)
    assert splits(["1692325281319552560323956491115605"], APP, budget=budget) == \
        [(16923, 25281, 31955, 2560, 32395, 6491, 115605)]
    assert 10**9 - budget.left < 10_000
    budget = Budget(10**9)
    row = (1201, 2210, 999, 2875, 7285) * 3
    assert splits(["".join(map(str, row))], REVIEW, budget=budget) == [row]
    assert 10**9 - budget.left < 10_000
