"""The key reference (``docs/keys.md``), generated from :mod:`zfxxgk.spec`.

``python -m zfxxgk.reference > docs/keys.md`` rewrites it; ``tests/test_reference.py`` fails when
the committed file and the spec disagree.
"""

from __future__ import annotations

from .spec import SPEC_2019, SPEC_2021, TableSpec, TemplateSpec

_HEAD = """# Canonical keys

Every table, row and column key of the national templates with the label the template prints.
Generated from `zfxxgk/spec.py` by `python -m zfxxgk.reference > docs/keys.md` (a test keeps it current).

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


if __name__ == "__main__":
    import sys

    sys.stdout.write(markdown())
