"""Write ``tests/fixtures/pdftotext_generated_2019.txt``: the real ``pdftotext`` (no ``-layout``) run on
the PDF ``benchmarks/score_shapes.py`` draws for its first report (2019 template, distinct values,
its default seed).  pdftotext prints header words of 二's tables among the values (行政事业性收费 ``-748``
before ``2635``) and 四's last six values after the page's other text.

    python tests/make_pdftotext.py        # needs reportlab and poppler's pdftotext
"""

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

import score_shapes  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "pdftotext_generated_2019.txt"


def main() -> None:
    rng = random.Random(20240601)  # score_shapes' default seed: its report 0
    report = score_shapes.generate("2019", rng, "distinct")
    shape = score_shapes.SHAPES["pdftotext"](report, score_shapes.SPECS["2019"])
    OUT.write_text(shape.source(shape.units), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
