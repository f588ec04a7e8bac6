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
* The methods attrs writes for the code's own classes are kept the same way (``attrs.marshal``;
  :func:`attrs_methods`, below).
* Only for the code's own patterns (module constants, grammar terminals, spec labels): a pattern
  made from input text goes to ``re.compile``, so the file does not grow with what is parsed.
"""

from __future__ import annotations

import _sre
import builtins
import contextlib
import gc
import marshal
import os
import re
import sys
from typing import Any, AnyStr

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
    _save_at_exit()
    return compiled


def _engine(pattern: AnyStr, entry: tuple) -> re.Pattern[AnyStr]:
    flags, code, groups, groupindex, indexgroup = entry
    return _sre.compile(pattern, flags, code, groups, dict(groupindex), tuple(indexgroup))


def _build() -> tuple:
    """What distinguishes one Python's compiled code from another's."""
    return (_FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE)


def _path(name: str = _FILE) -> str | None:
    folder = cache_dir()
    return os.path.join(folder, name) if folder else None


def _load(name: str = _FILE) -> dict[tuple, Any]:
    path = _path(name)
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
    """Store the patterns (and attrs' methods) this process compiled that the files lacked (run when
    the process ends)."""
    if _missed:
        _write(_FILE, _merged)
    if _code_missed:
        _write(_CODE_FILE, _merged_code)


def _write(name: str, table) -> None:
    path = _path(name)
    if path is None:
        return
    import tempfile

    folder = os.path.dirname(path)
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=name + ".", suffix=".tmp", dir=folder)  # (unwritable: nothing computed)
        with os.fdopen(fd, "wb") as fh:
            fh.write(marshal.dumps((_build(), table())))
        os.replace(tmp, path)  # atomic: readers see the old file, the new one, or none
        tmp = None
    except Exception:  # noqa: BLE001 - read-only or full disk: just not stored
        pass
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


# --- the methods attrs writes for the code's own classes ------------------------------------------
#
# attrs writes each class's ``__init__``, ``__eq__`` and ``__hash__`` as Python source and compiles it
# when the class is made: for the thirty classes ``import zfxxgk`` makes, about 30 M instructions
# (4–5 ms) of every new process.  While the package imports, ``compile`` in attrs' module is
# :func:`_attrs_compile` (:func:`attrs_methods`): a script written for one of zfxxgk's classes is
# compiled once per machine, stored beside the patterns, and later read back (``marshal``, what a
# ``.pyc`` holds).  Exact: the code is what ``compile`` returns, compared on store; the one part of
# a script that differs between processes — ``__hash__``'s constant, the hash of a string, which
# string hashing randomises — is stored as a placeholder of the same width and put back on load.

_CODE_FILE = "attrs.marshal"
#: What happened in this process: methods ``loaded`` from the cache, ``compiled`` (a process whose
#: hash constants have a width not met before compiles those classes' methods, and stores them).
CODE_STATS = {"loaded": 0, "compiled": 0}
#: the compiler flags ``compile`` inherits from its caller's code (``PyCF_MASK``: the future features)
_INHERITED = 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000
_code: dict[tuple, bytes] | None = None  # ``(script, filename, flags)`` → marshalled code; ``None`` until loaded
_new_code: dict[tuple, bytes] = {}
_code_used: set[tuple] = set()
_code_missed: set[tuple] = set()


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector off within it, and on again after it if it was on (also when
    the body raises).  For work that makes many objects and no garbage — importing the package,
    loading a grammar's tables — where collections on the way only re-examine what was just made
    (≈ 15 M instructions, 3 ms, of a new process's import)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def attrs_methods():
    """Within it, attrs compiles the methods of zfxxgk's classes from the cache (see above); attrs'
    module is left as it was after it (nothing is changed when attrs has a ``compile`` of its own)."""
    try:
        import attr._make as made_by
    except ImportError:  # pragma: no cover - attrs is a dependency
        made_by = None
    if made_by is None or "compile" in vars(made_by) or _path(_CODE_FILE) is None:
        yield
        return
    made_by.compile = _attrs_compile  # type: ignore[attr-defined]
    try:
        yield
    finally:
        if vars(made_by).get("compile") is _attrs_compile:
            del made_by.compile


def _attrs_compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1, **kwargs):
    """``compile(...)`` as called from attrs' code: the same code, from the cache when it has it."""
    if not dont_inherit:  # what the builtin inherits from the code that calls it (attrs')
        flags |= sys._getframe(1).f_code.co_flags & _INHERITED
    neutral = None
    if (not kwargs and mode == "exec" and optimize == -1 and isinstance(source, str) and isinstance(filename, str)
            and filename.startswith("<attrs generated methods zfxxgk.")):
        neutral = _neutral(source, filename)
    if neutral is None:
        return builtins.compile(source, filename, mode, flags, True, optimize, **kwargs)
    script, value, placeholder = neutral
    global _code
    if _code is None:
        _code = _load(_CODE_FILE)
    key = (script, filename, flags)
    stored = _code.get(key)
    if stored is not None:
        code = _put_back(marshal.loads(stored), placeholder, value)  # type: ignore[arg-type]
        if code is not None:
            _code_used.add(key)
            CODE_STATS["loaded"] += 1
            return code
    code = builtins.compile(source, filename, mode, flags, True)
    CODE_STATS["compiled"] += 1
    if key not in _new_code:
        general = builtins.compile(script, filename, mode, flags, True)
        if _put_back(general, placeholder, value) == code:  # the placeholder stands for the constant exactly
            _new_code[key] = marshal.dumps(general)  # (read back only when used: the file holds every width met)
            _code_missed.add(key)
            _save_at_exit()
    return code


def _merged_code() -> dict[tuple, bytes]:
    """The stored methods as they are now (other processes may have added some) and this process's."""
    new = {key: _new_code[key] for key in list(_code_missed)}
    _code_missed.clear()
    table = _load(_CODE_FILE)
    table.update(new)
    if len(table) > _LIMIT:
        table = {k: v for k, v in table.items() if k in _code_used or k in new}
    return table


def _neutral(source: str, filename: str) -> tuple[str, int | None, int | None] | None:
    """``(script, constant, placeholder)``: ``source`` with ``__hash__``'s constant (attrs': the hash
    of ``<attrs generated hash CLASS>``) replaced by a number written as wide; ``None`` when the
    script is not as expected (it is then compiled, not stored)."""
    if "def __hash__" not in source:
        return source, None, None
    value = hash("<attrs generated hash " + filename[len("<attrs generated methods "):])
    text = str(value)
    placeholder = 10 ** (len(text) - 1)  # (of either sign: a negative literal is one constant, as wide)
    shown = str(placeholder)
    if source.count(text) != 1 or shown in source or len(shown) != len(text):
        return None
    return source.replace(text, shown), value, placeholder


def _put_back(code, placeholder: int | None, value: int | None):
    """``code`` with the constant ``placeholder`` replaced by ``value`` (in whichever function holds
    it, exactly once, where ``value`` is not a constant already); ``None`` when it is not so."""
    if placeholder is None:
        return code
    found = []

    def walk(c):
        consts = c.co_consts
        if placeholder in consts and type(consts[consts.index(placeholder)]) is int:
            if consts.count(placeholder) != 1 or value in consts:
                found.append(None)
                return c
            found.append(c)
            return c.replace(co_consts=tuple(value if k == placeholder and type(k) is int else k for k in consts))
        inner = tuple(walk(k) if isinstance(k, type(c)) else k for k in consts)
        return c.replace(co_consts=inner) if inner != consts else c

    made = walk(code)
    return made if len(found) == 1 and found[0] is not None else None


def _save_at_exit() -> None:
    if not _saving and _path() is not None:
        import atexit

        atexit.register(save)
        _saving.append(True)
