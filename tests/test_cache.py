"""Grammar tables cached on disk (zfxxgk/parser/cache.py): a fresh process with a warm cache parses
without building any grammar or importing Lark, and gives the same reports; a damaged entry, an unwritable cache
directory or an edited imported grammar file falls back to building."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.parser import cache
from zfxxgk.spec import Row, SpecExtension

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# one report of each built-in template, and one through an extension (legacy-statistics)
CHILD = """
import json, sys
import zfxxgk
from zfxxgk.extensions import LEGACY_STATISTICS
from zfxxgk.parser import cache

parser = zfxxgk.Parser(extensions=[LEGACY_STATISTICS])
out = {}
for arg in sys.argv[1:]:
    path, _, template = arg.partition("::")
    r = parser.parse(open(path, "rb").read(), template=template or None)
    out[arg] = [r.meta.template, zfxxgk.to_dict(r)]
print(json.dumps({"stats": cache.STATS, "lark_imported": "lark" in sys.modules, "reports": out}, ensure_ascii=False))
"""

FILES = [str(EXAMPLES / n) for n in ("seed_002_yiyang_ziyang_2020.txt", "seed_001_dingzhou_zhuanlu_2023_traditional.txt",
                                     "seed_004_wenshan_gumu_2018_legacy.txt::legacy-statistics")]


def fresh_process(cache_dir, script: str, args) -> dict:
    """What ``script`` prints (JSON), run with ``args`` in a new process whose cache is ``cache_dir``."""
    env = {**os.environ, "ZFXXGK_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    return json.loads(done.stdout)


def child(cache_dir) -> dict:
    return fresh_process(cache_dir, CHILD, FILES)


def test_a_fresh_process_with_a_warm_cache_builds_no_grammar(tmp_path):
    cold = child(tmp_path)
    assert sorted(t for t, _ in cold["reports"].values()) == ["2019", "2021", "legacy-statistics"]
    # only the templates the reports need are built (not legacy, the extension's base)
    assert cold["stats"] == {"built": 3, "loaded": 0}
    assert len(list(tmp_path.glob("*.tables"))) == 3
    warm = child(tmp_path)
    assert warm["stats"] == {"built": 0, "loaded": 3}
    assert warm["reports"] == cold["reports"]
    # the tables run without Lark: a warm process never imports it (nor its grammar compiler)
    assert cold["lark_imported"] and not warm["lark_imported"]


def test_damaged_entries_and_unwritable_directories_fall_back_to_building(tmp_path):
    cold = child(tmp_path)
    for entry in tmp_path.glob("*.tables"):
        entry.write_bytes(entry.read_bytes()[:200])  # cut short, as by a full disk
    again = child(tmp_path)
    assert again["stats"] == {"built": 3, "loaded": 0}
    assert again["reports"] == cold["reports"]
    assert child(tmp_path)["stats"] == {"built": 0, "loaded": 3}  # rewritten whole

    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    unwritable = child(blocker / "cache")
    assert unwritable["stats"] == {"built": 3, "loaded": 0}
    assert unwritable["reports"] == cold["reports"]
    assert not list(tmp_path.glob("**/*.tmp"))  # no temporary files left behind


def test_an_edited_imported_grammar_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("ZFXXGK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "grammars"
    folder.mkdir()
    (folder / "extra.lark").write_text('X_ROW: "转送其他机关办理"\n', encoding="utf-8")
    ext = zfxxgk.Template("x", "%import report_2021 (start, _application_label)\n%import extra (X_ROW)\n"
                               "%extend _application_label: X_ROW\n",
                          spec=SpecExtension(applications=(Row("transferred", "转送其他机关办理", "X_ROW"),)),
                          import_paths=(str(folder),), base="2021")

    def built() -> tuple[int, int]:
        before = dict(cache.STATS)
        zfxxgk.Parser(extensions=[ext]).built("x")
        return cache.STATS["built"] - before["built"], cache.STATS["loaded"] - before["loaded"]

    assert built() == (1, 0)
    assert built() == (0, 1)
    (folder / "extra.lark").write_text('X_ROW: "转送其他机关"\n', encoding="utf-8")
    assert built() == (1, 0)
    assert built() == (0, 1)


def test_the_stored_viable_rows_are_each_states_and_the_driver_starts_from_them(tmp_path, monkeypatch):
    from zfxxgk.parser.driver import Viable
    from zfxxgk.parser.runtime import viable_row

    monkeypatch.setenv("ZFXXGK_CACHE_DIR", str(tmp_path))
    for _ in range(2):  # built, then loaded
        built = zfxxgk.Parser().built("2021")
        terminals, rows = built.tables.rows
        assert terminals == frozenset(built.lexer.matchers) | {"$END"}
        assert rows == {state: viable_row(row, terminals) for state, row in built.tables.states.items()}
        assert Viable(built.tables, built.lexer.matchers)._rows == rows
    assert cache.STATS["loaded"] >= 1


def test_the_cache_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("ZFXXGK_CACHE_DIR", "")
    assert cache.cache_dir() is None
    before = dict(cache.STATS)
    zfxxgk.Parser().built("legacy")
    assert cache.STATS["built"] == before["built"] + 1


@pytest.mark.parametrize("env, expected", [
    ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/zfxxgk")),
    ({"XDG_CACHE_HOME": "relative"}, Path(os.path.expanduser("~")) / ".cache" / "zfxxgk"),  # XDG wants absolute
    ({}, Path(os.path.expanduser("~")) / ".cache" / "zfxxgk"),
])
def test_cache_directory(monkeypatch, env, expected):
    if os.name == "nt":
        pytest.skip("POSIX paths")
    monkeypatch.delenv("ZFXXGK_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert Path(cache.cache_dir()) == expected
