"""Export: the SQLite database (and CSV, Parquet) hold exactly what `zfxxgk parse` outputs."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

import zfxxgk
from zfxxgk.cli import main
from zfxxgk.export import COLUMNS, ExportError, companion, export

from batchcorpus import make_corpus
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    return root, make_corpus(root, 3)


@pytest.fixture(scope="module")
def parsed(corpus, tmp_path_factory):
    """``zfxxgk parse`` output of the corpus: {source: record}."""
    out = tmp_path_factory.mktemp("parsed") / "out.jsonl"
    main(["parse", str(corpus[0]), "-o", str(out), "-q"])
    with open(out, encoding="utf-8") as fh:
        return {r["source"]: r for r in map(json.loads, fh)}


@pytest.fixture(scope="module")
def db(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "reports.db"
    assert main(["export", str(corpus[0]), "--to", "sqlite", str(path), "--jobs", "2", "-q"]) == 1  # one bad file
    con = sqlite3.connect(path)
    yield con
    con.close()


def json_cells(record):
    """(table, item, row, column) → cell dict, from a parse record."""
    out = {}
    for item, rows in record["active_disclosure"].items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                out["active_disclosure", item, row, col] = cell
    for table in ("applications", "review_litigation"):
        for row, cols in record[table].items():
            for col, cell in cols.items():
                out[table, None, row, col] = cell
    return out


def test_sqlite_cells_match_parse_output(db, parsed):
    rows = db.execute("SELECT source, organ, year, template, table_key, item, row_key, column_key, value, raw, unit, line "
                      "FROM cells").fetchall()
    by_source: dict = {}
    for source, organ, year, template, t, i, r, c, value, raw, unit, line in rows:
        rec = parsed[source]
        assert (organ, year, template) == (rec["meta"]["organ"], rec["meta"]["year"], rec["meta"]["template"])
        by_source.setdefault(source, {})[t, i, r, c] = {"value": value, "raw": raw, "unit": unit, "line": line}
    for source, rec in parsed.items():
        if "error" in rec:
            continue
        assert by_source.get(source, {}) == json_cells(rec), source
    assert sum(len(json_cells(r)) for r in parsed.values() if "error" not in r) == len(rows) > 0


def test_sqlite_reports_diagnostics_checks(db, parsed, corpus):
    q = db.cursor()
    q.row_factory = sqlite3.Row
    reports = {r["source"]: r for r in q.execute("SELECT * FROM reports")}
    assert set(reports) == set(parsed)
    bad = reports[corpus[1]["bad"]]
    assert bad["error"] and bad["template"] is None
    for source, rec in parsed.items():
        if "error" in rec:
            continue
        r = reports[source]
        assert r["error"] is None
        assert (r["title"], r["organ"], r["year"], r["published"]) == (
            rec["meta"]["title"], rec["meta"]["organ"], rec["meta"]["year"], rec["meta"]["published"])
        sev = [d["severity"] for d in rec["diagnostics"]]
        assert (r["n_diagnostics"], r["n_errors"], r["n_warnings"]) == (len(sev), sev.count("error"), sev.count("warning"))
        assert r["n_cells"] == len(json_cells(rec))
        assert r["n_checks"] == len(rec["checks"])
        assert r["n_failed_checks"] == sum(1 for c in rec["checks"] if c["ok"] is False)
        diags = q.execute("SELECT severity, code, message, line, unplaced FROM diagnostics WHERE source = ? "
                           "ORDER BY rowid", (source,)).fetchall()
        assert [(d["severity"], d["code"], d["message"], d["line"], json.loads(d["unplaced"])) for d in diags] == [
            (d["severity"], d["code"], d["message"], d["line"], [c["raw"] for c in d["cells"]]) for d in rec["diagnostics"]]
        checks = q.execute("SELECT rule, ok, expected, found FROM checks WHERE source = ? ORDER BY rowid",
                            (source,)).fetchall()
        assert [(c["rule"], None if c["ok"] is None else bool(c["ok"]), c["expected"], c["found"]) for c in checks] == [
            (c["rule"], c["ok"], c["expected"], c["found"]) for c in rec["checks"]]


def test_sqlite_is_queryable_like_a_researcher_would(db):
    # how many applications did each organ receive, by year — one GROUP BY over the long table
    rows = db.execute("SELECT organ, year, SUM(value) FROM cells WHERE table_key = 'applications' AND "
                      "row_key = 'new_received' AND column_key = 'total' GROUP BY organ, year").fetchall()
    assert rows and all(isinstance(n, int) for _, _, n in rows)
    names = {r[1] for r in db.execute("PRAGMA table_info(cells)")}
    assert tuple(r[1] for r in db.execute("PRAGMA table_info(cells)")) == COLUMNS["cells"] and names


def test_csv_matches_sqlite(corpus, db, tmp_path):
    path = tmp_path / "cells.csv"
    assert main(["export", str(corpus[0]), "--to", "csv", str(path), "-q"]) == 1
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == COLUMNS["cells"]
    want = db.execute("SELECT * FROM cells ORDER BY rowid").fetchall()
    assert len(rows) - 1 == len(want)
    for got, exp in zip(rows[1:], want):
        assert got == ["" if v is None else str(v) for v in exp]
    for table in ("reports", "diagnostics", "checks"):
        with open(companion(path, table), encoding="utf-8-sig", newline="") as fh:
            n = sum(1 for _ in csv.reader(fh)) - 1
        assert n == db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_parquet(corpus, db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "cells.parquet"
    assert main(["export", str(corpus[0]), "--to", "parquet", str(path), "-q"]) == 1
    t = pq.read_table(path)
    assert t.column_names == list(COLUMNS["cells"])
    want = db.execute("SELECT raw, value, value_exact FROM cells ORDER BY rowid").fetchall()
    got = list(zip(t.column("raw").to_pylist(), t.column("value").to_pylist(), t.column("value_exact").to_pylist()))
    assert len(got) == len(want)
    # integers as int64; a decimal (1.5) is NULL in the int64 column and exact in value_exact, as in SQLite
    assert t.schema.field("value").type == "int64"
    assert got == [(raw, v if not isinstance(v, float) else None, exact) for raw, v, exact in want]
    assert any(isinstance(v, float) for _, v, _ in want)          # the corpus has decimals (1.5)
    assert pq.read_table(companion(path, "reports")).num_rows == db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]


def test_library_export_and_decimals(tmp_path):
    text = "二、主动公开政府信息情况\n第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购\n3\n1,234.50万元\n"
    report = zfxxgk.parse(text, template="2019")
    path = tmp_path / "one.db"
    assert export([report, *zfxxgk.parse_many([EXAMPLES])], "sqlite", path) == 6
    con = sqlite3.connect(path)
    assert con.execute("SELECT value, raw, unit FROM cells WHERE column_key = 'procurement_amount' AND source = "
                       "'<report 0>'").fetchone() == (1234.5, "1,234.50万元", "万元")
    assert con.execute("SELECT COUNT(*) FROM reports").fetchone() == (6,)
    # an existing database is kept unless overwrite=True; then replaced, not appended to
    with pytest.raises(ExportError, match="already exists"):
        export([report], "sqlite", path)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM reports").fetchone() == (6,)
    export([report], "sqlite", path, overwrite=True)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM reports").fetchone() == (1,)
