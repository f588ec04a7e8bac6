"""A provincial variant of the 2021 format, as an extension: one extra row in section 三.

Some provincial offices print a fourth row under ``（六）其他处理``: ``4.转送其他机关办理``
(applications transferred to the body that holds the information).  The extension is the
smallest kind there is — no new rule, so no transformer:

* grammar — ``grammar/provincial_2021.lark``: ``%extend _application_label: OTHER_HANDLING_TRANSFERRED``;
* spec — the row's key ``other_handling.transferred`` and label, added before ``（七）总计``;
* detector — the 2021 detector, plus one when the row's label is in the text (and 0 when it is not,
  so plain 2021 reports stay ``"2021"``).
"""

from __future__ import annotations

from ..parser.templates import Template, detect_2021
from ..spec import Row, SpecExtension

__all__ = ["PROVINCIAL_2021", "ROW", "detect"]

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
