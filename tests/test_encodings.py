"""Bytes of any common encoding decode to the same report; the encoding is in meta; mojibake is reported."""

import pytest

import zfxxgk
from zfxxgk.parser.normalise import decode

from conftest import EXAMPLES, FIXTURES
from relayout import values

SEED_002 = next(EXAMPLES.glob("seed_002_*.txt"))


@pytest.fixture(scope="module")
def source():
    return zfxxgk.parse_file(SEED_002)


def test_gb18030_fixture(source):
    r = zfxxgk.parse_file(FIXTURES / "gb18030_002.txt")
    assert r.meta.encoding == "gb18030"
    assert values(r) == values(source)
    assert r.sections == source.sections and r.meta.title == source.meta.title


def test_big5_traditional_fixture(source):
    r = zfxxgk.parse_file(FIXTURES / "big5_002_traditional.txt")
    assert r.meta.encoding.startswith("big5")
    assert r.meta.script == "traditional"
    assert values(r) == values(source)
    assert r.meta.title == "益陽市資陽區人民政府2020年政府信息公開工作年度報告"
    assert "mojibake" not in [d.code for d in r.diagnostics]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_same_report_in_each_encoding(encoding, source):
    text = SEED_002.read_text(encoding="utf-8").replace("\xa0", " ")
    r = zfxxgk.parse(text.encode(encoding))
    assert values(r) == values(source)
    assert r.meta.encoding in {"utf-8": ("utf-8",), "utf-8-sig": ("utf-8-sig",), "gb18030": ("gb18030",),
                               "gbk": ("gb18030",), "utf-16": ("utf-16",)}[encoding]


def test_gbk_guess_widened_to_gb18030():
    text, enc = decode("政府信息公开工作年度报告，本年新收政府信息公开申请数量".encode("gbk"))
    assert enc == "gb18030" and text.startswith("政府信息公开")
    # a character only GB18030 has (outside GBK) still decodes
    text, enc = decode("政府信息公开𠀀年度报告：行政许可、行政处罚".encode("gb18030"))
    assert "𠀀" in text


def test_big5_short_text():
    text, enc = decode("政府資訊公開工作年度報告：行政許可、行政處罰、行政強制".encode("big5"))
    assert enc.startswith("big5") and text == "政府資訊公開工作年度報告：行政許可、行政處罰、行政強制"


def test_mojibake_in_seed_001_is_reported_and_kept():
    r = zfxxgk.parse_file(next(EXAMPLES.glob("seed_001_*.txt")))
    found = [d for d in r.diagnostics if d.code == "mojibake"]
    assert len(found) == 1 and found[0].line == 3 and found[0].severity == "warning" and "?,F" in found[0].message
    assert any("?,F" in p for s in r.sections for p in s.paragraphs)  # kept in the text


@pytest.mark.parametrize("broken", ["政府信息公开\ufffd\ufffd工作", "政府锟斤拷信息", "æ”¿åºœä¿¡æ¯å…¬å¼€", "ÕþÎñÐÅÏ¢¹«¿ª"])
def test_mojibake_forms(broken):
    r = zfxxgk.parse(f"一、总体情况\n{broken}\n")
    assert [d.line for d in r.diagnostics if d.code == "mojibake"] == [2]


def test_no_mojibake_in_clean_seeds():
    for p in EXAMPLES.glob("seed_*.txt"):
        if "seed_001" not in p.name:
            assert "mojibake" not in [d.code for d in zfxxgk.parse_file(p).diagnostics]
