#!/usr/bin/env python
"""Output identity guard for speed work: a change that only makes zfxxgk faster must not change one byte
of what it outputs.

    python benchmarks/identity.py write /tmp/ident-base     # before the change (≈ 7 s)
    python benchmarks/identity.py check /tmp/ident-base     # after it: "0 differ", exit 0

Parses every example and text fixture (``.txt``, ``.md``, ``.html``; PDF and DOCX are pinned by the snapshot
tests) and six deterministic damaged variants of each (characters dropped, newlines and pipes swapped, the
text cut short, lines joined, digits altered, a stretch repeated), and keeps the full JSON of each report
(``zfxxgk.to_dict``, diagnostics and positions included); ``check`` names every input whose output differs.
"""
from __future__ import annotations

import hashlib
import json
import random
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import zfxxgk  # noqa: E402


def inputs():
    files = sorted(p for d in ("examples", "tests/fixtures", "tests/fixtures_crossyear", "tests/fixtures_extensions",
                               "tests/real")
                   for p in (ROOT / d).rglob("*") if p.is_file() and p.suffix in (".txt", ".md", ".html", ".htm"))
    for p in files:
        data = p.read_bytes()
        name = str(p.relative_to(ROOT))
        yield name, data
        rng = random.Random(zlib.crc32(name.encode()))
        text = data.decode("utf-8", "replace")
        for k in range(6):
            t = text
            op = k % 6
            if op == 0:  # drop random chars
                t = "".join(c for c in t if rng.random() > 0.01)
            elif op == 1:  # newline <-> pipe swaps
                t = "".join(("|" if c == "\n" and rng.random() < .1 else "\n" if c == "|" and rng.random() < .1 else c) for c in t)
            elif op == 2:  # truncate
                t = t[: rng.randrange(len(t) // 3, len(t))]
            elif op == 3:  # join lines with spaces
                t = " ".join(t.splitlines())
            elif op == 4:  # digits altered
                t = "".join((str(rng.randrange(10)) if c.isdigit() and rng.random() < .05 else c) for c in t)
            else:  # duplicate a block
                i, j = sorted(rng.randrange(len(t)) for _ in range(2))
                t = t[:j] + t[i:j] + t[j:]
            yield f"{name}#v{k}", t.encode("utf-8")


def out(data):
    try:
        r = zfxxgk.parse(data)
        return json.dumps(zfxxgk.to_dict(r), ensure_ascii=False, sort_keys=True, indent=0)
    except Exception as e:  # noqa: BLE001 - an exception is output too: it must stay the same
        return f"EXC {type(e).__name__}: {e}"


def main():
    mode, d = sys.argv[1], Path(sys.argv[2])
    d.mkdir(parents=True, exist_ok=True)
    bad = n = 0
    for name, data in inputs():
        n += 1
        key = hashlib.sha1(name.encode()).hexdigest()[:16]
        o = out(data)
        f = d / key
        if mode == "write":
            f.write_text(name + "\n" + o)
        elif not f.exists():
            print("NEW", name, key)  # (an input added since the write: nothing to compare)
        else:
            old = f.read_text().split("\n", 1)[1]
            if old != o:
                bad += 1
                print("DIFF", name, key)
    print(f"{n} inputs, {bad} differ")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
