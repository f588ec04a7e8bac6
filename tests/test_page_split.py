"""四 cut by a page break, its last cells read after the page's other text (``pdftotext``, default
mode): the two parts are joined only when the template's arithmetic confirms the join, else both
stay in errors.  Fixtures: the real pdftotext on generated reports, ``pdftotext_generated_2019``
(``tests/make_pdftotext.py``) and ``pdftotext_split_2021`` (``tests/page_split.py``)."""

import pytest

import zfxxgk
from zfxxgk.errors import ReportSyntaxError

from conftest import FIXTURES

GROUPS = ("review", "litigation_direct", "litigation_after_review")
COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# 四's fifteen values as the files print them, read off the text: (line, value) in printed order —
# nine after 四's header, six after 六、其他需要报告的事项, the signature and the page number -2-
PRINTED = {
    "2019": [(553, 2784), (555, 1619), (557, 2462), (559, 2700), (561, 9565), (581, 1802), (583, 69), (585, 959),
             (587, 1785), (599, 4615), (601, 808), (603, 2694), (605, 1374), (607, 346), (609, 5222)],
    "2021": [(547, 1178), (549, 1497), (551, 2661), (553, 1872), (555, 7208), (575, 36), (577, 399), (579, 1665),
             (581, 804), (593, 2904), (595, 271), (597, 289), (599, 1425), (601, 1863), (603, 3848)],
}


NAMES = {"2019": "pdftotext_generated_2019", "2021": "pdftotext_split_2021"}


def lines(template: str) -> list[str]:
    return (FIXTURES / f"{NAMES[template]}.txt").read_text(encoding="utf-8").split("\n")


def edited(template: str, **at_line: str | None) -> str:
    """The fixture's text with lines replaced (``None``: removed), keyed ``l593="2905"``."""
    out = lines(template)
    for key, text in sorted(at_line.items(), key=lambda kv: -int(kv[0][1:])):
        n = int(key[1:]) - 1
        out[n:n + 1] = [] if text is None else text.split("\n")
    return "\n".join(out)


def review_errors(r):
    return sorted((d.code, d.line) for d in r.diagnostics if d.severity == "error"
                  and d.code in ("cell-count", "stray-value"))


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_the_printed_values_are_four_in_row_order(template):
    """The files hold what the tests say: each value on its line, and the groups add up."""
    text = lines(template)
    values = [v for _, v in PRINTED[template]]
    assert [text[n - 1].strip() for n, _ in PRINTED[template]] == [str(v) for v in values]
    for g in range(3):
        assert sum(values[5 * g: 5 * g + 4]) == values[5 * g + 4]
    assert text.index("六、其他需要报告的事项") + 1 < PRINTED[template][9][0]
    assert "-2-" in text[PRINTED[template][8][0]: PRINTED[template][9][0]]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_four_split_by_a_page_break_is_placed(template):
    r = zfxxgk.parse_file(FIXTURES / f"{NAMES[template]}.txt")
    placed = [(r.review_litigation[g][c].line, r.review_litigation[g][c].value) for g in GROUPS for c in COLUMNS]
    assert placed == PRINTED[template]
    assert review_errors(r) == []
    (note,) = [d for d in r.diagnostics if d.code == "review-split"]
    head, tail = PRINTED[template][0][0], PRINTED[template][9][0]
    assert note.severity == "warning" and note.line == head
    assert f"lines {head}–{PRINTED[template][8][0]}" in note.message
    assert f"lines {tail}–{PRINTED[template][14][0]}" in note.message
    assert all(c.ok for c in r.checks if c.rule == "review_litigation.group_total")
    (six,) = [s for s in r.sections if s.title == "其他需要报告的事项"]
    assert six.paragraphs[0] == "无。" and not any(p.strip().isdigit() for p in six.paragraphs)  # placed, not prose


def test_strict_parsing_does_not_raise_on_the_joined_table():
    r = zfxxgk.parse((FIXTURES / "pdftotext_split_2021.txt").read_text(encoding="utf-8"), strict=True)
    assert r.review_litigation["litigation_after_review"]["total"].value == 3848


def _not_joined(text: str, head_line: int, tail_line: int):
    r = zfxxgk.parse(text)
    assert r.review_litigation == {}
    assert ("cell-count", head_line) in review_errors(r)
    assert ("stray-value", tail_line) in review_errors(r)
    assert not [d for d in r.diagnostics if d.code == "review-split"]
    return r


def test_a_group_total_that_does_not_hold_keeps_both_errors():
    """3848 → 3849: 271+289+1425+1863 ≠ 3849, so nothing confirms the join."""
    r = _not_joined(edited("2021", l603="3849"), 547, 593)
    (count,) = [d for d in r.diagnostics if d.code == "cell-count"]
    assert [c.raw for c in count.cells] == ["1178", "1497", "2661", "1872", "7208", "36", "399", "1665", "804"]
    (stray,) = [d for d in r.diagnostics if d.code == "stray-value"]
    assert [c.raw for c in stray.cells] == ["2904", "271", "289", "1425", "1863", "3849"]


def test_strict_parsing_raises_at_four_when_the_join_fails():
    with pytest.raises(ReportSyntaxError) as exc:
        zfxxgk.parse(edited("2021", l603="3849"), strict=True)
    assert exc.value.line == 547


def test_a_run_one_value_short_or_long_keeps_both_errors():
    _not_joined(edited("2021", l603=None), 547, 593)  # five after the text: 9 + 5 ≠ 15
    _not_joined(edited("2021", l603="3848\n\n0"), 547, 593)  # seven: 9 + 7 ≠ 15, though the first 15 add up


def test_values_between_are_not_skipped():
    """Another table's values between 四 and the run (a row of values in 五): the run is not 四's rest."""
    for row in ("合计   3   4", "3   4   7"):
        _not_joined(edited("2021", l584=f"一是公开内容不够全面。下一步将加强培训。\n{row}"), 547, 594)  # lines after: +1
    _not_joined(edited("2021", l590="12"), 547, 590)  # a bare number after the signature: the run is 12 alone


def test_zeros_confirm_nothing():
    """All of 四 zero: every sum holds whatever the values' order or origin — not joined."""
    zeros = {f"l{n}": "0" for n, _ in PRINTED["2021"]}
    _not_joined(edited("2021", **zeros), 547, 593)


def test_a_run_that_fits_two_groups_is_not_joined():
    """四 = 0 0 0 0 0 | 0 0 0 0 0 | 1 0 2 0 3, nine zeros before the text and 0 1 0 2 0 3 after it:
    read after 四's ninth value the sums hold, but also read after its fourth (then 1 0 2 0 3 is
    行政诉讼/未经复议直接起诉's) — two placements with different values, so none.  (Read column by
    column the sums fail: only the run's other places show the ambiguity.)"""
    values = [0] * 10 + [1, 0, 2, 0, 3]
    _not_joined(edited("2021", **{f"l{n}": str(v) for (n, _), v in zip(PRINTED["2021"], values)}), 547, 593)


def test_a_group_with_a_value_confirms_zeros_in_the_same_run():
    """四 = 2 0 0 0 2 | 2 3 0 0 5 | 0 0 0 0 0: the run 5 0 0 0 0 0 completes 行政诉讼/未经复议直接起诉
    (2+3+0+0 = 5), and no other reading fits — joined, the zeros with it."""
    values = [2, 0, 0, 0, 2, 2, 3, 0, 0, 5, 0, 0, 0, 0, 0]
    r = zfxxgk.parse(edited("2021", **{f"l{n}": str(v) for (n, _), v in zip(PRINTED["2021"], values)}))
    assert [r.review_litigation[g][c].value for g in GROUPS for c in COLUMNS] == values
    assert review_errors(r) == [] and any(d.code == "review-split" for d in r.diagnostics)


def test_an_unreadable_value_in_the_run_confirms_nothing():
    """271 → 2�1 (a bad byte): the sums would count it 0 — and 289+1425+1863 ≠ 3848 either way; but even
    where zeros make the totals hold, a value that cannot be read joins nothing: both errors stay."""
    r = _not_joined(edited("2021", l595="2\ufffd1"), 547, 593)
    (stray,) = [d for d in r.diagnostics if d.code == "stray-value"]
    assert "2\ufffd1" in [c.raw for c in stray.cells]
    r = _not_joined(edited("2021", l595="0\ufffd", l603="3577"), 547, 593)  # 0+289+1425+1863 = 3577
    (stray,) = [d for d in r.diagnostics if d.code == "stray-value"]
    assert [c.raw for c in stray.cells][1] == "0\ufffd"
