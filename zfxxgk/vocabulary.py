"""Words every stage shares: the units a value may carry, the metadata fields a page prints before
the report, and what a report title is made of.  Written here once; everything else imports them.

The grammar cannot import Python, so its ``CELL``, ``META`` and ``TITLE`` terminals are generated
from this module into ``grammar/vocabulary.lark`` by ``python -m zfxxgk.reference`` (a test fails
when the file is stale; see :mod:`zfxxgk.spec` for why generated, not read back).

Each stage reads units in its own context, and not every unit is read in every one (``万`` after
Chinese numerals is a numeral itself; ``笔`` is read in glued runs and HTML cells but is no unit of
the grammar's cells), so :data:`UNITS` marks, per unit, where it is read, and :func:`units` gives the
list for one place.  The marks are those the five lists had when they were brought here (the
snapshots pin them); a unit that should be read in more places is one more letter.
"""

from __future__ import annotations

import re

#: Every unit, and where it is read (longer before shorter where one begins another: 万元 before 元
#: and 万, 人次 before 人 and 次 — the order an alternation tries them in):
#:
#: * ``c`` — a table cell: the grammar's ``CELL`` terminal and :func:`zfxxgk.values.parse_value`;
#: * ``n`` — after a number in Chinese numerals (``三百二十件``);
#: * ``g`` — closing a cell inside a glued digit run (``625批次25795万元``; :mod:`zfxxgk.parser.glued`,
#:   :mod:`zfxxgk.transformers.recovery`);
#: * ``p`` — a value cell of an HTML table, read before simplification (with :data:`TRADITIONAL` forms);
#: * ``h`` — stated by a column header (``本年收费金额（单位：万元）``);
#: * ``s`` — printed in the 单位 column of the pre-2019 统计表 (:mod:`zfxxgk.extensions.legacy_statistics`).
UNITS: dict[str, str] = {
    "万元": "cngphs", "亿元": "cngp", "元": "cngphs", "批次": "cngph", "人次": "cngps", "%": "cgp",
    "件": "cngphs", "个": "cngphs", "项": "cngphs", "条": "cngps", "次": "cngps", "家": "cngp", "宗": "cngp",
    "份": "cngps", "篇": "cngs", "户": "cng", "人": "cps", "套": "c", "台": "c", "万": "cp", "笔": "gp",
    "场": "s", "期": "s",
}

#: Traditional forms of units and metadata keys, for the front ends that read text before it is
#: simplified (everything after them matches simplified text only).
TRADITIONAL: dict[str, str] = {
    "万元": "萬元", "亿元": "億元", "个": "個", "项": "項", "条": "條", "%": "％", "万": "萬", "笔": "筆",
    "发布机构": "發布機構", "发文机关": "發文機關", "发文日期": "發文日期", "发布时间": "發布時間", "发布日期": "發布日期",
    "信息来源": "信息來源", "来源": "來源", "索引号": "索引號", "文号": "文號", r"分\s?类": r"分\s?類",
    "主题分类": "主題分類", "点击": "點擊",
}


def units(where: str, *, traditional: bool = False) -> tuple[str, ...]:
    """The units read in place ``where`` (a letter of :data:`UNITS`), in :data:`UNITS`' order;
    ``traditional``: each followed by its traditional form, if it has one."""
    out: list[str] = []
    for unit, places in UNITS.items():
        if where in places:
            out.append(unit)
            if traditional and unit in TRADITIONAL:
                out.append(TRADITIONAL[unit])
    return tuple(out)


def alternation(words) -> str:
    """``a|b|c`` of literal words (regex-escaped)."""
    return "|".join(re.escape(w) for w in words)


# ---- a table cell ------------------------------------------------------------------------------

#: A printed cell: a number (sign, thousands separators, decimals or a closing point after two
#: digits or more as in ``10690.`` — ``1.`` is an ordinal —, a unit; at most 64 digits: a longer run
#: is text, not a value) or a blank: nothing, ``/``, ``—``, ``-``, ``无``.
CELL = (r"[-−+]?([0-9]{1,3}(,[0-9]{3})+|[0-9]{1,64})(\.[0-9]+|(?<=[0-9]{2})[.。])?\s*(" + alternation(units("c"))
        + r")?|/|／|—+|―+|－|-+|–|无|")  # the last alternative is empty: a cell with nothing in it

# ---- metadata fields before the report ------------------------------------------------------------

#: Keys of the metadata fields a page prints before the report (``发布机构：…``, ``发文日期：…``), as
#: regex fragments matched on simplified text; ``True``: the HTML front end also looks for it (on
#: text not yet simplified, so with its :data:`TRADITIONAL` form).
META_KEYS: dict[str, bool] = {
    "发布机构": True, "发文机关": True, "发文日期": True, "成文日期": True, "发布时间": True, "发布日期": True,
    "日期": True, "时间": False, "信息来源": True, "来源": True, "索引号": True, "文号": True, "文件编号": True,
    "公开方式": True, "公开时限": True, "公开范围": True, "公开平台": False, r"分\s?类": True, "主题分类": True,
    r"标\s?题": False, "生效时间": True, "废止时间": True, "作者": True, "浏览量": True, "浏览次数": True,
    "点击": True, "访问量": True, "栏目": False, "原文链接": False, "原文地址": False, "链接": False, "网址": False,
    "本地目录": False,
}

#: The fields whose value is the publication date, in the order they are trusted.
PUBLISHED_KEYS = ("发布日期", "发布时间", "发文日期", "日期", "成文日期", "时间")
#: The fields whose value names the issuing body, in the order they are trusted.
ORGAN_KEYS = ("发布机构", "发文机关", "信息来源", "来源")

#: ``(key)`` of any field, as a regex group (simplified text).
META_KEY = "(" + "|".join(META_KEYS) + ")"
#: A metadata line: key, colon, value — the grammar's ``META`` terminal.
META = META_KEY + r"\s*[:：].*"
#: The keys the HTML front end looks for at the start of a line, simplified and traditional.
PAGE_META_KEY = "(" + "|".join(w for k, page in META_KEYS.items() if page
                               for w in ((k, TRADITIONAL[k]) if k in TRADITIONAL else (k,))) + ")"

# ---- report titles ---------------------------------------------------------------------------------

#: What every report title names: 政府信息公开 (or 政务公开, 信息公开).
DISCLOSURE_WORDS = ("政府信息公开", "政务公开", "信息公开")
_DISCLOSURE = "(" + "|".join(DISCLOSURE_WORDS) + ")"
#: The report title line (the grammar's ``TITLE`` terminal): …政府信息公开…报告, never a URL or a path.
TITLE = r"[^/\\]{0,60}" + _DISCLOSURE + r"[^。；;，,/\\]{0,30}报告(\s*[(（]\d[)）])?"
#: A page's title element that is the report's title (the HTML front end, on simplified text).
PAGE_TITLE = r".{0,60}" + _DISCLOSURE + r"[^。；;，,]{0,30}报告"
#: A title that starts with the year: ``2019年上海市人民政府办公厅政府信息公开工作年度报告`` — the organ
#: follows the year.
YEAR_FIRST_TITLE = r"^(?:19|20)\d{2}\s*年度?\s*(.*?)\s*(?:" + "|".join(DISCLOSURE_WORDS) + ")"
