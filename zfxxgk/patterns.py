"""The code's own regular expressions, compiled once per machine instead of once per process.

Python compiles a regular expression in Python (``re._parser``, ``re._compiler``): the patterns
zfxxgk compiles on import and on its first parse — large CJK character classes, the outline's
label alternations, the grammar's terminals — cost about 30 ms in every new process, a third of a
CLI call's start.  What the compiler makes of a pattern is plain data (a list of integers, the
group names), so it is kept in the user's cache directory (beside the grammar tables,
:mod:`zfxxgk.parser.cache`; ``$ZFXXGK_CACHE_DIR`` empty switches both off) and later processes
hand it to the regex engine directly (``_sre.compile``, what ``re.compile`` itself ends with).

* Exact: an entry is stored only after the pattern built from it compares equal to
  ``re.compile``'s (same flags, same code); the file holds one Python build's code (its
  ``sys.version`` and the engine's ``MAGIC`` are in it and compared on load).
* Safe: no cache, a damaged or foreign file, code the engine rejects (``_sre`` checks it) — any
  error — falls back to ``re.compile``.  The file is written to a temporary file and renamed, when
  a process ends having compiled patterns the file lacked.
* Only for the code's own patterns (module constants, grammar terminals, spec labels): a pattern
  made from input text goes to ``re.compile``, so the file does not grow with what is parsed.
"""

from __future__ import annotations

import _sre
import contextlib
import gc
import marshal
import os
import re
import sys
from typing import AnyStr, Callable

_FORMAT = 1
_FILE = "patterns.marshal"
_LIMIT = 4096  # entries; past it the file is rewritten with this process's patterns only

#: What happened in this process: patterns ``loaded`` from the cache, ``compiled`` by ``re`` (the
#: cold-start test checks that a process with a warm cache compiles none).
STATS = {"loaded": 0, "compiled": 0}

#: ``(pattern, flags)`` → what ``_sre.compile`` takes after the pattern; ``None`` until loaded
_stored: dict[tuple, tuple] | None = None
_made: dict[tuple, re.Pattern] = {}  # this process's patterns (one object for a pattern several modules use)
_used: set[tuple] = set()
_missed: set[tuple] = set()
_saving: list[bool] = []  # ``save`` registered to run at exit


def cache_dir() -> str | None:
    """The directory for cached grammar tables and patterns, or ``None`` when caching is switched
    off: ``$ZFXXGK_CACHE_DIR`` if set (empty: off), else ``$XDG_CACHE_HOME/zfxxgk``, else
    ``~/.cache/zfxxgk`` (``%LOCALAPPDATA%\\zfxxgk`` on Windows)."""
    env = os.environ.get("ZFXXGK_CACHE_DIR")
    if env is not None:
        return env or None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else None
        base = base or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "zfxxgk")


def compile(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, from the stored code when the cache has it; the same object
    for the same pattern (in a function, a call costs a lookup, as ``re.sub(pattern, …)`` does in
    ``re``'s cache).  Named as ``re.compile``, whose stand-in it is (the builtin is not used here)."""
    key = (pattern, int(flags))
    made = _made.get(key)
    if made is None:
        made = _made[key] = _compile(pattern, key)
    return made


def _compile(pattern: AnyStr, key: tuple) -> re.Pattern[AnyStr]:
    global _stored
    flags = key[1]
    if _stored is None:
        _stored = _load()
    entry = _stored.get(key)
    if entry is not None:
        try:
            compiled = _engine(pattern, entry)
            _used.add(key)
            STATS["loaded"] += 1
            return compiled
        except Exception:  # noqa: BLE001 - code this engine rejects: compile it as usual
            _stored.pop(key, None)
    compiled = re.compile(pattern, flags)
    STATS["compiled"] += 1
    _missed.add(key)
    if not _saving and _path() is not None:
        import atexit

        atexit.register(save)
        _saving.append(True)
    return compiled


def _engine(pattern: AnyStr, entry: tuple) -> re.Pattern[AnyStr]:
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, code, groups, dict(groupindex), tuple(indexgroup))


def _build() -> tuple:
    """What distinguishes one Python's compiled code from another's."""
    return (_FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE)


def _path() -> str | None:
    folder = cache_dir()
    return os.path.join(folder, _FILE) if folder else None


def _load() -> dict[tuple, tuple]:
    path = _path()
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            build, table = marshal.loads(fh.read())
        if build == _build() and isinstance(table, dict):
            return table
    except Exception:  # noqa: BLE001 - missing, damaged or another Python's: start empty
        pass
    return {}


def _entry(pattern: AnyStr, flags: int) -> tuple | None:
    """What ``re.compile`` hands the engine for ``pattern``, or ``None`` when that cannot be
    told exactly (the compiled result must equal ``re.compile``'s)."""
    try:
        import re._compiler as sre_compile
        import re._parser as sre_parse

        p = sre_parse.parse(pattern, flags)
        code = [int(c) for c in sre_compile._code(p, flags)]  # (opcodes are int subclasses: not marshalled)
        groupindex = dict(p.state.groupdict)
        indexgroup: list[str | None] = [None] * p.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry = (flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))
        made = _engine(pattern, entry)
        expected = re.compile(pattern, flags)
        if made == expected and made.groupindex == expected.groupindex:
            return entry
    except Exception:  # noqa: BLE001 - a Python whose re works otherwise: not stored
        pass
    return None


def save() -> None:
    """Store the patterns this process compiled that the file lacked (run when the process ends)."""
    path = _path()
    if path is not None and _missed:
        write_atomic(path, lambda: marshal.dumps((_build(), _merged())))


def write_atomic(path: str, make: Callable[[], bytes]) -> bool:
    """Write ``make()`` to ``path`` through a temporary file renamed into place (readers see the old
    file, the new one or none; concurrent writers are safe).  ``False`` when it could not be written —
    a read-only or full disk, or ``make`` failed — and a cache just goes without."""
    import tempfile

    folder, name = os.path.split(path)
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=name + ".", suffix=".tmp", dir=folder)  # (unwritable: nothing made)
        with os.fdopen(fd, "wb") as fh:
            fh.write(make())
        os.replace(tmp, path)
        tmp = None
        return True
    except Exception:  # noqa: BLE001 - not stored, whatever the reason
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _merged() -> dict[tuple, tuple]:
    """The file's entries as they are now (other processes may have added some) and this process's."""
    new = {key: entry for key in list(_missed) if (entry := _entry(*key)) is not None}
    _missed.clear()
    table = _load()
    table.update(new)
    if len(table) > _LIMIT:
        table = {k: v for k, v in table.items() if k in _used or k in new}
    return table


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector off within it, and on again after it if it was on (also when
    the body raises).  For work that makes many objects and no garbage — loading a grammar's
    tables — where collections on the way only re-examine what was just made."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def settle() -> None:
    """Move every object the collector tracks to its oldest generation without examining them
    (``gc.freeze()`` then ``gc.unfreeze()``): called at the end of ``import zfxxgk``, whose objects
    live as long as the process — else the first collection after the import walks all of them
    once (≈ 3 ms of a new process) and finds no garbage.  It moves the program's young objects too:
    a reference cycle it made just before the import is freed by the next full collection instead
    of a young one.  Nothing is done when the program has frozen objects itself (``gc.unfreeze``
    would thaw them)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
