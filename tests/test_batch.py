"""parse_many and the batch runner: paths, order, executors (process pool, Dask), bad files."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.batch import Outcome, _workers, iter_paths, run

from batchcorpus import BAD_REASON, make_corpus
from conftest import EXAMPLES, fixture_files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return root, make_corpus(root, max(2, 300 // len(fixture_files())))   # about 300 files


def test_iter_paths_dirs_globs_files(corpus, tmp_path):
    root, counts = corpus
    found = list(iter_paths([root]))
    assert len(found) == counts["files"]                      # recursive, *.txt only
    assert not any(Path(p).name.startswith(".") or p.endswith(".json") for p in found)
    assert found == sorted(found) or len(set(found)) == len(found)
    # a glob, a file named twice (itself and through its directory), a path that does not exist
    seeds = sorted(str(p) for p in EXAMPLES.glob("seed_*.txt"))
    got = list(iter_paths([str(EXAMPLES / "seed_00[01]*.txt"), seeds[0], EXAMPLES, tmp_path / "nope.txt"]))
    assert got[:2] == seeds[:2]
    assert got[2:-1] == seeds[2:]                              # seeds[0] and [1] not again
    assert got[-1] == str(tmp_path / "nope.txt")               # reported later as an error
    assert list(iter_paths([str(root / "**" / "c001")])) == sorted(
        str(p) for p in (root / "p1" / "c001").iterdir())


@pytest.fixture(scope="module")
def serial(corpus):
    return list(zfxxgk.parse_many([corpus[0]]))


def test_parse_many_in_process_keeps_going(corpus, serial, tmp_path):
    root, counts = corpus
    missing = tmp_path / "missing.txt"
    outs = serial + list(zfxxgk.parse_many([missing]))
    assert len(outs) == counts["files"] + 1
    errors = {o.source: o.error for o in outs if not o.ok}
    assert set(errors) == {counts["bad"], str(missing)}
    assert BAD_REASON in errors[counts["bad"]] and "cannot read" in errors[str(missing)]
    assert all(isinstance(o.report, zfxxgk.Report) for o in outs if o.ok)


def test_parse_many_process_pool_same_results_in_order(corpus, serial):
    root, counts = corpus
    with ProcessPoolExecutor(2) as pool:
        parallel = list(zfxxgk.parse_many([root], executor=pool, chunksize=5))
    assert [o.source for o in parallel] == [o.source for o in serial]
    assert [o.report for o in parallel] == [o.report for o in serial]
    assert [o.error for o in parallel] == [o.error for o in serial]


def test_any_executor_and_bounded_submission():
    class Counting(ThreadPoolExecutor):
        submitted = 0

        def submit(self, *a, **k):
            Counting.submitted += 1
            return super().submit(*a, **k)

    paths = [str(p) for p in fixture_files()] * 7
    with Counting(2) as ex:
        outs = list(run(iter(paths), executor=ex, chunksize=3, max_pending=2))
    assert [o.source for o in outs] == paths
    assert Counting.submitted == -(-len(paths) // 3)          # one task per chunk, not per file


def test_worker_failure_is_an_error_record_not_a_crash():
    class Broken(ThreadPoolExecutor):
        def submit(self, fn, *a, **k):
            def boom():
                raise RuntimeError("worker died")
            return super().submit(boom)

    with Broken(1) as ex:
        outs = list(zfxxgk.parse_many([EXAMPLES], executor=ex))
    assert len(outs) == 5 and all(not o.ok and "worker died" in o.error for o in outs)


def _meta_year(outcome: Outcome):  # module-level: it travels to the workers
    return outcome.source, outcome.report.meta.year if outcome.report else outcome.error


def test_then_runs_in_the_worker():
    with ProcessPoolExecutor(2) as pool:
        got = list(run([str(p) for p in sorted(EXAMPLES.glob("*.txt"))], executor=pool, then=_meta_year))
    assert [y for _, y in got] == [zfxxgk.parse_file(p).meta.year for p, _ in got]


def test_dask_distributed_executor(tmp_path):
    """The same parse_many on Dask distributed: LocalCluster here, a real cluster with a scheduler address."""
    distributed = pytest.importorskip("distributed")
    paths = [str(p) for p in fixture_files()] + [str(tmp_path / "missing.txt")]
    expected = list(zfxxgk.parse_many(paths))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        executor = client.get_executor()
        assert _workers(executor) == 2
        outs = list(zfxxgk.parse_many(paths, executor=executor, chunksize=2))
    assert [o.source for o in outs] == paths
    assert [o.report for o in outs] == [o.report for o in expected]
    assert outs[-1].error and "cannot read" in outs[-1].error


def _die_on_crash(outcome: Outcome):
    import multiprocessing

    if "crash" in outcome.source and multiprocessing.parent_process() is not None:  # in a worker only
        os._exit(3)  # a worker dying as from a segfault or the OOM killer
    return outcome.source, outcome.ok


def test_a_dying_worker_does_not_end_the_run(tmp_path):
    from zfxxgk.batch import RespawningPool

    good = [str(p) for p in fixture_files()] * 4
    paths = good[:10] + [str(tmp_path / "crash.txt")] + good[10:]
    pool = RespawningPool(2)
    try:
        got = list(run(paths, executor=pool, then=_die_on_crash, chunksize=1, max_pending=2))
    finally:
        pool.shutdown()
    assert [s for s, _ in got] == paths
    failed = [s for s, ok in got if not ok]
    assert str(tmp_path / "crash.txt") in failed and len(failed) <= 3   # the crash and what was in flight
    assert all(ok for _, ok in got[-10:]) and pool.respawned == 1
