"""The wheel ships the grammars (package data) and the py.typed marker."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_grammars_and_py_typed(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("zfxxgk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    grammars = {p.name for p in (ROOT / "zfxxgk" / "grammar").glob("*.lark")}
    assert {"common.lark", "national.lark", "report_2019.lark", "report_2021.lark", "legacy.lark"} <= grammars
    for g in grammars:
        assert f"zfxxgk/grammar/{g}" in names
    assert "zfxxgk/py.typed" in names
    assert not any(n.startswith(("tests/", "snapshots/")) for n in names)


def test_sdist_has_benchmarks_and_license(tmp_path):
    import tarfile

    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
                   check=True, capture_output=True, cwd=ROOT)
    (sdist,) = tmp_path.glob("zfxxgk-*.tar.gz")
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    assert "benchmarks/bench.py" in names and "LICENSE" in names and "README.md" in names
    assert "tests/crossyear_fixtures.py" in names and "tests/fixtures_crossyear/ziyang_2020.txt" in names
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
