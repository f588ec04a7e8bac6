#!/usr/bin/env python
"""Throughput of zfxxgk on the example reports, against a floor measured in the same run.

    python benchmarks/bench.py                # everything (about a minute)
    python benchmarks/bench.py --quick        # shorter timings, 2,000-parse memory run
    python benchmarks/bench.py --profile      # plus where the time goes (cProfile, by stage)
    python benchmarks/bench.py --json out.json

Measures, on one core (this process):

1. **throughput** — reports/s and MB/s parsing the seeds (bytes in, :class:`zfxxgk.Report` out);
2. **floor** — over the same bytes: decode (UTF-8) + width-fold (NFKC) + line split + one regex
   search per line; the ratio parse / floor says how far the parser is from "just reading the text";
3. **input size** — one report grown 1×, 10×, 100× (its prose paragraphs repeated, tables once), and
   the whole text repeated (tables too: the error-recovery path); time per KB should stay flat;
4. **batch size** — RSS while parsing 10,000 files one after another through the batch runner
   (``zfxxgk.batch.run``, as ``zfxxgk parse DIR`` does): memory should stay flat;
5. **lark-cython** — does not apply: Lark builds the tables, and our own runtime
   (``zfxxgk/parser/runtime.py``) runs them, so there is no Lark parser to swap (section kept as a note);
6. with ``--jobs N`` (default 2): reports/s with N warm worker processes vs one, through the batch
   runner (as ``zfxxgk parse --jobs N``), and their ratio;
7. **documents** — PDF pages/s and DOCX reports/s on ``tests/fixtures/documents``;
8. **cold start** — in new processes: ``import zfxxgk`` + the first parse of one report of each
   template, the grammar tables and the code's regexes loaded from the on-disk cache
   (``zfxxgk/parser/cache.py``, ``zfxxgk/patterns.py``); and one ``zfxxgk parse FILE`` (the CLI).

Targets (issue 13), printed as met / not met at the end: parse within 5× of the floor; >= 400
reports/s on one core; cold start <= 60 ms per template; ``--jobs 2`` >= 1.7× one process.  Ratios
are taken within one run; ``--note`` records the machine (e.g. shared and loaded) in the JSON.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zfxxgk  # noqa: E402
from zfxxgk.api import Parser  # noqa: E402

SEEDS = sorted((ROOT / "examples").glob("*.txt"))
LINE_RE = re.compile(r"(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、])|[-\d,.]+(?:万元|元|件|批次)?$")


def timed(fn, seconds: float, per_call: int = 1) -> float:
    """Seconds per item: call ``fn`` (which handles ``per_call`` items) for at least ``seconds``."""
    fn()  # warm
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += per_call
        el = time.perf_counter() - start
        if el >= seconds:
            return el / n


def floor_one(data: bytes) -> int:
    text = unicodedata.normalize("NFKC", data.decode("utf-8"))
    hits = 0
    search = LINE_RE.search
    for line in text.splitlines():
        if search(line):
            hits += 1
    return hits


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def grow_prose(text: str, factor: int) -> str:
    """``text`` about ``factor`` × as long, by repeating its prose paragraphs (lines of 30+ characters
    that are not table cells) in place; tables and headings appear once."""
    if factor == 1:
        return text
    lines = text.splitlines()
    prose = [i for i, ln in enumerate(lines) if len(ln.strip()) >= 30 and "|" not in ln]
    extra = (factor - 1) * len(text)
    prose_len = sum(len(lines[i]) + 1 for i in prose) or 1
    k = max(1, round(extra / prose_len))
    out, prose_at = [], set(prose)
    for i, ln in enumerate(lines):
        out.append(ln)
        if i in prose_at:
            out.extend([ln] * k)
    return "\n".join(out) + "\n"


def section(title: str) -> None:
    print(f"\n== {title}")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="minimum time per measurement (default 3)")
    ap.add_argument("--batch", type=int, default=10_000, help="parses in the memory run (default 10,000)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the parallel run (0: skip)")
    ap.add_argument("--quick", action="store_true", help="--seconds 1 --batch 2000")
    ap.add_argument("--profile", action="store_true", help="cProfile the seeds and show time by stage")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--cold-runs", type=int, default=7, help="new processes per template for the cold start (default 7)")
    ap.add_argument("--note", default="", help="a note on the machine, stored in the JSON (e.g. shared, loaded)")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.batch = 1.0, min(args.batch, 2000)
    S = args.seconds
    res: dict = {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
                 "zfxxgk": zfxxgk.__version__, "note": args.note, "load_average_at_start": load_average()}
    datas = [p.read_bytes() for p in SEEDS]
    total_bytes = sum(len(d) for d in datas)
    parser = Parser()
    for d in datas:  # build the grammars outside the timings
        parser.parse(d)

    section(f"1-2. one core, {len(datas)} seeds ({total_bytes / 1024:.1f} KB), parse vs floor")
    print(f"{'seed':48} {'KB':>6} {'parse ms':>9} {'floor ms':>9} {'ratio':>6}")
    per_seed = []
    for p, d in zip(SEEDS, datas):
        tp = timed(lambda d=d: parser.parse(d), S / len(datas))
        tf = timed(lambda d=d: floor_one(d), S / len(datas) / 4)
        per_seed.append({"seed": p.name, "kb": len(d) / 1024, "parse_ms": tp * 1e3, "floor_ms": tf * 1e3,
                         "ratio": tp / tf})
        print(f"{p.name:48} {len(d) / 1024:6.1f} {tp * 1e3:9.2f} {tf * 1e3:9.3f} {tp / tf:6.1f}")
    t_all = timed(lambda: [parser.parse(d) for d in datas], S, per_call=len(datas))
    f_all = timed(lambda: [floor_one(d) for d in datas], S / 3, per_call=len(datas))
    rps, mbps = 1 / t_all, total_bytes / len(datas) / t_all / 1e6
    ratio = t_all / f_all
    res["throughput"] = {"reports_per_s": rps, "mb_per_s": mbps, "floor_reports_per_s": 1 / f_all,
                         "floor_mb_per_s": total_bytes / len(datas) / f_all / 1e6, "ratio_to_floor": ratio,
                         "per_seed": per_seed}
    print(f"parse: {rps:.0f} reports/s, {mbps:.2f} MB/s   floor: {1 / f_all:.0f} reports/s, "
          f"{total_bytes / len(datas) / f_all / 1e6:.1f} MB/s   parse/floor = {ratio:.1f}x")
    print(f"targets: >= 400 reports/s per core: {'met' if rps >= 400 else 'NOT met'}; "
          f"within 5x of the floor: {'met' if ratio <= 5 else 'NOT met'}")

    section("3. input size (seed_002, a full 2019 report)")
    base = next(d for p, d in zip(SEEDS, datas) if p.name.startswith("seed_002")).decode("utf-8")
    rows = []
    print(f"{'input':18} {'KB':>8} {'parse ms':>9} {'µs/KB':>7} {'vs 1x':>6} {'floor ratio':>11}")
    for how in ("prose", "whole"):
        first = None
        for factor in (1, 10, 100):
            text = grow_prose(base, factor) if how == "prose" else base * factor
            b = text.encode("utf-8")
            tp = timed(lambda b=b: parser.parse(b), S / 3)
            tf = timed(lambda b=b: floor_one(b), S / 6)
            per_kb = tp * 1e6 / (len(b) / 1024)
            first = first or per_kb
            rows.append({"input": how, "factor": factor, "kb": len(b) / 1024, "parse_ms": tp * 1e3,
                         "us_per_kb": per_kb, "vs_1x": per_kb / first, "ratio_to_floor": tp / tf})
            print(f"{how + ' ×' + str(factor):18} {len(b) / 1024:8.1f} {tp * 1e3:9.1f} {per_kb:7.0f} "
                  f"{per_kb / first:6.2f} {tp / tf:11.1f}")
    res["input_size"] = rows

    section(f"4. batch size: {args.batch:,} files through the batch runner, one process")
    from zfxxgk.batch import run

    paths = [str(p) for p in SEEDS]
    gc.collect()
    marks = [(0, rss_mb())]
    step = max(1, args.batch // 10)
    start = time.perf_counter()
    n_ok = 0
    for i, out in enumerate(run(paths[i % len(paths)] for i in range(args.batch)), 1):
        n_ok += out.ok
        if i % step == 0:
            marks.append((i, rss_mb()))
    el = time.perf_counter() - start
    print("  ".join(f"{i:>6,}: {m:6.1f} MB" for i, m in marks))
    growth = marks[-1][1] - marks[1][1]
    print(f"{args.batch:,} parses in {el:.1f} s ({args.batch / el:.0f}/s, {n_ok:,} ok); RSS after the first "
          f"{step:,}: {marks[1][1]:.1f} MB, at the end {marks[-1][1]:.1f} MB (growth {growth:+.1f} MB)")
    res["batch"] = {"parses": args.batch, "seconds": el, "reports_per_s": args.batch / el,
                    "rss_mb": marks, "rss_growth_after_first_step_mb": growth}

    if args.jobs and args.jobs > 1:
        section(f"6. {args.jobs} processes vs one, through the batch runner as `zfxxgk parse --jobs` runs it")
        res["parallel"] = parallel(args.jobs, S)

    section("8. cold start: a new process, import zfxxgk + its first parse (grammar tables cached on disk)")
    res["cold_start"] = cold_start(args.cold_runs)
    res["cold_start_cli"] = cold_cli(args.cold_runs)

    res["shredded"] = shredded_shapes(parser, S)

    section("5. lark-cython")
    res["lark_cython"] = lark_cython_check(datas, parser, S)

    section("7. documents: PDF pages/s, DOCX reports/s (tests/fixtures/documents, one core)")
    res["documents"] = documents(parser, S)

    section("8. damaged layouts (issue 9): one-line and crawler text vs the same seed in its clean layout")
    res["damaged"] = damaged_layouts(parser, S)

    if args.profile:
        section("where the time goes (cProfile over the seeds, tottime by stage)")
        res["profile"] = profile(parser, datas)

    section("targets (issue 13)")
    res["targets"] = targets(res)

    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")
    return res


def shredded_shapes(parser, seconds) -> list[dict]:
    """Issue 9: each PDF-extracted shape (tests/fixtures/shredded_*: PDF→Markdown, pdftotext,
    pdftotext -layout) against the same seed in its clean layout; target: within 2×."""
    section("4c. PDF-extracted shapes vs the same report in clean layout (target: within 2x)")
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("shredded_*"))
    print(f"{'fixture':30} {'ms':>7} {'clean ms':>9} {'ratio':>6}")
    rows = []
    clean_ms = {}
    for p in fixtures:
        seed = p.stem.split("_")[1]
        if seed not in clean_ms:
            clean = next((ROOT / "examples").glob(f"seed_{seed}_*.txt")).read_bytes()
            parser.parse(clean)
            clean_ms[seed] = timed(lambda b=clean: parser.parse(b), seconds / 8) * 1e3
        data = p.read_bytes()
        parser.parse(data)
        ms = timed(lambda b=data: parser.parse(b), seconds / 8) * 1e3
        ratio = ms / clean_ms[seed]
        rows.append({"fixture": p.name, "ms": ms, "clean_ms": clean_ms[seed], "ratio": ratio})
        print(f"{p.name:30} {ms:7.2f} {clean_ms[seed]:9.2f} {ratio:6.2f}")
    worst = max((r["ratio"] for r in rows), default=0)
    print(f"worst ratio {worst:.2f}: {'met' if worst <= 2 else 'NOT met'}")
    return rows


# --- issue 13: parallel runs, cold start, targets ------------------------------------------------

def load_average() -> list[float] | None:
    """The 1/5/15-minute load averages: on a shared machine they say how far the figures can be trusted."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def parallel(jobs: int, seconds: float) -> dict:
    """Reports/s through :func:`zfxxgk.batch.run` in this process and on ``jobs`` warm worker
    processes (:func:`zfxxgk.batch.make_executor`, as ``zfxxgk parse --jobs``), with workers sending
    back a :class:`~zfxxgk.commands.runner.Brief` as the CLI does; the two rates are measured one after the
    other in this run, so their ratio holds even when the machine's speed does not."""
    from zfxxgk.batch import make_executor, run
    from zfxxgk.commands.runner import brief

    paths = [str(p) for p in SEEDS]
    reps = max(40, int(seconds * 250 / len(paths)))
    many = paths * reps
    start, cpu = time.perf_counter(), time.process_time()
    n1 = sum(1 for b in run(many, then=brief) if b.error is None)
    one = n1 / (time.perf_counter() - start)
    one_cpu = n1 / (time.process_time() - cpu)
    pool = make_executor(jobs)
    try:
        start = time.perf_counter()
        n = sum(1 for b in run(many, executor=pool, then=brief, chunksize=16) if b.error is None)
        el = time.perf_counter() - start
    finally:
        pool.shutdown()
    ratio = (n / el) / one
    load = load_average()
    print(f"1 process: {one:.0f} reports/s ({one_cpu:.0f} per CPU-second)   {jobs} processes: {n / el:.0f} reports/s"
          f"   ratio {ratio:.2f}   (load average {load})")
    return {"jobs": jobs, "files": len(many), "one_process_reports_per_s": one,
            "one_process_reports_per_cpu_s": one_cpu, "reports_per_s": n / el, "ratio": ratio,
            "load_average_after": load}


def targets(res: dict) -> dict:
    """The issue's targets, met or not, from this run's figures."""
    t = res.get("throughput", {})
    cold = res.get("cold_start", {})
    par = res.get("parallel")
    worst_cold = max((c["total_cpu_ms"] for c in cold.values()), default=None)
    rows = [
        ("parse/floor <= 5x", t.get("ratio_to_floor"), lambda v: v <= 5, "{:.1f}x"),
        (">= 400 reports/s on one core", t.get("reports_per_s"), lambda v: v >= 400, "{:.0f}/s"),
        ("cold start (import + first parse) <= 60 ms, each template", worst_cold, lambda v: v <= 60,
         "{:.0f} ms CPU (worst template)"),
        ("--jobs 2 >= 1.7x one process (2 idle cores)", par and par["ratio"], lambda v: v >= 1.7, "{:.2f}x"),
    ]
    out = {}
    for name, value, ok, fmt in rows:
        if value is None:
            print(f"  {name:58} not measured")
            continue
        met = bool(ok(value))
        out[name] = {"value": value, "met": met}
        print(f"  {name:58} {fmt.format(value):>28}  {'met' if met else 'NOT met'}")
    return out


# --- cold start (issue 13): a new process, import + first parse, grammar tables from the cache ------

COLD_CHILD = r"""
import json, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import zfxxgk
t1, c1 = time.perf_counter(), time.process_time()
data = open(sys.argv[1], "rb").read()
report = zfxxgk.parse(data)
t2, c2 = time.perf_counter(), time.process_time()
zfxxgk.parse(data)
t3, c3 = time.perf_counter(), time.process_time()
from zfxxgk.parser import cache
print(json.dumps({"template": report.meta.template, "import_ms": 1e3 * (t1 - t0), "first_ms": 1e3 * (t2 - t1),
                  "warm_ms": 1e3 * (t3 - t2), "import_cpu_ms": 1e3 * (c1 - c0), "first_cpu_ms": 1e3 * (c2 - c1),
                  "warm_cpu_ms": 1e3 * (c3 - c2), "built": cache.STATS["built"], "loaded": cache.STATS["loaded"],
                  "lark_imported": "lark" in sys.modules}))
"""


def cold_start(runs: int) -> dict:
    """``import zfxxgk`` + the first parse of a report, in a new process per run, for one report of
    each template; the grammar cache is warm (a run before the timed ones fills it), as on any
    machine after its first use.  Timed inside the child (interpreter start-up excluded); byte code
    is written as an installed package has it.  Medians of ``runs``; wall time and this process's
    CPU time (on a loaded machine the wall time includes waiting for a core: the CPU time is
    what the process cost, and what a quiet machine's wall time would be)."""
    import statistics
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    one_per_template: dict[str, Path] = {}
    for p in SEEDS:  # the first seed of each template
        one_per_template.setdefault(zfxxgk.parse(p.read_bytes()).meta.template, p)
    out: dict = {}
    print(f"{'template':10} {'import ms':>9} {'first parse ms':>14} {'total ms':>8} {'total CPU ms':>12} "
          f"{'warm parse ms':>13} {'grammars built':>14} {'lark imported':>13}")
    for name, path in one_per_template.items():
        rows = []
        for i in range(runs + 1):
            done = subprocess.run([sys.executable, "-c", COLD_CHILD, str(path)], env=env, capture_output=True,
                                  text=True, check=True)
            if i:  # the first run fills the cache and writes byte code
                rows.append(json.loads(done.stdout))
        med = {k: statistics.median(r[k] for r in rows) for k in ("import_ms", "first_ms", "warm_ms",
                                                                   "import_cpu_ms", "first_cpu_ms", "warm_cpu_ms")}
        med["total_ms"] = statistics.median(r["import_ms"] + r["first_ms"] for r in rows)
        med["total_cpu_ms"] = statistics.median(r["import_cpu_ms"] + r["first_cpu_ms"] for r in rows)
        med["built"] = max(r["built"] for r in rows)
        med["lark_imported"] = any(r.get("lark_imported") for r in rows)
        out[name] = med
        print(f"{name:10} {med['import_ms']:9.1f} {med['first_ms']:14.1f} {med['total_ms']:8.1f} "
              f"{med['total_cpu_ms']:12.1f} {med['warm_ms']:13.1f} {med['built']:14d} {str(med['lark_imported']):>13}")
    return out


COLD_CLI_CHILD = r"""
import json, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from zfxxgk.cli import main
status = main(["parse", sys.argv[1], "-o", os.devnull])
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"status": status, "ms": 1e3 * (t1 - t0), "cpu_ms": 1e3 * (c1 - c0)}))
"""


def cold_cli(runs: int) -> dict:
    """``zfxxgk parse FILE -o /dev/null`` in a new process per run (interpreter start-up excluded, as
    for :func:`cold_start`): the CLI's own imports, the parse, the JSON; not one of the targets."""
    import statistics
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    rows = []
    for i in range(runs + 1):
        done = subprocess.run([sys.executable, "-c", COLD_CLI_CHILD, str(SEEDS[0])], env=env, capture_output=True,
                              text=True, check=True)
        if i:
            rows.append(json.loads(done.stdout))
    out = {k: statistics.median(r[k] for r in rows) for k in ("ms", "cpu_ms")}
    print(f"zfxxgk parse {SEEDS[0].name} (a new process, the CLI): {out['ms']:.1f} ms, {out['cpu_ms']:.1f} ms CPU")
    return out


def documents(parser, seconds: float) -> dict:
    """PDF and Word fixtures through ``parse`` (bytes in, report out): pages/s, reports/s, and the
    time of the largest PDF against the target (a 6-page report in under 1 s on one core).

    ``parse ms`` is the mean wall time over the run; ``cpu ms`` the best CPU time of one parse
    (process time, so other jobs on a shared machine do not inflate it); ``floor ms`` the best
    CPU time of pdfminer alone interpreting every page (``page.layout``: what any pdfplumber
    front end pays before looking at a character) — ``cpu / floor`` is our share."""
    import io

    folder = ROOT / "tests" / "fixtures" / "documents"
    out: dict = {"pdf": [], "docx": []}

    def best_cpu(fn, runs: int) -> float:
        fn()
        times = []
        for _ in range(runs):
            t = time.process_time()
            fn()
            times.append(time.process_time() - t)
        return min(times)

    def layout_only(data: bytes) -> None:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.layout

    runs = max(3, int(seconds * 3))
    print(f"{'document':34} {'KB':>6} {'pages':>5} {'parse ms':>9} {'cpu ms':>7} {'floor ms':>8} {'pages/s':>8}")
    for p in sorted(folder.glob("*.pdf")) + sorted(folder.glob("*.docx")):
        data = p.read_bytes()
        pages = 0
        if p.suffix == ".pdf":
            import pdfplumber

            try:
                with pdfplumber.open(p) as pdf:
                    pages = len(pdf.pages)
            except Exception:  # a fixture that is damaged on purpose
                continue
        try:
            parser.parse(data)
        except zfxxgk.ReportError:  # encrypted, truncated …: refused on purpose, nothing to time
            continue
        t = timed(lambda data=data: parser.parse(data), seconds / 4)
        cpu = best_cpu(lambda data=data: parser.parse(data), runs)
        row = {"file": p.name, "kb": len(data) / 1024, "pages": pages, "parse_ms": t * 1e3, "cpu_ms": cpu * 1e3}
        floor = ""
        if pages:
            row["pages_per_s"] = pages / cpu
            row["floor_ms"] = best_cpu(lambda data=data: layout_only(data), runs) * 1e3
            floor = f"{row['floor_ms']:8.1f}"
        out["pdf" if p.suffix == ".pdf" else "docx"].append(row)
        print(f"{p.name:34} {len(data) / 1024:6.1f} {pages or '':>5} {t * 1e3:9.1f} {cpu * 1e3:7.1f} {floor:>8} "
              f"{(f'{pages / cpu:8.1f}') if pages else '':>8}")
    text_pdfs = [r for r in out["pdf"] if r["pages"] and "scan" not in r["file"]]
    if text_pdfs:
        pages_per_s = sum(r["pages"] for r in text_pdfs) / (sum(r["cpu_ms"] for r in text_pdfs) / 1e3)
        floor = sum(r["floor_ms"] for r in text_pdfs) / sum(r["cpu_ms"] for r in text_pdfs)
        six = 6 / pages_per_s
        out["pdf_pages_per_s"], out["six_page_s"], out["floor_share"] = pages_per_s, six, floor
        print(f"PDF: {pages_per_s:.1f} pages/s (text PDFs, best CPU time) → a 6-page report in {six:.2f} s; "
              f"target < 1 s: {'met' if six < 1 else 'NOT met'}; pdfminer reading the pages is {floor:.0%} of it")
    if out["docx"]:
        rps = len(out["docx"]) / (sum(r["cpu_ms"] for r in out["docx"]) / 1e3)
        out["docx_reports_per_s"] = rps
        print(f"DOCX: {rps:.1f} reports/s")
    return out


def damaged_layouts(parser, seconds: float) -> dict:
    """Each ``oneline_*`` / ``crawler_*`` fixture (tests/damaged.py) against its seed in clean layout:
    parse time and the ratio (target: within 2× of the clean layout)."""
    folder = ROOT / "tests" / "fixtures"
    shapes = sorted(p for p in folder.glob("*.txt") if p.name.startswith(("oneline_", "crawler_")))
    clean: dict[str, float] = {}
    rows = []
    print(f"{'fixture':28} {'KB':>6} {'parse ms':>9} {'clean ms':>9} {'ratio':>6}")
    for p in shapes:
        seed = p.name.split("_")[1]
        if seed not in clean:
            d = next((ROOT / "examples").glob(f"seed_{seed}_*.txt")).read_bytes()
            clean[seed] = timed(lambda d=d: parser.parse(d), seconds / 8)
        data = p.read_bytes()
        t = timed(lambda data=data: parser.parse(data), seconds / 8)
        rows.append({"fixture": p.name, "kb": len(data) / 1024, "parse_ms": t * 1e3, "clean_ms": clean[seed] * 1e3,
                     "ratio": t / clean[seed]})
        print(f"{p.name:28} {len(data) / 1024:6.1f} {t * 1e3:9.2f} {clean[seed] * 1e3:9.2f} {t / clean[seed]:6.2f}")
    worst = max((r["ratio"] for r in rows), default=0.0)
    print(f"worst ratio {worst:.2f}; target within 2x of the clean layout: {'met' if worst <= 2 else 'NOT met'}")
    return {"fixtures": rows, "worst_ratio": worst}


def lark_cython_check(datas, parser, seconds) -> dict:
    """lark-cython speeds up Lark's parser; ours is not Lark's (``zfxxgk/parser/runtime.py`` runs
    Lark's tables itself, so that a warm process never imports Lark): nothing to swap."""
    print("does not apply: the LALR tables Lark builds are run by zfxxgk/parser/runtime.py, not by Lark's parser")
    return {"applies": False, "reason": "tables run by zfxxgk.parser.runtime, not by Lark's parser"}


STAGES = (("zfxxgk/parser/normalise", "normalise"), ("zfxxgk/parser/lexer", "lexer"),
          ("zfxxgk/parser/driver", "driver"), ("zfxxgk/parser/runtime", "LALR runtime"),
          ("lark/parsers", "lark LALR parser"),
          ("lark/", "lark (tree, tokens)"), ("zfxxgk/transformers", "transformers"), ("zfxxgk/checks", "checks"),
          ("opencc", "opencc"), ("zfxxgk/parser/decoding", "decoding"), ("attr", "attrs"),
          ("zfxxgk/", "zfxxgk other"))


def profile(parser, datas, rounds: int = 60) -> dict:
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(rounds):
        for d in datas:
            parser.parse(d)
    prof.disable()
    st = pstats.Stats(prof)
    by_stage: dict = defaultdict(float)
    total = 0.0
    for (file, _line, _fn), (_cc, _nc, tt, _ct, _callers) in st.stats.items():
        total += tt
        f = file.replace(os.sep, "/")
        stage = next((name for key, name in STAGES if key in f), "builtins (re, str, unicodedata …)"
                     if file.startswith("~") or file == "~" else "other")
        by_stage[stage] += tt
    rows = sorted(by_stage.items(), key=lambda kv: -kv[1])
    for name, tt in rows:
        print(f"  {name:36} {100 * tt / total:5.1f} %")
    print("\ntop functions by own time:")
    st.sort_stats("tottime").print_stats(15)
    return {name: tt / total for name, tt in rows}


if __name__ == "__main__":
    main()
