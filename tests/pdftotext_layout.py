"""Write the ``tests/fixtures_layout/pdftotext_<seed>_numbers_layout`` fixtures: seeds 001 (2021 form) and 002 (2019 form)
with every cell of 三 and 四 a different number (``make_documents.numbered``, the arithmetic kept),
printed as ``make_documents.build_pdf`` prints a seed (reportlab, ruled tables, the national form's
merged cells), then read back by the real ``pdftotext -layout``.

``pdftotext -layout`` prints a merged label of table 三's left columns (三、本年度办理结果, （三）不予公开,
（五）不予处理, …) wrapped a few characters a line, on the lines of the rows beside it::

    年度办             3.危及“三安全一稳定”        8    15    22    29     5    12    91
    （五）不予处         3.要求提供公开出版物        …

    python tests/pdftotext_layout.py     # from the repository root; rewrites the two files

(needs ``pdftotext`` from poppler-utils; the files are committed, the tests only read them).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import make_documents  # noqa: E402

SEEDS = ("001", "002")


def truth(n: str):
    """The report the fixture of seed ``n`` prints: the seed, its 三 and 四 renumbered."""
    report, spec = make_documents.seed(n)
    return make_documents.numbered(report, spec), spec


def layout_text(n: str) -> str:
    report, spec = truth(n)
    saved = make_documents.seed
    make_documents.seed = lambda _: (report, spec)
    try:
        with tempfile.TemporaryDirectory() as d:
            pdf = Path(d) / "x.pdf"
            make_documents.build_pdf(pdf, n)
            out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True,
                                 check=True)
    finally:
        make_documents.seed = saved
    return out.stdout.decode("utf-8")


def write_fixtures(directory: Path) -> list[Path]:
    written = []
    for n in SEEDS:
        path = directory / f"pdftotext_{n}_numbers_layout.txt"
        path.write_text(layout_text(n), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_fixtures(HERE / "fixtures_layout"):
        print(p.relative_to(HERE.parent))
