"""Deviations of published text (TEMPLATES.md §7), each written out by hand with the values to expect."""

import zfxxgk

from conftest import EXAMPLES
from relayout import values

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def codes(report):
    return [d.code for d in report.diagnostics]


def row(report, key):
    return [c.value for c in report.applications[key].values()]


def test_lost_chapter_headings_are_supplied_and_reported():
    path = EXAMPLES / "seed_002_yiyang_ziyang_2020.txt"
    full = zfxxgk.parse_file(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    cut = "\n".join(x for x in lines if not x.startswith(("二、主动公开", "三、收到和处理")))
    r = zfxxgk.parse(cut)
    assert values(r) == values(full)
    assert codes(r).count("missing-heading") == 2
    assert [s.title for s in r.sections if s.level == 1][:2] == ["总体情况", "政府信息公开行政复议、行政诉讼情况"]


def test_label_and_heading_variants():
    text = "\n".join([
        "四川省某县2021年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（五）项",
        "信息内容 | 上年项目数量 | 本年增减 | 处理决定数量",
        "行政许可 | 10 | -2 | 8",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况 | 自然人 | 法人或其他组织 | 合计",
        "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他",
        "一.本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4",
        "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "七、总计 | 4 | 1 | 0 | 0 | 0 | 0 | 5",
        "四、结转下一年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        " | ".join(["0"] * 14 + ["1"]),
    ])
    r = zfxxgk.parse(text)
    assert r.meta.template == "2019"
    lic = r.active_disclosure["item_5"]["licensing"]
    assert [lic[k].value for k in ("previous_year", "change", "decisions")] == [10, -2, 8]
    assert row(r, "new_received") == [3, 1, 0, 0, 0, 0, 4]
    assert row(r, "total_processed") == [4, 1, 0, 0, 0, 0, 5]
    assert row(r, "carried_forward") == [0] * 7
    assert r.review_litigation["litigation_after_review"]["total"].value == 1
    missing = " ".join(d.message for d in r.diagnostics if d.code == "missing-header" and d.message.startswith("三"))
    assert missing and "总计" not in missing and "商业企业" not in missing and "自然人" not in missing


def test_a_row_with_a_cell_missing_is_reported_not_shifted():
    text = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 4",  # six cells: one lost
        "二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
    ])
    r = zfxxgk.parse(text, template="2019")
    assert "new_received" not in r.applications
    assert row(r, "carried_over") == [1, 0, 0, 0, 0, 0, 1]
    (d,) = [d for d in r.diagnostics if d.code == "cell-count"]
    assert d.severity == "error" and d.line == 2
    assert [(c.value, c.line) for c in d.cells] == [(3, 2), (1, 2), (0, 2), (0, 2), (0, 2), (4, 2)]


def test_unknown_local_row_keeps_its_values_in_a_diagnostic():
    text = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        "（一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2",
        "其中：当场答复 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） | 0 | 0 | 0 | 0 | 0 | 0 | 0",
    ])
    r = zfxxgk.parse(text, template="2019")
    assert row(r, "granted") == [2, 0, 0, 0, 0, 0, 2]
    assert row(r, "partially_granted") == [0] * 7
    (d,) = [d for d in r.diagnostics if d.code == "unknown-row"]
    assert "当场答复" in d.message and [c.value for c in d.cells] == [1, 0, 0, 0, 0, 0, 1]


def test_labels_without_ordinals_and_header_units():
    text = "\n".join([
        "二、主动公开政府信息情况",
        "第二十条第（九）项",
        "信息内容 | 采购项目数量 | 采购总金额（万元）",
        "政府集中采购 | 12 | 345.6 | |",
        "三、收到和处理政府信息公开申请情况",
        "本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
        "予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1",
    ])
    r = zfxxgk.parse(text, template="2019")
    amount = r.active_disclosure["item_9"]["central_procurement"]["procurement_amount"]
    assert (str(amount.value), amount.unit, amount.raw) == ("345.6", "万元", "345.6")
    assert r.active_disclosure["item_9"]["central_procurement"]["procurement_count"].unit is None
    assert row(r, "new_received") == row(r, "granted") == [1, 0, 0, 0, 0, 0, 1]
    assert codes(r).count("label-variant") == 2 and "trailing-blank-cells" in codes(r)


def test_strict_mode_accepts_recovered_deviations_and_refuses_misplaced_values():
    zfxxgk.parse_file(EXAMPLES / "seed_003_xiushan_wuyang_2020_truncated.txt", strict=True)  # warnings only
    bad = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 4\n"
    try:
        zfxxgk.parse(bad, template="2019", strict=True)
    except zfxxgk.ReportSyntaxError as exc:
        assert exc.line == 2 and "6 cells" in str(exc)
    else:
        raise AssertionError("strict parse accepted a row with a missing cell")


def test_an_nbsp_line_is_a_blank_cell_in_a_table_and_nothing_elsewhere():
    nbsp = "\u00a0"
    text = (f"一、总体情况\n\n{nbsp}\n\n无。\n\n三、收到和处理政府信息公开申请情况\n\n一、本年新收政府信息公开申请数量\n\n"
            f"1\n\n{nbsp}\n\n0\n\n0\n\n0\n\n0\n\n1\n\n{nbsp}\n")
    r = zfxxgk.parse(text, template="2019")
    assert row(r, "new_received") == [1, None, 0, 0, 0, 0, 1]
    assert r.applications["new_received"]["commercial"].raw == "" and r.applications["new_received"]["commercial"].line == 13
    assert r.sections[0].paragraphs == ("无。",)
