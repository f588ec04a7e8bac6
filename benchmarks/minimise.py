#!/usr/bin/env python
"""Shrink an input that shows a scoring bug (benchmarks/score_shapes.py --keep DIR) to the fewest lines.

    python benchmarks/minimise.py /tmp/cases/html-cut-1.txt wrong     # a value under a wrong key
    python benchmarks/minimise.py /tmp/cases/glued-none-0.txt lost [TEXT]  # a number neither placed nor
                                                                          # reported (on a line holding TEXT)
    python benchmarks/minimise.py /tmp/cases/x.bin crash              # an exception other than ReportError

Lines (bytes lines for ``.bin``) are removed in chunks, halving the chunk size (ddmin), while the bug
stays.  ``wrong`` needs the case's ``.truth.json`` beside it (written by ``--keep``).  The result is
printed and written next to the input as ``*.min.txt`` / ``*.min.bin``.
"""

from __future__ import annotations

import html as _html
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zfxxgk  # noqa: E402

NUMERIC = re.compile(r"[-−+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\s*(?:万元|元|批次|件|个|项|条|次|人次|家|%)?")


def _digits(raw: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", raw))


def unaccounted(text: str, report) -> Counter:
    """``{(line, digit): count}`` of numbers printed as cells (runs between spaces and pipes that are a
    number; tags stripped) not covered by a placed cell or a diagnostic's cell from the same line."""
    tokens = Counter()
    for no, line in enumerate(text.split("\n"), 1):
        line = _html.unescape(re.sub(r"<[^>]*>", " ", line)) if "<" in line else line
        for run in re.split(r"[\s|｜]+", unicodedata.normalize("NFKC", line)):
            if run and NUMERIC.fullmatch(run):
                tokens.update((no, d) for d in _digits(run))
    seen = Counter()
    for cell in [c for *_, c in report.cells()] + [c for d in report.diagnostics for c in d.cells]:
        seen.update((cell.line, d) for d in _digits(cell.raw))
    return tokens - seen


def _text(source) -> str:
    if isinstance(source, bytes):
        return zfxxgk.parser.normalise.decode(source)[0]
    return source


def bug(kind: str, source, truth: dict | None = None, target: str | None = None):
    """A description of the bug ``kind`` in ``source``, or ``None`` when it is not there (``lost``:
    only numbers on a line holding ``target`` count)."""
    try:
        report = zfxxgk.parse(source, template=TEMPLATE[0])
    except zfxxgk.ReportError:
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"[:200] if kind == "crash" else None
    if kind == "wrong":
        bad = []
        for t, i, r, c, cell in report.cells():
            key = f"{t}|{i}|{r}|{c}"
            want = truth.get(key, "absent")
            if cell.value is None and want == "absent":
                continue
            if want == "absent" or cell.value is None or str(cell.value) != str(want):
                bad.append(f"{key}: want {want}, got {cell.raw!r} (line {cell.line})")
        return "; ".join(bad) or None
    if kind == "lost":
        text = _text(source).split("\n")
        lines = sorted({line for line, _ in unaccounted("\n".join(text), report)})
        lines = [n for n in lines if target is None or target in text[n - 1]]
        return f"unaccounted numbers on lines {lines[:10]}: {text[lines[0] - 1][:80]!r}" if lines else None
    return None


#: the template the whole input was detected as: what is left keeps it (the bug is placement, not detection)
TEMPLATE: list = [None]

#: chapter headings stay, so what is left is still a report with its tables' context
PINNED = re.compile(r"^\s*(#+\s*)?[二三四五]、|<p[^>]*><strong>[二三四五]、")


def minimise(kind: str, source, truth=None, target=None):
    """The smallest line subset of ``source`` (chapter headings kept) that still shows ``bug(kind)``."""
    binary = isinstance(source, bytes)
    sep = b"\n" if binary else "\n"
    units = source.split(sep)
    first = bug(kind, source, truth, target)
    assert first, "the input does not show the bug"
    n = 2
    while len(units) >= 2:
        size = max(1, len(units) // n)
        removed = False
        for start in range(0, len(units), size):
            chunk = units[start:start + size]
            if any(PINNED.search(u.decode("utf-8", "replace") if binary else u) for u in chunk):
                continue
            trial = units[:start] + units[start + size:]
            if trial and bug(kind, sep.join(trial), truth, target):
                units = trial
                removed = True
                break
        if removed:
            n = max(n - 1, 2)
        elif size == 1:
            break
        else:
            n = min(len(units), n * 2)
    return sep.join(units)


def main() -> None:
    path, kind = Path(sys.argv[1]), sys.argv[2]
    target = sys.argv[3] if len(sys.argv) > 3 else None
    source = path.read_bytes() if path.suffix == ".bin" else path.read_text(encoding="utf-8")
    try:
        TEMPLATE[0] = zfxxgk.parse(source).meta.template
    except Exception:  # noqa: BLE001
        pass
    print("template:", TEMPLATE[0], file=sys.stderr)
    truth = None
    if kind == "wrong":
        truth = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".truth.json").read_text(encoding="utf-8"))
    if kind == "lost" and target is None:  # the first line with a lost number is the one to keep losing
        first = bug(kind, source)
        target = first and first.split(": ", 1)[1].strip("'")[:40].strip()
        print("target line:", target, file=sys.stderr)
    small = minimise(kind, source, truth, target)
    out = path.with_name(path.stem + ".min" + path.suffix)
    out.write_bytes(small) if isinstance(small, bytes) else out.write_text(small, encoding="utf-8")
    print(small if isinstance(small, str) else repr(small))
    print("---", bug(kind, small, truth, target), "→", out, file=sys.stderr)


if __name__ == "__main__":
    main()
