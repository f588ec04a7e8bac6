"""The command-line runner behind ``zfxxgk parse``, ``check`` and ``export``: what a worker sends back
(:class:`Brief`), the run's :class:`Summary`, and :func:`drive` — the progress bar, failed files on
stderr, SIGINT/SIGTERM.  The library side (:func:`zfxxgk.batch.run`, ``parse_many``) knows none of it."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from concurrent.futures import Executor
from typing import Callable

import attrs

from ..batch import Outcome, RespawningPool, make_executor, run


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
    bar = _Bar(label, len(paths)) if progress or _maybe_terminal() else _Plain()
    summary = Summary(total=len(paths))
    start = time.perf_counter()
    own = executor is None and jobs > 1
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        handlers = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    pool = None
    try:
        pool = make_executor(jobs, parser) if own else executor
        with bar.shown(progress):
            chunksize = max(1, min(16, len(paths) // (8 * max(jobs, 1)) or 1))
            for b in run(paths, executor=pool, strict=strict, template=template, then=job, chunksize=chunksize,
                         timeout=timeout, parser=parser):
                summary.add(b)
                write(b)
                if b.error is not None:
                    bar.failed(f"{b.source}: {b.error.splitlines()[0]}")
                bar.advance(summary.errors)
    except Interrupted as exc:
        summary.interrupted = exc.signum
    finally:
        if own and pool is not None:
            if summary.interrupted is not None and isinstance(pool, RespawningPool):  # own: always one
                pool.terminate()
            else:
                pool.shutdown(cancel_futures=True)
        for sig, old in handlers.items():
            signal.signal(sig, old)
    summary.elapsed = time.perf_counter() - start
    return summary


def _maybe_terminal() -> bool:
    """Whether rich could take stderr for a terminal: it is one, or the environment says to treat it
    as one.  When not, no bar is shown and failed files are printed plain, without importing rich
    (a quarter of a one-file ``zfxxgk parse``'s start)."""
    if any(k in os.environ for k in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")):
        return True
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (ValueError, OSError):  # a closed stream
        return False


class _Plain:
    """No progress bar: failed files as plain lines on stderr (what rich prints off a terminal)."""

    @contextlib.contextmanager
    def shown(self, progress: bool | None):
        yield self

    def failed(self, text: str) -> None:
        print(f"error {text}", file=sys.stderr)

    def advance(self, failed: int) -> None:
        pass


class _Bar:
    """rich's progress bar on stderr (shown on a terminal, or when asked), failed files above it."""

    def __init__(self, label: str, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.label, self.total = label, total
        self.console = Console(stderr=True, highlight=False)
        self.progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("eta"),
                                 TimeRemainingColumn(), console=self.console, transient=False)

    @contextlib.contextmanager
    def shown(self, progress: bool | None):
        self.progress.disable = not (self.console.is_terminal if progress is None else progress)
        with self.progress:
            self.task = self.progress.add_task(self.label, total=self.total, failed=0)
            yield self

    def failed(self, text: str) -> None:
        from rich.text import Text

        self.progress.console.print(Text.assemble(("error ", "bold red"), text), soft_wrap=True)

    def advance(self, failed: int) -> None:
        self.progress.update(self.task, advance=1, failed=failed)
