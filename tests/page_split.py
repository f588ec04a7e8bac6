"""Write ``tests/fixtures/pdftotext_split_2021.txt``: 四 cut by a page break as the real ``pdftotext``
(default mode) reads it.  A report whose arithmetic holds (``benchmarks/score_shapes.py``'s generator,
its second draw at its default seed: 2021, distinct values — the first, 2019, is
``pdftotext_generated_2019.txt`` of ``tests/make_pdftotext.py``), printed to PDF by reportlab
(``tests/make_documents.py``) and read back by ``pdftotext``: 四's first nine values come after its
header, its last six after 五、六, the signature and the page number ``-2-`` — the page's other
text — as pdftotext prints a table whose remaining cells lie past the page's text flow.
``tests/test_page_split.py`` asserts the fifteen values of both files, read off them, and builds its
negative cases from this one.

    python tests/page_split.py      # needs reportlab and pdftotext (poppler-utils)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


def write_fixtures(directory: Path = FIXTURES) -> list[Path]:
    sys.path[:0] = [str(HERE.parent / "benchmarks"), str(HERE)]
    import score_shapes as S

    rng = random.Random(20240601)
    S.generate("2019", rng, "distinct")  # the first draw (make_pdftotext.py's)
    report = S.generate("2021", rng, "distinct")
    out = directory / "pdftotext_split_2021.txt"
    out.write_text(S._pdftotext(S._document(report, S.SPECS["2021"], "pdf"), False), encoding="utf-8")
    return [out]


if __name__ == "__main__":
    for p in write_fixtures():
        print(p)
