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
from zfxxgk.templates import BUILTIN
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


# ---- Article 20 rows and columns (SpecExtension(items=…)) -------------------------------------------

from zfxxgk.extensions import CONFIRMATION_2021  # noqa: E402
from zfxxgk.spec import Column, ItemExtension  # noqa: E402

sys.path.insert(0, str(HERE))
from make_extension_fixtures import ON_THE_SPOT, ON_THE_SPOT_SPEC, fixtures as written_fixtures  # noqa: E402

#: A test-only extension: 第二十条第（五）项 with a second column (written by make_extension_fixtures.py).
ON_THE_SPOT_2021 = zfxxgk.Template(
    "2021-on-the-spot",
    "%import report_2021 (start, item_5_header, CELL)\n%extend item_5_header: ON_THE_SPOT CELL*\n"
    'ON_THE_SPOT: "其中：当场办结数量"\n',
    spec=ON_THE_SPOT_SPEC, base="2021")


def test_fixtures_are_what_the_script_writes():
    for name, text in written_fixtures().items():
        assert (FIXTURES / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("name", ["confirmation_2021_rows.txt", "confirmation_2021_cells.txt"])
def test_article20_row(name, snapshot):
    p = zfxxgk.Parser(extensions=[CONFIRMATION_2021, PROVINCIAL_2021])
    r = p.parse((FIXTURES / name).read_bytes())
    assert r.meta.template == "2021-confirmation"
    item_6 = r.active_disclosure["item_6"]
    assert list(item_6) == ["penalty", "coercion", "confirmation"]
    assert [item_6[k]["decisions"].value for k in item_6] == [1, 0, 3]  # seed 001's 1 and 0, the row's 3
    label = line_of(name, "行政确认")  # rows: 「行政确认 | 3」; cells: the label, a blank line, 「3」
    assert item_6["confirmation"]["decisions"].line == (label if "rows" in name else label + 2)
    assert codes(r) == []
    spec = p.template("2021-confirmation").spec
    assert [row.key for row in spec.item_for("ITEM_6").rows] == ["penalty", "coercion", "confirmation"]
    assert r.spec is spec
    assert_round_trip(r)
    assert r == snapshot
    # without the extension the row is not in the template: its value is reported, not placed
    plain = zfxxgk.parse((FIXTURES / name).read_bytes())
    assert plain.meta.template == "2021" and "confirmation" not in plain.active_disclosure["item_6"]
    unplaced = [c for d in plain.diagnostics if d.severity == "error" for c in d.cells]
    assert ("3", item_6["confirmation"]["decisions"].line) in [(c.raw, c.line) for c in unplaced]
    assert all(cell.value != 3 for *_, cell in plain.cells() if cell.line == item_6["confirmation"]["decisions"].line)


def test_article20_row_detection_needs_the_label_in_its_block():
    p = zfxxgk.Parser(extensions=[CONFIRMATION_2021])
    text = (ROOT / "examples" / "seed_001_dingzhou_zhuanlu_2023_traditional.txt").read_text(encoding="utf-8")
    assert p.parse(text).meta.template == "2021"
    # 行政确认 in prose does not make a report of the variant
    assert p.parse(text.replace("一、總體情況", "一、總體情況\n本年度辦理行政確認事項3件。", 1)).meta.template == "2021"


def test_article20_column():
    p = zfxxgk.Parser(extensions=[ON_THE_SPOT_2021])
    name = "on_the_spot_2021_rows.txt"
    r = p.parse((FIXTURES / name).read_bytes(), template="2021-on-the-spot")
    line = line_of(name, "行政许可 |")
    assert r.active_disclosure["item_5"] == {"licensing": {"decisions": zfxxgk.Cell(752, "752", None, line),
                                                           "on_the_spot": zfxxgk.Cell(600, "600", None, line)}}
    assert codes(r) == []
    assert [c.key for c in r.spec.item_for("ITEM_5").columns] == ["decisions", "on_the_spot"]
    # a report printing the block without the column: its one value is not shifted into either column
    seed = ROOT / "examples" / "seed_001_dingzhou_zhuanlu_2023_traditional.txt"
    short = p.parse(seed.read_bytes(), template="2021-on-the-spot")
    assert "licensing" not in short.active_disclosure["item_5"]
    err = next(d for d in short.diagnostics if d.code == "cell-count")
    assert err.severity == "error" and [c.raw for c in err.cells] == ["752"]
    assert "missing-header" in codes(short, "warning")


def test_item_extension_errors():
    base = zfxxgk.templates.TEMPLATE_2021.spec
    with pytest.raises(ValueError, match="no Article 20 table 'item_9'.*item_1, item_5, item_6, item_8"):
        SpecExtension(items=(ItemExtension("item_9", rows=(Row("x", "x", "X"),)),)).apply(base)
    with pytest.raises(ValueError, match="item_6: row.*penalty"):
        SpecExtension(items=(ItemExtension("item_6", rows=(Row("penalty", "罚", "FINE"),)),)).apply(base)
    with pytest.raises(ValueError, match="item_5: column.*DECISIONS_THIS_YEAR"):
        SpecExtension(items=(ItemExtension("item_5", columns=(Column("x", "x", "DECISIONS_THIS_YEAR"),)),)).apply(base)
    bad = zfxxgk.Template("x", ON_THE_SPOT_2021.grammar, spec=SpecExtension(items=(ItemExtension("item_9"),)), base="2021")
    with pytest.raises(zfxxgk.ReportError, match="template 'x': the base template has no Article 20 table"):
        zfxxgk.Parser(extensions=[bad]).freeze()
    assert ON_THE_SPOT in ON_THE_SPOT_SPEC.apply(base).item_for("ITEM_5").columns


# ---- extensions by reference, the spec on the report ---------------------------------------------------

def test_references():
    p = zfxxgk.Parser(extensions=["zfxxgk.extensions:PROVINCIAL_2021", CONFIRMATION_2021])
    assert p.templates[:2] == ("2021-confirmation", "2021-provincial")
    assert p.extensions == ("zfxxgk.extensions:PROVINCIAL_2021", CONFIRMATION_2021)
    assert zfxxgk.Parser().extensions == ()
    cases = {
        "nowhere_at_all:X": "no module named 'nowhere_at_all'",
        "zfxxgk.extensions:NOPE": "has no attribute 'NOPE'; its templates: CONFIRMATION_2021, LEGACY_STATISTICS",
        "zfxxgk.spec:SPEC_2021": "is a TemplateSpec, not a zfxxgk.Template",
        "zfxxgk.extensions": "module:NAME",
        "a:b:c": "module:NAME",
    }
    for ref, message in cases.items():
        with pytest.raises(zfxxgk.ReportError, match=re.escape(message)):
            zfxxgk.Parser(extensions=[ref])
    assert zfxxgk.Parser(extensions=["zfxxgk.extensions.provincial:CONFIRMATION_2021"]).templates[0] == "2021-confirmation"


def test_spec_travels_with_the_report_not_in_json(parser):
    r = parse_fixture(parser, "provincial_2021_rows.txt")
    assert r.spec is parser.template("2021-provincial").spec
    assert "other_handling.transferred" in [x.key for x in r.spec.applications.rows]
    data = zfxxgk.to_dict(r)
    assert "spec" not in data and "spec" not in json.dumps(data)
    back = zfxxgk.from_dict(data)
    assert back == r and back.spec is None  # equality ignores it; JSON does not carry it
    assert "spec=" not in repr(r)
    # a plain report's JSON is what it was: the field list is the model's, less the spec
    seed = zfxxgk.parse_file(SEEDS[0])
    assert list(zfxxgk.to_dict(seed)) == ["meta", "preamble", "sections", "active_disclosure", "applications",
                                          "review_litigation", "signature", "diagnostics", "checks"]
    assert seed.spec is zfxxgk.templates.TEMPLATE_2019.spec or seed.spec is zfxxgk.templates.TEMPLATE_2021.spec


def test_labels_of_an_extension_row_in_show_export_and_diff(parser, tmp_path):
    from zfxxgk.diff import diff
    from zfxxgk.export import rows
    from zfxxgk.show import render

    p = zfxxgk.Parser(extensions=[PROVINCIAL_2021, CONFIRMATION_2021])
    r = p.parse((FIXTURES / "provincial_2021_rows.txt").read_bytes())
    c = p.parse((FIXTURES / "confirmation_2021_rows.txt").read_bytes())
    shown = render(r, width=160)
    row_line = next(line for line in shown.splitlines() if "4.转送其他机关办理" in line)
    assert [x.strip() for x in row_line.split("│")[2:9]] == ["1", "1", "0", "0", "0", "0", "2"]
    assert "other_handling.transferred" not in shown  # labelled, not a bare key
    shown = render(c, width=160)
    assert any("行政确认" in line and line.rstrip().rstrip("│").strip().endswith("3") for line in shown.splitlines())
    assert "row not placed" not in shown
    cells = {(x[4], x[5], x[7], x[9]): x for x in rows("a", r)["cells"] + rows("b", c)["cells"]}
    t = cells["applications", None, "other_handling.transferred", "total"]
    assert (t[8], t[10], t[11]) == ("4.转送其他机关办理", "总计", 2)
    k = cells["active_disclosure", "item_6", "confirmation", "decisions"]
    assert (k[6], k[8], k[10], k[11]) == ("第二十条第（六）项", "行政确认", "本年处理决定数量", 3)
    # diff: a changed value of the extension row, named by its label (files parsed with the parser)
    changed = tmp_path / "changed.txt"
    changed.write_text((FIXTURES / "provincial_2021_rows.txt").read_text(encoding="utf-8")
                       .replace("4.转送其他机关办理 | 1 | 1 |", "4.转送其他机关办理 | 1 | 2 |"), encoding="utf-8")
    found = [str(x) for x in diff(FIXTURES / "provincial_2021_rows.txt", changed, parser=p) if x.what == "cell"]
    assert found == ["~ applications.other_handling.transferred.commercial (4.转送其他机关办理 · 商业企业): 1 → 2"]


# ---- the command line: --extension module:NAME ----------------------------------------------------------

PROVINCIAL_REF = "zfxxgk.extensions:PROVINCIAL_2021"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_parse_with_extensions(jobs, tmp_path, capsys):
    from zfxxgk.cli import main

    out = tmp_path / "out.jsonl"
    inputs = [FIXTURES / "provincial_2021_rows.txt", FIXTURES / "confirmation_2021_rows.txt", SEEDS[0]]
    args = ["parse", *map(str, inputs), "-o", str(out), "-q", "--jobs", jobs]
    assert main([*args, "--extension", PROVINCIAL_REF, "--extension", "zfxxgk.extensions:CONFIRMATION_2021"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["template"] for r in records] == ["2021-provincial", "2021-confirmation",
                                                        zfxxgk.parse_file(SEEDS[0]).meta.template]
    assert records[2] == {"source": str(SEEDS[0]), **json.loads(zfxxgk.dumps(zfxxgk.parse_file(SEEDS[0])))}
    line = line_of("provincial_2021_rows.txt", "4.转送其他机关办理")
    assert records[0]["applications"]["other_handling.transferred"]["total"] == {"value": 2, "raw": "2", "unit": None,
                                                                                 "line": line}
    assert records[1]["active_disclosure"]["item_6"]["confirmation"]["decisions"]["value"] == 3
    assert all(d["severity"] != "error" for r in records for d in r["diagnostics"])
    assert "spec" not in records[0]
    # the same files without the extensions: the rows' values are errors, not placed
    assert main([*args, "-o", str(tmp_path / "plain.jsonl")]) == 0
    plain = [json.loads(x) for x in (tmp_path / "plain.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["template"] for r in plain][:2] == ["2021", "2021"]
    assert any(d["severity"] == "error" and d["line"] == line for d in plain[0]["diagnostics"])


@pytest.mark.parametrize("command", ["parse", "export", "check", "show", "diff", "schema"])
def test_cli_extension_errors(command, tmp_path, capsys, monkeypatch):
    from zfxxgk.cli import main

    (tmp_path / "broken_ext.py").write_text(
        "import zfxxgk\nBROKEN = zfxxgk.Template('b', '%import report_2021 (start, _application_label)\\n"
        "%extend _application_label: UNDEFINED\\n', base='2021')\nNOT_ONE = 3\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    inputs = {"diff": [str(FIXTURES / "provincial_2021_rows.txt")] * 2, "schema": [],
              "export": [str(FIXTURES / "provincial_2021_rows.txt"), "--to", "csv", str(tmp_path / "x.csv")]}
    files = inputs.get(command, [str(FIXTURES / "provincial_2021_rows.txt")])
    cases = {
        "no_such_module_here:X": "no module named 'no_such_module_here'",
        "zfxxgk.extensions:NOPE": "has no attribute 'NOPE'",
        "broken_ext:NOT_ONE": "'broken_ext:NOT_ONE' is a int, not a zfxxgk.Template",
        "broken_ext:BROKEN": "template 'b': its grammar does not build",
        "PROVINCIAL_2021": "module:NAME",
    }
    for ref, message in cases.items():
        with pytest.raises(SystemExit) as exc:  # as `zfxxgk … ` with no input does (exit 1)
            main([command, *files, "--extension", ref])
        assert exc.value.code == 2, ref
        err = capsys.readouterr().err
        assert err.startswith(f"zfxxgk {command}: ") and message in err and "Traceback" not in err, err
    assert not (tmp_path / "x.csv").exists()


def test_cli_export_check_show_diff_schema_with_an_extension(tmp_path, capsys):
    import csv

    from zfxxgk.cli import main

    confirmation = "zfxxgk.extensions:CONFIRMATION_2021"
    files = [str(FIXTURES / "provincial_2021_rows.txt"), str(FIXTURES / "confirmation_2021_rows.txt")]
    out = tmp_path / "cells.csv"
    ext = ["--extension", PROVINCIAL_REF, "--extension", confirmation]
    assert main(["export", *files, "--to", "csv", str(out), "--jobs", "2", "-q", *ext]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        cells = {(r["table_key"], r["item"], r["row_key"], r["column_key"]): r for r in csv.DictReader(fh)}
    t = cells["applications", "", "other_handling.transferred", "total"]
    assert (t["row_label"], t["column_label"], t["value"], t["template"]) == ("4.转送其他机关办理", "总计", "2", "2021-provincial")
    k = cells["active_disclosure", "item_6", "confirmation", "decisions"]
    assert (k["item_label"], k["row_label"], k["value"]) == ("第二十条第（六）项", "行政确认", "3")
    capsys.readouterr()

    assert main(["check", *files, "--jobs", "2", *ext]) == 0
    verdicts = capsys.readouterr().out
    assert verdicts.count(": PASS") == 2 and "template 2021-confirmation" in verdicts

    assert main(["show", files[1], "--width", "160", "--no-color", *ext]) == 0
    shown = capsys.readouterr().out
    assert "template 2021-confirmation" in shown and any("行政确认" in x and "3" in x for x in shown.splitlines())

    changed = tmp_path / "changed.txt"
    changed.write_text(Path(files[1]).read_text(encoding="utf-8").replace("行政确认 | 3", "行政确认 | 4"), encoding="utf-8")
    assert main(["diff", files[1], str(changed), *ext]) == 1
    assert "~ item_6.confirmation.decisions (第二十条第（六）项 · 行政确认 · 本年处理决定数量): 3 → 4" in capsys.readouterr().out

    assert main(["schema", "--extension", "zfxxgk.extensions:LEGACY_STATISTICS"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema = pytest.importorskip("jsonschema")
    from zfxxgk.commands.parse import record
    from zfxxgk.batch import Outcome

    stats = zfxxgk.Parser(extensions=[LEGACY_STATISTICS]).parse_file(FIXTURES / "legacy_statistics_2016_rows.txt")
    rec = json.loads(json.dumps(record(Outcome("s.txt", stats)), default=str))
    jsonschema.validate(rec, schema)
    assert main(["schema"]) == 0
    with pytest.raises(jsonschema.ValidationError):  # the built-in schema has no `statistics`
        jsonschema.validate(rec, json.loads(capsys.readouterr().out))


# ---- parse_many(parser=…) on a process pool ----------------------------------------------------------------

def _where(outcome):
    """Runs in the worker: the process, and the parsers it keeps (one per recipe)."""
    import os

    from zfxxgk import api

    return os.getpid(), tuple(id(p) for p in api._REBUILT.values()), outcome.report.meta.template, \
        outcome.report.spec is not None


def test_parse_many_with_a_parser_on_a_process_pool(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    from zfxxgk.batch import run

    parser = zfxxgk.Parser(extensions=[PROVINCIAL_REF, CONFIRMATION_2021])  # a reference, and a Template by value
    paths = []
    for i in range(4):  # 8 files (parse_many takes each file once)
        for name in ("provincial_2021_rows.txt", "confirmation_2021_rows.txt"):
            paths.append(str(tmp_path / f"{i}_{name}"))
            Path(paths[-1]).write_bytes((FIXTURES / name).read_bytes())
    with ProcessPoolExecutor(2) as pool:
        outs = list(zfxxgk.parse_many(paths, executor=pool, parser=parser, chunksize=1))
        seen = list(run(paths, executor=pool, parser=parser, then=_where, chunksize=1))
    assert [o.report.meta.template for o in outs] == ["2021-provincial", "2021-confirmation"] * 4
    assert outs[0].report.applications["other_handling.transferred"]["total"].value == 2
    assert outs[1].report.active_disclosure["item_6"]["confirmation"]["decisions"].value == 3
    assert outs[0].report.spec == parser.template("2021-provincial").spec  # it came back with the report
    # one parser per worker process, built once and kept for every chunk it received (8 chunks here)
    per_process: dict = {}
    for pid, kept, template, has_spec in seen:
        assert len(kept) == 1 and has_spec
        per_process.setdefault(pid, set()).add(kept)
    assert all(len(ids) == 1 for ids in per_process.values())
    # in this process, the same results
    assert [o.report for o in zfxxgk.parse_many(paths[:2], parser=parser)] == [o.report for o in outs[:2]]


def test_parse_many_refuses_a_parser_that_cannot_travel():
    from concurrent.futures import ProcessPoolExecutor

    local = zfxxgk.Template("2021-local", PROVINCIAL_2021.grammar, spec=PROVINCIAL_2021.spec,
                            detect=lambda key: 0.0, package="zfxxgk.extensions", base="2021")
    parser = zfxxgk.Parser(extensions=[local])
    with ProcessPoolExecutor(1) as pool:
        with pytest.raises(zfxxgk.ReportError, match=r"\(2021-local\) cannot be sent.*by reference.*my_module:MY_TEMPLATE"):
            next(iter(zfxxgk.parse_many([str(FIXTURES / "provincial_2021_rows.txt")], executor=pool, parser=parser)))
    # in this process it needs no pickling
    (out,) = zfxxgk.parse_many([str(FIXTURES / "provincial_2021_rows.txt")], parser=parser, template="2021-local")
    assert out.report.applications["other_handling.transferred"]["total"].value == 2
