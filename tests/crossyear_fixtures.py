"""Build the cross-year fixtures from seed_002 (益阳市资阳区, 2020, 2019 template, one cell per line).

    python tests/crossyear_fixtures.py          # rewrites tests/fixtures_crossyear/*.txt

Three reports of one organ, derived by rewriting the seed's table lines (found through the parse's
cell lines, so every other line stays as published):

* ``ziyang_2020.txt`` — year N: the seed, with section 三 filled with small numbers that satisfy its
  own arithmetic (the seed's are all 0, which cannot show a carry-over).
* ``ziyang_2021_consistent.txt`` — year N+1 (every year in the text +1): 二、上年结转 equals N's
  四、结转下年度 in every column; Article 20 (五)(六) 上一年项目数量 equal N's 处理决定数量.
* ``ziyang_2021_inconsistent.txt`` — the same N+1 with one carried-over application moved from
  商业企业 to 自然人 (二、上年结转 natural_person 3, commercial 0; 一、本年新收 compensates, so the
  report still agrees with itself and 总计 still carries over) and 行政强制 上一年项目数量 250 instead of
  N's 257.  Expected: cross_year.carry_over fails in exactly natural_person and commercial; the info
  comparison fails for item_6/coercion.

Each derived report satisfies every check of its own (asserted in tests/test_crossyear.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import zfxxgk

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "seed_002_yiyang_ziyang_2020.txt"
OUT = Path(__file__).resolve().parent / "fixtures_crossyear"

COLUMNS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")


def _row(**values) -> dict[str, int]:
    """Six applicant columns (0 unless given) and their 总计."""
    row = {c: values.get(c, 0) for c in COLUMNS}
    return {**row, "total": sum(row.values())}


#: Section 三 of each year; identity per column: new_received + carried_over = total_processed + carried_forward.
YEAR_N = {
    "new_received": _row(natural_person=5, commercial=2),
    "carried_over": _row(),
    "granted": _row(natural_person=3, commercial=1),
    "total_processed": _row(natural_person=3, commercial=1),
    "carried_forward": _row(natural_person=2, commercial=1),
}
YEAR_N1 = {
    "new_received": _row(natural_person=4),
    "carried_over": _row(natural_person=2, commercial=1),   # = YEAR_N carried_forward
    "granted": _row(natural_person=5, commercial=1),
    "total_processed": _row(natural_person=5, commercial=1),
    "carried_forward": _row(natural_person=1),
}
YEAR_N1_BROKEN = {
    **YEAR_N1,
    "new_received": _row(natural_person=3, commercial=1),
    "carried_over": _row(natural_person=3, commercial=0),   # ≠ YEAR_N carried_forward (2, 1); total 3 = 3
}


def _article20_next(seed: zfxxgk.Report, *, coercion_previous: int | None = None) -> dict:
    """Year N+1's (五)(六): previous_year = N's decisions, the same change, decisions = previous + change."""
    out = {}
    for item in ("item_5", "item_6"):
        for row, cols in seed.active_disclosure[item].items():
            prev = cols["decisions"].value
            if row == "coercion" and coercion_previous is not None:
                prev = coercion_previous
            change = cols["change"].value
            out[item, row] = {"previous_year": prev, "change": change, "decisions": prev + change}
    return out


def _shift_years(text: str) -> str:
    return re.sub(r"(?<!\d)(20[12]\d)(?!\d)", lambda m: str(int(m.group(1)) + 1), text)


def derive(seed_path: Path = SEED) -> dict[str, str]:
    """The three fixture texts, by file name."""
    text = seed_path.read_text(encoding="utf-8")
    seed = zfxxgk.parse(text)
    lines = text.split("\n")

    def rewrite(applications: dict, article20: dict | None, shift: bool) -> str:
        out = list(lines)

        def put(cell: zfxxgk.Cell, value: int) -> None:
            i = cell.line - 1
            assert out[i].strip() == cell.raw, (cell.line, out[i], cell.raw)  # one cell per line in this seed
            out[i] = out[i].replace(cell.raw, str(value))

        for row, cols in applications.items():
            for col, value in cols.items():
                put(seed.applications[row][col], value)
        for (item, row), cols in (article20 or {}).items():
            for col, value in cols.items():
                put(seed.active_disclosure[item][row][col], value)
        result = "\n".join(out)
        return _shift_years(result) if shift else result

    return {
        "ziyang_2020.txt": rewrite(YEAR_N, None, False),
        "ziyang_2021_consistent.txt": rewrite(YEAR_N1, _article20_next(seed), True),
        "ziyang_2021_inconsistent.txt": rewrite(YEAR_N1_BROKEN, _article20_next(seed, coercion_previous=250), True),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, text in derive().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(OUT / name)


if __name__ == "__main__":
    main()
