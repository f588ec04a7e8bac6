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

from .batch import Outcome
from .labels import Labels
from .model import Report

#: Column names of each table, in order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "cells": ("source", "organ", "year", "template", "table_key", "item", "item_label", "row_key", "row_label",
              "column_key", "column_label", "value", "value_exact", "raw", "unit", "line"),
    "reports": ("source", "title", "organ", "year", "published", "template", "script", "encoding", "signature_organ",
                "signature_date", "n_cells", "n_diagnostics", "n_errors", "n_warnings", "n_checks", "n_failed_checks",
                "n_checks_not_made", "error"),
    "diagnostics": ("source", "severity", "code", "message", "line", "unplaced"),
    "checks": ("source", "rule", "subject", "severity", "ok", "expected", "found", "cells", "missing", "message",
               "line"),
}

#: The SQLite schema (also what the CSV and Parquet files hold, one file per table).  ``value``,
#: ``expected`` and ``found`` have no declared type, so SQLite keeps what is stored: INTEGER, REAL for a
#: decimal, TEXT for an integer beyond 64 bits (NUMERIC affinity would turn that into an inexact REAL).
SQLITE_SCHEMA = """
CREATE TABLE reports (
  source TEXT PRIMARY KEY, title TEXT, organ TEXT, year INTEGER, published TEXT, template TEXT, script TEXT,
  encoding TEXT, signature_organ TEXT, signature_date TEXT, n_cells INTEGER, n_diagnostics INTEGER,
  n_errors INTEGER, n_warnings INTEGER, n_checks INTEGER, n_failed_checks INTEGER, n_checks_not_made INTEGER,
  error TEXT
);
CREATE TABLE cells (
  source TEXT NOT NULL REFERENCES reports(source), organ TEXT, year INTEGER, template TEXT,
  table_key TEXT NOT NULL, item TEXT, item_label TEXT, row_key TEXT NOT NULL, row_label TEXT,
  column_key TEXT NOT NULL, column_label TEXT, value /* no affinity: see below */, value_exact TEXT, raw TEXT NOT NULL, unit TEXT,
  line INTEGER
);
CREATE TABLE diagnostics (
  source TEXT NOT NULL REFERENCES reports(source), severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT,
  line INTEGER, unplaced TEXT
);
CREATE TABLE checks (
  source TEXT NOT NULL REFERENCES reports(source), rule TEXT NOT NULL, subject TEXT, severity TEXT, ok INTEGER,
  expected, found, cells TEXT, missing TEXT, message TEXT, line INTEGER
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
    labels = Labels.of_report(report)
    cells = [(source, m.organ, m.year, m.template, table, item, labels.item(item), row, labels.row(table, item, row),
              col, labels.column(table, item, col), cell.value, _exact(cell.value), cell.raw, cell.unit, cell.line)
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


def _exact(v) -> str | None:
    """The value as exact decimal text (``1234.50`` stays ``1234.50``; no float on the way)."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def rows_of(outcome: Outcome) -> dict[str, list[tuple]]:
    return rows(outcome.source, outcome.report, outcome.error)


# --- where the files go --------------------------------------------------------------------------------

class ExportError(Exception):
    """The export cannot write where it was asked to (exists, locked, an input, unwritable)."""


def companion(path: str | os.PathLike, table: str) -> Path:
    """Where table ``table`` goes for CSV/Parquet output ``path``: ``cells`` at ``path`` itself, the others
    beside it as ``<stem>.<table><suffix>`` (``out.csv`` → ``out.reports.csv``)."""
    p = Path(path)
    return p if table == "cells" else p.with_name(f"{p.stem}.{table}{p.suffix}")


def targets(fmt: str, path: str | os.PathLike) -> dict[str, Path]:
    """The final file of each table (all at ``path`` for SQLite)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    return {t: Path(path) if fmt == "sqlite" else companion(path, t) for t in COLUMNS}


class Target:
    """The files of one export, written under temporary names beside them (``.NAME.partial-PID``) and
    renamed over the final names only when the run succeeds (:meth:`commit`); :meth:`abort` removes them.

    Refused (:class:`ExportError`): a final file that is one of ``inputs`` (always); an existing final
    file unless ``overwrite``; a target another export is writing (a lock file ``NAME.lock`` held with
    ``flock``), or, for SQLite with ``overwrite``, a database another program holds locked.
    """

    def __init__(self, fmt: str, path: str | os.PathLike, *, overwrite: bool = False, inputs: Iterable[str] = ()):
        self.finals = targets(fmt, path)
        files = list(dict.fromkeys(self.finals.values()))
        existing = [f for f in files if os.path.lexists(f)]
        if existing:
            ins = [i for i in inputs if os.path.exists(i)]
            for f in existing:
                if any(_same_file(f, i) for i in ins):
                    raise ExportError(f"{f} is one of the inputs; an export never overwrites an input")
            if not overwrite:
                raise ExportError(f"{', '.join(map(str, existing))} already exist{'s' if len(existing) == 1 else ''}; "
                                  "choose another name or pass --overwrite (overwrite=True) to replace")
            for f in existing:
                if not f.is_file():
                    raise ExportError(f"{f} is not a regular file")
        self._lock = self._take_lock(Path(path))
        try:
            if fmt == "sqlite" and existing:
                _refuse_if_sqlite_locked(files[0])
            self.temps = {f: f.with_name(f".{f.name}.partial-{os.getpid()}") for f in files}
            for tmp in self.temps.values():
                tmp.unlink(missing_ok=True)
        except BaseException:
            self._release()
            raise
        self.done = False

    @staticmethod
    def _take_lock(path: Path):
        import fcntl

        lock = path.with_name(f"{path.name}.lock")
        try:
            fh = open(lock, "a+")
        except OSError as exc:
            raise ExportError(f"cannot write beside {path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise ExportError(f"{path} is being written by another export (lock {lock}); wait for it or choose "
                              "another name") from None
        return fh, lock

    def temp(self, table: str) -> Path:
        return self.temps[self.finals[table]]

    def commit(self) -> None:
        try:
            for final, tmp in self.temps.items():
                os.replace(tmp, final)
            self.done = True
        finally:
            self._release()

    def abort(self) -> None:
        for tmp in self.temps.values():
            for extra in ("", "-journal", "-wal", "-shm"):
                Path(f"{tmp}{extra}").unlink(missing_ok=True)
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            fh, lock = self._lock
            lock.unlink(missing_ok=True)
            fh.close()
            self._lock = None


def _same_file(a, b) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_if_sqlite_locked(path: Path) -> None:
    try:
        con = sqlite3.connect(path, timeout=0)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.rollback()
        finally:
            con.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ExportError(f"{path} is locked by another program ({exc}); close it first") from None
    except sqlite3.DatabaseError:
        pass  # not a database: replaced like any other file


# --- sinks ------------------------------------------------------------------------------------------

class Sink:
    """Receives :func:`rows` dicts and writes them to temporary files; ``close()`` finishes them and puts
    them in place, ``abort()`` removes them (a failed or interrupted run leaves no output that looks
    complete)."""

    def __init__(self, target: Target):
        self.target = target

    def add(self, table_rows: dict[str, list[tuple]]) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def _finish(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def _discard(self) -> None:
        try:
            self._finish()
        except Exception:  # noqa: BLE001 - the files go anyway
            pass

    def close(self) -> None:
        try:
            self._finish()
        except BaseException:
            self.target.abort()
            raise
        self.target.commit()

    def abort(self) -> None:
        self._discard()
        self.target.abort()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is None:
            self.close()
        else:
            self.abort()


class SQLiteSink(Sink):
    """Writes a fresh SQLite database (renamed to the target on success)."""

    def __init__(self, target: Target, *, commit_every: int = 500):
        super().__init__(target)
        self.db = sqlite3.connect(target.temp("cells"))
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

    def _finish(self):
        try:
            self.db.executescript(SQLITE_INDEXES)
            self.db.commit()
        finally:
            self.db.close()

    def _discard(self):
        self.db.close()


_INT64 = (-(2 ** 63), 2 ** 63 - 1)


def _sql_value(v):
    """SQLite keeps integers as INTEGER (64-bit) and decimals as REAL; a value beyond 64 bits is stored
    as its exact text (SQLite would refuse it, or round it to a REAL)."""
    if isinstance(v, Decimal):
        if v == v.to_integral_value() and v.as_tuple().exponent >= 0:
            v = int(v)
        else:
            return float(v)
    if isinstance(v, int) and not isinstance(v, bool) and not _INT64[0] <= v <= _INT64[1]:
        return str(v)
    return v


class CSVSink(Sink):
    """Writes ``cells`` to ``path`` and the other tables beside it (see :func:`companion`), UTF-8 with a
    BOM (so spreadsheet programs read the Chinese text), header row first."""

    def __init__(self, target: Target):
        super().__init__(target)
        self._files = {t: open(target.temp(t), "w", encoding="utf-8-sig", newline="") for t in COLUMNS}
        self._writers = {t: csv.writer(f) for t, f in self._files.items()}
        for t, w in self._writers.items():
            w.writerow(COLUMNS[t])

    def add(self, table_rows):
        for t, rs in table_rows.items():
            if rs:
                self._writers[t].writerows([tuple(_csv_value(v) for v in r) for r in rs])

    def _finish(self):
        for f in self._files.values():
            f.close()


def _csv_value(v):
    return _exact(v) if isinstance(v, Decimal) else v


class ParquetSink(Sink):
    """Writes one Parquet file per table (``cells`` at ``path``); needs ``pyarrow`` (extra ``[parquet]``).

    ``value`` is int64 (integral values); a decimal value (``1234.50万元``) or one beyond 64 bits is
    NULL there and exact in ``value_exact`` (text), as in every format."""

    TYPES = {"year": "int64", "line": "int64", "value": "int64", "expected": "int64", "found": "int64",
             "ok": "bool_", **{c: "int64" for c in COLUMNS["reports"] if c.startswith("n_")}}

    def __init__(self, target: Target, *, rows_per_group: int = 100_000):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            target.abort()
            raise ExportError("Parquet export needs pyarrow: pip install 'zfxxgk[parquet]'") from None
        super().__init__(target)
        self.pa, self.pq = pa, pq
        self.schemas = {t: pa.schema([(c, getattr(pa, self.TYPES.get(c, "string"))()) for c in cols])
                        for t, cols in COLUMNS.items()}
        self.writers = {t: pq.ParquetWriter(target.temp(t), self.schemas[t]) for t in COLUMNS}
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
        conv = [{"int64": _int64, "bool_": bool}.get(self.TYPES.get(c, ""), _text) for c in cols]
        arrays = {c: [None if r[i] is None else conv[i](r[i]) for r in buf] for i, c in enumerate(cols)}
        self.writers[t].write_table(self.pa.Table.from_pydict(arrays, schema=self.schemas[t]))
        self.buffers[t] = []

    def _finish(self):
        try:
            for t in COLUMNS:
                self._flush(t)
        finally:
            for w in self.writers.values():
                w.close()

    def _discard(self):
        for w in self.writers.values():
            try:
                w.close()
            except Exception:  # noqa: BLE001
                pass


def _text(v):
    return _exact(v) if isinstance(v, Decimal) else v


def _int64(v):
    """An integer column in Parquet: integral values as int64; a decimal or a value beyond 64 bits is
    NULL here (and exact in ``value_exact``)."""
    if isinstance(v, Decimal):
        if v != v.to_integral_value():
            return None
        v = int(v)
    return v if _INT64[0] <= v <= _INT64[1] else None


def open_sink(fmt: str, path: str | os.PathLike, *, overwrite: bool = False, inputs: Iterable[str] = ()) -> Sink:
    """A sink for ``fmt`` (``csv``, ``sqlite``, ``parquet``) writing to ``path`` (see :class:`Target` for
    what is refused).  Raises :class:`ExportError`."""
    target = Target(fmt, path, overwrite=overwrite, inputs=inputs)
    try:
        if fmt == "sqlite":
            return SQLiteSink(target)
        if fmt == "csv":
            return CSVSink(target)
        return ParquetSink(target)
    except (OSError, sqlite3.Error) as exc:
        target.abort()
        raise ExportError(f"cannot write {path}: {exc}") from None


def export(outcomes: Iterable[Outcome | Report], fmt: str, path: str | os.PathLike, *, overwrite: bool = False) -> int:
    """Write ``outcomes`` (from :func:`zfxxgk.parse_many`, or bare reports) to ``path``; returns how many.
    The files appear only when all is written; an existing ``path`` is replaced only with ``overwrite``."""
    n = 0
    with open_sink(fmt, path, overwrite=overwrite) as sink:
        for i, o in enumerate(outcomes):
            if isinstance(o, Report):
                o = Outcome(f"<report {i}>", o)
            sink.add(rows_of(o))
            n += 1
    return n
