"""Re-render a parsed seed as pymupdf4llm writes a PDF's Markdown (issue 9 shape 3), so the truth
of every value is known without the converter.  Writes the ``pymupdf_*`` fixtures:
``python tests/pymupdf_md.py``.

The conventions, read off pymupdf4llm 2.0's real output on ``/work/shared/samples/hongze_2024_report.pdf``
(committed as ``tests/fixtures/pymupdf4llm_hongze_2024.md``):

* GFM rows without spaces (``|a|b|``), a ``|---|---|`` rule under the first row;
* a merged cell's text **repeated in every slot it covers**, across and down — except in the first
  row, whose covered slots are named ``Col2``, ``Col3`` … (the converter's header names), and
  except slots covered by a cell that started on the previous page (left empty);
* a table continued on the next page is a new Markdown table whose first row (a value row) is
  taken for its header: its empty cells are ``Col1``, ``Col2`` …;
* a cell's wrapped lines joined by ``<br>`` (``商业<br>企业``, long labels every 22 characters);
* chapter headings underlined (``<u>二、…</u>``), the title as ``#``; paragraphs wrapped at 28
  characters with a blank line after every line; page numbers as indented ``- N`` lines.
"""

from __future__ import annotations

import sys
from pathlib import Path

from zfxxgk.model import Report
from zfxxgk.spec import TemplateSpec

sys.path.insert(0, str(Path(__file__).resolve().parent))
from relayout_frontends import document, place_spans  # noqa: E402

WRAP = 28
CELL_WRAP = 22


def _wrap_cell(text: str, narrow: bool) -> str:
    width = 2 if narrow and 3 < len(text) <= 7 else CELL_WRAP
    if len(text) <= width or any(ch.isdigit() for ch in text[:1]) and text.replace(".", "").replace("-", "").isdigit():
        return text
    return "<br>".join(text[i:i + width] for i in range(0, len(text), width))


def _layout(rows: list) -> list[list[tuple[str, tuple[int, int]]]]:
    """Spanned ``(text, colspan, rowspan)`` rows → a full grid of ``(text, (row, column) where the
    cell starts)``."""
    taken: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    placed = place_spans(rows)
    for r, c, cs, rs, text in placed:
        for dr in range(rs):
            for dc in range(cs):
                taken[(r + dr, c + dc)] = (text, (r, c))
    width = max((c + cs for _, c, cs, _, _ in placed), default=0)
    return [[taken.get((r, c), ("", (r, c))) for c in range(width)] for r in range(len(rows))]


def _table(rows: list, breaks: set[int], numbers: list[int]) -> list[str]:
    """Markdown lines of one table; ``breaks``: row indices where a new page starts (its foot
    numbered by the next of ``numbers``, the page count so far)."""
    grid = _layout(rows)
    out: list[str] = []
    start = 0
    for r, row in enumerate(grid):
        if r in breaks and r > start:
            numbers[0] += 1
            out += ["", "", f"{' ' * 40}- {numbers[0]}", ""]
            start = r
        narrow = r < 3 and len(row) > 4
        cells = []
        for c, (text, (r0, c0)) in enumerate(row):
            if (r0, c0) != (r, c) and r0 < start:
                text = ""  # covered by a cell printed on the previous page
            elif r == start and (r0, c0) != (r, c) and r0 == r:
                text = ""  # the first row's covered slots: named ColN below
            cells.append(_wrap_cell(text, narrow) if text else "")
        if r == start:
            cells = [t or f"Col{c + 1}" for c, t in enumerate(cells)]
            out.append("|" + "|".join(cells) + "|")
            out.append("|" + "|".join("---" for _ in cells) + "|")
        else:
            out.append("|" + "|".join(cells) + "|")
    return out


def render(report: Report, spec: TemplateSpec) -> str:
    meta = report.meta
    out = [f"# {meta.title or '政府信息公开工作年度报告'}", ""]
    page = 1
    numbers = [0]  # pages ended so far: page numbers run on across paragraphs and tables, as printed
    for block in document(report, spec):
        if block[0] == "h":
            _, level, text = block
            out += [f"<u>{text}</u>" if level == 1 else text, "", ""]
        elif block[0] == "p":
            text = block[1]
            for i in range(0, len(text), WRAP):
                out += [text[i:i + WRAP], "", ""]
                if len(out) // 60 >= page:
                    page += 1
                    numbers[0] += 1
                    out += [f"{' ' * 45}- {numbers[0]}", ""]
        else:
            rows = block[1]
            # 三 breaks over a page two thirds down; shorter tables stay on one page
            breaks = {len(rows) * 2 // 3} if len(rows) > 10 else set()
            out += [""] + _table(rows, breaks, numbers) + ["", ""]
    return "\n".join(out) + "\n"


def write_fixtures(directory) -> list[Path]:
    import zfxxgk
    from zfxxgk.spec import SPEC_2019, SPEC_2021

    root = Path(__file__).resolve().parent.parent
    written = []
    for seed in ("000", "001", "002", "003"):
        src = next((root / "examples").glob(f"seed_{seed}_*.txt"))
        report = zfxxgk.parse_file(src)
        spec = {"2019": SPEC_2019, "2021": SPEC_2021}[report.meta.template]
        path = Path(directory) / f"pymupdf_{seed}.md"
        path.write_text(render(report, spec), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_fixtures(Path(__file__).resolve().parent / "fixtures"):
        print(p)
