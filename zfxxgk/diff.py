"""A semantic diff of two parses of a report: what a reviewer needs to see, not a JSON text diff.

    >>> from zfxxgk.diff import diff
    >>> for change in diff(old_report, new_report):      # Reports, or dicts as zfxxgk.to_dict / `zfxxgk parse` give
    ...     print(change)
    ~ item_5.licensing.change (第二十条第（五）项 · 行政许可 · 本年增/减): -9539 → 9539

Compared: every table cell by key (value, printed text, unit), metadata, signature, the text
(preamble and section tree, paragraph by paragraph), diagnostics (severity, code, message, the
values not placed) and checks (by rule and subject: outcome and numbers).  Source lines are
compared too but reported apart (``moved``), since a relayout moves every line without changing
a value.  :func:`snapshot_diffs` compares committed snapshots with fresh parses of their fixtures.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from .errors import ReportError
from .labels import Labels
from .model import Report

#: Top-level keys that are not tables; every other mapping key holds cells (extension tables too).
NOT_TABLES = ("meta", "preamble", "sections", "signature", "diagnostics", "checks", "source")


@attrs.frozen
class Change:
    """One difference.  ``kind``: ``added``, ``removed``, ``changed`` or ``moved`` (only a source
    line differs); ``what``: ``cell``, ``meta``, ``signature``, ``text``, ``diagnostic``, ``check``;
    ``path`` names the thing (``item_5.licensing.change``, ``meta.year``, ``check applications.identity[total]``);
    ``label`` the template's printed labels, when known; ``old``/``new`` as text (``None`` when absent)."""

    kind: str
    what: str
    path: str
    old: str | None = None
    new: str | None = None
    label: str | None = None

    def __str__(self) -> str:
        mark = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}[self.kind]
        label = f" ({self.label})" if self.label else ""
        if self.kind == "added":
            body = self.new
        elif self.kind == "removed":
            body = self.old
        else:
            body = f"{self.old} → {self.new}"
        return f"{mark} {self.path}{label}: {body}"


def load(source: str | os.PathLike | Report | dict, *, template: str | None = None, parser=None) -> dict:
    """A report as a dict (:func:`zfxxgk.to_dict`'s form) from a Report, a dict, a JSON file written
    by ``zfxxgk parse`` (or a snapshot), or a report file (parsed with ``parser``, default the
    built-in one)."""
    return _load(source, template, parser)[0]


def _load(source, template: str | None = None, parser=None) -> tuple[dict, Report | None]:
    """``(dict, report)``: the report too when there is one (it carries its template's spec)."""
    from .api import default_parser
    from .serialise import to_dict

    if isinstance(source, Report):
        return _plain(to_dict(source)), source
    if isinstance(source, dict):
        return _plain(source), None
    path = Path(source)
    data = _json_report(path)
    if data is not None:
        return data, None
    report = (parser or default_parser()).parse_file(path, template=template)
    return _plain(to_dict(report)), report


def _plain(v):
    """Tuples as lists, as they come back from JSON (numbers are compared by :func:`_num`)."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def _json_report(path: Path) -> dict | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 10).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise ReportError(f"cannot read {os.fspath(path)!r}: {exc.strerror or exc}") from None
    if not head.startswith((b"{", b"[")):
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError:
        return None
    except ValueError:
        try:  # JSON lines (zfxxgk parse -o out.jsonl)
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError:
            return None  # not JSON after all: a report that starts with a brace
    if isinstance(data, list):
        if len(data) != 1:
            raise ReportError(f"{path}: holds {len(data)} records; diff compares one report with one report")
        data = data[0]
    if not isinstance(data, dict) or "meta" not in data:
        if isinstance(data, dict) and "error" in data:
            raise ReportError(f"{path}: an error record ({data['error']}), not a report")
        raise ReportError(f"{path}: JSON, but not a report (no 'meta')")
    return {k: v for k, v in data.items() if k != "source"}


# --- comparing ----------------------------------------------------------------------------------------

def _cells(data: dict) -> dict[tuple, dict]:
    """``(table, item, row, column)`` → cell dict, for every table of the report (extensions too)."""
    out: dict[tuple, dict] = {}
    for table, content in data.items():
        if table in NOT_TABLES or not isinstance(content, dict):
            continue
        for k1, v1 in content.items():
            if _is_cell(v1):  # a one-level table (extension)
                out[table, None, k1, ""] = v1
                continue
            for k2, v2 in (v1 or {}).items():
                if _is_cell(v2):
                    out[table, None, k1, k2] = v2
                    continue
                for k3, v3 in (v2 or {}).items():
                    if _is_cell(v3):
                        out[table, k1, k2, k3] = v3
    return out


def _is_cell(v) -> bool:
    return isinstance(v, dict) and "raw" in v and "value" in v


def cell_path(table: str, item: str | None, row: str, column: str) -> str:
    """``item_5.licensing.change``, ``applications.denied.state_secret.natural_person``, ``review_litigation.review.total``."""
    parts = [item] if table == "active_disclosure" and item else [table, item]
    return ".".join(p for p in (*parts, row, column) if p)


def _shown(cell: dict) -> str:
    raw, value = cell.get("raw"), cell.get("value")
    text = repr(raw) if raw in ("", None) or str(raw) != str(raw).strip() else str(raw)
    if value is None:
        return f"{text} (blank)" if raw not in ("", None) else "blank"
    if str(value) != str(raw):
        text += f" = {value}"
    if cell.get("unit"):
        text += f" [{cell['unit']}]"
    return text


def _diff_cells(old: dict, new: dict, labels: Labels) -> Iterator[Change]:
    a, b = _cells(old), _cells(new)
    for key in [*a, *(k for k in b if k not in a)]:
        x, y = a.get(key), b.get(key)
        path = cell_path(*key)
        label = " · ".join(s for s in labels.cell(*key) if s) or None
        if x is None:
            assert y is not None  # every key is in one of the two
            yield Change("added", "cell", path, None, _shown(y), label)
        elif y is None:
            yield Change("removed", "cell", path, _shown(x), None, label)
        elif (_num(x.get("value")), x.get("raw"), x.get("unit")) != (_num(y.get("value")), y.get("raw"), y.get("unit")):
            yield Change("changed", "cell", path, _shown(x), _shown(y), label)
        elif x.get("line") != y.get("line"):
            yield Change("moved", "cell", path, f"line {x.get('line')}", f"line {y.get('line')}", label)


def _num(v):
    """Numbers compared exactly whatever carried them (int, Decimal, or a JSON float from a file)."""
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        return Decimal(str(v))
    return v


def _diff_fields(prefix: str, what: str, old: dict | None, new: dict | None, *, lines: bool = True) -> Iterator[Change]:
    if old is None and new is None:
        return
    if old is None or new is None:
        kind = "added" if old is None else "removed"
        present = new if old is None else old
        assert present is not None
        text = ", ".join(f"{k}={v!r}" for k, v in present.items() if k != "line")
        yield Change(kind, what, prefix, text if kind == "removed" else None, text if kind == "added" else None)
        return
    for k in [*old, *(k for k in new if k not in old)]:
        x, y = old.get(k), new.get(k)
        if x != y:
            kind = "moved" if k == "line" else "changed"
            if kind == "moved" and not lines:
                continue
            yield Change(kind, what, f"{prefix}.{k}", _text(x), _text(y))


def _text(v, limit: int = 80) -> str:
    s = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    s = s.replace("\n", "⏎")
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _flat_sections(sections: list, parent: str = "") -> Iterator[tuple[str, dict]]:
    seen: dict[str, int] = {}
    for s in sections or ():
        name = f"{s.get('number', '')}{s.get('title', '')}"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name += f" #{seen[name]}"
        path = f"{parent} / {name}" if parent else name
        yield path, s
        yield from _flat_sections(s.get("children", ()), path)


def _diff_paragraphs(path: str, old: list, new: list) -> Iterator[Change]:
    sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for i, j in zip(range(i1, i2), range(j1, j2)):
                yield Change("changed", "text", f"{path} ¶{i + 1}", _changed_span(old[i], new[j])[0],
                             _changed_span(old[i], new[j])[1])
            continue
        for i in range(i1, i2):
            yield Change("removed", "text", f"{path} ¶{i + 1}", _text(old[i]))
        for j in range(j1, j2):
            yield Change("added", "text", f"{path} ¶{j + 1}", None, _text(new[j]))


def _changed_span(a: str, b: str, context: int = 12) -> tuple[str, str]:
    """The differing middle of two texts with a little context (long paragraphs differ in a word)."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    s = 0
    while s < min(len(a), len(b)) - p and a[-1 - s] == b[-1 - s]:
        s += 1
    start = max(0, p - context)

    def cut(t: str) -> str:
        end = len(t) - max(0, s - context)
        return ("…" if start else "") + _text(t[start:end], 120) + ("…" if end < len(t) else "")

    return cut(a), cut(b)


def _diff_text(old: dict, new: dict, lines: bool) -> Iterator[Change]:
    yield from _diff_paragraphs("preamble", list(old.get("preamble") or ()), list(new.get("preamble") or ()))
    a, b = dict(_flat_sections(old.get("sections", ()))), dict(_flat_sections(new.get("sections", ())))
    for path in [*a, *(p for p in b if p not in a)]:
        x, y = a.get(path), b.get(path)
        if x is None:
            assert y is not None
            yield Change("added", "text", f"section {path}", None, f"line {y.get('line')}, {len(y.get('paragraphs', ()))} paragraph(s)")
        elif y is None:
            yield Change("removed", "text", f"section {path}", f"line {x.get('line')}, {len(x.get('paragraphs', ()))} paragraph(s)")
        else:
            if x.get("level") != y.get("level"):
                yield Change("changed", "text", f"section {path}.level", str(x.get("level")), str(y.get("level")))
            if lines and x.get("line") != y.get("line"):
                yield Change("moved", "text", f"section {path}", f"line {x.get('line')}", f"line {y.get('line')}")
            yield from _diff_paragraphs(f"section {path}", list(x.get("paragraphs") or ()), list(y.get("paragraphs") or ()))


def _diag_key(d: dict) -> tuple:
    return (d.get("severity"), d.get("code"), d.get("message"),
            tuple((c.get("raw"), c.get("value")) for c in d.get("cells") or ()))


def _diag_text(d: dict) -> str:
    where = f"line {d['line']}: " if d.get("line") is not None else ""
    text = f"{where}{_text(d.get('message', ''), 120)}"
    if d.get("cells"):
        text += " [not placed: " + ", ".join(repr(c.get("raw")) for c in d["cells"][:8]) + \
                (" …" if len(d["cells"]) > 8 else "") + "]"
    return text


def _diff_diagnostics(old: list | None, new: list | None, lines: bool) -> Iterator[Change]:
    from collections import Counter

    a, b = Counter(_diag_key(d) for d in old or ()), Counter(_diag_key(d) for d in new or ())
    first_a: dict = {}
    first_b: dict = {}
    for d in old or ():
        first_a.setdefault(_diag_key(d), d)
    for d in new or ():
        first_b.setdefault(_diag_key(d), d)
    for d in old or ():
        k = _diag_key(d)
        if b[k] < a[k]:
            a[k] -= 1
            yield Change("removed", "diagnostic", f"{d.get('severity')} {d.get('code')}", _diag_text(d))
    for d in new or ():
        k = _diag_key(d)
        if b[k] > a.get(k, 0):
            b[k] -= 1
            yield Change("added", "diagnostic", f"{d.get('severity')} {d.get('code')}", None, _diag_text(d))
    if lines:
        old_lines = [d.get("line") for d in old or () if _diag_key(d) in first_b]
        new_lines = [d.get("line") for d in new or () if _diag_key(d) in first_a]
        if len(old_lines) == len(new_lines) and old_lines != new_lines:
            moved = sum(1 for x, y in zip(old_lines, new_lines) if x != y)
            yield Change("moved", "diagnostic", "diagnostics", f"{moved} on other lines", f"lines {new_lines[:6]}")


def _check_text(c: dict) -> str:
    ok = {True: "holds", False: "FAILS", None: "not made"}[c.get("ok")]
    nums = "" if c.get("expected") is None and c.get("found") is None else f" (expected {c.get('expected')}, found {c.get('found')})"
    return f"{ok}{nums}"


def _diff_checks(old: list | None, new: list | None) -> Iterator[Change]:
    a = {(c.get("rule"), c.get("subject")): c for c in old or ()}
    b = {(c.get("rule"), c.get("subject")): c for c in new or ()}
    for key in [*a, *(k for k in b if k not in a)]:
        x, y = a.get(key), b.get(key)
        path = f"check {key[0]}[{key[1]}]"
        if x is None:
            assert y is not None
            yield Change("added", "check", path, None, _check_text(y))
        elif y is None:
            yield Change("removed", "check", path, _check_text(x))
        elif any(_num(x.get(f)) != _num(y.get(f)) for f in ("ok", "expected", "found", "severity", "missing", "cells")):
            yield Change("changed", "check", path, _check_text(x), _check_text(y))


def diff(old: Report | dict | str | os.PathLike, new: Report | dict | str | os.PathLike, *,
         lines: bool = True, parser=None) -> list[Change]:
    """Every difference between two parses, in the order: metadata, cells, signature, text,
    diagnostics, checks.  ``old``/``new``: :class:`Report`, dicts, or paths (see :func:`load`).
    ``lines=False`` ignores source lines (a relayout of the same report compares equal).
    ``parser``: a :class:`zfxxgk.Parser` with extensions, to parse report files and to name the
    cells of its templates (a Report's labels come with it, :attr:`Report.spec`)."""
    (a, ra), (b, rb) = _load(old, parser=parser), _load(new, parser=parser)
    report = rb if rb is not None else ra
    if report is not None and report.spec is not None:
        labels = Labels.for_spec(report.spec)
    else:
        labels = Labels.of((b.get("meta") or {}).get("template") or (a.get("meta") or {}).get("template"), parser)
    out: list[Change] = []
    out += _diff_fields("meta", "meta", a.get("meta"), b.get("meta"))
    out += [c for c in _diff_cells(a, b, labels) if lines or c.kind != "moved"]
    out += _diff_fields("signature", "signature", a.get("signature"), b.get("signature"), lines=lines)
    out += _diff_text(a, b, lines)
    out += _diff_diagnostics(a.get("diagnostics"), b.get("diagnostics"), lines)
    out += _diff_checks(a.get("checks"), b.get("checks"))
    return out


def render(changes: Iterable[Change], *, moved_limit: int = 5) -> list[str]:
    """Text lines for ``changes``: every change but ``moved`` ones, which are counted (the first
    ``moved_limit`` shown), since a relayout moves many lines."""
    changes = list(changes)
    out = [str(c) for c in changes if c.kind != "moved"]
    moved = [c for c in changes if c.kind == "moved"]
    if moved:
        out.append(f"> {len(moved)} on other source lines: " +
                   "; ".join(f"{c.path} {c.old}→{(c.new or '').removeprefix('line ')}" for c in moved[:moved_limit]) +
                   (" …" if len(moved) > moved_limit else ""))
    return out


# --- snapshots -------------------------------------------------------------------------------------

_SNAPSHOT = re.compile(r"^test_snapshot\[(?P<stem>.+)\]\.json$")


@attrs.frozen
class SnapshotDiff:
    """One committed snapshot against a fresh parse of its fixture (``fixture`` ``None``: not found;
    ``error``: the fixture could not be parsed)."""

    snapshot: Path
    name: str
    fixture: Path | None
    changes: tuple[Change, ...] = ()
    error: str | None = None

    @property
    def differs(self) -> bool:
        return bool(self.changes) or self.fixture is None or self.error is not None


def find_root(start: Path) -> Path:
    for p in [start, *start.parents]:
        if (p / "pyproject.toml").exists() or (p / "snapshots").is_dir():
            return p
    return start


def snapshot_files(path: str | os.PathLike = ".") -> tuple[Path, list[Path]]:
    """``(root, snapshots)``: the ``test_snapshot[<fixture>].json`` files under ``path`` (a repository,
    its ``snapshots/`` folder, one test's folder in it, or one snapshot file).  ``root`` is the repository
    (where ``pyproject.toml`` is)."""
    p = Path(path).resolve()
    if p.is_file():
        return find_root(p.parent), [p]
    if not p.exists():
        raise ReportError(f"no such file or folder: {os.fspath(path)!r}")
    folder = p / "snapshots" if (p / "snapshots").is_dir() else p
    files = sorted(f for f in folder.rglob("*.json") if _SNAPSHOT.match(f.name))
    return find_root(p), files


def fixture_index(root: Path) -> dict[str, list[Path]]:
    """Fixture files by name and by stem (snapshots are named either way): ``examples/`` and everything
    under ``tests/`` that is not code, README or a snapshot."""
    index: dict[str, list[Path]] = {}
    for folder in (root / "examples", root / "tests"):
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            if (f.is_file() and f.suffix not in (".py", ".pyc", ".json") and not f.name.startswith((".", "README"))
                    and "__pycache__" not in f.parts and "snapshots" not in f.parts):
                index.setdefault(f.name, []).append(f)
                if f.stem != f.name:
                    index.setdefault(f.stem, []).append(f)
    return index


def snapshot_diffs(path: str | os.PathLike = ".", *, parser=None, lines: bool = True) -> Iterator[SnapshotDiff]:
    """Each committed snapshot under ``path`` (see :func:`snapshot_files`) against a fresh parse of its
    fixture — what ``pytest`` would fail on, by meaning.  ``parser``: a :class:`zfxxgk.Parser`
    (default: the built-in one; pass one with your extensions for ``report_tests`` snapshots)."""
    from .api import parse_file

    root, files = snapshot_files(path)
    index = fixture_index(root)
    for snap in files:
        named = _SNAPSHOT.match(snap.name)
        assert named is not None  # snapshot_files lists only these names
        name = named.group("stem")
        found = list(dict.fromkeys(index.get(name, [])))
        if len(found) != 1:
            why = None if not found else f"{len(found)} fixtures named {name}: " + ", ".join(map(str, found))
            yield SnapshotDiff(snap, name, None, error=why)
            continue
        try:
            fresh = parse_file(found[0]) if parser is None else parser.parse(found[0].read_bytes())
            committed = json.loads(snap.read_text(encoding="utf-8"))
            changes = tuple(diff(committed, fresh, lines=lines, parser=parser))
        except (ReportError, OSError, ValueError) as exc:
            yield SnapshotDiff(snap, name, found[0], error=str(exc))
            continue
        yield SnapshotDiff(snap, name, found[0], changes)
