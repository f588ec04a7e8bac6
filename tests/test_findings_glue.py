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
