"""Damaged layouts (issue 9, shapes 1 and 2): the whole body on one line, and a crawler's metadata
block.  The fixtures are built by tests/damaged.py from the seeds' own text, so the truth is the
seed's: every value placed must be the seed's value under the same key, and every seed value not
placed must be in an error diagnostic, raw."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import zfxxgk
from zfxxgk.api import default_parser
from zfxxgk.parser.normalise import normalise
from zfxxgk.parser.segment import segment

import damaged
from conftest import FIXTURES
from relayout import values

ONELINE = sorted(p for p in FIXTURES.glob("*.txt") if p.name.startswith(("oneline_", "crawler_")))


def seed_of(path) -> str:
    return path.name.split("_")[1]


_SEEDS: dict = {}


def seed_report(seed: str):
    if seed not in _SEEDS:
        _SEEDS[seed] = zfxxgk.parse_file(damaged.seed_path(seed))
    return _SEEDS[seed]


def test_fixtures_are_what_the_script_builds():
    built = {name: text for seed in damaged.SEEDS for name, text in damaged.variants(seed).items()}
    assert sorted(built) == [p.name for p in ONELINE]
    for p in ONELINE:
        assert p.read_text(encoding="utf-8") == built[p.name], p.name


def unplaced_rows(report) -> list[str]:
    """Raw texts of every error's cells, each error's cells joined (a glued run may be split over
    two chunks: ``19034`` ``-95399495``)."""
    return ["".join(c.raw for c in d.cells) for d in report.diagnostics if d.severity == "error"]


def check_against_seed(report, seed) -> tuple[int, int]:
    """Nothing placed under a wrong key; every seed value placed or in an error.  Returns (placed, total)."""
    want, got = values(seed), values(report)
    wrong = {k: (v, want.get(k)) for k, v in got.items() if want.get(k) != v}
    assert not wrong, f"values under a wrong key or not in the seed: {wrong}"
    errors = unplaced_rows(report)
    seed_raw = {(t, i, r, c): cell.raw for t, i, r, c, cell in seed.cells()}
    missing_rows = sorted({k[:3] for k in want if k not in got})
    for row in missing_rows:
        cols = [k for k in seed_raw if k[:3] == row]
        run = "".join(seed_raw[k] for k in cols)
        assert any(run == e or all(seed_raw[k] in e for k in cols) for e in errors), \
            f"{row}: seed values {run!r} neither placed nor in an error"
    return len(got), len(want)


@pytest.mark.parametrize("path", ONELINE, ids=lambda p: p.stem)
def test_values_are_the_seeds(path):
    seed = seed_report(seed_of(path))
    r = zfxxgk.parse_file(path)
    assert r.meta.template == seed.meta.template
    placed, total = check_against_seed(r, seed)
    if path.stem == "oneline_002_glued":
        # four Article 20 rows have no arithmetic to decide their split (as glued_002): errors, raw
        assert placed == total - 12
        runs = {e for e in unplaced_rows(r)}
        assert {"212121", "19034-95399495", "50043543", "20552257"} <= runs
    else:
        assert placed == total
    # 四's fifteen numbers and 三's rows were found inside the line, not lost
    assert len(r.review_litigation) == 3 and "carried_forward" in r.applications


@pytest.mark.parametrize("path", [p for p in ONELINE if p.name.startswith("oneline_")], ids=lambda p: p.stem)
def test_one_line_meta_and_outline(path):
    seed = seed_report(seed_of(path))
    r = zfxxgk.parse_file(path)
    assert (r.meta.title, r.meta.organ, r.meta.year) == (seed.meta.title, seed.meta.organ, seed.meta.year)
    if seed.meta.published is not None:
        assert r.meta.published == seed.meta.published
    # the six chapters were found in order, by their titles
    assert [s.number for s in r.sections] == [s.number for s in seed.sections]
    assert [s.title for s in r.sections] == [s.title for s in seed.sections]
    assert (r.signature is None) == (seed.signature is None)
    if seed.signature is not None:
        assert (r.signature.organ, r.signature.raw) == (seed.signature.organ, seed.signature.raw)


@pytest.mark.parametrize("seed", sorted(damaged.SEEDS))
def test_crawler_metadata_block_gives_title_organ_date(seed):
    block = damaged.SEEDS[seed]
    for shape in ("lines", "oneline"):
        r = zfxxgk.parse_file(FIXTURES / f"crawler_{seed}_{shape}.txt")
        assert r.meta.title == block["title"]  # the field, never 本地目录's path
        assert r.meta.organ == (block["organ"] or seed_report(seed).meta.organ)
        assert r.meta.published == dt.date.fromisoformat(block["published"][:10])
        assert not any("本地目录" in p or "http" in p or "正文" in p for p in r.preamble)


def test_same_line_breadcrumb_is_dropped_and_the_body_kept():
    r = zfxxgk.parse_file(FIXTURES / "crawler_002_oneline.txt")
    chrome = [d for d in r.diagnostics if d.code == "page-chrome"]
    assert chrome and "当前位置" in chrome[0].message
    assert len(r.sections) == 5 and r.applications


def test_fragments_keep_their_columns():
    """Each piece cut from the line is the printed text at its (line, column)."""
    path = FIXTURES / "oneline_002_glued.txt"
    data = path.read_bytes()
    text = normalise(data)
    built = default_parser().built("2019")
    cut = segment(text, built.lexer, built.template.spec)
    assert len(text.fragments) == 1 and len(cut.fragments) > 100
    line = text.lines[0]
    for f in cut.fragments:
        assert line[f.column - 1 : f.column - 1 + len(f.text)] == f.text
    shown = [f.text for f in cut.fragments]
    i = shown.index("规范性文件")
    assert shown[i + 1] == "212121" and shown[i - 1] == "000" and shown[i - 2] == "规章"


def test_one_line_built_by_hand():
    """The issue's example shape: labels and numbers of chapter 三 inside prose that says 一是…"""
    text = ("某县2020年政府信息公开工作年度报告 一、总体情况 一是加强领导。（一）主动公开 本年度公开信息12条。"
            "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 "
            "规章 0 0 0 规范性文件 2 1 21 "
            "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 5 0 0 4 3 0 12 "
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 "
            "四、政府信息公开行政复议、行政诉讼情况 行政复议 行政诉讼 " + "0 " * 15 +
            "五、存在的主要问题及改进情况 一是公开不够。 六、其他需要报告的事项 无。")
    r = zfxxgk.parse(text, template="2019")
    assert [s.number + s.title for s in r.sections] == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert [c.title for c in r.sections[0].children] == ["主动公开"]
    assert [c.value for c in r.active_disclosure["item_1"]["normative_documents"].values()] == [2, 1, 21]
    assert [c.value for c in r.applications["new_received"].values()] == [5, 0, 0, 4, 3, 0, 12]
    assert r.review_litigation["litigation_after_review"]["total"].value == 0
    assert r.meta.title == "某县2020年政府信息公开工作年度报告" and r.meta.organ == "某县"


def test_a_chapter_title_named_in_prose_is_not_a_chapter():
    text = ("某县2020年政府信息公开工作年度报告 报告由总体情况、主动公开政府信息情况等六部分组成，"
            "见第二、主动公开政府信息情况一节。一、总体情况 本年度工作如下。（一）主动公开方面 无。")
    r = zfxxgk.parse(text, template="2019")
    assert [s.number for s in r.sections] == ["一、"]


@pytest.mark.parametrize("title, organ", [
    ("2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"),
    ("2023年政府信息公开工作年度报告", None),
    ("微信 微博 QQ空间 城关镇2019年政府信息公开工作年度报告", "城关镇"),
    ("时间:2020-01-20 15:22 微信 微博 QQ空间\n2019年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅"),
])
def test_organ_from_any_title(title, organ):
    r = zfxxgk.parse(title + "\n一、总体情况\n无。\n", template="2019")
    assert r.meta.organ == organ


def test_organ_from_publishing_field_first_and_never_chrome():
    text = "XX区2020年政府信息公开工作年度报告\n发布机构: XX区人民政府办公室\n一、总体情况\n无。\n"
    assert zfxxgk.parse(text, template="2019").meta.organ == "XX区人民政府办公室"
    text = "来源: 时间:2020-01-20 15:22 微信 微博 QQ空间\n2019年政府信息公开工作年度报告\n一、总体情况\n无。\n"
    assert zfxxgk.parse(text, template="2019").meta.organ is None
    blank = "标题: XX区2020年政府信息公开工作年度报告\n发布机构:\n一、总体情况\n无。\n"
    assert zfxxgk.parse(blank, template="2019").meta.organ == "XX区"


def test_clean_layouts_are_not_cut():
    for p in sorted(damaged.EXAMPLES.glob("seed_*.txt")):
        text = normalise(p.read_bytes())
        built = default_parser().built("2019")
        assert segment(text, built.lexer, built.template.spec) is text, p.name
    assert re.search("oneline", " ".join(p.name for p in ONELINE))


@pytest.mark.parametrize("name", ["oneline_002_spaces", "oneline_003_glued"])
def test_lost_applications_heading_is_supplied(name):
    """三's title deleted from the line: its first label opens the table, values as the seed's."""
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").replace("三、收到和处理政府信息公开申请情况", "")
    r = zfxxgk.parse(text)
    seed = seed_report(name.split("_")[1])
    want = {k: v for k, v in values(seed).items() if k[0] == "applications"}
    assert {k: v for k, v in values(r).items() if k[0] == "applications"} == want and len(want) >= 160
    assert "missing-heading" in [d.code for d in r.diagnostics]


# ---- a damaged or lost heading of 四 on one line: its fifteen numbers are never prose -----------

F16_ONELINE = ("示例县2020年政府信息公开工作年度报告 一、总体情况 本年度工作情况如下。 三、收到和处理政府信息公开申请情况 "
               "（七）总计 39 46 39 116 89 77 406 四、结转下年度继续办理 0 0 0 2 0 0 2 "
               "四、政府信息公开行政复\ufffd\ufffd、行政诉讼情况 行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 "
               "未经复议直接起诉 复议后起诉 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 "
               "1 0 0 0 1 0 2 0 0 2 0 0 3 0 3 五、存在的主要问题及改进情况 无。\n")
#: 四's fifteen numbers as printed above, group by group (结果维持 结果纠正 其他结果 尚未审结 总计).
F16_REVIEW = {"review": [1, 0, 0, 0, 1], "litigation_direct": [0, 2, 0, 0, 2], "litigation_after_review": [0, 0, 3, 0, 3]}


def review_values(r) -> dict:
    return {g: [c.value for c in row.values()] for g, row in r.review_litigation.items()}


def test_damaged_review_heading_on_one_line_is_still_its_chapter():
    """Score finding F16: 四's heading lost a character to a bad byte (行政复��); it used to swallow
    四's header words and fifteen values into its title."""
    r = zfxxgk.parse(F16_ONELINE, template="2019")
    assert [s.number for s in r.sections] == ["一、", "三、", "四、", "五、"]
    assert r.sections[2].title == "政府信息公开行政复\ufffd\ufffd、行政诉讼情况"
    assert review_values(r) == F16_REVIEW
    assert [c.value for c in r.applications["carried_forward"].values()] == [0, 0, 0, 2, 0, 0, 2]


def test_a_title_one_edit_away_in_prose_is_not_a_heading():
    text = ("某县2020年政府信息公开工作年度报告 一、总体情况 本年度工作如下，详见第四、政府信息公开行政复议行政诉讼情况一节。"
            "五、存在的主要问题及改进情况 无。")
    r = zfxxgk.parse(text, template="2019")
    assert [s.number for s in r.sections] == ["一、", "五、"]


_REVIEW_TITLE = "四、政府信息公开行政复\ufffd\ufffd、行政诉讼情况 "
_REVIEW_HEADER = ("行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉 "
                  "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 ")


@pytest.mark.parametrize("title", ["", "四、复议诉讼 "], ids=["lost", "unknown"])
@pytest.mark.parametrize("sep", [" ", ""], ids=["spaces", "glued"])
def test_review_opened_by_its_header_words_when_its_title_is_lost(title, sep):
    """四's title deleted (or printed in a form the outline does not know) after 三: its header words
    and a run of values open 四 where they stand; the fifteen values are 四's (the group totals
    hold), and the missing heading is reported — never 三's prose."""
    text = F16_ONELINE.replace(_REVIEW_TITLE, title)
    if not sep:
        text = text.replace(" ", "")
    r = zfxxgk.parse(text, template="2019")
    assert "missing-heading" in [d.code for d in r.diagnostics]
    if sep:
        assert review_values(r) == F16_REVIEW
    else:  # glued: split only where the arithmetic decides; else an error keeps the run
        run = "100010200200303"
        assert review_values(r) == F16_REVIEW or run in unplaced_rows(r)
    carried = [c.value for c in r.applications.get("carried_forward", {}).values()]
    assert carried == [0, 0, 0, 2, 0, 0, 2] or (not sep and "0002002" in unplaced_rows(r))


def test_review_values_without_title_or_header_are_an_error_not_prose():
    text = F16_ONELINE.replace(_REVIEW_TITLE + _REVIEW_HEADER, "四、复议诉讼 ")
    r = zfxxgk.parse(text, template="2019")
    assert not r.review_litigation
    assert "100010200200303" in unplaced_rows(r)
    stray = next(d for d in r.diagnostics if d.code == "stray-value")
    assert [c.raw for c in stray.cells] == "1 0 0 0 1 0 2 0 0 2 0 0 3 0 3".split() and stray.cells[0].line == 1


def test_prose_naming_review_is_not_review_table():
    """行政复议 in a sentence after 三's table, with one number: prose, no implied 四, no error."""
    text = F16_ONELINE.replace(_REVIEW_TITLE + _REVIEW_HEADER + "1 0 0 0 1 0 2 0 0 2 0 0 3 0 3 ",
                               "本年度未发生行政复议、行政诉讼案件，收到咨询 3 件。 ")
    r = zfxxgk.parse(text, template="2019")
    assert not r.review_litigation
    assert "missing-heading" not in [d.code for d in r.diagnostics]
    assert not [d for d in r.diagnostics if d.severity == "error"]
    assert "本年度未发生行政复议、行政诉讼案件，收到咨询 3 件。" in r.sections[1].paragraphs


def test_table_like_numbers_in_a_table_chapters_prose_are_an_error():
    """A run of three or more bare numbers in 二's prose (a block's title and labels lost): kept in a
    stray-value error with their positions."""
    text = ("某县2020年政府信息公开工作年度报告 一、总体情况 无。 二、主动公开政府信息情况 本年度 12 3 4 5 条。 "
            "第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章 0 0 0 规范性文件 2 1 21 "
            "五、存在的主要问题及改进情况 共 1 2 3 件。")
    r = zfxxgk.parse(text, template="2019")
    stray = [d for d in r.diagnostics if d.code == "stray-value"]
    assert len(stray) == 1 and [(c.raw, c.line) for c in stray[0].cells] == [("12", 1), ("3", 1), ("4", 1), ("5", 1)]
    assert [c.value for c in r.active_disclosure["item_1"]["normative_documents"].values()] == [2, 1, 21]
    assert r.sections[-1].paragraphs == ("共 1 2 3 件。",)  # 五 has no table: its prose stays whole


def test_glued_values_after_a_damaged_row_label_are_reported():
    """Score finding (oneline_glued × byte_drop): 一、本年新收…公�申请数量 lost a character, its glued
    values ran on in a heading's title (then an error kept the run).  Now the damaged label is read as
    the one label it can spell, and its run is cut by the row total (29948 + … + 31272 = 153944)."""
    text = ("示例县2020年政府信息公开工作年度报告一、总体情况无。三、收到和处理政府信息公开申请情况申请人情况自然人"
            "法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公\ufffd申请数量29948314161498238688763831272153944"
            "二、上年结转政府信息公开申请数量0000000五、存在的主要问题及改进情况无。")
    r = zfxxgk.parse(text, template="2021")
    assert [c.value for c in r.applications["new_received"].values()] == [29948, 31416, 14982, 38688, 7638, 31272,
                                                                           153944]
    assert [d.severity for d in r.diagnostics if d.code == "damaged-label"] == ["warning"]


def test_glued_values_after_a_damaged_block_title_are_reported():
    """Score finding (oneline_glued × byte_insert): 第二十条第（九）项 damaged past recognition, its row
    政府集中采购 and glued values 1139|26.36万元 ran on in block 八's text: now an error keeps them."""
    text = ("示例县2020年政府信息公开工作年度报告一、总体情况无。二、主动公开政府信息情况第二十条第（八）项信息内容"
            "上一年项目数量本年增/减行政事业性收费2635-748第二十条第（\u4339\ufffd）项信息内容采购项目数量采购总金额"
            "政府集中采购113926.36万元三、收到和处理政府信息公开申请情况五、存在的主要问题及改进情况无。")
    r = zfxxgk.parse(text, template="2019")
    assert "113926.36万元" in unplaced_rows(r)


def test_a_word_holding_a_header_is_no_header():
    """Score finding F17: 法人或其他组织 damaged to 法�或其他组织 on one line; 其他 inside it used to be read
    as the header 其他, so 三's columns looked reordered and every row's values moved."""
    text = ("三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 "
            "自然人 法\ufffd或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 "
            "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21 四、政府信息公开行政复议、行政诉讼情况\n")
    r = zfxxgk.parse(text, template="2021")
    got = [c.value for c in r.applications["new_received"].values()]
    assert got == [1, 2, 3, 4, 5, 6, 21]
    assert "columns-reordered" not in [d.code for d in r.diagnostics]
