"""Property tests (hypothesis): never crash, never misplace.

* any text or bytes → ``parse`` returns a Report or raises ReportError — nothing else (also strict);
* cutting a fixture at any line, or deleting any one line inside its tables: every value still
  reported sits under the same key, with the same value and from the same source line, as in the
  full parse (missing is fine, moved is not);
* tables with generated values, laid out one cell per line / with pipes (fillers on a line of
  their own, or spans on the cell's line) / one row per line, in either script → exactly those values;
* a simplified fixture with any set of its lines converted to traditional script → same values;
* byte damage (issue 11): one byte of a fixture's tables dropped, flipped or inserted, the file cut at
  any byte (inside a character too), up to three lines written in GB18030 or Big5 inside the UTF-8
  file → no value moves, every number is placed or named in a diagnostic, the encoding stays UTF-8;
* ``from_dict(to_dict(r)) == r`` for every report these produce and for generated model objects
  (decimals of up to 30 significant digits included).

Example counts (the ``ci`` profile, used by default; ``HYPOTHESIS_PROFILE=thorough`` multiplies
them by 10): see ``EXAMPLES_PER`` below — 3 050 generated examples in all (any text 300, any bytes
200, report-like lines 300, cut 300, delete 400, generated tables 200, script 100, model 300, PDF-extracted
shapes cut or deleted 300, one-line text cut or with a part deleted 200, and 150 for each of the three
byte-damage properties).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import zfxxgk
import zfxxgk.checks
from zfxxgk.model import Cell, Check, Diagnostic, Meta, Report, Section, Signature
from zfxxgk.parser.normalise import decode, fold, match_key, simplify
from zfxxgk.spec import SPEC_2019, SPEC_2021

from conftest import EXAMPLES, fixture_files
from relayout import render, values
from shredded import SHAPES, consistent_tables
from shredded import render as render_shredded
from shredded import to_report as shredded_report

import damaged

# "ci" draws the same examples on every run (a red CI is a finding anyone can reproduce, not a dice roll);
# "thorough" (HYPOTHESIS_PROFILE=thorough) draws new ones, ten times as many, to explore
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True,
                          derandomize=True)
settings.register_profile("thorough", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
SCALE = 10 if PROFILE == "thorough" else 1

#: examples per property in the ci profile
EXAMPLES_PER = {
    "any_text": 300,
    "any_bytes": 200,
    "report_like": 300,
    "cut": 300,
    "delete": 400,
    "layout": 200,
    "script": 100,
    "model": 300,
    "oneline": 200,
    "shredded": 300,
    "bytes": 150,
}


def n(name: str) -> int:
    return EXAMPLES_PER[name] * SCALE


SPECS = {"2019": SPEC_2019, "2021": SPEC_2021}
#: plain-text fixtures (any encoding; HTML and Markdown front ends are tested elsewhere)
TEXT_FIXTURES = [p for p in fixture_files() if p.suffix == ".txt"]
NATIONAL = [p for p in TEXT_FIXTURES if "legacy" not in p.name and "oneline" not in p.name]  # one line: test_damaged.py, and the one-line property below
#: glued_* have their own script test below (test_traditional_glued_rows)
SIMPLIFIED = [p for p in NATIONAL if "traditional" not in p.name and not p.name.startswith("glued_")]


@lru_cache(maxsize=None)
def source_lines(path) -> tuple[str, ...]:
    text, _ = decode(path.read_bytes())
    return tuple(text.split("\n"))


@lru_cache(maxsize=None)
def full_parse(path) -> Report:
    return zfxxgk.parse("\n".join(source_lines(path)))


def placed(report: Report) -> dict:
    """``(table, item, row, column) → (value, raw, unit, line)`` for every placed cell."""
    return {(t, i, r, c): (cell.value, cell.raw, cell.unit, cell.line) for t, i, r, c, cell in report.cells()}


#: a numeric token as printed in a table (TEMPLATES.md §7 values), compared after width folding
NUMERIC = re.compile(r"[-−+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?\s*(?:万元|元|批次|件|个|项|条|次|人次|家|%)?")


def _digits(raw: str) -> str:
    return re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", raw))


def unaccounted(text: str, report: Report, first: int, last: int) -> Counter:
    """Digits of numeric tokens on lines ``first..last`` (1-based, inclusive) — runs between
    spaces and pipes that are a number — not covered by a placed cell or a cell named in a
    diagnostic from the same line, as ``{(line, digit): count}``.  Compared digit by digit so a
    run printed without separators (``713000074``) and split into cells counts as covered."""
    lines = text.split("\n")
    tokens = Counter()
    for no in range(first, min(last, len(lines)) + 1):
        for run in re.split(r"[\s|｜]+", unicodedata.normalize("NFKC", lines[no - 1])):
            if run and NUMERIC.fullmatch(run):
                tokens.update((no, d) for d in _digits(run))
    seen = Counter()
    for cell in [c for *_, c in report.cells()] + [c for d in report.diagnostics for c in d.cells]:
        seen.update((cell.line, d) for d in _digits(cell.raw))
    return tokens - seen


def parse_or_error(source, **kw):
    """Parse; a ReportError is an allowed outcome, anything else fails the test."""
    try:
        report = zfxxgk.parse(source, **kw)
    except zfxxgk.ReportError as exc:
        assert exc.__cause__ is None  # no internal exception chained to ours
        assert str(exc)
        return None
    assert isinstance(report, Report)
    return report


def sound(report: Report) -> None:
    """What holds for every report: round trip, checks recomputable, unplaced cells carry a line."""
    data = zfxxgk.to_dict(report)
    assert zfxxgk.from_dict(data) == report
    assert report.checks == zfxxgk.checks.compute(report) if report.meta.template in SPECS else True
    for d in report.diagnostics:
        assert d.severity in ("error", "warning", "info")
        for c in d.cells:
            assert c.line >= 1


# ---- anything in, Report or ReportError out ------------------------------------------------------


@settings(max_examples=n("any_text"))
@given(st.text(max_size=2000), st.booleans())
def test_any_text(text, strict):
    report = parse_or_error(text, strict=strict)
    if report is not None:
        sound(report)


@settings(max_examples=n("any_bytes"))
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    report = parse_or_error(data)
    if report is not None:
        sound(report)


@lru_cache(maxsize=1)
def vocabulary() -> list[str]:
    lines = sorted({line for p in TEXT_FIXTURES for line in source_lines(p) if line.strip()})
    return lines


def report_like():
    """Lines of real reports, shuffled and mutated: reaches the table states of the grammar."""
    mutated = st.one_of(
        st.sampled_from(vocabulary()),
        st.sampled_from(vocabulary()).map(lambda s: s + " |"),
        st.lists(st.sampled_from(vocabulary()), min_size=2, max_size=8).map(" | ".join),
        st.from_regex(r"[-−]?[0-9０-９,]{1,9}(\.[0-9]{1,3})?(万元|件|批次)?", fullmatch=True),
        st.sampled_from(["|||", "||", "/", "—", "无", "", " ", "\t", "（七）总计", "三、", "(三)", "本年增/", "\x00", "\ufeff"]),
        st.text(max_size=30),
    )
    return st.lists(mutated, max_size=80).map("\n".join)


@settings(max_examples=n("report_like"))
@given(report_like(), st.sampled_from([None, "2019", "2021", "legacy"]), st.booleans())
def test_report_like_text(text, template, strict):
    report = parse_or_error(text, template=template, strict=strict)
    if report is not None:
        sound(report)


# ---- cut / delete: values may go missing, never move -------------------------------------------------


def assert_not_moved(part: Report, full: Report, line_map) -> None:
    got, want = placed(part), placed(full)
    for key, (value, raw, unit, line) in got.items():
        assert key in want, f"{key} = {raw!r} (line {line}) is not in the full parse"
        w_value, w_raw, w_unit, w_line = want[key]
        assert (value, raw, unit, line_map(line)) == (w_value, w_raw, w_unit, w_line), key


@settings(max_examples=n("cut"))
@given(st.sampled_from(NATIONAL), st.data())
def test_cut_at_any_line(path, data):
    lines = source_lines(path)
    k = data.draw(st.integers(0, len(lines)), label="keep lines")
    part = parse_or_error("\n".join(lines[:k]))
    assert part is not None
    assert_not_moved(part, full_parse(path), lambda line: line)
    start, end = table_region(path)
    assert unaccounted("\n".join(lines[:k]), part, start + 1, end) == Counter()
    sound(part)


def table_region(path) -> tuple[int, int]:
    """0-based ``[start, end)`` of the lines of chapters 二 to 四 (the tables)."""
    full = full_parse(path)
    starts = {s.number.rstrip("、.，,"): s.line for s in full.sections}
    start = starts["二"] - 1 if "二" in starts else 0
    end = starts.get("五", len(source_lines(path)) + 1) - 1
    return start, end


@settings(max_examples=n("delete"))
@given(st.sampled_from(NATIONAL), st.data())
def test_delete_any_line_in_a_table(path, data):
    lines = source_lines(path)
    start, end = table_region(path)
    i = data.draw(st.integers(start, end - 1), label="deleted line index")
    part = parse_or_error("\n".join(lines[:i] + lines[i + 1 :]))
    assert part is not None
    assert_not_moved(part, full_parse(path), lambda line: line if line <= i else line + 1)
    assert unaccounted("\n".join(lines[:i] + lines[i + 1 :]), part, start + 1, end - 1) == Counter()
    sound(part)


@pytest.mark.parametrize("path", NATIONAL, ids=lambda p: p.stem)
def test_nothing_lost(path):
    """Every numeric token of chapters 二–四 is a placed cell or named, with its line, in a diagnostic."""
    start, end = table_region(path)
    report = full_parse(path)
    text = "\n".join(source_lines(path))
    assert unaccounted(text, report, start + 1, end) == Counter()
    tokens = sum(1 for no in range(start + 1, end + 1) for run in re.split(r"[\s|｜]+", unicodedata.normalize(
        "NFKC", source_lines(path)[no - 1] if no <= len(source_lines(path)) else "")) if run and NUMERIC.fullmatch(run))
    assert tokens >= 150 or path.name.startswith("glued_")  # the tables are there: ~200 numbers per report
    assert len(placed(report)) >= 150


def test_nothing_lost_when_a_block_title_is_missing():
    """Deleting 第二十条第（一）项 used to turn the block's numbers into paragraphs of chapter 二,
    silently; they are now ``stray-value`` errors with their lines (fix in national.py)."""
    path = EXAMPLES / "seed_002_yiyang_ziyang_2020.txt"
    lines = list(source_lines(path))
    i = lines.index("第二十条第(一)项")
    del lines[i]
    text = "\n".join(lines)
    report = zfxxgk.parse(text)
    assert "item_1" not in report.active_disclosure
    (stray,) = [d for d in report.diagnostics if d.code == "stray-value"]
    assert stray.severity == "error"
    assert [c.raw for c in stray.cells] == ["0", "0", "0", "21", "21", "21"]
    assert [lines[c.line - 1] for c in stray.cells] == ["0", "0", "0", "21", "21", "21"]
    start, end = table_region(path)
    assert unaccounted(text, report, start + 1, end - 1) == Counter()


# ---- generated tables in every layout and script ---------------------------------------------------


def raw_cell(negative: bool = False, units=("件",)):
    """``(raw, value, unit)`` as a person would print it."""
    ints = st.integers(0, 10**7)
    signed = st.integers(-(10**6), 10**6) if negative else ints
    return st.one_of(
        signed.map(lambda v: (str(v), v, None)),
        ints.filter(lambda v: v >= 1000).map(lambda v: (f"{v:,}", v, None)),
        ints.flatmap(lambda v: st.sampled_from(units).map(lambda u: (f"{v}{u}", v, u))),
        st.sampled_from(["/", "—", "无", "-"]).map(lambda b: (b, None, None)),
    )


@st.composite
def tables(draw, template: str):
    spec = SPECS[template]
    active = {}
    for item in spec.active_disclosure:
        if not draw(st.booleans()):
            continue
        rows = {}
        for row in item.rows:
            if draw(st.booleans()):
                rows[row.key] = {c.key: draw(raw_cell(negative=c.key == "change", units=("件", "万元", "批次")))
                                 for c in item.columns}
        active[item.key] = rows
    apps = {}
    for row in spec.applications.rows:
        if row.key is not None and draw(st.integers(0, 4)) > 0:
            apps[row.key] = {c.key: draw(raw_cell()) for c in spec.applications.columns}
    review = {}
    if draw(st.booleans()):
        review = {g.key: {c.key: draw(raw_cell()) for c in spec.review_litigation.columns}
                  for g in spec.review_litigation.groups}
    return active, apps, review


def to_report(template, active, apps, review) -> Report:
    def cells(cols):
        return {k: Cell(v, raw, u) for k, (raw, v, u) in cols.items()}

    return Report(
        Meta("示例县2020年政府信息公开工作年度报告", None, 2020, None, template, "simplified"),
        active_disclosure={i: {r: cells(cols) for r, cols in rows.items()} for i, rows in active.items()},
        applications={r: cells(cols) for r, cols in apps.items()},
        review_litigation={g: cells(cols) for g, cols in review.items()},
    )


def expected_cells(report: Report, spec) -> dict:
    """What the parse must give: the generated values, units where printed, else the column's unit."""
    units = {(i.key, c.key): c.unit for i in spec.active_disclosure for c in i.columns}
    out = {}
    for t, i, r, c, cell in report.cells():
        unit = cell.unit if cell.unit else (units.get((i, c)) if cell.value is not None else None)
        out[(t, i, r, c)] = (cell.value, unit)
    return out


@settings(max_examples=n("layout"))
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), tables(t))),
       st.sampled_from(["cells", "pipes", "spans", "rows"]), st.booleans())
def test_generated_tables_in_any_layout(template_tables, layout, traditional):
    template, (active, apps, review) = template_tables
    spec = SPECS[template]
    source = to_report(template, active, apps, review)
    text = render(source, spec, layout, traditional=traditional)
    again = zfxxgk.parse(text, template=template)
    got = {(t, i, r, c): (cell.value, cell.unit) for t, i, r, c, cell in again.cells()}
    assert got == expected_cells(source, spec)
    if not traditional:
        assert {tuple(k): c.raw for *k, c in again.cells()} == {tuple(k): c.raw for *k, c in source.cells()}
    assert [d for d in again.diagnostics if d.severity == "error"] == []
    sound(again)


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@settings(max_examples=n("script"))
@given(st.sampled_from(SIMPLIFIED), st.data())
def test_traditional_script_gives_the_same_values(path, data):
    lines = list(source_lines(path))
    everything = data.draw(st.booleans(), label="convert every line")
    if everything:
        chosen = range(len(lines))
    else:
        chosen = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=len(lines)), label="lines converted")
    for i in chosen:
        lines[i] = _s2t().convert(lines[i])
    again = zfxxgk.parse("\n".join(lines))
    full = full_parse(path)
    assert {k: (v[0], v[2], v[3]) for k, v in placed(again).items()} == {k: (v[0], v[2], v[3]) for k, v in placed(full).items()}
    assert again.meta.template == full.meta.template
    if everything:
        assert again.meta.script == "traditional"


@pytest.mark.parametrize("path", [p for p in NATIONAL if p.name.startswith("glued_")], ids=lambda p: p.stem)
def test_traditional_glued_rows(path):
    lines = [_s2t().convert(line) for line in source_lines(path)]
    again = zfxxgk.parse("\n".join(lines))
    full = full_parse(path)
    assert {k: v[0] for k, v in placed(again).items()} == {k: v[0] for k, v in placed(full).items()}


# ---- the model round-trips --------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    # more significant digits than a float holds: written as exact text, never rounded (issue 11)
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**26), max_value=10**26),
)
texts = st.text(max_size=20)
cells_st = st.builds(Cell, st.one_of(st.none(), numbers), texts, st.one_of(st.none(), texts), st.integers(0, 10**6))
keys = st.text(min_size=1, max_size=12)


def sections(depth=2):
    kids = st.just(()) if depth == 0 else st.lists(sections(depth - 1), max_size=2).map(tuple)
    return st.builds(Section, texts, texts, st.integers(1, 4), st.integers(0, 10**5),
                     st.lists(texts, max_size=3).map(tuple), kids)


models = st.builds(
    Report,
    meta=st.builds(Meta, st.one_of(st.none(), texts), st.one_of(st.none(), texts), st.one_of(st.none(), st.integers(1900, 2100)),
                   st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1))), texts, texts,
                   st.one_of(st.none(), texts)),
    preamble=st.lists(texts, max_size=3).map(tuple),
    sections=st.lists(sections(), max_size=3).map(tuple),
    active_disclosure=st.dictionaries(keys, st.dictionaries(keys, st.dictionaries(keys, cells_st, max_size=3), max_size=3), max_size=3),
    applications=st.dictionaries(keys, st.dictionaries(keys, cells_st, max_size=4), max_size=4),
    review_litigation=st.dictionaries(keys, st.dictionaries(keys, cells_st, max_size=4), max_size=3),
    signature=st.one_of(st.none(), st.builds(Signature, st.one_of(st.none(), texts), st.one_of(st.none(), st.dates()), texts, st.integers(0, 999))),
    diagnostics=st.lists(st.builds(Diagnostic, st.sampled_from(["error", "warning", "info"]), texts, texts,
                                   st.one_of(st.none(), st.integers(0, 999)), st.lists(cells_st, max_size=3).map(tuple)),
                         max_size=3).map(tuple),
    checks=st.lists(st.builds(Check, texts, texts, st.sampled_from(["error", "warning", "info"]),
                              st.sampled_from([True, False, None]), st.one_of(st.none(), numbers),
                              st.one_of(st.none(), numbers), st.lists(texts, max_size=3).map(tuple), texts,
                              st.lists(texts, max_size=2).map(tuple), st.one_of(st.none(), st.integers(0, 999))),
                    max_size=3).map(tuple),
)


@settings(max_examples=n("model"))
@given(models)
def test_model_round_trip(report):
    import json

    data = zfxxgk.to_dict(report)
    assert zfxxgk.from_dict(data) == report
    assert zfxxgk.from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == report


# ---- one-line crawler text (issue 9, shapes 1 and 2; built by tests/damaged.py) ------------------


@lru_cache(maxsize=None)
def seed_parts(seed: str) -> tuple[str, ...]:
    return tuple(damaged.parts(damaged.seed_path(seed).read_text(encoding="utf-8")))


@lru_cache(maxsize=None)
def seed_values(seed: str) -> dict:
    return values(zfxxgk.parse_file(damaged.seed_path(seed)))


@settings(max_examples=n("oneline"))
@given(st.sampled_from(sorted(damaged.SEEDS)), st.sampled_from(sorted(damaged.SEPARATORS)), st.booleans(),
       st.booleans(), st.data())
def test_one_line_cut_or_part_deleted_never_misplaces(seed, sep, block, cut, data):
    """A seed on one line (parts joined by a space or nothing, with or without a crawler's metadata
    block), cut at any character or with any one part deleted: every value placed is the seed's
    value under the same key.  Not damage but another text, so not drawn: a cut inside a number
    (``25795`` → ``257``), and — with nothing between parts — deleting the one part between two
    numbers (``行政处罚1行政强制0`` → ``行政处罚10``, a row that says 10)."""
    parts = list(seed_parts(seed))
    joiner = damaged.SEPARATORS[sep]
    if cut:
        line = joiner.join(parts)
        at = data.draw(st.integers(0, len(line)), label="cut at")
        assume(not (0 < at < len(line) and line[at - 1].isdigit() and line[at].isdigit()))
        line = line[:at]
    else:
        i = data.draw(st.integers(0, len(parts) - 1), label="deleted part")
        assume(joiner or not (0 < i < len(parts) - 1 and parts[i - 1][-1:].isdigit() and parts[i + 1][:1].isdigit()))
        del parts[i]
        line = joiner.join(parts)
    text = (damaged.metadata_block(seed) if block else "") + line + "\n"
    want = seed_values(seed)
    got = values(zfxxgk.parse(text))
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}


# ---- PDF-extracted shapes (issue 9) with distinct numbers: cut or delete a line, never misplace --------


@settings(max_examples=n("shredded"))
@given(st.sampled_from(["2019", "2021"]).flatmap(lambda t: st.tuples(st.just(t), consistent_tables(t))),
       st.sampled_from(SHAPES), st.integers(0, 10**6), st.sampled_from(["cut", "delete"]), st.data())
def test_shredded_shapes_cut_or_deleted_never_misplace(template_tables, shape, seed, damage, data):
    """Tables whose arithmetic holds, rendered as PDF→Markdown / pdftotext / pdftotext -layout by
    ``tests/shredded.py``, cut at a line or with one line deleted: every value still placed is
    the generated value of its key (missing is fine, misplaced is not), and every number of the
    tables is placed or named in a diagnostic."""
    template, tables = template_tables
    source = shredded_report(template, *tables)
    lines = render_shredded(source, SPECS[template], shape, seed=seed).split("\n")
    first = next(i for i, line in enumerate(lines) if "二、主动公开" in line)
    last = next(i for i, line in enumerate(lines) if "五、存在" in line)
    if damage == "cut":
        k = data.draw(st.integers(first, last), label="keep lines")
        lines = lines[:k]
    else:
        i = data.draw(st.integers(first + 1, last - 1), label="deleted line index")
        lines = lines[:i] + lines[i + 1 :]
    text = "\n".join(lines)
    report = parse_or_error(text, template=template)
    assert report is not None
    want = {tuple(k): c.value for *k, c in source.cells()}
    got = {tuple(k): c.value for *k, c in report.cells()}
    assert {k: v for k, v in got.items() if want.get(k, object()) != v} == {}
    assert unaccounted(text, report, first + 2, min(last, len(lines))) == Counter()
    sound(report)


# ---- byte damage: drop, flip or insert a byte; cut the last character; a line in another encoding ----

def _utf8_fixtures():
    """The UTF-8 fixtures (GB18030 and Big5 ones meet other encodings in the mixed-encoding property)."""
    out = []
    for p in NATIONAL:
        try:
            p.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(p)
    return out


UTF8_FIXTURES = _utf8_fixtures()


@lru_cache(maxsize=None)
def full_bytes_parse(path) -> Report:
    return zfxxgk.parse(path.read_bytes())


def _line_starts(data: bytes) -> list[int]:
    return [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]


def assert_nothing_moved(part: Report, full: Report, damaged_line: int | None) -> None:
    """Every placed cell is where the full parse has it; a cell of the damaged line may hold
    another value (that is what is printed now) but only under a key the full parse fills from
    that same line — never under a neighbour's."""
    got, want = placed(part), placed(full)
    for key, (value, raw, unit, line) in got.items():
        assert key in want, f"{key} = {raw!r} (line {line}) is not in the full parse"
        if line == damaged_line:
            assert want[key][3] == damaged_line, f"{key} = {raw!r} from the damaged line {line} moved"
        else:
            assert (value, raw, unit, line) == want[key], key


def _damage_region(path) -> tuple[int, int]:
    """Byte offsets of the table chapters (二 to 四) of ``path``."""
    data = path.read_bytes()
    starts = _line_starts(data)
    start, end = table_region(path)
    return starts[start], starts[end] if end < len(starts) else len(data)


@settings(max_examples=n("bytes"))
@given(st.sampled_from(UTF8_FIXTURES), st.sampled_from(["drop", "flip", "insert"]), st.data())
def test_byte_damage_moves_nothing(path, how, data):
    """One byte dropped, flipped or inserted anywhere in the tables (never a line break, so line
    numbers stay comparable): no placed value moves, every number of the damaged text is placed
    or named in a diagnostic, the encoding stays UTF-8."""
    raw = path.read_bytes()
    lo, hi = _damage_region(path)
    pos = data.draw(st.integers(lo, hi - 1).filter(lambda i: raw[i] not in b"\r\n"), label="byte")
    byte = data.draw(st.integers(0, 255).filter(lambda b: b not in b"\r\n" and b != raw[pos]), label="new byte")
    damaged = {"drop": raw[:pos] + raw[pos + 1:], "flip": raw[:pos] + bytes([byte]) + raw[pos + 1:],
               "insert": raw[:pos] + bytes([byte]) + raw[pos:]}[how]
    line = raw.count(b"\n", 0, pos) + 1
    part = parse_or_error(damaged)
    assert part is not None
    assert part.meta.encoding in ("utf-8", "utf-8-sig")
    assert_nothing_moved(part, full_bytes_parse(path), line)
    text, _ = decode(damaged)
    start, end = table_region(path)
    lost = unaccounted(text, part, start + 1, end)
    if _row_label(text.split("\n")[line - 1]):  # 7.属于… → 7 属于…: an ordinal, not a value
        lost = Counter({k: v for k, v in lost.items() if k[0] != line})
    assert lost == Counter()
    sound(part)


@lru_cache(maxsize=1)
def _label_keys() -> frozenset[str]:
    return frozenset(match_key(simplify(fold(r.label))) for spec in SPECS.values()
                     for table in (*spec.active_disclosure, spec.applications) for r in table.rows)


def _row_label(line: str) -> bool:
    """Whether ``line`` is, punctuation and spaces aside, a row label of the templates."""
    return match_key(simplify(fold(line))) in _label_keys()


@settings(max_examples=n("bytes"))
@given(st.sampled_from(UTF8_FIXTURES), st.data())
def test_cut_anywhere_even_inside_a_character(path, data):
    """A truncated download: the file cut at any byte of its tables.  Nothing moves; a character
    cut in half is dropped with a note, never turned into replacement characters."""
    raw = path.read_bytes()
    lo, hi = _damage_region(path)
    k = data.draw(st.integers(lo, hi), label="keep bytes")
    part = parse_or_error(raw[:k])
    assert part is not None
    line = raw.count(b"\n", 0, k) + 1
    assert_nothing_moved(part, full_bytes_parse(path), line)
    assert "invalid-bytes" not in [d.code for d in part.diagnostics]
    try:
        raw[:k].decode("utf-8")
    except UnicodeDecodeError:
        assert "cut-off-character" in [d.code for d in part.diagnostics]
    text, _ = decode(raw[:k])
    start, end = table_region(path)
    assert unaccounted(text, part, start + 1, min(end, line - 1)) == Counter()


@settings(max_examples=n("bytes"))
@given(st.sampled_from(UTF8_FIXTURES), st.sampled_from(["gb18030", "big5hkscs"]), st.data())
def test_a_line_in_another_encoding_changes_nothing(path, encoding, data):
    """Any one line (any set of up to three lines) written in GB18030 or Big5 inside a UTF-8
    report: every value as in the clean parse, the encoding still UTF-8, the lines named."""
    lines = path.read_bytes().split(b"\n")
    candidates = [i for i, ln in enumerate(lines) if not ln.isascii()]
    chosen = data.draw(st.sets(st.sampled_from(candidates), min_size=1, max_size=3), label="lines")
    out = list(lines)
    for i in chosen:
        try:
            out[i] = lines[i].decode("utf-8").encode(encoding)
        except UnicodeEncodeError:  # a character the other encoding lacks: keep the line
            chosen = chosen - {i}
    part = parse_or_error(b"\n".join(out))
    assert part is not None and part.meta.encoding == "utf-8"
    full = full_bytes_parse(path)
    if encoding == "gb18030" or all(lines[i].decode("utf-8") == _t(lines[i].decode("utf-8")) for i in chosen):
        assert placed(part) == placed(full)
    else:  # Big5 has no simplified characters: such a line reads back traditional, values the same
        assert {k: v[0] for k, v in placed(part).items()} == {k: v[0] for k, v in placed(full).items()}
    mixed = [d for d in part.diagnostics if d.code == "mixed-encoding"]
    assert not chosen or (len(mixed) == 1 and mixed[0].line == min(chosen) + 1)
    assert "invalid-bytes" not in [d.code for d in part.diagnostics]


def _t(text: str) -> str:
    try:
        return text.encode("big5hkscs").decode("big5hkscs")
    except UnicodeEncodeError:
        return ""
