"""Write the real ``pdftotext`` (no ``-layout``) output of PDFs as text fixtures:

* ``tests/fixtures/pdftotext_generated_2019.txt``: of the PDF ``benchmarks/score_shapes.py`` draws for its
  first report (2019 template, distinct values, its default seed).  pdftotext prints header words of
  二's tables among the values (行政事业性收费 ``-748`` before ``2635``) and 四's last six values after the
  page's other text.
* ``tests/fixtures/pdftotext_pdf_000_numbers.txt``: of ``tests/fixtures/documents/pdf_000_numbers.pdf``
  (``tests/make_documents.py``: seed 000 as Word exports it, 三's cells numbered): a page break moves
  the label 一、本年新收… after the rows that follow it.
* ``tests/fixtures/pdftotext_wps_001_numbers.txt``: of seed 001 as WPS exports it with 三's and 四's cells
  numbered (``make_documents.build_producer_pdf(…, "wps", open_sides=True, numbers=True)``, as
  ``pdf_001_wps_open.pdf`` but numbered): the group label 三、本年度办理结果 merged over the outcome
  rows leaves ``三、`` on the line of （一）予以公开.

    python tests/make_pdftotext.py        # needs reportlab and poppler's pdftotext
"""

import random
import subprocess
import sys
import tempfile
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
    import make_documents

    with tempfile.TemporaryDirectory() as tmp:
        wps = Path(tmp) / "wps_001_numbers.pdf"
        make_documents.build_producer_pdf(wps, "001", "wps", open_sides=True, numbers=True)
        for pdf, name in ((ROOT / "tests" / "fixtures" / "documents" / "pdf_000_numbers.pdf", "pdf_000_numbers"),
                          (wps, "wps_001_numbers")):
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
            out = ROOT / "tests" / "fixtures" / f"pdftotext_{name}.txt"
            out.write_bytes(text)
            print(f"wrote {out}")


if __name__ == "__main__":
    main()
