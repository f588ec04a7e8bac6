"""Write the ``pdftotext_split_*`` fixtures: 四 cut by a page break as the real ``pdftotext`` (default
mode) reads it.  A report whose arithmetic holds (``benchmarks/score_shapes.py``'s generator, the
same draws ``/work/notes/ptcase.py`` shows: random.Random(20240601), a 2019 and a 2021 report with
distinct values), printed to PDF by reportlab (``tests/make_documents.py``) and read back by
``pdftotext``: 四's first nine values come after its header, its last six after 五、六, the
signature and the page number ``-2-`` — the page's other text — as pdftotext prints a table whose
remaining cells lie past the page's text flow.  ``tests/test_page_split.py`` asserts the fifteen
values, read off these files, and builds its negative cases from them.

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
    written = []
    for template in ("2019", "2021"):  # the first two draws: 2019 and 2021, style distinct
        report = S.generate(template, rng, "distinct")
        out = directory / f"pdftotext_split_{template}.txt"
        out.write_text(S._pdftotext(S._document(report, S.SPECS[template], "pdf"), False), encoding="utf-8")
        written.append(out)
    return written


if __name__ == "__main__":
    for p in write_fixtures():
        print(p)
