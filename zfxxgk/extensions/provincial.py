"""Provincial variants of the 2021 format, as extensions: one extra row in section 三
(:data:`PROVINCIAL_2021`), one extra row in an Article 20 table (:data:`CONFIRMATION_2021`).

Some provincial offices print a fourth row under ``（六）其他处理``: ``4.转送其他机关办理``
(applications transferred to the body that holds the information).  The extension is the
smallest kind there is — no new rule, so no transformer:

* grammar — ``grammar/provincial_2021.lark``: ``%extend _application_label: OTHER_HANDLING_TRANSFERRED``;
* spec — the row's key ``other_handling.transferred`` and label, added before ``（七）总计``;
* detector — the 2021 detector, plus one when the row's label is in the text (and 0 when it is not,
  so plain 2021 reports stay ``"2021"``).
"""

from __future__ import annotations

import re

from ..templates import Template, detect_2021
from ..spec import ItemExtension, Row, SpecExtension

__all__ = ["CONFIRMATION_2021", "CONFIRMATION_ROW", "PROVINCIAL_2021", "ROW", "detect", "detect_confirmation"]

ROW = Row("other_handling.transferred", "4.转送其他机关办理", "OTHER_HANDLING_TRANSFERRED")


def detect(key: str) -> float:
    return detect_2021(key) + 1.0 if "转送其他机关办理" in key else 0.0


PROVINCIAL_2021 = Template(
    "2021-provincial",
    "provincial_2021.lark",
    spec=SpecExtension(applications=(ROW,)),
    detect=detect,
    package="zfxxgk.extensions",
    base="2021",
)
"""``Parser(extensions=[PROVINCIAL_2021])``: 2021-format reports with the extra row in section 三."""


# ---- 行政确认 in 第二十条第（六）项 ------------------------------------------------------------------
#
# Some provincial 2021-format reports print 第二十条第（六）项 with a third row, 「行政确认」
# (administrative confirmations decided in the year), beside 行政处罚 and 行政强制:
#
# * grammar — ``grammar/confirmation_2021.lark``: ``%extend item_6_row: ADMINISTRATIVE_CONFIRMATION CELL*``;
# * spec — an :class:`~zfxxgk.spec.ItemExtension` of ``item_6``: the row's key ``confirmation``;
# * detector — the 2021 detector, plus one when the label is printed inside the （六） block (the
#   words 行政确认 in prose do not count), else 0.

CONFIRMATION_ROW = Row("confirmation", "行政确认", "ADMINISTRATIVE_CONFIRMATION")

#: The （六） block's text in a match key: from its title to the next block's (or 60 characters).
_ITEM_6 = re.compile(r"第二十条第六项(.{0,60}?)(?:第二十条第|$)")


def detect_confirmation(key: str) -> float:
    block = _ITEM_6.search(key)
    return detect_2021(key) + 1.0 if block and "行政确认" in block.group(1) else 0.0


CONFIRMATION_2021 = Template(
    "2021-confirmation",
    "confirmation_2021.lark",
    spec=SpecExtension(items=(ItemExtension("item_6", rows=(CONFIRMATION_ROW,)),)),
    detect=detect_confirmation,
    package="zfxxgk.extensions",
    base="2021",
)
"""``Parser(extensions=[CONFIRMATION_2021])``: 2021-format reports with 行政确认 in 第二十条第（六）项."""
