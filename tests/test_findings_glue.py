"""Regression tests for the scoring harness's findings (notes/score_findings.md) on glued and
one-line text: each input as it was found, and the result the template's structure allows."""

import zfxxgk

APP_2021 = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def test_f17_a_damaged_header_cell_does_not_reorder_the_columns():
    # 法人或其他组织 lost a byte: 法�或其他组织 is segmented as 法�或 | 其他 | 组织; that 其他 is a
    # piece of a damaged cell, not the header 其他 — the columns stay in the template's order
    text = ("三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） "
            "申请人情况 自然人 法\ufffd或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 "
            "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21 四、政府信息公开行政复议、行政诉讼情况")
    r = zfxxgk.parse(text, template="2021")
    assert [r.applications["new_received"][k].value for k in APP_2021] == [1, 2, 3, 4, 5, 6, 21]
    assert "columns-reordered" not in {d.code for d in r.diagnostics}


def test_f17_headers_printed_whole_in_another_order_still_reorder():
    text = ("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n"
            "科研机构\n商业企业\n社会公益组织\n法律服务机构\n其他\n"
            "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21\n四、政府信息公开行政复议、行政诉讼情况\n")
    r = zfxxgk.parse(text, template="2021")
    assert [r.applications["new_received"][k].value for k in APP_2021] == [1, 3, 2, 4, 5, 6, 21]
    assert "columns-reordered" in {d.code for d in r.diagnostics}


def test_f17_a_header_printed_twice_does_not_decide_the_order():
    text = ("三、收到和处理政府信息公开申请情况\n申请人情况\n自然人\n法人或其他组织\n总计\n"
            "其他\n商业企业\n科研机构\n社会公益组织\n法律服务机构\n其他\n"
            "一、本年新收政府信息公开申请数量 1 2 3 4 5 6 21\n四、政府信息公开行政复议、行政诉讼情况\n")
    r = zfxxgk.parse(text, template="2021")
    row = r.applications.get("new_received", {})
    # never moved: either placed as printed (template order) or not placed and reported
    assert all(row[k].value == v for k, v in zip(APP_2021, [1, 2, 3, 4, 5, 6, 21]) if k in row)
    assert "columns-reordered" not in {d.code for d in r.diagnostics}


def test_f19_a_glued_row_with_a_damaged_label_is_an_error_and_later_rows_are_read():
    text = ("三、收到和处理政府信息公开申请情况\n"
            "一、本年新收政府信息公开申请数量7388212653056524979113228038103557\n"
            "二、上年结转政府信息公开申请数\ufffd\ufffd262171333252801621269271477388150\n"
            "三、本年度办理结果\n"
            "（一）予以公开11917531530778129320937566\n"
            "四、政府信息公开行政复议、行政诉讼情况\n")
    r = zfxxgk.parse(text, template="2021")
    assert [r.applications["new_received"][k].value for k in APP_2021] == [7388, 21265, 30565, 24979, 11322, 8038,
                                                                           103557]
    # the damaged row is no chapter heading: an error keeping its raw line, nothing placed from it
    assert "carried_over" not in r.applications
    err = [d for d in r.diagnostics if d.severity == "error" and d.line == 3]
    assert len(err) == 1 and "262171333252801621269271477388150" in err[0].cells[0].raw
    # the rows after it are still 三's: 予以公开 split and placed as without the damage
    assert [r.applications["granted"][k].value for k in APP_2021] == [119, 1753, 1530, 778, 1293, 2093, 7566]


def _errors(r):
    return [d for d in r.diagnostics if d.severity == "error"]


def test_f7_a_stray_character_in_a_value_row_keeps_the_whole_row_in_an_error():
    for row, raws in (("（七）总计 30 34 27 36 x 36 27 190", ["30", "34", "27", "36", "x", "36", "27", "190"]),
                      ("（七）总计 1666 緗 2279 0 0 0 0 3945", ["1666", "緗", "2279", "0", "0", "0", "0", "3945"])):
        r = zfxxgk.parse(f"三、收到和处理政府信息公开申请情况\n{row}\n四、政府信息公开行政复议、行政诉讼情况\n", template="2021")
        assert "total_processed" not in r.applications
        err, = _errors(r)
        assert err.line == 2 and [c.raw for c in err.cells][1:] == raws  # every cell, the damaged one too
        assert [c.value for c in err.cells][1:3] == [int(raws[0]), None if not raws[1].isdigit() else int(raws[1])]


ITEM_9 = "二、主动公开政府信息情况\n第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购{}\n三、收到和处理政府信息公开申请情况\n"


def test_f6_a_glued_decimal_amount_with_its_unit_is_kept_raw_in_an_error():
    # 1 | 13926.36万元? 1139 | 26.36万元? item 9 has no arithmetic and every cut leaves two valid
    # cells: nothing decides, so nothing is placed and the raw run is kept (was: an info only)
    r = zfxxgk.parse(ITEM_9.format("113926.36万元"), template="2019")
    assert not r.active_disclosure.get("item_9")
    err, = _errors(r)
    assert err.code == "glued-cells" and [(c.raw, c.value) for c in err.cells] == [("113926.36万元", None)]


def test_f6_a_split_forced_by_a_leading_zero_keeps_the_decimal_and_unit_on_the_amount():
    # 0113926.36万元: the count cannot start with 0 unless it is 0, the amount cannot be 0113926.36
    r = zfxxgk.parse(ITEM_9.format("0113926.36万元"), template="2019")
    row = r.active_disclosure["item_9"]["central_procurement"]
    assert (row["procurement_count"].value, row["procurement_count"].raw) == (0, "0")
    assert (str(row["procurement_amount"].value), row["procurement_amount"].unit) == ("113926.36", "万元")
    assert not _errors(r)
