"""A generated corpus for the batch tests: copies of every fixture under nested folders, plus bad files."""

from __future__ import annotations

import random
from pathlib import Path

from conftest import fixture_files

#: Bytes no encoding detector accepts as text (fixed seed: the same every run).
BAD_BYTES = random.Random(5).randbytes(4000)


def make_corpus(root: Path, copies: int) -> dict:
    """``copies`` × every fixture under ``root/p{k}/c{i}/``, one undecodable file, one hidden file and one
    file with a name directories do not take; returns the expected counts."""
    sources = fixture_files()
    n = 0
    for i in range(copies):
        d = root / f"p{i % 3}" / f"c{i:03d}"
        d.mkdir(parents=True, exist_ok=True)
        for src in sources:
            (d / src.name).write_bytes(src.read_bytes())
            n += 1
    bad = root / "p0" / "bad_report.txt"
    bad.write_bytes(BAD_BYTES)
    (root / "p1" / ".hidden.txt").write_bytes(sources[0].read_bytes())
    (root / "p1" / "notes.json").write_text("{}", encoding="utf-8")
    return {"good": n, "files": n + 1, "bad": str(bad)}
