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
    if alarm:
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
    killable = timeout and isinstance(executor, RespawningPool)
    try:
        return future.result(timeout=timeout * (len(chunk) + 1) if killable else None)
    except FutureTimeout:
        executor.kill()  # the worker is stuck (in C code, say): kill the pool, send the others again
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
    from .api import default_parser, shared
    from .parser.normalise import normalise

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    p = default_parser() if parser is None else shared(parser)
    for name in p.templates:
        p.built(name)
    normalise("")  # OpenCC's dictionary and the front ends: loaded here, not by the first file


# --- the command-line runner (zfxxgk parse / zfxxgk export) ----------------------------------------

@attrs.frozen
class Brief:
    """What a CLI worker sends back for one file: counts for the summary and a ``payload`` to write."""

    source: str
    error: str | None = None
    errors: int = 0          # diagnostics of severity "error"
    warnings: int = 0        # diagnostics of severity "warning"
    failed_checks: int = 0   # checks with ok False: the report contradicts itself (ok None: not made)
    payload: object = None


def brief(outcome: Outcome, payload: Callable[[Outcome], object] | None = None) -> Brief:
    """Reduce an :class:`Outcome` to a :class:`Brief` (in the worker); ``payload(outcome)`` is what gets written."""
    r = outcome.report
    if r is None:
        return Brief(outcome.source, outcome.error, payload=payload(outcome) if payload else None)
    sev = [d.severity for d in r.diagnostics]
    return Brief(outcome.source, None, sev.count("error"), sev.count("warning"),
                 sum(1 for c in getattr(r, "checks", ()) if c.ok is False),
                 payload(outcome) if payload else None)


@attrs.define
class Summary:
    files: int = 0
    parsed: int = 0
    with_diagnostics: int = 0    # reports with at least one error or warning diagnostic
    with_errors: int = 0         # … of which with an error diagnostic (a value not placed)
    with_failed_checks: int = 0
    errors: int = 0              # files that could not be parsed at all
    elapsed: float = 0.0
    total: int = 0               # files there were to do
    interrupted: int | None = None   # the signal that stopped the run (SIGINT, SIGTERM), if one did

    @property
    def exit_status(self) -> int:
        """128 + the signal when interrupted (130 for Ctrl-C, 143 for SIGTERM), else 1 when a file failed."""
        if self.interrupted is not None:
            return 128 + self.interrupted
        return 1 if self.errors else 0

    def add(self, b: Brief) -> None:
        self.files += 1
        if b.error is not None:
            self.errors += 1
            return
        self.parsed += 1
        self.with_diagnostics += bool(b.errors or b.warnings)
        self.with_errors += bool(b.errors)
        self.with_failed_checks += bool(b.failed_checks)

    def text(self) -> str:
        rate = self.files / self.elapsed if self.elapsed > 0 else 0.0
        speed = f"{rate:.0f} files/s" if rate >= 1 else f"{self.elapsed / self.files:.2f} s per file" if self.files else ""
        head = f"{_plural(self.files, 'file')}: " if self.interrupted is None else \
            f"interrupted after {self.files} of {_plural(self.total, 'file')}: "
        return (f"{head}{self.parsed} parsed, {self.with_diagnostics} with diagnostics "
                f"({self.with_errors} with errors), {self.with_failed_checks} with failed checks, "
                f"{self.errors} failed; {self.elapsed:.2f} s" + (f" ({speed})" if speed else ""))


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived during :func:`drive` (``signum`` says which)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum, frame):
    raise Interrupted(signum)


class RespawningPool(Executor):
    """A process pool that replaces itself when a worker dies (killed, out of memory, a crash in C).

    The chunks in flight when it broke come back as error records ("worker failed"); the run goes
    on with a fresh pool.  The first pool forks (fast); replacements use ``forkserver`` since by
    then the parent has threads (the progress bar).
    """

    def __init__(self, jobs: int, parser=None):
        from concurrent.futures import ProcessPoolExecutor

        self._cls = ProcessPoolExecutor
        self._max_workers = jobs
        self._warm = (parser,)  # each worker builds this parser's grammars before its first chunk
        self._pool = ProcessPoolExecutor(jobs, initializer=warm_up, initargs=self._warm)
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


def drive(paths: list[str], job: Callable[[Outcome], Brief], write: Callable[[Brief], None], *,
          jobs: int = 1, progress: bool | None = None, strict: bool = False, template: str | None = None,
          label: str = "parsing", executor: Executor | None = None, timeout: float | None = None,
          parser=None) -> Summary:
    """Run ``job`` over ``paths`` (on ``jobs`` processes, or ``executor``), calling ``write`` per result
    in input order; show a progress bar on a terminal (``progress=None``) or when asked; report
    failed files on stderr as they come.  Returns the :class:`Summary` (printed by the caller).

    SIGINT and SIGTERM stop the run: the workers are killed, and the summary says which signal
    (``summary.interrupted``) so the caller can deal with its partial output and exit 130 / 143.
    """
    from rich.console import Console
    from rich.text import Text
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True, highlight=False)
    show = console.is_terminal if progress is None else progress
    summary = Summary(total=len(paths))
    start = time.perf_counter()
    own = executor is None and jobs > 1
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    pool = None
    try:
        pool = make_executor(jobs, parser) if own else executor
        bar = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("eta"),
                       TimeRemainingColumn(), console=console, disable=not show, transient=False)
        with bar:
            task = bar.add_task(label, total=len(paths), failed=0)
            chunksize = max(1, min(16, len(paths) // (8 * max(jobs, 1)) or 1))
            for b in run(paths, executor=pool, strict=strict, template=template, then=job, chunksize=chunksize,
                         timeout=timeout, parser=parser):
                summary.add(b)
                write(b)
                if b.error is not None:
                    bar.console.print(Text.assemble(("error ", "bold red"), f"{b.source}: {b.error.splitlines()[0]}"),
                                      soft_wrap=True)
                bar.update(task, advance=1, failed=summary.errors)
    except Interrupted as exc:
        summary.interrupted = exc.signum
    finally:
        if own and pool is not None:
            if summary.interrupted is not None:
                pool.terminate()
            else:
                pool.shutdown(cancel_futures=True)
        for sig, old in handlers.items():
            signal.signal(sig, old)
    summary.elapsed = time.perf_counter() - start
    return summary
