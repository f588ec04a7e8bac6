"""``import zfxxgk`` and a grammar's table load pause the cyclic GC (zfxxgk/__init__.py,
zfxxgk/patterns.py ``gc_paused``) and leave it as they found it — on or off, also when they fail; the
import moves every tracked object — its own and the program's young ones — to the oldest generation
(``patterns.settle``: ``gc.freeze`` + ``gc.unfreeze``), leaves nothing frozen, and thaws nothing the
program froze itself."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zfxxgk import patterns

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import gc, json, sys

class Broken:  # makes one of the package's modules fail to import
    def find_spec(self, name, path=None, target=None):
        if name == sys.argv[2]:
            raise ImportError("broken on purpose")

if sys.argv[1] == "off":
    gc.disable()
keep = [[] for _ in range(100)]
if sys.argv[1] == "frozen":  # a program that froze its objects (e.g. before forking workers)
    gc.freeze()
sys.meta_path.insert(0, Broken())
try:
    import zfxxgk
    raised = False
except ImportError:
    raised = True
young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
tracked = {id(o) for o in gc.get_objects()}  # (the frozen ones are in no generation)
frozen = all(id(k) not in tracked for k in keep)
print(json.dumps({"gc": gc.isenabled(), "raised": raised, "frozen_kept": frozen == (sys.argv[1] == "frozen"),
                  "frozen_count": gc.get_freeze_count(), "young": young}))
"""


@pytest.mark.parametrize("state", ["on", "off", "frozen"])
@pytest.mark.parametrize("broken", ["none", "zfxxgk.templates"])
def test_the_import_leaves_the_gc_as_it_found_it(tmp_path, state, broken):
    env = {**os.environ, "ZFXXGK_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD, state, broken], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    out = json.loads(done.stdout)
    young, frozen_count = out.pop("young"), out.pop("frozen_count")
    assert out == {"gc": state != "off", "raised": broken != "none", "frozen_kept": True}
    assert (frozen_count > 0) is (state == "frozen")
    if state == "on" and broken == "none":  # what the import made was settled, not left young
        assert young < 1000


def test_gc_paused_restores_the_state_also_when_the_body_raises():
    was = gc.isenabled()
    try:
        for start in (True, False):
            gc.enable() if start else gc.disable()
            with patterns.gc_paused():
                assert not gc.isenabled()
            assert gc.isenabled() is start
            with pytest.raises(ValueError), patterns.gc_paused():
                raise ValueError
            assert gc.isenabled() is start
    finally:
        gc.enable() if was else gc.disable()


def test_a_table_load_leaves_the_gc_as_it_found_it(tmp_path, monkeypatch):
    import zfxxgk
    from zfxxgk.parser import cache

    monkeypatch.setenv("ZFXXGK_CACHE_DIR", str(tmp_path))
    zfxxgk.Parser().built("legacy")  # built and stored
    was = gc.isenabled()
    try:
        for start in (True, False):
            gc.enable() if start else gc.disable()
            before = cache.STATS["loaded"]
            zfxxgk.Parser().built("legacy")
            assert cache.STATS["loaded"] == before + 1 and gc.isenabled() is start
            for entry in tmp_path.glob("legacy-*.tables"):
                entry.write_bytes(entry.read_bytes()[:200])  # damaged: the load raises inside the pause
            zfxxgk.Parser().built("legacy")
            assert gc.isenabled() is start
    finally:
        gc.enable() if was else gc.disable()
