"""The five seed reports: snapshots, and the values that matter asserted from the source text."""

from decimal import Decimal
import datetime as dt

import pytest

import zfxxgk
from zfxxgk.testing import assert_round_trip

from conftest import fixture_files


@pytest.fixture(scope="module")
def parsed(seeds):
    return {k: zfxxgk.parse_file(p) for k, p in seeds.items()}


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_snapshot(path, snapshot):
    assert zfxxgk.parse_file(path) == snapshot


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.stem)
def test_round_trip(path):
    assert_round_trip(zfxxgk.parse_file(path))


def codes(report, severity=None):
    return [d.code for d in report.diagnostics if severity is None or d.severity == severity]


def v(report, row, col):
    return report.applications[row][col].value


def test_seed_000_meta_and_truncated_headers(parsed):
    r = parsed["seed_000"]
    assert r.meta.title == "德兴市新岗山镇2020年度政府信息公开工作年度报告"
    assert r.meta.organ == "德兴市新岗山镇人民政府"  # 发布机构: 德兴市新岗山镇人民政府 (line 3)
    assert (r.meta.year, r.meta.published, r.meta.template, r.meta.script) == (2020, dt.date(2021, 1, 22), "2019", "simplified")
    # 本年增/ is cut in 第二十条第（五）（六）（八）项 (lines 96, 122, 148); the values are still placed
    truncated = [d.line for d in r.diagnostics if d.code == "truncated-header"]
    assert truncated == [96, 122, 148]
    assert r.active_disclosure["item_8"]["fees"]["change"].value == 0
    assert r.active_disclosure["item_8"]["fees"]["change"].line == 154
    # one cell per line with en-spaces: 23 rows × 7 columns, all 0
    assert len(r.applications) == 23
    assert all(c.value == 0 and c.raw == "0" for cols in r.applications.values() for c in cols.values())
    assert r.applications["carried_forward"]["total"].line == 566
    assert len(r.review_litigation) == 3 and r.review_litigation["litigation_after_review"]["total"].line == 636
    assert codes(r, "error") == []


def test_seed_001_traditional_2021(parsed):
    r = parsed["seed_001"]
    assert (r.meta.template, r.meta.script, r.meta.year) == ("2021", "traditional", 2023)
    assert r.meta.organ == "定州市砖路镇"  # from the attachment line 附件:定州市磚路鎮2023年度…
    assert r.meta.title == "2023年政府信息公開工作年度報告"  # printed script, pinyin glosses removed
    a = r.active_disclosure
    assert a["item_5"]["licensing"]["decisions"].value == 752 and a["item_5"]["licensing"]["decisions"].line == 35
    assert a["item_6"]["penalty"]["decisions"].value == 1 and a["item_6"]["penalty"]["decisions"].line == 43
    assert a["item_6"]["coercion"]["decisions"].value == 0
    assert a["item_8"]["fees"]["fee_amount"] == zfxxgk.Cell(0, "0", "万元", 54)
    assert set(a["item_1"]) == {"rules", "normative_documents"}
    assert set(a["item_1"]["rules"]) == {"issued", "repealed", "in_force"}
    assert len(r.applications) == 25
    assert "other_handling" not in r.applications  # a group in 2021
    assert r.applications["other_handling.fee_unpaid"]["total"].line == 270
    assert r.sections[0].title == "總體情況"  # original script kept
    assert sum(len(c) for c in r.review_litigation.values()) == 15
    assert "pinyin-stripped" in codes(r)
    assert codes(r, "error") == []


def test_seed_002_values_units_negative(parsed):
    r = parsed["seed_002"]
    a = r.active_disclosure
    lic = a["item_5"]["licensing"]
    assert [lic[k].value for k in ("previous_year", "change", "decisions")] == [19034, -9539, 9495]
    assert [lic[k].line for k in ("previous_year", "change", "decisions")] == [110, 112, 114]
    assert [a["item_6"]["penalty"][k].value for k in ("previous_year", "change", "decisions")] == [500, 43, 543]
    assert [a["item_6"]["coercion"][k].value for k in ("previous_year", "change", "decisions")] == [205, 52, 257]
    assert [a["item_1"]["normative_documents"][k].value for k in ("new_made", "new_published", "total_published")] == [21, 21, 21]
    proc = a["item_9"]["central_procurement"]
    assert proc["procurement_count"] == zfxxgk.Cell(625, "625批次", "批次", 180)
    assert proc["procurement_amount"] == zfxxgk.Cell(25795, "25795万元", "万元", 182)
    # 其他对外管理 / 服务事项 split over two lines is still the row other_services
    assert a["item_5"]["other_services"]["decisions"].line == 124
    assert r.signature == zfxxgk.Signature("益阳市资阳区人民政府", dt.date(2021, 1, 26), "2021年1月26日", 674)
    assert r.meta.published == dt.date(2021, 1, 29)
    missing = [d.message for d in r.diagnostics if d.code == "missing-header"]
    assert len(missing) == 1 and "自然人" in missing[0]
    assert len(r.applications) == 23
    assert codes(r, "error") == []


def test_seed_003_truncated_tables_keep_every_value(parsed):
    r = parsed["seed_003"]
    assert len(r.applications) == 23
    assert sum(len(c) for c in r.applications.values()) == 23 * 7
    assert sum(len(c) for c in r.review_litigation.values()) == 15
    assert r.applications["partially_granted"]["natural_person"].line == 199  # label printed without （）
    assert r.review_litigation["review"]["upheld"].line == 543
    assert r.review_litigation["litigation_after_review"]["total"].line == 571
    assert r.signature.organ == "乌杨街道办事处" and r.signature.date is None and r.signature.raw == "2021114"
    assert "ambiguous-date" in codes(r)
    assert r.meta.published == dt.date(2021, 1, 20)
    assert r.meta.organ == "重庆市秀山土家族苗族自治县乌杨街道办事处"
    missing = " ".join(d.message for d in r.diagnostics if d.code == "missing-header")
    for label in ("自然人", "总计", "商业企业", "行政复议"):
        assert label in missing
    assert {d.line for d in r.diagnostics if d.code == "truncated-label"} == {179, 213}  # 三、 and (三)
    assert codes(r, "error") == []


def test_seed_004_legacy_outline_only(parsed):
    r = parsed["seed_004"]
    assert r.meta.template == "legacy"
    assert (r.meta.year, r.meta.published, r.meta.organ) == (2018, dt.date(2019, 1, 14), "古木镇人民政府")
    assert [s.number for s in r.sections] == [
        "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、", "十二、", "十三、", "十四、"]
    assert r.sections[9].paragraphs == ("2018年度我镇有行政复议2件,2件均维持原行政行为;行政诉讼2件,现法院还未判决。",)
    assert r.sections[0].children[0].title == "加强组织领导"  # heading split from its sentence
    assert (r.active_disclosure, r.applications, r.review_litigation) == ({}, {}, {})
    assert [c.title for c in r.sections[13].children][-1] == "2018年古木镇政府信息公开情况统计表"
    assert "missing-table" in codes(r)


def test_decimal_values_round_trip():
    text = "二、主动公开政府信息情况\n第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购\n3\n1,234.50万元\n"
    r = zfxxgk.parse(text, template="2019")
    cell = r.active_disclosure["item_9"]["central_procurement"]["procurement_amount"]
    assert cell.value == Decimal("1234.50") and cell.unit == "万元" and cell.raw == "1,234.50万元"
    assert_round_trip(r)
