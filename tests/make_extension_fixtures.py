"""Write the Article 20 extension fixtures of ``tests/fixtures_extensions/`` from seed 001's numbers.

    python tests/make_extension_fixtures.py          # from the repository root

Seed 001 (a 2021-format report) is parsed, one row or column the extension adds is given a value,
and the tables are rendered again with ``tests/relayout.py`` under the extension's spec:

* ``confirmation_2021_rows.txt`` / ``_cells.txt`` — 第二十条第（六）项 with a third row
  ``行政确认 | 3`` (``zfxxgk.extensions:CONFIRMATION_2021``), one row per line / one cell per line;
* ``on_the_spot_2021_rows.txt`` — 第二十条第（五）项 with a second column ``其中：当场办结数量``,
  ``行政许可 | 752 | 600`` (the test-only extension ``ON_THE_SPOT`` of ``tests/test_extensions.py``).

The seed's other figures are kept as they are; the organ (临川县城关镇, as in
``provincial_2021_rows.txt``) and the added figures are made up.
"""

from __future__ import annotations

import sys
from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import zfxxgk  # noqa: E402
from relayout import render  # noqa: E402
from zfxxgk.spec import Column, ItemExtension, SpecExtension  # noqa: E402

SEED = HERE.parent / "examples" / "seed_001_dingzhou_zhuanlu_2023_traditional.txt"
OUT = HERE / "fixtures_extensions"
TITLE = "临川县城关镇2022年政府信息公开工作年度报告"

#: The column of ``on_the_spot_2021_rows.txt`` (also the test's ItemExtension).
ON_THE_SPOT = Column("on_the_spot", "其中：当场办结数量", "ON_THE_SPOT")
ON_THE_SPOT_SPEC = SpecExtension(items=(ItemExtension("item_5", columns=(ON_THE_SPOT,)),))


def _with(report, item: str, row: str, cells: dict) -> zfxxgk.Report:
    active = {k: {r: dict(c) for r, c in v.items()} for k, v in report.active_disclosure.items()}
    active[item].setdefault(row, {}).update(cells)
    return attrs.evolve(report, meta=attrs.evolve(report.meta, title=TITLE), active_disclosure=active)


def fixtures() -> dict[str, str]:
    from zfxxgk.extensions import CONFIRMATION_2021

    seed = zfxxgk.parse_file(SEED)
    out = {}
    spec = zfxxgk.Parser(extensions=[CONFIRMATION_2021]).template("2021-confirmation").spec
    confirmed = _with(seed, "item_6", "confirmation", {"decisions": zfxxgk.Cell(3, "3")})
    out["confirmation_2021_rows.txt"] = render(confirmed, spec, "rows")
    out["confirmation_2021_cells.txt"] = render(confirmed, spec, "cells")
    spec = ON_THE_SPOT_SPEC.apply(seed.spec)
    out["on_the_spot_2021_rows.txt"] = render(_with(seed, "item_5", "licensing", {"on_the_spot": zfxxgk.Cell(600, "600")}),
                                              spec, "rows")
    return out


if __name__ == "__main__":
    for name, text in fixtures().items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name}")
