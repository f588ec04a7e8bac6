"""A generated corpus for the batch tests: copies of every fixture under nested folders, plus bad files."""

from __future__ import annotations

from pathlib import Path

import zfxxgk

from conftest import fixture_files

#: What the bad file's error says: it is one byte over the size limit (a sparse file: cheap to make).
BAD_REASON = "over the limit"


def make_corpus(root: Path, copies: int) -> dict:
    """``copies`` × every fixture under ``root/p{k}/c{i}/``, one file parse refuses (too large), one hidden file and one
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
    with open(bad, "wb") as fh:
        fh.truncate(zfxxgk.DEFAULT_MAX_SIZE + 1)
    (root / "p1" / ".hidden.txt").write_bytes(sources[0].read_bytes())
    (root / "p1" / "notes.json").write_text("{}", encoding="utf-8")
    return {"good": n, "files": n + 1, "bad": str(bad)}
