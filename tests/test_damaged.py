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
