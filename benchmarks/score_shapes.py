#!/usr/bin/env python
"""Score every table value of generated reports in every shape we claim to read, with and without damage.

    python benchmarks/score_shapes.py                 # 8 reports (2019 and 2021), every shape × damage
    python benchmarks/score_shapes.py --n 40 --seed 7 # more reports, another draw
    python benchmarks/score_shapes.py --json out.json # the table as JSON too ("-" for stdout)
    python benchmarks/score_shapes.py --shapes html,pdf --damages none,cut
    python benchmarks/score_shapes.py --keep /tmp/cases  # write every input that shows a bug

The maintainers score each value of real reports in these shapes and run attack suites of damaged
inputs; this is the same measure on inputs whose truth is known.  Each report is generated with its
arithmetic holding (三's row totals, outcome sum and 勾稽 identity; 四's group totals; 2019 二's
``previous_year + change = decisions`` so 本年增/减 is often negative), in one of two styles:
``distinct`` (independent cells drawn without replacement, so a moved value shows) or ``zeros``
(most cells 0, as real reports are).  2019 item 9's amount carries 万元 (sometimes a decimal), the
2021 fee amount is sometimes a decimal.

Shapes (renderers in ``tests/``: relayout.py, relayout_frontends.py, damaged.py, shredded.py,
make_documents.py): ``cells`` one cell per line · ``rows`` pipe rows · ``pipes`` ``x |`` cells with
``|||`` fillers on their own line · ``spans`` ``x ||`` spans on the cell's line · ``markdown`` ·
``html`` (a saved page with chrome) · ``trad_pinyin`` traditional script with pinyin glosses ·
``gb18030`` / ``big5`` bytes · ``glued`` cells run together · ``oneline_spaces`` / ``oneline_glued``
(the body on one line) · ``crawler_lines`` / ``crawler_oneline`` (a crawler's metadata block) ·
``shredded_*`` (PDF→Markdown, pdftotext, pdftotext -layout as modelled by shredded.py) ·
``pdftotext`` / ``pdftotext_layout`` (the real ``pdftotext`` run on the reportlab PDF) ·
``pymupdf_md`` (pymupdf4llm's real Markdown of that PDF, when pymupdf4llm is importable) · ``pdf`` ·
``pdf_unruled`` · ``docx``.

Damage (on the shape's lines — for one-line shapes its parts — or on its bytes): ``none`` ·
``cut`` at a random line of the tables · ``del_line`` any one line · ``del_table_line`` a line of the
tables · ``byte_drop`` / ``byte_flip`` / ``byte_insert`` one byte in the tables (PDF/DOCX: anywhere).

Per value of the truth: ``right`` placed under its key with its value; ``WRONG`` a placed value under
a key whose truth differs (or a key the truth lacks) — always a bug, unless the damage itself wrote
that number (``altered``); ``reported`` not placed but in a diagnostic's ``cells`` (a PDF's value: or on a
page an ``error`` ``damaged-pdf`` or ``no-text-layer`` names — the page as the undamaged PDF reads it — or a page tree that lost
pages, an error without a page, when nothing of the value survives to be kept); ``gone`` not
placed and the damage removed it from the text; ``LOST`` none of these — a bug; ``rejected`` the
whole input raised ``ReportError``.  ``crash``: any other exception — a bug.
"""

from __future__ import annotations

import argparse
import html as _html
import json
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zlib
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import zfxxgk  # noqa: E402
from zfxxgk.model import Cell, Meta, Report, Section, Signature  # noqa: E402
from zfxxgk.spec import SPEC_2019, SPEC_2021  # noqa: E402

import damaged  # noqa: E402
import relayout  # noqa: E402
import relayout_frontends as fe  # noqa: E402
import shredded  # noqa: E402

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
SEED_001 = ROOT / "examples" / "seed_001_dingzhou_zhuanlu_2023_traditional.txt"

# ---- generated reports --------------------------------------------------------------------------


def generate(template: str, rng: random.Random, style: str) -> Report:
    """A report whose arithmetic holds; ``style`` ``distinct`` or ``zeros``."""
    spec = SPECS[template]
    pool = rng.sample(range(1, 3000), 400)

    def free(hi: int = 40) -> int:
        if style == "zeros":
            return 0 if rng.random() < 0.85 else rng.randint(1, hi)
        return pool.pop()

    def cell(v, unit=None, decimal=False) -> Cell:
        if decimal:
            v = Decimal(v) / 100
        raw = f"{v}{unit or ''}"
        return Cell(v, raw, unit)

    app = spec.applications
    outcome = [r.key for r in app.rows if r.key is not None and r.key not in
               ("new_received", "carried_over", "total_processed", "carried_forward")]
    cols = [c.key for c in app.columns if c.key != "total"]
    t = {k: {c: free() for c in cols} for k in outcome}
    t["total_processed"] = {c: sum(t[k][c] for k in outcome) for c in cols}
    t["carried_forward"] = {c: free() for c in cols}
    t["carried_over"] = {c: (0 if style == "zeros" and rng.random() < 0.7 else
                             rng.randint(0, t["total_processed"][c] + t["carried_forward"][c])) for c in cols}
    t["new_received"] = {c: t["total_processed"][c] + t["carried_forward"][c] - t["carried_over"][c] for c in cols}
    apps = {k: {**{c: cell(v) for c, v in row.items()}, "total": cell(sum(row.values()))} for k, row in t.items()}
    review = {}
    for g in spec.review_litigation.groups:
        parts = [free(5) for _ in range(4)]
        review[g.key] = {c.key: cell(v) for c, v in zip(spec.review_litigation.columns, [*parts, sum(parts)])}
    active = {}
    for item in spec.active_disclosure:
        rows = {}
        for row in item.rows:
            keys = [c.key for c in item.columns]
            if "change" in keys:
                prev, dec = free(900), free(900)
                vals = {"previous_year": cell(prev), "change": cell(dec - prev)}
                if "decisions" in keys:
                    vals["decisions"] = cell(dec)
            elif item.key == "item_9":
                dec = rng.random() < 0.3
                vals = {"procurement_count": cell(free()),
                        "procurement_amount": cell(free(90000), "万元", dec)}
            elif "fee_amount" in keys:
                dec = rng.random() < 0.4
                vals = {"fee_amount": cell(free(900), None, dec)}
            else:
                vals = {k: cell(free(900)) for k in keys}
            rows[row.key] = vals
        active[item.key] = rows
    sections = (Section("一、", "总体情况", 1, 0, ("本年度我县政府信息公开工作情况如下。",)),
                Section("二、", "主动公开政府信息情况", 1, 0), Section("三、", "收到和处理政府信息公开申请情况", 1, 0),
                Section("四、", "政府信息公开行政复议、行政诉讼情况", 1, 0),
                Section("五、", "存在的主要问题及改进情况", 1, 0, ("一是公开内容不够全面。下一步将加强培训。",)),
                Section("六、", "其他需要报告的事项", 1, 0, ("无。",)))
    year = 2020 if template == "2019" else 2022
    return Report(Meta(f"示例县{year}年政府信息公开工作年度报告", "示例县人民政府", year, None, template, "simplified"),
                  sections=sections, active_disclosure=active, applications=apps, review_litigation=review,
                  signature=Signature("示例县人民政府", None, f"{year + 1}年1月20日"))


def truth_of(report: Report) -> dict:
    return {(t, i, r, c): cell.value for t, i, r, c, cell in report.cells()}


# ---- shapes: each gives (units, join, encoding) or bytes ------------------------------------------


def _lines(text: str) -> list[str]:
    return text.rstrip("\n").split("\n")


_GLOSS: dict[str, str] = {}


def pinyin(text: str) -> str:
    """Pinyin after every traditional character seed 001 glosses (``公開(kāi)``), as its mirror prints them."""
    if not _GLOSS:
        src = SEED_001.read_text(encoding="utf-8")
        _GLOSS.update(re.findall(r"([^\x00-\x7f])\(([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\)", src))
    return "".join(f"{ch}({_GLOSS[ch]})" if ch in _GLOSS else ch for ch in text)


def _crawler_block(report: Report) -> str:
    damaged.SEEDS.setdefault("gen", {})
    damaged.SEEDS["gen"] = {"title": report.meta.title, "published": "2021-01-22 10:31", "organ": report.meta.organ}
    return damaged.metadata_block("gen")


class Shape:
    """``units`` (lines, or parts of a one-line body), ``join`` them back, ``encoding`` of the bytes."""

    def __init__(self, units, join="\n".join, encoding="utf-8", convert=None, strip_tags=False):
        self.units, self.join, self.encoding, self.convert, self.strip_tags = units, join, encoding, convert, strip_tags

    def text(self, units) -> str:
        text = self.join(units)
        return self.convert(text) if self.convert else text

    def source(self, units):
        text = self.text(units)
        return text.encode(self.encoding) if self.encoding != "utf-8" else text


def _oneline(text: str, sep: str, prefix: str = "") -> Shape:
    parts = damaged.parts(text)
    return Shape(parts, join=lambda u, s=sep, p=prefix: p + s.join(u) + "\n")


_PDF_CACHE: dict = {}


def _document(report: Report, spec, kind: str) -> bytes:
    """The report as a PDF (reportlab) or DOCX (python-docx), by tests/make_documents.py's builders."""
    key = (id(report), kind)
    if key in _PDF_CACHE and _PDF_CACHE[key][0] is report:  # an id is reused once its report is gone
        return _PDF_CACHE[key][1]
    import make_documents

    saved = make_documents.seed
    make_documents.seed = lambda n: (report, spec)
    try:
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / ("x.docx" if kind == "docx" else "x.pdf")
            if kind == "docx":
                make_documents.build_docx(path, "gen", via_style=False)
            else:
                make_documents.build_pdf(path, "gen", ruled=kind != "pdf_unruled")
            data = path.read_bytes()
    finally:
        make_documents.seed = saved
    if len(_PDF_CACHE) > 8:
        _PDF_CACHE.clear()
    _PDF_CACHE[key] = (report, data)
    return data


def _pdftotext(pdf: bytes, layout: bool) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), f.name, "-"]
        return subprocess.run(args, capture_output=True, check=True).stdout.decode("utf-8")


def _pymupdf_markdown():
    """pymupdf4llm's ``to_markdown`` (PDF → Markdown as PyMuPDF-based converters write it), or ``None``
    when it is not installed (it is no dependency of ours: ``pip install --target DIR pymupdf tabulate
    psutil`` and put DIR on PYTHONPATH).  Its 2.0 package imports onnxruntime for OCR, which the
    classic converter used here never calls: a stand-in module lets it import without it."""
    import types

    try:
        import onnxruntime  # noqa: F401
    except ImportError:
        stub = types.ModuleType("onnxruntime")
        stub.InferenceSession = object
        sys.modules.setdefault("onnxruntime", stub)
    try:
        import pymupdf
        from pymupdf4llm.helpers import pymupdf_rag
    except Exception:  # noqa: BLE001 — optional, any import failure means "not available"
        return None
    return lambda pdf: pymupdf_rag.to_markdown(pymupdf.open(stream=pdf, filetype="pdf"), show_progress=False)


def _s2t(text: str) -> str:
    return relayout._s2t().convert(text)


_BIG5_FALLBACK = {"爲": "為", "啓": "啟", "纔": "才", "峯": "峰", "綫": "線", "裏": "裡"}


def _big5_text(text: str) -> str:
    """Traditional script as a Big5 page holds it: the few OpenCC forms Big5 lacks in their Big5 form."""
    out = []
    for ch in _s2t(text):
        try:
            ch.encode("big5")
        except UnicodeEncodeError:
            ch = _BIG5_FALLBACK.get(ch, "〓")
        out.append(ch)
    return "".join(out)


SHAPES = {
    "cells": lambda r, s: Shape(_lines(relayout.render(r, s, "cells"))),
    "rows": lambda r, s: Shape(_lines(relayout.render(r, s, "rows"))),
    "pipes": lambda r, s: Shape(_lines(relayout.render(r, s, "pipes"))),
    "spans": lambda r, s: Shape(_lines(fe.render_pipe_spans(r, s))),
    "markdown": lambda r, s: Shape(_lines(fe.render_markdown(r, s))),
    "html": lambda r, s: Shape(_lines(fe.render_html(r, s)), strip_tags=True),
    "trad_pinyin": lambda r, s: Shape(_lines(relayout.render(r, s, "pipes")), convert=lambda t: pinyin(_s2t(t))),
    "gb18030": lambda r, s: Shape(_lines(relayout.render(r, s, "rows")), encoding="gb18030"),
    "big5": lambda r, s: Shape(_lines(relayout.render(r, s, "pipes")), encoding="big5", convert=_big5_text),
    "glued": lambda r, s: Shape(_lines(fe.render_glued(r, s))),
    "oneline_spaces": lambda r, s: _oneline(relayout.render(r, s, "pipes"), " "),
    "oneline_glued": lambda r, s: _oneline(relayout.render(r, s, "pipes"), ""),
    "crawler_lines": lambda r, s: Shape(_lines(_crawler_block(r) + relayout.render(r, s, "pipes"))),
    "crawler_oneline": lambda r, s: _oneline(relayout.render(r, s, "pipes"), " ",
                                             _crawler_block(r) + damaged.BREADCRUMB),
    **{f"shredded_{name}": (lambda r, s, name=name: Shape(_lines(shredded.render(r, s, name, seed=zlib.crc32(r.meta.title.encode()) % 1000))))
       for name in shredded.SHAPES},
    "pdftotext": lambda r, s: Shape(_lines(_pdftotext(_document(r, s, "pdf"), False))),
    "pdftotext_layout": lambda r, s: Shape(_lines(_pdftotext(_document(r, s, "pdf"), True))),
    "pdf": lambda r, s: _document(r, s, "pdf"),
    "pdf_unruled": lambda r, s: _document(r, s, "pdf_unruled"),
    "docx": lambda r, s: _document(r, s, "docx"),
}
_TO_MARKDOWN = _pymupdf_markdown()
if _TO_MARKDOWN is not None:  # the real converter on the reportlab PDF
    SHAPES["pymupdf_md"] = lambda r, s: Shape(_lines(_TO_MARKDOWN(_document(r, s, "pdf"))))
BINARY = ("pdf", "pdf_unruled", "docx")
LINE_DAMAGES = ("none", "cut", "del_line", "del_table_line")
BYTE_DAMAGES = ("byte_drop", "byte_flip", "byte_insert")
DAMAGES = LINE_DAMAGES + BYTE_DAMAGES


def table_region(units: list[str], convert=None) -> tuple[int, int]:
    """``[first, last)`` of the units holding chapters 二–四 (heading of 二 … heading of 五)."""
    def find(words, default):
        for i, u in enumerate(units):
            if any(w in u for w in words):
                return i
        return default

    first = find(("二、主动公开", "主动公开政府信息情况", "第二十条"), 0)
    last = find(("五、存在", "存在的主要问题"), len(units))
    return first, max(last, first + 1)


def damage(shape, kind: str, rng: random.Random):
    """The damaged input (str or bytes) and a short description."""
    if isinstance(shape, bytes):
        data = bytearray(shape)
        return _byte_damage(data, kind, rng, 0, len(data))
    units = list(shape.units)
    first, last = table_region(units)
    if kind == "none":
        return shape.source(units), "none"
    if kind == "cut":
        k = rng.randint(first, last)
        return shape.source(units[:k]), f"cut after unit {k}"
    if kind in ("del_line", "del_table_line"):
        i = rng.randrange(len(units)) if kind == "del_line" else rng.randrange(first, last)
        return shape.source(units[:i] + units[i + 1:]), f"deleted unit {i + 1}: {units[i][:40]!r}"
    source = shape.source(units)
    data = bytearray(source.encode("utf-8") if isinstance(source, str) else source)
    head = shape.source(units[:first])
    tail = shape.source(units[:last])
    lo = len(head.encode("utf-8") if isinstance(head, str) else head)
    hi = len(tail.encode("utf-8") if isinstance(tail, str) else tail)
    return _byte_damage(data, kind, rng, lo, max(hi, lo + 1))


def _byte_damage(data: bytearray, kind: str, rng, lo: int, hi: int):
    if kind == "none":
        return bytes(data), "none"
    at = rng.randrange(lo, min(hi, len(data)))
    if kind == "byte_drop":
        desc = f"dropped byte {at} ({data[at]:#04x})"
        del data[at]
    elif kind == "byte_flip":
        bit = 1 << rng.randrange(8)
        desc = f"flipped bit {bit:#04x} of byte {at} ({data[at]:#04x})"
        data[at] ^= bit
    else:
        b = rng.randrange(256)
        desc = f"inserted byte {b:#04x} at {at}"
        data.insert(at, b)
    return bytes(data), desc


# ---- scoring ----------------------------------------------------------------------------------------

_NUM = re.compile(r"\d+(?:\.\d+)?")


def canon(v) -> str:
    """A number's digits as compared here: unsigned, no leading zeros, no trailing decimal zeros."""
    s = format(v, "f") if isinstance(v, Decimal) else str(v)
    s = s.lstrip("-−+")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s.lstrip("0") or "0"


def tokens(source, shape) -> Counter:
    """Numbers printed in an input, unsigned (a text's own; bytes decoded as the shape wrote them)."""
    if isinstance(shape, bytes):
        return Counter()
    if isinstance(source, bytes):
        source = source.decode(shape.encoding if shape.encoding != "utf-8" else "utf-8", errors="replace")
    if shape.strip_tags:
        source = _html.unescape(re.sub(r"<[^>]*>", " ", source))
    text = unicodedata.normalize("NFKC", source)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    return Counter(canon(m.group()) for m in _NUM.finditer(text))


CATS = ("right", "wrong", "altered", "reported", "gone", "lost", "rejected")


def score(report: Report | None, truth: dict, removed: Counter, added: Counter,
          pages: dict | None = None) -> tuple[Counter, list]:
    """Counts per category, and the bug details (``wrong`` and ``lost`` keys); ``pages``: a PDF's
    value key → the page it is printed on."""
    out = Counter()
    bugs = []
    if report is None:
        out["rejected"] = len(truth)
        return out, bugs
    placed = {(t, i, r, c): cell for t, i, r, c, cell in report.cells()}
    added_runs = [k for k in added if added[k] > 0]
    for key, cell in placed.items():
        want = truth.get(key, "absent")
        if cell.value is not None and want != "absent" and Decimal(cell.value) == Decimal(want):
            out["right"] += 1
        elif cell.value is not None and any(canon(cell.value) in run for run in added_runs):
            out["altered"] += 1
        elif cell.value is None and want != "absent" and removed[canon(want)] > 0:
            out["altered"] += 1  # the damage took the number out of its cell: a blank, rightly
        elif cell.value is None and want == "absent":
            continue
        else:
            out["wrong"] += 1
            bugs.append(("wrong", key, want, cell.value, cell.raw, cell.line))
    pool = Counter()
    runs = []  # digit runs of unplaced cells: a glued run that could not be split keeps its values
    for d in report.diagnostics:
        for c in d.cells:
            # a decimal keeps its point: 113926.36 holds 1139 and 26.36 printed without a separator
            runs += re.findall(r"\d+(?:\.\d+)?", unicodedata.normalize("NFKC", c.raw))
            if c.value is not None:
                pool[canon(c.value)] += 1
            else:
                for m in _NUM.finditer(unicodedata.normalize("NFKC", c.raw)):
                    pool[canon(m.group())] += 1
    removed = Counter(removed)
    removed_runs = [k for k in removed if removed[k] > 0]
    unread = {d.page for d in report.diagnostics if d.severity == "error" and d.code in ("damaged-pdf", "no-text-layer")}
    for key, want in truth.items():
        if key in placed:
            continue
        v = canon(want)
        if pages is not None and unread & {None, pages.get(key)}:
            out["reported"] += 1  # on a page said to be damaged (or in a page tree said to have lost pages)
        elif pool[v] > 0:
            pool[v] -= 1
            out["reported"] += 1
        elif any(v in run for run in runs if len(run) > len(v)):
            out["reported"] += 1
        elif removed[v] > 0:
            removed[v] -= 1
            out["gone"] += 1
        elif any(v in run for run in removed_runs):
            out["gone"] += 1
        else:
            out["lost"] += 1
            bugs.append(("lost", key, want, None, None, None))
    return out, bugs


class Timeout(BaseException):
    """A parse that ran past ``--timeout``."""


def _alarm(signum, frame):
    raise Timeout


def run_one(source, timeout: float = 0):
    """``(report or None, crash traceback or None, seconds)``; a parse past ``timeout`` seconds is a crash."""
    t0 = time.perf_counter()
    if timeout:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        report = zfxxgk.parse(source)
    except zfxxgk.ReportError:
        return None, None, time.perf_counter() - t0
    except Timeout:
        return None, f"Timeout: parse ran past {timeout} s", time.perf_counter() - t0
    except Exception:  # noqa: BLE001 — a crash is what we measure
        return None, traceback.format_exc(limit=-3), time.perf_counter() - t0
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return report, None, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=8, help="reports (alternating 2019/2021, distinct/zeros)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated subset of: " + ",".join(SHAPES))
    ap.add_argument("--damages", default=",".join(DAMAGES))
    ap.add_argument("--json", metavar="PATH", help="also write the table (and every bug) as JSON; '-' for stdout")
    ap.add_argument("--keep", metavar="DIR", help="write each input that shows a WRONG/LOST/crash to DIR")
    ap.add_argument("--timeout", type=float, default=20, help="seconds a parse may take before it counts as a crash (0: none)")
    ap.add_argument("-v", action="store_true", help="print each bug as it is found")
    args = ap.parse_args(argv)
    shapes = [s for s in args.shapes.split(",") if s]
    damages = [d for d in args.damages.split(",") if d]
    rng = random.Random(args.seed)
    table: dict[tuple[str, str], Counter] = {}
    found: list[dict] = []
    slowest = (0.0, "")
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for k in range(args.n):
        template = ("2019", "2021")[k % 2]
        style = ("distinct", "zeros")[(k // 2) % 2]
        report = generate(template, rng, style)
        truth = truth_of(report)
        spec = SPECS[template]
        for name in shapes:
            try:
                shape = SHAPES[name](report, spec)
            except Exception:  # noqa: BLE001 — a renderer that cannot draw this report is not a parser bug
                print(f"render {name} failed for report {k}:\n{traceback.format_exc(limit=-2)}", file=sys.stderr)
                continue
            original = tokens(shape.source(shape.units), shape) if not isinstance(shape, bytes) else Counter()
            pages = _pages(shape) if isinstance(shape, bytes) else None
            for dmg in damages:
                if isinstance(shape, bytes) and dmg in LINE_DAMAGES[1:]:
                    continue
                drng = random.Random(f"{args.seed}/{k}/{name}/{dmg}")
                source, desc = damage(shape, dmg, drng)
                now = tokens(source, shape)
                removed, added = original - now, now - original
                report_out, crash, seconds = run_one(source, args.timeout)
                if seconds > slowest[0]:
                    slowest = (seconds, f"{name}/{dmg} report {k}")
                cell = table.setdefault((name, dmg), Counter())
                cell["inputs"] += 1
                cell["seconds"] += seconds
                cell["values"] += len(truth)
                if crash:
                    cell["crash"] += 1
                    bugs = [("crash", None, None, None, crash.strip().splitlines()[-1], None)]
                    counts = Counter()
                else:
                    counts, bugs = score(report_out, truth, removed, added, pages)
                cell.update(counts)
                if bugs:
                    case = {"shape": name, "damage": dmg, "detail": desc, "report": k, "template": template,
                            "style": style, "bugs": [list(map(_jsonable, b)) for b in bugs[:20]],
                            "n_wrong": sum(b[0] == "wrong" for b in bugs), "n_lost": sum(b[0] == "lost" for b in bugs)}
                    if crash:
                        case["traceback"] = crash
                    if keep:
                        ext = ".bin" if isinstance(source, bytes) else ".txt"
                        path = keep / f"{name}-{dmg}-{k}{ext}"
                        path.write_bytes(source) if isinstance(source, bytes) else path.write_text(source, encoding="utf-8")
                        (keep / f"{name}-{dmg}-{k}.truth.json").write_text(json.dumps(
                            {"|".join(map(str, key)): _jsonable(v) for key, v in truth.items()}, ensure_ascii=False))
                        case["file"] = str(path)
                    found.append(case)
                    if args.v:
                        print(json.dumps(case, ensure_ascii=False)[:600], file=sys.stderr)
    elapsed = time.perf_counter() - started
    _print(table, shapes, damages, found, elapsed, slowest)
    if args.json:
        data = {"n": args.n, "seed": args.seed, "seconds": round(elapsed, 1),
                "table": [{"shape": s, "damage": d, **table[(s, d)], "seconds": round(table[(s, d)]["seconds"], 2)} for s in shapes for d in damages if (s, d) in table],
                "bugs": found}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text, encoding="utf-8")
    return 1 if any(c["wrong"] or c["lost"] or c["crash"] for c in table.values()) else 0


def _pages(document: bytes) -> dict:
    """Value key → page, as the undamaged document reads (nothing for a DOCX, which has no pages)."""
    try:
        return {(t, i, r, c): cell.page for t, i, r, c, cell in zfxxgk.parse(document).cells()}
    except zfxxgk.ReportError:
        return {}


def _jsonable(v):
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, tuple):
        return "|".join(map(str, v))
    return v


def _print(table, shapes, damages, found, elapsed, slowest) -> None:
    head = f"{'shape':<18} {'damage':<15} {'in':>4} {'values':>6} {'right':>6} {'%':>6} {'WRONG':>5} {'altrd':>5} " \
           f"{'reptd':>5} {'gone':>5} {'LOST':>5} {'rejct':>5} {'CRASH':>5} {'s/in':>5}"
    print(head)
    print("-" * len(head))
    total = Counter()
    for s in shapes:
        for d in damages:
            c = table.get((s, d))
            if c is None:
                continue
            total.update(c)
            pct = 100 * c["right"] / max(c["values"], 1)
            flag = "  <-- bug" if c["wrong"] or c["lost"] or c["crash"] else ""
            print(f"{s:<18} {d:<15} {c['inputs']:4} {c['values']:6} {c['right']:6} {pct:6.1f} {c['wrong']:5} "
                  f"{c['altered']:5} {c['reported']:5} {c['gone']:5} {c['lost']:5} {c['rejected']:5} {c['crash']:5} "
                  f"{c['seconds'] / c['inputs']:5.2f}{flag}")
    print("-" * len(head))
    pct = 100 * total["right"] / max(total["values"], 1)
    print(f"{'all':<18} {'':<15} {total['inputs']:4} {total['values']:6} {total['right']:6} {pct:6.1f} "
          f"{total['wrong']:5} {total['altered']:5} {total['reported']:5} {total['gone']:5} {total['lost']:5} "
          f"{total['rejected']:5} {total['crash']:5}")
    print(f"\n{len(found)} inputs with a bug; {elapsed:.0f} s; slowest parse {slowest[0]:.2f} s ({slowest[1]})")


if __name__ == "__main__":
    sys.exit(main())
