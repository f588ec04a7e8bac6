"""The template's printed labels for canonical keys: what a person reads beside ``denied.state_secret``.

Used by ``zfxxgk export`` (label columns beside the keys), ``zfxxgk diff`` and ``zfxxgk show``.
Labels come from the spec of the report's template (:mod:`zfxxgk.spec`, extensions included: the
spec a report carries, :attr:`zfxxgk.Report.spec`), so an unknown template gives ``None`` labels,
never a guess.

    >>> from zfxxgk.labels import Labels
    >>> Labels.of("2019").cell("applications", None, "denied.state_secret", "natural_person")
    (None, '1.属于国家秘密', '自然人')
"""

from __future__ import annotations

import re
from functools import lru_cache

from .spec import TemplateSpec


class Labels:
    """Printed labels of one template: ``cell(table, item, row, column)`` → ``(item, row, column)`` labels."""

    def __init__(self, spec: TemplateSpec | None):
        self.spec = spec
        self._items: dict[str, str] = {}
        self._rows: dict[tuple[str, str | None], dict[str, str]] = {}
        self._cols: dict[tuple[str, str | None], dict[str, str]] = {}
        if spec is None:
            return
        for t in spec.active_disclosure:
            self._items[t.key] = t.title
            self._rows["active_disclosure", t.key] = {r.key: r.label for r in t.rows if r.key}
            self._cols["active_disclosure", t.key] = {c.key: c.label for c in t.columns}
        if spec.applications is not None:
            a = spec.applications
            self._rows["applications", None] = {r.key: r.label for r in a.rows if r.key}
            self._cols["applications", None] = {c.key: c.label for c in a.columns}
        if spec.review_litigation is not None:
            r = spec.review_litigation
            self._rows["review_litigation", None] = {g.key: g.label for g in r.groups}
            self._cols["review_litigation", None] = {c.key: c.label for c in r.columns}
        for t in spec.tables:
            self._rows[t.key, None] = {r.key: r.label for r in t.rows if r.key}
            self._cols[t.key, None] = {c.key: c.label for c in t.columns}

    @staticmethod
    def of(template: str | None, parser=None) -> "Labels":
        """The labels of the template registered as ``template`` on ``parser`` (default: the built-in
        parser); empty when unknown."""
        if parser is None:
            return _labels_of(template)
        from .errors import ReportError

        try:
            return Labels.for_spec(parser.template(template).spec) if template else Labels(None)
        except ReportError:
            return Labels(None)

    @staticmethod
    def of_report(report, parser=None) -> "Labels":
        """The labels of ``report``'s template: of the spec it carries, else looked up by its name
        (see :func:`zfxxgk.api.spec_of`)."""
        from .api import spec_of

        return Labels.for_spec(spec_of(report, parser))

    @staticmethod
    def for_spec(spec: TemplateSpec | None) -> "Labels":
        """``Labels(spec)``, made once per spec (an export asks for every report)."""
        key = id(spec)
        hit = _BY_SPEC.get(key)
        if hit is None or hit.spec is not spec:
            if len(_BY_SPEC) > 64:
                _BY_SPEC.clear()
            hit = _BY_SPEC[key] = Labels(spec)
        return hit

    def item(self, item: str | None) -> str | None:
        return self._items.get(item) if item else None

    def row(self, table: str, item: str | None, row: str) -> str | None:
        return self._rows.get((table, item), {}).get(row)

    def column(self, table: str, item: str | None, column: str) -> str | None:
        return self._cols.get((table, item), {}).get(column)

    def cell(self, table: str, item: str | None, row: str, column: str) -> tuple[str | None, str | None, str | None]:
        return self.item(item), self.row(table, item, row), self.column(table, item, column)


_BY_SPEC: dict[int, Labels] = {}  # id(spec) → its labels (each holds its spec, so the id stays its own)


@lru_cache(maxsize=32)
def _labels_of(template: str | None) -> Labels:
    from .api import default_parser
    from .errors import ReportError

    if not template:
        return Labels(None)
    try:
        return Labels(default_parser().template(template).full_spec)
    except ReportError:
        return Labels(None)


_PAREN = re.compile(r"[（(][^）)]*[）)]")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])")


#: Words every label of section 三 repeats; a short label leaves them out.
_REPEATED = ("政府信息公开", "政府信息")

#: Short forms of column headers that do not shorten by cutting.
SHORT_COLUMNS = {"社会公益组织": "公益组织", "法律服务机构": "法律服务", "本年收费金额（单位：万元）": "收费金额(万元)",
                 "行政诉讼 未经复议直接起诉": "诉讼(直接)", "行政诉讼 复议后起诉": "诉讼(复议后)"}


def short(label: str, width: int = 8) -> str:
    """A short form of a printed label for narrow screens: the leading ordinal kept, an explanatory
    parenthesis and the words every row repeats (政府信息公开) dropped
    (``（二）部分公开（区分处理的…）`` → ``（二）部分公开``, ``一、本年新收政府信息公开申请数量`` →
    ``一、本年新收申请数量``), then cut to ``width`` characters with ``…`` (the ordinal does not count)."""
    if label in SHORT_COLUMNS:
        return SHORT_COLUMNS[label]
    m = _ORDINAL.match(label)
    head, rest = (m.group(0), label[m.end():]) if m else ("", label)
    rest = _PAREN.sub("", rest).strip() or rest
    for word in _REPEATED:
        if rest != word:
            rest = rest.replace(word, "")
    if len(rest) > width:
        rest = rest[: width - 1] + "…"
    return head + rest
