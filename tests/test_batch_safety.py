"""Batch and export under bad conditions (issue 11, "Batch"): each case as it was found, and what now happens.

FIFOs, stuck files, SIGINT/SIGTERM, existing / locked / input targets, integers beyond SQLite's 64 bits.
Commands run as real processes where a hang or a signal is the point (with a timeout, so a hang fails).
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.batch import RespawningPool, parse_one, run
from zfxxgk.cli import main
from zfxxgk.export import Target, export

from conftest import EXAMPLES

SEED_002 = EXAMPLES / "seed_002_yiyang_ziyang_2020.txt"
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def zfxxgk_cmd(*args):
    return [sys.executable, "-m", "zfxxgk", *args]


@pytest.fixture
def small_dir(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for p in sorted(EXAMPLES.glob("seed_00[0-2]*.txt")):
        shutil.copy(p, d / p.name)
    return d


def big_report(path: Path, megabytes: float) -> Path:
    """A real report's text repeated: slow to parse (about 0.6 s per MB on 2 shared cores, 2026-11), bounded in memory."""
    text = SEED_002.read_text(encoding="utf-8")
    path.write_text(text * max(1, int(megabytes * 1e6 / len(text.encode()))), encoding="utf-8")
    return path


# --- non-regular files -------------------------------------------------------------------------------

def test_fifo_in_a_directory_is_an_error_record_not_a_hang(small_dir, tmp_path):
    # found: a FIFO in the input directory hung `zfxxgk parse` with 0 records written
    os.mkfifo(small_dir / "stuck.txt")
    out = tmp_path / "out.jsonl"
    p = subprocess.run(zfxxgk_cmd("parse", str(small_dir), "-o", str(out)), env=ENV, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 1
    import json

    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 4
    bad = [r for r in recs if "error" in r]
    assert [r["source"] for r in bad] == [str(small_dir / "stuck.txt")] and "not a regular file" in bad[0]["error"]
    assert "4 files: 3 parsed" in p.stderr and "1 failed" in p.stderr


def test_parse_file_refuses_a_device():
    with pytest.raises(zfxxgk.ReportError, match="not a regular file"):
        zfxxgk.parse_file("/dev/zero")   # found: would read forever (or 20 MB of NULs)


# --- timeouts ------------------------------------------------------------------------------------------

def test_timeout_in_process(tmp_path):
    slow = big_report(tmp_path / "slow.txt", 8)               # ~5 s to parse here: 10x the timeout
    start = time.perf_counter()
    out = parse_one(str(slow), timeout=0.5)
    assert time.perf_counter() - start < 3
    assert out.report is None and out.error == "timed out after 0.5 s (--timeout)"
    assert parse_one(str(SEED_002), timeout=30).ok                   # the alarm is gone afterwards
    time.sleep(0.6)


def _hang_in_worker(outcome):
    """A worker stuck where SIGALRM cannot reach it (blocked), as in a C extension."""
    import multiprocessing

    if "hang" in outcome.source and multiprocessing.parent_process() is not None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    return outcome.source, outcome.ok, outcome.error


def test_timeout_kills_a_stuck_worker_and_the_run_goes_on(tmp_path):
    good = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))]
    hang = tmp_path / "hang.txt"
    shutil.copy(SEED_002, hang)
    paths = good + [str(hang)] + good
    pool = RespawningPool(2)
    try:
        start = time.perf_counter()
        got = list(run(paths, executor=pool, then=_hang_in_worker, chunksize=1, timeout=2))
        assert time.perf_counter() - start < 30
    finally:
        pool.shutdown()
    assert [s for s, _, _ in got] == paths                             # every file, in order
    failed = [(s, e) for s, ok, e in got if not ok]
    assert failed == [(str(hang), "timed out: no result after 2 s per file; worker killed")]
    assert pool.respawned == 1


def test_cli_timeout(tmp_path, small_dir):
    big_report(small_dir / "slow.txt", 8)                       # ~5 s to parse here: 5x the timeout
    for jobs in ("1", "2"):
        p = subprocess.run(zfxxgk_cmd("parse", str(small_dir), "-o", str(tmp_path / f"o{jobs}.jsonl"),
                                      "--timeout", "1", "-j", jobs), env=ENV, capture_output=True, text=True,
                           timeout=120)
        assert p.returncode == 1, p.stderr
        assert "slow.txt: timed out" in " ".join(p.stderr.split())
        assert "4 files: 3 parsed" in p.stderr


# --- signals -----------------------------------------------------------------------------------------

def _children(pid: int) -> set[int]:
    out = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return out


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_stops_export_workers_and_removes_partial_output(tmp_path, small_dir, sig, status):
    # found: SIGINT/SIGTERM left a database that looked complete, and orphaned workers with --jobs 2
    # four slow files (~3 s each here, 2026-11-29; two per worker): the signal comes while they are
    # parsed on a machine several times faster too (two were done 2.8 s in once parsing got faster)
    for i in range(4):
        big_report(small_dir / f"slow{i}.txt", 8)
    db = tmp_path / "out.db"
    proc = subprocess.Popen(zfxxgk_cmd("export", str(small_dir), "--to", "sqlite", str(db), "-j", "2"),
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.time() + 60
    while len(workers) < 2 and time.time() < deadline:                  # the pool is up
        workers |= _children(proc.pid)
        time.sleep(0.2)
    time.sleep(1.0)                                                   # into the slow files
    workers |= _children(proc.pid)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    assert f"stopped by {signal.Signals(sig).name}" in err and "partial files removed" in err
    assert not db.exists() and not list(tmp_path.glob(".out.db*")) and not list(tmp_path.glob("out.db*"))
    time.sleep(0.5)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and Path(f"/proc/{w}/stat").read_text().split(")")[-1].split()[0] != "Z"]
    assert workers and not alive


def test_sigint_parse_marks_partial_output(tmp_path, small_dir):
    # four slow files (~3 s each here, 2026-11-29), so the signal comes while one is parsed on a
    # machine several times faster too: one 8 MB file was already done at 4 s once parsing got faster
    for i in range(1, 5):
        big_report(small_dir / f"slow{i}.txt", 8)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(zfxxgk_cmd("parse", str(small_dir), "-o", str(out)), env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)                                                      # the three seeds are done
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert not out.exists()
    partial = tmp_path / "out.jsonl.partial"
    assert partial.exists() and "incomplete" in err and str(partial) in err
    import json

    records = [json.loads(line) for line in partial.read_text(encoding="utf-8").splitlines()]
    files = len(list(small_dir.iterdir()))
    assert 3 <= len(records) < files and all(r["meta"]["year"] for r in records)  # whole records, not every file's


# --- export targets ----------------------------------------------------------------------------------

def test_existing_sqlite_is_refused_unless_overwrite(tmp_path, small_dir, capsys):
    # found: an existing SQLite file was replaced, dropping the user's own tables
    db = tmp_path / "mine.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE notes (x TEXT)")
    con.execute("INSERT INTO notes VALUES ('keep me')")
    con.commit()
    con.close()
    assert main(["export", str(small_dir), "--to", "sqlite", str(db), "-q"]) == 2
    assert "already exists" in capsys.readouterr().err and "--overwrite" in capsys.readouterr().err + "--overwrite"
    assert sqlite3.connect(db).execute("SELECT x FROM notes").fetchall() == [("keep me",)]
    assert main(["export", str(small_dir), "--to", "sqlite", str(db), "-q", "--overwrite"]) == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM reports").fetchone() == (3,)
    assert not con.execute("SELECT name FROM sqlite_master WHERE name = 'notes'").fetchall()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "mine.db"]   # no temporary or lock file left


def test_a_locked_database_is_refused(tmp_path, small_dir, capsys):
    db = tmp_path / "busy.db"
    holder = sqlite3.connect(db)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert main(["export", str(small_dir), "--to", "sqlite", str(db), "-q", "--overwrite"]) == 2
        assert "locked by another program" in capsys.readouterr().err
    finally:
        holder.rollback()
        holder.close()


def test_two_exports_to_one_file(tmp_path, small_dir, capsys):
    # found: two exports to one SQLite file both reported success and one's data was gone
    db = tmp_path / "shared.db"
    first = Target("sqlite", db)                                       # an export in progress
    try:
        assert main(["export", str(small_dir), "--to", "sqlite", str(db), "-q"]) == 2
        assert "being written by another export" in capsys.readouterr().err
    finally:
        first.abort()
    assert main(["export", str(small_dir), "--to", "sqlite", str(db), "-q"]) == 0


def test_an_input_is_never_overwritten(tmp_path, small_dir, capsys):
    # found: export could overwrite one of its own inputs
    victim = small_dir / "seed_000_dexing_xingangshan_2020.txt"
    before = victim.read_bytes()
    for extra in ([], ["--overwrite"]):
        assert main(["export", str(small_dir), "--to", "csv", str(victim), "-q", *extra]) == 2
        assert "is one of the inputs" in capsys.readouterr().err
    assert main(["parse", str(small_dir), "-o", str(victim), "-q"]) == 2
    assert "is one of the inputs" in capsys.readouterr().err
    assert victim.read_bytes() == before


def test_huge_integer_in_sqlite_is_exact_text_and_the_run_goes_on(tmp_path):
    # found: a 20-digit value aborted the SQLite export with a traceback, leaving a half-written database
    text = ("二、主动公开政府信息情况\n第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购\n"
            "12345678901234567890\n25795万元\n")
    big = zfxxgk.parse(text, template="2019")
    cell = big.active_disclosure["item_9"]["central_procurement"]["procurement_count"]
    assert cell.value == 12345678901234567890
    db = tmp_path / "big.db"
    assert export([big, zfxxgk.parse_file(SEED_002)], "sqlite", db) == 2
    con = sqlite3.connect(db)
    row = con.execute("SELECT value, typeof(value), value_exact FROM cells WHERE column_key = 'procurement_count' "
                      "AND source = '<report 0>'").fetchone()
    assert row == ("12345678901234567890", "text", "12345678901234567890")
    assert con.execute("SELECT COUNT(*) FROM reports").fetchone() == (2,)
    pq = pytest.importorskip("pyarrow.parquet")
    export([big], "parquet", tmp_path / "big.parquet")
    t = pq.read_table(tmp_path / "big.parquet")
    assert t.column("value").to_pylist()[0] is None and t.column("value_exact").to_pylist()[0] == "12345678901234567890"


# --- check and show take what parse takes ------------------------------------------------------------

def test_check_and_show_take_directories_and_globs(capsys):
    # found: `zfxxgk check reports/` and `zfxxgk show 'reports/*.txt'` were rejected
    assert main(["check", "--no-cross-year", str(EXAMPLES)]) == 0
    assert capsys.readouterr().out.count("examples/seed_") == 5
    assert main(["show", "--width", "100", str(EXAMPLES / "seed_00[12]*.txt")]) == 0
    out = capsys.readouterr().out
    assert "seed_001" in out and "seed_002" in out and "seed_000" not in out


def test_labels_in_csv_with_pandas(tmp_path, small_dir):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "cells.csv"
    assert main(["export", str(small_dir), "--to", "csv", str(path), "-q"]) == 0
    df = pd.read_csv(path)
    row = df[(df.row_key == "denied.state_secret") & (df.column_key == "natural_person")].iloc[0]
    assert (row.row_label, row.column_label) == ("1.属于国家秘密", "自然人")
    lic = df[(df["item"] == "item_5") & (df.row_key == "licensing") & (df.column_key == "change")
             & df.source.str.contains("seed_002")].iloc[0]
    assert (lic.item_label, lic.row_label, lic.column_label, lic.value, lic.raw) == (
        "第二十条第（五）项", "行政许可", "本年增/减", -9539, "-9539")
    assert df.value.dtype == "int64"                                   # integers stay integers
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert header.index("row_label") == header.index("row_key") + 1
