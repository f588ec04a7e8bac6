"""Many reports at once: collect paths, parse them (in this process or on any executor), keep going.

    >>> import zfxxgk
    >>> for out in zfxxgk.parse_many(["reports/"]):          # files, directories, globs
    ...     print(out.source, out.error or out.report.meta.year)

    >>> from concurrent.futures import ProcessPoolExecutor
    >>> with ProcessPoolExecutor(4) as pool:
    ...     results = list(zfxxgk.parse_many(paths, executor=pool))

Any :class:`concurrent.futures.Executor` works — a process pool on one machine, or Dask distributed
on a cluster through ``distributed.Client(...).get_executor()``.  Work is sent in chunks of
``chunksize`` paths (one round trip per chunk, not per file) with a bounded number of chunks in
flight, so a million paths never become a million pending futures.  Results come back in input
order.  A file that cannot be parsed gives an :class:`Outcome` with ``error`` set, never an
exception: one bad file does not stop a run.
"""

from __future__ import annotations

import glob
import os
import signal
import threading
import time
from collections import deque
from concurrent.futures import Executor
from typing import Callable, Iterable, Iterator

import attrs

from .errors import ReportError
from .model import Report

#: File names a directory contributes (``fnmatch`` patterns, case-sensitive); explicit files are
#: always taken whatever their name.
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.htm", "*.html", "*.md", "*.pdf", "*.docx")


@attrs.frozen
class Outcome:
    """The result of parsing one file: ``report`` or ``error`` (the reason it could not be parsed)."""

    source: str
    report: Report | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def _is_glob(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def iter_paths(inputs: Iterable[str | os.PathLike], *, include: Iterable[str] = DEFAULT_INCLUDE) -> Iterator[str]:
    """Expand ``inputs`` into file paths, lazily and in a stable order.

    A file is taken as is; a directory is walked recursively (sorted, hidden entries skipped) for
    names matching ``include``; a string with ``*``, ``?`` or ``[`` is a glob (``**`` recurses).
    A plain name that does not exist is still yielded, so that it is reported as an error (a glob
    that matches nothing yields nothing).  Each file comes once.
    """
    include = tuple(include)
    seen: set[str] = set()
    for path in _expand(inputs, include):
        key = os.path.normpath(path)
        if key not in seen:  # a file named twice (itself, and through its directory) is parsed once
            seen.add(key)
            yield path


def _expand(inputs, include):
    for item in inputs:
        s = os.fspath(item)
        if os.path.isdir(s):
            yield from _walk(s, include)
        elif not os.path.exists(s) and _is_glob(s):
            for match in sorted(glob.iglob(s, recursive=True)):
                if os.path.isdir(match):
                    yield from _walk(match, include)
                else:
                    yield match
        else:
            yield s


def _walk(root: str, include: tuple[str, ...]) -> Iterator[str]:
    from fnmatch import fnmatchcase

    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith(".") and any(fnmatchcase(name, pat) for pat in include):
                yield os.path.join(dirpath, name)


# --- what a worker does with one file -------------------------------------------------------------

class FileTimeout(BaseException):
    """Raised in the parsing thread when a file takes longer than ``timeout`` (a BaseException, so the
    parser's own ``except Exception`` does not turn it into a parse error)."""


def _on_alarm(signum, frame):
    raise FileTimeout()


def parse_one(path: str, strict: bool = False, template: str | None = None, timeout: float | None = None,
              parser=None) -> Outcome:
    """Parse ``path`` into an :class:`Outcome`; never raises (a bug in the parser is an error too).

    ``parser``: a :class:`zfxxgk.Parser` (with extensions); default the built-in one.

    ``timeout`` (seconds): in a process's main thread, a file still parsing after that long is
    abandoned with an error outcome (``SIGALRM``; elsewhere it is not applied here — the CLI's
    process pool also kills a worker that overruns, see :func:`run`).
    """
    from .api import default_parser

    start = time.perf_counter()
    alarm = bool(timeout) and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm and timeout:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        report = (parser or default_parser()).parse_file(path, strict=strict, template=template)
    except FileTimeout:
        return Outcome(path, error=f"timed out after {timeout:g} s (--timeout)", seconds=time.perf_counter() - start)
    except ReportError as exc:
        return Outcome(path, error=str(exc), seconds=time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - a crash on one file must not end the run
        return Outcome(path, error=f"internal error: {exc!r}", seconds=time.perf_counter() - start)
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    return Outcome(path, report, seconds=time.perf_counter() - start)


def _run_chunk(paths: list[str], strict: bool, template: str | None, then: Callable | None,
               timeout: float | None = None, parser=None) -> list:
    out = []
    for p in paths:
        o = parse_one(p, strict, template, timeout, parser)
        if then is not None:
            try:
                o = then(o)
            except Exception as exc:  # noqa: BLE001
                o = then(Outcome(o.source, error=f"internal error: {exc!r}", seconds=o.seconds))
        out.append(o)
    return out


def _chunks(it: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for p in it:
        chunk.append(p)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(paths: Iterable[str], *, executor: Executor | None = None, strict: bool = False,
        template: str | None = None, then: Callable[[Outcome], object] | None = None,
        chunksize: int = 8, max_pending: int | None = None, timeout: float | None = None,
        parser=None) -> Iterator:
    """The engine under :func:`parse_many`: yields ``then(outcome)`` (or the outcome) per path, in order.

    ``then`` runs where the parsing runs (in the worker), so only its result travels back — e.g.
    a JSON line or export rows instead of a whole :class:`Report`.  It must be picklable (a
    module-level function) when ``executor`` is a process pool or a cluster, and it is also called
    with error outcomes.

    ``timeout`` (seconds per file): each file is abandoned after that long (:func:`parse_one`).  On a
    :class:`RespawningPool` it is also enforced from outside: a chunk not back after ``timeout`` per
    file (one file's worth of grace) has its workers killed, its files become error outcomes, and the other chunks in
    flight are sent again to the fresh pool.

    ``parser``: a :class:`zfxxgk.Parser` with your extensions (default: the built-in one).  It goes
    to the workers with each chunk as its recipe — the extensions as given — and each worker
    process builds it once and keeps it (see :class:`zfxxgk.Parser`).  Extensions given as
    ``"module:NAME"`` references always travel (the workers import the module); a ``Template``
    object only when it pickles, which is checked here for a process pool: one that does not
    raises :class:`~zfxxgk.ReportError` before any work is sent.
    """
    if executor is None:
        for p in paths:
            yield from _run_chunk([p], strict, template, then, timeout, parser)
        return
    if parser is not None:
        _check_travels(parser, executor)
    if max_pending is None:
        max_pending = 4 * _workers(executor)
    pending: deque = deque()
    args = (strict, template, then, timeout, parser)
    chunks = _chunks(paths, max(1, chunksize))
    for chunk in chunks:
        pending.append((chunk, executor.submit(_run_chunk, chunk, *args)))
        if len(pending) >= max_pending:
            yield from _collect(pending, executor, args, timeout)
    while pending:
        yield from _collect(pending, executor, args, timeout)


def _collect(pending: deque, executor: Executor, args: tuple, timeout: float | None) -> list:
    """The results of the oldest chunk in ``pending`` (removed from it)."""
    from concurrent.futures import TimeoutError as FutureTimeout

    chunk, future = pending.popleft()
    then = args[2]
    killable = executor if timeout and isinstance(executor, RespawningPool) else None
    try:
        return future.result(timeout=timeout * (len(chunk) + 1) if killable is not None and timeout else None)
    except FutureTimeout:
        assert killable is not None  # only a killable pool is waited for with a time limit
        killable.kill()  # the worker is stuck (in C code, say): kill the pool, send the others again
        for i, (other, _) in enumerate(pending):
            pending[i] = (other, executor.submit(_run_chunk, other, *args))
        failed = [Outcome(p, error=f"timed out: no result after {timeout:g} s per file; worker killed")
                  for p in chunk]
    except Exception as exc:  # noqa: BLE001 - a worker died (e.g. BrokenProcessPool): errors, not a crash
        failed = [Outcome(p, error=f"worker failed: {exc!r}") for p in chunk]
    return [then(o) for o in failed] if then is not None else failed


def _check_travels(parser, executor: Executor) -> None:
    """A parser bound for other processes must pickle: say so now, not once per chunk."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    if not isinstance(executor, (ProcessPoolExecutor, RespawningPool)):
        return  # threads share it; other executors (Dask) pickle their own way
    try:
        pickle.dumps(parser)
    except Exception as exc:  # noqa: BLE001 - PicklingError, AttributeError, TypeError …
        names = ", ".join(str(e) if isinstance(e, str) else e.name for e in parser.extensions)
        raise ReportError(f"parser=: its extensions ({names}) cannot be sent to the worker processes ({exc}); "
                          "give them by reference — Parser(extensions=['my_module:MY_TEMPLATE']) — or define the "
                          "template's transformer, detector and spec at module level") from None


def _workers(executor: Executor) -> int:
    """How many tasks ``executor`` runs at once, as far as it tells (pools, Dask), else the local cores."""
    n = getattr(executor, "_max_workers", None)
    client = getattr(executor, "_client", None)  # distributed.client.ClientExecutor
    if n is None and client is not None:
        try:
            n = sum(client.nthreads().values())
        except Exception:  # noqa: BLE001
            n = None
    return max(1, n or os.cpu_count() or 2)


def parse_many(paths: Iterable[str | os.PathLike], *, executor: Executor | None = None, strict: bool = False,
               template: str | None = None, include: Iterable[str] = DEFAULT_INCLUDE,
               chunksize: int = 8, max_pending: int | None = None, timeout: float | None = None,
               parser=None) -> Iterator[Outcome]:
    """Parse every report under ``paths`` (files, directories searched recursively, globs).

    Yields one :class:`Outcome` per file, in input order, lazily.  With ``executor=None`` files are
    parsed one after another in this process; otherwise chunks of ``chunksize`` files are submitted
    to ``executor`` (any :class:`concurrent.futures.Executor`: ``ProcessPoolExecutor``, or Dask's
    ``Client.get_executor()``).  At most ``max_pending`` chunks are in flight (default: 4 per worker
    the executor reports).  ``timeout``: seconds per file, after which it is an error (see :func:`run`).
    ``parser``: a :class:`zfxxgk.Parser` with extensions, used in the workers too (see :func:`run`:
    give extensions as ``"module:NAME"`` references so that they travel).
    Never raises for a bad file: its outcome carries ``error``.
    """
    return run(iter_paths(paths, include=include), executor=executor, strict=strict, template=template,
               chunksize=chunksize, max_pending=max_pending, timeout=timeout, parser=parser)


def warm_up(parser=None) -> None:
    """Load the grammars of ``parser`` (default: the built-in one; from the on-disk cache, else built)
    and the text converters in this process (a pool ``initializer``: workers start ready).  The
    parser warmed is the one this process keeps for its recipe, so the chunks it receives use it.

    Workers ignore Ctrl-C: the parent stops them (a terminal sends SIGINT to the whole group)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    from .api import default_parser, shared

    _warm(default_parser() if parser is None else shared(parser))


def _warm(p) -> None:
    from .parser import frontends  # noqa: F401  (HTML and Markdown: imported by the first page met)
    from .parser.normalise import normalise
    from .parser.text import converter

    for name in p.templates:
        p.built(name)
    normalise("")  # loaded here, not by the first file: what normalising needs
    converter()  # and OpenCC (a simplified text needs none: loaded for the traditional ones)


def _forks() -> bool:
    """Whether new pools fork: on Linux (where forking a process without threads is safe), as
    Python's default there was until 3.14."""
    import multiprocessing
    import sys

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class RespawningPool(Executor):
    """A process pool that replaces itself when a worker dies (killed, out of memory, a crash in C).

    The chunks in flight when it broke come back as error records ("worker failed"); the run goes
    on with a fresh pool.  The first pool forks (fast) on Linux, after loading the grammars here:
    the workers start with them, and with the interpreter and modules already imported (nothing
    to pay per worker); replacements use ``forkserver`` since by then the parent has threads (the
    progress bar).
    """

    def __init__(self, jobs: int, parser=None):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._cls = ProcessPoolExecutor
        self._max_workers = jobs
        self._warm = (parser,)  # each worker builds this parser's grammars before its first chunk
        context = None
        if _forks():
            from .api import default_parser

            # once, here: every forked worker has them (their warm-up finds them built); ``parser``
            # itself, not this process's shared copy (a worker registers the one it inherits)
            _warm(default_parser() if parser is None else parser)
            context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(jobs, initializer=warm_up, initargs=self._warm, mp_context=context)
        self._pool.submit(int).result()  # start the workers now, before any progress-bar thread exists
        self.respawned = 0

    def _replace(self) -> None:
        import multiprocessing

        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._cls(self._max_workers, initializer=warm_up, initargs=self._warm,
                               mp_context=multiprocessing.get_context("forkserver"))
        self.respawned += 1

    def submit(self, fn, /, *args, **kwargs):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(fn, *args, **kwargs)
        except BrokenProcessPool:
            self._replace()
            return self._pool.submit(fn, *args, **kwargs)

    def _kill_workers(self) -> None:
        procs = list((getattr(self._pool, "_processes", None) or {}).values())
        for proc in procs:
            proc.kill()
        for proc in procs:
            proc.join(5)

    def kill(self) -> None:
        """Kill the workers now (one is stuck) and go on with a fresh pool."""
        self._kill_workers()
        self._replace()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    def terminate(self) -> None:
        """Stop for good: kill the workers (an interrupted run leaves no process behind)."""
        self._kill_workers()
        self._pool.shutdown(wait=False, cancel_futures=True)


def make_executor(jobs: int, parser=None) -> Executor | None:
    """``None`` for one job (parse in this process), else a :class:`RespawningPool` of ``jobs`` workers
    warmed with ``parser``'s grammars (default: the built-in parser's)."""
    return RespawningPool(jobs, parser) if jobs > 1 else None
