"""Built grammars cached on disk, so a new process neither rebuilds the LALR tables nor imports Lark.

Building a template's tables (Lark's grammar analysis) costs 20–100 ms, and importing Lark (its
grammar compiler included) another 25 ms; reading our entry back costs about one.  Every new
process — each CLI call, each batch worker — would pay both, so the first build of a grammar is
saved under the user's cache directory as plain data — the LALR tables and rule shapes
(:class:`~zfxxgk.parser.runtime.Tables`), per state the terminals it shifts or reduces on (what the
driver's viable-terminal walk starts from: ``Tables.rows``) and the lexer's terminal matchers — in ``marshal``
format, and later processes load it and parse with :mod:`zfxxgk.parser.runtime`.  Lark is imported
only to build (a cold cache, an edited grammar) or to hand out a ``lark.Lark`` object
(:attr:`zfxxgk.templates.BuiltTemplate.lark`).

* Where: ``$ZFXXGK_CACHE_DIR`` if set (set it empty to switch the cache off), else
  ``$XDG_CACHE_HOME/zfxxgk``, else ``~/.cache/zfxxgk`` (``%LOCALAPPDATA%\\zfxxgk`` on Windows).
* Key: the grammar's own text, the Lark options, where its ``%import``\\ s resolve, the versions
  of Lark (its ``__init__``), zfxxgk and Python, and the source of the modules whose objects are
  stored (the lexer's matchers, the runtime's tables); the whole key is stored in the entry and
  compared on load (the file name is only a digest of it).  The files the grammar ``%import``\\ s
  are stored with their text and compared on every load, so an edited grammar file is rebuilt.
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

import importlib
import marshal
import os
import re
import sys
import zlib

from .. import patterns
from ..patterns import cache_dir
from ..version import __version__
from .lexer import Lexer, Matcher
from .runtime import Tables

#: What happened in this process: ``built`` grammars analysed from source, ``loaded`` from the
#: cache.  The cold-start test checks that a process with a warm cache builds none (and never
#: imports Lark).
STATS = {"built": 0, "loaded": 0}

_KEEP = 8  # entries kept per template name (older ones — earlier versions of its grammar — go)
_FORMAT = 3  # of an entry; 1 was Lark's own save format, 2 had no viable rows
_SUFFIX = ".tables"


class PackageLoader:
    """Grammar files inside a package, for ``%import`` (Lark's ``FromPackageLoader``, without
    importing Lark until a grammar is built)."""

    def __init__(self, pkg_name: str, search_paths=("",)):
        self.pkg_name = pkg_name
        self.search_paths = tuple(search_paths)

    def __repr__(self) -> str:
        return f"PackageLoader({self.pkg_name!r}, {self.search_paths!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, PackageLoader) and (self.pkg_name, self.search_paths) == (other.pkg_name,
                                                                                             other.search_paths)

    def __hash__(self) -> int:
        return hash((self.pkg_name, self.search_paths))

    def read(self, grammar_path: str) -> tuple[tuple[str, str], str]:
        """``((package, path), text)`` of grammar file ``grammar_path``; ``OSError`` when none."""
        for folder in self.search_paths:
            path = os.path.join(folder, grammar_path)
            data = package_data(self.pkg_name, path)
            if data is not None:
                return (self.pkg_name, path), data.decode("utf-8")
        raise OSError(f"no grammar {grammar_path!r} in package {self.pkg_name!r} {list(self.search_paths)}")

    def to_lark(self):
        from lark.load_grammar import FromPackageLoader

        return FromPackageLoader(self.pkg_name, self.search_paths)

    def __call__(self, base_path, grammar_path: str):
        """As Lark's ``FromPackageLoader`` (an import path Lark can call itself; imports Lark)."""
        return self.to_lark()(base_path, grammar_path)


def package_data(package: str, path: str) -> bytes | None:
    """The bytes of ``path`` inside ``package`` (as ``pkgutil.get_data``), or ``None``."""
    try:
        module = sys.modules.get(package) or importlib.import_module(package)
        loader = module.__spec__.loader if module.__spec__ is not None else None
        if loader is None or not hasattr(loader, "get_data") or not module.__file__:
            return None
        return loader.get_data(os.path.join(os.path.dirname(module.__file__), *path.split("/")))
    except (OSError, ImportError, AttributeError):
        return None


def _where(loader) -> object:
    """A stable description of an import path, or ``None`` when it has none (a custom callable)."""
    if isinstance(loader, str):
        return ("dir", os.path.abspath(loader))
    if isinstance(getattr(loader, "pkg_name", None), str) and type(loader).__name__ in ("PackageLoader",
                                                                                       "FromPackageLoader"):
        return ("package", loader.pkg_name, tuple(loader.search_paths))
    return None


def _lark_loader(loader):
    return loader.to_lark() if isinstance(loader, PackageLoader) else loader


def _lark_source(source):
    if isinstance(source, tuple):  # (package, path), as PackageLoader.read gives it
        from lark.load_grammar import PackageResource

        return PackageResource(*source)
    return source


def grammar_errors() -> tuple[type[BaseException], ...]:
    """What building a grammar raises for a grammar that does not build (Lark's errors only when
    Lark was imported: a grammar loaded from the cache raised none of them)."""
    lark = sys.modules.get("lark")
    return (OSError, lark.exceptions.LarkError) if lark is not None else (OSError,)


def _fed_by_us():
    """The lexer we give Lark: tokens come from :mod:`zfxxgk.parser.lexer`, never from Lark's."""
    from lark.lexer import Lexer as LarkLexer

    class FedByUs(LarkLexer):
        """Lark wants a lexer; tokens come from :mod:`zfxxgk.parser.lexer` through the runtime."""

        def __init__(self, conf):
            pass

        def lex(self, lexer_state, parser_state):  # pragma: no cover - never called
            raise NotImplementedError

    FedByUs.__module__, FedByUs.__qualname__ = "zfxxgk.templates", "_FedByUs"
    return FedByUs


_FED_BY_US: list = []


def fed_by_us():
    if not _FED_BY_US:
        _FED_BY_US.append(_fed_by_us())
    return _FED_BY_US[0]


def make_lark(text: str, source, import_paths: list, options: dict):
    """The ``lark.Lark`` parser of grammar ``text`` (always built; imports Lark)."""
    from lark import Lark
    from lark.load_grammar import load_grammar

    grammar, _ = load_grammar(text, _lark_source(source), [_lark_loader(p) for p in import_paths], False)
    return Lark(grammar, source_path=_lark_source(source), lexer=fed_by_us(), **options)


def build(name: str, text: str, source, import_paths: list, options: dict) -> tuple[Tables, Lexer]:
    """The tables and lexer of grammar ``text`` (loaded from ``source``, imports from
    ``import_paths``): from the cache when an entry is there and its imported files are unchanged,
    else built by Lark (and stored).  Raises what Lark raises for a grammar that does not build."""
    key = _key(text, import_paths, options)
    path = _entry(name, key)
    if path is not None:
        try:
            with open(path, "rb") as fh, patterns.gc_paused():  # (thousands of containers, none garbage)
                entry = marshal.loads(fh.read())  # (marshal.load reads a file in tiny pieces: 10x slower)
                fmt, stored_key, used, data = entry
                built = _from_data(data) if fmt == _FORMAT and stored_key == key and _unchanged(used) else None
            if built is not None:
                STATS["loaded"] += 1
                return built
        except Exception:  # noqa: BLE001 - missing, unreadable, damaged or from another version: build it
            pass
    from lark.load_grammar import load_grammar

    lark_paths = [_lark_loader(p) for p in import_paths]
    grammar, used = load_grammar(text, _lark_source(source), lark_paths, False)
    from lark import Lark

    lark = Lark(grammar, source_path=_lark_source(source), lexer=fed_by_us(), **options)
    STATS["built"] += 1
    data = _to_data(lark)
    if path is not None:
        _store(path, key, used, data)
    return _from_data(data)  # the same road as a cached entry


def _to_data(lark) -> tuple:
    from .runtime import tables_from_lark, viable_row

    matchers = [[(slot, _plain(getattr(m, slot, None))) for slot in Matcher.__slots__]
                for m in (Matcher(t) for t in lark.terminals)]
    rules = [(str(r.origin.name), tuple((str(s.name), bool(s.is_term)) for s in r.expansion)) for r in lark.rules]
    states, *rest = tables_from_lark(lark).to_data()
    # names interned and equal sets made one object: marshal then writes each once (a faster load)
    states = {state: {sys.intern(name): act for name, act in row.items()} for state, row in states.items()}
    terminals = frozenset(sys.intern(str(t.name)) for t in lark.terminals) | {"$END"}
    one: dict[frozenset, frozenset] = {}
    rows = {}
    for state, row in states.items():
        shifts, reductions = viable_row(row, terminals)
        rows[state] = (one.setdefault(shifts, shifts), [(a, one.setdefault(g, g)) for a, g in reductions])
    return (states, *rest), matchers, rules, (terminals, rows)


def _plain(value):
    """``value`` as marshal stores it: plain ``str`` (Lark's names are ``Token``\\ s), a compiled
    regex as its pattern and flags."""
    if isinstance(value, re.Pattern):
        return ("\0re", value.pattern, value.flags)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (tuple, list)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, frozenset):
        return frozenset(_plain(v) for v in value)
    return value


def _from_data(data: tuple) -> tuple[Tables, Lexer]:
    tables_data, matchers, rules, rows = data
    made = {}
    for fields in matchers:
        m = Matcher.__new__(Matcher)
        for slot, value in fields:
            if isinstance(value, tuple) and len(value) == 3 and value[0] == "\0re":
                value = patterns.compile(value[1], value[2])
            setattr(m, slot, value)
        made[m.name] = m
    tables = Tables.from_data(tables_data)
    tables.rows = rows  # the driver's Viable starts from them
    return tables, Lexer(_Grammar(rules), matchers=made)


class _Sym:
    __slots__ = ("name", "is_term")

    def __init__(self, name: str, is_term: bool):
        self.name, self.is_term = name, is_term


class _Rule:
    """A rule as the lexer reads it (``origin.name``, ``expansion``); the symbols are made when read
    (the lexer reads those of a few rules only: a load makes hundreds of rules)."""

    __slots__ = ("_origin", "_expansion")

    def __init__(self, origin: str, expansion):
        self._origin, self._expansion = origin, expansion

    @property
    def origin(self) -> _Sym:
        return _Sym(self._origin, False)

    @property
    def expansion(self) -> list[_Sym]:
        return [_Sym(n, t) for n, t in self._expansion]


class _Grammar:
    """The rules of a cached grammar, shaped as a ``lark.Lark``'s ``rules`` (what the lexer reads)."""

    terminals: list = []  # the matchers come built

    def __init__(self, rules):
        self.rules = [_Rule(origin, expansion) for origin, expansion in rules]


def _unchanged(used) -> bool:
    """Whether every file the grammar imported still has the text it was built from."""
    for kind, where, text in used:
        if kind == "file":
            try:
                with open(where, encoding="utf-8") as fh:
                    current = fh.read()
            except OSError:
                continue  # as Lark: a file we cannot read back is not checked
        else:
            if where[0] == "lark":  # Lark's own grammars (%import common.…): its version is in the key
                continue
            data = package_data(*where)
            if data is None:
                continue
            current = data.decode("utf-8")
        if current != text:
            return False
    return True


def _used_texts(used: dict) -> list | None:
    """The imported files with their texts, as stored; ``None`` when one cannot be read back or
    changed since the build (Lark recorded its hash)."""
    from lark.load_grammar import verify_used_files

    out: list[tuple] = []
    for where in used:
        if isinstance(where, str):
            try:
                with open(where, encoding="utf-8") as fh:
                    out.append(("file", where, fh.read()))
            except OSError:
                return None
        else:
            package, path = where
            data = package_data(package, path)
            if data is None:
                return None
            out.append(("package", (package, path), data.decode("utf-8")))
    return out if verify_used_files(used) else None


def _source_of(module: str) -> str:
    data = package_data("zfxxgk", module)
    return f"{zlib.crc32(data):08x}" if data is not None else "?"


_STORED_CODE: list = []


def _key(text: str, import_paths: list, options: dict) -> tuple | None:
    where = [_where(p) for p in import_paths]
    if any(w is None for w in where):
        return None
    shown = sorted((k, v if isinstance(v, (str, int, float, bool, type(None))) else
                    f"{getattr(v, '__module__', '')}.{getattr(v, '__qualname__', repr(v))}") for k, v in options.items())
    if not _STORED_CODE:  # what the stored objects are made by, and Lark's version (without importing it)
        _STORED_CODE.extend([_source_of("parser/lexer.py"), _source_of("parser/runtime.py"), _lark_version()])
    return (_FORMAT, text, repr(where), repr(shown), __version__, tuple(sys.version_info[:2]), *_STORED_CODE)


def _lark_version() -> str:
    import importlib.util

    try:
        spec = importlib.util.find_spec("lark")
        if spec is None or not spec.origin:
            return "?"
        with open(spec.origin, "rb") as fh:
            return f"{zlib.crc32(fh.read()):08x}"
    except (OSError, ImportError, ValueError):
        return "?"


def _entry(name: str, key: tuple | None) -> str | None:
    folder = cache_dir()
    if folder is None or key is None:
        return None
    material = "\0".join(map(str, key)).encode("utf-8")
    digest = f"{zlib.crc32(material):08x}{zlib.adler32(material):08x}{len(material):x}"
    ident = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:40]
    return os.path.join(folder, f"{ident}-{digest}{_SUFFIX}")


def _store(path: str, key: tuple | None, used: dict, data: tuple) -> None:
    try:
        texts = _used_texts(used)
    except Exception:  # noqa: BLE001 - an imported grammar file unreadable: just not cached
        return
    if texts is not None and patterns.write_atomic(path, lambda: marshal.dumps((_FORMAT, key, texts, data))):
        try:
            _prune(path)
        except OSError:
            pass


def _prune(path: str) -> None:
    """Keep the ``_KEEP`` newest entries of this template name (a grammar edited many times)."""
    folder, name = os.path.split(path)
    ident = name.rsplit("-", 1)[0]
    entries = []
    for other in os.listdir(folder):
        if other.endswith(_SUFFIX) and other.rsplit("-", 1)[0] == ident:
            try:
                entries.append((os.stat(os.path.join(folder, other)).st_mtime, other))
            except OSError:
                pass
    for _, other in sorted(entries, reverse=True)[_KEEP:]:
        try:
            os.unlink(os.path.join(folder, other))
        except OSError:
            pass
