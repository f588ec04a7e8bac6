"""The methods attrs writes for zfxxgk's classes, compiled once per machine (zfxxgk/patterns.py,
``attrs_methods``): a fresh process with a warm cache compiles none, what it reads back is exactly
what ``compile`` makes — also for ``__hash__``, whose constant differs from process to process —
and attrs' module is left as it was."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, sys
import attrs
import zfxxgk
from zfxxgk import patterns

def shape(code):  # everything of a code object (marshal's bytes also record which objects were shared)
    return [code.co_code.hex(), code.co_linetable.hex(), code.co_exceptiontable.hex(), code.co_names,
            code.co_varnames, code.co_freevars, code.co_cellvars, code.co_flags, code.co_argcount,
            code.co_posonlyargcount, code.co_kwonlyargcount, code.co_firstlineno, code.co_filename, code.co_name,
            code.co_qualname, code.co_stacksize, code.co_nlocals,
            [shape(c) if hasattr(c, "co_code") else [type(c).__name__, repr(c)] for c in code.co_consts]]


methods = {}
for name, module in sorted(sys.modules.items()):
    if name.startswith("zfxxgk"):
        for cls in vars(module).values():
            if isinstance(cls, type) and cls.__module__ == name and attrs.has(cls):
                for m in ("__init__", "__eq__", "__hash__"):
                    code = getattr(getattr(cls, m, None), "__code__", None)
                    if code is not None and code.co_filename.startswith("<attrs generated"):
                        methods[f"{cls.__qualname__}.{m}"] = shape(code)
print(json.dumps({"stats": patterns.CODE_STATS, "methods": methods,
                  "left_alone": "compile" not in vars(sys.modules["attr._make"])}))
"""


def child(cache_dir, seed: int) -> dict:
    env = {**os.environ, "ZFXXGK_CACHE_DIR": str(cache_dir), "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=300,
                          check=True)
    return json.loads(done.stdout)


def test_a_warm_process_compiles_none_and_gets_the_same_code(tmp_path):
    cold = child(tmp_path, 1)
    assert cold["stats"]["loaded"] == 0 and cold["stats"]["compiled"] >= 25
    assert cold["left_alone"]
    warm = child(tmp_path, 1)
    assert warm["stats"] == {"loaded": cold["stats"]["compiled"], "compiled": 0}
    assert warm["methods"] == cold["methods"] and len(warm["methods"]) >= 60
    assert warm["left_alone"]


def test_hash_constants_of_another_process_are_put_back_exactly(tmp_path):
    for seed in range(2, 8):  # the widths of the constants these processes meet are stored
        child(tmp_path, seed)
    seed = 8
    cached, plain = child(tmp_path, seed), child("", seed)
    assert cached["stats"]["loaded"] >= 20  # most read back, their constants not those of any process before
    assert plain["stats"] == {"loaded": 0, "compiled": 0}  # the cache switched off: attrs compiles as always
    assert cached["methods"] == plain["methods"]
    assert any(k.endswith("__hash__") for k in cached["methods"])


def test_a_damaged_file_falls_back_to_compiling(tmp_path):
    child(tmp_path, 1)
    path = tmp_path / "attrs.marshal"
    path.write_bytes(path.read_bytes()[:300])
    again = child(tmp_path, 1)
    assert again["stats"]["loaded"] == 0 and again["methods"] == child("", 1)["methods"]
