"""Files generated from :mod:`zfxxgk.spec`: the key reference (``docs/keys.md``) and the grammars'
label terminals (``grammar/labels.lark``, and the same for the shipped extensions).

``python -m zfxxgk.reference`` rewrites them all; ``tests/test_reference.py`` fails when a committed
file and the spec disagree.  Why the spec is the source of the labels, not the grammar: see
:mod:`zfxxgk.spec`.  An extension of one's own can write its label terminals the same way::

    from zfxxgk.reference import lark_labels
    text = lark_labels([("第二十条第（六）项: 行政确认", [MY_ROW])], "mypackage/extension.py")
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable, Sequence

from . import vocabulary
from .extensions import legacy_statistics, provincial
from .spec import SPEC_2019, SPEC_2021, Header, Labelled, TableSpec, TemplateSpec

_HEAD = """# Canonical keys

Every table, row and column key of the national templates with the label the template prints.
Generated from `zfxxgk/spec.py` by `python -m zfxxgk.reference` (a test keeps it current).

A cell is addressed as `active_disclosure[item][row][column]`, `applications[row][column]` or
`review_litigation[group][column]`; exported cells carry the same keys in `table_key`, `item`,
`row_key`, `column_key`.  Rows marked *group* print a label but carry no numbers.
"""


def _table(t: TableSpec, heading: str) -> list[str]:
    out = [f"{heading} `{t.key}` — {t.title}", ""]
    out += ["| column | label |", "|---|---|"]
    out += [f"| `{c.key}` | {c.label}{f' ({c.unit})' if c.unit else ''} |" for c in t.columns]
    out += ["", "| row | label |", "|---|---|"]
    out += [f"| `{r.key}` | {r.label} |" if r.key else f"| *group* | {r.label} |" for r in t.rows]
    return out + [""]


def _template(name: str, spec: TemplateSpec) -> list[str]:
    out = [f"## Template `{name}`", "", "### `active_disclosure` — 二、主动公开政府信息情况", ""]
    for item in spec.active_disclosure:
        out += _table(item, "####")
    if spec.applications is not None:
        out += _table(spec.applications, "###")
        six = spec.applications.row_for("OTHER_HANDLING")
        if six is not None and six.key is None:
            out += ["A report in this form that prints （六）其他处理 as one row of values and none of its sub-rows (the "
                    "2019 layout) has it under `other_handling`, with a warning `other-handling-one-row`.", ""]
    review = spec.review_litigation
    if review is not None:
        out += ["### `review_litigation` — 四、政府信息公开行政复议、行政诉讼情况", "",
                "One row of numbers: each group × each column, group by group.", ""]
        out += ["| group | label |", "|---|---|"] + [f"| `{g.key}` | {g.label} |" for g in review.groups]
        out += ["", "| column | label |", "|---|---|"] + [f"| `{c.key}` | {c.label} |" for c in review.columns]
        out.append("")
    return out


_ARITHMETIC = """## Arithmetic the tables satisfy (`report.checks`)

| rule | identity |
|---|---|
| `applications.identity` | per column: `new_received + carried_over = total_processed + carried_forward` (the printed 勾稽 note) |
| `applications.outcomes` | per column: `total_processed` = `granted + partially_granted` + every `denied.*`, `unavailable.*`, `not_processed.*` + `other_handling` (2021: every `other_handling.*`, or `other_handling` when printed as one row) |
| `applications.row_total` | per row: `total` = the six applicant columns |
| `review_litigation.group_total` | per group: `total = upheld + corrected + other + pending` |
| `active_disclosure.year_change` | 2019 items 5, 6, 8: `previous_year + change = decisions` — a convention, `info` only |
"""


def markdown() -> str:
    """The whole reference as Markdown."""
    lines = [_HEAD]
    for name, spec in (("2019", SPEC_2019), ("2021", SPEC_2021)):
        lines += _template(name, spec)
    lines.append(_ARITHMETIC)
    return "\n".join(lines).rstrip() + "\n"


# ---- label terminals ---------------------------------------------------------------------------

def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _regex(pattern: str) -> str:
    return "/" + pattern.replace("/", "\\/") + "/"


def _definition(x: Labelled) -> str:
    if x.pattern is not None:
        return _regex(x.pattern)
    return " | ".join(_literal(t) for t in (x.label, *x.variants))


def lark_labels(sections: Iterable[tuple[str, Iterable[Labelled]]], source: str) -> str:
    """Lark terminal definitions for ``sections`` (a heading, then the rows, columns and header cells
    under it), one per terminal: its label, then its variants (or its ``pattern``).  A terminal named
    in several sections is written once; it must read the same everywhere (ValueError otherwise)."""
    out = [f"// Label terminals, generated from {source} by `python -m zfxxgk.reference`: do not edit.",
           "// A label or variant is changed there; grammars %import these terminals by name.  A terminal",
           "// that several tables print is written once, under the first of them.", ""]
    seen: dict[str, tuple[str, object]] = {}  # terminal → its definition, and what it matches
    for heading, items in sections:
        lines = []
        for x in items:
            text = _definition(x)
            matches = x.pattern if x.pattern is not None else frozenset((x.label, *x.variants))
            old = seen.get(x.terminal)
            if old is None:
                seen[x.terminal] = text, matches
                lines.append(f"{x.terminal}: {text}")
            elif old[1] != matches:
                raise ValueError(f"{x.terminal} is {old[0]} in one table and {text} in another")
        if lines:
            out += [f"// ---- {heading}", *lines, ""]
    return "\n".join(out).rstrip() + "\n"


def _table_labels(t: TableSpec) -> list[Labelled]:
    title = [Header(t.title, t.title_terminal)] if t.title_terminal else []
    return [*title, *t.headers, *t.columns, *t.rows]


def _spec_sections(name: str, spec: TemplateSpec) -> list[tuple[str, Sequence[Labelled]]]:
    out: list[tuple[str, Sequence[Labelled]]] = []
    for t in spec.active_disclosure:
        out.append((f"{name}: {t.title} (active_disclosure.{t.key})", _table_labels(t)))
    if spec.applications is not None:
        out.append((f"{name}: {spec.applications.title} (applications)", _table_labels(spec.applications)))
    if spec.review_litigation is not None:
        r = spec.review_litigation  # the groups' labels join two header cells: the headers are the terminals
        out.append((f"{name}: 四、政府信息公开行政复议、行政诉讼情况 (review_litigation)", [*r.headers, *r.columns]))
    for t in spec.tables:
        out.append((f"{name}: {t.title} ({t.key})", _table_labels(t)))
    return out


def labels_lark() -> str:
    """``grammar/labels.lark``: the label terminals of the national templates."""
    return lark_labels([*_spec_sections("2019", SPEC_2019), *_spec_sections("2021", SPEC_2021)], "zfxxgk/spec.py")


def vocabulary_lark() -> str:
    """``grammar/vocabulary.lark``: the terminals made of :mod:`zfxxgk.vocabulary`'s words."""
    return "\n".join([
        "// Terminals generated from zfxxgk/vocabulary.py by `python -m zfxxgk.reference`: do not edit.",
        "// common.lark %imports them; their words (units, metadata keys, title words) are changed there.",
        "",
        "// A table cell: a number with its unit, or a blank (vocabulary.CELL, vocabulary.UNITS)",
        f"CELL: {_regex(vocabulary.CELL)}",
        "",
        "// A metadata line before the report: key, colon, value (vocabulary.META_KEYS)",
        f"META.1: {_regex(vocabulary.META)}",
        "",
        "// The report title: …政府信息公开…报告, never a URL or a path (vocabulary.TITLE)",
        f"TITLE: {_regex(vocabulary.TITLE)}",
    ]) + "\n"


_PACKAGE = Path(__file__).resolve().parent


def extension_labels_lark() -> dict[str, str]:
    """The shipped extensions' label terminals: file name (in ``extensions/grammar``) → text."""
    stats = legacy_statistics.TABLE
    return {
        "legacy_statistics_labels.lark": lark_labels(
            [(f"{stats.title} ({stats.key})", [*stats.headers, *stats.columns, *stats.rows]),
             ("the 单位 column's units (zfxxgk/vocabulary.py)", [legacy_statistics.UNIT_CELL])],
            "zfxxgk/extensions/legacy_statistics.py"),
        "provincial_labels.lark": lark_labels(
            [("2021-provincial: 三、收到和处理政府信息公开申请情况 (applications)", [provincial.ROW]),
             ("2021-confirmation: 第二十条第（六）项 (active_disclosure.item_6)", [provincial.CONFIRMATION_ROW])],
            "zfxxgk/extensions/provincial.py"),
    }


def generated() -> dict[Path, str]:
    """Every generated file: its path and its text as the spec makes it now."""
    files = {
        _PACKAGE.parent / "docs" / "keys.md": markdown(),
        _PACKAGE / "grammar" / "labels.lark": labels_lark(),
        _PACKAGE / "grammar" / "vocabulary.lark": vocabulary_lark(),
    }
    for name, text in extension_labels_lark().items():
        files[_PACKAGE / "extensions" / "grammar" / name] = text
    return files


def main() -> None:
    for path, text in generated().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
