"""Tidy export: one row per table cell, one row per report — CSV, SQLite (standard library), Parquet.

Tables (SQLite table names; CSV and Parquet write one file per table, see :func:`open_sink`):

``cells`` — one row per placed cell (:meth:`zfxxgk.model.Report.cells`)
    ``source`` file path · ``organ`` · ``year`` · ``template`` (the report's meta, repeated so the
    table stands alone) · ``table_key`` (``active_disclosure``, ``applications``,
    ``review_litigation``) · ``item`` (``item_5`` …, Article 20 tables only, else NULL) ·
    ``row_key`` (``denied.state_secret``, ``licensing``, ``review`` …) · ``column_key``
    (``natural_person``, ``change``, ``total`` …) · ``value`` (number, NULL for a blank cell) ·
    ``raw`` (text as printed) · ``unit`` (``万元``, ``批次`` … or NULL) · ``line`` (1-based source line).
    Keys are those of TEMPLATES.md.

``reports`` — one row per input file, parsed or not
    ``source`` (primary key) · ``title`` · ``organ`` · ``year`` · ``published`` (ISO date) · ``template``
    · ``script`` · ``encoding`` · ``signature_organ`` · ``signature_date`` · ``n_cells`` ·
    ``n_diagnostics`` · ``n_errors`` · ``n_warnings`` (diagnostics by severity) · ``n_checks`` ·
    ``n_failed_checks`` (the report contradicts itself) · ``n_checks_not_made`` (cells missing) · ``error`` (why the file could not be parsed; NULL when it was — the other
    columns are then NULL).

``diagnostics`` — ``source`` · ``severity`` · ``code`` · ``message`` · ``line`` · ``unplaced`` (JSON
    array of the raw texts of values that were not placed, ``[]`` if none).

``checks`` — ``source`` · ``rule`` · ``subject`` · ``severity`` · ``ok`` (1 agrees, 0 contradicts, NULL
    could not be made) · ``expected`` · ``found`` · ``cells`` (JSON array of ``table/row/column``
    paths) · ``missing`` (JSON array of the paths that were not placed) · ``message`` · ``line``.

Values: integers stay integers; decimal values (``1,234.50万元``) are exact in CSV (text) and
SQLite (``NUMERIC``: stored as REAL when not integral), and float64 in Parquet; ``raw`` always
keeps the printed text.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from .batch import Brief, Outcome, brief
from .model import Report

#: Column names of each table, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "cells": ("source", "organ", "year", "template", "table_key", "item", "row_key", "column_key", "value", "raw",
              "unit", "line"),
    "reports": ("source", "title", "organ", "year", "published", "template", "script", "encoding", "signature_organ",
                "signature_date", "n_cells", "n_diagnostics", "n_errors", "n_warnings", "n_checks", "n_failed_checks",
                "n_checks_not_made", "error"),
    "diagnostics": ("source", "severity", "code", "message", "line", "unplaced"),
    "checks": ("source", "rule", "subject", "severity", "ok", "expected", "found", "cells", "missing", "message",
               "line"),
}

#: The SQLite schema (also what the CSV and Parquet files hold, one file per table).
SQLITE_SCHEMA = """
CREATE TABLE reports (
  source TEXT PRIMARY KEY, title TEXT, organ TEXT, year INTEGER, published TEXT, template TEXT, script TEXT,
  encoding TEXT, signature_organ TEXT, signature_date TEXT, n_cells INTEGER, n_diagnostics INTEGER,
  n_errors INTEGER, n_warnings INTEGER, n_checks INTEGER, n_failed_checks INTEGER, n_checks_not_made INTEGER,
  error TEXT
);
CREATE TABLE cells (
  source TEXT NOT NULL REFERENCES reports(source), organ TEXT, year INTEGER, template TEXT,
  table_key TEXT NOT NULL, item TEXT, row_key TEXT NOT NULL, column_key TEXT NOT NULL,
  value NUMERIC, raw TEXT NOT NULL, unit TEXT, line INTEGER
);
CREATE TABLE diagnostics (
  source TEXT NOT NULL REFERENCES reports(source), severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT,
  line INTEGER, unplaced TEXT
);
CREATE TABLE checks (
  source TEXT NOT NULL REFERENCES reports(source), rule TEXT NOT NULL, subject TEXT, severity TEXT, ok INTEGER,
  expected NUMERIC, found NUMERIC, cells TEXT, missing TEXT, message TEXT, line INTEGER
);
"""

SQLITE_INDEXES = """
CREATE INDEX cells_source ON cells(source);
CREATE INDEX cells_key ON cells(table_key, item, row_key, column_key);
CREATE INDEX reports_organ_year ON reports(organ, year);
CREATE INDEX diagnostics_source ON diagnostics(source);
CREATE INDEX checks_source ON checks(source);
"""

FORMATS = ("csv", "sqlite", "parquet")


def _date(d):
    return d.isoformat() if d is not None else None


def rows(source: str, report: Report | None, error: str | None = None) -> dict[str, list[tuple]]:
    """The rows one file contributes to each table."""
    if report is None:
        blank = [None] * (len(COLUMNS["reports"]) - 2)
        return {"reports": [(source, *blank, error)], "cells": [], "diagnostics": [], "checks": []}
    m = report.meta
    cells = [(source, m.organ, m.year, m.template, table, item, row, col, cell.value, cell.raw, cell.unit, cell.line)
             for table, item, row, col, cell in report.cells()]
    diags = [(source, d.severity, d.code, d.message, d.line, json.dumps([c.raw for c in d.cells], ensure_ascii=False))
             for d in report.diagnostics]
    checks = list(getattr(report, "checks", ()))
    check_rows = [(source, c.rule, getattr(c, "subject", None), c.severity, None if c.ok is None else int(c.ok),
                   c.expected, c.found, json.dumps(list(c.cells), ensure_ascii=False),
                   json.dumps(list(getattr(c, "missing", ())), ensure_ascii=False), c.message,
                   getattr(c, "line", None)) for c in checks]
    sev = [d.severity for d in report.diagnostics]
    sig = report.signature
    rep = (source, m.title, m.organ, m.year, _date(m.published), m.template, m.script, m.encoding,
           sig.organ if sig else None, _date(sig.date) if sig else None, len(cells), len(sev), sev.count("error"),
           sev.count("warning"), len(checks), sum(1 for c in checks if c.ok is False),
           sum(1 for c in checks if c.ok is None), None)
    return {"reports": [rep], "cells": cells, "diagnostics": diags, "checks": check_rows}


def _rows_of(outcome: Outcome) -> dict[str, list[tuple]]:
    return rows(outcome.source, outcome.report, outcome.error)


def rows_job(outcome: Outcome) -> Brief:
    """Worker side: the export rows of one file (built where it was parsed)."""
    return brief(outcome, _rows_of)


# --- sinks ------------------------------------------------------------------------------------------

class Sink:
    """Receives :func:`rows` dicts and writes them; ``close()`` finishes the file(s)."""

    def add(self, table_rows: dict[str, list[tuple]]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def companion(path: str | os.PathLike, table: str) -> Path:
    """Where table ``table`` goes for CSV/Parquet output ``path``: ``cells`` at ``path`` itself, the others
    beside it as ``<stem>.<table><suffix>`` (``out.csv`` → ``out.reports.csv``)."""
    p = Path(path)
    return p if table == "cells" else p.with_name(f"{p.stem}.{table}{p.suffix}")


class SQLiteSink(Sink):
    """Writes a fresh SQLite database at ``path`` (an existing file is replaced)."""

    def __init__(self, path: str | os.PathLike, *, commit_every: int = 500):
        path = Path(path)
        for extra in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")  # a bulk load into a new file: nothing to roll back to
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(SQLITE_SCHEMA)
        self._sql = {t: f"INSERT INTO {t} VALUES ({', '.join('?' * len(c))})" for t, c in COLUMNS.items()}
        self._n = 0
        self.commit_every = commit_every

    def add(self, table_rows):
        for table in ("reports", "cells", "diagnostics", "checks"):
            if table_rows[table]:
                self.db.executemany(self._sql[table], [tuple(_sql_value(v) for v in r) for r in table_rows[table]])
        self._n += 1
        if self._n % self.commit_every == 0:
            self.db.commit()

    def close(self):
        self.db.executescript(SQLITE_INDEXES)
        self.db.commit()
        self.db.close()


def _sql_value(v):
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent >= 0 else float(v)
    return v


class CSVSink(Sink):
    """Writes ``cells`` to ``path`` and the other tables beside it (see :func:`companion`), UTF-8 with a
    BOM (so spreadsheet programs read the Chinese text), header row first."""

    def __init__(self, path: str | os.PathLike):
        self._files = {t: open(companion(path, t), "w", encoding="utf-8-sig", newline="") for t in COLUMNS}
        self._writers = {t: csv.writer(f) for t, f in self._files.items()}
        for t, w in self._writers.items():
            w.writerow(COLUMNS[t])

    def add(self, table_rows):
        for t, rs in table_rows.items():
            if rs:
                self._writers[t].writerows(rs)

    def close(self):
        for f in self._files.values():
            f.close()


class ParquetSink(Sink):
    """Writes one Parquet file per table (``cells`` at ``path``); needs ``pyarrow`` (extra ``[parquet]``)."""

    TYPES = {"year": "int64", "line": "int64", "value": "float64", "expected": "float64", "found": "float64",
             "ok": "bool_", "n_checks_not_made": "int64", **{c: "int64" for c in COLUMNS["reports"] if c.startswith("n_")}}

    def __init__(self, path: str | os.PathLike, *, rows_per_group: int = 100_000):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise SystemExit("zfxxgk: Parquet export needs pyarrow: pip install 'zfxxgk[parquet]'") from None
        self.pa, self.pq = pa, pq
        self.schemas = {t: pa.schema([(c, getattr(pa, self.TYPES.get(c, "string"))()) for c in cols])
                        for t, cols in COLUMNS.items()}
        self.writers = {t: pq.ParquetWriter(companion(path, t), self.schemas[t]) for t in COLUMNS}
        self.buffers: dict[str, list[tuple]] = {t: [] for t in COLUMNS}
        self.rows_per_group = rows_per_group

    def add(self, table_rows):
        for t, rs in table_rows.items():
            self.buffers[t].extend(rs)
            if len(self.buffers[t]) >= self.rows_per_group:
                self._flush(t)

    def _flush(self, t):
        buf = self.buffers[t]
        if not buf:
            return
        cols = COLUMNS[t]
        conv = [{"float64": float, "bool_": bool}.get(self.TYPES.get(c, ""), _same) for c in cols]
        arrays = {c: [None if r[i] is None else conv[i](r[i]) for r in buf] for i, c in enumerate(cols)}
        self.writers[t].write_table(self.pa.Table.from_pydict(arrays, schema=self.schemas[t]))
        self.buffers[t] = []

    def close(self):
        for t in COLUMNS:
            self._flush(t)
            self.writers[t].close()


def _same(v):
    return v


def open_sink(fmt: str, path: str | os.PathLike) -> Sink:
    """A sink for ``fmt`` (``csv``, ``sqlite``, ``parquet``) writing to ``path``."""
    if fmt == "sqlite":
        return SQLiteSink(path)
    if fmt == "csv":
        return CSVSink(path)
    if fmt == "parquet":
        return ParquetSink(path)
    raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def export(outcomes: Iterable[Outcome | Report], fmt: str, path: str | os.PathLike) -> int:
    """Write ``outcomes`` (from :func:`zfxxgk.parse_many`, or bare reports) to ``path``; returns how many."""
    n = 0
    with open_sink(fmt, path) as sink:
        for i, o in enumerate(outcomes):
            if isinstance(o, Report):
                o = Outcome(f"<report {i}>", o)
            sink.add(_rows_of(o))
            n += 1
    return n
