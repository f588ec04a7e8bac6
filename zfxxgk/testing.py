"""Test helpers for zfxxgk and for repositories that extend it.

* :class:`ReportSnapshotExtension` — syrupy extension storing one readable JSON file per snapshot
  under a top-level ``snapshots/<test module>/`` folder (next to ``tests/``); reports are stored as
  :func:`zfxxgk.to_dict` gives them.
* :func:`report_snapshot` — the pytest fixture to put in ``conftest.py``::

      from zfxxgk.testing import report_snapshot as snapshot  # noqa: F401

* :func:`report_tests` — for a repository that extends zfxxgk: two lines of ``conftest.py`` give
  every fixture file a snapshot test and a round-trip test, with the snapshots laid out as ours
  (``snapshots/test_reports/test_snapshot[<fixture>].json`` next to ``pyproject.toml``)::

      from zfxxgk.testing import report_tests; import my_templates
      pytest_collect_file = report_tests(extensions=[my_templates.TEMPLATE], fixtures="fixtures")

  Create or refresh the snapshots with ``pytest --snapshot-update`` and read them before committing.
* :func:`fixture_files`, :func:`assert_round_trip` — the pieces, for tests written by hand.

Requires the test extras (``pytest``, ``syrupy``).
"""

from __future__ import annotations

import inspect
import json
import types
from pathlib import Path
from typing import Callable, Iterable

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


def fixture_files(folder: str | Path, pattern: str = "*") -> list[Path]:
    """The fixture files in ``folder`` (sorted; ``README*`` and hidden files left out)."""
    folder = Path(folder)
    return sorted(p for p in folder.glob(pattern)
                  if p.is_file() and not p.name.startswith((".", "README")))


def report_tests(extensions: Iterable = (), *, fixtures: str | Path = "fixtures", pattern: str = "*",
                 parser=None, module: str = "test_reports"):
    """A ``pytest_collect_file`` hook for ``conftest.py``: parses every file of ``fixtures``
    (relative to that ``conftest.py``) with ``zfxxgk.Parser(extensions=extensions)`` (or
    ``parser``) and collects, per file, ``test_snapshot[<stem>]`` (the report against its JSON
    snapshot, :class:`ReportSnapshotExtension` layout) and ``test_round_trip[<stem>]``
    (:func:`assert_round_trip`), as a test module named ``module`` next to ``conftest.py``.
    """
    conftest = Path(inspect.stack()[1].filename).resolve()
    folder = (conftest.parent / fixtures).resolve()
    extensions = tuple(extensions)
    state: dict = {}

    def the_parser():
        if "parser" not in state:
            from .api import Parser

            state["parser"] = parser if parser is not None else Parser(extensions=extensions)
        return state["parser"]

    def parsed(path: Path) -> Report:
        key = str(path)
        if key not in state:
            state[key] = the_parser().parse(path.read_bytes())
        return state[key]

    files = fixture_files(folder, pattern)
    mod = _test_module(module, conftest, folder, files, parsed)

    class ReportTests(pytest.Module):
        def _getobj(self):
            return mod

    def pytest_collect_file(file_path, parent):
        if Path(file_path).resolve() == conftest:
            return ReportTests.from_parent(parent, path=conftest.parent / f"{module}.py")
        return None

    return pytest_collect_file


def _test_module(module: str, conftest: Path, folder: Path, files: list,
                 parsed: Callable[[Path], Report]) -> types.ModuleType:
    """The test module ``report_tests`` collects: a snapshot and a round trip per fixture file."""
    ids = [p.stem for p in files]

    @pytest.mark.parametrize("report_path", files, ids=ids)
    def test_snapshot(report_path, snapshot):
        assert parsed(report_path) == snapshot

    @pytest.mark.parametrize("report_path", files, ids=ids)
    def test_round_trip(report_path):
        assert_round_trip(parsed(report_path))

    @pytest.fixture(name="snapshot")
    def _snapshot(snapshot):  # syrupy's, storing reports as our JSON
        return snapshot.use_extension(ReportSnapshotExtension)

    mod = types.ModuleType(module)
    mod.__file__ = str(conftest.parent / f"{module}.py")
    for fn in (test_snapshot, test_round_trip):
        fn.__module__ = module
        setattr(mod, fn.__name__, fn)
    setattr(mod, "snapshot", _snapshot)
    if not files:
        def test_fixtures_exist():
            raise AssertionError(f"no fixture files in {folder}")

        test_fixtures_exist.__module__ = module
        setattr(mod, "test_fixtures_exist", test_fixtures_exist)
    return mod
