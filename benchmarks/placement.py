#!/usr/bin/env python
"""Placement score on PDF-extracted text (issue 9): every table value placed right, wrong or not at all.

    python benchmarks/placement.py              # fixtures + 400 generated tables + the real PDF
    python benchmarks/placement.py -n 1000      # more generated tables
    python benchmarks/placement.py -v           # also one line per input

Inputs, each with its truth known:

* the committed ``tests/fixtures/shredded_*`` (seeds 000–003 re-rendered by ``tests/shredded.py``):
  truth is the seed's own parse;
* generated tables (arithmetic consistent, random numbers) in every shape of ``tests/shredded.py``,
  as rendered and with one line of table 三 deleted: truth is the generated table;
* the real published PDF ``tests/fixtures/documents/hongze_2024_report.pdf`` (2021 form) read directly,
  through ``pdftotext -layout`` (``tests/fixtures/pdftotext_hongze_2024_layout.txt``) and through
  default ``pdftotext`` (``tests/real/pdftotext_hongze_2024_text.txt``): truth is the values read
  off its rendered pages (pages 2–4), including the single-row （六）其他处理 (0 × 7).

*right*: placed under the truth's key with the truth's value; *wrong*: placed under a key the truth
does not have, or with another value (must be 0); *unplaced*: a truth key with nothing placed.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import zfxxgk  # noqa: E402
from zfxxgk.model import Cell, Meta, Report  # noqa: E402
from zfxxgk.spec import SPEC_2019, SPEC_2021  # noqa: E402

from shredded import SHAPES, render  # noqa: E402

SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
FIXTURES = ROOT / "tests" / "fixtures"
PDF = FIXTURES / "documents" / "hongze_2024_report.pdf"

_ZERO = (0,) * 7
_APPS = {  # pages 3–4, table 三: natural_person … total (the five organisation columns are 0)
    "new_received": 95, "carried_over": 0, "granted": 50, "partially_granted": 9, "denied.state_secret": 0,
    "denied.prohibited_by_law": 0, "denied.security_stability": 1, "denied.third_party_rights": 0,
    "denied.internal_affairs": 0, "denied.process_information": 1, "denied.enforcement_files": 1,
    "denied.administrative_query": 0, "unavailable.not_held": 31, "unavailable.needs_creation": 1,
    "unavailable.unclear": 0, "not_processed.complaint": 1, "not_processed.repeated": 0,
    "not_processed.publication": 0, "not_processed.excessive": 0, "not_processed.confirmation": 0,
    "other_handling": 0, "total_processed": 95, "carried_forward": 0,
}
_COLS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")


def hongze_truth() -> dict:
    truth = {("applications", None, row, col): (v if col in ("natural_person", "total") else 0)
             for row, v in _APPS.items() for col in _COLS}
    review = {"review": (1, 1, 0, 0, 2), "litigation_direct": (1, 0, 0, 0, 1), "litigation_after_review": (2, 0, 1, 0, 3)}
    for g, vs in review.items():
        for col, v in zip(("upheld", "corrected", "other", "pending", "total"), vs):
            truth[("review_litigation", None, g, col)] = v
    active = {("item_1", "rules"): {"issued": 0, "repealed": 0, "in_force": 0},
              ("item_1", "normative_documents"): {"issued": 3, "repealed": 0, "in_force": 8},
              ("item_5", "licensing"): {"decisions": 9487}, ("item_6", "penalty"): {"decisions": 2776},
              ("item_6", "coercion"): {"decisions": 84}, ("item_8", "fees"): {"fee_amount": 7545}}
    for (item, row), cols in active.items():
        for col, v in cols.items():
            truth[("active_disclosure", item, row, col)] = v
    return truth


def generated(template: str, rng: random.Random) -> Report:
    """Tables whose arithmetic holds (as tests/shredded.py's ``consistent_tables``), random numbers."""
    spec = SPECS[template]
    app = spec.applications
    outcome = [r.key for r in app.rows if r.key is not None and r.key not in
               ("new_received", "carried_over", "total_processed", "carried_forward")]
    cols = [c.key for c in app.columns if c.key != "total"]
    t = {k: {c: rng.randint(0, 30) for c in cols} for k in outcome}
    t["total_processed"] = {c: sum(t[k][c] for k in outcome) for c in cols}
    t["carried_forward"] = {c: rng.randint(0, 30) for c in cols}
    t["carried_over"] = {c: rng.randint(0, t["total_processed"][c] + t["carried_forward"][c]) for c in cols}
    t["new_received"] = {c: t["total_processed"][c] + t["carried_forward"][c] - t["carried_over"][c] for c in cols}

    def cells(values: dict) -> dict:
        return {k: Cell(v, str(v), None) for k, v in values.items()}

    apps = {k: cells({**row, "total": sum(row.values())}) for k, row in t.items()}
    review = {}
    for g in spec.review_litigation.groups:
        parts = [rng.randint(0, 30) for _ in range(4)]
        review[g.key] = cells(dict(zip([c.key for c in spec.review_litigation.columns], [*parts, sum(parts)])))
    active = {i.key: {r.key: cells({c.key: rng.randint(0, 999) for c in i.columns}) for r in i.rows}
              for i in spec.active_disclosure}
    return Report(Meta("示例县2020年政府信息公开工作年度报告", None, 2020, None, template, "simplified"),
                  active_disclosure=active, applications=apps, review_litigation=review)


def score(report: Report, truth: dict) -> Counter:
    placed = {(t, i, r, c): cell.value for t, i, r, c, cell in report.cells()}
    out = Counter()
    for key, v in placed.items():
        out["right" if key in truth and truth[key] == v else "wrong"] += 1
    out["unplaced"] = sum(1 for k in truth if k not in placed)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=400, help="generated tables per template (spread over the shapes)")
    ap.add_argument("--seed", type=int, default=20261128, help="seed of the generated tables")
    ap.add_argument("-v", action="store_true", help="one line per fixture / real input")
    args = ap.parse_args()
    totals: dict[str, Counter] = {}

    def add(group: str, name: str, c: Counter) -> None:
        totals.setdefault(group, Counter()).update(c)
        if args.v or c["wrong"]:
            print(f"  {group:<22} {name:<34} right {c['right']:4}  wrong {c['wrong']:3}  unplaced {c['unplaced']:4}")

    for path in sorted(FIXTURES.glob("shredded_*")):
        seed = next((ROOT / "examples").glob(f"seed_{path.stem.split('_')[1]}_*.txt"))
        truth = {(t, i, r, c): cell.value for t, i, r, c, cell in zfxxgk.parse_file(seed).cells()}
        add(f"fixture {path.stem.split('_')[2]}", path.name, score(zfxxgk.parse_file(path), truth))

    rng = random.Random(args.seed)
    for template in SPECS:
        for k in range(args.n):
            shape = SHAPES[k % len(SHAPES)]
            source = generated(template, rng)
            truth = {(t, i, r, c): cell.value for t, i, r, c, cell in source.cells()}
            text = render(source, SPECS[template], shape, seed=rng.randrange(10**6))
            add(f"generated {shape}", f"{template} #{k}", score(zfxxgk.parse(text, template=template), truth))
            lines = text.split("\n")  # the same, one line of table 三 deleted (a value row or label lost)
            start = next(i for i, line in enumerate(lines) if "三、收到和处理" in line)
            end = next(i for i, line in enumerate(lines) if "四、政府信息公开" in line)
            cut = rng.randrange(start + 1, end)
            damaged = "\n".join(lines[:cut] + lines[cut + 1:])
            add(f"gen. {shape} −1 line", f"{template} #{k} line {cut + 1}",
                score(zfxxgk.parse(damaged, template=template), truth))

    truth = hongze_truth()
    for name, path in (("hongze -layout", FIXTURES / "pdftotext_hongze_2024_layout.txt"),
                       ("hongze default", ROOT / "tests" / "real" / "pdftotext_hongze_2024_text.txt"),
                       ("hongze PDF", PDF)):
        if path.exists():
            add(name, path.name, score(zfxxgk.parse_file(path), truth))

    print(f"{'input':<24} {'right':>7} {'wrong':>6} {'unplaced':>9} {'% right':>8}")
    all_ = Counter()
    for group, c in totals.items():
        all_.update(c)
        n = c["right"] + c["wrong"] + c["unplaced"]
        print(f"{group:<24} {c['right']:7} {c['wrong']:6} {c['unplaced']:9} {100 * c['right'] / max(n, 1):7.1f}%")
    n = all_["right"] + all_["wrong"] + all_["unplaced"]
    print(f"{'all':<24} {all_['right']:7} {all_['wrong']:6} {all_['unplaced']:9} {100 * all_['right'] / max(n, 1):7.1f}%")


if __name__ == "__main__":
    main()
