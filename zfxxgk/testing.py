"""Test helpers for zfxxgk and for repositories that extend it.

* :class:`ReportSnapshotExtension` — syrupy extension storing one readable JSON file per snapshot
  under a top-level ``snapshots/<test module>/`` folder (next to ``tests/``); reports are stored as
  :func:`zfxxgk.to_dict` gives them.
* :func:`report_snapshot` — the pytest fixture to put in ``conftest.py``::

      from zfxxgk.testing import report_snapshot as snapshot  # noqa: F401

Requires the test extras (``pytest``, ``syrupy``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from .model import Report
from .serialise import from_dict, to_dict


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``pyproject.toml`` (else ``start``'s parent)."""
    for p in [start, *start.parents]:
        if (p / "pyproject.toml").exists():
            return p
    return start.parent


class ReportSnapshotExtension(SingleFileSnapshotExtension):
    """One ``snapshots/<test module>/<test name[params]>.json`` per snapshot (syrupy's naming, so it
    can tell which snapshots no test uses any more)."""

    _write_mode = WriteMode.TEXT
    file_extension = "json"

    def serialize(self, data, *, exclude=None, include=None, matcher=None) -> str:
        if isinstance(data, Report):
            data = to_dict(data)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def dirname(cls, *, test_location) -> str:
        root = find_root(Path(test_location.filepath).parent)
        return str(root / "snapshots" / test_location.basename)


@pytest.fixture
def report_snapshot(snapshot):
    """syrupy's ``snapshot`` fixture, storing reports as JSON under ``snapshots/``."""
    return snapshot.use_extension(ReportSnapshotExtension)


def assert_round_trip(report: Report) -> None:
    """``from_dict(to_dict(report)) == report``, and the same through JSON text."""
    data = to_dict(report)
    assert from_dict(data) == report
    assert from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == report
