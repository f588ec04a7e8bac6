"""The code's regular expressions compiled once per machine (zfxxgk/patterns.py): a fresh process with
a warm cache compiles none of them with ``re``, every stored entry gives exactly ``re.compile``'s
pattern, and a damaged, foreign or switched-off cache falls back to ``re.compile``."""

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

from test_cache import fresh_process  # (tests/ is on the path, as for the other shared helpers)
from zfxxgk import patterns

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

CHILD = """
import json, sys
import zfxxgk
from zfxxgk import patterns

reports = [zfxxgk.to_dict(zfxxgk.parse(open(path, "rb").read())) for path in sys.argv[1:]]
print(json.dumps({"stats": patterns.STATS, "reports": reports}, ensure_ascii=False))
"""

FILES = [str(EXAMPLES / n) for n in ("seed_000_dexing_xingangshan_2020.txt", "seed_001_dingzhou_zhuanlu_2023_traditional.txt",
                                     "seed_004_wenshan_gumu_2018_legacy.txt")]


def child(cache_dir) -> dict:
    return fresh_process(cache_dir, CHILD, FILES)


def stored(cache_dir) -> dict:
    build, table = marshal.loads((Path(cache_dir) / "patterns.marshal").read_bytes())
    return table


def test_a_fresh_process_with_a_warm_cache_compiles_no_pattern(tmp_path):
    cold = child(tmp_path)
    assert cold["stats"]["loaded"] == 0 and cold["stats"]["compiled"] > 50  # the module constants at least
    table = stored(tmp_path)
    assert len(table) == cold["stats"]["compiled"]  # (each once: a pattern used twice is one object)
    warm = child(tmp_path)
    assert warm["stats"] == {"loaded": cold["stats"]["compiled"], "compiled": 0}
    assert warm["reports"] == cold["reports"]
    # the grammars' terminals and the outline's label alternations are among them, not only constants
    assert any(isinstance(pattern, str) and "本年新收政府信息公开申请数量" in pattern for pattern, _ in table)
    assert any(isinstance(pattern, bytes) for pattern, _ in table)  # the byte patterns of the decoder too


def test_every_stored_entry_is_what_re_compile_makes(tmp_path):
    child(tmp_path)
    for (pattern, flags), entry in stored(tmp_path).items():
        made, expected = patterns._engine(pattern, entry), re.compile(pattern, flags)
        assert made == expected  # same flags, same code
        assert (made.groups, made.groupindex) == (expected.groups, expected.groupindex)


def test_damaged_or_foreign_files_fall_back_to_compiling(tmp_path):
    cold = child(tmp_path)
    path = tmp_path / "patterns.marshal"
    path.write_bytes(path.read_bytes()[:300])  # cut short, as by a full disk
    again = child(tmp_path)
    assert again["stats"]["loaded"] == 0 and again["reports"] == cold["reports"]
    assert child(tmp_path)["stats"]["compiled"] == 0  # rewritten whole

    build, table = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((build[:1] + ("another Python",) + build[2:], table)))
    assert child(tmp_path)["stats"]["loaded"] == 0
    (pattern, flags), entry = next(iter(stored(tmp_path).items()))
    path.write_bytes(marshal.dumps((build, {(pattern, flags): (entry[0], [12345], *entry[2:])})))  # code _sre rejects
    assert child(tmp_path)["reports"] == cold["reports"]
    assert not list(tmp_path.glob("*.tmp"))  # no temporary files left behind

    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    unwritable = child(blocker / "cache")
    assert unwritable["stats"]["loaded"] == 0 and unwritable["reports"] == cold["reports"]


def test_switched_off_nothing_is_written(tmp_path):
    env = {**os.environ, "ZFXXGK_CACHE_DIR": "", "XDG_CACHE_HOME": str(tmp_path), "HOME": str(tmp_path),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, FILES[0]], env=env, capture_output=True, text=True,
                          timeout=300, check=True)
    assert json.loads(done.stdout)["stats"]["loaded"] == 0
    assert not list(tmp_path.iterdir())
