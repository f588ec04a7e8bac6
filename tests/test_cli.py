"""The command line: parse as a batch (dirs, globs, --jobs, -o, progress, summary), show, schema, export."""

from __future__ import annotations

import json
import re
import os
import pty
import subprocess
import sys

import pytest

import zfxxgk
from zfxxgk.cli import main

from batchcorpus import BAD_REASON, make_corpus
from conftest import EXAMPLES, fixture_files


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    return root, make_corpus(root, max(2, 300 // len(fixture_files())))


def records(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_batch_parse_jobs_2_with_progress_bad_file_skipped(corpus, tmp_path, capsys):
    root, counts = corpus
    out = tmp_path / "out.jsonl"
    status = main(["parse", str(root), "--jobs", "2", "-o", str(out), "--progress"])
    err = capsys.readouterr().err
    assert status == 1                                         # a file failed; the run went on
    recs = records(out)
    assert len(recs) == counts["files"]
    bad = [r for r in recs if "error" in r]
    assert [r["source"] for r in bad] == [counts["bad"]] and BAD_REASON in bad[0]["error"]
    assert f"error {counts['bad']}" in " ".join(err.split())   # said as it happened
    assert "parsing" in err and f"{counts['files']}/{counts['files']}" in err   # the bar, at 100 %
    assert f"{counts['files']} files: {counts['good']} parsed" in err and "1 failed" in err
    # records equal the library's, in input order
    sample = [r for r in recs if "error" not in r][::37]
    for r in sample:
        assert zfxxgk.from_dict({k: v for k, v in r.items() if k != "source"}) == zfxxgk.parse_file(r["source"])


def test_parse_one_file_is_pretty_json(capsys):
    path = sorted(EXAMPLES.glob("*.txt"))[0]
    assert main(["parse", str(path)]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["source"] == str(path) and out.startswith('{\n  "source"') and err == ""


def test_parse_glob_to_stdout_jsonl(capsys):
    assert main(["parse", str(EXAMPLES / "seed_*.txt"), "--format", "jsonl"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 5 and all(json.loads(x)["meta"] for x in lines)
    assert "5 files: 5 parsed" in err


def _run(args, *, tty: bool, cwd):
    """Run the real ``zfxxgk`` with stderr on a terminal (a pty) or a pipe; returns (rc, stderr)."""
    cmd = [sys.executable, "-m", "zfxxgk.cli", *args]
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    if not tty:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd, timeout=120)
        return p.returncode, p.stderr.decode()
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return p.wait(timeout=120), b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_quiet_when_piped(tmp_path):
    args = ["parse", str(EXAMPLES), "-j", "2", "-o", str(tmp_path / "o.jsonl")]
    rc, err = _run(args, tty=True, cwd=tmp_path)
    assert rc == 0 and "━" in err and "5/5" in err and "5 files: 5 parsed" in err
    rc, err = _run(args, tty=False, cwd=tmp_path)
    assert rc == 0 and "━" not in err and "\x1b" not in err
    assert err.strip().startswith("5 files: 5 parsed")


def test_show_every_seed(capsys):
    for path in sorted(EXAMPLES.glob("*.txt")):
        assert main(["show", str(path), "--width", "120", "--no-color"]) == 0
        out = capsys.readouterr().out
        report = zfxxgk.parse_file(path)
        assert (report.meta.title or "(no title)") in out
        assert "diagnostics" in out or "no diagnostics" in out


def test_schema_command(capsys, tmp_path):
    # found: `zfxxgk schema` rejected what `zfxxgk parse` prints ('source' was unexpected)
    import jsonschema

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "ErrorRecord" in schema["$defs"]
    out = tmp_path / "out.jsonl"
    assert main(["parse", str(EXAMPLES), "-o", str(out), "-q"]) == 0
    for line in out.read_text(encoding="utf-8").splitlines():
        jsonschema.validate(json.loads(line), schema)
    assert main(["schema", "--record"]) == 0
    assert json.loads(capsys.readouterr().out) == schema
    assert main(["schema", "--report"]) == 0
    report_schema = json.loads(capsys.readouterr().out)
    assert report_schema["$ref"] == "#/$defs/Report" and "Cell" in report_schema["$defs"]


@pytest.mark.parametrize("command", ["parse", "export", "check", "show", "diff", "schema"])
def test_help_is_plain_text(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = capsys.readouterr().out
    assert "``" not in out and ":func:" not in out and "usage: zfxxgk " + command in out


def test_summary_singular(capsys, tmp_path):
    assert main(["parse", str(EXAMPLES / "seed_002*.txt"), "--progress", "-o", str(tmp_path / "o.json")]) == 0
    err = capsys.readouterr().err
    assert "1 file: 1 parsed" in err
    assert not re.search(r"(?<!\d)1 files\b", err) and not re.search(r"(?<!\d)0 files/s", err)  # not "51 files/s"


def test_output_to_a_fifo_is_written_not_replaced(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()))
    reader.start()
    assert main(["parse", str(EXAMPLES / "seed_002*.txt"), "-o", str(fifo), "--format", "jsonl", "-q"]) == 0
    reader.join(30)
    import stat

    assert stat.S_ISFIFO(os.stat(fifo).st_mode)                        # still a FIFO, not a file renamed over it
    assert json.loads(got[0])["meta"]["year"] == 2020
    assert not list(tmp_path.glob(".pipe*"))


def test_export_unknown_format(capsys, tmp_path):
    assert main(["export", str(EXAMPLES), "--to", "xlsx", str(tmp_path / "x.xlsx")]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in ("parse", "export", "show", "schema"):
        assert name in out


def test_unwritable_output(capsys, tmp_path):
    assert main(["parse", str(EXAMPLES), "-o", str(tmp_path / "no" / "such" / "dir.jsonl")]) == 2
    assert main(["export", str(EXAMPLES), "--to", "sqlite", str(tmp_path / "no" / "x.db")]) == 2
    assert capsys.readouterr().err.count("cannot write") == 2


def test_json_format_for_several_files_is_one_array(capsys, tmp_path):
    out = tmp_path / "all.json"
    assert main(["parse", str(EXAMPLES), "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data, list) and len(data) == 5 and all("meta" in r for r in data)


def test_nothing_to_parse(capsys, tmp_path):
    for argv in (["parse", str(tmp_path)], ["export", str(tmp_path), "--to", "sqlite", str(tmp_path / "x.db")]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 1 and "no report files" in capsys.readouterr().err
