"""Extension templates: the mechanism, the shipped examples, a template from a package outside
``zfxxgk/``, the README walk-through, and the two-line ``conftest.py`` of an extension repository.

Fixtures that need an extension live in ``tests/fixtures_extensions/`` (never in ``tests/fixtures/``,
which the default parser reads).
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

import zfxxgk
from zfxxgk.extensions import LEGACY_STATISTICS, PROVINCIAL_2021, StatisticsReport
from zfxxgk.extensions.legacy_statistics import ROWS
from zfxxgk.parser.normalise import fold, match_key, simplify
from zfxxgk.parser.templates import BUILTIN
from zfxxgk.spec import Row, SpecExtension
from zfxxgk.testing import assert_round_trip

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURES = HERE / "fixtures_extensions"
SEEDS = sorted((ROOT / "examples").glob("seed_*.txt"))


@pytest.fixture(scope="module")
def parser():
    return zfxxgk.Parser(extensions=[LEGACY_STATISTICS, PROVINCIAL_2021]).freeze()


def parse_fixture(parser, name):
    return parser.parse((FIXTURES / name).read_bytes())


def line_of(name: str, text: str, nth: int = 1) -> int:
    """The number of the ``nth`` line of fixture ``name`` that contains ``text``."""
    lines = [i for i, line in enumerate((FIXTURES / name).read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return lines[nth - 1]


def codes(report, severity=None):
    return [d.code for d in report.diagnostics if severity is None or d.severity == severity]


# ---- the legacy statistics table ------------------------------------------------------------------

def test_legacy_statistics_rows(parser, snapshot):
    r = parse_fixture(parser, "legacy_statistics_2016_rows.txt")
    assert type(r) is StatisticsReport and r.meta.template == "legacy-statistics"
    assert (r.meta.organ, r.meta.year) == ("青林镇人民政府", 2016)  # 发布机构：青林镇人民政府 (line 2)
    s = r.statistics
    assert len(s) == len([row for row in ROWS if row.key]) == 61  # every keyed row of the table
    # values and units as printed
    f = "legacy_statistics_2016_rows.txt"
    assert s["active.published"] == zfxxgk.Cell(128, "128", "条", line_of(f, "| 条 | 128"))
    assert s["active.channels.website"].value == 120 and s["active.channels.website"].line == line_of(f, "2.政府网站")
    assert s["response.interpretations"] == zfxxgk.Cell(6, "6", "篇", line_of(f, "3.政策解读稿件发布数"))
    assert [s[f"applications.received.{k}"].value for k in ("in_person", "fax", "online", "letter")] == [1, 0, 1, 0]
    assert s["applications.received"].value == 2 and s["applications.completed.on_time"].value == 2
    # the same wording under 四 and 五 goes to its own group
    assert (s["review"].value, s["litigation"].value, s["litigation.upheld"].value) == (0, 1, 1)
    assert s["review.corrected"].line == line_of(f, "（二）被依法纠错数", 1)
    assert s["litigation.corrected"].line == line_of(f, "（二）被依法纠错数", 2)
    assert s["fees"] == zfxxgk.Cell(0, "0", "万元", line_of(f, "七、依申请公开信息收取的费用"))
    assert s["staffing.budget"] == zfxxgk.Cell(Decimal("0.5"), "0.5", "万元", line_of(f, "专项经费"))
    assert s["training.trainees"] == zfxxgk.Cell(35, "35", "人次", line_of(f, "接受培训人员数"))
    # the prose chapters are the legacy outline, the table a section of its own
    assert [x.number for x in r.sections] == ["一、", "二、", "三、", "四、", "五、", "六、", ""]
    assert r.sections[-1].title == "附件：青林镇2016年政府信息公开情况统计表"
    assert codes(r) == []
    assert_round_trip(r)
    assert r == snapshot


def test_legacy_statistics_cells_layout_and_deviations(parser, snapshot):
    rows = parse_fixture(parser, "legacy_statistics_2016_cells.txt")
    r = parse_fixture(parser, "legacy_statistics_2016_cells.txt")
    full = parse_fixture(parser, "legacy_statistics_2016_rows.txt")
    # one cell per line gives the same values (lines differ; they are not part of equality)
    missing = {row.key for row in ROWS if row.key and row.key.startswith("training.")}
    same = {k: v for k, v in full.statistics.items() if k not in missing and k != "staffing.budget"}
    assert {k: v for k, v in r.statistics.items() if k != "staffing.budget"} == same
    # 九、… was cut off: named, not invented
    note = next(d for d in r.diagnostics if d.code == "missing-row")
    assert note.severity == "info" and "接受培训人员数" in note.message
    # a local row the table does not have: its value is kept in an error, not placed
    err = next(d for d in r.diagnostics if d.code == "unknown-row")
    assert err.severity == "error" and "9.告知申请人不予处理数" in err.message
    f = "legacy_statistics_2016_cells.txt"
    assert [(c.value, c.line) for c in err.cells] == [(1, line_of(f, "9.告知申请人不予处理数") + 2)]
    # a label broken over two lines, blank 单位, unit printed in the value
    assert "split-cell" in codes(r)
    assert r.statistics["staffing.budget"] == zfxxgk.Cell(Decimal("0.5"), "0.5万元", "万元", line_of(f, "0.5万元"))
    assert r.signature.organ == "青林镇人民政府"
    assert rows == r
    assert_round_trip(r)
    assert r == snapshot


def test_legacy_statistics_title_without_table(parser):
    # seed 004 announces its 统计表 but the text stops there
    seed = ROOT / "examples" / "seed_004_wenshan_gumu_2018_legacy.txt"
    assert parser.parse(seed.read_bytes()).meta.template == "legacy"  # detection: the table's labels are absent
    r = parser.parse(seed.read_bytes(), template="legacy-statistics")
    assert type(r) is StatisticsReport and r.statistics == {}
    assert r.sections[-1].title == "2018年古木镇政府信息公开情况统计表" and r.sections[-1].number == "(二)"
    assert "missing-table" in codes(r, "warning")


def test_legacy_statistics_spec_matches_grammar(parser):
    lark = parser.built("legacy-statistics").lark
    literals = {}
    for t in lark.terminals:
        lexer_matcher = parser.built("legacy-statistics").lexer.matchers[t.name]
        literals.setdefault(lexer_matcher.base, set()).update(lexer_matcher.keys)
    for row in ROWS:
        assert row.terminal in literals, row
        assert match_key(simplify(fold(row.label))) in literals[row.terminal], row
    keys = [row.key for row in ROWS if row.key]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", k) for k in keys)


def test_statistics_report_from_json_text(parser):
    r = parse_fixture(parser, "legacy_statistics_2016_rows.txt")
    data = json.loads(zfxxgk.dumps(r))
    assert "statistics" in data and data["statistics"]["fees"]["unit"] == "万元"
    back = zfxxgk.from_dict(data)
    assert type(back) is StatisticsReport and back == r
    assert zfxxgk.from_dict(data, cls=StatisticsReport) == r
    with pytest.raises(zfxxgk.ReportError, match="no Report subclass"):
        zfxxgk.from_dict({**data, "nonsense": {}})


# ---- the provincial variant (one row, %extend) ------------------------------------------------------

def test_provincial_2021(parser, snapshot):
    r = parse_fixture(parser, "provincial_2021_rows.txt")
    assert r.meta.template == "2021-provincial"
    row = r.applications["other_handling.transferred"]
    assert [row[c].value for c in ("natural_person", "commercial", "total")] == [1, 1, 2]
    assert row["total"].line == line_of("provincial_2021_rows.txt", "4.转送其他机关办理")
    assert len(r.applications) == 26
    assert codes(r) == []
    assert r.checks and all(c.ok for c in r.checks)  # the extension's row counts in （七）总计
    spec = parser.template("2021-provincial").spec
    keys = [x.key for x in spec.applications.rows]
    assert keys.index("other_handling.transferred") == keys.index("total_processed") - 1
    assert_round_trip(r)
    assert r == snapshot
    # the default parser does not know the row: its values are reported, not placed
    plain = zfxxgk.parse((FIXTURES / "provincial_2021_rows.txt").read_bytes())
    assert plain.meta.template == "2021" and "other_handling.transferred" not in plain.applications
    assert any(d.severity == "error" and d.line == row["total"].line for d in plain.diagnostics)


# ---- the mechanism -------------------------------------------------------------------------------

def test_builtins_come_in_through_register(monkeypatch):
    seen = []
    original = zfxxgk.Parser.register
    monkeypatch.setattr(zfxxgk.Parser, "register", lambda self, t: (seen.append(t), original(self, t)))
    p = zfxxgk.Parser(extensions=[LEGACY_STATISTICS])
    assert set(seen) == {*BUILTIN, LEGACY_STATISTICS}
    assert p.templates == ("legacy-statistics", "2019", "2021", "legacy")
    assert all(isinstance(t, zfxxgk.Template) for t in seen)


def test_frozen_after_first_use():
    p = zfxxgk.Parser()
    p.register(PROVINCIAL_2021)
    p.parse("一、总体情况\n本年度无。\n")
    assert p.frozen
    with pytest.raises(zfxxgk.ReportError, match="before first use"):
        p.register(LEGACY_STATISTICS)
    q = zfxxgk.Parser()
    q.detect("")
    with pytest.raises(zfxxgk.ReportError, match="before first use"):
        q.register(LEGACY_STATISTICS)


def test_template_override_and_unknown():
    text = (FIXTURES / "legacy_statistics_2016_rows.txt").read_bytes()
    p = zfxxgk.Parser(extensions=[LEGACY_STATISTICS])
    assert p.parse(text).meta.template == "legacy-statistics"
    plain = p.parse(text, template="legacy")
    assert type(plain) is zfxxgk.Report and plain.meta.template == "legacy"
    assert zfxxgk.parse(text).meta.template == "legacy"  # the default parser has no extensions
    with pytest.raises(zfxxgk.ReportError, match="unknown template"):
        p.parse(text, template="1999")


def test_broken_extensions_fail_at_freeze():
    frag = "%import report_2021 (start)\n"
    cases = [
        (zfxxgk.Template("x", frag, base="nope"), "not registered"),
        (zfxxgk.Template("x", "%import report_2021 (start, _application_label)\n"
                              "%extend _application_label: NOT_DEFINED\n", base="2021"), "does not build"),
        (zfxxgk.Template("x", "%import report_2021 (start, _application_label)\n"
                              "%extend _application_label: X_ROW\nX_ROW: \"x\"\n",
                         spec=SpecExtension(applications=(Row("x", "x", "X_ROW"),)), base="legacy"),
         "no applications table"),
    ]
    for template, message in cases:
        with pytest.raises(zfxxgk.ReportError, match=message):
            zfxxgk.Parser(extensions=[template]).freeze()
    a = zfxxgk.Template("a", frag, base="b")
    b = zfxxgk.Template("b", frag, base="a")
    with pytest.raises(zfxxgk.ReportError, match="circle"):
        zfxxgk.Parser(extensions=[a, b]).freeze()
    with pytest.raises(zfxxgk.ReportError, match="CommonTransformer"):
        zfxxgk.Template("x", frag)  # a template of its own needs a transformer


def test_extensions_leave_base_templates_unchanged(parser):
    for seed in SEEDS:
        assert zfxxgk.to_dict(parser.parse(seed.read_bytes())) == zfxxgk.to_dict(zfxxgk.parse_file(seed)), seed.name


# ---- a template from a package outside zfxxgk/ (the "done when") ----------------------------

PACKAGE = {
    "__init__.py": '''
        """A 2019-format family with a hotline table (七、政务服务热线办理情况) and one more row in 三."""
        import attrs

        import zfxxgk
        from zfxxgk.model import Report, Table
        from zfxxgk.spec import Column, Row, SpecExtension, TableSpec
        from zfxxgk.transformers.national import NationalTransformer

        @attrs.frozen
        class HotlineReport(Report):
            hotline: Table = attrs.Factory(dict)

        HOTLINE = TableSpec("hotline", "七、政务服务热线办理情况", "HOTLINE_HEADING",
                            (Column("count", "件数", "HOTLINE_COUNT"),),
                            (Row("received", "受理数量", "HOTLINE_RECEIVED"),
                             Row("completed", "办结数量", "HOTLINE_COMPLETED")))

        class HotlineTransformer(NationalTransformer):
            """Methods for the fragment's new rules; put in front of the 2019 transformer."""

            report_class = HotlineReport

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.hotline_table = {}

            def tables(self):
                return {**super().tables(), "hotline": self.hotline_table}

            def hotline(self, children):
                heading, *rest = children
                block = self._block(rest)  # the national transformer's helpers
                spec = self.spec.table("hotline")
                notes = []
                self._check_headers(block, [(c.terminal, c.label) for c in spec.columns], "七")
                self._loose(block, "七", notes)
                self.hotline_table.update(self._place_rows(block, spec, "七"))
                return self._chapter_section(heading, [], notes)

            hotline_header = NationalTransformer._header
            hotline_row = NationalTransformer._row

        def detect(key):
            return 10.0 if "政务服务热线办理情况" in key else 0.0

        TEMPLATE = zfxxgk.Template(
            "2019-hotline", "hotline.lark", HotlineTransformer,
            SpecExtension(applications=(Row("transferred", "转送其他机关办理数", "TRANSFERRED"),), tables=(HOTLINE,)),
            detect, package=__name__, base="2019")
    ''',
    "grammar/hotline.lark": '''
        // 2019 format + 七、政务服务热线办理情况 (a table of its own) + a row in 三
        %import report_2019 (start, _chapter, _application_label, loose_row, CELL)

        %extend _application_label: TRANSFERRED
        TRANSFERRED: "转送其他机关办理数"

        %extend _chapter: hotline
        hotline: HOTLINE_HEADING (hotline_header | hotline_row | loose_row)*
        hotline_header: HOTLINE_ITEM | HOTLINE_COUNT
        hotline_row: (HOTLINE_RECEIVED | HOTLINE_COMPLETED) CELL*
        HOTLINE_HEADING.1: /七\\s*[、,，.．]\\s*政务服务热线.*/
        HOTLINE_ITEM: "热线事项"
        HOTLINE_COUNT: "件数"
        HOTLINE_RECEIVED: "受理数量"
        HOTLINE_COMPLETED: "办结数量"
    ''',
}


@pytest.fixture(scope="module")
def tmp_package(tmp_path_factory):
    root = tmp_path_factory.mktemp("extension_repo")
    for name, text in PACKAGE.items():
        path = root / "hotline_ext" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("hotline_ext")
    finally:
        sys.path.remove(str(root))


def test_extension_from_a_temporary_package(tmp_package, snapshot):
    assert not Path(tmp_package.__file__).resolve().is_relative_to(ROOT / "zfxxgk")
    p = zfxxgk.Parser(extensions=[tmp_package.TEMPLATE])
    text = (FIXTURES / "tmp_extension_2019_cells.txt").read_bytes()
    r = p.parse(text)
    assert type(r).__name__ == "HotlineReport" and r.meta.template == "2019-hotline"
    f = "tmp_extension_2019_cells.txt"
    assert r.hotline == {"received": {"count": zfxxgk.Cell(36, "36", None, line_of(f, "受理数量") + 2)},
                         "completed": {"count": zfxxgk.Cell(35, "35", None, line_of(f, "办结数量") + 2)}}
    assert r.applications["transferred"]["natural_person"].value == 2
    assert r.applications["transferred"]["total"].value == 2
    assert codes(r, "error") == [] and "missing-header" not in codes(r)
    assert r.sections[-1].title == "政务服务热线办理情况"
    assert_round_trip(r)
    assert r == snapshot
    # the base templates still parse unchanged, with the extension registered
    for seed in SEEDS:
        assert p.parse(seed.read_bytes()) == zfxxgk.parse_file(seed), seed.name
    # and the built-in 2019 template on the same text does not place the extension's values
    plain = p.parse(text, template="2019")
    assert type(plain) is zfxxgk.Report and "transferred" not in plain.applications
    assert "error" in {d.severity for d in plain.diagnostics}


# ---- the README walk-through -----------------------------------------------------------------------

def readme_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Adding a template", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_readme_example_runs(tmp_path, monkeypatch):
    blocks = readme_blocks()
    assert blocks, "README has no python example under 'Adding a template'"
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme_example"}
    exec(compile(blocks[0], "README.md (Adding a template)", "exec", dont_inherit=True), namespace)  # it asserts its own results


# ---- an extension repository: two lines of conftest.py ----------------------------------------------

def run_pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_extension_repository_conftest(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "my-templates"\n', encoding="utf-8")
    fixtures = tmp_path / "tests" / "fixtures"
    fixtures.mkdir(parents=True)
    for name in ("legacy_statistics_2016_rows.txt", "provincial_2021_rows.txt"):
        (fixtures / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "tests" / "conftest.py").write_text(
        "from zfxxgk.testing import report_tests; from zfxxgk.extensions import LEGACY_STATISTICS, PROVINCIAL_2021\n"
        "pytest_collect_file = report_tests(extensions=[LEGACY_STATISTICS, PROVINCIAL_2021], fixtures='fixtures')\n",
        encoding="utf-8")
    first = run_pytest(tmp_path, "tests", "--snapshot-update")
    assert first.returncode == 0 and "4 passed" in first.stdout, first.stdout + first.stderr
    snaps = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / "snapshots").rglob("*.json"))
    assert snaps == ["snapshots/test_reports/test_snapshot[legacy_statistics_2016_rows].json",
                     "snapshots/test_reports/test_snapshot[provincial_2021_rows].json"]
    data = json.loads((tmp_path / snaps[0]).read_text(encoding="utf-8"))
    assert data["statistics"]["applications.received"]["value"] == 2
    again = run_pytest(tmp_path, "tests", "-v")
    assert again.returncode == 0, again.stdout + again.stderr
    for test in ("test_snapshot[legacy_statistics_2016_rows]", "test_round_trip[provincial_2021_rows]"):
        assert f"tests/test_reports.py::{test} PASSED" in again.stdout
    # a changed figure fails its snapshot
    f = fixtures / "legacy_statistics_2016_rows.txt"
    f.write_text(f.read_text(encoding="utf-8").replace("| 条 | 128", "| 条 | 129"), encoding="utf-8")
    changed = run_pytest(tmp_path, "tests")
    assert changed.returncode == 1 and "1 failed, 3 passed" in changed.stdout, changed.stdout
