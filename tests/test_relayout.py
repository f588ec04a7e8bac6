"""The same report laid out differently gives the same values (TEMPLATES.md §7 layouts, scripts)."""

import pytest

import zfxxgk
from zfxxgk.spec import SPEC_2019, SPEC_2021

from conftest import EXAMPLES
from relayout import render, values

NATIONAL = sorted(p for p in EXAMPLES.glob("seed_*.txt") if "legacy" not in p.name)
SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}


@pytest.mark.parametrize("traditional", [False, True], ids=["simplified", "traditional"])
@pytest.mark.parametrize("layout", ["cells", "pipes", "spans", "rows"])
@pytest.mark.parametrize("path", NATIONAL, ids=lambda p: p.stem[:8])
def test_layout_and_script_do_not_change_values(path, layout, traditional):
    source = zfxxgk.parse_file(path)
    text = render(source, SPECS[source.meta.template], layout, traditional=traditional)
    again = zfxxgk.parse(text)
    assert again.meta.template == source.meta.template
    assert again.meta.script == ("traditional" if traditional else "simplified")
    assert values(again) == values(source)
    assert len(values(source)) > 150
    assert [d for d in again.diagnostics if d.severity == "error"] == []
    if not traditional:  # printed text is kept exactly
        assert {tuple(k): c for *k, c in again.cells()} == {tuple(k): c for *k, c in source.cells()}


def test_one_row_per_line_positions():
    source = zfxxgk.parse_file(EXAMPLES / "seed_002_yiyang_ziyang_2020.txt")
    text = render(source, SPEC_2019, "rows")
    again = zfxxgk.parse(text)
    lic = again.active_disclosure["item_5"]["licensing"]
    line = text.splitlines()[lic["change"].line - 1]
    assert line == "行政许可 | 19034 | -9539 | 9495"
    assert lic["previous_year"].line == lic["change"].line == lic["decisions"].line


def test_tabs_and_spaces_separate_cells_too():
    text = ("三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量\t71\t3\t0\t0\t0\t0\t74\n"
            "二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2\n")
    r = zfxxgk.parse(text, template="2019")
    assert [c.value for c in r.applications["new_received"].values()] == [71, 3, 0, 0, 0, 0, 74]
    assert [c.value for c in r.applications["carried_over"].values()] == [2, 0, 0, 0, 0, 0, 2]
