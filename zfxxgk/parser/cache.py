"""Built grammars cached on disk, so a new process does not rebuild the LALR tables.

Building a template's tables (Lark's grammar analysis) costs 20–100 ms; loading them back costs a
few.  Every new process — each CLI call, each batch worker — would pay the build, so the first
build of a grammar is saved (Lark's own :meth:`lark.Lark.save` format) under the user's cache
directory and later processes load it.

* Where: ``$ZFXXGK_CACHE_DIR`` if set (set it empty to switch the cache off), else
  ``$XDG_CACHE_HOME/zfxxgk``, else ``~/.cache/zfxxgk`` (``%LOCALAPPDATA%\\zfxxgk`` on Windows).
* Key: the grammar's own text, the Lark options, where its ``%import``\\ s resolve, and the
  versions of Lark, zfxxgk and Python; the files it ``%import``\\ s are recorded with their hashes
  and checked on every load (Lark's ``verify_used_files``), so an edited grammar file is rebuilt.
  An extension's grammar text is keyed the same way; one whose import paths are arbitrary
  callables (not folders or package loaders) is built every time, not cached.
* Safe: an entry is written to a temporary file and renamed into place, so concurrent processes
  see a whole entry or none; an unwritable directory, a damaged or foreign entry, any error at all
  falls back to building (and the parse goes on).

Why not ship the tables in the package: grammars are edited often and extensions bring grammars
we never see; a per-user cache serves both with no build step and nothing that can go stale in a
wheel.  The cost is one build per grammar per machine (and per grammar change).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile

from lark import Lark
from lark import __version__ as lark_version
from lark.load_grammar import FromPackageLoader, load_grammar, verify_used_files

from ..version import __version__

#: What happened in this process: ``built`` grammars analysed from source, ``loaded`` from the
#: cache.  The cold-start test checks that a process with a warm cache builds none.
STATS = {"built": 0, "loaded": 0}

_KEEP = 8  # entries kept per template name (older ones — earlier versions of its grammar — go)


def cache_dir() -> str | None:
    """The directory for cached grammar tables, or ``None`` when caching is switched off."""
    env = os.environ.get("ZFXXGK_CACHE_DIR")
    if env is not None:
        return env or None
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        base = os.environ.get("LOCALAPPDATA") if os.name == "nt" else None
        base = base or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "zfxxgk")


def _where(loader) -> object:
    """A stable description of an import path, or ``None`` when it has none (a custom callable)."""
    if isinstance(loader, str):
        return ("dir", os.path.abspath(loader))
    if isinstance(loader, FromPackageLoader):
        return ("package", loader.pkg_name, tuple(loader.search_paths))
    return None


def build(name: str, text: str, source, import_paths: list, options: dict) -> Lark:
    """The Lark parser for grammar ``text`` (loaded from ``source``, imports from ``import_paths``):
    from the cache when an entry is there and its imported files are unchanged, else built (and
    stored).  Raises what Lark raises for a grammar that does not build."""
    path = _entry(name, text, import_paths, options)
    if path is not None:
        try:
            with open(path, "rb") as fh:
                used = pickle.load(fh)
                if verify_used_files(used):
                    lark = Lark.load(fh)
                    STATS["loaded"] += 1
                    return lark
        except Exception:  # noqa: BLE001 - missing, unreadable, damaged or from another version: build it
            pass
    grammar, used = load_grammar(text, source, import_paths, False)
    lark = Lark(grammar, source_path=source, **options)
    STATS["built"] += 1
    if path is not None:
        _store(path, used, lark)
    return lark


def _entry(name: str, text: str, import_paths: list, options: dict) -> str | None:
    where = [_where(p) for p in import_paths]
    folder = cache_dir()
    if folder is None or any(w is None for w in where):
        return None

    shown = sorted((k, v if isinstance(v, (str, int, float, bool, type(None))) else
                    f"{getattr(v, '__module__', '')}.{getattr(v, '__qualname__', repr(v))}") for k, v in options.items())
    key = hashlib.sha256("\0".join(map(str, (
        text, where, shown, lark_version, __version__, sys.version_info[:2]))).encode("utf-8")).hexdigest()[:40]
    ident = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:40]
    return os.path.join(folder, f"{ident}-{key}.lark")


def _store(path: str, used: dict, lark: Lark) -> None:
    tmp = None
    folder, name = os.path.split(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=name + ".", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(used, fh, protocol=pickle.HIGHEST_PROTOCOL)
            lark.save(fh, exclude_options=("import_paths", "source_path"))
        os.replace(tmp, path)  # atomic: readers see the old entry, the new one, or none
        tmp = None
        _prune(path)
    except Exception:  # noqa: BLE001 - read-only or full disk, unpicklable option: just not cached
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(path: str) -> None:
    """Keep the ``_KEEP`` newest entries of this template name (a grammar edited many times)."""
    folder, name = os.path.split(path)
    ident = name.rsplit("-", 1)[0]
    entries = []
    for other in os.listdir(folder):
        if other.endswith(".lark") and other.rsplit("-", 1)[0] == ident:
            try:
                entries.append((os.stat(os.path.join(folder, other)).st_mtime, other))
            except OSError:
                pass
    for _, other in sorted(entries, reverse=True)[_KEEP:]:
        try:
            os.unlink(os.path.join(folder, other))
        except OSError:
            pass
